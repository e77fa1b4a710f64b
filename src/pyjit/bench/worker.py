"""The benchmark worker: times calls of one benchmark's ``run(n)`` in this process.

Launched by ``pyjit bench`` (``pyjit.bench.runner``) once per process as

    <python> worker.py --bench-dir DIR --name NAME --workload N --out FILE ...
    <python> -m pyjit run --tier T worker.py --bench-dir DIR --name NAME ...

Standard library only, so that any interpreter (PyPy, another CPython) can run
it.  Under ``pyjit run`` this file runs in the VM, and the benchmark module,
imported through ``sys.path``, is claimed by pyjit's import hook and runs in
the VM too, as a user program would.

The first ``--warmups`` calls are timed separately (the warm-up a JIT needs);
under pyjit's tier jit, warm-up calls go on until one of them finds the JIT
quiet -- it recorded nothing, asked for no compile, installed no code, ran
no fast code still counting towards its optimization, and has no compile
pending at the call's end (``pyjit.jit.warmup.activity``) --
at most ``--max-warmups`` calls and ``--max-warmup-time`` seconds of this
process's CPU time (:func:`warmed_up`): the steady calls time the code the JIT
settled on, not its compiles landing one by one (a background compile lands
whenever the compile thread is done).  The cap is CPU time -- the process's,
which counts the compile thread's work -- not wall-clock time: on a loaded
machine a wall-clock cap came before the compile thread had done the work it
would do on an idle one (the warm-up measured the load, not the JIT); a wall
backstop of ``WALL_BACKSTOP`` times the cap keeps a stalled process finite.
Each call's CPU time is recorded next to its wall time (``warmups_cpu``,
``values_cpu``).
Then ``--values`` calls, or, with ``--values 0``, calls until ``--min-time``
seconds have passed (at least ``--min-values``, at most ``--max-values``
calls): the parent uses that first process to choose how many values every
later process of the same implementation takes.

It prints ``checksum: VALUE`` (what the benchmark script prints) and writes
the timings as JSON to ``--out``.  A call that returns a different checksum
from the first call is an error (exit status 3).
"""

import argparse
import importlib
import json
import os
import platform
import sys
import time


def _max_rss_bytes():
    """Peak RSS of this process.  Linux: VmHWM, which starts afresh at exec;
    ``ru_maxrss`` would also count the parent's pages at fork time."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


# A warm-up ends at the CPU-time cap; at this many times the cap in wall-clock
# seconds too (a machine so loaded that the process gets a tenth of a core).
WALL_BACKSTOP = 10.0


def warmed_up(calls: int, min_calls: int, max_calls: int, quiet: bool,
              cpu_s: float, wall_s: float, cap_s: float):
    """Why warm-up ends after ``calls`` warm-up calls, or None if it goes on:
    "quiet" (the last call found the JIT quiet), "calls" (``max_calls`` made),
    "cpu" (they took ``cap_s`` seconds of the process's CPU time, the compile
    thread's included), "wall" (``WALL_BACKSTOP`` times that in wall-clock
    time).  Never before ``min_calls`` calls (``--warmups``)."""
    if calls < min_calls:
        return None
    if quiet:
        return "quiet"
    if calls >= max_calls:
        return "calls"
    if cpu_s >= cap_s:
        return "cpu"
    if wall_s >= WALL_BACKSTOP * cap_s:
        return "wall"
    return None


def main(argv=None):
    p = argparse.ArgumentParser(prog="worker.py")
    p.add_argument("--bench-dir", required=True)
    p.add_argument("--name", required=True, help="benchmark module name (bm_*.py)")
    p.add_argument("--workload", type=int, required=True)
    p.add_argument("--warmups", type=int, default=1)
    p.add_argument("--max-warmups", type=int, default=0, help="under a JIT that tells its "
                   "activity: warm up until a call finds it quiet, up to this many calls "
                   "(0: --warmups)")
    p.add_argument("--max-warmup-time", type=float, default=5.0,
                   help="seconds of the process's CPU time (see warmed_up)")
    p.add_argument("--values", type=int, default=0, help="0: as many as --min-time gives")
    p.add_argument("--min-time", type=float, default=1.0)
    p.add_argument("--min-values", type=int, default=3)
    p.add_argument("--max-values", type=int, default=20)
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)

    # The benchmark directory replaces this file's directory on the path, so
    # the benchmark is found there (and nothing next to this file shadows it).
    sys.path[0] = os.path.abspath(args.bench_dir)
    perf_counter = time.perf_counter
    process_time = time.process_time
    t0 = perf_counter()
    module = importlib.import_module(args.name)
    import_time = perf_counter() - t0
    func = module.run
    n = args.workload

    checksum = None
    warmups = []
    values = []
    cpu = []        # each call's CPU time (the process's: all its threads)

    def call():
        nonlocal checksum
        c0 = process_time()
        start = perf_counter()
        result = func(n)
        elapsed = perf_counter() - start
        cpu.append(process_time() - c0)
        text = str(result)
        if checksum is None:
            checksum = text
        elif text != checksum:
            sys.stderr.write(f"worker: checksum changed between calls: {checksum!r}, then "
                             f"{text!r}\n")
            sys.exit(3)
        return elapsed

    # pyjit's tier jit says what it has done so far (a snapshot; see the module
    # doc); any other implementation -- and pyjit's other tiers -- has no such
    # module loaded: warm-up is then --warmups calls
    jit = sys.modules.get("pyjit.jit.warmup")
    activity = getattr(jit, "activity", None)
    busy = 0        # steady calls during which the JIT was not quiet after all

    def timed():
        """(seconds, was the JIT quiet during the call)"""
        if activity is None:
            return call(), True
        before = activity()
        t = call()
        after = activity()
        return t, after[:-1] == before[:-1] and after[-1] == 0

    quiet = False
    most = max(args.warmups, args.max_warmups)
    ended = None if most > 0 else "calls"
    while ended is None:
        t, quiet = timed()
        warmups.append(t)
        ended = warmed_up(len(warmups), args.warmups, most, quiet, sum(cpu), sum(warmups),
                          args.max_warmup_time)
    nwarm = len(warmups)
    if args.values > 0:
        for _ in range(args.values):
            t, q = timed()
            values.append(t)
            busy += not q
    else:
        start = perf_counter()
        while len(values) < args.max_values and (
                len(values) < args.min_values or perf_counter() - start < args.min_time):
            t, q = timed()
            values.append(t)
            busy += not q

    print(f"checksum: {checksum}")
    sys.stdout.flush()
    result = {
        "name": args.name,
        "workload": n,
        "checksum": checksum,
        "warmups": warmups,
        "values": values,
        "warmups_cpu": cpu[:nwarm],
        "values_cpu": cpu[nwarm:],
        "warmup_ended": ended,
        "jit_quiet": quiet if activity is not None else None,
        "jit_busy_values": busy if activity is not None else None,
        "import_time": import_time,
        "python_implementation": platform.python_implementation(),
        "python_version": platform.python_version(),
        "python_executable": sys.executable,
        "max_rss": _max_rss_bytes(),
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
