"""Recording a suspension: an ``await`` that yields out of the coroutine chain.

A loop of a coroutine (an asyncio task, a scheduler's task) whose inlined
``await`` chain suspends now and then -- ``await`` of an awaitable whose
``__await__`` yields, as futures and ``asyncio.sleep(0)`` do -- leaves its
trace at the guard of the path that suspends.  That exit used to make the
chain's coroutines in Python (:mod:`..resume`), run the rest of the chain to
its yield in nested eval loops (:func:`..protocols.run_nested`) and only then
yield to the scheduler.  A bridge from such a guard now records the
suspension itself, and its exit leaves the chain suspended as CPython would:

* ``GET_AWAITABLE`` of an instance of a program class whose ``__await__`` is
  a plain generator function (followed by ``LOAD_CONST None; SEND``, as
  ``await`` compiles): ``__await__(obj)`` is inlined as a call (its class
  guarded, its function a class constant) and its ``RETURN_GENERATOR`` makes
  the generator in the trace (:mod:`.genmake`); GET_AWAITABLE's iterator check
  holds for a generator.  Only in a bridge: a loop's own recording stops there
  as before (the iterations that do not suspend are the ones to record).
* ``SEND`` of None to that generator resumes its frame from the heap as a
  nested frame of kind ``sgen`` (:func:`.resumption.send`, the machinery of
  ``for`` over a generator); its ``yield`` is the SEND's yielded value.
* ``YIELD_VALUE`` of an inlined ``await`` frame (:func:`yield_out`): the
  coroutine the trace never built suspends.  Nothing is emitted: the frame's
  state becomes a *virtual coroutine* (``virtuals.Virtual`` of kind "coro":
  its function, locals, stack and the yield's unit) in its caller's stack slot,
  where the placeholder was, and the caller's SEND pushes the value and goes on
  to its own ``YIELD_VALUE`` -- the chain yields frame by frame, as CPython's.
* an async generator resumed in the trace (``async for``, :mod:`.agen`) whose
  ``await`` suspends: its frame's state is written back as at a yield, and the
  ``__anext__()`` awaitable its consumer awaits -- never made in the trace --
  is made there, started (:func:`anext_awaitable`): the consumer's SEND yields
  the value on.
* ``YIELD_VALUE`` of the loop's own frame, a coroutine: the bridge ends in
  ``finish`` at the yield (:func:`.resumption.rec_YIELD_VALUE`, as for a
  generator's loop); its exit builds the virtual coroutines -- frames at their
  yields, started, not running (``virtuals._suspended``) -- and the interpreter
  runs the loop frame's YIELD_VALUE: the chain is suspended in the state the
  interpreter leaves, ``cr_await``/``cr_frame``/``send``/``throw``/``close``
  see ordinary coroutines.

A yield inside an ``except`` block (the coroutine would keep a handled
exception) aborts.  Not recorded: the generator's return inside the trace
(``__await__`` that does not yield: the SEND's result; aborts), an awaitable
whose ``__await__`` is not a program generator function (a future's C
``__await__``...).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import opcodes as O
from pyjit.frame import suspend
from pyjit.function import Function
from pyjit.generators import Coroutine, _ASend, _origin_depth
from pyjit.jumps import in_handler

from .. import ir
from ..ir import const_int, const_ptr
from ..llvm import layout as L
from ..virtuals import Virtual
from . import genmake
from .binding import bind
from .core import Abort
from .dunders import _program_class as program_class
from .inline import inlines, push_frame
from .objects import class_lookup, class_value, guard_type

_LOAD_CONST, _SEND = O.LOAD_CONST, O.SEND
_ASEND = {n: L.member_offset(vars(_ASend)[n]) for n in ("gen", "value", "state")}


def in_bridge(r) -> bool:
    """Is the recording a loop's bridge, a resumption trace's bridge (its path
    suspends the chain again before the loop's header: the exit the trace takes
    as often as the program suspends there) or a resumption trace past its
    loop's header (where a suspension may be recorded: loopstop.at_header)?"""
    return (r.label is not None and (not r.function or r.resumes)) or r.past_header


def get_awaitable(r, f, dec, pc) -> bool:
    """GET_AWAITABLE at ``pc`` of a program object whose ``__await__`` is a plain
    generator function, in a bridge: its call inlined, the generator made in
    the trace, the frame on at the LOAD_CONST after.  False: not here."""
    if not in_bridge(r):
        return False
    o = f.stack[-1]
    t = type(o)
    if not program_class(t):
        return False
    m = class_lookup(t, "__await__")
    if type(m) is not Function or not genmake.plain(m):
        return False
    k = dec.nexts[pc]
    if dec.ops[k] != _LOAD_CONST or dec.code.co_consts[dec.args[k]] is not None or \
            dec.ops[dec.nexts[k]] != _SEND:
        return False
    if not inlines(r, m):
        return False
    snap = r.before()
    vo = r.peek()
    if not guard_type(r, vo, o, snap):
        return False
    fref = class_value(r, t, "__await__", m, snap)
    fast, vfast = bind(r, m, fref, True, [o], [vo])
    # (a call: leaving in its prologue, the interpreter returns the generator
    # to the caller after its GET_AWAITABLE -- a generator passes its check)
    f.stack.pop()
    r.pop()
    push_frame(r, m, fref, fast, vfast, k, lasti=pc)
    return True


def yield_out(r, f, dec, pc):
    """YIELD_VALUE at ``pc`` of an inlined ``await`` frame ``f`` (its SEND got a
    yielded value): the coroutine suspends, a virtual coroutine in its
    caller's slot, and the caller's SEND yields the value on."""
    sh = r.shadows[-1]
    if not in_bridge(r):
        raise Abort("unsupported instruction YIELD_VALUE")
    if in_handler(f.code, pc):
        raise Abort("a coroutine suspends inside an except block")
    caller = r.shadows[-2]
    cf = caller.frame
    coro = cf.stack[-1]
    snap = r.before()        # (the yield runs again there)
    made = type(coro) is Coroutine and _no_origin(r, snap)
    v = f.stack.pop()
    vv = r.pop()
    fn = sh.func
    vfn = sh.fref if sh.fref is not None else r.emit("const_ref", [const_ptr(fn)])
    n = fn.dec.nlocalsplus
    vfast = [sh.locals.get(k, ir.NULL_CONST) for k in range(n)]
    if made:
        # made here, suspended at the yield (what virtuals._suspended builds at
        # an exit, in Python, for every suspension otherwise)
        caller.stack[-1] = genmake.make(r, fn, vfn, vfast, sh.stack, pc, Coroutine, True,
                                        snap)
    else:
        caller.stack[-1] = Virtual("coro", const_ptr((pc, n)), (), [vfn, *vfast, *sh.stack])
    # for real: the frame suspends (Coroutine._run's end), its caller's SEND
    # pushes the value and goes on to its YIELD_VALUE
    suspend(f, pc, r.ts)
    f.back = None
    coro.running = False
    coro.exc_state = None
    r.shadows.pop()
    r.f = cf
    cf.stack.append(v)
    r.push(vv)
    r.next(cf.dec.nexts[caller.ret_pc])


def _no_origin(r, snap) -> bool:
    """Is coroutine origin tracking off (``sys.set_coroutine_origin_tracking_depth``)
    while the trace runs?  Checked once per recording (a guard: when it is on, the
    chain leaves before its first yield, whose restore builds the coroutines
    with their ``cr_origin``)."""
    if _origin_depth():
        # (an exit's virtual coroutine would get its cr_origin where it is built,
        # not where it was made: the guard's exit builds the chain, the creators
        # linked -- resume._made_by)
        raise Abort("a coroutine suspends while coroutine origin tracking is on")
    if not getattr(r, "origin_guarded", False):
        r.emit("guard_value", [r.emit("call", [const_ptr(_origin_depth)], snap),
                               const_ptr(0)], snap)
        r.origin_guarded = True
    return True


def anext_awaitable(r, vgen):
    """The ``__anext__()`` awaitable of async generator ``vgen`` that an await
    inside it suspended (record/resumption.py): made in the trace, started --
    as :mod:`..resume` makes the one a trace never built (``_ASend``, state 1)."""
    step = r.emit("new_instance", [const_ptr(_ASend)], r.before())   # (the yield runs again)
    for name, v in (("gen", vgen), ("value", const_ptr(None)), ("state", const_ptr(1))):
        r.emit("setattr_slot", [step, const_ptr(name), const_int(_ASEND[name]), v])
    return step
