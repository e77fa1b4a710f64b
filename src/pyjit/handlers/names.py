"""Handlers: names -- locals, globals, module and class namespaces, cells,
attributes, functions and classes being made, imports; and the errors an
unbound name raises (also raised by the eval loops, blocks and the JIT)."""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import sys
import types

from ..decode import decode
from ..function import NULL, Function
from ..typelookup import type_name

_dict_get = dict.get


def name_error(name):
    return NameError(f"name '{name}' is not defined", name=name)


def _localsplus_name(code, i):
    return decode(code).localsplus_names[i]


def unbound_local(code, i):
    name = code.co_varnames[i]
    return UnboundLocalError(f"cannot access local variable '{name}' where it is not "
                             "associated with a value")


def unbound_free(code, i):
    name = _localsplus_name(code, i)
    if name in code.co_cellvars:
        return UnboundLocalError(f"cannot access local variable '{name}' where it is not "
                                 "associated with a value")
    return NameError(f"cannot access free variable '{name}' where it is not associated "
                     "with a value in enclosing scope", name=name)


# ---------------------------------------------------------------------------
# names

def STORE_NAME(f, arg):
    name = f.names[arg]
    loc = f.locals
    if loc is None:
        raise SystemError(f"no locals found when storing '{name}'")
    loc[name] = f.stack.pop()


def DELETE_NAME(f, arg):
    name = f.names[arg]
    try:
        del f.locals[name]
    except KeyError:
        pass
    else:
        return
    raise name_error(name)  # outside the except: the user's exception is the context


def LOAD_NAME(f, arg):
    name = f.names[arg]
    loc = f.locals
    if type(loc) is dict:
        if name in loc:
            f.stack.append(loc[name])
            return
    else:
        try:
            f.stack.append(loc[name])
            return
        except KeyError:
            pass
    # (CPython: the globals by PyDict_GetItem, whatever their class; builtins
    # that are not exactly a dict by their __getitem__)
    v = _dict_get(f.globals, name, NULL)
    if v is NULL:
        b = f.builtins
        if type(b) is dict:
            v = b.get(name, NULL)
        else:
            try:
                v = b[name]
            except KeyError:
                pass
        if v is NULL:
            raise name_error(name)
    f.stack.append(v)


def load_global_slow(f, name):
    """LOAD_GLOBAL of a name the dicts' ``get`` did not find in the globals and
    the builtins, or with globals that are not exactly a dict: CPython's slow
    path then looks both up by ``__getitem__`` (a dict subclass's
    ``__missing__`` answers), a KeyError in both is the NameError.  (The eval
    loops read a name the globals' ``get`` finds directly.)"""
    g, b = f.globals, f.builtins
    v = NULL
    if type(g) is not dict or type(b) is not dict:
        try:
            v = g[name]
        except KeyError:
            pass
        if v is NULL:
            try:
                v = b[name]
            except KeyError:
                pass
    if v is NULL:
        raise name_error(name)  # (outside the except: no KeyError as its context)
    return v


def STORE_GLOBAL(f, arg):
    f.globals[f.names[arg]] = f.stack.pop()


def DELETE_GLOBAL(f, arg):
    name = f.names[arg]
    try:
        del f.globals[name]
    except KeyError:
        pass
    else:
        return
    raise name_error(name)


def DELETE_FAST(f, arg):
    if f.fast[arg] is NULL:
        raise unbound_local(f.code, arg)
    f.fast[arg] = NULL


def STORE_ATTR(f, arg):
    s = f.stack
    o = s.pop()
    setattr(o, f.names[arg], s.pop())


def DELETE_ATTR(f, arg):
    delattr(f.stack.pop(), f.names[arg])


# ---------------------------------------------------------------------------
# cells

def MAKE_CELL(f, arg):
    fast = f.fast
    v = fast[arg]
    fast[arg] = types.CellType() if v is NULL else types.CellType(v)


def COPY_FREE_VARS(f, arg):
    fast = f.fast
    closure = f.func.closure
    off = len(fast) - arg
    for i in range(arg):
        fast[off + i] = closure[i]


def LOAD_CLOSURE(f, arg):
    f.stack.append(f.fast[arg])


def LOAD_DEREF(f, arg):
    try:
        f.stack.append(f.fast[arg].cell_contents)
    except ValueError:
        pass
    else:
        return
    raise unbound_free(f.code, arg)


def LOAD_CLASSDEREF(f, arg):
    name = _localsplus_name(f.code, arg)
    loc = f.locals
    try:
        f.stack.append(loc[name])
        return
    except KeyError:
        pass
    LOAD_DEREF(f, arg)


def STORE_DEREF(f, arg):
    f.fast[arg].cell_contents = f.stack.pop()


def DELETE_DEREF(f, arg):
    cell = f.fast[arg]
    try:
        del cell.cell_contents
    except ValueError:
        pass
    else:
        return
    raise unbound_free(f.code, arg)


# ---------------------------------------------------------------------------
# functions and classes

def MAKE_FUNCTION(f, arg):
    s = f.stack
    code = s.pop()
    closure = s.pop() if arg & 0x08 else None
    ann = s.pop() if arg & 0x04 else None
    kwdefaults = s.pop() if arg & 0x02 else None
    defaults = s.pop() if arg & 0x01 else None
    if ann is not None and issubclass(type(ann), tuple):
        ann = {ann[i]: ann[i + 1] for i in range(0, len(ann), 2)}
    s.append(Function(code, f.globals, code.co_name, defaults, closure, kwdefaults, ann,
                      code.co_qualname))


def LOAD_BUILD_CLASS(f, arg):
    bc = f.builtins.get("__build_class__", NULL)
    if bc is NULL:
        raise NameError("__build_class__ not found")
    f.stack.append(bc)


def SETUP_ANNOTATIONS(f, arg):
    loc = f.locals
    if loc is None:
        raise SystemError("no locals found when setting up annotations")
    if type(loc) is dict:
        if "__annotations__" not in loc:
            loc["__annotations__"] = {}
    else:
        try:
            loc["__annotations__"]
        except KeyError:
            loc["__annotations__"] = {}


def LOAD_ASSERTION_ERROR(f, arg):
    f.stack.append(AssertionError)


def PRINT_EXPR(f, arg):
    v = f.stack.pop()
    hook = getattr(sys, "displayhook", None)
    if hook is None:
        raise RuntimeError("lost sys.displayhook")
    hook(v)


# ---------------------------------------------------------------------------
# imports

def IMPORT_NAME(f, arg):
    s = f.stack
    fromlist = s.pop()
    level = s[-1]
    name = f.names[arg]
    imp = f.builtins.get("__import__", NULL)
    if imp is NULL:
        raise ImportError("__import__ not found")
    loc = f.locals
    s[-1] = imp(name, f.globals, loc if loc is not None else None, fromlist, level)


def IMPORT_FROM(f, arg):
    s = f.stack
    s.append(import_from(s[-1], f.names[arg]))


def import_from(mod, name):
    try:
        return getattr(mod, name)
    except AttributeError:
        pass
    pkgname = getattr(mod, "__name__", None)
    if issubclass(type(pkgname), str):
        full = f"{pkgname}.{name}"
        x = sys.modules.get(full)
        if x is not None:
            return x
    else:
        pkgname = None
    shown = pkgname if pkgname is not None else "<unknown module name>"
    pkgpath = getattr(mod, "__file__", None)
    spec = getattr(mod, "__spec__", None)
    initializing = bool(getattr(spec, "_initializing", False))
    if not issubclass(type(pkgpath), str):
        if initializing:
            msg = (f"cannot import name {name!r} from partially initialized module {shown!r} "
                   "(most likely due to a circular import)")
        else:
            msg = f"cannot import name {name!r} from {shown!r} (unknown location)"
        raise ImportError(msg, name=pkgname, path=None)
    if initializing:
        msg = (f"cannot import name {name!r} from partially initialized module {shown!r} "
               f"(most likely due to a circular import) ({pkgpath})")
    else:
        msg = f"cannot import name {name!r} from {shown!r} ({pkgpath})"
    raise ImportError(msg, name=pkgname, path=pkgpath)


def IMPORT_STAR(f, arg):
    mod = f.stack.pop()
    loc = f.locals
    if loc is None:
        raise SystemError("no locals found during 'import *'")
    try:
        names = mod.__all__
        skip = False
    except AttributeError:
        try:
            names = list(mod.__dict__)
        except AttributeError:
            raise ImportError("from-import-* object has no __dict__ and no __all__") from None
        skip = True
    for n in names:
        if not issubclass(type(n), str):
            modname = getattr(mod, "__name__", "?")
            where = f"{modname}.__all__" if not skip else f"{modname}.__dict__"
            raise TypeError(f"Item in {where} must be str, not {type_name(type(n))}")
        if skip and n.startswith("_"):
            continue
        loc[n] = getattr(mod, n)
