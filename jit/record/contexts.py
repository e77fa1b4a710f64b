"""Recording ``with``: BEFORE_WITH (and refusing BEFORE_ASYNC_WITH: coroutines).

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
__builtins__ = dict(vars(__import__("builtins")))

import types

from pyjit import handlers as H
from pyjit.function import Function

from ..ir import const_ptr
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
        guard_type(r, v, mgr, snap)
        vexit = r.emit("new_method", [class_value(r, t, "__exit__", exit_, snap), v], snap)
        fref = class_value(r, t, "__enter__", enter, snap)
        fast, vfast = bind(r, enter, fref, True, [mgr], [v])
        f.stack[-1] = types.MethodType(exit_, mgr)
        r.pop()
        r.push(vexit)
        push_frame(r, enter, fref, fast, vfast, pc + 1)
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
    raise Abort("async with (coroutines are the next issue's)")
