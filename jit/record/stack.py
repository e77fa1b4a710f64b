"""Recording the instructions that move values: locals, constants, cells, the stack.

``rec_<NAME>(r, f, dec, pc, arg)``: execute the instruction on frame ``f``
and record what it did on the recorder ``r`` (see :mod:`.core`); collected
into the dispatch table by :mod:`pyjit.jit.recorder`.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import types

from pyjit.null import NULL

from .. import ir
from ..ir import const_ptr
from .core import Abort

_CellType = types.CellType


def rec_NOP(r, f, dec, pc, arg):
    r.next(dec.nexts[pc])


rec_RESUME = rec_EXTENDED_ARG = rec_PRECALL = rec_NOP


def rec_LOAD_FAST(r, f, dec, pc, arg):
    v = f.fast[arg]
    if v is NULL:
        raise Abort("unbound local")
    r.push(r.load_local(arg))
    f.stack.append(v)
    r.next(pc + 1)


def rec_STORE_FAST(r, f, dec, pc, arg):
    f.fast[arg] = f.stack.pop()
    r.store_local(arg, r.pop())
    r.next(pc + 1)


def rec_LOAD_CONST(r, f, dec, pc, arg):
    v = f.consts[arg]
    f.stack.append(v)
    r.push(const_ptr(v))
    r.next(pc + 1)


def rec_POP_TOP(r, f, dec, pc, arg):
    f.stack.pop()
    r.pop()
    r.next(pc + 1)


def rec_PUSH_NULL(r, f, dec, pc, arg):
    f.stack.append(NULL)
    r.push(ir.NULL_CONST)
    r.next(pc + 1)


def rec_COPY(r, f, dec, pc, arg):
    f.stack.append(f.stack[-arg])
    r.push(r.peek(arg))
    r.next(pc + 1)


def rec_SWAP(r, f, dec, pc, arg):
    s = f.stack
    s[-1], s[-arg] = s[-arg], s[-1]
    s = r.shadows[-1].stack
    s[-1], s[-arg] = s[-arg], s[-1]
    r.next(pc + 1)



def rec_LOAD_ASSERTION_ERROR(r, f, dec, pc, arg):
    f.stack.append(AssertionError)
    r.push(const_ptr(AssertionError))
    r.next(pc + 1)


def rec_LOAD_BUILD_CLASS(r, f, dec, pc, arg):
    raise Abort("a class statement in the loop (__build_class__ runs the class body "
                "with the frame's namespace)")


def rec_DELETE_FAST(r, f, dec, pc, arg):
    if f.fast[arg] is NULL:
        raise Abort("del of an unbound local")     # (the interpreter raises)
    r.load_local(arg)
    f.fast[arg] = NULL
    r.store_local(arg, ir.NULL_CONST)
    r.next(pc + 1)


def rec_LOAD_DEREF(r, f, dec, pc, arg):
    cell = f.fast[arg]
    if type(cell) is not _CellType:
        raise Abort("LOAD_DEREF of a slot without a cell")
    try:
        value = cell.cell_contents
    except ValueError:
        raise Abort("empty cell") from None
    vcell = r.load_local(arg)
    r.guard_class(vcell, _CellType)
    r.push(r.emit("cell_get", [vcell], r.before()))
    f.stack.append(value)
    r.next(pc + 1)


def rec_STORE_DEREF(r, f, dec, pc, arg):
    cell = f.fast[arg]
    if type(cell) is not _CellType:
        raise Abort("STORE_DEREF of a slot without a cell")
    vcell = r.load_local(arg)
    r.guard_class(vcell, _CellType)
    r.emit("cell_set", [vcell, r.peek()])
    cell.cell_contents = f.stack.pop()
    r.pop()
    r.next(pc + 1)
