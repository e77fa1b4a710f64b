"""VM frames, defined once: construction, the recursion limit, push, pop, unwinding, release.

Every tier makes and switches frames through this module: both eval loops
(:class:`pyjit.interp.Interp`, :class:`pyjit.specialize.loop.Specialize`), the
call protocol (:mod:`pyjit.calls`), generators (:mod:`pyjit.generators`), host
code entering the VM (:func:`enter`), and tier jit's recorder (a call it inlines
is a real pushed frame) and resume (it rebuilds the frames a trace inlined).

A frame's life:

* :class:`Frame` -- made for a call (its fast locals already bound), not running;
* :func:`push` -- a VM->VM call: the caller stops at its CALL, the callee runs,
  counted against the user-visible recursion limit; :func:`push_entry` is the
  same for a frame entered from host code (a new :func:`run` of the tier);
* :func:`pop` -- RETURN_VALUE: the caller continues with the value;
* :func:`suspend` -- RETURN_GENERATOR / YIELD_VALUE: the frame stops, to be
  resumed by its generator;
* :func:`unwind` -- an exception: to the handler of the frame that raised it
  or of a caller, or out of the entry frame;
* :func:`release` -- the frame has finished: its locals are stored back to
  front, so that whoever drops them frees them in index order, as CPython's
  ``_PyFrame_Clear`` releases ``localsplus`` (``__del__`` and weak reference
  callbacks see CPython's order).

A tier's eval loop keeps the running frame's arrays in host locals and ``break``s
to reload them whenever one of these functions returns another frame.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import sys
import threading

from . import hostroom, tiers
from .excstate import Reraise, raise_no_chain, set_exc_info
from .jumps import in_handler
from .null import NULL
from .tracebacks import cut, moved, strip, vm_entry
# (an exception's traceback: the attribute where its class has no hook of its own --
# no call on the unwinding path, as before: the test is spelled out there --,
# typelookup's descriptor call otherwise)
from .typelookup import (_EXC_GETATTRIBUTE as _EXC_GA, _EXC_SETATTR as _EXC_SA,
                         exc_traceback, set_exc_traceback, type_name)



class Frame:
    """A VM frame: CPython's _PyInterpreterFrame, as Python objects."""

    __slots__ = ("code", "dec", "func", "fast", "stack", "globals", "builtins", "locals",
                 "names", "consts", "pc", "lasti", "back", "entry", "outside",
                 "snapshot",  # snapshot: locals() dict (frames.frame_locals), set lazily
                 # True once a view's f_locals made the snapshot, until the next hook's
                 # write-back (3.11's f_fast_as_locals; set lazily, read with getattr)
                 "fastlocals",
                 # set only when a trace hook or a frame view asks (never on the hot
                 # path; read with getattr): f_trace, f_trace_lines, f_trace_opcodes,
                 # and a weak reference to the frame's one view (pyjit.frames.view_of)
                 "ftrace", "tlines", "topcodes", "view",
                 # a generator's frame while it runs: its caller's handled
                 # exception (excstate.CALLERS)
                 "callers")

    def __init__(self, func, fast, locals_=None):
        code = func.code
        dec = func.dec
        self.code = code
        self.dec = dec
        self.func = func
        self.fast = fast   # localsplus: locals, cells, free variables
        self.stack = []
        self.globals = func.globals
        self.builtins = func.builtins
        self.locals = locals_  # the mapping of a module or class body
        self.names = code.co_names
        self.consts = code.co_consts
        self.pc = dec.entry_pc  # next instruction to run when (re)entered; or
        # FINISHED, or RELEASED: finished, its locals stored back to front (release)
        self.lasti = 0     # instruction being run / suspended at (tracebacks, handlers)
        self.back = None
        self.entry = False  # the first frame of a run(): returning leaves the loop
        # A call CPython 3.11 does not inline keeps things outside its callee's
        # frame: ``C(...)`` (type_call) returns the new object, not __init__'s
        # value; both it and ``f(*args)`` keep the arguments on the caller's stack
        # until the callee's frame is gone.  pyjit pushes a frame for these calls
        # too, and this says what pop() must then do as CPython's caller does:
        # (the new object or NULL, a list of what the caller holds, last first).
        self.outside = None


FINISHED = -1   # Frame.pc of a frame that returned or that an exception left
RELEASED = -2   # ... and whose locals release() reversed


# ---------------------------------------------------------------------------
# per-thread state and the recursion limit

class ThreadState:
    __slots__ = ("depth", "hooks", "trace", "profile", "tracing", "nest", "jump", "installing",
                 "room", "base", "internal", "walked")

    def __init__(self):
        self.depth = 0  # VM frames running or waiting on this thread
        # sys.settrace / sys.setprofile of this thread (pyjit.tracing): the eval
        # loops test ``hooks`` (trace or profile set) where they already switch
        # frames, and run the traced loop (pyjit.traceloop) while it is true
        self.hooks = False
        self.trace = None
        self.profile = None
        self.tracing = 0  # > 0 while a hook runs: its own code is not traced
        self.nest = 0     # traced loops running on this thread (bounds hand-backs)
        self.jump = None  # where a trace function's f_lineno assignment goes (pyjit.jumps)
        self.installing = None  # "trace"/"profile" while the old hook is being dropped
        # the host's recursion room (pyjit.hostroom): a view of this thread's
        # counter; the host's depth when the innermost host->VM entry's run began
        # (the host units the program used between VM frames -- library frames,
        # C guards -- are in ``depth`` while the entry runs: enter)
        self.room = hostroom.view()
        self.base = 0
        self.walked = None   # (hostroom.ANCHOR: a walk's count kept for its frame)
        # a thread of pyjit's own (the compile thread): the program's code never
        # runs on it -- a finalizer reaching it is queued (pyjit.deferred)
        self.internal = False


_tls = threading.local()


def thread_state() -> ThreadState:
    try:
        return _tls.ts
    except AttributeError:
        ts = _tls.ts = ThreadState()
        return ts


class RecursionLimit:
    """The user-visible recursion limit; the host's is kept above it (see runner)."""
    value = 1000


def recursion_error():
    return RecursionError("maximum recursion depth exceeded")


# ---------------------------------------------------------------------------
# calls and returns

def push(f, nf, ts, resume_pc, lasti, limit=RecursionLimit):
    """Frame ``f`` calls ``nf``: returns ``nf``, now the running frame.

    ``f`` continues at ``resume_pc`` when ``nf`` returns; meanwhile its
    tracebacks and frame views show ``lasti``: a call CPython 3.11 inlines has
    skipped the CALL's caches (``resume_pc - 1``, the last cache unit), a class
    call or ``f(*args)`` has not (the call instruction itself)."""
    if ts.depth >= limit.value:
        raise recursion_error()
    ts.depth += 1
    f.pc = resume_pc
    f.lasti = lasti
    nf.back = f
    return nf


def push_entry(f, ts, limit=RecursionLimit):
    """Host code runs ``f`` (a new :meth:`Tier.run <pyjit.tiers.Tier.run>`): count it."""
    if ts.depth >= limit.value:
        raise _entry_error(f, ts)
    ts.depth += 1
    f.entry = True


def enter(f, ts=None, throw=None, limit=RecursionLimit,
          cost=hostroom.ENTRY_COST, margin=hostroom.MARGIN, floor=hostroom.FLOOR, run=None):
    """Host -> VM: run new frame ``f`` in the selected tier; its return value.

    Host code calling a VM function, ``exec``/``eval`` and class bodies come
    here; a VM->VM call never does (it pushes a frame in the running loop).
    With ``ts``, ``f`` is already pushed (:func:`push_entry`: a generator
    resumed by host code, native code's call; ``throw``: raise that at its
    ``lasti`` first).

    Meanwhile the host's recursion room (:mod:`pyjit.hostroom`) is what CPython's
    would be: the limit (plus the margin) less the VM depth and less the host
    frames of library code the program called (the frames since the enclosing
    entry's run began that are not pyjit's); it goes back down by what was given
    when the run ends (so a limit set meanwhile stays applied).  The outermost
    entry of a thread counts no host frames: those below it are pyjit's (or the
    thread's bootstrap).  ``run``: what runs the frame instead of the tier's eval
    loop (tier jit's ``functions.resumed``: a coroutine resumed by host code)."""
    if ts is None:
        ts = thread_state()
        push_entry(f, ts)
    room = ts.room
    depth = ts.depth
    if run is None:
        run = (tiers.active or tiers.selected()).run
    try:
        if room is None:
            return run(f, ts, throw)
        r0 = room.value
        # (host depths are taken from the runner's host limit, the program's plus
        # the margin: unchanged by sys.setrecursionlimit, which moves both alike)
        top = limit.value + margin
        base = ts.base
        if depth <= 1 or top - r0 - base > cost:
            # the thread's outermost entry, or more host frames than pyjit's own
            # since the enclosing entry: count the library's
            return _enter_counting(f, ts, throw, r0, top, depth, base, run)
        want = top - depth
        if want < floor:
            want = floor   # (pyjit's own frames near the limit: hostroom.FLOOR)
        give = want - r0
        if give <= 0:   # (never below what the host has: see pyjit.hostroom)
            return run(f, ts, throw)
        room.value = r0 + give
        ts.base = top - r0 - give
        try:
            return run(f, ts, throw)
        finally:
            room.value -= give
            ts.base = base
    except BaseException:
        # ``f`` and the frames it called are not counted any more: unwinding
        # them counted them down, but ``f`` may never have run (the host's
        # recursion limit, reached before its loop started) and a VMError
        # (pyjit's own failure) leaves without unwinding the program's frames
        ts.depth = depth - 1
        raise


def _enter_counting(f, ts, throw, r0, top, depth, base, run):
    """:func:`enter`'s run when the host units since the enclosing entry are
    counted (or none are: the thread's outermost entry).

    Those units are host frames and C recursion guards; the program's are the
    frames of the library code it called and the guards that code and the
    builtins it called took (``Pattern.sub``'s call, ``repr``'s...), which
    CPython counts on the same counter as the program's frames: the units
    since the enclosing entry's run began (``top - r0 - base``) less the host
    frames (``hostroom.walk``: the enter frame and those back to the enclosing
    entry's), plus the library's frames, less the guards pyjit's own frames
    took (``hostroom.GUARDED``).  They count as VM depth while ``f`` runs (so
    every check of the run sees them: no cost where there are none), and a
    hop whose units pass the limit before ``f`` raises CPython's
    RecursionError (:func:`_hop_error`)."""
    k = 0
    if depth > 1:
        n, lib = hop(_ENTER, ts)
        k = lib + top - r0 - base - n - 1
        if k > 0 and ((lib <= 0 and f.code.co_flags & _GENERATOR_LIKE) or ts.hooks):
            k = _units(f, ts, lib, k - lib)
        if k > 0:
            if depth - 1 + k >= RecursionLimit.value:
                raise _hop_error(f, k, depth - 1, hostroom._getframe(2), _ENTER)
            depth += k
            ts.depth = depth
    want = top - depth
    if want < hostroom.FLOOR:
        want = hostroom.FLOOR
    give = want - r0
    if give < 0:
        give = 0
    room = ts.room
    room.value += give   # (r0 was read in enter's frame: this one is a unit deeper)
    ts.base = top - r0 - give
    try:
        return run(f, ts, throw)
    finally:
        room.value -= give
        ts.base = base
        if k > 0:
            ts.depth -= k


def _units(f, ts, lib, guards):
    """The program's units of a hop: ``lib`` (its library frames less pyjit's
    guards) and ``guards`` (the host's C guards since the enclosing entry)."""
    if lib <= 0 and f.code.co_flags & _GENERATOR_LIKE:
        # a generator resumed by pyjit's own loop (FOR_ITER: its next() takes a
        # guard until the host quickens the loop's code) or by a builtin: CPython
        # enters a generator's frame with no guard (gen_send_ex)
        return 0
    if ts.hooks:
        # the traced loop counts the C calls' levels itself (pyjit.clevel), and
        # a hook's machinery takes guards of pyjit's own
        return lib if lib > 0 else 0
    k = lib + guards
    return k if k > 0 else 0   # (< 0: pyjit's own room given meanwhile, hostroom.spare)


def _entry_error(f, ts, margin=hostroom.MARGIN):
    """:func:`push_entry`'s RecursionError: at ``f``'s frame, or at the first of
    the program's host units since the enclosing entry (:func:`_enter_counting`)."""
    room = ts.room
    d0 = ts.depth
    if room is None or d0 <= 1:
        return recursion_error()
    n, lib = hostroom.hop(_ENTER, ts)
    # (units to this frame, less its frames: walked, push_entry's, this one)
    k = _units(f, ts, lib, RecursionLimit.value + margin - room.value - ts.base - n - 2)
    if not k:
        return recursion_error()
    return _hop_error(f, k, d0, hostroom._getframe(2), _ENTER)


_GENERATOR_LIKE = 0x20 | 0x80 | 0x200   # CO_GENERATOR, CO_COROUTINE, CO_ASYNC_GENERATOR


# The C guard CPython 3.11 takes right before calling a slot (its message's
# tail), by the dunder's name: PyObject_Repr, PyObject_Str, PyObject_RichCompare,
# PyObject_IsInstance/IsSubclass; any other call from C: tp_call's.
_SLOT_GUARDS = {"__repr__": " while getting the repr of an object",
                "__str__": " while getting the str of an object",
                "__instancecheck__": " in __instancecheck__",
                "__subclasscheck__": " in __subclasscheck__"}
_SLOT_GUARDS.update(dict.fromkeys(("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"),
                                  " in comparison"))


def _hop_error(f, k, d0, frame, stop):
    """The RecursionError of a hop whose ``k`` program units pass the limit
    from VM depth ``d0`` before ``f``'s frame, or at it: the message of the
    unit that reaches the limit (``hostroom.hop_units``: their order as far as
    it is seen); the library frames past that unit are cut from its traceback
    (``tracebacks.cut``: CPython's never ran)."""
    j = RecursionLimit.value - d0   # (the units that fit: unit j trips)
    if j >= k:
        return recursion_error()   # (f's frame)
    if j < 0:
        j = 0
    units = hostroom.hop_units(frame, stop, k, _SLOT_GUARDS.get(f.code.co_name))
    if j >= len(units):
        return recursion_error()
    message, frames = units[j]
    e = RecursionError("maximum recursion depth exceeded" + message)
    if frames:
        cut(e, frames)
    return e


_ENTER = enter.__code__
hop = hostroom.hop


def lend(ts, limit=RecursionLimit, margin=hostroom.MARGIN):
    """Raise the host's room to what the program has at VM depth ``ts.depth``
    (as :func:`enter`, with the library frames counted so far); what was
    given, for the caller to take back (0: nothing)."""
    room = ts.room
    if room is None:
        return 0
    r0 = room.value
    want = limit.value + margin - ts.depth
    if want < hostroom.FLOOR:
        want = hostroom.FLOOR
    give = want - r0
    if give <= 0:
        return 0
    room.value = r0 + give
    return give


def pop(f, v, ts):
    """RETURN_VALUE: ``f`` returns ``v``.

    Returns the caller, which continues with ``v`` on its stack; or None when
    ``f`` is an entry frame: ``v`` is then on ``f``'s own stack, for the loop
    to return.  Either way ``f`` is released (:func:`release`, inline: every
    return comes here)."""
    outside = f.outside
    if outside is not None:
        if outside.__class__ is not tuple:  # a generator's frame a SEND pushed
            ts.depth -= 1
            f.pc = RELEASED
            f.fast.reverse()
            return _gen_returned(f, v, ts, outside)
        if outside[0] is not NULL:  # C(...): the call's value is the object
            if v is not None:
                _init_returned(f, v, ts)
            v = outside[0]
    ts.depth -= 1
    f.pc = RELEASED
    fast = f.fast
    fast.reverse()
    if f.entry:
        f.stack.append(v)
        return None
    back = f.back
    back.stack.append(v)
    if outside is not None:
        # a call CPython does not inline: its caller drops the arguments after the
        # callee's frame is gone -- stored before the reversed locals, they go after
        # them (frame views read only as many locals as the code has)
        fast[:0] = outside[1]
        if len(outside) > 2:
            ts.depth += 1  # (not a recursion level: pyjit.calls.see_through)
        f.outside = outside = None
    return back


def suspend(f, pc, ts):
    """RETURN_GENERATOR or YIELD_VALUE at unit ``pc``: ``f`` stops, to resume after it."""
    f.lasti = pc
    f.pc = pc + 1
    ts.depth -= 1


# ---------------------------------------------------------------------------
# releasing a finished frame's locals

def release(f):
    """Finished frame ``f`` lets its locals go, in index order (``_PyFrame_Clear``).

    They are stored back to front: a list frees its items last first, so when
    the list goes -- with the frame, or when whoever else names it lets go (a
    loop's local, a host frame in a traceback) -- they go in CPython's order.
    (An eval loop reloads its ``pc`` before its ``fast``, so that a ``__del__``
    that looks at the stack then sees the caller where it called.)
    A frame something still holds (a frame view the program kept) keeps them
    until then, as CPython's frame object takes ownership of a referenced
    frame; frame views read a released frame's locals back to front."""
    if f.pc == FINISHED:  # (not a frame that became a generator's, nor released already)
        f.pc = RELEASED
        f.fast.reverse()


def discard(f):
    """A frame that will never run (an unstarted generator's, dropped or closed):
    finished, its locals released."""
    f.pc = FINISHED
    release(f)


def clear(f):
    """``frame.clear()`` of a finished frame: its locals go now, in index order."""
    release(f)
    f.fast.clear()


# ---------------------------------------------------------------------------
# exceptions

class InCaller(BaseException):
    """An exception the caller's instruction raises after its callee's frame
    returned (:func:`_init_returned`): :func:`unwind` starts in ``caller``."""

    def __init__(self, exc, caller):
        self.exc = exc
        self.caller = caller


def _init_returned(f, v, ts):
    """``__init__`` returned ``v`` (not None): its frame returns as any does,
    then the class call raises TypeError in the caller -- CPython's type_call
    checks the value after the frame is gone, so the traceback has no entry
    for ``__init__`` and its handlers do not see the error.  (An entry frame
    raises here: its caller is the host.)"""
    exc = TypeError(f"__init__() should return None, not '{type_name(type(v))}'")
    if f.entry:
        raise exc
    v = None
    back = pop(f, None, ts)
    back.stack.pop()   # (the new object: type_call drops it)
    raise InCaller(exc, back)


def unwind(f, pc, exc, ts, hook=None):
    """Find the handler for ``exc`` raised at unit ``pc`` of ``f``, popping frames.

    Returns the frame to continue in (its ``pc`` set to the handler), or
    re-raises ``exc`` out of the loop when the entry frame has no handler.
    Each frame the exception passes gets its traceback entry (a real frame,
    :func:`pyjit.tracebacks.vm_entry`), as CPython's ``PyTraceBack_Here``.
    ``hook`` (the traced loop's, :mod:`pyjit.traceloop`) is told each frame's
    ``"exception"`` (after its traceback entry) and ``"return"`` (a frame the
    exception leaves, before its locals go), in CPython's order; an exception
    the hook raised (it returns it) replaces ``exc`` from there on, as in
    CPython's ``call_exc_trace`` and ``call_trace_protected``."""
    if type(exc) is InCaller:
        f, exc = exc.caller, exc.exc
        pc = f.lasti
    f.lasti = pc
    at = pc  # where the frame reports itself to a hook
    if type(exc) is Reraise:
        if exc.lasti is not None:
            # RERAISE's saved lasti is the frame's prev_instr again (CPython
            # 3.11): a line event at the handler compares with its line
            at = f.lasti = exc.lasti
        exc = exc.exc
        # RERAISE does not add this frame again, but its entry shows where it is now
        et = type(exc)
        tb = exc.__traceback__ if type(et) is type and et.__getattribute__ is _EXC_GA \
            else exc_traceback(exc)
        tb = moved(tb, f, at)
        add = False
    else:
        et = type(exc)
        tb = exc.__traceback__ if type(et) is type and et.__getattribute__ is _EXC_GA \
            else exc_traceback(exc)
        tb = strip(tb)
        add = True
    while True:
        hidden = f.dec.hidden  # a C builtin's stand-in (pyjit.seethrough): no entry, no event
        if add and not hidden:
            tb = vm_entry(tb, f, pc, f.dec.line_at(pc))
            if hook is not None:
                if type(type(exc)) is type and type(exc).__setattr__ is _EXC_SA:
                    exc.__traceback__ = tb    # (the usual: no hook of its own)
                else:
                    set_exc_traceback(exc, tb)
                new = hook(f, at, exc, "exception")
                if new is not None:  # the hook raised: its exception goes on instead
                    exc, new = new, None
                    et = type(exc)
                    tb = exc.__traceback__ if type(et) is type and et.__getattribute__ is _EXC_GA \
                        else exc_traceback(exc)
                    tb = strip(tb)
        add = True
        h = f.dec.handlers[pc]
        if h is not None:
            if type(type(exc)) is type and type(exc).__setattr__ is _EXC_SA:
                exc.__traceback__ = tb    # (the usual: no hook of its own)
            else:
                set_exc_traceback(exc, tb)
            target, depth, push_lasti = h
            st = f.stack
            del st[depth:]
            if push_lasti:
                # (CPython's prev_instr: a RERAISE with a saved lasti restored it)
                st.append(at)
            st.append(exc)
            f.pc = target
            return f
        if hook is not None and not hidden:
            new = hook(f, at, exc, "return")
            if new is not None:
                exc, new = new, None
                et = type(exc)
                tb = exc.__traceback__ if type(et) is type and et.__getattribute__ is _EXC_GA \
                    else exc_traceback(exc)
                tb = strip(tb)
        ts.depth -= 1
        f.pc = FINISHED
        release(f)
        if hidden and f.outside is not None:
            # the arguments its caller held go after its locals (as pop() does)
            f.fast[:0] = f.outside[1]
            if len(f.outside) > 2:
                ts.depth += 1  # (not a recursion level: pyjit.calls.see_through)
        if f.outside is not None and f.outside.__class__ is not tuple:
            # a generator's frame a SEND pushed: its sender raises at the SEND
            back = f.back
            f.back = None
            exc, tb = _gen_unwound(f, exc, tb, ts)
            f = back
            pc = at = f.lasti
            continue
        if f.entry:
            if type(type(exc)) is type and type(exc).__setattr__ is _EXC_SA:
                exc.__traceback__ = tb    # (the usual: no hook of its own)
            else:
                set_exc_traceback(exc, tb)
            f.stack = []
            f = tb = None  # this frame joins the traceback: keep nothing alive from it
            try:
                raise_no_chain(exc)
            finally:
                exc = None
        back = f.back
        f.outside = None
        f = back
        pc = at = f.lasti


# ---------------------------------------------------------------------------
# a generator's or coroutine's frame that a SEND pushed in the running loop
# (pyjit.calls.send_push, CPython 3.12's SEND_GEN): ``outside`` holds its
# generator while it runs; its yield, return and exception go to the sender

_exception = sys.exception


# (pyjit.generators' ``_ASend`` and ``AsyncGenWrapped``, set there: an async
# generator's frame pushed by a SEND of its ``__anext__()``/``asend()``
# awaitable has that awaitable as ``outside``, not the generator)
ASEND = WRAPPED = None


def gen_yielded(f, v):
    """YIELD_VALUE of ``f`` (suspended already): its sender goes on at the
    YIELD_VALUE after its SEND with ``v`` pushed (``Generator._run``'s end).
    An async generator's frame (``outside`` its awaitable step): a yielded
    value (wrapped) finishes the step -- SEND's result, at its target, as the
    step's StopIteration --; an inner await's raw value is yielded on."""
    gen = f.outside
    back = f.back
    f.outside = f.back = None
    caller_exc = f.callers
    f.callers = None
    step = None
    if gen.__class__ is ASEND:
        step = gen
        gen = step.gen
    gen.running = False
    gen.exc_state = kept_exc(f.code, f.lasti, caller_exc)
    if step is not None and v.__class__ is WRAPPED:
        step.state = 2    # (_ASend.send: its StopIteration(value) ends it)
        gen.running_async = False
        back.stack[-1] = v.value
        back.pc = back.dec.args[back.lasti]
        return back
    back.stack.append(v)
    return back


def kept_exc(code, lasti, caller_exc):
    """A generator suspending at ``lasti``: the handled exception it keeps
    (yielded inside an except block: that state, which may be the caller's own
    exception thrown in -- then only the code tells), else None; the sender's
    ``caller_exc`` is put back either way."""
    cur = _exception()
    if cur is not caller_exc or (cur is not None and in_handler(code, lasti)):
        set_exc_info(caller_exc)
        return cur
    return None


def restore_callers(caller_exc):
    """A generator finished: its sender's handled exception back in place."""
    if _exception() is not caller_exc:
        set_exc_info(caller_exc)


def _finished(f):
    gen = f.outside
    f.outside = None
    if gen.__class__ is ASEND:
        gen.state = 2     # (an exception ends the step: _ASend.send)
        gen = gen.gen
        gen.running_async = False
    gen.running = False
    gen.frame = None
    gen.exc_state = None
    caller_exc = f.callers
    f.callers = None
    restore_callers(caller_exc)
    return gen


def _gen_returned(f, v, ts, gen):
    """RETURN_VALUE of ``f`` (released by pop): the generator finished, its
    value replaces it on the sender's stack, which goes on at its SEND's target."""
    back = f.back
    f.back = None
    if gen.__class__ is ASEND:
        # an async generator's return: its step raises StopAsyncIteration at
        # the SEND.  The frame finishes here (as _run's end); the sender runs
        # its SEND again with the step still started, which _ASend.send ends
        # as it ends a finished generator's (``closed``, the exception raised
        # at the SEND, with the sender's traceback entry only)
        f.outside = gen.gen
        _finished(f)
        back.stack.append(None)
        back.pc = back.lasti
        return back
    _finished(f)
    back.stack[-1] = v
    send_pc = back.lasti
    back.pc = back.dec.args[send_pc]
    # (no "exception" event for the stop even if a hook was set meanwhile:
    # CPython 3.11's SEND reports it only when it began traced)
    return back


def _gen_unwound(f, exc, tb, ts):
    """An exception leaves ``f`` (released by unwind): the generator finished,
    PEP 479 applied (``_GenBase._converted``); the sender raises it at its SEND."""
    gen = _finished(f)
    if issubclass(type(exc), (StopIteration, StopAsyncIteration)):
        new = gen._converted(exc)    # (an async generator's StopAsyncIteration too)
        if new is not exc:
            if type(type(exc)) is type and type(exc).__setattr__ is _EXC_SA:
                exc.__traceback__ = tb    # (the usual: no hook of its own)
            else:
                set_exc_traceback(exc, tb)
            return new, None
    return exc, tb
