"""The JIT driver: hot-loop counters, recording, compiling, entering, leaving.

In tier jit the specializer quickens every back-edge (JUMP_BACKWARD, and the
conditional POP_JUMP_BACKWARD_IF_* of ``while`` loops) to its ``*_JIT`` form,
whose counter (``Quickened.counters``) counts the loop's iterations down from
``--jit-threshold``; at zero the eval loop calls :func:`backedge`, which
records the loop (:mod:`.recorder`), optimizes the trace (:mod:`.opt`) and
has the backend compile it -- on the compile thread (:mod:`.warmup`), while
the interpreter goes on running the loop: its back-edge asks every
``POLL_EVERY`` iterations whether the code is ready, and enters it then.
While a loop has a compiled trace its counter stays at zero, so every
back-edge enters it, and a FOR_ITER header becomes FOR_ITER_JIT, which enters
it from before the loop (:func:`header`).

A loop's state (:class:`LoopInfo`) lives in the cache slot of each of its
back-edges (a ``continue`` makes a second one): one per loop header, so that
every back-edge counts, records, enters and blacklists the same loop.  A loop whose recording aborts ``MAX_ABORTS`` times is blacklisted: its
back-edge becomes the plain tier-2 instruction again.

Leaving a trace (a guard failed, or an op raised) rebuilds the frames from the
guard's snapshot (:mod:`.resume`).  A guard of the loop's body failing
``BRIDGE_AFTER`` times gets a bridge: the recorder runs from the rebuilt state
back to the header, and the bridge is compiled as a function of its own and
attached through the guard's slot (:func:`record_bridge`); the loop's code is
compiled again with it inside only when the bridge made the loop carry a new
variable.  A guard that gets no bridge (its recording aborted
``MAX_BRIDGE_ABORTS`` times, or the loop's compile budget is spent) and keeps
failing (``RETRACE_AFTER`` times, on most entries) makes the driver drop the
trace and record the loop again (``lifecycle.MAX_RETRACES`` times), then blacklist it.
What the first compile, tier-up, budgets and the persistent cache decide is
:mod:`.warmup`'s.

The tier object that calls :func:`backedge` and :func:`header` is
:class:`pyjit.jit.tier.Jit`.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import os
import sys
import time

from pyjit import hostroom, native
from pyjit.opcodes import FOR_ITER_JIT
from pyjit.deferred import drain as _drain, queue as _deferred   # (finalizers the compile thread deferred)
from pyjit.frame import RecursionLimit
from pyjit.specialize import specializer as S

from . import bridgewait, faults, gcpause, lifecycle
from . import loopcall
from . import nativecall
from .loops import (DOOMED as _doomed, JIT_EDGES, LoopInfo, bridgeable, guard_site, head_enters,
                    in_loop, rearm, slot_worthy, watch)
from . import ir, later
from .backends import backend as _backend
from . import resume, warmup
from . import stats as stats_mod
from .pristine import pristine
from .protocols import raised_at
from .stats import JitStats
from .warmup import Compiled
from .config import Config, log as _log, log_trace as _log_trace
from pyjit.typelookup import type_name

# (imported when the first loop or function gets hot: jit/later.py)
R, nest, opt = (later.Later(f"pyjit.jit.{m}", globals(), n)
                for m, n in (("recorder", "R"), ("nest", "nest"), ("opt", "opt")))
opt_bridge, record_attributes, record_awaiting = (
    later.Later(f"pyjit.jit.{m}", globals(), m.replace(".", "_"))
    for m in ("opt.bridge", "record.attributes", "record.awaiting"))


# PYJIT_STRICT (tests): an internal error of the JIT is raised, not turned into an abort
STRICT = bool(os.environ.get("PYJIT_STRICT"))
# PYJIT_FAULTS (tests): aborts and guard failures injected everywhere (jit/faults.py)
FAULTS = faults.from_environment()

JitStats.config = Config

MAX_ABORTS = 3
MAX_RETRIES = 6          # recordings that ended for a reason the next one may avoid
RETRACE_AFTER = 100
BRIDGE_AFTER = 10        # a guard inside the loop failing this often gets a bridge
MAX_BRIDGE_ABORTS = 2    # ... unless recording it keeps aborting
# A bridge is recorded up to BRIDGE_LIMIT ops (each is compiled on its own; what a
# loop's bridges may add up to is warmup.LOOP_BRIDGE_OPS)
BRIDGE_LIMIT = 600

_recording = False   # one recording at a time (host callbacks may reach other loops)


def backedge(f, pc, ts):
    """JUMP_BACKWARD_JIT at ``pc`` of frame ``f`` with its counter run out.

    Returns None (just jump: nothing to do), a frame to continue with (its
    ``.pc`` set), or ``(frame, pc, exception)``: raise it there."""
    if ts.hooks:
        return None  # a trace or profile hook is set: no trace is recorded or entered
    if _doomed:
        _reap()
    if warmup.waiting or _deferred:
        warmup.poll()
    q = f.dec.extra
    info = q.caches[pc]
    if info is None:
        info = LoopInfo(f.code, pc, f.dec.args[pc], q)
        for j in info.jb_pcs:
            # the loop's other back-edges (``continue``) share it, unless one
            # already gave up on it (blacklisted: a plain jump now)
            if q.caches[j] is None and (j == pc or q.ops[j] in JIT_EDGES):
                q.caches[j] = info
        Config.observer.loop_hot(info)
    if info.compiled is not None:
        return enter(info, f, ts)
    if info.pending is not None or bridgewait.held_back(info, f) or \
            info.waits_for is not None and bridgewait.recording_blocked(info):
        # its code is being made, or a caller's bridge is: interpret, look again
        q.counters[pc] = warmup.POLL_EVERY
        return None
    return record(info, f, ts, q)


def header(f, pc, ts):
    """FOR_ITER_JIT: a loop's header reached from before the loop."""
    if ts.hooks:
        return None  # (as backedge)
    if _doomed:
        _reap()
    if warmup.waiting or _deferred:
        warmup.poll()
    info = f.dec.extra.caches[pc]
    if info is None or info.compiled is None:
        return None
    return _headed(info, f, pc, enter(info, f, ts))


def _headed(info, f, pc, r):
    """What :func:`header` makes of ``r``, the entry of the loop's code at its
    ``FOR_ITER_JIT`` header ``pc`` (None: nothing ran)."""
    if r is f and f.pc == pc:
        # left by an entry guard (e.g. a variable the loop assigns is still
        # unbound: generalized after a few, lifecycle.unbound_at_header): nothing
        # ran; this iteration is the interpreter's, or the header would enter again
        lifecycle.unbound_at_header(info, f)
        return None
    if Config.stats is not None and S.CONFIG.stats is not None:
        S.CONFIG.stats.uncount(f.dec.extra, pc)   # (the trace ran this FOR_ITER, not the loop)
    return r


def _resumed_at_header(f, ts, limit):
    """A resumption trace (jit/functions.py) left coroutine frame ``f`` at its
    loop's header (``record.loopstop.at_header``): the loop's code, if it has
    some, entered there at once -- inside the same :func:`enter` (one
    ``enter`` per resumption, not one for the trace and one for the loop: the
    host glue of a scheduler's every ``send``) -- as the interpreter's
    ``FOR_ITER_JIT`` would enter it (:func:`header`), or, at another header
    (``async for``'s GET_ANEXT, a ``while``), as from before the loop
    (:func:`.loopcall.loop_at`).  ``f`` (nothing ran: the interpreter goes on
    at the header), a frame to run on, ``(frame, pc, exception)``, or
    ``(_LEAVE, frame, loop)``: :func:`enter` enters that loop again."""
    pc = f.pc
    q = f.dec.extra
    jit = q.ops[pc] == FOR_ITER_JIT
    info = q.caches[pc] if jit else loopcall.loop_at(f, pc)
    if info is None or info.compiled is None or ts.hooks:
        return f
    r = _enter(info, f, ts, limit)
    if r.__class__ is tuple and r[0] is _LEAVE:
        return (_LEAVE, r[1], info)
    if jit and (r is f and f.pc == pc or Config.stats is not None):
        r = _headed(info, f, pc, r)
    return f if r is None else r


def record(info, f, ts, q):
    global _recording
    stats = Config.stats
    if _recording or not later.ready():   # (the recorder's import: jit/later.py)
        rearm(info, q, Config.threshold << min(later.postponed, 10))
        return None
    _recording = True
    warmup.Totals.recordings += 1
    t0 = time.perf_counter()
    inject = None if FAULTS is None else FAULTS.abort_at(info, bridge=False)
    try:
        f.pc = info.header
        rec = R.record_loop(f, info.header, ts, Config.trace_limit, abort_at=inject,
                            inner=info.inner, stop_at=lambda pc: nest.stop_at_inner(info, q, pc),
                            function=info.function, resumes=info.resumes)
    finally:
        _recording = False
    t1 = time.perf_counter()
    if stats is not None:
        stats.record_time += t1 - t0
    Config.observer.recorded(info, rec, t1 - t0)
    if rec.injected:
        FAULTS.aborted(info, inject, bridge=False)
        rearm(info, q, Config.threshold)   # (not counted: record again)
        return rec.frame if rec.exc is None else (rec.frame, rec.frame.pc, rec.exc)
    if rec.inner is not None:
        return nest.handed_over(info, q, rec, ts, enter)
    if rec.trace is None:
        _aborted(info, q, rec.reason or f"exception {type_name(type(rec.exc))}", "aborted", rec)
        if rec.exc is not None:
            return (rec.frame, rec.frame.pc, rec.exc)
        return rec.frame
    # closed: the frame is back at the loop's JUMP_BACKWARD after one iteration
    try:
        _compile(info, rec)
    except Unsupported as e:
        _aborted(info, q, str(e), "not compiled", None)
        f.pc = info.header
        if info.function:
            f.pc = rec.returned_at()
        return f
    if info.function:
        # the recording ran the function to its return: the interpreter returns
        f.pc = rec.returned_at()
        return f
    if info.compiled is None:   # being compiled: the interpreter goes on meanwhile
        f.pc = info.header
        return f
    return enter(info, f, ts)


def _aborted(info, q, reason, what, rec):
    """A recording (or its compile) failed: count it; try again later, or after
    MAX_ABORTS failures blacklist the loop.  ``retry``: the next recording may
    well succeed (the program raised in this iteration; an inlined loop made the
    trace too long and will be called instead): not counted, MAX_RETRIES times."""
    waits = rec is not None and bridgewait.recording_waits(info, reason)
    if waits:
        pass    # (its loop's code is coming: recorded again once it is there)
    elif rec is not None and rec.retry and info.retries < MAX_RETRIES:
        info.retries += 1
    elif rec is None or not rec.injected:
        info.aborts += 1
    stats = Config.stats
    if stats is not None:
        stats.aborted += 1
        stats.abort_reasons[reason] = stats.abort_reasons.get(reason, 0) + 1
    _log(f"# {what} {info.name}: {reason}\n")
    Config.observer.aborted(info, reason, what, rec)
    if info.aborts >= MAX_ABORTS:
        lifecycle.blacklist(info, q, reason)
    else:
        rearm(info, q, warmup.POLL_EVERY if waits else Config.threshold)


class Unsupported(Exception):
    pass


def _compile(info, rec):
    stats = Config.stats
    trace = rec.trace
    if stats is not None:
        stats.traced += 1
        stats.ops_recorded += len(trace.ops)
    what = "function" if info.function else "loop"
    _log_trace(f"# {what} {info.name}: recorded, {len(trace.ops)} ops", trace)
    if STRICT:
        ir.verify(trace)   # (tests: a recorder bug shows here, not as a crash later)
    info.max_depth, info.path_len = rec.max_depth, max(1, len(rec.path))
    # (a function trace that cannot pay is known from its recording -- the optimizer
    # makes no native call -- and is not optimized only to be sent back: deltablue's 33)
    # (a resumption trace replaces an interpreted resumption: jit/functions.py)
    loses = nativecall.unpaid(info, trace) if info.function and not info.resumes else None
    if loses is not None:
        return lifecycle.send_back(info, None, loses)     # (record() then goes on interpreting)
    t0 = time.perf_counter()
    after = None
    if Config.log is not None and Config.log_passes:
        def after(name, t):
            _log_trace(f"# {what} {info.name}: after {name}, {len(t.ops)} ops", t)
    passes, keep_boxed = Config.passes, info.keep_boxed
    if info.function:
        # a function trace runs its body once per entry: nothing is loop-invariant
        # (LICM would move its guards before the label, where they get no bridge)
        # and its inputs are objects on every entry
        passes = [n for n in (passes or opt.PIPELINE) if n != "licm"]
        keep_boxed = frozenset(trace.slots)
    trace.variant = info.variant
    try:
        trace = hostroom.spared(gcpause.quiet, opt.optimize, trace, passes, keep_boxed=keep_boxed,
                                after=after, counts=stats and stats.opt_counts,
                                copy=Config.observer.keeps_traces)
    except Exception as e:   # (pyjit's own bug: never the program's exception; loud in tests)
        if STRICT:
            raise
        raise Unsupported(f"internal error optimizing: {type_name(type(e))}: {e}") from None
    t1 = time.perf_counter()
    _log_trace(f"# {what} {info.name}: optimized, {len(trace.ops)} ops", trace)
    Config.observer.optimized(info, rec.trace, trace, t1 - t0)
    if stats is not None:
        stats.optimize_time += t1 - t0
        stats.compiled += 1
        stats.function_traces += info.function
        stats.ops_optimized += len(trace.ops)
    loses = warmup.loses_to_the_interpreter(trace, info.path_len)
    if loses is not None:
        if stats is not None and info.function:   # (not compiled: counted as sent back)
            stats.compiled -= 1
            stats.function_traces -= 1
        lifecycle.send_back(info, None, loses)     # (record() then goes on interpreting)
        return
    _install(info, trace)


def _supports_bridges():
    return getattr(_backend(), "SUPPORTS_BRIDGES", False)


_compiling = False   # a compile (or the backend's first import) is under way


def _install(info, trace, pipeline="fast", priority=0):
    """Have ``trace`` (with its bridges) compiled for the loop; it becomes the
    loop's code when ready (at once under --jit-sync: see warmup).  A trace
    the backend refuses, or past the budgets, is :class:`Unsupported`."""
    global _compiling
    if _compiling:
        # a signal handler reached a hot loop or function while a compile -- or
        # the first import of the backend -- is half done on this thread
        raise Unsupported("another compile is under way")
    _compiling = True
    try:
        hostroom.spared(_install_now, info, trace, pipeline, priority)   # (at the limit too)
    finally:
        _compiling = False


def _install_now(info, trace, pipeline, priority):
    why = warmup.over_budget(info)
    if why is not None:
        if Config.stats is not None:
            Config.stats.budget_refusals += 1
        raise Unsupported(f"not compiled: {why}")
    backend = pristine(_backend)
    fast = pipeline == "fast" and Config.tier_up and \
        backend.__name__ != "pyjit.jit.traceinterp" and \
        not info.function   # (a function trace has no back-edge to count: see enter)
    try:
        options = {}
        if FAULTS is not None and FAULTS.counter is not None:
            options["fault_counter"] = FAULTS.counter_address
        loop = pristine(lambda: gcpause.quiet(
            backend.compile, trace, bridgeable=lambda op: slot_worthy(info, op),
            pipeline=pipeline,
            wait=Config.sync, priority=priority,
            countdown=warmup.TIER_UP_AFTER if fast else 0, **options))
    except getattr(backend, "CompileError", ()) as e:  # a trace the backend refuses
        raise Unsupported(f"backend: {e}") from None
    except Exception as e:
        # pyjit's own bug: never the program's exception; loud in tests
        if STRICT:
            raise
        raise Unsupported(f"internal error compiling: {type_name(type(e))}: {e}") from None
    # (a function trace: every exit but its return is a path the trace missed)
    c = gcpause.quiet(Compiled, info, loop, trace, (lambda s: True) if info.function else
                      (lambda s: in_loop(info, s)))   # (the exit tables: as the module)
    c.iterations0 = warmup.TIER_UP_AFTER if fast else None
    warmup.cancel(info.pending)   # (superseded: its _land would drop it)
    info.pending = c
    Config.observer.compile_queued(info, pipeline, loop.done)
    warmup.watch(loop, lambda: _land(info, c))


def _land(info, c):
    """``c``'s code is ready (a safe point of the main thread): it becomes the
    loop's, unless the loop moved on meanwhile (dropped, recompiled)."""
    if info.pending is not c:
        return
    info.pending = None
    loop = c.loop
    old = info.compiled
    try:
        loop.finish()
    except Exception as e:   # (CompileError, or pyjit's own bug: never the program's)
        if STRICT and not isinstance(e, getattr(_backend(), "CompileError", ())):
            raise
        if old is None:
            _aborted(info, info.q, f"not compiled: {e}", "not compiled", None)
        else:
            _log(f"# {info.name}: not compiled again: {e}\n")
        return
    warmup.charge(info, loop)
    stats = Config.stats
    if stats is not None:
        stats.compile_time += loop.compile_seconds + loop.generate_seconds
        stats.compile_thread_time += 0.0 if Config.sync else loop.compile_seconds
        stats.code_size += loop.code_size
        stats.cache_hits += bool(loop.cached)
    if Config.shadow is not None:
        c.loop = loop = Config.shadow.wrap(info, c.trace, loop)
    if Config.log_llvm and loop.llvm_ir:
        _log(f"# loop {info.name}: LLVM IR\n{loop.llvm_ir}\n")
    trace = c.trace
    info.trace = trace
    info.entries = 0
    c.installed()
    info.compiled = c
    if info.function:
        nativecall.installed(info, c)   # (native call sites enter it from now on)
    else:
        loopcall.installed(info, c)     # (call_loop sites: jit/loopcall.py)
    if stats is not None:
        if info not in stats.loops:
            stats.loops.append(info)
        info.count_cells.update(stats_mod.count_cells(trace))
    watch(info, trace)   # (a function or class it names dies: the trace is dropped)
    loopcall.note_sites(info, trace.ops)   # (a loop it calls gets new code: see there)
    Config.observer.installed(info, trace, c, loop.compile_seconds + loop.generate_seconds)
    head_enters(info, info.q, True)
    rearm(info, info.q, 0)
    if old is not None:
        old.loop.set_countdown(1)   # (running fast code leaves at its next back-edge)
        # bridges recorded after this code was written go into its slots too
        for op in trace.guards():
            if op.bridge is not None and id(op) not in c.inlined and loop.can_attach(op):
                _attach(info, c, op)
    if _doomed:
        _reap()   # (one it names died while it compiled: dropped now, its constants too)


def _reap():
    """Drop the traces whose weak constants died (at a back-edge or a loop's
    header, where no recording or entry of them is half done)."""
    while _doomed:
        info, trace, *why = _doomed.pop()
        if info.trace is trace:
            why = why[0] if why else "a function or class it names died"
            _log(f"# dropped {info.name}: {why}\n")
            Config.observer.dropped(info, why)
            lifecycle.forget(info, info.q)
            rearm(info, info.q, Config.threshold)


def enter(info, f, ts, limit=RecursionLimit):
    """Run the loop's compiled trace from the header; resume where it leaves.
    (Every entry and exit pays for this function: keep it short.)

    What describes the compiled code is read once, here: code the trace calls
    may run this same loop recursively and attach a bridge to it (its exits
    are numbered after the others) or install new code for it while this
    entry still runs the previous code.  (``ts.walked``: the count of library
    frames below this one, kept by host entries the code makes --
    :data:`pyjit.hostroom.ANCHOR`.)"""
    w = ts.walked
    ts.walked = None
    try:
        while True:
            r = _enter(info, f, ts, limit)
            if r.__class__ is not tuple or r[0] is not _LEAVE:
                return r
            f = r[1]   # (left by a nest's bridge at the header: in again, through the entry)
            if len(r) > 2:
                info = r[2]   # (... of the loop a resumption trace handed f to: _resumed_at_header)
    finally:
        ts.walked = w


_LEAVE = object()


def _enter(info, f, ts, limit):
    if warmup.waiting or _deferred:
        warmup.poll()
    c = info.compiled
    if c is None or ts.depth + info.max_depth >= limit.value:
        f.pc = info.header
        return f   # (dropped meanwhile; or inlined frames would pass the recursion limit)
    buf = c.read(f)
    info.entries += 1
    c.entries += 1
    exc = None
    stats = Config.stats
    if stats is not None:
        # calls from the native code into pyjit's Python count against this loop
        # (pyjit.native; Function.__call__ clears it while the interpreter runs)
        outer, native.STATE.loop = native.STATE.loop, info
    try:
        c.call(buf)   # (the native code's builtin itself: warmup.Compiled.installed)
    except BaseException as e:  # an op raised: the program's exception
        exc = e
    if stats is not None:
        native.STATE.loop = outer
    # Every exit stores its number in buf[0] (the return value would be lost to
    # an asynchronous exception -- a signal handler's, PyThreadState_SetAsyncExc
    # -- that CPython raises in this Python code right after the native call).
    g = buf[0]
    if g.__class__ is not int or g < 0:
        # no exit taken: such an exception came before the native code ran;
        # the frame gets its inputs back and the exception is raised at the header
        if exc is None:
            raise SystemError(f"pyjit: the trace of {info.name} returned by no exit")
        c.unread(f, buf)
        return (f, info.header, exc)
    fails = c.fails
    fails[g] += 1
    if Config.stats is not None:
        stats_mod.count_exit(c, info, g, exc, buf)
    if c.linkable[g] and exc is None and _bridge_due(info, c, g, linked=True):
        # a path inside a nested frame the trace did not see (a resumed generator's
        # body, map's function...): linked to its caller for the bridge's recording
        nf = resume.restore(f, c.snaps[g], buf[1:], ts, link=True)
        buf = None
        return record_bridge(info, c.guard_ops[g], c.snaps[g], f, nf, ts, leave=True)
    nf = c.restores[g](f, buf, ts, exc)
    if FAULTS is not None:
        FAULTS.after_exit()
    buf = None   # (the frames own the values now: buf must not keep them alive while
    #             the interpreter -- or a bridge's recording, below -- goes on)
    if nf.__class__ is tuple:     # a nested frame ran and its caller raises: (frame, pc, exc)
        return nf
    if exc is not None and not c.nested[g]:
        if c.guard_ops[g].name == "call_loop":   # (its frame ran: jit/loopcall.py)
            return loopcall.reraise(nf, exc, c.raise_pcs[g])
        return raised_at(nf, c.raise_pcs[g], exc)
    if c.plain[g]:   # a function trace's return, the common exit (warmup.Compiled.plain)
        if c.fast and c.runs0 is not None and Config.tier_up and warmup.function_tier_up_due(c):
            _tier_up(info, c)   # (a function trace counts its runs: it has no back-edge)
    elif c.guard_ops[g].name == "guard_dict_version" and c is info.compiled and \
            record_attributes.dict_changed(c.guard_ops[g], fails[g]):   # (a global rebound: record anew)
        return lifecycle.generalize(info, None, "the version of a dict it reads names from changed", nf)
    elif c.leave[g]:
        return (_LEAVE, nf)
    elif c.nest[g]:
        # the loop ended into a loop enclosing it: a bridge runs the outer body
        if _ripe(info, c, g):
            r = _bridge(info, c, c.guard_ops[g], g, f, nf, ts, leave=True)
            if r is not None:
                return r
    elif c.inloop[g]:
        if c is info.compiled:
            # a guard inside the loop: a path or type the trace did not see
            n = fails[g]
            op = c.guard_ops[g]
            if _ripe(info, c, g):
                fn = nest.inlined_loop_varies(op, info)
                if fn is not None:
                    _log(f"# dropped {info.name}: the loop of inlined {fn.__name__}() ran "
                         f"another number of times than recorded; it is called from now on\n")
                    lifecycle.forget(info, info.q)
                    rearm(info, info.q, Config.threshold)
                    return nf
                r = _bridge(info, c, op, g, f, nf, ts, leave=True)
                if r is not None:
                    return r
            if keeps_failing(info, c, op, n):
                slot = warmup.unboxed_input(info, op)
                if slot is not None:   # (a variable's values left the machine's size)
                    slots = warmup.unfit_inputs(info, nf, slot)   # (the others unfit too)
                    return lifecycle.generalize(info, slots, f"the unbox of loop variable {slot[1]} "
                                       f"at the loop's entry failed {n} times (generalized: "
                                       f"{', '.join(str(s[1]) for s in sorted(slots))})", nf)
                lifecycle.drop(info, f)
    elif c.guard_ops[g].name == "check_interrupt" and c.loop.tier_up_due():
        _tier_up(info, c)
    elif info.function and g in c.returns and Config.tier_up and warmup.function_tier_up_due(c):
        _tier_up(info, c)
    if not c.entries & 255 and c is info.compiled and not c.pending and \
            warmup.costs_more_than_it_saves(c):
        lifecycle.send_back(info, c)
    if c.plain[g] and info.resumes and nf is f and f.pc != info.header:
        return _resumed_at_header(f, ts, limit)   # (its end at its loop's header)
    return nf


hostroom.ANCHOR[0] = enter.__code__
warmup.CALLER.append(_enter.__code__)


def keeps_failing(info, c, op, n) -> bool:
    """Has guard ``op`` of the loop's current code ``c``, failed ``n`` times,
    failed in half its entries or more (``RETRACE_AFTER`` times at least) for
    none of the reasons that say nothing against the trace -- its bridge being
    compiled or waiting for a loop's code, a generator that ran out, the
    coroutine's own suspension, entries from the interpreter's calls of a
    function whose trace is on its way (warmup.function_in_flight), code
    carrying a new variable being compiled (no bridge is recorded from ``c``'s
    snapshots meanwhile: ``_ripe``)?  Then the trace is dropped (or a variable
    generalized): here and for the exits of a loop's code called natively
    (jit/loopexit.py)."""
    return n >= RETRACE_AFTER and id(op) not in c.pending and \
        c.ninputs == len(info.trace.inputs) and \
        2 * n >= info.entries + (nativecall.native_returns(info) if info.function else 0) and \
        not nest.generator_ran_out(op) and id(op) not in info.suspends and \
        not bridgewait.waiting(info, op) and not warmup.function_in_flight(info)


def _bridge(info, c, op, g, f, nf, ts, leave=False):
    """Guard ``op`` (exit ``g``) failed often: attach or record its bridge."""
    if op.bridge is not None:       # recorded, not in this code yet
        if id(op) not in c.unattached and c.loop.can_attach(op) and \
                bridgewait.open_(info, op, MAX_BRIDGE_ABORTS):
            _attach(info, c, op)
    elif bridgewait.open_(info, op, MAX_BRIDGE_ABORTS) and bridgeable(info, op, _supports_bridges()):
        why = warmup.over_budget(info)
        if why is None:
            return record_bridge(info, op, c.snaps[g], f, nf, ts, leave)
        _refused(info, op, why)
    return None


def _bridge_due(info, c, g, linked=False):
    """Is it time to record a bridge at exit ``g`` of ``c`` (failed often enough,
    the loop has room for it)?  ``linked``: the exit is inside nested frames of
    kinds ``protocols.BRIDGED``, which resume links for the recording."""
    if not (c.inloop[g] and _ripe(info, c, g)):
        return False
    op = c.guard_ops[g]
    return op.bridge is None and bridgewait.open_(info, op, MAX_BRIDGE_ABORTS) and \
        bridgeable(info, op, _supports_bridges(), linked) and warmup.over_budget(info) is None


def _ripe(info, c, g):
    """Has exit ``g`` of the loop's current code ``c`` failed often enough for a
    bridge, with no recording under way -- and not from code older than the
    trace (a bridge made the loop carry a new variable and the code carrying it
    is being compiled: this code's snapshots do not name it, nor would a bridge
    recorded from them)?"""
    return c is info.compiled and warmup.failed_enough(c, g, BRIDGE_AFTER) and not _recording and \
        id(c.guard_ops[g]) not in c.pending and c.ninputs == len(info.trace.inputs)


def record_bridge(info, op, snap, f, nf, ts, leave=False):
    """Record ``op``'s bridge from the state its failure left (``nf``) and have
    it compiled and attached to the guard's slot; the interpreter continues
    from the loop's header (entering the loop's code, which takes the bridge
    once it is attached).

    ``leave`` (from :func:`_enter`): :func:`enter`'s loop enters the code again,
    so that no host frame of the exit holds the frames it rebuilt while the loop
    runs on (a ``__del__`` an iteration late: notes/jit.md, "Known differences")."""
    global _recording
    stats, trace = Config.stats, info.trace
    inject = None if FAULTS is None else FAULTS.abort_at(info, bridge=True)
    ninputs = len(trace.inputs)
    _recording = True
    warmup.Totals.recordings += 1
    t0 = time.perf_counter()
    try:
        rec = R.record_bridge(trace, snap, nf, ts, info.header,
                              min(Config.trace_limit, BRIDGE_LIMIT), abort_at=inject,
                              function=info.function, tail=info.tail,
                              resumes=info.resumes, guard=op)
    finally:
        _recording = False
    seconds = time.perf_counter() - t0
    if stats is not None:
        stats.record_time += seconds
    returns = rec.bridge is not None and rec.bridge[-1].name == "finish"
    if returns:   # (a function trace's bridge, or a loop's returning from its frame)
        # the recording ran the function to its return: the interpreter returns there,
        # whatever becomes of the bridge (its code may have dropped the trace: a recursion)
        rec.frame.pc = rec.stopped_at if rec.stopped_at is not None else \
            rec.bridge[-1].snapshot.frames[0].pc   # (stopped_at: the loop's code was called)
    elif rec.bridge is not None:
        # closed at the loop's back-edge (or header): the frame is in the header's
        # state, its pc still the guard's -- set it before any return below (the
        # code the recording ran may have dropped the trace: a recursion's inner
        # activation re-recorded or generalized the loop), or the interpreter
        # would run the rest of the iteration again from the guard's pc
        rec.frame.pc = info.header
    if info.trace is not trace:
        # the program's code that the recording ran made the loop drop its
        # trace (a retrace, a function it names died...): nothing to attach to
        if rec.exc is not None:
            return (rec.frame, rec.frame.pc, rec.exc)
        return rec.frame
    if rec.injected:
        FAULTS.aborted(info, inject, bridge=True)
        return rec.frame if rec.exc is None else (rec.frame, rec.frame.pc, rec.exc)
    if rec.bridge is not None and not returns:
        # what the optimized loop assumed of every jump to its label
        try:
            entered = opt_bridge.enter_loop(trace, rec.bridge)
            vary = frozenset(opt_bridge.changed_invariants(trace, rec.bridge)) - info.variant - {None}
        except Exception as e:
            if STRICT:   # (as _compile: pyjit's bug, never the program's exception)
                raise
            entered, vary = f"internal error: {type_name(type(e))}: {e}", frozenset()
        if isinstance(entered, str) and rec.entered and not (vary and nest.short_visits(info)):
            entered = nest.leave_at_header(rec.bridge)   # (re-enters the loop: see nest)
        if isinstance(entered, str) and vary:
            rec.frame.pc = info.header
            return lifecycle.generalize(info, None, entered, rec.frame, vary)
        if isinstance(entered, str):
            # the path was recorded (and run) to the loop's header: the
            # interpreter goes on there, as after an aborted recording
            info.bridge_aborts[id(op)] = info.bridge_aborts.get(id(op), 0) + 1
            _bridge_aborted(info, op, rec, entered)
            rec.frame.pc = info.header
            return rec.frame
        rec.bridge = entered
    if rec.bridge is None:
        reason = rec.reason or f"exception {type_name(type(rec.exc))}"
        if rec.generalize is not None and rec.exc is None:
            return lifecycle.generalize(info, rec.generalize, reason, rec.frame)
        if rec.called is None:   # (a callee too long to inline is called next time)
            bridgewait.aborted(info, op, reason)   # (counted, or waiting for a loop's code)
        if reason == record_awaiting.SUSPENDS:
            # the path suspends the loop's coroutine: an exit the loop takes (the
            # event loop resumes it), not a path to bridge nor a reason to drop it
            info.bridge_aborts[id(op)] = MAX_BRIDGE_ABORTS
            info.suspends[id(op)] = op
        _bridge_aborted(info, op, rec, reason)
        if rec.exc is not None:
            return (rec.frame, rec.frame.pc, rec.exc)
        return rec.frame
    Config.observer.bridge_recorded(info, op, rec, seconds)
    op.bridge = rec.bridge
    info.nbridges += 1
    site = guard_site(op)
    info.site_bridges[site] = info.site_bridges.get(site, 0) + 1
    info.bridge_ops += len(rec.bridge)
    info.max_depth = max(info.max_depth, rec.max_depth + len(snap.frames) - 1)
    if stats is not None:
        stats.bridges += 1
    _log_trace(f"# bridge {info.name} at line {op.line} {op.name}: {len(rec.bridge)} ops",
               info.trace)
    if __debug__ and Config.verify:
        ir.verify(info.trace)
    c = info.compiled
    if len(trace.inputs) == ninputs and c is not None and c.loop.can_attach(op):
        _attach(info, c, op)
    else:
        # the bridge made the loop carry a new variable (or the guard has no
        # slot): the loop is compiled again with the bridge inside
        try:
            _install(info, info.trace, *warmup.recompiled_as(info))
        except Unsupported as e:
            op.bridge = None
            _log(f"# bridge not compiled {info.name}: {e}\n")
            lifecycle.drop(info, rec.frame)   # (the trace may have grown carried slots: start over)
            return rec.frame
        if stats is not None:
            stats.recompiles += 1
        if c is not None:
            c.pending[id(op)] = info.pending
    if returns:
        return rec.frame   # (at its RETURN_VALUE: see above)
    # the recorder stopped at the loop's back-edge, in the header's state
    if info.compiled is None:
        rec.frame.pc = info.header
        return rec.frame
    if leave:
        return (_LEAVE, rec.frame)
    return enter(info, rec.frame, ts)


def _bridge_aborted(info, op, rec, reason):
    """Guard ``op``'s bridge recording ``rec`` came to nothing: observed, counted, logged."""
    Config.observer.bridge_aborted(info, op, rec, reason)
    stats = Config.stats
    if stats is not None:
        stats.bridge_aborts += 1
        key = "bridge: " + reason
        stats.abort_reasons[key] = stats.abort_reasons.get(key, 0) + 1
    _log(f"# bridge aborted {info.name} at line {op.line} {op.name}: {reason}\n")


def _attach(info, c, op):
    """Compile ``op``'s bridge on its own for its slot in ``c``'s code."""
    try:
        b = pristine(lambda: gcpause.quiet(
            c.loop.attach, op, bridgeable=lambda x: slot_worthy(info, x),
            pipeline=warmup.bridge_pipeline(c.loop),
            wait=Config.sync))
    except Exception as e:   # CompileError: not on its own; the loop is compiled again
        if STRICT and not isinstance(e, getattr(_backend(), "CompileError", ())):
            raise
        _log(f"# bridge of {info.name} at line {op.line} not attached: {e}\n")
        c.unattached.add(id(op))
        if info.pending is None:
            try:
                _install(info, info.trace, *warmup.recompiled_as(info))
            except Unsupported:
                return
        c.pending[id(op)] = info.pending
        return
    gcpause.quiet(c.extend, c.loop.guard_ops, (lambda snap: True) if info.function else
                  (lambda snap: in_loop(info, snap)))
    c.pending[id(op)] = b
    warmup.watch(b, lambda: _attached(info, c, op, b))


def _attached(info, c, op, b):
    """Bridge ``b`` of ``op`` is compiled: into its slot (a safe point)."""
    if c.pending.get(id(op)) is b:
        del c.pending[id(op)]
    try:
        b.finish()
    except Exception as e:
        if STRICT and not isinstance(e, getattr(_backend(), "CompileError", ())):
            raise
        _log(f"# bridge of {info.name} at line {op.line} not compiled: {e}\n")
        info.bridge_aborts[id(op)] = MAX_BRIDGE_ABORTS   # (it keeps exiting)
        return
    warmup.charge(info, b)
    if Config.log_llvm:
        _log(f"# bridge of {info.name} at line {op.line}: LLVM IR\n{b.llvm_ir}\n")
    stats = Config.stats
    if stats is not None:
        stats.compile_time += b.compile_seconds + b.generate_seconds
        stats.compile_thread_time += 0.0 if Config.sync else b.compile_seconds
        stats.code_size += b.code_size
        stats.cache_hits += bool(b.cached)
        stats.bridges_attached += 1
    if c is info.compiled:
        warmup.restart_count(c)   # (the entries that left by this guard do not count)
        if info.function:
            nativecall.refreshed(info, c)   # (its exits, as native call sites see them)
        else:
            loopcall.refreshed(info, c)
        watch(info, info.trace, op.bridge)
        loopcall.note_sites(info, op.bridge)
    Config.observer.bridge_attached(info, op, c, b)


def _refused(info, op, why):
    """A guard that would get a bridge does not: a budget is spent (counted
    once per guard; it goes on leaving the trace, and may make it dropped)."""
    info.bridge_aborts[id(op)] = MAX_BRIDGE_ABORTS
    if Config.stats is not None:
        Config.stats.budget_refusals += 1
    _log(f"# no bridge for {info.name} at line {op.line}: {why}\n")


def _tier_up(info, c):
    """The fast code ran TIER_UP_AFTER iterations: compiled again, optimized, bridges inside."""
    if c is info.compiled and not c.pending and warmup.costs_more_than_it_saves(c):
        return lifecycle.send_back(info, c)
    if c is info.compiled and info.pending is None and not Config.sync and \
            warmup.tier_up_waits(c):
        return warmup.tier_up_later(c)   # (it has not yet run long enough to pay for it)
    c.loop.set_countdown(warmup.NEVER)
    c.iterations0 = None      # (hot: no more counting, no sending back)
    if info.pending is not None or c is not info.compiled:
        return
    why = warmup.over_budget(info) or warmup.too_big_to_optimize(c)
    if why is None:
        try:
            _install(info, info.trace, "opt", priority=1)
        except Unsupported as e:
            why = str(e)
    if Config.stats is not None:
        Config.stats.tier_ups += why is None
    Config.observer.tier_up(info, why)


def finish():
    """At exit: stop compiling (the job in progress finishes), finish observing
    (explain, report, event log), flush the log.  (The JIT's --stats are the
    tier's: jit.tier.Jit.stats_report.)"""
    jobs = sys.modules.get("pyjit.jit.llvm.jobs")
    if jobs is not None:
        jobs.shutdown()
        _drain()      # (what the thread deferred meanwhile: pyjit.deferred)
    if FAULTS is not None:
        FAULTS.write_report()
    Config.observer.finish()
    if Config.log is not None:
        Config.log.flush()
