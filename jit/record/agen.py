"""Recording ``async for x in agen``: a VM async generator resumed in the consumer's trace.

``async for`` compiles (3.11) to ``GET_ANEXT`` (the generator's ``__anext__()``
awaitable), ``LOAD_CONST None`` and ``SEND`` (the awaitable resumed: the
generator's frame runs until it yields an ``ASYNC_GEN_WRAP`` ped value, which
the awaitable turns into its StopIteration -- SEND's result --, or until an
``await`` inside it suspends the whole chain).  Over a VM
:class:`pyjit.generators.AsyncGenerator` whose next step yields a value, that
is ``for x in gen`` over a generator: the recorder resumes the generator's
suspended frame as a nested frame of kind ``agen`` (:mod:`.resumption` does
both; the generator's state stays in its heap frame, read at the resumption
and written back at the yield), and the ``__anext__()`` awaitable is never
made in the trace (a placeholder in the consumer's stack slot).

* resuming: what a generator's resumption guards, and the async generator's
  own state -- its hooks set up (``sys.set_asyncgen_hooks``' firstiter ran at
  its first ``__anext__``), not closed;
* ``ASYNC_GEN_WRAP``: no op (the value goes to the consumer as it is);
* the ``yield``: the consumer's SEND goes to its target with the value;
* leaving inside the body: :mod:`..resume` makes the awaitable (started) and
  finishes the SEND in the interpreter (:func:`..protocols.run_nested`): a
  yield is SEND's value, an await that suspends hands its value up (the
  consumer yields it on), the return is StopAsyncIteration at the SEND (its
  ``async for`` ends), an exception is raised there;
* an ``await`` inside the body that would suspend stops the recording (retried:
  :mod:`.awaiting`), the generator's return ends the consumer's loop.

``GET_AITER`` of a VM async generator is the generator (its class guarded).
A generator's first ``__anext__`` sets its hooks up (a call of
``AsyncGenerator._init_hooks`` in the trace: firstiter, if any, runs there);
a step suspended in an inner await is resumed by the SEND awaiting it
(:func:`send_step`: a resumption trace follows the chain down through it).

Not resumed in the trace (the recording stops at GET_ANEXT): async
iterators of program classes, host async generators, a generator suspended in
an await (its step is under way: ``running_async``), running, or closed.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import opcodes as O
from pyjit.generators import AsyncGenerator, AsyncGenWrapped, _ASend

from ..ir import const_ptr
from ..llvm import layout as L
from .core import Abort, Raised
from .resumption import _slot, enter, resumable

_ASEND = {n: L.member_offset(vars(_ASend)[n]) for n in ("gen", "state")}
_GET_ANEXT = O.OPS["GET_ANEXT"].code

_AGEN = {n: L.member_offset(vars(AsyncGenerator)[n])
         for n in ("hooks_inited", "closed", "running_async")}
_LOAD_CONST, _SEND, _YIELD_VALUE = O.LOAD_CONST, O.SEND, O.OPS["YIELD_VALUE"].code
_PLACEHOLDER = const_ptr(None)   # the consumer's slot of an awaitable never made


def _send_pc(f, dec, pc):
    """The SEND of ``async for``'s step after GET_ANEXT at ``pc``, or None."""
    k = dec.nexts[pc]
    if dec.ops[k] != _LOAD_CONST or f.consts[dec.args[k]] is not None:
        return None
    k = dec.nexts[k]
    return k if dec.ops[k] == _SEND else None


def rec_GET_AITER(r, f, dec, pc, arg):
    """``async for`` over a VM async generator: its ``__aiter__`` is itself (the
    class guarded; nothing else runs).  Any other object: not recorded."""
    if type(f.stack[-1]) is not AsyncGenerator:
        raise Abort("unsupported instruction GET_AITER")
    r.guard_class(r.peek(), AsyncGenerator)
    r.next(dec.nexts[pc])


def rec_GET_ANEXT(r, f, dec, pc, arg):
    gen = f.stack[-1]
    at = _send_pc(f, dec, pc)
    if at is None or not resumable(r, gen, AsyncGenerator) or gen.closed or gen.running_async:
        raise Abort("unsupported instruction GET_ANEXT")
    vgen = r.peek()
    snap = r.before()            # (the consumer at its GET_ANEXT: it runs again)
    r.guard_class(vgen, AsyncGenerator)
    if gen.hooks_inited:
        r.emit("guard_value", [_slot(r, vgen, _AGEN, "hooks_inited", snap), const_ptr(True)],
               snap)
    else:
        # its first __anext__() (a generator just made: a pipeline's stages): the
        # hooks set up as __anext__ does -- firstiter called, if any; an exception
        # from it is GET_ANEXT's (hooks_inited stays true, as in CPython)
        r.emit("call", [const_ptr(AsyncGenerator._init_hooks), vgen], snap)
        try:
            gen._init_hooks()
        except BaseException as e:
            raise Raised(e) from None
    r.emit("guard_value", [_slot(r, vgen, _AGEN, "closed", snap), const_ptr(False)], snap)
    r.emit("guard_value", [_slot(r, vgen, _AGEN, "running_async", snap), const_ptr(False)], snap)
    # __anext__() for real (its hooks ran already), started by the SEND (the
    # step under way -- ag_running -- from the resumption, after its guards,
    # until the yield ends it: record.resumption)
    step = _ASend(gen, None)
    step.state = 1
    f.stack.append(step)
    r.push(_PLACEHOLDER)
    enter(r, f, pc, gen, vgen, snap, "agen", at, pc)


def send_step(r, f, pc, step) -> bool:
    """SEND at ``pc`` of coroutine or async generator frame ``f`` to ``step``,
    the ``__anext__()`` awaitable of an async generator suspended in an await
    (state 1: a resumption trace's chain down to the await that suspended,
    jit/functions.py): the generator's frame resumed as an ``agen`` frame, as
    ``async for`` resumes it (:func:`rec_GET_ANEXT`), with the value sent --
    ``_ASend.send`` passes it on.  The step is the heap's (not a placeholder):
    its ``state`` is guarded 1 and written 2 where the step ends (the
    generator's wrapped yield, its return: record/resumption.py); leaving
    inside, jit/resume.py finishes the SEND with it.  False: not here."""
    gen = step.gen
    if not f.code.co_flags & (O.CO_COROUTINE | O.CO_ASYNC_GENERATOR) or step.state != 1 or \
            not resumable(r, gen, AsyncGenerator) or not gen.running_async:
        return False
    vstep = r.peek(2)
    snap = r.before()         # (the SEND runs again there)
    r.guard_class(vstep, _ASend)
    r.emit("guard_value", [_slot(r, vstep, _ASEND, "state", snap), const_ptr(1)], snap)
    vgen = _slot(r, vstep, _ASEND, "gen", snap)
    r.guard_class(vgen, AsyncGenerator)
    value, vvalue = f.stack.pop(), r.pop()   # (enter pushes it on the generator's stack)
    enter(r, f, pc, gen, vgen, snap, "agen", pc, _anext_pc(f, f.dec, pc), (value, vvalue))
    return True


def _anext_pc(f, dec, pc):
    """The GET_ANEXT whose step the SEND at ``pc`` awaits (``async for``'s
    loop: the generator's return ends it), or ``pc`` for another await."""
    for k in range(max(pc - 8, 0), pc):
        if dec.ops[k] == _GET_ANEXT and _send_pc(f, dec, k) == pc:
            return k
    return pc


def rec_ASYNC_GEN_WRAP(r, f, dec, pc, arg):
    sh = r.shadows[-1]
    if sh.kind != "agen" or dec.nexts[pc] != pc + 1 or dec.ops[pc + 1] != _YIELD_VALUE:
        raise Abort("unsupported instruction ASYNC_GEN_WRAP")   # (a loop of its own frame)
    f.stack[-1] = AsyncGenWrapped(f.stack[-1])    # (the yield unwraps it: record.resumption)
    r.next(dec.nexts[pc])
