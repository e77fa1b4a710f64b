"""Recording a VM generator's body into the trace of the loop that consumes it.

``for x in gen`` (FOR_ITER over a :class:`pyjit.generators.Generator`) resumes
the generator's suspended frame until its next ``yield``.  The recorder runs
that resumption as a nested frame of kind ``gen`` (``ir.FRAME_KINDS``): the
consumer stays at its FOR_ITER, the generator on its stack, while the body
between the resumption and the next yield is recorded like any inlined code.

Unlike a call's frame, a generator's frame outlives each resumption, so its
state is the heap's: the trace reads the frame's locals and stack from the
suspended :class:`pyjit.frame.Frame` when it resumes it (behind guards on
the generator's class, its frame's code and the pc it resumes at -- a
generator with several ``yield`` s is resumed at each by its own path), and
writes back what changed at the ``yield`` (locals, stack, pc), so between
resumptions the generator is an ordinary suspended generator any code can
resume, close or throw into.  ``gi_running`` is set while the body runs, as
``Generator._resume`` sets it.  A guard failing inside the body leaves the
trace with the generator frame in its snapshot: :mod:`jit.resume` writes the
snapshot's state into the generator's own frame and finishes the resumption
in the interpreter (:func:`jit.protocols.run_nested`).

A generator that never ran is started there too (its first resumption: the
pc RETURN_GENERATOR left it at); its return is recorded (:func:`_finished`:
the frame released, the generator finished, the consumer's loop ended).

Not recorded (the consumer calls ``next`` instead, generically): a generator
delegating with ``yield from`` at the point of resumption to anything but a
range, list or tuple iterator (whose next item is recorded: ``rec_SEND`` in
:mod:`.iteration`), one that holds a
handled exception (it yielded inside an ``except`` block), one already
running, coroutines and async generators (``async for`` resumes those, once
started: :mod:`.agen`).  A generator whose return ends the recorded loop's own
FOR_ITER ends the recording there (a retry).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import sys

from pyjit import opcodes as O
from pyjit.frame import RELEASED, Frame, RecursionLimit, pop, push_entry, suspend
from pyjit.generators import AsyncGenerator, AsyncGenWrapped, Coroutine, Generator, _ASend, _GenBase
from pyjit.null import NULL

from .. import ir
from ..ir import const_int, const_ptr
from ..llvm import layout as L
from . import suspension
from .core import BRIDGE_RETURNS, CLOSED, LOOP_EXIT, Abort, Shadow
from .inline import MAX_INLINE_DEPTH
from pyjit.typelookup import type_in

_exception = sys.exception
_GEN = {n: L.member_offset(vars(_GenBase)[n])
        for n in ("frame", "running", "exc_state", "started")}
_FRAME = {n: L.member_offset(vars(Frame)[n]) for n in ("code", "fast", "stack", "pc", "lasti")}
_AGEN = {n: L.member_offset(vars(AsyncGenerator)[n]) for n in ("running_async", "closed")}
_ASEND_STATE = L.member_offset(vars(_ASend)["state"])
_RESUME = O.RESUME
# (what rec_SEND records the next item of: the types of iter(range/list/tuple))
PLAIN_ITERATORS = (type(iter(range(0))), type(iter([])), type(iter(())))
_ASYNC_GEN_WRAP = O.OPS["ASYNC_GEN_WRAP"].code
_FOR_ITER = O.FOR_ITER
_SEND = O.OPS["SEND"].code
_END_ASYNC_FOR = O.OPS["END_ASYNC_FOR"].code


def _slot(r, o, offsets, name, snap):
    return r.emit("getattr_slot", [o, const_ptr(name), const_int(offsets[name])], snap)


def _set_slot(r, o, offsets, name, v):
    r.emit("setattr_slot", [o, const_ptr(name), const_int(offsets[name]), v])


def resumable(r, gen, cls=Generator) -> bool:
    """Can the recording resume ``gen`` (of class ``cls``) inside the trace?"""
    if type(gen) is not cls:
        return False
    gf = gen.frame
    if gf is None or gen.running or gen.exc_state is not None or gf.pc < 0:
        return False
    if not gen.started and cls is Coroutine:
        return False    # (an async generator's first __anext__ runs its hooks: record/agen.py)
    if gf.pc == gf.lasti:
        return False    # (a trace function jumped from its yield: Generator._resume pushes nothing)
    if gf.dec.ops[gf.pc] == _RESUME and gf.dec.args[gf.pc] >= 2 and \
            not type_in(type(gf.stack[-1]), PLAIN_ITERATORS):
        # (suspended in a yield from: the delegate is resumed, not this frame --
        # recorded only where the delegate is a plain iterator: jit/record/iteration.py,
        # or, for a coroutine or async generator suspended in an await, a VM
        # coroutine or generator resumable in turn -- its SEND resumes it, send
        # below -- or an async generator's step under way: record/agen.py)
        if cls is Generator or not _resumable_delegate(r, gf.stack[-1]):
            return False
    if r.ts.depth + 1 >= RecursionLimit.value or len(r.shadows) > MAX_INLINE_DEPTH:
        return False
    return True


def _resumable_delegate(r, d) -> bool:
    """Can the recording resume the delegate ``d`` that a coroutine or async
    generator suspended in an await waits on: a VM coroutine or generator
    resumable in turn (``send``), or the ``__anext__()`` step of an async
    generator under way (state 1: record/agen.py's ``send_step``)?"""
    t = type(d)
    if t is Coroutine or t is Generator:
        return resumable(r, d, t)
    return t is _ASend and d.state == 1 and resumable(r, d.gen, AsyncGenerator)


def for_iter(r, f, dec, pc, gen, vgen) -> bool:
    """FOR_ITER at ``pc`` over VM generator ``gen`` (trace value ``vgen``):
    enter its suspended frame as a nested ``gen`` frame.  False: not here."""
    if not resumable(r, gen):
        return False
    snap = r.before()            # (the consumer at its FOR_ITER: it runs again)
    r.guard_class(vgen, Generator)
    enter(r, f, pc, gen, vgen, snap, "gen", pc, pc)
    return True


def enter(r, f, pc, gen, vgen, snap, kind, at, loop_pc, sent=(None, None)):
    """Resume suspended generator ``gen`` (``vgen``, its class guarded) as a
    nested frame of ``kind`` of the consumer ``f``, which stays at unit ``at``
    meanwhile (the instruction that resumed it); the guards leave at ``snap``.
    ``loop_pc``: the consumer's instruction that starts its loop over ``gen``
    (the generator's return ends that loop).  ``sent``: the value sent and its
    trace value (None: the constant)."""
    gf = gen.frame
    vframe = _slot(r, vgen, _GEN, "frame", snap)
    r.guard_class(vframe, Frame)      # (None once the generator finished)
    r.emit("guard_value", [_slot(r, vgen, _GEN, "running", snap), const_ptr(False)], snap)
    r.emit("guard_value", [_slot(r, vgen, _GEN, "exc_state", snap), const_ptr(None)], snap)
    r.emit("guard_value", [_slot(r, vframe, _FRAME, "code", snap), const_ptr(gf.code)], snap)
    vpc = r.unbox_int(_slot(r, vframe, _FRAME, "pc", snap), gf.pc)
    r.emit("guard_true", [r.emit("int_eq", [vpc, const_int(gf.pc)])], snap)
    # the suspended state: every local, checked bound or unbound as now (the
    # same pc may see either, after a `del` or a conditional assignment), the stack
    vfast = _slot(r, vframe, _FRAME, "fast", snap)
    loaded = {}
    for k, v in enumerate(gf.fast):
        lv = r.emit("list_getitem", [vfast, const_int(k)], snap)
        if v is NULL:
            r.emit("guard_value", [lv, ir.NULL_CONST], snap)
        else:
            r.emit("guard_false", [r.emit("ptr_eq", [lv, ir.NULL_CONST])], snap)
            loaded[k] = lv
    vstack = _slot(r, vframe, _FRAME, "stack", snap)
    r.emit("guard_len", [vstack, const_int(len(gf.stack))], snap)
    stack = [r.emit("list_getitem", [vstack, const_int(k)], snap) for k in range(len(gf.stack))]
    _set_slot(r, vgen, _GEN, "running", const_ptr(True))
    if kind == "agen":
        # (an ``async for`` step under way, ag_running, until its yield or the
        # generator's return: an inner await suspending leaves it so)
        _set_slot(r, vgen, _AGEN, "running_async", const_ptr(True))
        gen.running_async = True
    if not gen.started:
        # its first resumption (the pc guard holds only for a generator that
        # never ran: it is where RETURN_GENERATOR left it), as _resume starts it
        _set_slot(r, vgen, _GEN, "started", const_ptr(True))
        gen.started = True
    # resume it for real, as Generator._resume does (the value sent pushed)
    push_entry(gf, r.ts)
    # (linked to the consumer while its body records, as a call's frame is: frame
    # views from inside it see the consumer as f_back; unlinked at its yield, or
    # by jit.protocols.run_nested when an aborted recording hands it over)
    gf.back = f
    value, vvalue = sent
    if vvalue is None:
        vvalue = const_ptr(None)
    gf.stack.append(value)
    gen.running = True
    f.pc = f.lasti = at     # (the consumer stays there, as a nested frame's caller)
    r.shadows[-1].ret_pc = at
    sh = Shadow(gf, dict(loaded), stack + [vvalue], gf.func, None, kind, [vgen])
    sh.on_return = (_returned, None, (gen, vframe, vfast, loaded, list(stack), gf.pc,
                                      _exception(), loop_pc))
    r.shadows.append(sh)
    r.max_depth = max(r.max_depth, len(r.shadows) - 1)
    r.f = gf
    r.next(gf.pc)


def _returned(r, v, vv):
    """The generator returned while recording (the ``on_return`` check of a
    ``gen`` frame, and of one a bridge starts in): its end is recorded --
    :func:`_finished` -- and the consumer's loop over it ends; True: the
    return is done (``inline.rec_RETURN_VALUE`` goes no further).  The
    recorded loop's own FOR_ITER ending is the loop's end (a retry)."""
    sh = r.shadows[-1]
    data = sh.on_return[2]
    if data is not None and len(r.shadows) == 2 and data[7] == r.header and \
            sh.kind in ("gen", "agen"):
        raise Abort(LOOP_EXIT, retry=True)
    if sh.kind == "sgen" and \
            O.DEOPT[r.shadows[-2].frame.dec.ops[r.shadows[-2].ret_pc]] == _SEND:
        # (a coroutine or an awaitable's generator resumed by a SEND returns:
        # SEND's result, on at its target)
        _finished(r, sh, v, vv)
        return True
    if sh.kind == "agen" and async_for_end(r.shadows[-2]) is not None:
        # (``async for``'s generator returns: StopAsyncIteration at the
        # consumer's SEND, which its END_ASYNC_FOR ends the loop with)
        _finished(r, sh, v, vv)
        return True
    if sh.kind != "gen" or \
            O.DEOPT[r.shadows[-2].frame.dec.ops[r.shadows[-2].ret_pc]] != _FOR_ITER:
        raise Abort("a generator returned inside the trace (an inner loop over it ended)")
    _finished(r, sh, v, vv)
    return True


def async_for_end(consumer):
    """Where ``async for`` at the consumer's SEND goes on when its generator
    returns -- the instruction after its ``END_ASYNC_FOR``, the handler of the
    SEND -- and the stack depth there; None: not such a SEND."""
    cf = consumer.frame
    dec = cf.dec
    at = consumer.ret_pc
    h = dec.handlers[at]
    if O.DEOPT[dec.ops[at]] != _SEND or h is None:
        return None
    target, depth, push_lasti = h
    if O.DEOPT[dec.ops[target]] != _END_ASYNC_FOR or push_lasti or not 1 <= depth < len(cf.stack):
        return None
    return dec.nexts[target], depth - 1


def _finished(r, sh, v, vv):
    """RETURN_VALUE of generator frame ``sh`` (consumed by a FOR_ITER), as
    ``Generator._run`` and the consumer's FOR_ITER do it: the frame released
    (its final locals in its ``fast`` list, reversed: ``frame.pop``), the
    generator finished (``frame`` None, not running), the consumer's loop over
    it ended (the generator popped, on after the loop).  The heap is changed
    only after the last op that may leave at the RETURN_VALUE (whose restore
    writes the whole frame back and runs the return in the interpreter)."""
    f = r.f
    pc = r.pc
    snap = r.before()
    vgen = sh.extra[0]
    consumer = r.shadows[-2]
    cf = consumer.frame
    gen = step = cf.stack[-1]
    if sh.kind == "agen":
        gen = step.gen      # (the consumer's SEND awaits its __anext__())
    if sh.on_return[2] is None:   # (a bridge's: the frame as the guard left it)
        vframe = _slot(r, vgen, _GEN, "frame", snap)
        vfast = _slot(r, vframe, _FRAME, "fast", snap)
        caller_exc = _exception()
    else:
        _, vframe, vfast, _, _, _, caller_exc, _ = sh.on_return[2]
    if _exception() is not caller_exc:
        raise Abort("a generator returns inside an except block")
    # the frame's stack list is replaced first: what it held since the last
    # yield (a `for` loop's iterator) dies before the locals, as in CPython,
    # where FOR_ITER dropped it at the loop's end
    vempty = r.emit("build_list", [], snap)
    n = len(f.fast)
    for k in range(n):
        r.emit("list_setitem", [vfast, const_int(n - 1 - k),
                                sh.locals.get(k, ir.NULL_CONST)], snap)
    _set_slot(r, vframe, _FRAME, "stack", vempty)
    _set_slot(r, vframe, _FRAME, "pc", const_ptr(RELEASED))
    _set_slot(r, vframe, _FRAME, "lasti", const_ptr(pc))   # (its f_lineno: the return's)
    _set_slot(r, vgen, _GEN, "running", const_ptr(False))
    if sh.kind == "agen":
        # (the __anext__() step ends: ag_running false, the generator closed --
        # its awaitable, a placeholder in the trace, is dropped with the slot)
        _set_slot(r, vgen, _AGEN, "closed", const_ptr(True))
        _set_slot(r, vgen, _AGEN, "running_async", const_ptr(False))
        _step_done(r, consumer.stack[-1])
    # (the frame goes with the generator's reference: its locals in index order)
    _set_slot(r, vgen, _GEN, "frame", const_ptr(None))
    # for real: the frame returns, the generator finishes, FOR_ITER ends the loop
    f.lasti = pc
    pop(f, v, r.ts)
    f.back = None
    gen.running = False
    gen.frame = None
    gen.exc_state = None
    f.stack.clear()
    r.shadows.pop()
    r.f = cf
    if sh.kind == "sgen":
        # SEND's return: the value in the delegate's place, on at its target
        cf.stack[-1] = v
        consumer.stack[-1] = vv
    elif sh.kind == "agen":
        # StopAsyncIteration at the SEND: its handler's END_ASYNC_FOR pops it
        # and the generator, the loop ends (nothing else sees the exception)
        gen.closed = True
        gen.running_async = False
        step.state = 2
        nxt, depth = async_for_end(consumer)
        del cf.stack[depth:]
        del consumer.stack[depth:]
        r.next(nxt)
        return
    else:
        cf.stack.pop()
        consumer.stack.pop()
    r.next(cf.dec.args[consumer.ret_pc])


def _step_done(r, vstep):
    """The ``__anext__()`` step awaited by an ``agen`` frame's consumer ends
    (state 2, as ``_ASend.send`` leaves it): written when the trace read it
    from the heap (a step resumed by SEND: record/agen.py), not for the
    placeholder of one never made."""
    if not r.is_ref(vstep, None):
        r.emit("setattr_slot", [vstep, const_ptr("state"), const_int(_ASEND_STATE),
                                const_ptr(2)])


def send(r, f, pc, gen) -> bool:
    """SEND at ``pc`` of coroutine frame ``f`` to VM generator ``gen`` (an
    awaitable's ``__await__``, made by the bridge recording the suspension:
    record/suspension.py; a coroutine it awaits): its frame resumed as a nested
    ``sgen`` frame, whose yield is the SEND's, with the value sent -- any value
    into a started generator (``gen.send(v)``: the host's ``coro.send(v)`` that
    resumed this frame passes it down the chain), only None into one that
    never ran (which raises TypeError for any other: left to the interpreter).
    False: not here."""
    cls = type(gen)
    if not f.code.co_flags & (O.CO_COROUTINE | O.CO_ASYNC_GENERATOR) or \
            not resumable(r, gen, cls) or (f.stack[-1] is not None and not gen.started):
        return False
    vgen = r.peek(2)
    snap = r.before()         # (the SEND runs again there)
    value, vvalue = f.stack[-1], r.peek()
    if not gen.started and not r.is_ref(vvalue, None):
        # (the value a resumption trace's frame was resumed with: jit/functions.py)
        r.emit("guard_value", [vvalue, const_ptr(None)], snap)
    r.guard_class(vgen, cls)
    f.stack.pop()             # (the value sent: enter pushes it on the generator's stack)
    r.pop()
    enter(r, f, pc, gen, vgen, snap, "sgen", pc, pc, (value, vvalue))
    return True


def rec_YIELD_VALUE(r, f, dec, pc, arg):
    sh = r.shadows[-1]
    if sh.kind == "await":
        return suspension.yield_out(r, f, dec, pc)
    if sh.kind not in ("gen", "agen", "sgen"):
        if len(r.shadows) == 1 and suspension.in_bridge(r) and \
                f.code.co_flags & (O.CO_GENERATOR | O.CO_COROUTINE):
            # a bridge of a generator's own loop reaching its yield (a genexpr's
            # filtered item: ``(1 for x in xs if x)`` recorded on the path that
            # skips), or a coroutine's suspending (record/suspension.py): it leaves there with the value on the stack, as a bridge
            # returning from the loop's frame does (``finish``), and the
            # interpreter yields.  (Aborting left that guard failing on every
            # entry: the loop dropped, then blacklisted -- bm_chaos's ``sum``.)
            snap = r.snapshot()
            snap.restart = False
            r.emit("finish", [r.peek()], snap)
            return CLOSED
        raise Abort("unsupported instruction YIELD_VALUE")   # (a loop of a generator's own)
    v = f.stack[-1]
    vv = r.peek()
    raw = False     # (an async generator's await suspending: record/suspension.py)
    if sh.kind == "agen":
        if type(v) is not AsyncGenWrapped or dec.ops[pc - 1] != _ASYNC_GEN_WRAP:
            # (an await inside it that suspends: a loop's recording stops before,
            # at its GET_AWAITABLE -- a bridge may record the suspension)
            if not suspension.in_bridge(r):
                raise Abort("an async generator suspends inside the trace")
            raw = True
        else:
            v = v.value
    snap = r.before()
    # (an await suspending it: its consumer's __anext__() awaitable, made
    # first, where leaving runs the YIELD_VALUE again)
    step = None
    if raw:
        step = r.shadows[-2].stack[-1]
        if r.is_ref(step, None):    # (the placeholder of one never made: record/agen.py)
            step = suspension.anext_awaitable(r, sh.extra[0])
    if sh.kind == "agen" and not raw:
        # (the trace's value is not wrapped -- ASYNC_GEN_WRAP is no op --: leaving
        # here runs the wrap again, which has no effect of its own, then the yield)
        snap = r.snapshot(pc=pc - 1)
        snap.restart = True
    bridge = sh.on_return is None or sh.on_return[2] is None
    if bridge:
        # a bridge's recording, begun inside the body (jit.resume linked the
        # frame): what the resumption read is not known here, so all of the
        # state is written (no handler ran since: the exception state is the
        # consumer's)
        gen = r.shadows[-2].frame.stack[-1]
        if sh.kind == "agen":
            gen = gen.gen       # (the consumer's SEND awaits its __anext__(): record/agen.py)
        vframe = _slot(r, sh.extra[0], _GEN, "frame", snap)
        vfast = _slot(r, vframe, _FRAME, "fast", snap)
        loaded, stack0, pc0, caller_exc = {}, None, None, _exception()
    else:
        gen, vframe, vfast, loaded, stack0, pc0, caller_exc, _ = sh.on_return[2]
    if _exception() is not caller_exc:
        raise Abort("a generator yields inside an except block")
    # write back what the body changed, so the generator is an ordinary
    # suspended one again (CPython's frame keeps exactly this state)
    for k in sorted(set(loaded) | set(sh.locals)):
        nv = sh.locals.get(k, ir.NULL_CONST)
        if nv is not loaded.get(k):
            if nv is ir.NULL_CONST and k not in loaded and not bridge:
                continue    # (unbound at the resumption: the heap holds NULL)
            r.emit("list_setitem", [vfast, const_int(k), nv], snap)
    rest = sh.stack[:-1]
    if stack0 is None or len(rest) != len(stack0):
        # (the same pc has the same depth; another yield may not: a new list)
        vlist = r.emit("build_list", rest, snap)
        _set_slot(r, vframe, _FRAME, "stack", vlist)
    else:
        vstack = None
        for k, (a, b) in enumerate(zip(rest, stack0)):
            if a is not b:
                if vstack is None:
                    vstack = _slot(r, vframe, _FRAME, "stack", snap)
                r.emit("list_setitem", [vstack, const_int(k), a], snap)
    if pc + 1 != pc0:
        _set_slot(r, vframe, _FRAME, "pc", const_ptr(pc + 1))
        _set_slot(r, vframe, _FRAME, "lasti", const_ptr(pc))
    _set_slot(r, sh.extra[0], _GEN, "running", const_ptr(False))
    if sh.kind == "agen" and not raw:
        # (the yield ends the __anext__() step: ag_running false again)
        _set_slot(r, sh.extra[0], _AGEN, "running_async", const_ptr(False))
        _step_done(r, r.shadows[-2].stack[-1])
        gen.running_async = False
    # the yield, for real: the frame suspends, the consumer's FOR_ITER pushes the value
    f.stack.pop()
    suspend(f, pc, r.ts)
    f.back = None       # (an entry frame again, if a bridge's restore linked it)
    gen.running = False
    r.shadows.pop()
    consumer = r.shadows[-1]
    cf = consumer.frame
    r.f = cf
    if raw:
        # the __anext__() awaited by the consumer's SEND stays started: made in
        # the consumer's slot (a heap frame's stack may keep it), its SEND
        # yields the value on
        consumer.stack[-1] = step
    elif sh.kind == "agen":
        # the __anext__() awaited by the consumer's SEND finishes with the value
        # (its StopIteration): SEND's target, the value in the awaitable's slot
        cf.stack[-1].state = 2
        cf.stack[-1] = v
        consumer.stack[-1] = vv
        r.next(cf.dec.args[consumer.ret_pc])
        return
    cf.stack.append(v)
    r.push(vv)
    r.next(cf.dec.nexts[consumer.ret_pc])


# a bridge that starts inside a generator's body may record its return
BRIDGE_RETURNS["gen"] = BRIDGE_RETURNS["sgen"] = BRIDGE_RETURNS["agen"] = \
    lambda: (_returned, None, None)
