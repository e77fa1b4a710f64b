"""Handlers: generators, coroutines and async generators -- ``yield from``
and ``await`` operands, ``async for``, ``async with``."""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import types

from .. import generators as _gen
from ..awaitables import get_awaitable, get_awaitable_from_anext
from .. import opcodes
from ..excstate import Reraise
from ..null import NULL
from .exceptions import _lookup_special, enter_context
from ..typelookup import type_name

def GET_YIELD_FROM_ITER(f, arg):
    s = f.stack
    v = s[-1]
    t = type(v)
    if t is _gen.Coroutine or t is types.CoroutineType:
        if not f.code.co_flags & (opcodes.CO_COROUTINE | opcodes.CO_ITERABLE_COROUTINE):
            raise TypeError("cannot 'yield from' a coroutine object in a non-coroutine generator")
    elif t is not _gen.Generator and t is not types.GeneratorType:
        s[-1] = iter(v)


def BEFORE_ASYNC_WITH(f, arg):
    enter_context(f.stack, "__aenter__", "__aexit__", "asynchronous context manager")


# ---------------------------------------------------------------------------
# async

def GET_AWAITABLE(f, arg):
    s = f.stack
    s[-1] = get_awaitable(s[-1], arg)


def GET_AITER(f, arg):
    s = f.stack
    obj = s[-1]
    meth = _lookup_special(obj, "__aiter__")
    if meth is NULL:
        raise TypeError(f"'async for' requires an object with __aiter__ method, got "
                        f"{type_name(type(obj))}")
    it = meth()
    if _lookup_special(it, "__anext__") is NULL:
        raise TypeError(f"'async for' received an object from __aiter__ that does not "
                        f"implement __anext__: {type_name(type(it))}")
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
                        f"{type_name(type(it))}")
    s.append(get_awaitable_from_anext(meth()))


def END_ASYNC_FOR(f, arg):
    s = f.stack
    exc = s.pop()
    if issubclass(type(exc), StopAsyncIteration):
        s.pop()  # the async iterator
        return None
    raise Reraise(exc)


def ASYNC_GEN_WRAP(f, arg):
    s = f.stack
    s[-1] = _gen.AsyncGenWrapped(s[-1])
