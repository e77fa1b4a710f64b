"""Recording branches and jumps: truth tests, conditional jumps, back-edges.

A conditional jump becomes a guard on the truth value whose snapshot is the
state after the jump on the other path.  A back-edge to the loop's header in
the loop's own frame closes the trace (``CLOSED``); other back-edges are
inner loops, unrolled.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import opcodes as O

from .. import ir
from ..ir import Const, Op, const_ptr
from . import dunders
from .core import CLOSED, LOOP_EXIT, Abort


def truth(r, value, v):
    """``(b, t)``: the trace's boolean for ``bool(value)`` (``v`` its trace value)
    and the truth itself, computed once (__bool__/__len__ may have effects or
    raise: recorded as call_truth).  Guards the type it depends on."""
    if isinstance(v, Op) and v.name == "box_bool":
        return v.args[0], bool(value)
    if isinstance(v, Const):
        t = bool(value)
        return ir.const_bool(t), t
    t = type(value)
    if t is bool:
        r.guard_class(v, bool)
        return r.emit("ptr_eq", [v, const_ptr(True)]), value
    if value is None:
        r.emit("guard_value", [v, const_ptr(None)], r.before())
        return ir.const_bool(False), False
    if t is int:
        r.guard_class(v, int)
        return r.emit("int_is_true", [r.unbox_int(v, value)]), bool(value)
    if t is float:
        r.guard_class(v, float)
        return r.emit("float_is_true", [r.unbox_float(v, value)]), bool(value)
    snap = r.before()
    result = r.call_host(bool, value)
    return r.emit("call_truth", [v], snap), result


def _direction(r, f, pc, arg, b, t, taken):
    """A conditional jump that pops its operand, whose truth ``t`` (trace
    boolean ``b``) took it (``taken``) to ``arg`` or on to ``pc + 1``: guard the
    direction; leaving resumes on the other path with the operand popped (its
    truth test is not run again)."""
    f.stack.pop()
    snap = r.snapshot(pc=pc + 1 if taken else arg, drop=1)
    r.pop()
    if not isinstance(b, Const):
        r.emit("guard_true" if t else "guard_false", [b], snap)
    r.next(arg if taken else pc + 1)
    return taken


def _branch(r, f, dec, pc, arg, jump_if):
    """POP_JUMP_*_IF_TRUE/FALSE."""
    if arg > pc and dunders.truth_jump(r, f, dec, pc, arg, jump_if, f.stack[-1], r.peek()):
        return None
    b, t = truth(r, f.stack[-1], r.peek())
    return _direction(r, f, pc, arg, b, t, t == jump_if)


def rec_POP_JUMP_FORWARD_IF_FALSE(r, f, dec, pc, arg):
    _branch(r, f, dec, pc, arg, False)


def rec_POP_JUMP_FORWARD_IF_TRUE(r, f, dec, pc, arg):
    _branch(r, f, dec, pc, arg, True)


def _none_branch(r, f, dec, pc, arg, jump_if_none):
    """POP_JUMP_*_IF_NONE/NOT_NONE."""
    v = r.peek()
    is_none = f.stack[-1] is None
    b = ir.const_bool(is_none) if isinstance(v, Const) else r.emit("ptr_eq", [v, const_ptr(None)])
    return _direction(r, f, pc, arg, b, is_none, is_none == jump_if_none)


def rec_POP_JUMP_FORWARD_IF_NONE(r, f, dec, pc, arg):
    _none_branch(r, f, dec, pc, arg, True)


def rec_POP_JUMP_FORWARD_IF_NOT_NONE(r, f, dec, pc, arg):
    _none_branch(r, f, dec, pc, arg, False)


def _or_pop(r, f, dec, pc, arg, jump_if):
    """JUMP_IF_TRUE/FALSE_OR_POP: jump keeping the value, or pop it."""
    b, t = truth(r, f.stack[-1], r.peek())
    taken = t == jump_if
    if taken:
        other = r.snapshot(pc=pc + 1, drop=1)
        r.next(arg)
    else:
        other = r.snapshot(pc=arg)
        f.stack.pop()
        r.pop()
        r.next(pc + 1)
    if not isinstance(b, Const):
        r.emit("guard_true" if t else "guard_false", [b], other)


def rec_JUMP_IF_FALSE_OR_POP(r, f, dec, pc, arg):
    _or_pop(r, f, dec, pc, arg, False)


def rec_JUMP_IF_TRUE_OR_POP(r, f, dec, pc, arg):
    _or_pop(r, f, dec, pc, arg, True)


def rec_JUMP_FORWARD(r, f, dec, pc, arg):
    r.next(arg)


def rec_JUMP_BACKWARD(r, f, dec, pc, arg):
    if len(r.shadows) == 1 and arg == r.header:
        return CLOSED
    # an inner loop's back-edge (in this frame or an inlined one): the recording
    # unrolls it (bounded by --trace-limit)
    r.next(arg)


def _backward(branch):
    """A conditional jump backwards is a back-edge: to the loop's header in the
    loop's frame and taken, it closes the trace; not taken there, the loop ends
    (recording stops after it) -- unless the code after it goes straight on
    to a JUMP_BACKWARD to the header (a comprehension's ``if``: ``[x for x in
    xs if c]`` jumps back when ``c`` is false), which the recording follows;
    to anywhere else it is an inner loop."""
    def rec(r, f, dec, pc, arg):
        if arg != r.header or len(r.shadows) != 1:
            branch(r, f, dec, pc, arg)   # an inner loop's back-edge: unrolled
            return None
        if branch(r, f, dec, pc, arg):
            return CLOSED
        if _goes_back(dec, pc, arg) or r.leaves_to_return(pc + 1):
            return None   # (on after the loop: a bridge's way to the return)
        raise Abort(LOOP_EXIT, retry=True)
    return rec


_ENDS = frozenset(O.OPS[n].code for n in ("RETURN_VALUE", "RAISE_VARARGS", "RERAISE",
                                          "YIELD_VALUE", "RETURN_GENERATOR"))
_JUMP_BACKWARD = O.OPS["JUMP_BACKWARD"].code


def _goes_back(dec, pc, header, limit=32):
    """Does the code after the instruction at ``pc`` run, with no branch, to a
    JUMP_BACKWARD to ``header`` (within ``limit`` instructions)?"""
    ops, k = dec.ops, dec.nexts[pc]
    for _ in range(limit):
        if k >= len(ops):
            return False
        op = ops[k]
        if op == _JUMP_BACKWARD:
            return dec.args[k] == header
        info = O.BY_CODE[op]
        if info is None or info.jump is not O.Jump.NONE or op in _ENDS:
            return False
        k = dec.nexts[k]
    return False


rec_POP_JUMP_BACKWARD_IF_FALSE = _backward(lambda r, f, d, pc, a: _branch(r, f, d, pc, a, False))
rec_POP_JUMP_BACKWARD_IF_TRUE = _backward(lambda r, f, d, pc, a: _branch(r, f, d, pc, a, True))
rec_POP_JUMP_BACKWARD_IF_NONE = _backward(lambda r, f, d, pc, a: _none_branch(r, f, d, pc, a, True))
rec_POP_JUMP_BACKWARD_IF_NOT_NONE = _backward(
    lambda r, f, d, pc, a: _none_branch(r, f, d, pc, a, False))
