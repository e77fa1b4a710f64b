"""``pyjit demo``: run an example program under CPython and every tier, side by side.

Shows the program's output, whether every tier printed exactly what CPython
printed, and the wall time of each run (a single run each: this is a
demonstration, not a benchmark -- see ``pyjit bench``).  Then a hot loop
(``examples/hot_loop.py``) under CPython and tier jit, with what the JIT did.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from .tiers import NAMES as TIERS

DEFAULT_PROGRAM = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "demo.py")
# part two: a hot loop, run under CPython and tier jit only (the other tiers take ~30x longer)
HOT_LOOP = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "hot_loop.py")


def _run(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p, time.perf_counter() - t0


def main(argv: list[str]) -> int:
    program = os.path.normpath(argv[0] if argv else DEFAULT_PROGRAM)
    if not os.path.exists(program):
        sys.stderr.write(f"pyjit demo: can't open file {program!r}\n")
        return 2
    print(f"pyjit demo: {program}\n")
    ref, ref_t = _run([sys.executable, program])
    print("output (CPython):")
    print("".join("  " + line + "\n" for line in ref.stdout.splitlines()), end="")
    print()
    print(f"{'implementation':<18}{'time (s)':>10}{'vs CPython':>12}   same output")
    print(f"{'CPython ' + sys.version.split()[0]:<18}{ref_t:>10.3f}{'1.0x':>12}   -")
    ok = True
    for tier in TIERS:
        p, t = _run([sys.executable, "-m", "pyjit", "run", "--tier", tier, program])
        same = (p.stdout, p.stderr, p.returncode) == (ref.stdout, ref.stderr, ref.returncode)
        ok &= same
        print(f"{'pyjit ' + tier:<18}{t:>10.3f}{t / ref_t:>11.1f}x   {'yes' if same else 'NO'}")
        if not same:
            sys.stdout.write(p.stdout[-2000:] + p.stderr[-2000:])
    print("\n(times include process start-up; `pyjit bench` measures properly with pyperf)")
    if not argv and os.path.exists(HOT_LOOP):
        ok &= _hot_loop(os.path.normpath(HOT_LOOP))
    return 0 if ok else 1


def _hot_loop(program) -> bool:
    """Part two: a loop hot enough for the JIT to compile it, CPython vs tier jit."""
    print(f"\na hot loop: {program}")
    ref, ref_t = _run([sys.executable, program])
    p, t = _run([sys.executable, "-m", "pyjit", "run", "--tier", "jit", "--stats", program])
    same = (p.stdout, p.returncode) == (ref.stdout, ref.returncode)
    print("  " + ref.stdout.strip())
    print(f"  CPython {ref_t:.3f} s, pyjit jit {t:.3f} s ({ref_t / t:.1f}x faster than CPython, "
          f"compiling included), same output: {'yes' if same else 'NO'}")
    for line in p.stderr.splitlines():
        if line.strip().startswith(("loops traced", "bridges compiled", "time recording")):
            print("  jit: " + line.strip())
    if not same:
        sys.stdout.write(p.stdout[-2000:] + p.stderr[-2000:])
    return same
