"""``call_loop`` in native code: a function trace's call of its loop's compiled code (jit/loopcall.py).

The loop's :class:`~pyjit.jit.loopcall.LoopCallee` cell is read as a native
call site reads a function's (jit/llvm/native.py, ``emit_native_call``): when
it publishes an entry for the version of the loop's input slots this site was
compiled for, the loop's C function is called directly with the values of
those slots (pyjit's NULL object: a local unbound at the header) -- no depth increment (the
function trace's frame is the frame), DIRECT as ``self`` so that the loop's
returns (its loop-end and returning bridges' ``finish``) give their value in
buf[0].  Any other exit calls ``loopcall.left`` with the frame's values
(the function's frame is rebuilt and interpreted to its return); no code, a
stale version, the limit, the native depth bound: a vectorcall of
``loopcall.call`` with the op's operands, which decides in Python.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit.null import NULL

from .. import loopcall as LC
from . import CompileError
from .calls import vectorcall
from .layout import addr
from .native import emit_native_call


def emit_call_loop(e, op, a):
    lc, layout = op.args[1].value, op.args[2].value
    # call_loop_in (from an inlined frame): the frames it is deep count while it runs
    # (0 for a see-through builtin's frame called from the trace's own: no level)
    inner = op.name == "call_loop_in"
    k = op.args[3].value if inner else 0
    n = 4 if inner else 3
    if type(lc) is not LC.LoopCallee or type(layout) is not tuple or \
            len(layout) != len(a) - n or type(k) is not int or k < 0:
        raise CompileError(f"{op.name} needs a constant LoopCallee, layout and depth")
    info = lc.info
    c = info.compiled

    def slow():
        return vectorcall(e, addr(LC.call_in if inner else LC.call), list(a), "null")

    if c is None:
        # (the loop lost its code after the site was recorded -- dropped, being
        # compiled again: this site would take the Python path for good; it is
        # recorded again once the loop has code, LC._stale_call)
        lc.codeless = True
        r = slow()
        e.check_raise(e.let(f"icmp eq ptr {r}, null"))
        return r
    version = lc.version(c)
    where = {slot: a[n + i] for i, slot in enumerate(layout)}
    # (a local unbound at the header: the interpreter's NULL object, as
    # resume's reader gives the loop's code for an unbound slot)
    null = addr(NULL)
    args = [where.get(slot, null) for slot in lc.versions[version]]
    return emit_native_call(e, a[0], lc.cell_address, args, 2 + c.dec.nlocalsplus, k,
                            version, slow, addr(LC.left_in if inner else LC.left), list(a[1:]))


EMITTERS = {"call_loop": emit_call_loop, "call_loop_in": emit_call_loop}
