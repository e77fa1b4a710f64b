"""Nested loops: how the loops of one frame nested in each other share code.

RPython's way (notes/jit.md, "Nested loops"): the inner loop is compiled first
and the outer loop's body becomes a bridge of the inner loop's trace.

* The outer loop's recording stops at the header of an inner loop that has
  code (or is about to: hot, being compiled) instead of unrolling it
  (:func:`stop_at_inner`); the driver then enters the inner loop's code there.
  An inner loop that is not hot (a trip count of 0 or 1 most visits) or gave up
  is unrolled as before; so is one that stopped the outer recording
  ``MAX_HANDOVERS`` times without getting code.
* The inner loop's exits that stay inside an enclosing loop of the same frame
  (its end, a ``break``: ``loops.in_nest``) get bridges like the paths of its
  body: the bridge runs the rest of the outer body, the outer back-edge and
  header, and closes when it reaches the inner loop's header again
  (``Recorder.run``).  It jumps to the inner trace's label when it may
  (``opt.bridge.enter_loop``); a bridge that changed a value the inner trace
  holds loop-invariant (an outer loop variable the inner body reads) cannot,
  and ends with ``leave`` at the header instead: the driver re-enters the loop
  through its entry (its preamble checks the new values) at once, without
  returning to the interpreter (:func:`leave_at_header`, ``driver.enter``).
  Three loops deep, the middle loop's end is such an exit inside a bridge: its
  bridge runs the outermost body.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from . import ir
from . import recorder as R
from .config import Config, log
from .loops import LoopInfo, rearm
from .opt.base import copy_snapshot

# recordings of an outer loop stopped at an inner loop that got no code since:
# past this the inner loop is unrolled into the outer trace (it may never get
# hot again -- its trip count is 0 from now on -- and the outer loop would never
# be compiled)
MAX_HANDOVERS = 4

# recordings of an outer loop stopped at an inner loop (with code or not) before
# the next ones wait twice as long each (handed_over)
STOPS_AT_ONCE = 8


def stop_at_inner(info, q, pc):
    """The LoopInfo of the inner loop whose header is ``pc`` (in the frame of
    ``info``'s loop, whose quickened code is ``q``) if the outer recording stops
    there, else None."""
    for jb in info.inner.get(pc, ()):
        inner = q.caches[jb]
        if inner.__class__ is LoopInfo and inner.header == pc and not inner.dead:
            if inner.compiled is not None or inner.pending is not None or \
                    info.handovers < MAX_HANDOVERS:
                return inner
    return None


def short_visits(info) -> bool:
    """Does the loop's code run at most SHORT_TRIPS iterations per entry (the
    fast code's count of iterations against its entries; the nest's exits
    still return to the interpreter, which enters again at the header)?
    Then a nest bridge that changes what the trace holds invariant makes the
    loop generalized rather than ending in ``leave``: entering again through
    the preamble at every visit costs more than the few iterations it saves on
    (bm_chaos's ``for p, a, ... in maps``, left by a ``break`` at the 1st-4th
    item: its steady calls took 3.4x the time of the trace that carries the
    outer body)."""
    c = info.compiled
    if c is None or c.iterations0 is None or c.entries < 2 * SHORT_TRIPS:
        return False
    return c.iterations0 - c.loop.countdown_value() <= SHORT_TRIPS * c.entries


def leave_at_header(ops):
    """The bridge ``ops`` (closed at its loop's header from outside the loop)
    leaving there instead of jumping to the label: a ``leave`` before the jump,
    with the header's snapshot (the jump stays, never reached: the bridge's
    shape -- its last op jumps to the label -- is what the driver and the
    backends know)."""
    check = next(op for op in reversed(ops) if op.name == "check_interrupt")
    leave = ir.Op("leave", [], copy_snapshot(check.snapshot), line=check.line)
    leave.instr = ops[-1].instr
    return ops[:-1] + [leave, ops[-1]]


# the ops whose failure means "an inner loop ran more or fewer times than recorded"
_LOOP_EXIT_OPS = frozenset(("rangeiter_next", "listiter_next", "tupleiter_next",
                            "guard_isnull", "guard_nonnull"))


def generator_ran_out(op):
    """Is ``op`` the end of a loop in the body of a generator the trace resumed?
    Then the generator usually returns, ending the consumer's loop: the trace's
    normal end (once per entry: ``sum()`` of a generator expression), not a
    path it missed -- failing at every entry, it is no reason to drop the trace."""
    frames = op.snapshot.frames if op.snapshot is not None else ()
    return op.name in _LOOP_EXIT_OPS and len(frames) >= 2 and frames[-1].kind in ("gen", "agen")


# an inlined loop whose exits sit at no more than this many places in the trace
# and its bridges (its recorded iterations, one more per bridge) gets a bridge
# for another trip count, like any path; past it the function is called
SHORT_TRIPS = 4


def inlined_loop_varies(op, info=None):
    """A loop of an inlined function (a comprehension, a helper with a loop)
    ended on another iteration than the one recorded (guard ``op`` failed):
    rather than a bridge per trip count, the function is called, not inlined,
    from now on (``record.core.NO_INLINE``) and the driver records the loop
    again.  The function if so, else None.

    Not while the inlined loop is short (``info``: the loop's state): a loop
    over a few items (deltablue's ``for c in v.constraints``, 1-3 of them)
    gets a bridge per trip count instead -- called, its frame and its own
    loop's entry (from the interpreter) cost more than the iterations; a
    recording or budget that refused that bridge makes it called after all."""
    frames = op.snapshot.frames
    fn = frames[-1].func
    if op.name not in _LOOP_EXIT_OPS or len(frames) < 2 or fn is None or \
            any(fr.kind in ("gen", "agen") for fr in frames) or \
            not R.has_backedge(fn) or fn.code in R.NO_INLINE:
        return None
    if info is not None and info.trace is not None and not info.bridge_aborts.get(id(op)) \
            and loop_exits(info.trace, op) <= SHORT_TRIPS:
        return None
    R.NO_INLINE.add(fn.code)
    return fn


def loop_exits(trace, op):
    """The places in ``trace`` and its bridges where the inlined loop of guard
    ``op`` may end: guards of a loop's end in the same frames at the same
    instructions (an unrolled iteration each, and each bridge's own)."""
    where = [(fr.func, fr.pc) for fr in op.snapshot.frames]
    return sum(1 for g in trace.guards() if g.name in _LOOP_EXIT_OPS and
               [(fr.func, fr.pc) for fr in g.snapshot.frames] == where)


def handed_over(info, q, rec, ts, enter):
    """The recording stopped at an inner loop's header: not an abort; the outer
    loop is recorded again later; the inner loop runs on (``enter``: the
    driver's, into the inner loop's code if it has some)."""
    inner = rec.inner
    if inner.compiled is None:
        info.handovers += 1
    log(f"# {info.name}: recording stopped at inner loop {inner.name}\n")
    # (where the inner loop's exit has a bridge, the outer back-edge is not
    # reached from the interpreter again; where that bridge was refused -- too
    # long, aborted -- every ``threshold`` outer iterations would record the
    # same prefix again, for nothing: the threshold doubles past STOPS_AT_ONCE)
    info.stops += 1
    info.stopped_at = inner.header
    rearm(info, q, Config.threshold << min(max(info.stops - STOPS_AT_ONCE, 0), 12))
    if inner.compiled is not None:
        return enter(inner, rec.frame, ts)
    return rec.frame
