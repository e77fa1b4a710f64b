"""Recording globals and module attributes.

LOAD_GLOBAL, STORE_GLOBAL, DELETE_GLOBAL, and the module case of attribute
loads (:func:`module_attr`, used by :mod:`.objects`).  A global or module
attribute is found behind a version guard on the dict it lives in (the
LOAD_GLOBAL_MODULE/BUILTIN caches' facts); its value becomes a constant if
its lifetime is unobservable, else the trace reads it from the dict.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import types

from pyjit.null import NULL
from pyjit.specialize import versions as V

from .. import ir
from ..ir import Const, const_ptr
from .core import WRITTEN_DICTS, Abort, atomic, kind_guard

_ModuleType = types.ModuleType


def dict_value(r, d, name, snap):
    """The trace value of ``d[name]`` (present now) for a dict the trace may
    hold: a version guard, then a constant, or a read if the value's lifetime is
    observable -- or, for a dict the loop itself writes (a module-level loop's
    globals), a lookup that leaves the trace if the name is gone."""
    value = d[name]
    if r.is_written(d):
        v = r.emit("dict_getitem", [r.dict_ref(d), const_ptr(name)], snap)
        r.emit("guard_nonnull", [v], snap)
        return v
    _guard_version(r, d, snap)
    if atomic(value):
        return r.const_value(value)
    # (the version guard says where it is: the trace must not keep it alive)
    return r.emit("call_getitem", [const_ptr(d), const_ptr(name)], snap)


def rec_LOAD_GLOBAL(r, f, dec, pc, arg):
    name = f.names[arg >> 1]
    g, b = f.globals, f.builtins
    if type(g) is not dict or type(b) is not dict:
        raise Abort("globals or builtins not a dict")
    snap = r.before()
    if name in g:
        value = g[name]
        vv = dict_value(r, g, name, snap)
    elif name in b:
        value = b[name]
        absent(r, g, name, snap)
        vv = dict_value(r, b, name, snap)
    else:
        raise Abort(f"global name {name!r} not defined")   # (the interpreter raises)
    if arg & 1:
        f.stack.append(NULL)
        r.push(ir.NULL_CONST)
    f.stack.append(value)
    r.push(vv)
    r.next(dec.nexts[pc])


def absent(r, d, name, snap):
    """Guard that ``name`` is not in dict ``d`` (absent now)."""
    if r.is_written(d):
        v = r.emit("dict_getitem", [r.dict_ref(d), const_ptr(name)], snap)
        r.emit("guard_isnull", [v], snap)
    else:
        _guard_version(r, d, snap)


# A dict whose version guard failed again after a retrace: the program rebinds
# its names as it runs (a module-level loop's ``total += ...`` changes the globals'
# version at every iteration, failing the guards of every function it calls):
# traces read its names instead (dict_value).  By id (a namespace must not be
# kept alive); an id reused by another dict only costs that dict its constants.
CHANGED: dict = {}     # id(dict) -> how many times its guards made a trace recorded again


def dict_changed(op, fails) -> bool:
    """``op`` is a trace's guard_dict_version that failed ``fails`` times: should
    the trace be recorded again?  Once the version stays changed (a second
    failure); the second time for the same dict, its names are read from then on
    (``WRITTEN_DICTS``)."""
    if fails < 2:
        return False
    d = op.args[0].value
    n = CHANGED[id(d)] = CHANGED.get(id(d), 0) + 1
    if n >= 2:
        WRITTEN_DICTS.add(id(d))
    return True


def _guard_version(r, d, snap):
    """Guard that dict ``d`` is unchanged (LOAD_GLOBAL's DICT_VERSION guard)."""
    kind_guard(r, "DICT_VERSION", [const_ptr(d)], [d], snap, version=V.dict_version_reader(d).value)


def rec_STORE_GLOBAL(r, f, dec, pc, arg):
    g = f.globals
    if type(g) is not dict:
        raise Abort("globals not a dict")
    r.generic(f, pc, arg, "call_setitem", [const_ptr(g), const_ptr(f.names[arg]), r.peek()], 1,
              push=False)


def rec_DELETE_GLOBAL(r, f, dec, pc, arg):
    g = f.globals
    name = f.names[arg]
    if type(g) is not dict or name not in g:
        raise Abort("del of a global name not defined")   # (the interpreter raises)
    r.generic(f, pc, arg, "call_delitem", [const_ptr(g), const_ptr(name)], 0, push=False)


def module_attr(r, o, v, name, snap):
    """The trace value of attribute ``name`` of module ``o`` (trace value ``v``),
    read from its dict; None if that is not how it is found."""
    if type(o) is not _ModuleType:
        return None
    d = o.__dict__
    if type(d) is not dict or name not in d:
        return None
    if not isinstance(v, Const):
        r.emit("guard_value", [v, const_ptr(o)], snap)   # (modules live as long as their name)
    # a module's class may become a subclass (with properties...): checked at run
    # time (type_of is not folded: it can change)
    r.emit("guard_value", [r.emit("type_of", [v]), const_ptr(_ModuleType)], snap)
    return dict_value(r, d, name, snap)
