"""The program's finalizers never run on a thread of pyjit's own (issue #17).

A garbage collection runs finalizers in whichever thread allocated last, and a
reference dropped runs a ``__del__`` in the thread that dropped it.  pyjit's
compile thread (``jit.llvm.jobs``) allocates objects of its own, so it
collects too; the program's ``__del__`` methods, weak reference callbacks,
generator finalizers and ``gc.callbacks`` entries then ran there -- in
``threading.current_thread()`` a ``Dummy`` thread, and at whatever point the
program's thread let the GIL go: in the middle of one of its instructions, as
a trace sees them, where CPython (one thread) never runs them.

So every entry from the host into the program's code that a finalizer reaches
looks at the thread first: ``Function.__call__`` (a ``__del__``, a callback,
a hook: the host calls the function) and ``Generator.__del__`` (closing a
suspended generator runs its ``finally``).  On a pyjit thread
(``ThreadState.internal``, set by the compile thread when it starts) the call
is not made but queued, with its arguments -- which keeps the object alive
(resurrected, for the collector); PEP 442 marked it finalized already, so when
the queue lets it go it dies without a second ``__del__``.  The program's
threads then run the queue, in order (:func:`drain`), at their safe points:
where the driver looks for finished compile jobs (trace entries, loop headers,
back-edges, function entries -- interpreter state, no native code's facts
held; installing code there already runs the program's code), when a
host-to-VM call returns (``Function.__call__``: whoever called the program's
function expected its code to run anyway), and when the program ends.  As if
that collection had happened there: the thread that runs it is the program's,
as in CPython, where the collection happens in a thread of the program.

A finalizer's exception goes to ``sys.unraisablehook`` as CPython's would (the
object the function, or the generator; ``gc.callbacks``' message).  What
differs: a deferred call's unraisable object is the function even when the host
called a bound method of it (``weakref.ref(o, self.m)``), and the collection
that deferred a ``__del__`` frees the cycle only at the next collection (the
queue held it).
"""

from __future__ import annotations

__builtins__ = dict(vars(__import__("builtins")))

import _thread
import collections
import gc
import os
import sys

from .frame import thread_state
from .typelookup import exc_traceback

queue = collections.deque()  # (callable, args, kwargs, unraisable message, object)

_get_ident = _thread.get_ident


def defer(fn, args, kwargs, obj) -> None:
    """Queue ``fn(*args, **kwargs)`` for a program thread (called on a pyjit
    thread); ``obj`` names it to ``sys.unraisablehook`` if it raises."""
    msg = None
    for cb in gc.callbacks:
        if cb is obj:
            msg = "Exception ignored in garbage collection callback"
            break
    queue.append((fn, args, kwargs, msg, obj))


def drain() -> None:
    """Run the queued finalizers, in order (a program thread at a safe point).
    Not nested: a finalizer's own safe points leave the rest to the loop here
    (each call's return is one: nesting would grow the stack by the queue's length)."""
    me = _get_ident()
    if me in _draining or thread_state().internal:
        return
    _draining.add(me)
    try:
        while queue:
            try:
                fn, args, kwargs, msg, obj = queue.popleft()
            except IndexError:      # (another program thread took the last one)
                return
            try:
                fn(*args, **kwargs)
            except BaseException as e:
                _unraisable(e, msg, obj)
            # (what the call kept alive dies here, on this thread)
            fn = args = kwargs = obj = None
    finally:
        _draining.discard(me)


_draining: set = set()      # the threads running drain() now


def _unraisable(e, msg, obj) -> None:
    from .tracebacks import leave_vm
    leave_vm(e)
    args = UnraisableHookArgs((type(e), e, exc_traceback(e), msg, obj))
    try:
        sys.unraisablehook(args)
    except BaseException:
        sys.__unraisablehook__(args)


def _unraisable_args_type():
    """sys.UnraisableHookArgs, which the sys module does not export: catch one."""
    seen = []
    hook = sys.unraisablehook
    sys.unraisablehook = seen.append

    class Probe:
        def __del__(self):
            raise Exception

    try:
        Probe()
    finally:
        sys.unraisablehook = hook
    return type(seen[0])


UnraisableHookArgs = _unraisable_args_type()   # (generators' finalizers use it too)


def _after_fork_child() -> None:
    # what the queue holds is the parent's to run (CPython ran it before the fork,
    # once): the child lets it go -- finalized already, so nothing runs; a fork
    # from inside a drain must not leave the child's thread marked as draining
    queue.clear()
    _draining.clear()


os.register_at_fork(after_in_child=_after_fork_child)
