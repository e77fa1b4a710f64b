"""Recording ``with``: BEFORE_WITH, and BEFORE_ASYNC_WITH of a program class's manager.

A context manager of a program class (VM ``__enter__`` and ``__exit__``,
class guarded with its version): the bound ``__exit__`` is made
(``new_method``) and ``__enter__`` inlined, its value pushed when it returns.
Any other manager (a lock, a file, ``contextlib``'s): both methods looked up
as CPython does (``lookup_special``, guarded present) and ``__enter__`` called.

The exit call on the normal path is the CALL the compiler emits after the
block (``__exit__(None, None, None)``): recorded as any call, inlined for a
program class.  On an exception the trace is left where it was raised, and the
interpreter runs the handler that calls ``__exit__`` with the exception.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import types

from pyjit import handlers as H
from pyjit import opcodes as O
from pyjit.function import Function

from ..ir import const_ptr
from . import awaiting
from .binding import bind
from .core import Abort
from .dunders import _program_class
from .inline import push_frame, refusal
from .objects import class_lookup, class_value, guard_type


def rec_BEFORE_WITH(r, f, dec, pc, arg):
    mgr = f.stack[-1]
    v = r.peek()
    t = type(mgr)
    snap = r.before()
    enter, exit_ = class_lookup(t, "__enter__"), class_lookup(t, "__exit__")
    if _program_class(t) and type(enter) is Function and type(exit_) is Function and \
            refusal(r, enter) is None:
        _enter_inlined(r, f, pc, mgr, v, ("__enter__", enter), ("__exit__", exit_), snap)
        return
    # any other context manager: the host's lookups and call
    venter = r.emit("lookup_special", [v, const_ptr("__enter__")], snap)
    r.emit("guard_nonnull", [venter], snap)
    vexit = r.emit("lookup_special", [v, const_ptr("__exit__")], snap)
    r.emit("guard_nonnull", [vexit], snap)
    r.call_host(H.BEFORE_WITH, f, arg)
    r.pop()
    r.push(vexit)
    r.push(r.emit("call", [venter], snap))
    r.next(pc + 1)


def rec_BEFORE_ASYNC_WITH(r, f, dec, pc, arg):
    """``async with`` a manager of a program class whose ``__aenter__`` and
    ``__aexit__`` are coroutine functions: the bound ``__aexit__`` is made and
    ``__aenter__(mgr)`` is called as ``await f(...)`` is (its coroutine inlined,
    never made: :mod:`.awaiting`); the exit's ``await mgr.__aexit__(None, None,
    None)`` is such a call too.  Other managers stop the recording."""
    mgr = f.stack[-1]
    v = r.peek()
    t = type(mgr)
    enter, exit_ = class_lookup(t, "__aenter__"), class_lookup(t, "__aexit__")
    if not (_program_class(t) and type(enter) is Function and type(exit_) is Function and
            awaiting.send_pc(enter, dec, pc + 1) is not None and
            exit_.code.co_flags & O.CO_COROUTINE):
        raise Abort("async with a manager whose __aenter__/__aexit__ are not coroutine "
                    "functions of its class")
    why = refusal(r, enter, awaited=True)
    reason = why[0] if why is not None else awaiting.may_inline(enter)
    if reason is not None:
        raise Abort(reason)
    # (its RETURN_GENERATOR makes it an awaited coroutine: record.awaiting)
    _enter_inlined(r, f, pc, mgr, v, ("__aenter__", enter), ("__aexit__", exit_), r.before())


def _enter_inlined(r, f, pc, mgr, v, enter, exit_, snap):
    """The manager's bound exit method made (what the stack keeps for the
    exit) and its enter method called inline: ``enter``/``exit_`` are (name,
    Function) of its class."""
    t = type(mgr)
    (enter_name, enter_fn), (exit_name, exit_fn) = enter, exit_
    guard_type(r, v, mgr, snap)
    vexit = r.emit("new_method", [class_value(r, t, exit_name, exit_fn, snap), v], snap)
    fref = class_value(r, t, enter_name, enter_fn, snap)
    fast, vfast = bind(r, enter_fn, fref, True, [mgr], [v])
    f.stack[-1] = types.MethodType(exit_fn, mgr)
    r.pop()
    r.push(vexit)
    push_frame(r, enter_fn, fref, fast, vfast, pc + 1)
