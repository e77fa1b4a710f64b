"""Compile jobs and the compile thread: LLVM works while the interpreter runs.

A :class:`Job` is one module to make into code: its IR text, written on the
main thread (it reads the trace), and its relocation values -- text, bytes and
integers only, so nothing a job does can reach a program's object.
:func:`build` looks the module up in the persistent cache (:mod:`.cache`),
else compiles it (parse, passes, code generation) and stores it there;
:func:`link` links the object into the engine (:mod:`.engine`): the
function's address, ready to be called.

Both run on the compile thread: the main thread never makes an LLVM call
for a background job, so it never waits for the engine.  (Linking used to be
the main thread's, at a safe point when the engine was free: a finished job
then waited behind the whole build of the next one -- a bridge queued behind
a 300 ms re-optimization landed after it, often after the program's end.)

Each LLVM call releases the GIL, and getting it back while the main thread
interprets takes up to the switch interval (5 ms by default): a job makes
~15 such calls, so a 6 ms compile took 30-50 ms to land.  While the thread has
a job, the interval is ``SWITCH_INTERVAL`` (:func:`_hurry`); the main thread
gives the GIL up sooner at its eval loop's checks (compiled code leaves at its
next ``check_interrupt``) -- a few microseconds per switch, a few dozen
switches per job.  The program sees the shorter interval in
``sys.getswitchinterval()`` only while a job runs; one it sets itself is kept.

With ``SYNC`` (``--jit-sync``, and what tests that must be deterministic use)
:func:`submit` runs the job at once.  Otherwise the one compile thread runs
jobs in order (loops and bridges before re-optimizations) while the main
thread goes on interpreting; llvmlite releases the GIL inside every LLVM call
(../shared/design/llvmlite-facts.md: a compiling thread left the main thread
at 98% of its speed).  The main thread collects finished (linked) jobs at its
safe points (:func:`collect`, called by the driver at back-edges and trace
entries) and never waits for one, except at ``os.fork()``, where the job in
progress is let finish (LLVM must not be mid-call in a process that forks).
At exit the process does not wait for an LLVM call in progress: it is left
running and the C-level exit skips LLVM's static destructors
(:func:`shutdown`).

The compile thread never runs the program's code: it holds no program object,
so no reference it drops can run a ``__del__``; and since a garbage collection
runs finalizers in whichever thread allocated last, it lets the main thread
collect first when the collector's count is near its threshold (:func:`_gc_room`);
a finalizer that reaches it all the same (a low threshold, a race) is queued
for the program's threads (its ``ThreadState.internal``: :mod:`pyjit.deferred`).
It is a bare ``_thread``, not a ``threading.Thread``: the program's
``threading.enumerate()`` and ``active_count()`` are CPython's.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

import _thread
import atexit
import collections
import ctypes
import gc
import os
import sys
import time

from pyjit import deferred, hostroom
from pyjit.frame import thread_state

from . import CompileError
from . import engine
from pyjit.typelookup import type_name

SYNC = False             # --jit-sync: every job runs at once, on the main thread
CACHE = None             # the persistent code cache (cache.Cache), or None

URGENT, BACKGROUND = 0, 1   # loops and bridges first; re-optimizations when nothing else waits


class Job:
    """One module to turn into code.  Set by the submitter: ``text`` (IR whose
    function is ``@pyjit_fn``), ``pipeline``, ``relocations``; by :func:`run`:
    ``addr`` (0 until done), ``code_size``, ``cached`` (loaded from the
    persistent cache), ``seconds`` (the CPU time of the thread that built it:
    LLVM's work, whatever else the machine runs meanwhile), ``error`` (a
    message: the module could not be made)."""
    __slots__ = ("text", "pipeline", "relocations", "priority", "addr", "code_size", "cached",
                 "seconds", "error", "done", "internal", "fname", "key", "obj", "cells")

    def __init__(self, text: str, pipeline: str, relocations: list, priority=URGENT,
                 cells: bool = True):
        self.text = text
        self.cells = cells       # the module reads its relocations from cells (not the runtime)
        self.pipeline = pipeline
        self.relocations = relocations
        self.priority = priority
        self.addr = 0
        self.code_size = 0
        self.cached = False
        self.seconds = 0.0
        self.error = None
        self.internal = False    # the error is pyjit's bug, not a trace the backend refuses
        self.done = False
        self.fname = None
        self.key = None
        self.obj = None          # the object code, built, not linked yet


# ---------------------------------------------------------------------------
# running a job: built anywhere (the compile thread), linked on the main thread


_runtime = None          # the exit runtime's Job (built with the first job, linked first)
_runtime_lock = _thread.allocate_lock()


def _ensure_runtime(jit) -> None:
    # Published only once built: program threads (and the compile thread) may
    # reach their first compile together, and a job linked against a runtime
    # whose object is not built yet would link nothing (cb_executor, once in a
    # few runs).
    global _runtime
    if _runtime is None:
        with _runtime_lock:
            if _runtime is None:
                text, relocs = engine.runtime_module("pyjit_fn")
                job = Job(text, "fast", relocs, cells=False)
                _build(job, engine.get_jit())
                if job.error:
                    raise RuntimeError(f"pyjit: the exit runtime: {job.error}")
                _runtime = job


def build(job: Job) -> Job:
    """Find ``job``'s object code in the persistent cache, else compile it
    (and store it): everything but linking, on whichever thread calls this."""
    try:
        jit = engine.get_jit()
        _ensure_runtime(jit)
    except CompileError as e:
        job.error = str(e)
        return job
    except Exception as e:        # pyjit's own bug: reported, never the program's
        job.error = f"internal error compiling: {type_name(type(e))}: {e}"
        job.internal = True
        return job
    return _build(job, jit)


def _build(job: Job, jit) -> Job:
    t0 = time.thread_time()
    try:
        _gc_room()
        job.key = key = engine.cache_key(jit, job.text, job.pipeline)
        job.fname = "pyjit_" + key[:24]
        store = CACHE
        if store is not None:
            _gc_room()
            job.obj = store.load(key)
            job.cached = job.obj is not None
        if job.obj is None:
            text = job.text.replace("@pyjit_fn(", f"@{job.fname}(", 1)
            _gc_room()
            with jit.lock:
                job.obj = jit.build(text, job.fname, job.pipeline)
            if store is not None:
                _gc_room()
                store.save(key, job.obj)
        job.code_size = engine.elf.code_size(job.obj)
    except CompileError as e:
        job.error = str(e)
    except Exception as e:        # pyjit's own bug: reported, never the program's
        job.error = f"internal error compiling: {type_name(type(e))}: {e}"
        job.internal = True
    job.seconds = time.thread_time() - t0
    return job


def link(job: Job, wait: bool = True) -> bool:
    """Link ``job``'s object (main thread): its relocations set, the code
    callable.  False if the engine is busy with the compile thread's LLVM call
    and ``wait`` is off (the caller tries again at its next safe point: linking
    takes microseconds, the main thread must not wait for a compile).  Done
    (or failed) afterwards either way."""
    if job.done:
        return True
    if job.error is None:
        jit = engine.get_jit()
        if not jit.lock.acquire(blocking=wait):
            return False
        try:
            global _runtime
            rt = _runtime
            if not rt.done:
                if rt.error is None:
                    rt.addr = jit.link(rt.obj, rt.fname, rt.relocations)
                    jit.function_cell("pyjit_exit", rt.addr)
                    jit.function_cell("pyjit_slot",
                                      jit.engine.get_function_address("pyjit_slot_impl"))
                rt.done = True
            job.addr = jit.link(job.obj, job.fname, job.relocations, job.cells)
        except CompileError as e:
            job.error = str(e)
        except Exception as e:
            job.error = f"internal error linking: {type_name(type(e))}: {e}"
            job.internal = True
        finally:
            jit.lock.release()
    job.obj = None               # (the engine has the code; the bytes are the cache's)
    job.done = True
    return True


def run(job: Job) -> Job:
    """Build and link ``job`` now, on this thread."""
    build(job)
    link(job)
    return job


# ---------------------------------------------------------------------------
# the compile thread


_queues = (collections.deque(), collections.deque())   # by priority
_finished: collections.deque = collections.deque()     # jobs done off the main thread
_wake = _thread.allocate_lock()
_wake.acquire()          # released (signalled) when a job is queued
_started = False
_stopping = False
_current = None          # the job the thread is running
_GC_MARGIN = 300         # the collector's count must stay this far below its threshold


def submit(job: Job) -> Job:
    """Queue ``job`` (or, with SYNC, run it now: done on return).  Jobs done
    by the thread reach the main thread through :func:`collect`."""
    if SYNC or _stopping:
        if _stopping:
            job.error, job.done = "the program is exiting", True
        else:
            run(job)
        return job
    _queues[job.priority].append(job)
    _hurry(True)     # (from now: the thread's wake-up needs the GIL too)
    _start()
    try:
        _wake.release()
    except RuntimeError:     # (already signalled: the thread will look at the queues)
        pass
    return job


def cancel(job: Job) -> bool:
    """Take ``job`` off its queue if the thread has not started it: what it
    would make is no longer wanted (the loop's trace was dropped, or the loop
    is compiled again meanwhile).  True if it was taken off: it is then done,
    with an error, and never reaches :func:`collect`.  (A job the thread has
    started is let finish: LLVM is not interrupted.)"""
    if job.done:
        return False
    try:
        _queues[job.priority].remove(job)    # (atomic under the GIL: _next pops)
    except ValueError:
        return False                         # (started, or run by SYNC)
    job.error, job.done = "cancelled: no longer wanted", True
    return True


def collect() -> list:
    """The jobs the thread finished since the last call (main thread: linked
    already; one only built -- a test's -- is linked now, or stays for the
    next call if the engine is busy).  (And if the thread waits for room
    before the collector's threshold, the collection it waits for, here: see
    :func:`_gc_room`.)"""
    if _gc_waiting and gc.isenabled():
        gc.collect(0)
    out = []
    while _finished:
        job = _finished[0]
        if not job.done and not link(job, wait=False):
            break
        out.append(_finished.popleft())
    return out


def pending() -> int:
    return len(_queues[0]) + len(_queues[1]) + (_current is not None)


def _start() -> None:
    global _started
    if not _started:
        _started = True
        running = _thread.allocate_lock()
        running.acquire()
        _thread.start_new_thread(_worker, (running,))
        # Wait until it runs: until then CPython 3.11 gives the new thread's state
        # the id of the thread that started it, so PyThreadState_SetAsyncExc aimed
        # at this (program) thread would land in the compile thread too and kill
        # it -- and native code holding the GIL can keep it from starting for long.
        running.acquire()
        # (the driver's finish() stops it too; a process using pyjit's API has no runner)
        atexit.register(shutdown)


def _next():
    for q in _queues:
        if q:
            return q.popleft()
    return None


def _worker(running) -> None:
    global _current, _worker_ident
    _worker_ident = _thread.get_ident()
    # the program's finalizers that reach this thread are queued for its own
    # threads (pyjit.deferred)
    thread_state().internal = True
    # the compile thread's host room: the program's limit (the host's is little
    # more: pyjit.hostroom) is not for compiling
    room = hostroom.view()
    if room is not None:
        room.value += hostroom.SPARE
    running.release()
    while True:
        _wake.acquire()
        while not _stopping:
            job = _next()
            if job is None:
                break
            _current = job
            _hurry(True)
            build(job)
            if not _stopping:
                _gc_room()    # (linking allocates too: ~20 objects)
                link(job)
            _current = None
            if not _stopping:
                _finished.append(job)
            if deferred.queue:
                # finalizers this job's collections deferred: wanting the GIL back
                # after a pause makes compiled code on the main thread leave at its
                # next interrupt check, and the driver's next entry runs them
                time.sleep(SWITCH_INTERVAL)
        _hurry(False)


SWITCH_INTERVAL = 0.0005     # seconds: the GIL's switch interval while the thread has a job
_saved_interval = None       # the interval before: restored when the thread is idle again


def _hurry(on: bool) -> None:
    """Shorten the GIL's switch interval while the thread has work, so that
    each of its LLVM calls gets the GIL back within SWITCH_INTERVAL of
    returning (see the module doc); restore it when idle -- unless the
    program set one of its own meanwhile, which is kept."""
    global _saved_interval, _hurried
    with _hurry_lock:     # (both threads call it)
        _hurry_locked(on)


def _hurry_locked(on: bool) -> None:
    global _saved_interval, _hurried
    if on:
        if _saved_interval is None:
            now = sys.getswitchinterval()
            if now > SWITCH_INTERVAL:
                _saved_interval = now
                sys.setswitchinterval(SWITCH_INTERVAL)
                _hurried = sys.getswitchinterval()   # (as CPython rounds it)
    elif _saved_interval is not None:
        if sys.getswitchinterval() == _hurried:
            sys.setswitchinterval(_saved_interval)
        _saved_interval = None


_hurried = None
_hurry_lock = _thread.allocate_lock()


def _gc_room() -> None:
    """Wait (GIL released) until an allocation here cannot start a garbage
    collection: finalizers would run on this thread.  The main thread collects
    meanwhile: by allocating past the threshold, or -- a loop whose
    allocations and deallocations balance keeps the count just under it
    forever -- at its next :func:`collect` (``_gc_waiting``)."""
    global _gc_waiting
    if _thread.get_ident() != _worker_ident or not gc.isenabled():
        return     # (a job run at once, by the thread that asked for it: --jit-sync)
    limit = gc.get_threshold()[0]
    if limit <= _GC_MARGIN:
        return
    while gc.get_count()[0] >= limit - _GC_MARGIN and not _stopping:
        _gc_waiting = True
        time.sleep(0.0005)
    _gc_waiting = False


_worker_ident = None
_gc_waiting = False      # the thread waits for the collector's count to go down


def shutdown() -> None:
    """At exit: no more jobs.  A job not inside an LLVM call stops at its next
    step; one inside an LLVM call is left to it, and the process does not wait
    for it (:func:`_leave_llvm_running`) -- or, where that cannot be arranged,
    waits for the call to end (LLVM must not be inside a call while the
    process's C-level exit runs LLVM's static destructors)."""
    global _stopping
    if _stopping:
        return     # (once: the driver's finish() and atexit both call it)
    _stopping = True
    _note_left()
    for q in _queues:
        q.clear()
    _hurry(False)
    jit = engine._jit
    if _started and jit is not None:
        # (the lock is never released: the thread stops at its next step)
        if not jit.lock.acquire(blocking=False) and not _leave_llvm_running(jit):
            jit.lock.acquire()


left: dict = {}     # id(job) -> (job, where it stood when the program ended): see _note_left


def _note_left() -> None:
    """At exit, before the queues are cleared: where each job not done stood --
    being built, or how many jobs were ahead of it (:func:`where_left`)."""
    cur = _current
    ahead = 0
    if cur is not None and not cur.done:
        left[id(cur)] = (cur, "the compile thread was building it")
        ahead = 1
    for q in _queues:
        for job in list(q):
            left[id(job)] = (job, f"{ahead} compile(s) ahead of it on the compile thread"
                                  + (", one being built" if cur is not None and ahead else ""))
            ahead += 1


def where_left(job):
    """Where ``job``, not done when the program ended, stood then (None: not
    known -- it was never queued here, or the program has not ended).  (Its
    compile not finished says nothing of the thread being idle: a job waits
    behind those queued before it, and behind the one being built, which
    under load takes several times its CPU time in wall time.)"""
    e = left.get(id(job))
    return e[1] if e is not None and e[0] is job else None


def _leave_llvm_running(jit) -> bool:
    """Let the process end without waiting for the LLVM call in progress (a
    compile whose code nobody will run: waiting for it made short programs'
    processes end up to a whole compile later -- bigint: 0.1-0.6 s).  What
    the call uses stays alive (its Python objects are never freed: the
    engine, the job), and the C library's ``exit()`` ends with ``_exit()``
    once it has flushed the C streams: LLVM's static destructors -- and the
    other libraries' C-level exit handlers registered before this point --
    do not run under a call in progress.  Python's own finalization (the
    program's ``atexit`` functions, its objects' finalizers, the flushing of
    its files) runs as always: it comes before ``exit()``.  glibc only
    (``on_exit``, ``_IO_flush_all``); False elsewhere: the caller waits."""
    if os.environ.get("PYJIT_EXIT_WAITS"):
        return False
    try:
        libc = ctypes.CDLL(None)
        on_exit, end, flush = libc.on_exit, libc._exit, libc._IO_flush_all
    except (OSError, AttributeError):
        return False
    keep = ctypes.pythonapi.Py_IncRef
    keep.argtypes = [ctypes.py_object]
    keep.restype = None
    for obj in (jit, _current):
        if obj is not None:
            keep(obj)
    on_exit.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    on_exit.restype = ctypes.c_int
    address = ctypes.cast
    # handlers run last registered first: flush the C streams, then _exit(status)
    if on_exit(address(end, ctypes.c_void_p), None) != 0:
        return False
    on_exit(address(flush, ctypes.c_void_p), None)
    global left_running
    left_running = True
    return True


left_running = False     # the process ended with an LLVM call in progress (_leave_llvm_running)


# fork: let the LLVM call in progress finish (a child must not inherit a lock
# held by a thread it does not have); the child starts its own thread when it
# has jobs, the interrupted one first
_fork_held = []


def _before_fork():
    if _started:
        engine._jit_lock.acquire()       # (held while the thread makes the engine)
        _fork_held.append(engine._jit_lock)
        if engine._jit is not None:
            engine._jit.lock.acquire()
            _fork_held.append(engine._jit.lock)


def _after_fork_parent():
    while _fork_held:
        _fork_held.pop().release()


def _after_fork_child():
    global _started, _current, _wake, _worker_ident, _hurry_lock
    _worker_ident = None
    _hurry_lock = _thread.allocate_lock()   # (the thread that held it is not in the child)
    _hurry_locked(False)
    while _fork_held:
        _fork_held.pop().release()
    if _current is not None:
        _current.obj, _current.error = None, None
        _queues[_current.priority].appendleft(_current)
        _current = None
    _wake = _thread.allocate_lock()
    _wake.acquire()
    _started = False
    if _queues[0] or _queues[1]:
        _start()
        _wake.release()


os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_parent,
                    after_in_child=_after_fork_child)
