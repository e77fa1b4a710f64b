"""GET_AWAITABLE and ``async for``'s awaitable of ``__anext__()`` (CPython 3.11's
``_PyCoro_GetAwaitableIter`` and its errors), for the eval loop's handlers and
the builtins that await (moved out of :mod:`pyjit.generators`)."""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import types

from . import opcodes as O
from .generators import Coroutine, Generator
from .null import NULL
from .typelookup import class_lookup, type_name


def get_awaitable(obj, where):
    t = type(obj)
    if t is Coroutine:
        if obj._yieldfrom() is not None:
            raise RuntimeError("coroutine is being awaited already")
        return obj
    if t is types.CoroutineType:
        if obj.cr_await is not None:
            raise RuntimeError("coroutine is being awaited already")
        return obj
    if (t is Generator or t is types.GeneratorType) and \
            obj.gi_code.co_flags & O.CO_ITERABLE_COROUTINE:  # @types.coroutine
        return obj
    meth = class_lookup(t, "__await__")
    if meth is NULL:
        if where == 1:
            raise TypeError(f"'async with' received an object from __aenter__ that does not "
                            f"implement __await__: {t.__name__}")
        if where == 2:
            raise TypeError(f"'async with' received an object from __aexit__ that does not "
                            f"implement __await__: {t.__name__}")
        raise TypeError(f"object {t.__name__} can't be used in 'await' expression")
    res = meth(obj)
    if type(res) is Coroutine or type(res) is types.CoroutineType:
        raise TypeError("__await__() returned a coroutine")
    if not hasattr(type(res), "__next__"):
        raise TypeError(f"__await__() returned non-iterator of type '{type_name(type(res))}'")
    return res


def get_awaitable_from_anext(obj):
    try:
        return get_awaitable(obj, 0)
    except BaseException as e:  # (any error: _PyErr_FormatFromCause)
        raise TypeError(f"'async for' received an invalid object from __anext__: "
                        f"{type_name(type(obj))}") from e
