"""Each call of a benchmark's ``run(n)`` timed on its own: where warm-up ends, and
whether the steady state holds (a late cliff: a decision that sends the program
back to the interpreter after many fast calls).  Measured, never asserted.

    python benchmarks/calls.py BENCH N K                 # CPython
    pyjit run [--tier T] benchmarks/calls.py BENCH N K   # one pyjit tier
    python benchmarks/calls.py --scan [--calls K] [--pyjit CMD] [NAMES...]

BENCH is a benchmark's path (``benchmarks/bm_fib.py``) or name (``fib``); N its
workload (default: its ``WORKLOAD``); K the calls.  One line per call: the
process's CPU ms (every thread: the compile thread's work too), the main
thread's CPU ms, wall ms.  ``--scan`` runs every benchmark (or NAMES) K calls in
one ``pyjit run --tier jit`` process each and prints the main thread's ms per
call, with the steady calls' spread: a jump after warm-up shows as a last
quarter much slower than the best calls.
"""

import importlib.util
import os
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def _path(bench):
    if os.sep in bench or bench.endswith(".py"):
        return os.path.abspath(bench)
    return os.path.join(HERE, f"bm_{bench}.py")


def _load(path):
    # the benchmark's own directory on the path (bm_nbody_long imports bm_nbody)
    sys.path.insert(0, os.path.dirname(path))
    spec = importlib.util.spec_from_file_location(
        os.path.splitext(os.path.basename(path))[0], path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def calls(bench, n, k):
    mod = _load(_path(bench))
    n = mod.WORKLOAD if n is None else n
    for i in range(k):
        p0, t0, w0 = time.process_time(), time.thread_time(), time.perf_counter()
        r = mod.run(n)
        p1, t1, w1 = time.process_time(), time.thread_time(), time.perf_counter()
        print(f"call {i:3d}: process {1000 * (p1 - p0):8.1f} ms  thread "
              f"{1000 * (t1 - t0):8.1f} ms  wall {1000 * (w1 - w0):8.1f} ms  {str(r)[:40]}",
              flush=True)


def scan(names, k, pyjit):
    names = names or sorted(f[3:-3] for f in os.listdir(HERE)
                            if f.startswith("bm_") and f.endswith(".py"))
    for name in names:
        p = subprocess.run([*pyjit, os.path.abspath(__file__), name, "-", str(k)],
                           capture_output=True, text=True)
        ms = [float(line.split()[6]) for line in p.stdout.splitlines()
              if line.startswith("call")]
        if p.returncode or len(ms) < k:
            print(f"{name:14s} failed (exit {p.returncode}): {p.stderr.strip()[-200:]}")
            continue
        steady = ms[k // 4:]
        best, last = min(steady), sorted(ms[-max(1, k // 4):])[len(ms[-max(1, k // 4):]) // 2]
        flag = "  <-- late calls %.1fx the best" % (last / best) if last > 2 * best else ""
        print(f"{name:14s} best {best:8.1f}  last quarter's median {last:8.1f}{flag}")
        print("               " + " ".join(f"{x:.0f}" for x in ms))


def main(argv):
    if argv and argv[0] == "--scan":
        argv = argv[1:]
        k, pyjit = 40, [sys.executable, "-m", "pyjit", "run", "--tier", "jit"]
        while argv and argv[0].startswith("--"):
            if argv[0] == "--calls":
                k, argv = int(argv[1]), argv[2:]
            elif argv[0] == "--pyjit":
                pyjit, argv = shlex.split(argv[1]), argv[2:]
            else:
                sys.exit(f"calls.py: unknown option {argv[0]}")
        return scan(argv, k, pyjit)
    if len(argv) != 3:
        sys.exit(__doc__)
    calls(argv[0], None if argv[1] == "-" else int(argv[1]), int(argv[2]))


if __name__ == "__main__":
    main(sys.argv[1:])
