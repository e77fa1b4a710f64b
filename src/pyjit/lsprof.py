"""``_lsprof`` for programs that pyjit runs: cProfile's profiler, fed by ``sys.setprofile``.

CPython's ``_lsprof.Profiler`` installs a C profile function
(``PyEval_SetProfile``), which sees host frames only: under pyjit those are
pyjit's own, never the program's.  While a program runs, ``sys.modules["_lsprof"]``
is this module (:func:`pyjit.runner` puts it there before anything imports
cProfile), whose :class:`Profiler` does what the C one does -- the same
entries, call counts, recursion counts, inline and total times, per caller --
from the events of ``sys.setprofile`` (:mod:`pyjit.tracing`), which reports VM
frames as CPython does.  ``cProfile.Profile``, ``cProfile.run`` and ``python -m
cProfile`` work unchanged on top of it; ``pstats`` reads its statistics.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.id = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import sys
import time
import types

from .tracing import builtin_of, native

class profiler_entry(tuple):
    """(code, callcount, reccallcount, totaltime, inlinetime, calls), as the C type."""
    __slots__ = ()
    code = property(lambda self: self[0])
    callcount = property(lambda self: self[1])
    reccallcount = property(lambda self: self[2])
    totaltime = property(lambda self: self[3])
    inlinetime = property(lambda self: self[4])
    calls = property(lambda self: self[5])


class profiler_subentry(tuple):
    """(code, callcount, reccallcount, totaltime, inlinetime)."""
    __slots__ = ()
    code = property(lambda self: self[0])
    callcount = property(lambda self: self[1])
    reccallcount = property(lambda self: self[2])
    totaltime = property(lambda self: self[3])
    inlinetime = property(lambda self: self[4])


class _Entry:
    __slots__ = ("key", "callcount", "reccallcount", "tt", "it", "recursion", "calls")

    def __init__(self, key):
        self.key = key
        self.callcount = self.reccallcount = 0
        self.tt = self.it = 0.0
        self.recursion = 0
        self.calls = {}  # callee key -> _Entry (its counts as called from here)


def _label(fn):
    """lsprof's ``normalizeUserObj``: the key of a builtin (a string)."""
    if getattr(fn, "__func__", fn) in (Profiler.enable, Profiler.disable):
        return f"<method '{fn.__name__}' of '_lsprof.Profiler' objects>"
    fn = builtin_of(fn)  # (pyjit's stand-ins are reported as the builtins they replace)
    self = getattr(fn, "__self__", None)
    name = getattr(fn, "__name__", "?")
    if self is None or isinstance(self, types.ModuleType):
        module = getattr(fn, "__module__", None)
        if self is not None or module:
            if module and module != "builtins":
                return f"<{module}.{name}>" if self is None else \
                    f"<built-in method {module}.{name}>"
            return f"<built-in method {module or 'builtins'}.{name}>" if self is not None \
                else f"<{name}>"
        return f"<{name}>"
    mo = getattr(type(self), name, None)
    if mo is not None:
        return repr(mo)
    return f"<built-in method {name}>"


class Profiler:
    """``_lsprof.Profiler(timer=None, timeunit=0.0, subcalls=True, builtins=True)``."""

    def __init__(self, timer=None, timeunit=0.0, subcalls=True, builtins=True):
        self._timer = timer if timer is not None else time.perf_counter
        self._unit = timeunit if timer is not None and timeunit else 1.0
        self._subcalls = bool(subcalls)
        self._builtins = bool(builtins)
        self.clear()

    def clear(self):
        self._entries = {}
        self._stack = []  # [entry, start time, time of its subcalls, caller's subentry]

    def enable(self, subcalls=True, builtins=True):
        self._subcalls = bool(subcalls)
        self._builtins = bool(builtins)
        sys.setprofile(self._event)

    def disable(self):
        sys.setprofile(None)
        now = self._timer()
        while self._stack:  # (as the C one: the frames still running end now)
            self._leave(now)

    def _enter(self, key, now):
        e = self._entries.get(key)
        if e is None:
            e = self._entries[key] = _Entry(key)
        sub = None
        if self._stack and self._subcalls:
            caller = self._stack[-1][0]
            sub = caller.calls.get(key)
            if sub is None:
                sub = caller.calls[key] = _Entry(key)
            if sub.recursion:
                sub.reccallcount += 1
            sub.recursion += 1
        if e.recursion:
            e.reccallcount += 1
        e.recursion += 1
        self._stack.append([e, now, 0.0, sub])

    def _leave(self, now):
        e, start, subtime, sub = self._stack.pop()
        tt = now - start
        it = tt - subtime
        e.recursion -= 1
        e.callcount += 1
        e.it += it
        if not e.recursion:
            e.tt += tt
        if sub is not None:
            sub.recursion -= 1
            sub.callcount += 1
            sub.it += it
            if not sub.recursion:
                sub.tt += tt
        if self._stack:
            self._stack[-1][2] += tt

    def _event(self, frame, event, arg):
        now = self._timer()
        if event == "call":
            self._enter(frame.f_code, now)
        elif event == "return":
            if self._stack:
                self._leave(now)
        elif self._builtins:  # c_call, c_return, c_exception
            if event == "c_call":
                self._enter(_label(arg), now)
            elif self._stack:
                self._leave(now)

    def getstats(self):
        u = self._unit
        out = []
        for e in self._entries.values():
            calls = [profiler_subentry((s.key, s.callcount, s.reccallcount, s.tt * u, s.it * u))
                     for s in e.calls.values()] if self._subcalls else None
            out.append(profiler_entry((e.key, e.callcount, e.reccallcount, e.tt * u, e.it * u,
                                       calls)))
        return out

    def __enter__(self):
        self.enable()
        return self

    def __exit__(self, *exc):
        self.disable()


# (C methods in CPython: profiled as builtins)
native(Profiler.enable, Profiler.enable, rename=False)
native(Profiler.disable, Profiler.disable, rename=False)
