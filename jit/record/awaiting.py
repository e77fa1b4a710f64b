"""Recording ``await f(...)``: a coroutine made and awaited in the trace, inlined as a call.

``await f(x)`` compiles (3.11) to ``CALL`` (the coroutine is made: f's frame
runs its RETURN_GENERATOR), ``GET_AWAITABLE 0``, ``LOAD_CONST None`` and
``SEND`` (the coroutine resumed with None, ``Coroutine._resume``).  When the
coroutine returns without suspending -- an ``await`` chain of program
coroutines that compute -- that is a call: the recorder inlines f's body as
it inlines any VM function, and the trace never builds the coroutine object
nor its frame (f's locals live in registers, as a call's do).

* The call is entered as a ``call`` frame (its prologue -- MAKE_CELL,
  COPY_FREE_VARS -- is an ordinary callee's; leaving there, the interpreter
  runs the RETURN_GENERATOR and the caller's await itself).
* At its RETURN_GENERATOR the frame becomes kind ``await`` (``ir.FRAME_KINDS``):
  the coroutine is made for real (the program runs for real while recording),
  the caller goes to its SEND with the coroutine on its stack -- a
  placeholder constant in the trace -- and the frame is resumed with None, as
  ``Coroutine._resume`` does.  GET_AWAITABLE of a new coroutine returns it
  (nothing awaits it yet) and LOAD_CONST None/SEND only pass the None: the
  trace has no op for them.
* Its ``return`` is the SEND's result: the caller goes on at SEND's target
  with the value (the coroutine, finished, is gone).
* Leaving the trace inside it (a guard, an exception): :mod:`..resume` makes
  the coroutine -- a frame with the snapshot's state, started -- puts it in
  the placeholder's slot and finishes the SEND in the interpreter
  (:func:`..protocols.run_nested`): the coroutine runs to its return (SEND
  goes to its target) or suspends (a real ``await`` of a future, the event
  loop's yield: SEND pushes what it yielded and the caller yields it on, as
  CPython's frames do), or its exception is raised at the SEND.

Not inlined: an ``await`` of a coroutine made elsewhere (``c = f(); ...;
await c``), async generators, recursion, origin tracking on
(``sys.set_coroutine_origin_tracking_depth``: ``cr_origin`` would name the
frames of the exit, not of the call) -- those abort as calls of generator
functions do.  An ``await`` that suspends while recording stops it (retried:
most iterations do not suspend).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import sys

from pyjit import opcodes as O
from pyjit.frame import push, suspend
from pyjit.generators import make_generator

from ..ir import const_ptr
from . import genmake, suspension
from .core import BRIDGE_RETURNS, Abort

_origin_depth = sys.get_coroutine_origin_tracking_depth
_GET_AWAITABLE, _LOAD_CONST, _SEND = O.OPS["GET_AWAITABLE"].code, O.LOAD_CONST, O.SEND
SUSPENDS = "an await of a coroutine not made for it (it may suspend)"
_PLACEHOLDER = const_ptr(None)   # the caller's stack slot of a coroutine never built


def send_pc(fn, dec, ret_pc):
    """Is a call of ``fn`` that continues at ``ret_pc`` of ``dec`` an ``await
    fn(...)`` of a coroutine function (GET_AWAITABLE, LOAD_CONST None, SEND
    follow: an await, or ``async with``'s ``__aenter__``/``__aexit__``)?  The
    SEND's unit, else None."""
    if not fn.code.co_flags & O.CO_COROUTINE:
        return None
    ops, args, nexts = dec.ops, dec.args, dec.nexts
    if ret_pc >= len(ops) or ops[ret_pc] != _GET_AWAITABLE:
        return None     # (its oparg -- await, __aenter__, __aexit__ -- only names errors)
    k = nexts[ret_pc]
    if ops[k] != _LOAD_CONST or dec.code.co_consts[args[k]] is not None:
        return None
    k = nexts[k]
    return k if ops[k] == _SEND else None


def may_inline(fn) -> str | None:
    """Why an awaited call of coroutine function ``fn`` is not inlined (None: it is)."""
    if _origin_depth():
        return f"coroutine {fn.__name__}() made with origin tracking on"
    return None


def rec_RETURN_GENERATOR(r, f, dec, pc, arg):
    sh = r.shadows[-1]
    caller = r.shadows[-2] if len(r.shadows) > 1 else None
    at = None if caller is None or sh.kind != "call" or sh.func is None else \
        send_pc(sh.func, caller.frame.dec, caller.ret_pc)
    if at is None:
        if caller is not None and genmake.makes(sh):
            return genmake.rec_return_generator(r, f, pc)   # (a generator function's call)
        raise Abort("unsupported instruction RETURN_GENERATOR")
    cf = caller.frame
    # RETURN_GENERATOR, for real (pyjit.calls.return_generator): the frame
    # suspends and becomes the new coroutine's, which is the call's value
    suspend(f, pc, r.ts)
    coro = make_generator(f)
    f.back = None
    f.outside = None
    cf.stack.append(coro)
    caller.stack.append(_PLACEHOLDER)
    # GET_AWAITABLE (a new coroutine is its own awaitable), LOAD_CONST None and
    # SEND: Coroutine._resume with None -- the frame runs on as the SEND's callee
    coro.started = True
    coro.running = True
    push(cf, f, r.ts, at, at)
    caller.ret_pc = at
    f.stack.append(None)
    sh.stack.append(const_ptr(None))
    sh.kind = "await"
    sh.on_return = (_no_check, returned)
    r.next(f.pc)


def _no_check(r, v, vv):
    pass


def returned(r, cf, v, vv):
    """The coroutine returned ``v``: its SEND's result (the coroutine, on the
    caller's stack, is finished and dropped for the value)."""
    coro = cf.stack[-1]
    coro.frame = None
    coro.running = False
    cf.stack[-1] = v
    r.shadows[-1].stack[-1] = vv
    r.next(cf.dec.args[cf.pc])


# a bridge's recording begun inside the coroutine (resume.restore(link=True) made
# it and pushed its frame as the SEND's callee): its return is the SEND's result
BRIDGE_RETURNS["await"] = lambda: (_no_check, returned)


def rec_GET_AWAITABLE(r, f, dec, pc, arg):
    # (an await of something other than a coroutine made for it: a future, an
    # awaitable whose __await__ yields -- it usually suspends; the iterations
    # that do not are the ones to record -- but a bridge may record the
    # suspension of a program awaitable's: record/suspension.py)
    if suspension.get_awaitable(r, f, dec, pc):
        return
    raise Abort(SUSPENDS, retry=True)
