"""A trace that reaches the header of a loop with code of its own in an inlined
frame calls that code (``call_loop_in``: jit/record/loopstop.py, jit/loopcall.py)
instead of unrolling the loop."""

import json
import re
import subprocess
import sys
import textwrap

import pytest

from budget import slow_twin

# raytrace's shape: a function with short loops over an object's items, inlined
# into a hot loop's trace
SHAPE = """
    import sys

    class P:
        __slots__ = ("c", "r")

        def __init__(self, c, r):
            self.c = c
            self.r = r

        def hit(self, x):
            # (a body long enough to be called, not unrolled: CALLED_BODY)
            d = x - self.c
            if d < 0:
                d = -d
            e = d * 3 + self.r * 2 - x % 5
            f = (e + d) * (e - d) + self.c
            if d > self.r or f < -1000000:
                return None
            return d

    def nearest(things, x):
        best = None
        best_t = None
        for t in things:
            d = t.hit(x)
            if d is not None and (best_t is None or d < best_t):
                best_t = d
                best = t
        return best, best_t

    def blocked(things, x):
        for t in things:
            if t.hit(x) is not None:
                return True
        return False

    def shade(things, lights, x):
        obj, d = nearest(things, x)
        if obj is None:
            return 0
        for light in lights:
            if blocked(things, light + x):
                continue
            d = d + light
        return d

    def run(things, lights, n):
        acc = 0
        for i in range(n):
            acc += shade(things, lights, i % 40)
        return acc

    things = [P(5, 3), P(12, 4), P(30, 9), P(20, 6)]
    lights = [3, 25]
    before = [sys.getrefcount(t) for t in things] + [sys.getrefcount(lights)]
    print(run(things, lights, N))
    print(run(things, lights, N))
    after = [sys.getrefcount(t) for t in things] + [sys.getrefcount(lights)]
    print([a - b for a, b in zip(after, before)])
"""


def _run(tmp_path, src, backend, *extra):
    want = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True, timeout=300)
    log, stats = tmp_path / "log", tmp_path / "stats.json"
    p = subprocess.run([sys.executable, "-m", "pyjit", "run", "--jit-sync", "--no-jit-cache",
                        "--stats-json", str(stats), "--jit-backend", backend,
                        "--jit-threshold", "100", "--jit-log", str(log), *extra, "-c", src],
                       capture_output=True, text=True, timeout=600)
    assert (p.returncode, p.stdout, p.stderr) == (want.returncode, want.stdout, want.stderr)
    return log.read_text(), json.loads(stats.read_text())["jit"]


# (the trace interpreter runs Python code per op: a fifth of the iterations shows
# the same traces and a native share over 0.99, in a fifth of the time)
@pytest.mark.parametrize("backend,n", [("llvm", 20000), slow_twin("interp", 4000)])
def test_inlined_loop_with_code_is_called(tmp_path, backend, n):
    src = textwrap.dedent(SHAPE).replace("lights, N)", f"lights, {n})")
    text, jit = _run(tmp_path, src, backend)
    # nearest's and blocked's loops, reached in inlined frames, are called: call_loop_in(...)
    assert re.search(r"= call_loop_in\(\$nearest, ", text), text[-3000:]
    assert re.search(r"= call_loop_in\(\$blocked, ", text), text[-3000:]
    # no refs leaked through the calls (the last line, same as CPython's, says 0s)
    assert jit["native_share"]["share"] > 0.9, jit["native_share"]

