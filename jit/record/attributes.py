"""Recording globals and attributes.

LOAD_GLOBAL (dict version guards), LOAD_ATTR, STORE_ATTR, LOAD_METHOD.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import types

from pyjit.null import NULL
from pyjit.specialize import versions as V

from .. import ir
from ..ir import Const, const_int, const_ptr
from .core import Abort, atomic


def rec_LOAD_GLOBAL(r, f, dec, pc, arg):
    name = f.names[arg >> 1]
    g, b = f.globals, f.builtins
    if type(g) is not dict or type(b) is not dict:
        raise Abort("globals or builtins not a dict")
    snap = r.before()
    if name in g:
        value = g[name]
        r.emit("guard_dict_version", [const_ptr(g), const_int(V.dict_version_reader(g).value)], snap)
    elif name in b:
        value = b[name]
        r.emit("guard_dict_version", [const_ptr(g), const_int(V.dict_version_reader(g).value)], snap)
        r.emit("guard_dict_version", [const_ptr(b), const_int(V.dict_version_reader(b).value)], snap)
    else:
        raise Abort("NameError")
    if arg & 1:
        f.stack.append(NULL)
        r.push(ir.NULL_CONST)
    f.stack.append(value)
    if atomic(value):
        r.push(r.const_value(value))
    else:  # (the version guard says where it is: the trace must not keep it alive)
        r.push(r.emit("call_getitem", [const_ptr(g if name in g else b), const_ptr(name)], snap))
    r.next(dec.nexts[pc])


def rec_LOAD_ATTR(r, f, dec, pc, arg):
    o = f.stack[-1]
    v = r.peek()
    name = f.names[arg]
    if isinstance(v, Const) and type(o) is types.ModuleType and type(o.__dict__) is dict \
            and name in o.__dict__:
        d = o.__dict__
        r.emit("guard_dict_version", [const_ptr(d), const_int(V.dict_version_reader(d).value)],
               r.before())
        f.stack[-1] = d[name]
        r.pop()
        r.push(r.const_value(d[name]) if atomic(d[name]) else
               r.emit("call_getitem", [const_ptr(d), const_ptr(name)], r.before()))
        r.next(dec.nexts[pc])
        return
    snap = r.before()
    value = r.call_host(getattr, o, name)
    f.stack[-1] = value
    r.pop()
    r.push(r.emit("call_getattr", [v, const_ptr(name)], snap))
    r.next(dec.nexts[pc])


def rec_STORE_ATTR(r, f, dec, pc, arg):
    vo, vv = r.peek(1), r.peek(2)
    r.generic(f, pc, arg, "call_setattr", [vo, const_ptr(f.names[arg]), vv], 2, push=False)


def rec_LOAD_METHOD(r, f, dec, pc, arg):
    o = f.stack[-1]
    v = r.peek()
    name = f.names[arg]
    if isinstance(v, Const) and type(o) is types.ModuleType:
        rec_LOAD_ATTR(r, f, dec, pc, arg)
        # [NULL, attr] like interp's LOAD_METHOD on a module
        f.stack.insert(len(f.stack) - 1, NULL)
        r.shadows[-1].stack.insert(len(r.shadows[-1].stack) - 1, ir.NULL_CONST)
        return
    snap = r.before()
    m = r.call_host(getattr, o, name)
    f.stack[-1] = NULL
    f.stack.append(m)
    r.pop()
    r.push(ir.NULL_CONST)
    r.push(r.emit("call_getattr", [v, const_ptr(name)], snap))
    r.next(dec.nexts[pc])
