"""How good a citizen a compiled loop is (issue #11): measured, never asserted.

    python benchmarks/citizen.py [--runs N] [--backend llvm|interp]

Prints, for host CPython and for ``pyjit run --tier jit`` side by side:

* **SIGINT latency** -- a process spinning in a loop (compiled by then under
  pyjit) is sent SIGINT; the time from ``kill`` to the process's exit with
  KeyboardInterrupt's traceback (median and max over the runs);
* **ticker gaps** -- a thread that sleeps 2 ms in a loop while the main thread
  spins: the median and largest gap between its wake-ups (CPython hands the GIL
  over every ``sys.getswitchinterval()``, 5 ms), and the largest after the first
  second (by then both loops are compiled: earlier gaps include warm-up).

The tests (tests/test_jit_interrupts.py, tests/programs/jit_signals_threads.py)
check that the interruption happens at all; this script says how fast.
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

SPIN = textwrap.dedent("""
    def spin(n):
        total = 0
        for i in range(n):
            total += i & 3
            if i == 200000:             # long compiled by then
                print("ready", flush=True)
        return total

    spin(10 ** 15)
""")

TICKER = textwrap.dedent("""
    import threading, time

    def ticker(gaps, stop):
        last = time.perf_counter()
        while not stop:
            time.sleep(0.002)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    def spin(seconds):
        end = time.perf_counter() + seconds
        total = 0
        i = 0
        while True:
            for k in range(100000):
                total += k & 7
            i += 1
            if time.perf_counter() > end:
                return total

    gaps, stop = [], []
    t = threading.Thread(target=ticker, args=(gaps, stop))
    t.start()
    spin(2.5)
    stop.append(1)
    t.join()
    # the gaps in the first second include compiling the loops (warm-up: the
    # ticker's own loop is compiled after its 100th wake-up)
    steady, elapsed = [], 0.0
    for g in gaps:
        elapsed += g
        if elapsed > 1.0:
            steady.append(g)
    steady.sort()
    print(len(gaps), steady[len(steady) // 2], max(gaps), steady[-1])
""")


def sigint_latency(cmd, path):
    p = subprocess.Popen(cmd + [path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    try:
        assert p.stdout.readline() == "ready\n"
        time.sleep(0.05)
        t0 = time.perf_counter()
        os.kill(p.pid, signal.SIGINT)
        _, err = p.communicate(timeout=60)
        dt = time.perf_counter() - t0
    finally:
        p.kill()
    if not err.endswith("KeyboardInterrupt\n"):
        raise SystemExit(f"no KeyboardInterrupt from {cmd}: {err[-300:]}")
    return dt


def ticker_gaps(cmd, path):
    out = subprocess.run(cmd + [path], capture_output=True, text=True, timeout=120)
    if out.returncode:
        raise SystemExit(out.stderr)
    n, median, worst, steady_worst = out.stdout.split()
    return int(n), float(median), float(worst), float(steady_worst)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--backend", default="llvm", choices=("llvm", "interp"))
    args = ap.parse_args()
    impls = {
        "CPython": [sys.executable],
        f"pyjit jit ({args.backend})": [sys.executable, "-m", "pyjit", "run", "--tier", "jit",
                                        "--jit-threshold", "100",
                                        "--jit-backend", args.backend],
    }
    with tempfile.TemporaryDirectory() as d:
        spin, tick = os.path.join(d, "spin.py"), os.path.join(d, "ticker.py")
        with open(spin, "w") as f:
            f.write(SPIN)
        with open(tick, "w") as f:
            f.write(TICKER)
        print(f"{'':22} {'SIGINT latency ms':>22} {'ticker gap ms (2 ms sleep)':>40}")
        print(f"{'':22} {'median':>10} {'max':>11} {'median':>10} {'max':>9} "
              f"{'max >1s':>10} {'wake-ups':>9}")
        for name, cmd in impls.items():
            lat = [sigint_latency(cmd, spin) * 1e3 for _ in range(args.runs)]
            ticks = [ticker_gaps(cmd, tick) for _ in range(args.runs)]
            med = statistics.median(t[1] for t in ticks) * 1e3
            worst = max(t[2] for t in ticks) * 1e3
            steady = max(t[3] for t in ticks) * 1e3
            wakes = statistics.median(t[0] for t in ticks)
            print(f"{name:22} {statistics.median(lat):10.1f} {max(lat):11.1f} "
                  f"{med:10.2f} {worst:9.2f} {steady:10.2f} {wakes:9.0f}")


if __name__ == "__main__":
    main()
