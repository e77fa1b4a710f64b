"""Warm-up: how a trace becomes code without stalling the program, and what that may cost.

The driver (:mod:`.driver`) decides *what* to compile; this module holds
*when*, *how hard* and *how much* (issue #15), the exit table of each
compilation (:class:`Compiled`), and the link to the compile jobs of the
LLVM backend (:func:`watch`, :func:`poll`).

* **Off the main thread.**  A trace's module is written on the main thread,
  compiled by the compile thread (``llvm.jobs``); the interpreter keeps running
  the loop and looks for finished jobs at its safe points (:func:`poll`: trace
  entries, and a pending loop's back-edge every ``POLL_EVERY`` iterations).
  ``--jit-sync`` compiles at once.
* **Cheap first, optimized when hot.**  Every trace is first compiled with
  the ``fast`` pipeline (no IR passes, LLVM's fast instruction selection:
  ~10x cheaper than O2 on trace-shaped code; notes/jit.md has the
  measurements).  Its code counts iterations down from ``TIER_UP_AFTER``; at
  zero it leaves through its interrupt check, and the driver queues the loop,
  with its bridges inside, for the ``opt`` pipeline (background priority) --
  once the fast code has run long enough to pay for that (:func:`tier_up_waits`).
  When that lands, the fast code's countdown is set to 1: it leaves at its
  next back-edge and the next entry runs the optimized code.
* **Bridges attach** through their guard's slot (``llvm.code.Loop.attach``):
  compiling a bridge costs what the bridge is, however many the loop has.
  There is no cap on their number, only budgets.
* **Budgets** (estimated seconds of LLVM work, bytes of machine code), per loop and per
  program: past one, the loop (or the program) gets no more bridges or
  re-optimizations, and new traces over the program's are not compiled.
* **Giving up on a loop** (back to tier specialize): see
  :func:`costs_more_than_it_saves`.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import sys
import weakref
from _thread import get_ident
from time import thread_time as _cpu   # (the calling thread's CPU seconds)

from . import bridgewait
from . import ir
from . import loops
from . import nativecall
from . import protocols
from . import resume
from .virtuals import Virtual
from pyjit import deferred, hostroom
from pyjit import opcodes as O
from pyjit.decode import decode

POLL_EVERY = 64              # back-edges of a loop being compiled between two looks
TIER_UP_AFTER = 20_000       # iterations of fast code before the loop is optimized
# ... unless its module (loop and bridges) is bigger than this, in lines of LLVM IR:
# the opt pipeline's code generation costs ~35 us a line up to ~5000 lines, then
# grows faster than linearly (10,500 lines: 660 ms; 20,000: 2.9 s), while the fast
# pipeline stays ~12 us a line; the optimized code of a float loop runs up to 5x
# faster (nbody, 4,800 lines) -- notes/jit.md, "Pipelines".  (There is one compile
# thread: a bridge asked for while a long re-optimization runs waits for it.)
TIER_UP_MAX_LINES = 6_000
# a function trace's fast code is compiled again optimized after this many runs
# (its code has no back-edge to count iterations at: entries from the interpreter
# and returns to native call sites are counted, see function_runs)
FUNCTION_TIER_UP_AFTER = 2_000
# A loop's end into its function's return (loops.ends_in_return) is taken once per
# run of the loop: its bridge saves interpreting the function's tail once a run, and
# costs a recording and a compile (the loop's whole code again when the exit has no
# slot).  Worth it for a loop run often (a recursion's level, a method: thousands of
# runs a second), not for one run once per call of a top-level function, whose end
# fails ten times only after ten calls -- the recompile then lands in a program's
# steady state (json_tree's make_tree and run loops: 0.6 s and 0.2 s of compile
# at its 10th call).  Other exits get theirs after driver.BRIDGE_AFTER failures.
END_BRIDGE_AFTER = 200
# A function trace's exit taken in fewer than one run in RARE_EXIT gets no bridge:
# leaving costs the interpreter the rest of one run of the function, a few dozen
# microseconds spread over thousands of native runs, while recording the path and
# compiling it costs milliseconds to a second -- and comes late, in the program's
# steady state (json_tree's four recursions: one exit each per call of run(), at
# the root of the tree, of 8,800-40,000 runs: their bridges recorded at the 10th
# call, two of them recorded to the length limit and aborted).
RARE_EXIT = 2_000


def failed_enough(c: Compiled, g: int, after: int) -> bool:
    """Has exit ``g`` of ``c`` failed often enough for a bridge: ``after`` times
    (END_BRIDGE_AFTER for a loop's end), and not rarely (see RARE_EXIT)?"""
    n = c.fails[g]
    if n < (END_BRIDGE_AFTER if c.ends[g] else after):
        return False
    return c.born is None or \
        n * RARE_EXIT >= c.entries + nativecall.native_returns(c.info) - c.born
NEVER = 1 << 62              # a countdown that does not run out

# Compile budgets are in *estimated* seconds of LLVM work -- lines of IR times
# what a line costs in its pipeline, measured (notes/jit.md, "Pipelines") --
# never in measured time: what is compiled must not depend on how busy the
# machine is, nor on whether the persistent cache had the code (a budget spent
# in one run and not the next compiled different modules: the second run of a
# program missed the cache).  A module from the cache is charged the same.
LOOP_BUDGET_S = 1.0          # per loop: its traces, bridges, re-optimizations
PROGRAM_BUDGET_S = 8.0       # ... and per program
US_PER_LINE = {"fast": 6.0, "opt": 40.0}   # (others: O2's, the most)
LOOP_CODE_BYTES = 4 << 20    # machine code per loop
PROGRAM_CODE_BYTES = 64 << 20
LOOP_BRIDGE_OPS = 20_000     # IR ops in a loop's bridges (either backend: the trace's memory)

# A loop is sent back to tier specialize when, over SEND_BACK_ENTRIES entries
# of its fast code, each entry ran fewer than SEND_BACK_INSTRUCTIONS bytecode
# instructions' worth of iterations (iterations counted by the fast code times
# the instructions of the recorded iteration): an entry and its exit cost
# about what interpreting that many instructions does (measured, notes/jit.md),
# so such a loop -- a short inner loop entered for an iteration or two, a
# trace left by a guard early in most iterations -- is faster interpreted.
SEND_BACK_ENTRIES = 500
SEND_BACK_INSTRUCTIONS = 200

# A trace that calls VM functions through the host (residual calls: callees with
# loops of their own) pays for each call more than the interpreter's own call
# does -- a host-to-VM entry and a new eval loop, RESIDUAL_CALL_NS more -- and
# saves INSTR_NS per bytecode instruction it runs natively.  A loop whose
# recorded iteration saves less than its calls cost is not compiled
# (:func:`loses_to_the_interpreter`).  Both figures measured on this machine
# (notes/jit.md); the instruction's is the low end, so the rule errs towards
# compiling.
RESIDUAL_CALL_NS = 1500
INSTR_NS = 30


# The code of the driver's function that calls ``Compiled.call`` (``driver._enter``,
# set there): marked ``hostroom.guarded`` when the first code with a native entry
# is installed (until then, and with no such backend, calls go through the
# loop's ``enter``, whose own code is the guarded one).
CALLER: list = []


class Compiled:
    """One compilation of a loop's trace: the native (or Python) code and what
    describes its exits, numbered as the code numbers them (``loop.guard_ops``:
    the trace's guards, then those of each bridge attached later).

    Made when the code is asked for (from the trace as it is then: a bridge
    recorded later may make the loop carry a new variable; this compilation's
    reader and restores stay the ones its code was written for), installed when
    the code is ready."""
    __slots__ = ("loop", "trace", "guard_ops", "snaps", "fails", "read", "unread",
                 "restores", "raise_pcs", "inloop", "dec", "info", "pending", "inlined",
                 "entries", "iterations0", "ninputs", "nested", "linkable", "nest",
                 "leave", "unattached", "returns", "runs0", "ends", "born", "plain", "call",
                 "pad", "nslots", "fast", "need", "cpu0", "tier_cost", "__weakref__")

    def __init__(self, info, loop, trace, in_loop):
        self.loop = loop
        self.trace = trace
        self.info = info
        self.dec = decode(info.code)
        self.guard_ops = []
        self.snaps, self.fails, self.restores, self.raise_pcs, self.inloop = [], [], [], [], []
        self.nested, self.linkable, self.nest, self.leave = [], [], [], []
        self.ends = []            # exits that end a run of the loop (see END_BRIDGE_AFTER)
        self.returns = set()      # a function trace's returns (finish: exits that are no failure)
        self.ninputs = len(trace.inputs)
        self.plain = []           # exits that are a plain return (see extend)
        self.pad = None
        self.call = loop.enter    # (until installed: see installed)
        self.fast = False         # (installed: cheap code that tiers up -- function_tier_up_due)
        self.cpu0 = None          # (installed: the thread and its CPU clock then -- tier_up_waits)
        self.need = 0             # the longest exit's buf (1 + its values): see _buf_len
        self.tier_cost = None     # (bridges attached, tier_up_cost) -- counted once per module
        self.extend(loop.guard_ops, in_loop)
        # (the reader pads every buf to the size the code's exits need: grown in
        # place by extend when a bridge's exits need more)
        self.nslots = len(trace.slots)   # (the reader's: the trace's may grow later)
        self.pad = [None] * (self._buf_len() - 1 - self.nslots)
        self.read, self.unread = resume.compile_reader(list(trace.slots), self.pad)
        self.pending = {}         # id(guard op) -> a bridge being compiled for it
        # guards whose bridges the code has inside
        self.inlined = {id(op) for op in self.guard_ops if op.bridge is not None}
        # guards whose bridges this code refused to attach (the bridge uses a value
        # the guard's exit does not pass): not tried again at every exit
        self.unattached = set()
        self.entries = 0
        self.iterations0 = None   # the fast code's countdown at install (None: no countdown)
        # a function trace's native returns before this code (None: its tier-up was asked)
        self.runs0 = nativecall.native_returns(info) if info.function else None
        self.born = self.runs0    # (runs0 is cleared when its tier-up is asked: see rare)
        _compilations.add(self)

    def _buf_len(self) -> int:
        """The size of a buf the code and every exit it has now can use.  (The
        exits' part is kept by _extend: their snapshots are frozen copies, and
        counting every exit's values again at each bridge attached made the
        attaching quadratic -- fannkuch, 34 extends: 70 ms of the main thread.)"""
        return max(1 + len(self.trace.inputs), getattr(self.loop, "buf_size", 0), self.need)

    def installed(self) -> None:
        """The code is ready and the loop's: entries call the code's builtin
        itself where the backend has one (``native_entry``: it wants a list of
        ``buf_size`` values at least, which the reader's pad gives), else the
        loop's ``enter``."""
        # (the class's own: --verify's ShadowLoop forwards other names to its loop)
        entry = getattr(type(self.loop), "native_entry", None)
        self.call = self.loop.enter if entry is None else entry(self.loop)
        if entry is not None and CALLER:
            # the caller's frame now takes the builtin call's C recursion guard,
            # which the loop's enter took (pyjit's, not the program's: see hostroom)
            hostroom.guarded(CALLER.pop())
        self.fast = getattr(self.loop, "pipeline", None) == "fast"
        self.cpu0 = (get_ident(), _cpu())

    def extend(self, ops, in_loop) -> None:
        """Exits the code has now (a bridge's, attached: numbered after the others)."""
        self._extend(ops, in_loop)
        pad = self.pad
        if pad is not None:
            need = self._buf_len() - 1 - self.nslots
            if need > len(pad):
                pad.extend([None] * (need - len(pad)))   # (in place: the reader's)

    def _extend(self, ops, in_loop) -> None:
        for op in ops[len(self.guard_ops):] if ops is self.loop.guard_ops else ops:
            s = _frozen(op.snapshot)
            self.need = max(self.need, 1 + len(s.values()))
            self.guard_ops.append(op)
            self.snaps.append(s)
            self.fails.append(0)
            self.restores.append(resume.compile_restore(s, self.dec))
            # where an op raised: before it (check_interrupt: at the back-edge it names)
            self.raise_pcs.append(op.args[1].value if op.name == "check_interrupt"
                                  else s.frames[-1].pc)
            # (leaving for an interrupt is not a path the loop takes: no bridge, no retrace)
            # (a bridge's leave at the header re-enters the loop: not a path to bridge)
            self.leave.append(op.name == "leave")
            self.inloop.append(in_loop(s) and op.name not in ("check_interrupt", "leave", "finish"))
            # exits that end the loop into a loop enclosing it: bridged, never retraced
            # (and exits that end the loop into its function's last straight code)
            inner, ends = loops.in_nest(self.info, s), loops.ends_in_return(self.info, s)
            self.nest.append((inner or ends) and op.name not in ("check_interrupt", "finish"))
            # (once per run of the loop: bridged only for a loop run often)
            self.ends.append(self.nest[-1] and not inner)
            if op.name == "finish":
                self.returns.add(len(self.guard_ops) - 1)
            # exits inside a nested frame: leaving runs it (an exception is thrown into it)
            self.nested.append(any(not ir.FRAME_KINDS[fr.kind].linked for fr in s.frames))
            # exits inside nested frames a bridge can start in (generators the trace
            # resumed, map/filter functions, __next__: protocols.BRIDGED)
            self.linkable.append(self.nested[-1] and all(
                ir.FRAME_KINDS[fr.kind].linked or fr.kind in protocols.BRIDGED
                for fr in s.frames))
            # a function trace's return, which driver._enter leaves by its short way
            # (nothing to bridge, drop or raise there: counted, its frame restored)
            self.plain.append(bool(self.info.function and op.name == "finish" and
                                   not self.nested[-1] and not self.leave[-1] and
                                   not self.nest[-1] and not self.inloop[-1]))


def _frozen(snap: ir.Snapshot) -> ir.Snapshot:
    """A copy of ``snap`` as it is now: a bridge recorded later may add a slot
    the loop now carries to every snapshot, which this compilation's code does
    not store."""
    return ir.Snapshot([_frozen_frame(fr) for fr in snap.frames], snap.restart)


def _frozen_frame(fr: ir.FrameSnap) -> ir.FrameSnap:
    """``fr.map`` of the identity (Virtuals copied) with the same weak
    reference to the function (it may be dead) -- without a call per value
    when there is no Virtual (most frames: this runs for every exit)."""
    if any(isinstance(v, Virtual) for v in (*fr.locals.values(), *fr.stack, *fr.extra)):
        copy = fr.map(lambda v: v)
    else:
        copy = ir.FrameSnap.__new__(ir.FrameSnap)
        copy.pc, copy.locals, copy.stack, copy.name = fr.pc, dict(fr.locals), list(fr.stack), \
            fr.name
        copy.fref, copy.kind, copy.extra = fr.fref, fr.kind, list(fr.extra)
    copy._func, copy.code = fr._func, fr.code
    return copy


# ---------------------------------------------------------------------------
# budgets


class Totals:
    """What compiling cost the program so far."""
    seconds = 0.0            # LLVM work (compile thread or main thread), measured
    work = 0.0               # ... estimated (what the budgets count: see work())
    generate_seconds = 0.0   # writing modules (main thread)
    code_bytes = 0
    jobs = 0
    cached = 0               # jobs answered by the persistent cache
    exhausted = None         # why the program's budget is spent, once it is
    # what :func:`activity` reads: recordings started (loops, functions, bridges;
    # finished or not), compiles asked for, and compiles landed (installed or failed)
    recordings = 0
    requested = 0
    landed = 0
    cancelled = 0            # compiles taken off the queue unstarted (see cancel)
    progressed = 0           # snapshots that found fast code nearer its tier-up (activity)


def work(text: str, pipeline: str) -> float:
    """The estimated seconds of LLVM work of compiling module ``text`` (what
    budgets count: see LOOP_BUDGET_S)."""
    return text.count("\n") * US_PER_LINE.get(pipeline, 60.0) * 1e-6


def charge(info, obj) -> None:
    """Count a finished compilation (a Loop or Bridge) against its loop and the program."""
    w = work(getattr(obj, "llvm_ir", None) or "", getattr(obj, "pipeline", "fast"))
    Totals.seconds += obj.compile_seconds
    Totals.work += w
    Totals.generate_seconds += obj.generate_seconds
    Totals.code_bytes += obj.code_size
    Totals.jobs += 1
    Totals.cached += bool(obj.cached)
    info.spent_s += w
    info.code_bytes += obj.code_size


def over_budget(info) -> str | None:
    """Why no more code may be made for this loop (None: it may)."""
    if Totals.work > PROGRAM_BUDGET_S:
        return f"the program's compile budget ({PROGRAM_BUDGET_S:g} s) is spent"
    if Totals.code_bytes > PROGRAM_CODE_BYTES:
        return f"the program's code budget ({PROGRAM_CODE_BYTES >> 20} MiB) is spent"
    if info is not None:
        if info.bridge_ops > LOOP_BRIDGE_OPS:
            return f"its bridges' budget ({LOOP_BRIDGE_OPS} ops) is spent"
        if info.spent_s > LOOP_BUDGET_S:
            return f"its compile budget ({LOOP_BUDGET_S:g} s) is spent"
        if info.code_bytes > LOOP_CODE_BYTES:
            return f"its code budget ({LOOP_CODE_BYTES >> 20} MiB) is spent"
    return None


def too_big_to_optimize(c: Compiled) -> str | None:
    """Why the loop's code is not compiled again optimized (None: it is not too big)."""
    loop = c.loop
    lines = sum((getattr(x, "llvm_ir", None) or "").count("\n")
                for x in [loop] + list(getattr(loop, "bridges", ())))
    if lines > TIER_UP_MAX_LINES:
        return (f"its code is {lines} lines of LLVM IR (more than {TIER_UP_MAX_LINES}: "
                f"optimizing it would cost more than it gains)")
    return None


# A tier-up is bought only once the fast code has paid its price in rent (ski
# rental): the optimized code saves a share of the fast code's time (assumed
# TIER_UP_SAVES: float and int loops run 3-5x faster optimized, loops of C-API
# calls ~1.1x -- notes/jit.md, "Pipelines"), and compiling it costs what its
# lines cost the opt pipeline plus writing them again on the main thread
# (GENERATE_US_PER_LINE, measured: fannkuch's 96,000 lines, 386 ms).  So the
# fast code must have run (in main-thread CPU since it was installed: an upper
# bound of its own time) cost / TIER_UP_SAVES before its tier-up is asked; a
# countdown that runs out earlier starts again.  A program that ends first
# never pays for an optimized module it would not have used long enough (whole
# process CPU under tier jit: nqueens 1.6-1.8 s against 0.9 s with no tier-up,
# 0.67 s under tier specialize -- notes/performance.md, "warm9"), and at
# worst a long one pays twice what the best choice in hindsight would have.
# Not under --jit-sync nor an explicit --jit-tier-up N (decisions from counts
# only: deterministic, tests), see TIER_UP_PAYS.
TIER_UP_SAVES = 0.7
GENERATE_US_PER_LINE = 4.0
TIER_UP_PAYS = True          # (jit.tier: False when --jit-tier-up N is given)


def tier_up_cost(c: Compiled) -> float:
    """The estimated seconds (main thread and compile thread) of compiling
    ``c``'s loop again, optimized, its bridges inside."""
    loop = c.loop
    parts = [loop] + list(getattr(loop, "bridges", ()))
    known = getattr(c, "tier_cost", None)   # (asked every TIER_UP_AFTER iterations: the
    if known is not None and known[0] == len(parts):   # text is counted once per module)
        return known[1]
    lines = sum((getattr(x, "llvm_ir", None) or "").count("\n") for x in parts)
    c.tier_cost = (len(parts), lines * (US_PER_LINE["opt"] + GENERATE_US_PER_LINE) * 1e-6)
    return c.tier_cost[1]


def tier_up_waits(c: Compiled) -> bool:
    """Has ``c``'s fast code not yet run long enough to pay for its tier-up
    (see TIER_UP_SAVES)?  False if it has, or if it cannot be told (asked on
    another thread than the one it was installed on)."""
    if not TIER_UP_PAYS or c.cpu0 is None or c.cpu0[0] != get_ident():
        return False
    return (_cpu() - c.cpu0[1]) * TIER_UP_SAVES < tier_up_cost(c)


def tier_up_later(c: Compiled) -> None:
    """Ask again once the fast code should have paid, at the pace it ran so far
    (iterations per CPU second since it was installed: a lower bound, so never
    later than that), after TIER_UP_AFTER iterations at least (a function
    trace: as many runs as the first time).  (Every TIER_UP_AFTER iterations
    cost int_loop ~2 ms a call of exits and re-entries while it waited.)"""
    if c.iterations0 is not None:
        left = c.loop.countdown_value()
        done = c.iterations0 - left
        spent = _cpu() - c.cpu0[1] if c.cpu0 is not None else 0.0
        n = TIER_UP_AFTER
        if spent > 0:
            due = (tier_up_cost(c) / TIER_UP_SAVES - spent) * done / spent
            n = int(min(max(due, n), 100 * n))
        c.iterations0 += n - left
        c.loop.set_countdown(n)
    elif c.info.function:
        c.runs0 = c.entries + nativecall.native_returns(c.info)
        _progress_seen.pop(c, None)   # (its runs count from 0 again: progress, not a step back)


def bridge_pipeline(loop) -> str:
    """The pipeline a bridge attached to ``loop``'s code is compiled with: its
    code's.  A bridge of optimized code (a loop that tiered up) is optimized;
    a bridge of fast code is fast -- also when the loop will never tier up
    (its code too big to optimize, a budget spent) and for a function trace's
    fast code, whose tier-up compiles its bridges inside, optimized.  (Until
    2026-12-07 a bridge was optimized whenever its code had no countdown --
    a function trace's fast code, a loop refused its tier-up -- paying the
    opt pipeline's ~7x cost per line for code whose loop runs fast code.)"""
    return "fast" if getattr(loop, "pipeline", "fast") == "fast" else "opt"


def costs_more_than_it_saves(c: Compiled) -> bool:
    """Has the fast code run fewer than SEND_BACK_INSTRUCTIONS instructions per
    entry over SEND_BACK_ENTRIES entries?  (Asked only of fast code: it counts
    its iterations; a loop that tiered up ran TIER_UP_AFTER of them.  Not
    while a bridge is being compiled for it, and counted afresh once one is
    attached: :func:`restart_count`.)"""
    n = c.entries
    if n < SEND_BACK_ENTRIES or c.iterations0 is None or function_coming(c):
        return False
    if suspends(c):
        # a coroutine's loop whose paths suspend it (driver.record_bridge: an
        # await that yields to the event loop) is left at every suspension in
        # any tier: its short entries are the program's own switches, and the
        # interpreter would run the same chain on top (bm_coroutines' `task`
        # loop, ~60 instructions per entry: 1.0 s per call compiled, 2.5 s
        # sent back -- notes/performance.md, "Issue #14, fourth round")
        return False
    done = c.iterations0 - c.loop.countdown_value()
    return done * c.info.path_len < SEND_BACK_INSTRUCTIONS * n


_YIELD_VALUE = O.OPS["YIELD_VALUE"].code


def suspends(c) -> bool:
    """Does a path of the loop suspend the coroutine it runs in?  Its bridge's
    recording stopped at an await that yields (``LoopInfo.suspends``), or
    recorded the suspension (record/suspension.py): a bridge ending in
    ``finish`` at the loop frame's YIELD_VALUE."""
    if c.info.suspends:
        return True
    ops = c.info.q.ops
    for op in getattr(c, "guard_ops", ()):
        b = op.bridge
        if b and b[-1].name == "finish" and \
                O.DEOPT[ops[b[-1].snapshot.frames[0].pc]] == _YIELD_VALUE:
            return True
    return False


def function_coming(c) -> bool:
    """Is the loop's function still counting its calls towards a function trace
    (its RESUME_JIT, not decided yet)?  That trace would call the loop's code
    natively (jit/loopcall.py): a recursion's levels, each an entry from the
    interpreter until then, would no longer be entries -- the loop is not
    judged by them meanwhile (bounded: the function is decided after
    --jit-function-threshold calls and a few recordings) -- nor while that
    trace is there (the entries from the interpreter are then the rare frames
    finished there).  A function not hot yet: for as many entries as its calls
    could make it so."""
    info = c.info
    q = info.q
    pc = nativecall.resume_pc(decode(info.code)) if not info.function else None
    if pc is None or q.ops[pc] != O.RESUME_JIT:
        return False
    fi = q.caches[pc]
    if fi is None:
        return c.entries <= FUNCTION_WAIT_ENTRIES
    return not fi.dead


def function_traced(info) -> bool:
    """Does the function of loop ``info`` have -- or get -- a function trace
    entered from the interpreter: hot, neither blacklisted nor closed to
    entries from there?  That trace calls the loop's code natively at the
    header with every variable the body assigns bound; entries from before
    the header are then its exits to the interpreter (rare once its bridges
    are in: many while they are being recorded and compiled)."""
    fi = _function_info(info)
    return fi is not None and not fi.dead and not fi.closed


def _function_info(info):
    """The LoopInfo of the function trace of loop ``info``'s function, if it is hot."""
    pc = nativecall.resume_pc(decode(info.code)) if not info.function else None
    q = info.q
    if pc is None or q.ops[pc] != O.RESUME_JIT:
        return None
    return q.caches[pc]


def function_in_flight(info) -> bool:
    """Is the function of loop ``info`` hot and its function trace, or one of
    its bridges, on its way -- being compiled, its recording waiting for a
    loop's code (:mod:`.bridgewait`), or recorded again after a drop or an
    abort?  Calls of the function are interpreted meanwhile (or leave its
    code where the bridge will go) and enter the loop from before its header,
    which they will not once that code is in: it calls the loop's code
    natively, at the header with every variable the body assigns bound.
    Bounded: the function is decided -- compiled, or blacklisted -- after a
    few recordings (driver.MAX_ABORTS, lifecycle.MAX_RETRACES), a bridge
    after a few too (driver.MAX_BRIDGE_ABORTS, bridgewait.MAX_WAITS)."""
    fi = _function_info(info)
    if fi is None or fi.dead:
        return False
    c = fi.compiled
    return c is None or bool(c.pending) or bool(fi.bridge_waits) and bridgewait.any_waiting(fi)


FUNCTION_WAIT_ENTRIES = 2000   # (twice the default --jit-function-threshold)


def residual_vm_calls(trace: ir.Trace) -> int:
    """Calls of VM functions the trace's main path makes through the host (the
    recorder guards such a callee's identity: ``guard_value`` against the
    function, or ``const_ref`` of it)."""
    from pyjit.function import Function
    known = set()
    n = 0
    for op in trace.ops:
        if op.name == "guard_value" and isinstance(op.args[1], ir.Const) and \
                type(op.args[1].value) is Function:
            known.add(id(op.args[0]))
        elif op.name == "const_ref" and type(op.args[0].value) is Function:
            known.add(id(op))
        elif op.name in ("call", "call_kw"):
            fn = op.args[0]
            if id(fn) in known or (isinstance(fn, ir.Const) and type(fn.value) is Function):
                n += 1
    return n


def loses_to_the_interpreter(trace: ir.Trace, path_len: int) -> str | None:
    """Why compiling this trace would make the loop slower (None: it would not)."""
    calls = residual_vm_calls(trace)
    if calls * RESIDUAL_CALL_NS > path_len * INSTR_NS:
        return (f"its trace calls {calls} VM function(s) through the host per iteration "
                f"(~{RESIDUAL_CALL_NS / 1000:g} us more each than the interpreter's call), "
                f"more than natively running its {path_len} instructions saves")
    return None


def restart_count(c: Compiled) -> None:
    """A bridge was attached: what the code did before (leaving by that guard,
    its bridge being compiled) says nothing of what it costs now -- nor, for
    a function trace, its entries from the interpreter (functions._entered)."""
    if c.iterations0 is not None:
        c.entries = 0
        c.iterations0 = c.loop.countdown_value()
    w = c.info.from_interp
    w[0] = w[1] = 0


# ---------------------------------------------------------------------------
# compile jobs


waiting: dict = {}           # id(job) -> (job, what to do on the main thread when it is done)


def watch(obj, landed) -> None:
    """Call ``landed()`` at a safe point once ``obj``'s job (a Loop's or a
    Bridge's) is done -- now, if it is."""
    Totals.requested += 1
    if obj.done:
        Totals.landed += 1
        landed()
    else:
        waiting[id(obj.job)] = (obj.job, landed)


def cancel(c) -> bool:
    """The code of Compiled ``c`` (or None), in the making, is no longer wanted -- its
    trace was dropped, or the loop is compiled again before it landed: off
    the compile thread's queue if the thread has not started it, and not
    waited for (its ``landed`` never runs).  A loop recompiled again and
    again while the thread is busy (a bridge that makes the loop carry a new
    variable, a generalization) left each superseded compile queued: the
    thread built code nobody would run, the bench's warm-up saw it pending
    (``activity``), and the compile that was wanted waited behind them."""
    jobs = sys.modules.get("pyjit.jit.llvm.jobs")
    job = getattr(getattr(c, "loop", None), "job", None)
    if jobs is None or job is None or not jobs.cancel(job):
        return False
    waiting.pop(id(job), None)
    Totals.cancelled += 1
    return True


def recompiled_as(info) -> tuple:
    """(pipeline, priority): how a loop's trace is compiled again when a bridge goes
    inside it (the bridge made the loop carry a new variable, or its guard has
    no slot): ``opt`` once the loop tiered up -- its code is optimized, or its
    optimized code is being made -- else ``fast``.  (Until 2026-12-07 it was
    always ``fast``: the loop's optimized code, or the optimized compile in
    flight, gave way to fast code that counted TIER_UP_AFTER iterations again
    and was optimized a second time -- bm_bigint's second loop, one bridge.)"""
    for c in (info.pending, info.compiled):
        if c is not None and getattr(c.loop, "pipeline", "fast") != "fast":
            # (behind loops and bridges, as a tier-up; fast if the code is past
            # the size a tier-up is refused at: see too_big_to_optimize)
            return ("fast", 0) if too_big_to_optimize(c) else ("opt", 1)
    return "fast", 0


def poll() -> None:
    """Run what waits for the jobs finished since the last call, then the
    program's finalizers the compile thread deferred (pyjit.deferred): a
    program thread's safe point (the driver calls this when ``waiting`` or
    ``deferred.queue`` is not empty)."""
    jobs = sys.modules.get("pyjit.jit.llvm.jobs")
    if jobs is not None:
        for job in jobs.collect():
            entry = waiting.pop(id(job), None)
            if entry is not None:
                Totals.landed += 1
                entry[1]()
    if deferred.queue:
        deferred.drain()


def activity() -> tuple:
    """What the JIT has done so far: ``(recordings, compiles asked for,
    compiles landed, snapshots that found fast code gone 1/PROGRESS_STEPS
    nearer its tier-up since the one before, compiles pending)``.  Between
    two equal snapshots with nothing pending the JIT was quiet -- it recorded
    nothing, the code that ran is the code that was there, and no fast code
    ran that will be optimized once it has run enough: how ``pyjit bench``'s
    worker tells warm-up from steady state (``pyjit.bench.worker``)."""
    return (Totals.recordings, Totals.requested, Totals.landed, _tier_up_progress(),
            len(waiting))


PROGRESS_STEPS = 50   # (see _tier_up_progress)
_progress_seen = weakref.WeakKeyDictionary()   # fast Compiled -> its progress at the last snapshot


def _tier_up_progress() -> int:
    """How many snapshots (:func:`activity`) found some fast code still
    installed gone at least 1/PROGRESS_STEPS of its way to its tier-up --
    iterations (loops), runs (function traces) -- since the snapshot before:
    code that will be optimized within PROGRESS_STEPS more calls at that pace
    reads busy; a trickle (bm_generators' `evens_and_threes` loop makes one
    iteration of its own per call, resumed in its consumer's trace the rest
    of the time) reads quiet, not as a JIT forever at work.  (Until
    2026-12-07 the progress itself was the figure, rounded down to 1/64ths:
    a loop making 0.95/64 of its way per call -- bm_chaos' `sum(1 for ...)`
    generator, ~67 calls from its tier-up, past the bench's 50-call cap --
    crossed a 1/64th in nearly every call and read busy in all of them.)"""
    moved = False
    for c in list(_compilations):
        info = c.info
        if c is not info.compiled:
            continue
        if c.iterations0 is not None:
            done, way = c.iterations0 - c.loop.countdown_value(), max(c.iterations0, 1)
        elif info.function and getattr(c.loop, "pipeline", None) == "fast" and \
                c.runs0 is not None:
            done, way = min(function_runs(c), FUNCTION_TIER_UP_AFTER), FUNCTION_TIER_UP_AFTER
        else:
            continue
        # (code installed since the last snapshot: its progress since then; a
        # count restarted (restart_count) goes back: no progress)
        moved |= (done - _progress_seen.get(c, 0)) * PROGRESS_STEPS >= way
        _progress_seen[c] = done
    Totals.progressed += moved
    return Totals.progressed


def function_runs(c: Compiled) -> int:
    """Runs of function trace code ``c``: its entries from the interpreter and
    its returns to native call sites (the callee's cell counts them; fib's one
    entry from the interpreter makes ~600,000 native calls)."""
    return c.entries + nativecall.native_returns(c.info) - c.runs0


def function_tier_up_due(c: Compiled) -> bool:
    """Has the function's current code ``c``, fast, run FUNCTION_TIER_UP_AFTER
    times?  True once: its tier-up is then asked for (driver._tier_up)."""
    info = c.info
    if c.runs0 is None or c is not info.compiled or \
            getattr(c.loop, "pipeline", None) != "fast" or \
            function_runs(c) < FUNCTION_TIER_UP_AFTER:
        return False
    c.runs0 = None
    return True


_compilations = weakref.WeakSet()    # every Compiled (for activity)


def forget_waiting() -> None:
    waiting.clear()


def unboxed_input(info, op):
    """The input slot that guard ``op`` unboxes, if it is one the loop does not
    keep an object yet (its failing means the variable holds a big int or a
    float at the loop's entry)."""
    if op.name not in ("unbox_int", "unbox_float"):
        return None
    trace = info.trace
    for v, slot in zip(trace.inputs, trace.slots):
        if v is op.args[0]:
            return None if slot in info.keep_boxed else slot
    return None


def unfit_inputs(info, f, slot) -> frozenset:
    """``slot``, whose unbox at the loop's entry keeps failing, and every other
    input slot the trace unboxes at its entry whose value in frame ``f`` (the
    failing entry's) does not fit a machine int either: generalized together.
    The entry's guards fail in order, so the first unfit variable hid the
    next: bm_chaos' ``col`` and ``row`` are unbound for the first 20 points of
    every call, and the loop was generalized for ``col``, recorded, compiled
    and optimized (0.6 s of LLVM work), then generalized again for ``row``.
    Keeping a variable boxed is a choice of speed, never of meaning: a slot
    wrongly taken here only costs its unboxing where it is used."""
    out = {slot}
    trace = info.trace
    if trace is None:
        return frozenset(out)
    slots = {id(v): s for v, s in zip(trace.inputs, trace.slots)}
    fast = getattr(f, "fast", None) if getattr(f, "code", None) is info.code else None
    for op in trace.ops:
        if op.name != "unbox_int":
            continue
        s = slots.get(id(op.args[0]))
        if s is None or s in info.keep_boxed or s[0] != "l" or fast is None or \
                s[1] >= len(fast):
            continue
        v = fast[s[1]]
        if type(v) is not int or not -(1 << 63) <= v < (1 << 63):
            out.add(s)
    return frozenset(out)
