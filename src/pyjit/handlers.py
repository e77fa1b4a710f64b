"""Opcode handlers of the interp tier that are not inlined in the eval loop.

Each handler is named after its opcode and called as ``handler(frame, arg)``.
It returns ``None`` to continue with the next instruction, or the unit index
to jump to.  Handlers never switch frames: opcodes that push or pop VM frames
(CALL, RETURN_VALUE, YIELD_VALUE, ...) live in the loop in :mod:`pyjit.interp`.
:data:`HANDLERS` is built by name from this module and checked against the
opcode table at import, so every opcode is handled exactly once.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import builtins
import operator
import sys
import types
from collections.abc import Mapping, Sequence

from . import opcodes
from .decode import decode
from .excstate import Reraise, prep_reraise_star, set_exc_info
from .function import NULL, Function

_exception = sys.exception


def _name_error(name):
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
# stack and simple operations

def NOP(f, arg):
    return None


RESUME = EXTENDED_ARG = NOP


def CACHE(f, arg):
    raise SystemError("pyjit: executed a CACHE unit")


def UNARY_POSITIVE(f, arg):
    s = f.stack
    s[-1] = +s[-1]


def UNARY_NEGATIVE(f, arg):
    s = f.stack
    s[-1] = -s[-1]


def UNARY_NOT(f, arg):
    s = f.stack
    s[-1] = not s[-1]


def UNARY_INVERT(f, arg):
    s = f.stack
    s[-1] = ~s[-1]


def SWAP(f, arg):
    s = f.stack
    s[-1], s[-arg] = s[-arg], s[-1]


def COPY(f, arg):
    s = f.stack
    s.append(s[-arg])


def BINARY_SUBSCR(f, arg):
    s = f.stack
    k = s.pop()
    s[-1] = s[-1][k]


def STORE_SUBSCR(f, arg):
    s = f.stack
    k = s.pop()
    c = s.pop()
    c[k] = s.pop()


def DELETE_SUBSCR(f, arg):
    s = f.stack
    k = s.pop()
    del s.pop()[k]


def BUILD_SLICE(f, arg):
    s = f.stack
    if arg == 3:
        st = s.pop()
        b = s.pop()
        s[-1] = slice(s[-1], b, st)
    else:
        b = s.pop()
        s[-1] = slice(s[-1], b)


def IS_OP(f, arg):
    s = f.stack
    r = s.pop()
    s[-1] = (s[-1] is r) ^ bool(arg)


def CONTAINS_OP(f, arg):
    s = f.stack
    r = s.pop()
    s[-1] = (s[-1] in r) ^ bool(arg)


def GET_LEN(f, arg):
    s = f.stack
    s.append(len(s[-1]))


# ---------------------------------------------------------------------------
# building containers

def BUILD_TUPLE(f, arg):
    s = f.stack
    if arg:
        t = tuple(s[-arg:])
        del s[-arg:]
    else:
        t = ()
    s.append(t)


def BUILD_LIST(f, arg):
    s = f.stack
    if arg:
        t = s[-arg:]
        del s[-arg:]
    else:
        t = []
    s.append(t)


def BUILD_SET(f, arg):
    s = f.stack
    r = set()
    if arg:
        for v in s[-arg:]:
            r.add(v)
        del s[-arg:]
    s.append(r)


def BUILD_MAP(f, arg):
    s = f.stack
    d = {}
    if arg:
        items = s[-2 * arg:]
        del s[-2 * arg:]
        for i in range(0, 2 * arg, 2):
            d[items[i]] = items[i + 1]
    s.append(d)


def BUILD_CONST_KEY_MAP(f, arg):
    s = f.stack
    keys = s.pop()
    vals = s[-arg:] if arg else []
    if arg:
        del s[-arg:]
    d = {}
    for k, v in zip(keys, vals):
        d[k] = v
    s.append(d)


def BUILD_STRING(f, arg):
    s = f.stack
    if arg:
        r = "".join(s[-arg:])
        del s[-arg:]
    else:
        r = ""
    s.append(r)


def LIST_APPEND(f, arg):
    s = f.stack
    v = s.pop()
    s[-arg].append(v)


def SET_ADD(f, arg):
    s = f.stack
    v = s.pop()
    s[-arg].add(v)


def MAP_ADD(f, arg):
    s = f.stack
    v = s.pop()
    k = s.pop()
    s[-arg][k] = v


def LIST_EXTEND(f, arg):
    s = f.stack
    v = s.pop()
    if not hasattr(type(v), "__iter__") and not hasattr(type(v), "__getitem__"):
        raise TypeError(f"Value after * must be an iterable, not {type(v).__name__}")
    s[-arg].extend(v)


def LIST_TO_TUPLE(f, arg):
    s = f.stack
    s[-1] = tuple(s[-1])


def SET_UPDATE(f, arg):
    s = f.stack
    v = s.pop()
    s[-arg].update(v)


def DICT_UPDATE(f, arg):
    s = f.stack
    v = s.pop()
    if not hasattr(v, "keys"):
        raise TypeError(f"'{type(v).__name__}' object is not a mapping")
    s[-arg].update(v)


def DICT_MERGE(f, arg):
    # f(**a, **b): a duplicate keyword is an error, reported as CPython's format_kwargs_error
    s = f.stack
    v = s.pop()
    d = s[-arg]
    func = s[-arg - 2] if s[-arg - 3] is NULL else s[-arg - 3]
    if not hasattr(v, "keys"):
        raise TypeError(f"{funcstr(func)} argument after ** must be a mapping, "
                        f"not {type(v).__name__}")
    keys = v.keys()
    for k in keys:
        if k in d:
            raise TypeError(f"{funcstr(func)} got multiple values for keyword argument '{k}'")
        d[k] = v[k]


def funcstr(func):
    """CPython's _PyObject_FunctionStr: how call errors name a callable."""
    try:
        qualname = func.__qualname__
    except AttributeError:
        return str(func)
    module = getattr(func, "__module__", None)
    if module is not None and module != "builtins":
        return f"{module}.{qualname}()"
    return f"{qualname}()"


# ---------------------------------------------------------------------------
# unpacking

def UNPACK_SEQUENCE(f, arg):
    s = f.stack
    seq = s.pop()
    t = type(seq)
    if (t is tuple or t is list) and len(seq) == arg:
        s.extend(seq[::-1])
        return
    if not hasattr(type(seq), "__iter__") and not hasattr(type(seq), "__getitem__"):
        raise TypeError(f"cannot unpack non-iterable {type(seq).__name__} object")
    it = iter(seq)
    items = []
    for v in it:
        items.append(v)
        if len(items) > arg:
            raise ValueError(f"too many values to unpack (expected {arg})")
    if len(items) < arg:
        raise ValueError(f"not enough values to unpack (expected {arg}, got {len(items)})")
    s.extend(items[::-1])


def UNPACK_EX(f, arg):
    s = f.stack
    before, after = arg & 0xFF, arg >> 8
    seq = s.pop()
    if not hasattr(type(seq), "__iter__") and not hasattr(type(seq), "__getitem__"):
        raise TypeError(f"cannot unpack non-iterable {type(seq).__name__} object")
    items = list(seq)
    if len(items) < before + after:
        raise ValueError(f"not enough values to unpack (expected at least {before + after}, "
                         f"got {len(items)})")
    mid = items[before:len(items) - after]
    res = items[:before] + [mid] + items[len(items) - after:]
    s.extend(res[::-1])


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
    raise _name_error(name)  # outside the except: the user's exception is the context


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
    g = f.globals
    if name in g:
        f.stack.append(g[name])
        return
    v = f.builtins.get(name, NULL)
    if v is NULL:
        raise _name_error(name)
    f.stack.append(v)


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
    raise _name_error(name)


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
    if ann is not None and isinstance(ann, tuple):
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
# formatting

_CONVERSIONS = (None, str, repr, ascii)


def FORMAT_VALUE(f, arg):
    s = f.stack
    spec = s.pop() if arg & 0x04 else ""
    v = s.pop()
    conv = _CONVERSIONS[arg & 0x03]
    if conv is not None:
        v = conv(v)
    if type(v) is str and not spec:
        s.append(v)
    else:
        s.append(format(v, spec))


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
    if isinstance(pkgname, str):
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
    if not isinstance(pkgpath, str):
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
        if not isinstance(n, str):
            modname = getattr(mod, "__name__", "?")
            where = f"{modname}.__all__" if not skip else f"{modname}.__dict__"
            raise TypeError(f"Item in {where} must be str, not {type(n).__name__}")
        if skip and n.startswith("_"):
            continue
        loc[n] = getattr(mod, n)


# ---------------------------------------------------------------------------
# iteration

def GET_ITER(f, arg):
    s = f.stack
    s[-1] = iter(s[-1])


def GET_YIELD_FROM_ITER(f, arg):
    s = f.stack
    v = s[-1]
    t = type(v)
    if t is _gen.Coroutine or t is types.CoroutineType:
        if not f.code.co_flags & (opcodes.CO_COROUTINE | opcodes.CO_ITERABLE_COROUTINE):
            raise TypeError("cannot 'yield from' a coroutine object in a non-coroutine generator")
    elif t is not _gen.Generator and t is not types.GeneratorType:
        s[-1] = iter(v)


# ---------------------------------------------------------------------------
# exceptions

def PUSH_EXC_INFO(f, arg):
    s = f.stack
    v = s[-1]
    s[-1] = _exception()
    s.append(v)
    set_exc_info(v)


def POP_EXCEPT(f, arg):
    set_exc_info(f.stack.pop())


def _check_except_type(t, star=False):
    types_ = t if isinstance(t, tuple) else (t,)
    for x in types_:
        if not (isinstance(x, type) and issubclass(x, BaseException)):
            raise TypeError("catching classes that do not inherit from BaseException is not "
                            "allowed")
        if star and issubclass(x, BaseExceptionGroup):
            raise TypeError("catching ExceptionGroup with except* is not allowed. Use except "
                            "instead.")


def CHECK_EXC_MATCH(f, arg):
    s = f.stack
    t = s.pop()
    _check_except_type(t)
    s.append(isinstance(s[-1], t))


def CHECK_EG_MATCH(f, arg):
    s = f.stack
    match_type = s.pop()
    exc = s.pop()
    _check_except_type(match_type, star=True)
    if exc is None:
        match = rest = None
    elif isinstance(exc, match_type):
        if isinstance(exc, BaseExceptionGroup):
            match = exc
        else:
            match = BaseExceptionGroup("", [exc])
            match.__traceback__ = exc.__traceback__
        rest = None
    elif isinstance(exc, BaseExceptionGroup):
        match, rest = exc.split(match_type)
    else:
        match = rest = None
    if match is None:
        s.append(exc)
        s.append(None)
        return
    s.append(rest)
    s.append(match)
    set_exc_info(match)


def PREP_RERAISE_STAR(f, arg):
    s = f.stack
    excs = s.pop()
    orig = s[-1]
    s[-1] = prep_reraise_star(orig, excs)


# ---------------------------------------------------------------------------
# with / async with

def _lookup_special(obj, name):
    for klass in type(obj).__mro__:
        d = klass.__dict__
        if name in d:
            v = d[name]
            get = getattr(type(v), "__get__", None)
            return v if get is None else get(v, obj, type(obj))
    return NULL


def BEFORE_WITH(f, arg):
    s = f.stack
    mgr = s[-1]
    enter = _lookup_special(mgr, "__enter__")
    if enter is NULL:
        raise TypeError(f"'{type(mgr).__name__}' object does not support the context manager "
                        "protocol")
    exit_ = _lookup_special(mgr, "__exit__")
    if exit_ is NULL:
        raise TypeError(f"'{type(mgr).__name__}' object does not support the context manager "
                        "protocol (missed __exit__ method)")
    s[-1] = exit_
    s.append(CALL_HOOK(enter, ()))


def BEFORE_ASYNC_WITH(f, arg):
    s = f.stack
    mgr = s[-1]
    enter = _lookup_special(mgr, "__aenter__")
    if enter is NULL:
        raise TypeError(f"'{type(mgr).__name__}' object does not support the asynchronous "
                        "context manager protocol")
    exit_ = _lookup_special(mgr, "__aexit__")
    if exit_ is NULL:
        raise TypeError(f"'{type(mgr).__name__}' object does not support the asynchronous "
                        "context manager protocol (missed __aexit__ method)")
    s[-1] = exit_
    s.append(CALL_HOOK(enter, ()))


def WITH_EXCEPT_START(f, arg):
    s = f.stack
    val = s[-1]
    exit_func = s[-4]
    s.append(CALL_HOOK(exit_func, (type(val), val, val.__traceback__)))


# ---------------------------------------------------------------------------
# pattern matching

def MATCH_MAPPING(f, arg):
    s = f.stack
    s.append(isinstance(s[-1], Mapping))


def MATCH_SEQUENCE(f, arg):
    s = f.stack
    v = s[-1]
    s.append(isinstance(v, Sequence) and not isinstance(v, (str, bytes, bytearray)))


def MATCH_KEYS(f, arg):
    s = f.stack
    keys = s[-1]
    subject = s[-2]
    if not keys:
        s.append(())
        return
    get = subject.get
    dummy = object()
    seen = set()
    values = []
    for k in keys:
        if k in seen:
            raise ValueError(f"mapping pattern checks duplicate key ({k!r})")
        seen.add(k)
        v = get(k, dummy)
        if v is dummy:
            s.append(None)
            return
        values.append(v)
    s.append(tuple(values))


def MATCH_CLASS(f, arg):
    s = f.stack
    names = s.pop()
    cls = s.pop()
    subject = s.pop()
    s.append(match_class(subject, cls, arg, names))


_MATCH_SELF = (bool, bytearray, bytes, dict, float, frozenset, int, list, set, str, tuple)


def match_class(subject, cls, nargs, kwnames):
    if not isinstance(cls, type):
        raise TypeError(f"called match pattern must be a type")
    if not isinstance(subject, cls):
        return None
    seen = []
    attrs = []
    match_self = False
    if nargs:
        try:
            match_args = cls.__match_args__
        except AttributeError:
            match_args = None
        if match_args is None:
            match_self = any(c in _MATCH_SELF for c in cls.__mro__) and \
                any(issubclass(cls, c) for c in _MATCH_SELF)
            allowed = 1 if match_self else 0
            if nargs > allowed:
                plural = "" if allowed == 1 else "s"
                raise TypeError(f"{cls.__name__}() accepts {allowed} positional sub-pattern{plural}"
                                f" ({nargs} given)")
        else:
            if not isinstance(match_args, tuple):
                raise TypeError(f"{cls.__name__}.__match_args__ must be a tuple (got "
                                f"{type(match_args).__name__})")
            if nargs > len(match_args):
                plural = "" if len(match_args) == 1 else "s"
                raise TypeError(f"{cls.__name__}() accepts {len(match_args)} positional "
                                f"sub-pattern{plural} ({nargs} given)")
        for i in range(nargs):
            if match_self:
                attrs.append(subject)
                continue
            name = match_args[i]
            if not isinstance(name, str):
                raise TypeError(f"__match_args__ elements must be strings (got "
                                f"{type(name).__name__})")
            if name in seen:
                raise TypeError(f"{cls.__name__}() got multiple sub-patterns for attribute "
                                f"{name!r}")
            seen.append(name)
            try:
                attrs.append(getattr(subject, name))
            except AttributeError:
                return None
    for name in kwnames:
        if name in seen:
            raise TypeError(f"{cls.__name__}() got multiple sub-patterns for attribute {name!r}")
        seen.append(name)
        try:
            attrs.append(getattr(subject, name))
        except AttributeError:
            return None
    return tuple(attrs)


# ---------------------------------------------------------------------------
# async

def GET_AWAITABLE(f, arg):
    s = f.stack
    s[-1] = _gen.get_awaitable(s[-1], arg)


def GET_AITER(f, arg):
    s = f.stack
    obj = s[-1]
    meth = _lookup_special(obj, "__aiter__")
    if meth is NULL:
        raise TypeError(f"'async for' requires an object with __aiter__ method, got "
                        f"{type(obj).__name__}")
    it = CALL_HOOK(meth, ())
    if _lookup_special(it, "__anext__") is NULL:
        raise TypeError(f"'async for' received an object from __aiter__ that does not "
                        f"implement __anext__: {type(it).__name__}")
    s[-1] = it


def GET_ANEXT(f, arg):
    s = f.stack
    it = s[-1]
    if type(it) is _gen.AsyncGenerator:
        s.append(it.__anext__())
        return
    meth = _lookup_special(it, "__anext__")
    if meth is NULL:
        raise TypeError(f"'async for' requires an iterator with __anext__ method, got "
                        f"{type(it).__name__}")
    s.append(_gen.get_awaitable_from_anext(CALL_HOOK(meth, ())))


def END_ASYNC_FOR(f, arg):
    s = f.stack
    exc = s.pop()
    if isinstance(exc, StopAsyncIteration):
        s.pop()  # the async iterator
        return None
    raise Reraise(exc)


def RERAISE(f, arg):
    s = f.stack
    exc = s.pop()
    if arg:
        f.lasti = s[-arg]  # only where the frame reports itself; handlers use this pc
    raise Reraise(exc)


def RAISE_VARARGS(f, arg):
    s = f.stack
    if arg == 0:
        exc = _exception()
        if exc is None:
            raise RuntimeError("No active exception to reraise")
        raise Reraise(exc)
    cause = s.pop() if arg == 2 else NULL
    exc = s.pop()
    if isinstance(exc, type) and issubclass(exc, BaseException):
        cls, exc = exc, CALL_HOOK(exc, ())
        if not isinstance(exc, BaseException):
            raise TypeError(f"calling {cls!r} should have returned an instance of "
                            f"BaseException, not {type(exc)!r}")
    elif not isinstance(exc, BaseException):
        raise TypeError("exceptions must derive from BaseException")
    if cause is not NULL:
        if isinstance(cause, type) and issubclass(cause, BaseException):
            cause = CALL_HOOK(cause, ())
        elif cause is not None and not isinstance(cause, BaseException):
            raise TypeError("exception causes must derive from BaseException")
        exc.__cause__ = cause
    raise exc


def ASYNC_GEN_WRAP(f, arg):
    s = f.stack
    s[-1] = _gen.AsyncGenWrapped(s[-1])


# Calls made by handlers (``__enter__``, ``__exit__``...) go through the host
# call; interp.py may replace this hook.
def CALL_HOOK(fn, args):
    return fn(*args)


# ---------------------------------------------------------------------------
# the table

# ---------------------------------------------------------------------------
# control flow not executed inline (returning the next unit when it jumps)

def JUMP_FORWARD(f, arg):
    return arg


JUMP_BACKWARD_NO_INTERRUPT = JUMP_FORWARD


def FOR_ITER(f, arg):
    s = f.stack
    try:
        s.append(next(s[-1]))
    except StopIteration:
        s.pop()
        return arg
    return None


def POP_JUMP_FORWARD_IF_NONE(f, arg):
    if f.stack.pop() is None:
        return arg
    return None


def POP_JUMP_FORWARD_IF_NOT_NONE(f, arg):
    if f.stack.pop() is not None:
        return arg
    return None


POP_JUMP_BACKWARD_IF_NONE = POP_JUMP_FORWARD_IF_NONE
POP_JUMP_BACKWARD_IF_NOT_NONE = POP_JUMP_FORWARD_IF_NOT_NONE


def JUMP_IF_FALSE_OR_POP(f, arg):
    s = f.stack
    if not s[-1]:
        return arg
    s.pop()
    return None


def JUMP_IF_TRUE_OR_POP(f, arg):
    s = f.stack
    if s[-1]:
        return arg
    s.pop()
    return None


INLINE = frozenset({
    # executed by the eval loop itself (frame switches and hot paths)
    "LOAD_FAST", "STORE_FAST", "LOAD_CONST", "LOAD_GLOBAL", "BINARY_OP", "COMPARE_OP",
    "POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE", "POP_JUMP_BACKWARD_IF_FALSE",
    "POP_JUMP_BACKWARD_IF_TRUE", "JUMP_BACKWARD",
    "LOAD_ATTR", "LOAD_METHOD", "PRECALL", "CALL", "KW_NAMES", "CALL_FUNCTION_EX",
    "RETURN_VALUE", "POP_TOP", "PUSH_NULL", "RETURN_GENERATOR", "YIELD_VALUE", "SEND",
})

HANDLERS = [None] * 256
for _info in opcodes.BY_CODE:
    if _info is None or _info.name in INLINE:
        continue
    HANDLERS[_info.code] = globals()[_info.name]
assert INLINE <= set(opcodes.OPS), INLINE - set(opcodes.OPS)
del _info


# Generators import the eval loop, which imports this module: bind the module
# object last (names are looked up at call time; never import while running,
# which fails during interpreter shutdown).
from . import generators as _gen  # noqa: E402
