"""The JIT driver: hot-loop counters, recording, compiling, entering, leaving.

In tier jit the specializer quickens every back-edge (JUMP_BACKWARD, and the
conditional POP_JUMP_BACKWARD_IF_* of ``while`` loops) to its ``*_JIT`` form,
whose counter (``Quickened.counters``) counts the loop's iterations down from
``--jit-threshold``; at zero the eval loop calls :func:`backedge`, which
records the loop (:mod:`.recorder`), optimizes the trace (:mod:`.opt`),
compiles it with the chosen backend and enters it.  While a loop has a
compiled trace its counter stays at zero, so every back-edge enters it, and a
FOR_ITER header becomes FOR_ITER_JIT, which enters it from before the loop
(:func:`header`).

A loop's state (:class:`LoopInfo`) lives in the back-edge instruction's cache
slot.  A loop whose recording aborts ``MAX_ABORTS`` times is blacklisted: its
back-edge becomes the plain tier-2 instruction again.

Leaving a trace (a guard failed, or an op raised) rebuilds the frames from the
guard's snapshot (:mod:`.resume`).  A guard of the loop's body failing
``BRIDGE_AFTER`` times gets a bridge: the recorder runs from the rebuilt state
back to the header, the ops are attached to the guard and the loop is compiled
again with them (:func:`record_bridge`; at most ``MAX_BRIDGES`` per loop).  A
guard that gets no bridge (its recording aborted ``MAX_BRIDGE_ABORTS`` times,
or the loop has all its bridges) and keeps failing (``RETRACE_AFTER`` times, on
most entries) makes the driver drop the trace and record the loop again
(``MAX_RETRACES`` times), then blacklist it.

The tier object that calls :func:`backedge` and :func:`header` is
:class:`pyjit.jit.tier.Jit`.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import os
import ctypes
import time
import weakref

from pyjit import BUILTINS
from pyjit import native
from pyjit import opcodes as O
from pyjit.decode import _decoded, decode
from pyjit.frame import RecursionLimit
from pyjit.specialize import blocks
from pyjit.specialize import specializer as S

from . import faults
from . import ir
from . import observer
from . import opt
from . import traceinterp
from . import recorder as R
from . import resume


class Config:
    """Set by the tier object (:class:`pyjit.jit.tier.Jit`) from the command line."""
    threshold = 1000
    trace_limit = 2000   # (LLVM's compile time grows faster than linearly with size)
    backend = "llvm"
    log = None           # an open text file, or None
    log_llvm = False
    passes = None        # optimizer passes (None: all)
    verify = False       # run the IR verifier on every trace (tests)
    stats = None         # JitStats when --stats or --stats-json
    observer = observer.NULL   # told of every event (--jit-events, explain, report, API)
    shadow = None        # --verify: runs each compiled trace beside its recording


# PYJIT_STRICT (tests): an internal error of the JIT is raised, not turned into an abort
STRICT = bool(os.environ.get("PYJIT_STRICT"))
# PYJIT_FAULTS (tests): aborts and guard failures injected everywhere (jit/faults.py)
FAULTS = faults.from_environment()

MAX_ABORTS = 3
MAX_RETRIES = 6          # recordings that ended for a reason the next one may avoid
RETRACE_AFTER = 100
MAX_RETRACES = 1
BRIDGE_AFTER = 10        # a guard inside the loop failing this often gets a bridge
MAX_BRIDGE_ABORTS = 2    # ... unless recording it keeps aborting
MAX_BRIDGES = 12        # per loop: each bridge recompiles the whole loop (LLVM codegen dominates)
# ... and so does its size: a bridge is recorded up to BRIDGE_LIMIT ops, and none
# once the loop's trace and bridges hold MAX_LOOP_OPS (LLVM's time grows faster
# than linearly: raytrace's render loop, its bridges each ~1400 ops, compiled 290 s)
BRIDGE_LIMIT = 600
MAX_LOOP_OPS = 3000


class JitStats:
    def __init__(self):
        self.traced = 0
        self.compiled = 0
        self.aborted = 0
        self.abort_reasons: dict[str, int] = {}
        self.blacklisted = 0
        self.entries = 0
        self.exits = 0
        self.exceptions = 0
        self.guard_failures: dict[str, int] = {}
        self.record_time = 0.0
        self.optimize_time = 0.0
        self.compile_time = 0.0
        self.code_size = 0
        self.retraces = 0
        self.bridges = 0
        self.bridge_aborts = 0
        self.ops_recorded = 0
        self.ops_optimized = 0
        self.loops: list = []    # the LoopInfo of every loop compiled (native calls)

    def native_calls(self):
        """``(calls into pyjit's Python code from native code, trace iterations)``
        over all loops, and the loops with calls, most per iteration first."""
        calls = sum(i.pycalls for i in self.loops)
        iters = sum(_iterations(i) for i in self.loops)
        worst = sorted((i for i in self.loops if i.pycalls),
                       key=lambda i: -i.pycalls / max(_iterations(i), 1))
        return calls, iters, worst

    def as_dict(self):
        """For --stats-json (names as the bench report reads them)."""
        d = dict(vars(self))
        calls, iters, _ = self.native_calls()
        del d["loops"]
        d["native_pycalls"], d["native_iterations"] = calls, iters
        for k in ("record_time", "optimize_time", "compile_time"):
            d[k + "_s"] = d.pop(k)
        d["loops_compiled"] = d.pop("compiled")
        d["native_code_bytes"] = d.pop("code_size")
        from . import explain
        d["native_share"] = explain.share_summary(Config.observer)
        return d

    def report(self) -> str:
        lines = ["jit:",
                 f"  loops traced {self.traced}, compiled {self.compiled}, aborted {self.aborted}, "
                 f"blacklisted {self.blacklisted}, retraced {self.retraces}",
                 f"  bridges compiled {self.bridges}, aborted {self.bridge_aborts}",
                 f"  trace ops recorded {self.ops_recorded}, after optimization {self.ops_optimized}",
                 f"  entries {self.entries}, guard exits {self.exits}, exceptions {self.exceptions}",
                 f"  time recording {self.record_time * 1e3:.1f} ms, optimizing "
                 f"{self.optimize_time * 1e3:.1f} ms, compiling {self.compile_time * 1e3:.1f} ms",
                 f"  native code {self.code_size} bytes ({Config.backend} backend)"]
        from . import explain
        lines += explain.share_lines(explain.share_summary(Config.observer))
        calls, iters, worst = self.native_calls()
        lines.append(f"  trace iterations {iters}; calls from native code into pyjit's Python "
                     f"code {calls} ({calls / max(iters, 1):.3f} per iteration)")
        for info in worst[:10]:
            n = _iterations(info)
            lines.append(f"    {info.pycalls / max(n, 1):8.3f}  {info.name} "
                         f"({info.pycalls} calls, {n} iterations)")
        if self.abort_reasons:
            lines.append("  aborts:")
            for reason, n in sorted(self.abort_reasons.items(), key=lambda kv: -kv[1]):
                lines.append(f"    {n:8d}  {reason}")
        if self.guard_failures:
            lines.append("  guard failures (top 20):")
            for where, n in sorted(self.guard_failures.items(), key=lambda kv: -kv[1])[:20]:
                lines.append(f"    {n:8d}  {where}")
        return "\n".join(lines)


class Compiled:
    """One compilation of a loop's trace: the native (or Python) code and what
    describes its exits, numbered as ``trace.guards()`` numbers them."""
    __slots__ = ("loop", "guard_ops", "snaps", "fails", "read", "unread", "restores",
                 "raise_pcs", "inloop", "nested", "gens")

    def __init__(self, info, loop, trace):
        self.loop = loop
        self.guard_ops = trace.guards()
        self.snaps = [op.snapshot for op in self.guard_ops]
        self.fails = [0] * len(self.snaps)
        buf_len = 1 + max([len(trace.inputs)] + [sum(1 for _ in s.values()) for s in self.snaps])
        self.read, self.unread = resume.compile_reader(trace.slots, buf_len)
        dec = decode(info.code)
        self.restores = [resume.compile_restore(s, dec) for s in self.snaps]
        # where an op raised: before it (check_interrupt: at the back-edge it names)
        self.raise_pcs = [op.args[1].value if op.name == "check_interrupt" else s.frames[-1].pc
                          for op, s in zip(self.guard_ops, self.snaps)]
        # (leaving for an interrupt is not a path the loop takes: no bridge, no retrace)
        self.inloop = [_in_loop(info, s) and op.name != "guard_no_interrupt"
                       for op, s in zip(self.guard_ops, self.snaps)]
        # exits inside a nested frame: leaving runs it (an exception is thrown into it)
        # exits inside a generator the trace resumed (bridges start there)
        self.gens = [any(fr.kind == "gen" for fr in s.frames) for s in self.snaps]
        self.nested = [any(not ir.FRAME_KINDS[fr.kind].linked for fr in s.frames)
                       for s in self.snaps]


class LoopInfo:
    """One loop (a JUMP_BACKWARD_JIT instruction) of one code object."""
    __slots__ = ("code", "jb_pc", "header", "trace", "aborts", "retraces",
                 "entries", "max_depth", "name", "retries", "pycalls", "count_cells",
                 "bridge_aborts", "nbridges", "end", "q", "compiled", "watch",
                 "fault_j", "fault_bridge_j")

    def __init__(self, code, jb_pc, header, q):
        self.code = code
        self.q = q                # the code's Quickened (its ops, counters, caches)
        self.jb_pc = jb_pc
        self.header = header
        self.trace = None         # the trace compiled (with its bridges), or None
        self.aborts = 0
        self.retries = 0
        self.pycalls = 0          # calls from its native code into pyjit's Python (stats)
        # the counters (addresses) of its paths' count ops (statistics): what
        # its native code ran, loop body and bridges (jit/nativeshare.py)
        self.count_cells: set = set()
        self.retraces = 0
        self.entries = 0
        self.compiled = None      # the current Compiled, while a trace exists
        self.watch = ()           # weakrefs to the trace's weak constants (see _install)
        self.fault_j = self.fault_bridge_j = 0   # fault injection's sweep (jit/faults.py)
        self.max_depth = 0
        self.bridge_aborts = {}   # id(guard op) -> aborted bridge recordings
        self.nbridges = 0
        self.end = _loop_end(code, header)
        self.name = f"{code.co_name} ({code.co_filename}:{code.co_firstlineno}) loop at {header}"


def _loop_end(code, header):
    """The last unit of the loop whose header is ``header``: its last back-edge."""
    dec = decode(code)
    end = header
    for pc, op in enumerate(dec.ops):
        if O.BY_CODE[op] is not None and O.BY_CODE[op].jump is O.Jump.BACKWARD \
                and dec.args[pc] == header:
            end = max(end, pc)
    return end


_recording = False   # one recording at a time (host callbacks may reach other loops)


def backedge(f, pc, ts):
    """JUMP_BACKWARD_JIT at ``pc`` of frame ``f`` with its counter run out.

    Returns None (just jump: nothing to do), a frame to continue with (its
    ``.pc`` set), or ``(frame, pc, exception)``: raise it there."""
    if _doomed:
        _reap()
    q = f.dec.extra
    info = q.caches[pc]
    if info is None:
        info = q.caches[pc] = LoopInfo(f.code, pc, f.dec.args[pc], q)
        Config.observer.loop_hot(info)
    if info.compiled is not None:
        return enter(info, f, ts)
    return record(info, f, ts, q)


def header(f, pc, ts):
    """FOR_ITER_JIT: a loop's header reached from before the loop."""
    if _doomed:
        _reap()
    info = f.dec.extra.caches[pc]
    if info is None or info.compiled is None:
        return None
    r = enter(info, f, ts)
    if r is f and f.pc == pc:
        # left by an entry guard (e.g. a variable the loop assigns is still
        # unbound): nothing ran; this iteration is the interpreter's, or the
        # header would enter again at once
        return None
    if Config.stats is not None and S.CONFIG.stats is not None:
        S.CONFIG.stats.uncount(f.dec.extra, pc)   # (the trace ran this FOR_ITER, not the loop)
    return r


def _head(info, q, on):
    """Make the loop's header (a FOR_ITER) enter the trace, or stop doing so."""
    h = info.header
    if decode(info.code).ops[h] != O.FOR_ITER:
        return
    if on:
        q.ops[h] = O.FOR_ITER_JIT
        q.caches[h] = info
    elif q.caches[h] is info:
        q.ops[h] = S.ADAPTIVE_OF.get(O.FOR_ITER_LIST, O.FOR_ITER)
        q.caches[h] = None
        q.counters[h] = S.CONFIG.warmup


def _blacklist(info, q, reason):
    # back to the tier-2 instruction: a plain (or conditional) backward jump
    op = q.ops[info.jb_pc]
    q.ops[info.jb_pc] = O.JUMP_BACKWARD_QUICK if op == O.JUMP_BACKWARD_JIT else O.DEOPT[op]
    if Config.stats is not None:
        Config.stats.blacklisted += 1
    Config.observer.blacklisted(info, reason)
    blocks.reset(q)  # (formed again, they run the loop's back-edge themselves)
    _log(f"# blacklisted {info.name}\n")


def record(info, f, ts, q):
    global _recording
    stats = Config.stats
    if _recording:
        q.counters[info.jb_pc] = Config.threshold
        return None
    _recording = True
    t0 = time.perf_counter()
    inject = None if FAULTS is None else FAULTS.abort_at(info, bridge=False)
    try:
        f.pc = info.header
        rec = R.record_loop(f, info.header, ts, Config.trace_limit, abort_at=inject)
    finally:
        _recording = False
    t1 = time.perf_counter()
    if stats is not None:
        stats.record_time += t1 - t0
    Config.observer.recorded(info, rec, t1 - t0)
    if rec.injected:
        FAULTS.aborted(info, inject, bridge=False)
        q.counters[info.jb_pc] = Config.threshold   # (not counted: record again)
        return rec.frame
    if rec.trace is None:
        _aborted(info, q, rec.reason or f"exception {type(rec.exc).__name__}", "aborted", rec)
        if rec.exc is not None:
            return (rec.frame, rec.frame.pc, rec.exc)
        return rec.frame
    # closed: the frame is back at the loop's JUMP_BACKWARD after one iteration
    try:
        _compile(info, rec)
    except Unsupported as e:
        _aborted(info, q, str(e), "not compiled", None)
        f.pc = info.header
        return f
    q.counters[info.jb_pc] = 0
    return enter(info, f, ts)


def _aborted(info, q, reason, what, rec):
    """A recording (or its compile) failed: count it; try again later, or after
    MAX_ABORTS failures blacklist the loop.  ``retry``: the next recording may
    well succeed (the program raised in this iteration; an inlined loop made the
    trace too long and will be called instead): not counted, MAX_RETRIES times."""
    if rec is not None and rec.retry and info.retries < MAX_RETRIES:
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
        _blacklist(info, q, reason)
    else:
        q.counters[info.jb_pc] = Config.threshold


class Unsupported(Exception):
    pass


def _compile(info, rec):
    stats = Config.stats
    trace = rec.trace
    if stats is not None:
        stats.traced += 1
        stats.ops_recorded += len(trace.ops)
    _log_trace(f"# loop {info.name}: recorded, {len(trace.ops)} ops", trace)
    if STRICT:
        ir.verify(trace)   # (tests: a recorder bug shows here, not as a crash later)
    t0 = time.perf_counter()
    trace = opt.optimize(trace, Config.passes)
    t1 = time.perf_counter()
    _log_trace(f"# loop {info.name}: optimized, {len(trace.ops)} ops", trace)
    Config.observer.optimized(info, rec.trace, trace, t1 - t0)
    if stats is not None:
        stats.optimize_time += t1 - t0
        stats.compiled += 1
        stats.ops_optimized += len(trace.ops)
    info.max_depth = rec.max_depth
    _install(info, trace)


_llvm_backend = None


def _backend():
    global _llvm_backend
    if Config.backend == "llvm":
        if _llvm_backend is None:
            # the first compile imports it (llvmlite takes ~30 ms to import); the
            # import statement, not sys.modules: another thread may be importing it
            from . import backend_llvm
            _llvm_backend = backend_llvm
        return _llvm_backend
    return traceinterp


_builtins_dict = vars(__import__("builtins"))
_MISSING = object()


def _pristine(fn, *args):
    """``fn(*args)`` with the builtins the program may have patched put back:
    the LLVM backend (llvmlite, imported by the first compile) is host code,
    and the program must not see it call its isinstance()."""
    b = _builtins_dict
    changed = {k: b.get(k, _MISSING) for k, v in BUILTINS.items() if b.get(k, _MISSING) is not v}
    if not changed:
        return fn(*args)
    b.update(BUILTINS)
    try:
        return fn(*args)
    finally:
        for k, v in changed.items():
            if v is _MISSING:
                b.pop(k, None)
            else:
                b[k] = v


def _install(info, trace):
    """Compile ``trace`` (with its bridges) and make it the loop's."""
    stats = Config.stats
    t1 = time.perf_counter()
    backend = _pristine(_backend)
    try:
        if FAULTS is not None and FAULTS.counter is not None:
            loop = _pristine(backend.compile, trace, FAULTS.counter_address)
        else:
            loop = _pristine(backend.compile, trace)
    except getattr(backend, "CompileError", ()) as e:  # a trace the backend refuses
        raise Unsupported(f"backend: {e}") from None
    except Exception as e:
        # pyjit's own bug: never the program's exception; loud in tests
        if STRICT:
            raise
        raise Unsupported(f"internal error compiling: {type(e).__name__}: {e}") from None
    if Config.shadow is not None:
        loop = Config.shadow.wrap(info, trace, loop)
    seconds = time.perf_counter() - t1
    if stats is not None:
        stats.compile_time += seconds
        stats.code_size += loop.code_size
    if Config.log_llvm and loop.llvm_ir:
        _log(f"# loop {info.name}: LLVM IR\n{loop.llvm_ir}\n")
    info.trace = trace
    info.entries = 0
    info.compiled = Compiled(info, loop, trace)
    if stats is not None:
        if info not in stats.loops:
            stats.loops.append(info)
        info.count_cells.update(_count_cells(trace))
    # a function or class the trace names (weakly) died: its guards can never
    # hold again, so the trace is dropped and the loop recorded anew
    drop = _dropper(info, trace)
    info.watch = [weakref.ref(obj, drop) for obj in ir.weak_consts(trace)]
    Config.observer.installed(info, trace, info.compiled, seconds)
    _head(info, info.q, True)


def _dropper(info, trace):
    # (a weakref callback runs wherever the object dies -- inside a garbage
    # collection any allocation may start, in the middle of this module's own
    # work on the loop: it only notes the trace, dropped at the next safe point)
    def dead(_ref):
        _doomed.append((info, trace))
    return dead


_doomed: list = []   # (LoopInfo, its trace) whose weak constants died: see _reap


def _reap():
    """Drop the traces whose weak constants died (at a back-edge or a loop's
    header, where no recording or entry of them is half done)."""
    while _doomed:
        info, trace = _doomed.pop()
        if info.trace is trace:
            _log(f"# dropped {info.name}: a function or class it names died\n")
            Config.observer.dropped(info, "a function or class it names died")
            _forget(info, info.q)
            info.q.counters[info.jb_pc] = Config.threshold


def enter(info, f, ts, limit=RecursionLimit):
    """Run the loop's compiled trace from the header; resume where it leaves.
    (Every entry and exit pays for this function: keep it short.)

    What describes the compiled code is read once, here: code the trace calls
    may run this same loop recursively and record a bridge for it, which
    recompiles it and renumbers the guards while this entry still runs the
    previous code."""
    c = info.compiled
    if ts.depth + info.max_depth >= limit.value:
        f.pc = info.header
        return f   # inlined frames would pass the recursion limit: interpret
    buf = c.read(f)
    info.entries += 1
    exc = None
    stats = Config.stats
    if stats is not None:
        # calls from the native code into pyjit's Python count against this loop
        # (pyjit.native; Function.__call__ clears it while the interpreter runs)
        outer, native.STATE.loop = native.STATE.loop, info
    try:
        c.loop.enter(buf)
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
        _count_exit(c, info, g, exc, buf)
    if c.gens[g] and exc is None and _bridge_due(info, c, g, gens=True):
        # a path inside a generator's body the trace did not see: its frame is
        # linked to the consumer's for the bridge's recording, not run on
        nf = resume.restore(f, c.snaps[g], buf[1:], ts, link=True)
        buf = None
        return record_bridge(info, c.guard_ops[g], c.snaps[g], f, nf, ts)
    nf = c.restores[g](f, buf, ts, exc)
    if FAULTS is not None:
        FAULTS.after_exit()
    buf = None   # (the frames own the values now: buf must not keep them alive while
    #             the interpreter -- or a bridge's recording, below -- goes on)
    if nf.__class__ is tuple:     # a nested frame ran and its caller raises: (frame, pc, exc)
        return nf
    if exc is not None and not c.nested[g]:
        return (nf, c.raise_pcs[g], exc)
    if c.inloop[g] and c is info.compiled:
        # a guard inside the loop: a path or type the trace did not see
        n = fails[g]
        if n >= BRIDGE_AFTER and not _recording:
            op = c.guard_ops[g]
            if _inlined_loop_varies(info, op):
                return nf
            if _bridge_due(info, c, g):
                return record_bridge(info, op, c.snaps[g], f, nf, ts)
        if n >= RETRACE_AFTER and 2 * n >= info.entries:
            _drop(info, f)
    return nf


def _position(host):
    """Where the trace an :func:`enter` (host frame ``host``) runs is now, for
    frame views (pyjit.frames): the snapshot of the last op that called out,
    whose exit number the code published in ``buf[0]`` -- the loop's frame at
    its pc, and the frames the trace inlined there."""
    d = host.f_locals
    c, buf, f = d.get("c"), d.get("buf"), d.get("f")
    d.clear()   # (a snapshot dict of enter's locals: it must not keep them alive)
    if c is None or f is None or type(buf) is not list or not buf:
        return None
    g = buf[0]
    if type(g) is not int or not 0 <= -1 - g < len(c.snaps):
        return None   # nothing called out yet: the loop's frame at its back-edge
    frames = c.snaps[-1 - g].frames
    # (a generator's frame in the snapshot names the generator function recorded,
    # which may be gone -- a generator expression's, made anew each time: no view)
    return f, frames[0].pc, [(fs.func, fs.pc) for fs in frames[1:] if fs.func is not None]


def _recording_position(host):
    """The same for a recording (host frame of ``Recorder.run``): the recorder
    runs the loop on real frames, the innermost at the instruction recorded."""
    d = host.f_locals
    r = d.get("self")
    d.clear()
    return None if r is None else (r.f, r.pc, [])



def _count_exit(c, info, g, exc, buf):
    stats = Config.stats
    stats.entries += 1
    if exc is not None:
        stats.exceptions += 1
    else:
        stats.exits += 1
    op = c.guard_ops[g]
    where = f"{info.code.co_name}:{op.line} {op.name} (guard {g})"
    stats.guard_failures[where] = stats.guard_failures.get(where, 0) + 1
    Config.observer.guard_failed(info, c, g, exc, buf)


def _bridge_due(info, c, g, gens=False):
    """Is it time to record a bridge at exit ``g`` of ``c`` (failed often enough,
    the loop has room for it)?  ``gens``: the exit is inside generators the
    trace resumed, whose frames resume links for the recording."""
    if not c.inloop[g] or c is not info.compiled or c.fails[g] < BRIDGE_AFTER or _recording:
        return False
    op = c.guard_ops[g]
    return info.bridge_aborts.get(id(op), 0) < MAX_BRIDGE_ABORTS and \
        info.nbridges < MAX_BRIDGES and _loop_ops(info.trace) < MAX_LOOP_OPS and \
        _bridgeable(info, op, gens)


def _bridgeable(info, op, gens=False):
    """A guard of the loop's body (not of the preamble) whose failure is a path
    the loop takes, not an exception."""
    if op.snapshot is None or op.opdef.raises or \
            not getattr(_backend(), "SUPPORTS_BRIDGES", False):
        return False
    if any(not ir.FRAME_KINDS[fr.kind].linked and not (gens and fr.kind == "gen")
           for fr in op.snapshot.frames):
        return False   # (leaving it finishes an instruction in Python: no bridge from there)
    trace = info.trace
    label = trace.label()
    main = trace.ops
    if op in main:
        return main.index(op) > main.index(label)
    return True   # inside a bridge: after the label


def _count_cells(trace):
    """The counters the native share's ``count`` ops of ``trace`` increment
    (one per path: the loop's body, each bridge)."""
    pending = [trace.ops]
    while pending:
        for op in pending.pop():
            if op.name == "count":
                yield op.args[0].value
            if op.bridge is not None:
                pending.append(op.bridge)


def _iterations(info) -> int:
    """Iterations a loop's native code ran (each path's runs end at the label)."""
    return sum(ctypes.c_int64.from_address(a).value for a in info.count_cells)


def _loop_ops(trace) -> int:
    """The ops of a loop's trace, bridges included."""
    n, pending = 0, [trace.ops]
    while pending:
        ops = pending.pop()
        n += len(ops)
        pending.extend(op.bridge for op in ops if op.bridge is not None)
    return n


def record_bridge(info, op, snap, f, nf, ts):
    """Record ``op``'s bridge from the state its failure left (``nf``), attach it,
    recompile the loop, and continue in it."""
    global _recording
    stats = Config.stats
    trace = info.trace
    inject = None if FAULTS is None else FAULTS.abort_at(info, bridge=True)
    _recording = True
    t0 = time.perf_counter()
    try:
        rec = R.record_bridge(trace, snap, nf, ts, info.header,
                              min(Config.trace_limit, BRIDGE_LIMIT), abort_at=inject)
    finally:
        _recording = False
    seconds = time.perf_counter() - t0
    if stats is not None:
        stats.record_time += seconds
    if info.trace is not trace:
        # the program's code that the recording ran made the loop drop its
        # trace (a retrace, a function it names died...): nothing to attach to
        if rec.exc is not None:
            return (rec.frame, rec.frame.pc, rec.exc)
        return rec.frame
    if rec.injected:
        FAULTS.aborted(info, inject, bridge=True)
        return rec.frame
    if rec.bridge is None:
        info.bridge_aborts[id(op)] = info.bridge_aborts.get(id(op), 0) + 1
        reason = rec.reason or f"exception {type(rec.exc).__name__}"
        Config.observer.bridge_aborted(info, op, rec, reason)
        if stats is not None:
            stats.bridge_aborts += 1
            stats.abort_reasons["bridge: " + reason] = \
                stats.abort_reasons.get("bridge: " + reason, 0) + 1
        _log(f"# bridge aborted {info.name} at line {op.line} {op.name}: {reason}\n")
        if rec.exc is not None:
            return (rec.frame, rec.frame.pc, rec.exc)
        return rec.frame
    Config.observer.bridge_recorded(info, op, rec, seconds)
    op.bridge = rec.bridge
    info.nbridges += 1
    info.max_depth = max(info.max_depth, rec.max_depth + len(snap.frames) - 1)
    if stats is not None:
        stats.bridges += 1
    _log_trace(f"# bridge {info.name} at line {op.line} {op.name}: {len(rec.bridge)} ops",
               info.trace)
    if __debug__ and Config.verify:
        ir.verify(info.trace)
    try:
        _install(info, info.trace)
    except Unsupported as e:
        op.bridge = None
        _log(f"# bridge not compiled {info.name}: {e}\n")
        _drop(info, rec.frame)   # (the trace may have grown carried slots: start over)
        return rec.frame
    # the recorder stopped at the loop's back-edge, in the header's state
    if info.compiled is None:
        rec.frame.pc = info.header
        return rec.frame
    return enter(info, rec.frame, ts)


# the ops whose failure means "an inner loop ran more or fewer times than recorded"
_LOOP_EXIT_OPS = frozenset(("rangeiter_next", "listiter_next", "tupleiter_next",
                            "guard_isnull", "guard_nonnull"))


def _inlined_loop_varies(info, op):
    """A loop of an inlined function (a comprehension, a helper with a loop)
    ended on another iteration than the one recorded: rather than a bridge per
    trip count, the function is called, not inlined, from now on
    (``record.core.NO_INLINE``) and the loop recorded again.  True if so."""
    frames = op.snapshot.frames
    fn = frames[-1].func
    if op.name not in _LOOP_EXIT_OPS or len(frames) < 2 or fn is None or \
            any(fr.kind == "gen" for fr in frames) or \
            not R.has_backedge(fn) or fn.code in R.NO_INLINE:
        return False
    R.NO_INLINE.add(fn.code)
    _log(f"# dropped {info.name}: the loop of inlined {fn.__name__}() ran another number of "
         f"times than recorded; it is called from now on\n")
    _forget(info, info.q)
    info.q.counters[info.jb_pc] = Config.threshold
    return True


def _in_loop(info, snap):
    """Does leaving through this snapshot stay inside the loop (a changed type or
    path, not the loop's end)?"""
    if len(snap.frames) > 1:
        return True
    return info.header <= snap.frames[0].pc <= info.end


def _drop(info, f):
    """Forget the trace; record the loop again (once), else keep interpreting it."""
    q = f.dec.extra
    stats = Config.stats
    _log(f"# dropped {info.name}: a guard keeps failing\n")
    Config.observer.dropped(info)
    _forget(info, q)
    if info.retraces < MAX_RETRACES:
        info.retraces += 1
        if stats is not None:
            stats.retraces += 1
        q.counters[info.jb_pc] = Config.threshold
    else:
        _blacklist(info, q, "a guard keeps failing")


def _log_trace(title, trace):
    """Log a trace's text (formatting it only when there is a log: traces are big)."""
    if Config.log is not None:
        Config.log.write(f"{title}\n{ir.format(trace)}")


def _forget(info, q):
    """The loop has no trace any more (entries made already finish in their code)."""
    info.compiled = None
    info.trace = None
    info.watch = ()
    _head(info, q, False)


def _log(text):
    log = Config.log
    if log is not None:
        log.write(text)


def invalidate_all(what="a function's code or defaults changed"):
    """Drop every compiled trace (a function's code or defaults changed: inlined
    callees are identified by their function object only)."""
    # traces live in caches of quickened code; walking them all is rare enough
    n = 0
    for dec in list(_decoded.values()):
        q = dec.extra
        if q is None:
            continue
        for k, c in enumerate(q.caches):
            if isinstance(c, LoopInfo) and c.compiled is not None and c.jb_pc == k:
                _forget(c, q)
                q.counters[k] = Config.threshold
                n += 1
    Config.observer.invalidated(what, n)


def finish():
    """At exit: finish observing (explain, report, event log), flush the log.
    (The JIT's --stats are the tier's: jit.tier.Jit.stats_report.)"""
    if FAULTS is not None:
        FAULTS.write_report()
    Config.observer.finish()
    if Config.log is not None:
        Config.log.flush()
