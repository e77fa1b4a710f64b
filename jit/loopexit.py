"""Exits of a loop's code entered by ``call_loop`` (:mod:`.loopcall`) other than a return.

As :func:`.driver.enter` treats the exits of code it entered from the
interpreter -- counted, a bridge recorded once a guard failed often, a trace
whose guard keeps failing dropped -- but into a frame the call built (the
function's new entry frame), which the interpreter then runs to its return.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from . import driver as D
from . import lifecycle
from . import later
from . import loopcall
from . import stats
from .protocols import raised_at

nest = later.Later("pyjit.jit.nest", globals(), "nest")   # (jit/later.py)


def loop_left(info, c, g, exc, buf, nf, ts):
    """Exit ``g`` of the loop's code ``c`` (not a return): ``nf``'s state from
    it; the frame to run on, or ``(frame, pc, exception)``."""
    c.fails[g] += 1
    if D.Config.stats is not None:
        stats.count_exit(c, info, g, exc, buf)
    r = c.restores[g](nf, buf, ts, exc)
    buf = None
    if r.__class__ is tuple:
        return r
    if exc is not None:
        return r if c.nested[g] else raised_at(r, c.raise_pcs[g], exc)
    if c.leave[g]:
        return r     # (a nest's bridge left at the header: the interpreter goes on there)
    op = c.guard_ops[g]
    if op.name == "check_interrupt":
        if c.loop.tier_up_due():
            D._tier_up(info, c)   # (as driver.enter: the fast code ran its iterations)
        return r
    if (c.nest[g] or c.inloop[g]) and D._ripe(info, c, g):
        if c.inloop[g] and nest.inlined_loop_varies(op, info) is not None:
            return r     # (driver.enter drops the trace there: its next entry from the interpreter will)
        b = D._bridge(info, c, op, g, nf, r, ts)
        if b is not None:
            return b
    n = c.fails[g]
    if c.inloop[g] and c is info.compiled and D.keeps_failing(info, c, op, n):
        lifecycle.drop(info, None)
    return r


loopcall.on_exit = loop_left
