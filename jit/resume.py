"""Leaving a trace: rebuild the interpreter's frames from a guard's snapshot.

A snapshot lists frames outermost first.  The first is the loop's own frame,
which exists: the slots the trace knows are written back, its stack replaced.
Each further frame was inlined by the recorder and exists only in the trace:
it is made again -- a real :class:`pyjit.interp.Frame` of the snapshot's
function, its locals and stack from the snapshot -- and linked as the callee
of the frame before it, which is left just after its CALL (as the
interpreter's inlined calls leave it).  The interpreter continues with the
innermost frame at the snapshot's pc.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from pyjit import interp as I
from pyjit.null import NULL


def restore(f, snap, values, ts):
    """Write ``snap`` (its values, in ``Snapshot.values()`` order, from
    ``values``) into frame ``f`` and the frames it inlined; returns the frame
    the interpreter continues with (``.pc`` set)."""
    it = iter(values)
    frames = snap.frames
    top = frames[0]
    fast = f.fast
    for slot in top.locals:
        fast[slot] = next(it)
    f.stack[:] = [next(it) for _ in top.stack]
    f.pc = top.pc
    cur = f
    for fs in frames[1:]:
        func = fs.func
        nfast = [NULL] * func.dec.nlocalsplus
        for slot in fs.locals:
            nfast[slot] = next(it)
        nf = I.Frame(func, nfast)
        nf.stack = [next(it) for _ in fs.stack]
        nf.pc = fs.pc
        # the caller stopped at its CALL: lasti is the CALL's last cache unit
        cur.lasti = cur.pc - 1
        nf.back = cur
        ts.depth += 1
        cur = nf
    return cur
