"""What becomes of a loop's or function's trace when it stops paying: dropped
and recorded again (:func:`drop`), recorded again with variables generalized
(:func:`generalize`), sent back to tier specialize for good (:func:`send_back`,
:func:`blacklist`), or forgotten (:func:`forget`: no trace, no code, no entries).
The driver (:mod:`.driver`), function traces (:mod:`.functions`) and the exits of
loops called natively (:mod:`.loopexit`) decide when; this module is how."""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins (see jit/driver.py)
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import opcodes as O
from pyjit.decode import decode
from pyjit.null import NULL
from pyjit.specialize import blocks

from . import loopcall, nativecall, warmup
from .config import Config, log as _log
from .loops import JIT_EDGES, head_enters, rearm

MAX_RETRACES = 1    # a dropped trace is recorded again this often, then blacklisted


def blacklist(info, q, reason):
    # back to the tier-2 instruction: a plain (or conditional) backward jump, at
    # every back-edge of the loop
    for pc in info.jb_pcs:
        op = q.ops[pc]
        if q.caches[pc] is info and (op in JIT_EDGES or op == O.RESUME_JIT):
            q.ops[pc] = O.JUMP_BACKWARD_QUICK if op == O.JUMP_BACKWARD_JIT else \
                O.RESUME_QUICK if op == O.RESUME_JIT else O.DEOPT[op]
    if info.function and info.jb_pc == 0:
        decode(info.code).entry_pc = 1   # (new frames start past the RESUME again)
    info.dead = True
    if Config.stats is not None:
        Config.stats.blacklisted += 1
    Config.observer.blacklisted(info, reason)
    blocks.reset(q)  # (formed again, they run the loop's back-edge themselves)
    _log(f"# blacklisted {info.name}\n")


def generalize(info, slot, reason, f, vary=frozenset()):
    """A bridge could not close into the loop: ``slot`` holds a value the loop
    carries as a machine int or float and that is none (a big int, a float).
    Rather than a bridge for each such iteration, the loop is recorded again
    with the variable kept an object (its uses unbox it where it fits) -- or,
    ``vary``: with the slots the bridge assigns and the loop held invariant
    made variables (``Trace.variant``)."""
    q = info.q
    info.keep_boxed = info.keep_boxed | (slot if isinstance(slot, frozenset) else {slot} - {None})
    info.variant = info.variant | vary
    info.generalized += 1
    _log(f"# generalized {info.name}: {reason}\n")
    if Config.stats is not None:
        Config.stats.generalized += 1
    Config.observer.generalized(info, reason)
    forget(info, q)
    rearm(info, q, Config.threshold)
    return f


# header entries (FOR_ITER_JIT, GET_ANEXT_JIT) left at once because a variable
# the trace unboxes is still unbound, at least a quarter of the loop's entries
# meanwhile, before the loop is recorded again with it kept an object (see
# unbound_at_header)
UNBOUND_ENTRIES = 8
# ... and visits of at most this many iterations on average in the meantime: on
# a longer one the first iteration interpreted is a small part of the visit,
# and the variable kept an object costs every iteration (a box per iteration
# for a ``for i in range(n)`` counter)
SHORT_VISIT = 64
_UNBOXES = ("unbox_int", "unbox_float")


def unbound_at_header(info, f):
    """The loop's code, entered at its header from before the loop
    (FOR_ITER_JIT, an ``async for``'s GET_ANEXT_JIT), left at once by an entry
    guard (the driver's ``header``: nothing ran).  A variable
    the body assigns is an input of the trace, which ``unbox`` makes a machine
    value checked at the entry; on a visit's first iteration it is unbound, and
    that entry fails every visit -- the first iteration interpreted (an ``async
    for``'s: every stage's first step, bm_async_gen's ``first_over``).  When
    such entries are ``UNBOUND_ENTRIES`` and a quarter of the loop's entries
    or more, on visits of ``SHORT_VISIT`` iterations or fewer on average (a
    long visit's first iteration is a small part of it, and recording and
    compiling the loop again costs more than it saves: bm_short_loops' ``for i
    in range(n)``, two entries per call of 60,000 iterations, was generalized,
    and its new trace dropped), the loop is recorded again with those variables kept objects
    (:func:`generalize`; their uses unbox them), so the first iteration enters
    the trace.  (branch coro8; for ``for`` headers too since branch nqbug: the
    wrong result it gave there was a bridge recording's frame left at its
    guard's pc when the recursion it ran re-recorded the loop --
    driver.record_bridge)"""
    trace = info.trace
    if trace is None:
        return
    w = info.unbound_entries
    if warmup.function_traced(info):
        # The loop's function has a function trace, or gets one: it calls the
        # loop's code natively with its frame at the header, every variable
        # the body assigns bound.  Entries from before the loop are the
        # interpreter's calls while that code or its bridges are on their way
        # -- not the loop's steady state: not counted.  (bm_nqueens' `solve` loop was generalized for
        # `col` on such entries, its function trace then dropped for the
        # loop's new code and its bridge aborted: 20-60 ms a call against 2-6
        # -- notes/performance.md, branch inflight.)
        w[0] = 0
        return
    fast = f.fast
    unbound = [(v, s) for v, s in zip(trace.inputs, trace.slots)
               if s[0] == "l" and s[1] < len(fast) and fast[s[1]] is NULL]
    if not unbound:
        return    # (another entry guard: the common case, and cheap)
    unboxed = {id(op.args[0]) for op in trace.ops if op.name in _UNBOXES}
    slots = frozenset(s for v, s in unbound if id(v) in unboxed and s not in info.keep_boxed)
    if not slots:
        return
    c = info.compiled
    if not w[0] or w[1] >= info.entries:
        # (a window opens at this entry -- or again: new code landed meanwhile
        # and counts its entries from 0, driver._land -- and its iterations)
        w[0], w[1], w[2] = 0, info.entries - 1, _iterations(c)   # (this entry's)
    w[0] += 1
    if w[0] < UNBOUND_ENTRIES:
        return
    n, entries = w[0], info.entries - w[1]
    w[0] = 0
    done = _iterations(c)
    if done is None or w[2] is None or done - w[2] > SHORT_VISIT * n:
        return   # (long visits, or not counted: optimized code no longer counts them)
    if 4 * n >= entries:
        generalize(info, slots, f"unbound at the header on {n} of {entries} entries (from "
                                f"before the loop): {', '.join(str(s[1]) for s in sorted(slots))}", f)


def _iterations(c):
    """Iterations the loop's fast code ``c`` has run so far, or None when it
    does not count them (optimized code: warmup's countdown is over)."""
    if c is None or c.iterations0 is None:
        return None
    return c.iterations0 - c.loop.countdown_value()


def send_back(info, c, reason=None):
    """The loop's trace costs more than it saves (see warmup): back to tier specialize for good."""
    if reason is None:
        n = c.entries
        done = c.iterations0 - c.loop.countdown_value()
        reason = (f"its trace ran {done * info.path_len / n:.1f} instructions per entry over "
                  f"{n} entries: entering and leaving it costs more than interpreting them")
    if Config.stats is not None:
        Config.stats.sent_back += 1
    _log(f"# sent back {info.name}: {reason}\n")
    Config.observer.sent_back(info, reason)
    forget(info, info.q)
    blacklist(info, info.q, reason)


def drop(info, f):
    """Forget the trace; record the loop again (once), else keep interpreting it."""
    q, stats = info.q, Config.stats
    _log(f"# dropped {info.name}: a guard keeps failing\n")
    Config.observer.dropped(info)
    forget(info, q)
    if info.retraces < MAX_RETRACES:
        info.retraces += 1
        if stats is not None:
            stats.retraces += 1
        rearm(info, q, Config.threshold)
    else:
        blacklist(info, q, "a guard keeps failing")


def forget(info, q):
    """The loop has no trace any more (entries made finish in their code; code being made dies)."""
    info.compiled = None
    warmup.cancel(info.pending)   # (its _land would drop it)
    info.pending = None
    info.trace = None
    info.watch = ()
    # bridges counted at a place are the trace's: a new trace's guards there
    # have none (bm_short_loops' inlined ``while k``, one guard per trip
    # count: a retraced loop found its old trace's four and could bridge none;
    # dropped, blacklisted -- 20x slower).  The loop's bridge budget
    # (warmup.over_budget) stays cumulative.
    info.site_bridges = {}
    if info.function:
        nativecall.installed(info, None)
    else:
        loopcall.installed(info, None)
    head_enters(info, q, False)
