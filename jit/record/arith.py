"""Recording arithmetic and comparisons.

BINARY_OP, the UNARY_* instructions, COMPARE_OP, IS_OP, CONTAINS_OP.

Exact ints and floats become machine ops behind class guards (unboxed, with
overflow guards, boxed again); everything else a generic C-API op.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import handlers as H
from pyjit import opcodes as O

from .. import ir
from ..ir import const_int
from . import dunders
from .branches import truth
from .core import Raised, fits_machine

# call_unary's operator codes
_NEG = ir.UNARY_BY_NAME["neg"].code
_POS = ir.UNARY_BY_NAME["pos"].code
_INVERT = ir.UNARY_BY_NAME["invert"].code


def rec_BINARY_OP(r, f, dec, pc, arg):
    a, b = f.stack[-2], f.stack[-1]
    va, vb = r.peek(2), r.peek(1)
    ta, tb = type(a), type(b)
    binop = O.BINARY_OP_TABLE[arg]   # (in-place forms of ints and floats: the plain ops)
    name = None
    if not (fits_machine(va, a) and fits_machine(vb, b)):
        pass   # a constant too big for a machine int: the generic operation
    elif ta is int and tb is int and binop.int_op is not None:
        name = binop.int_op
        kinds = "ii"
    elif (ta is float or ta is int) and (tb is float or tb is int) and \
            (ta is float or tb is float) and binop.float_op is not None:
        name = binop.float_op
        kinds = "ff"
    if name is not None:
        try:
            result = O.BINARY_OP_FUNCTIONS[arg](a, b)
        except BaseException as e:
            raise Raised(e) from None
        if kinds == "ii" and not fits_machine(None, result):
            # the machine op's overflow guard would fail for these very values
            # (each failure a new bridge recording the same op): the generic op
            name = None
    if name is not None:
        r.guard_class(va, ta)
        r.guard_class(vb, tb)
        ma = r.unbox_int(va, a) if ta is int else r.unbox_float(va, a)
        mb = r.unbox_int(vb, b) if tb is int else r.unbox_float(vb, b)
        if kinds == "ff":
            if ta is int:
                ma = r.emit("int_to_float", [ma])
            if tb is int:
                mb = r.emit("int_to_float", [mb])
        opdef = ir.OPS[name]
        m = r.emit(name, [ma, mb], r.before() if opdef.guard else None)
        box = r.emit("box_int" if kinds == "ii" else "box_float", [m])
        del f.stack[-2:]
        f.stack.append(result)
        r.pop()
        r.pop()
        r.push(box)
        r.next(dec.nexts[pc])
        return
    if dunders.binop(r, f, dec, pc, arg, a, b, va, vb):
        return
    r.generic(f, pc, arg, "call_binop", [const_int(arg), va, vb], 2)


def rec_UNARY_NEGATIVE(r, f, dec, pc, arg):
    a = f.stack[-1]
    va = r.peek()
    if type(a) is int and fits_machine(va, a) and fits_machine(None, -a):
        f.stack[-1] = -a
        r.guard_class(va, int)
        m = r.emit("int_neg_ovf", [r.unbox_int(va, a)], r.before())
        r.pop()
        r.push(r.emit("box_int", [m]))
        r.next(pc + 1)
    elif type(a) is float:
        f.stack[-1] = -a
        r.guard_class(va, float)
        m = r.emit("float_neg", [r.unbox_float(va, a)])
        r.pop()
        r.push(r.emit("box_float", [m]))
        r.next(pc + 1)
    elif not dunders.unary(r, f, dec, pc, "__neg__", a, va):
        r.generic(f, pc, arg, "call_unary", [const_int(_NEG), va], 1)


def rec_UNARY_POSITIVE(r, f, dec, pc, arg):
    if not dunders.unary(r, f, dec, pc, "__pos__", f.stack[-1], r.peek()):
        r.generic(f, pc, arg, "call_unary", [const_int(_POS), r.peek()], 1)


def rec_UNARY_INVERT(r, f, dec, pc, arg):
    if not dunders.unary(r, f, dec, pc, "__invert__", f.stack[-1], r.peek()):
        r.generic(f, pc, arg, "call_unary", [const_int(_INVERT), r.peek()], 1)


def rec_UNARY_NOT(r, f, dec, pc, arg):
    b, t = truth(r, f.stack[-1], r.peek())
    f.stack[-1] = not t
    r.pop()
    r.push(r.emit("box_bool", [r.emit("bool_not", [b])]))
    r.next(pc + 1)


def rec_COMPARE_OP(r, f, dec, pc, arg):
    a, b = f.stack[-2], f.stack[-1]
    va, vb = r.peek(2), r.peek(1)
    ta, tb = type(a), type(b)
    if ((ta is int and tb is int) or (ta is float and tb is float)) and \
            fits_machine(va, a) and fits_machine(vb, b):
        result = O.COMPARE_OP_FUNCTIONS[arg](a, b)
        r.guard_class(va, ta)
        r.guard_class(vb, tb)
        cmp = O.COMPARE_OP_TABLE[arg]
        if ta is int:
            m = r.emit(cmp.int_op, [r.unbox_int(va, a), r.unbox_int(vb, b)])
        else:
            m = r.emit(cmp.float_op, [r.unbox_float(va, a), r.unbox_float(vb, b)])
        del f.stack[-2:]
        f.stack.append(result)
        r.pop()
        r.pop()
        r.push(r.emit("box_bool", [m]))
        r.next(dec.nexts[pc])
        return
    if dunders.compare(r, f, dec, pc, arg, a, b, va, vb):
        return
    r.generic(f, pc, arg, "call_compare", [const_int(arg), va, vb], 2)


def rec_IS_OP(r, f, dec, pc, arg):
    va, vb = r.peek(2), r.peek(1)
    H.IS_OP(f, arg)
    b = r.emit("ptr_eq", [va, vb])
    if arg:
        b = r.emit("bool_not", [b])
    r.pop()
    r.pop()
    r.push(r.emit("box_bool", [b]))
    r.next(pc + 1)


def rec_CONTAINS_OP(r, f, dec, pc, arg):
    va, vb = r.peek(2), r.peek(1)
    if dunders.contains(r, f, dec, pc, arg, f.stack[-2], f.stack[-1], va, vb):
        return
    snap = r.before()
    r.call_host(H.CONTAINS_OP, f, arg)
    b = r.emit("call_contains", [va, vb], snap)
    if arg:
        b = r.emit("bool_not", [b])
    r.pop()
    r.pop()
    r.push(r.emit("box_bool", [b]))
    r.next(pc + 1)
