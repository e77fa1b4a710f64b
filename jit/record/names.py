"""Recording names looked up in a namespace, and imports.

Module-level and class-body loops read and write their variables in the
frame's namespace dict (LOAD_NAME, STORE_NAME, DELETE_NAME): the trace takes
that dict as an input (read at entry) and looks names up in it each time --
the loop writes it every iteration, so a version guard on it would always
fail (functions called from such a loop read their globals, the same dict, the
same way: :meth:`.core.Recorder.is_written`).  A name not found there is
guarded absent, then found in the globals and the builtins as LOAD_GLOBAL
finds it.  LOAD_CLASSDEREF (a class body's free variable) likewise.

IMPORT_NAME is a call of the builtins' ``__import__`` (guarded); IMPORT_FROM
reads a module attribute.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import types

from pyjit import handlers as H
from pyjit.handlers.names import import_from

from ..ir import const_ptr
from .attributes import absent, dict_value, module_attr
from .core import Abort
from pyjit.typelookup import type_name


def _namespace(r, f):
    if len(r.shadows) != 1:
        raise Abort("a namespace lookup in an inlined frame")
    loc = f.locals
    if type(loc) is not dict:
        raise Abort(f"a namespace that is not a dict ({type_name(type(loc))})")
    return loc


def _lookup(r, vmap, name, snap):
    v = r.emit("dict_getitem", [vmap, const_ptr(name)], snap)
    r.emit("guard_nonnull", [v], snap)
    return v


def _absent(r, vmap, name, snap):
    v = r.emit("dict_getitem", [vmap, const_ptr(name)], snap)
    r.emit("guard_isnull", [v], snap)


def rec_STORE_NAME(r, f, dec, pc, arg):
    _namespace(r, f)
    vmap = r.mapping()
    r.generic(f, pc, arg, "call_setitem", [vmap, const_ptr(f.names[arg]), r.peek()], 1,
              push=False)


def rec_DELETE_NAME(r, f, dec, pc, arg):
    loc = _namespace(r, f)
    name = f.names[arg]
    if name not in loc:
        raise Abort(f"del of name {name!r} not defined")   # (the interpreter raises)
    r.generic(f, pc, arg, "call_delitem", [r.mapping(), const_ptr(name)], 0, push=False)


def rec_LOAD_NAME(r, f, dec, pc, arg):
    loc = _namespace(r, f)
    name = f.names[arg]
    snap = r.before()
    vmap = r.mapping()
    g, b = f.globals, f.builtins
    if name in loc:
        value, v = loc[name], _lookup(r, vmap, name, snap)
    else:
        _absent(r, vmap, name, snap)
        if type(g) is not dict or type(b) is not dict:
            raise Abort("globals or builtins not a dict")
        if name in g:
            value, v = g[name], dict_value(r, g, name, snap)
        elif name in b:
            if g is not loc:
                absent(r, g, name, snap)
            value, v = b[name], dict_value(r, b, name, snap)
        else:
            raise Abort(f"name {name!r} not defined")    # (the interpreter raises)
    f.stack.append(value)
    r.push(v)
    r.next(pc + 1)


def rec_LOAD_CLASSDEREF(r, f, dec, pc, arg):
    loc = _namespace(r, f)
    name = dec.localsplus_names[arg]
    snap = r.before()
    vmap = r.mapping()
    if name in loc:
        f.stack.append(loc[name])
        r.push(_lookup(r, vmap, name, snap))
        r.next(pc + 1)
        return
    _absent(r, vmap, name, snap)
    cell = f.fast[arg]
    try:
        value = cell.cell_contents
    except ValueError:
        raise Abort("empty cell") from None
    vcell = r.load_local(arg)
    r.guard_class(vcell, types.CellType)
    f.stack.append(value)
    r.push(r.emit("cell_get", [vcell], snap))
    r.next(pc + 1)


def rec_IMPORT_NAME(r, f, dec, pc, arg):
    """``import m`` / ``from m import x``: a call of ``__import__`` as the
    interpreter makes it (name, globals, the namespace or None, fromlist, level)."""
    b, g = f.builtins, f.globals
    if type(b) is not dict or "__import__" not in b or type(g) is not dict:
        raise Abort("import without a builtins __import__")
    snap = r.before()
    vimport = dict_value(r, b, "__import__", snap)
    vloc = r.mapping() if f.locals is not None else const_ptr(None)
    vlevel, vfromlist = r.peek(2), r.peek(1)
    r.generic(f, pc, arg, "call", [vimport, const_ptr(f.names[arg]), const_ptr(g), vloc,
                                   vfromlist, vlevel], 2)


def rec_IMPORT_FROM(r, f, dec, pc, arg):
    mod = f.stack[-1]
    name = f.names[arg]
    snap = r.before()
    v = module_attr(r, mod, r.peek(), name, snap)
    if v is None:
        raise Abort(f"from-import of {name!r}, not an attribute of a module")
    f.stack.append(r.call_host(import_from, mod, name))
    r.push(v)
    r.next(pc + 1)
