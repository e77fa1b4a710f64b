"""Handlers: exceptions -- the handled-exception state, ``except``/``except*``
matching, raising and re-raising, and ``with`` blocks (whose ``__exit__`` is
how they handle exceptions)."""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import sys

from .. import opcodes as O
from ..excstate import CALLERS, Reraise, prep_reraise_star, saved_exc, set_exc_info
from ..jumps import in_outer_handler
from ..null import NULL
from ..typelookup import (class_lookup, exc_traceback, set_exc_cause,
                         set_exc_traceback, type_mro, type_name)

_exception = sys.exception
_GEN_FLAGS = O.CO_GENERATOR | O.CO_COROUTINE | O.CO_ASYNC_GENERATOR
_PUSH_EXC_INFO = O.PUSH_EXC_INFO

# ---------------------------------------------------------------------------
# exceptions

def PUSH_EXC_INFO(f, arg):
    s = f.stack
    v = s[-1]
    prev = _exception()
    if f.code.co_flags & _GEN_FLAGS and not _in_own_handler(f):
        # CPython saves the generator's own handled exception (its exc_state,
        # None outside its except blocks): the thread's is its caller's, and
        # POP_EXCEPT after a yield must give back the exception of whoever
        # resumed it then, not the first caller's (see excstate.CALLERS)
        prev = CALLERS
    s[-1] = prev
    s.append(v)
    set_exc_info(v)


def _in_own_handler(f):
    """Is generator frame ``f``, at its PUSH_EXC_INFO, inside an except block
    of its own (whose exception is then the one to save)?  (Unsure -- the
    frame's pc elsewhere -- says yes: the thread's handled exception is saved.)"""
    pc = f.pc
    if not 0 <= pc < len(f.dec.ops) or f.dec.ops[pc] != _PUSH_EXC_INFO:
        return True
    return in_outer_handler(f.code, pc)


def POP_EXCEPT(f, arg):
    v = f.stack.pop()
    if v is CALLERS:
        v = saved_exc(f, v)
    set_exc_info(v)


def _check_except_type(t, star=False):
    """Raise if ``t`` cannot be an ``except`` clause's; else whether every class in it
    is made by ``type`` (then issubclass runs no hook: see exception_matches)."""
    types_ = t if issubclass(type(t), tuple) else (t,)
    plain = type(t) is tuple or types_ is not t
    for x in types_:
        tx = type(x)
        if not (issubclass(tx, type) and issubclass(x, BaseException)):
            raise TypeError("catching classes that do not inherit from BaseException is not "
                            "allowed")
        if star and issubclass(x, BaseExceptionGroup):
            raise TypeError("catching ExceptionGroup with except* is not allowed. Use except "
                            "instead.")
        if tx is not type:
            plain = False
    return plain


def CHECK_EXC_MATCH(f, arg):
    s = f.stack
    t = s.pop()
    if type(t) is type and issubclass(t, BaseException):   # (the usual: one class)
        s.append(issubclass(type(s[-1]), t))
        return
    if _check_except_type(t):
        s.append(issubclass(type(s[-1]), t))
    else:
        s.append(exception_matches(s[-1], t))


def exception_matches(exc, t):
    """PyErr_GivenExceptionMatches(exc, t) for an exception instance: ``t`` (or
    an item of a tuple ``t``, nested) is in the MRO of ``exc``'s class -- as
    ``except`` matches, no __instancecheck__ or __subclasscheck__ runs (an ABC's
    registered classes are not caught) and ``exc`` is not asked its __class__."""
    if type(t) is type or (type(t) is tuple and tuple(map(type, t)).count(type) == len(t)):
        return issubclass(type(exc), t)    # (classes whose metaclass is type: no hook runs)
    if issubclass(type(t), tuple):
        for x in t:
            if exception_matches(exc, x):
                return True
        return False
    for k in type_mro(type(exc)):
        if k is t:
            return True
    return False


def CHECK_EG_MATCH(f, arg):
    s = f.stack
    match_type = s.pop()
    exc = s.pop()
    _check_except_type(match_type, star=True)
    if exc is None:
        match = rest = None
    elif exception_matches(exc, match_type):
        if issubclass(type(exc), BaseExceptionGroup):
            match = exc
        else:
            match = BaseExceptionGroup("", [exc])
            set_exc_traceback(match, exc_traceback(exc))
        rest = None
    elif issubclass(type(exc), BaseExceptionGroup):
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
    v = class_lookup(type(obj), name)
    if v is NULL:
        return NULL
    get = getattr(type(v), "__get__", None)
    return v if get is None else get(v, obj, type(obj))


def enter_context(s, enter_name, exit_name, protocol):
    """BEFORE_WITH / BEFORE_ASYNC_WITH: [mgr] -> [exit method, enter()'s value]."""
    mgr = s[-1]
    enter = _lookup_special(mgr, enter_name)
    if enter is NULL:
        raise TypeError(f"'{type_name(type(mgr))}' object does not support the {protocol} "
                        "protocol")
    exit_ = _lookup_special(mgr, exit_name)
    if exit_ is NULL:
        raise TypeError(f"'{type_name(type(mgr))}' object does not support the {protocol} "
                        f"protocol (missed {exit_name} method)")
    s[-1] = exit_
    s.append(enter())


def BEFORE_WITH(f, arg):
    enter_context(f.stack, "__enter__", "__exit__", "context manager")


def WITH_EXCEPT_START(f, arg):
    s = f.stack
    val = s[-1]
    exit_func = s[-4]
    s.append(exit_func(type(val), val, exc_traceback(val)))


def RERAISE(f, arg):
    s = f.stack
    exc = s.pop()
    if arg:
        f.lasti = s[-arg]  # only where the frame reports itself; handlers use this pc
        raise Reraise(exc, f.lasti)
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
    if issubclass(type(exc), type) and issubclass(exc, BaseException):   # (PyType_Check)
        cls, exc = exc, exc()
        if not issubclass(type(exc), BaseException):
            raise TypeError(f"calling {cls!r} should have returned an instance of "
                            f"BaseException, not {type(exc)!r}")
    elif not issubclass(type(exc), BaseException):
        raise TypeError("exceptions must derive from BaseException")
    if cause is not NULL:
        if issubclass(type(cause), type) and issubclass(cause, BaseException):
            cause = cause()
        elif cause is not None and not issubclass(type(cause), BaseException):
            raise TypeError("exception causes must derive from BaseException")
        set_exc_cause(exc, cause)
    raise exc
