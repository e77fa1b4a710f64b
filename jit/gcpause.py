"""The cyclic garbage collector paused around the JIT's bulk work (issue #15).

Optimizing a trace and writing its module allocate tens of thousands of
containers (IR ops' operand lists, snapshots' frames, the emitter's lines and
tables) that live as long as the trace.  With the collector on, they push
generation 0 over its threshold again and again, and every young collection
promotes them, until a full collection traverses them all: 45-120 ms of a big
program's first call went to the collector under tier jit against 5-11 ms
under tier specialize (notes/performance.md, "Issue #15, fifth round").

:func:`quiet` runs such work with the collector off, then makes one young
collection of what it allocated and turns the collector back on.  Nothing
the program sees changes, because it is done only when nobody else can look:

* the collector is on (a program that turned it off keeps it off);
* the program runs one thread: no other thread of its can run (the GIL
  switches threads inside long work) and see ``gc.isenabled()`` false or turn
  the collector on or off meanwhile (the compile thread runs no program code);
* no observer hands the JIT's objects to the program's hooks
  (``Observer.keeps_traces``: ``--jit-events``, ``--verify``, the API's hooks);
* not nested (a signal handler that reaches a hot loop while the main thread
  is inside the work: the outer call turns the collector back on).

When the collector is turned back on with generation 0 past its threshold,
the next allocation collects, as the work's first allocation past it would
have.  Unless the compile thread runs: it promises never to allocate near the
threshold, so that no collection -- no finalizer of the program's -- runs on
it (``llvm.jobs._gc_room``), and it stops checking while the collector is
off; the main thread then makes that young collection itself, before turning
the collector back on (the program's garbage in generation 0 is collected
there, on the main thread, as it would have been by the work's first
collection).
"""

from __future__ import annotations

__builtins__ = dict(__import__("pyjit").BUILTINS)

import _thread
import gc
import sys

from .config import Config

_paused = False


def _compile_thread():
    """``llvm.jobs`` if its compile thread runs, else None.  (Another thread may
    be importing the module: its names may not be set yet.)"""
    jobs = sys.modules.get("pyjit.jit.llvm.jobs")
    if getattr(jobs, "_started", False) and not getattr(jobs, "_stopping", True):
        return jobs
    return None


def _alone() -> bool:
    """Does the program run one thread (the compile thread, if started, aside)?"""
    return _thread._count() <= (_compile_thread() is not None)


def quiet(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` with the collector paused when no one can tell
    (see the module doc); ``fn`` must not run the program's code."""
    global _paused
    if _paused or not gc.isenabled() or not _alone():
        return fn(*args, **kwargs)
    if Config.observer.keeps_traces:
        return fn(*args, **kwargs)
    _paused = True
    gc.disable()
    try:
        return fn(*args, **kwargs)
    finally:
        try:
            jobs = _compile_thread()
            if jobs is not None and \
                    gc.get_count()[0] >= gc.get_threshold()[0] - jobs._GC_MARGIN:
                gc.collect(0)
        finally:
            gc.enable()
            _paused = False
