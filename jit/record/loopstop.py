"""A function trace's recording back at its loop's header: it calls the loop's code (``call_loop``).

:mod:`..recorder` hands :func:`stop` to the recorder of a function trace (or of
its bridge); the recorder calls it when its own frame comes back to a loop
header by a back-edge (jit/loopcall.py says why there).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from pyjit import opcodes as O
from pyjit.null import NULL

from .. import ir
from ..bridgewait import Waiting
from ..ir import FrameSnap, Snapshot, const_ptr
from ..loopcall import callee, loop_at
from .core import Abort

_RETURN_VALUE = O.OPS["RETURN_VALUE"].code


def stop(r, f, pc) -> bool:
    """Record ``call_loop`` of the loop at header ``pc`` (of ``f``, the
    function's frame) with the frame's values there, and ``finish`` with its
    value (True); an :class:`Abort` if the loop has no code to call yet (it may
    have next time: a retry).  False: the loop never gets code (blacklisted:
    mostly a loop of a few iterations per visit -- json_tree's lists, a
    node's items), the recording goes on through it, unrolled for the trip
    count it sees (another count is a guard failure, bridged like a path;
    bounded by the trace limit and the bridges per place)."""
    info = loop_at(f, pc)
    if info is None or info.dead:
        return False
    if info.compiled is None:
        raise Abort(Waiting(f"the function's loop at line {f.dec.line_at(pc)} has no code "
                            f"yet", info), retry=True)
    top = r.top
    layout, values = [], []
    for k in sorted(top.locals):
        v = top.locals[k]
        if isinstance(v, ir.Const) and v.value is NULL:
            continue    # (unbound here: the loop's code gets NULL for it, if it reads it)
        layout.append(("l", k))
        values.append(v)
    for j, v in enumerate(top.stack):
        layout.append(("s", j))
        values.append(v)
    op = r.emit("call_loop", [const_ptr(f.func), const_ptr(callee(info)),
                              const_ptr(tuple(layout))] + values, r.before())
    # (the value is the function's: its frame returns it -- at one of its
    # RETURN_VALUEs, which one does not matter to the interpreter's return)
    ret = max(k for k, o in enumerate(f.dec.ops) if o == _RETURN_VALUE)
    r.emit("finish", [op], Snapshot([FrameSnap(None, ret, {}, [op])]))
    return True
