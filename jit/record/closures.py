"""Recording functions made in the loop and the cells closures share.

MAKE_FUNCTION (a lambda, a nested ``def``, a comprehension's function) is
``new_function``: a Function made natively from a *prototype* the recorder
keeps per code object -- code, globals, names, builtins, docstring -- and the
instruction's operands (defaults, keyword defaults, annotations, closure).
The module name and builtins it copies are guarded to be still what the
globals say.

MAKE_CELL and COPY_FREE_VARS (at the start of an inlined function: its cells,
and its closure's), LOAD_CLOSURE, DELETE_DEREF; LOAD_DEREF and STORE_DEREF are
with the other local-variable instructions (:mod:`.stack`).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import types

from pyjit import handlers as H
from pyjit.function import Function

from .. import ir
from ..ir import Const, Op, const_int, const_ptr
from .attributes import absent, dict_value
from .binding import function_slot
from .core import Abort

_CellType = types.CellType


def _prototype(code, g):
    """What new_function copies: a Function of ``code`` made once, with what
    Function.__init__ derives from the code and the globals; the globals
    themselves are an operand (the prototype must not keep them alive)."""
    p = Function(code, g, code.co_name, None, None, None, None, code.co_qualname)
    p.globals = None
    return p


def rec_MAKE_FUNCTION(r, f, dec, pc, arg):
    s = r.shadows[-1].stack
    n = 1 + bin(arg & 0x0F).count("1")
    vals = list(s[len(s) - n:])
    reals = list(f.stack[len(f.stack) - n:])
    vcode = vals.pop()
    if not isinstance(vcode, Const) or type(vcode.value) is not types.CodeType:
        raise Abort("MAKE_FUNCTION of a code object that is not a constant")
    g = f.globals
    if type(g) is not dict:
        raise Abort("MAKE_FUNCTION with globals that are not a dict")
    snap = r.before()
    proto = _prototype(vcode.value, g)
    # what Function.__init__ reads from the globals: guarded to be as when recording
    b = g.get("__builtins__")
    if b is None:
        absent(r, g, "__builtins__", snap)
    else:
        vb = dict_value(r, g, "__builtins__", snap)
        if not isinstance(vb, Const):
            r.emit("guard_value", [vb, const_ptr(b)], snap)
    if "__name__" in g:
        vmodule = dict_value(r, g, "__name__", snap)
    else:
        absent(r, g, "__name__", snap)
        vmodule = const_ptr(None)
    none = const_ptr(None)
    closure = vals.pop() if arg & 0x08 else none
    ann = vals.pop() if arg & 0x04 else none
    kwdefaults = vals.pop() if arg & 0x02 else none
    defaults = vals.pop() if arg & 0x01 else none
    if arg & 0x04:
        ann = _annotations(r, ann, reals[-2 - bool(arg & 0x08)], snap)
    r.call_host(H.MAKE_FUNCTION, f, arg)
    for _ in range(n):
        r.pop()
    # (the prototype is pyjit's own: held by the trace, never seen by the program)
    r.push(r.emit("new_function", [Const(proto, ir.R), r.dict_ref(g), vmodule, defaults,
                                   kwdefaults, ann, closure], snap))
    r.next(pc + 1)


def _annotations(r, vann, ann, snap):
    """MAKE_FUNCTION's annotations: a tuple of name, value pairs becomes a dict."""
    if type(ann) is not tuple:
        return vann
    if isinstance(vann, Op) and vann.name == "build_tuple":
        items = list(vann.args)
    elif isinstance(vann, Const):
        items = [r.const_value(x) for x in vann.value]
    else:
        r.guard_class(vann, tuple)
        r.emit("guard_len", [vann, const_int(len(ann))], snap)
        items = [r.emit("tuple_getitem", [vann, const_int(k)]) for k in range(len(ann))]
    return r.emit("build_map", items, snap)


def rec_LOAD_CLOSURE(r, f, dec, pc, arg):
    r.push(r.load_local(arg))
    f.stack.append(f.fast[arg])
    r.next(pc + 1)


def rec_MAKE_CELL(r, f, dec, pc, arg):
    sh = r.shadows[-1]
    if sh.func is None:
        raise Abort("MAKE_CELL in the loop's own frame")
    v = sh.locals.get(arg, ir.NULL_CONST)
    r.call_host(H.MAKE_CELL, f, arg)
    sh.locals[arg] = r.emit("new_cell", [v], r.before())
    r.next(pc + 1)


def rec_COPY_FREE_VARS(r, f, dec, pc, arg):
    sh = r.shadows[-1]
    if sh.func is None or sh.fref is None:
        raise Abort("COPY_FREE_VARS in the loop's own frame")
    r.call_host(H.COPY_FREE_VARS, f, arg)
    closure = function_slot(r, sh.fref, "closure")
    r.guard_class(closure, tuple)
    r.emit("guard_len", [closure, const_int(arg)], r.before())
    off = len(f.fast) - arg
    for i in range(arg):
        sh.locals[off + i] = r.emit("tuple_getitem", [closure, const_int(i)])
    r.next(pc + 1)


def rec_DELETE_DEREF(r, f, dec, pc, arg):
    cell = f.fast[arg]
    if type(cell) is not _CellType:
        raise Abort("DELETE_DEREF of a slot without a cell")
    vcell = r.load_local(arg)
    r.guard_class(vcell, _CellType)
    r.emit("cell_get", [vcell], r.before())       # (empty: the interpreter raises)
    r.call_host(H.DELETE_DEREF, f, arg)
    r.emit("cell_clear", [vcell])
    r.next(pc + 1)
