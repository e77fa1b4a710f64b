"""The exhaustive fault-injection sweep (``make faults``; issue #11).

Runs every program of the differential corpus under tier jit at
``--jit-threshold 2`` with each fault mode (jit/faults.py) and each backend,
compares stdout, stderr and exit code with CPython's byte for byte, and sums
what was injected (each run's ``report=``):

    abort=sweep                          every loop's j-th recording aborts at
                                         its j-th instruction
    guards=P,bridge-abort=sweep,seed=S   guards fail at random (P, seeded), the
                                         bridges that records abort in turn

Usage: ``python tests/fault_sweep.py [-j JOBS] [--programs GLOB] [--quick | --modes I,J]``.
Prints one line per failing (program, mode, backend) with the command to
reproduce it, then the totals; exits 1 if anything differed.  (``make test``
runs a bounded sample of the same: tests/test_fault_injection.py.)
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from difftest import programs, run_cpython, run_pyjit  # noqa: E402
from test_differential import KNOWN, KNOWN_IN  # noqa: E402

# the differential suite's configuration with each backend: its known differences
# are known here too (they do not depend on faults)
CONFIG_OF = {"llvm": "jit-t2", "interp": "jit-t2-interp"}


def known(path: Path, backend: str) -> bool:
    return path.stem in KNOWN or (CONFIG_OF[backend], path.stem) in KNOWN_IN

MODES = [
    "abort=sweep",
    "guards=0.1,bridge-abort=sweep,seed=1",
    "guards=0.02,bridge-abort=sweep,seed=2",
    "guards=0.5,seed=3",
]
QUICK_MODES = MODES[:2]
BACKENDS = ["llvm", "interp"]
OPTIONS = ("--jit-threshold", "2")


def one(path: Path, mode: str, backend: str):
    """Run ``path`` with one fault mode and backend: (ok, report dict, seconds)."""
    fd, report = tempfile.mkstemp(suffix=".json", prefix="pyjit-faults-")
    os.close(fd)
    t0 = time.perf_counter()
    try:
        env = {"PYJIT_FAULTS": f"{mode},report={report}"}
        got = run_pyjit(path, "jit", OPTIONS + ("--jit-backend", backend), env=env)
        ok = got == run_cpython(path)
        try:
            with open(report, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            data = {}
    finally:
        os.unlink(report)
    return ok, data, time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--programs", default="*", help="glob of program names (default: all)")
    ap.add_argument("--quick", action="store_true", help="the first two modes only")
    ap.add_argument("--modes", help="comma-separated indexes into MODES (default: all)")
    args = ap.parse_args(argv)
    paths = [p for p in programs() if p.match(args.programs + ".py")]
    modes = QUICK_MODES if args.quick else MODES
    if args.modes:
        modes = [MODES[int(i)] for i in args.modes.split(",")]
    jobs = [(p, m, b) for p in paths for m in modes for b in BACKENDS if not known(p, b)]
    for p in paths:
        run_cpython(p)   # (cached: each program's CPython run once, before the pool)
    totals = {"runs": 0, "failed": 0, "abort_pairs": 0, "aborts": 0,
              "bridge_aborts": 0, "forced_exits": 0}
    pairs = set()     # (program, code, loop header, k): a recording aborted there
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(one, *job): job for job in jobs}
        for fut in concurrent.futures.as_completed(futures):
            path, mode, backend = futures[fut]
            ok, data, _ = fut.result()
            totals["runs"] += 1
            for k in ("abort_pairs", "aborts", "bridge_aborts", "forced_exits"):
                totals[k] += data.get(k, 0)
            pairs.update((path.stem, *pair) for pair in data.get("pairs", []))
            if not ok:
                totals["failed"] += 1
                print(f"FAILED {path.name} [{mode}, {backend}]: PYJIT_FAULTS='{mode}' "
                      f"python -m pyjit run --tier jit {' '.join(OPTIONS)} "
                      f"--jit-backend {backend} {path}", flush=True)
    totals["distinct (program, loop, k) aborted"] = len(pairs)
    totals["loops with injected aborts"] = len({p[:3] for p in pairs})
    totals["programs"] = len(paths)
    totals["seconds"] = round(time.perf_counter() - t0)
    print(json.dumps(totals, indent=1))
    return 1 if totals["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
