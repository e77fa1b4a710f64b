"""The traced loop: VM frames run here while a trace or profile hook is set.

Every tier's loop tests ``ts.hooks`` (:class:`pyjit.frame.ThreadState`) where it
already switches frames -- entering ``run``, reloading a frame after a call or
return, and after a host call (which may have set a hook: ``breakpoint()``,
``sys.settrace``) -- and hands its frames to :func:`run` while it is true.  So
with a hook set nothing runs specialized: no quickened forms, no blocks, no
compiled trace is entered or recorded.  This loop runs the plain instructions
(the code object's own, :attr:`Decoded.ops <pyjit.decode.Decoded>`, at the same
unit indices as every tier's) and reports CPython 3.11's events before each one
(:mod:`pyjit.tracing`); when the hooks are removed it hands the frames back to
the tier's loop at its next frame switch.

A hand-back nests one host call (the tier's ``run`` inside this one's); a
program that sets and removes a hook over and over would nest without bound,
so past :data:`_HAND_BACK` nested traced loops on a thread, this loop keeps
its frames until its entry frame returns.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from itertools import islice as _islice
from types import MethodType as _MethodType

from . import clevel as L
from . import tiers
from . import tracing as T
from .function import Function
from .frames import register_loop
from .loopsrc import MACROS, PLAIN, build, plain_namespace
from .calls import _host_callables, _wants_real_function
from .calls import call as _CALL
from .null import NULL
from .vmbuiltins import SPECIAL

_HAND_BACK = 8


def run(f, ts, throw=None):
    """A tier's ``run`` (:meth:`pyjit.tiers.Tier.run`), with the hooks' events."""
    ts.nest += 1
    box = [f]
    f = None  # (no reference to the frame here: see loopsrc.hand_over)
    try:
        return _run(box.pop(), ts, throw)
    finally:
        ts.nest -= 1


def _thrown(f, ts, exc):
    """generator.throw(): the frame resumes (a 'call' event), then raises ``exc``
    -- or what the hook raised."""
    if ts.hooks and not ts.tracing:
        try:
            T.call_event(f, ts, f.lasti)
        except BaseException as e:
            return e
    return exc


# What the traced loop puts in PLAIN's slots (see pyjit.loopsrc): the events
# before instructions, at returns and around builtins' calls; the hand-back.
_SLOTS = {
    "prologue": "",
    "throw": "exc = _thrown(f, ts, throw)",
    "switch": """\
        if not ts.hooks and ts.nest <= _HAND_BACK:
            # the hooks were removed: the tier's own loop takes the frames back
            stack = fast = None  # (the frame's lists: see loopsrc.hand_over)
            nf, f = [f], None  # (frame views skip a loop whose ``f`` is None)
            return hand_over(tiers.active.run, nf, ts)
        """,
    "reload": """\
        first = dec.first_traceable
        if pc == 1 and dec.entry_pc == 1:
            pc = 0  # a new frame: run the RESUME the other loops skip (its 'call')
        prev = f.lasti
        """,
    "event": """\
        if ts.hooks and not ts.tracing and pc >= first:
            if op == RESUME:
                T.call_event(f, ts, pc)
            elif ts.trace is not None:
                r = T.line_event(f, ts, pc, prev, first)
                if r is not None:  # the trace function jumped (f_lineno)
                    pc = r
                    op = ops[pc]
                    r = None
        prev = pc
        """,
    "for_iter": """\
        elif op == FOR_ITER and ts.trace is not None and not ts.tracing and not dec.hidden:
            v = stack[-1]
            r = handlers[op](f, args[pc])
            if r is None:
                pc = nexts[pc]
            else:
                T.for_iter_stop(f, ts, pc, v)
                pc = r
            v = None
        """,
    "call": """\
        a = args[pc]
        n = len(stack)
        if stack[n - 2 - a] is Null:
            v = stack[n - 1 - a]
            if ts.profile is not None and not ts.tracing and not dec.hidden:
                # a builtin's call: c_call, then c_return or c_exception
                c = T.c_function(v, n - a, a, stack)
        else:
            v = stack[n - 2 - a]
            if ts.profile is not None and not ts.tracing and not dec.hidden:
                c = T.c_function(v, n - 1 - a, a + 1, stack)
        if type(v) is Function or dec.hidden or not L.call_counts(
                v, a, dec.kwnames[pc], ts.tracing):
            v = None  # (not a C call that takes a recursion level: pyjit.clevel)
        if c is None and v is None:
            nf = call(f, stack, pc, a, ts)
        else:
            nf = _c_call(call, f, stack, pc, a, ts, c, stack[n - 2 - a:], v is not None,
                         L.CALL_MESSAGE)
            c = v = None
        if nf is None:
            pc = nexts[pc]
        else:
            f = nf
            break
        """,
    "call_ex": """\
        a = -3 if args[pc] & 1 else -2
        v = stack[a]
        if ts.profile is not None and not ts.tracing and not dec.hidden:
            c = T.c_function_ex(v, stack[a + 1])
        if type(v) is Function or dec.hidden or not L.ex_counts(v):
            v = None
        if c is None and v is None:
            nf = call_ex(f, stack, pc, args[pc], ts)
        else:
            nf = _c_call(call_ex, f, stack, pc, args[pc], ts, c,
                         stack[-4 if args[pc] & 1 else -3:], v is not None, L.CALL_MESSAGE)
            c = v = None
        if nf is None:
            pc += 1
        else:
            f = nf
            break
        """,
    "compare": """\
        r = stack.pop()
        if not dec.hidden and L.compare_counts(stack[-1], r, args[pc], ops[nexts[pc]],
                                                ts.tracing):
            # PyObject_RichCompare's recursion level (pyjit.clevel)
            L.level(ts, L.COMPARE_MESSAGE)
            try:
                stack[-1] = compares[args[pc]](stack[-1], r)
            finally:
                ts.depth -= 1
        else:
            stack[-1] = compares[args[pc]](stack[-1], r)
        r = None
        pc = nexts[pc]
        """,
    "return_event": """\
        if ts.hooks and not ts.tracing and not dec.hidden:
            T.return_event(f, ts, pc, stack[-1])
        """,
    "yield_jump": """\
        if ts.jump is not None:  # (a trace function jumped from the yield's return event)
            T.yield_jumped(f, ts)
        """,
    "send": """\
        if ts.trace is not None and not ts.tracing:
            v = stack[-1]      # what is sent
            nf = stack[-2]     # the delegate
            r = send(stack, pc, args[pc])
            if r == args[pc]:  # the delegate returned (its value on the stack)
                T.send_stop(f, ts, pc, nf, v, stack[-1])
            pc = r
            v = nf = None
        else:
            pc = send(stack, pc, args[pc])
        """,
    "unwind": MACROS["unwind"]("T.unwind_hook"),
}

def _c_call(do_call, f, stack, pc, arg, ts, c, held, counted, message):
    """A call of a C callable (``do_call``: the loop's CALL or CALL_FUNCTION_EX):
    between its profile events if ``c`` (the builtin they report) is not None,
    taking a recursion level while it runs if ``counted`` (CPython's
    ``_Py_EnterRecursiveCall``: :mod:`pyjit.clevel`; at the limit the call
    raises RecursionError after its ``c_call``, as the builtin's entry does).
    ``held``: the callable and arguments, which CPython's stack keeps until
    after the c_return or c_exception event (a generator argument is closed
    after it, not before)."""
    if c is not None:
        T.c_event(f, ts, pc, "c_call", c)
    plain = do_call is _CALL and _plain_c_call(f, pc, held)
    if plain:
        del stack[len(stack) - len(held):]  # (``held`` owns them now)
    err = None
    try:
        if counted:
            L.level(ts, message)
            try:
                nf = _call_held(held, stack) if plain else do_call(f, stack, pc, arg, ts)
            finally:
                ts.depth -= 1
        else:
            nf = _call_held(held, stack) if plain else do_call(f, stack, pc, arg, ts)
    except BaseException as e:
        err = e
    if err is not None:
        # (outside the except block: the hook sees the program's handled exception)
        if c is not None:
            try:
                if ts.profile is not None:
                    T.c_event(f, ts, pc, "c_exception", c)
            except BaseException:
                pass  # CPython's call_trace_protected: the call's exception wins
        del held[:]
        try:
            raise err
        finally:
            err = None
    if c is not None and ts.profile is not None:
        T.c_event(f, ts, pc, "c_return", c)
    del held[:]
    return nf


def _plain_c_call(f, pc, held):
    """Is the CALL at ``pc`` (``held``: its callable and arguments, from the
    stack) one that :func:`pyjit.calls.call` makes as ``fn(*args)``?"""
    fn = held[1] if held[0] is NULL else held[0]
    t = type(fn)
    return (f.dec.kwnames[pc] is None and t is not Function and t is not type
            and t is not _MethodType and id(fn) not in SPECIAL)


def _call_held(held, stack):
    """:func:`pyjit.calls.call`'s ``fn(*args)``, with the arguments owned by
    ``held`` (the CALL's slots, taken off the stack), the list that keeps them
    until the call's ``c_return``, instead of a copy of its own: while the call
    runs they have the references they have in every tier's loop
    (``sys.getrefcount`` is the same with a hook set and without)."""
    start = 2 if held[0] is NULL else 1
    fn = held[start - 1]
    try:
        r = fn(*_islice(held, start, None))
    except TypeError as e:
        if not _wants_real_function(fn, held[start:], e):
            raise
        r = NULL
    if r is NULL:  # retry outside the except block (exception state)
        r = fn(*_host_callables(held[start:]))
    stack.append(r)
    return None


# (the locals ``f`` and ``pc`` are read by frame views: pyjit.frames._vm_state.)
# Built at import, not when a hook is first set: building runs host library
# code (textwrap, re) that the host's hooks would then report to the program's.
_run = register_loop(build(PLAIN, "run", plain_namespace(
    __name__, T=T, L=L, Function=Function, tiers=tiers, _HAND_BACK=_HAND_BACK, _thrown=_thrown,
    _c_call=_c_call),
    _SLOTS))
