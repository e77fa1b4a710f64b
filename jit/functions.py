"""Function traces (issue #14): a function hot by calls runs its trace from entry to return.

The quickener makes the ``RESUME`` of a plain function without a loop a
``RESUME_JIT`` counting calls (``--jit-function-threshold``); at zero the eval
loop calls :func:`function_entry`, which records the function from its entry
to its return (``finish``) or enters its trace -- the driver's ``record`` and
``enter``, as for a loop (its ``LoopInfo`` has ``function`` set).  Traces that
call a function with a trace call its code natively (:mod:`.nativecall`); an
exit of that code other than its return comes back here (:func:`callee_left`)
to be counted, to get a bridge, or to drop the trace, as :func:`.driver.enter`
does for exits of code it entered.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import opcodes as O
from pyjit.deferred import queue as _deferred   # (see driver)
from pyjit import tiers
from pyjit.frame import suspend
from pyjit.frames import register_loop

from . import bridgewait
from . import driver as D
from . import lifecycle
from . import later
from . import nativecall
from . import resume
from . import stats
from . import warmup
from .protocols import raised_at
from .loops import DOOMED as _doomed, LoopInfo, rearm

# (imported when the first loop or function gets hot: jit/later.py)
nest = later.Later("pyjit.jit.nest", globals(), "nest")
attributes = later.Later("pyjit.jit.record.attributes", globals(), "attributes")

RESUME_JIT = O.RESUME_JIT
YIELD_VALUE = O.YIELD_VALUE


def function_entry(f, pc, ts):
    """RESUME_JIT at ``pc`` of a function's new frame ``f``, its call counter run
    out: record the function from entry to return, or run its trace.  Returns as
    :func:`.driver.backedge` does; a frame at a RETURN_VALUE with the value on its stack
    when the trace ran to the function's return."""
    if ts.hooks:
        return None  # (as backedge)
    if _doomed:
        D._reap()
    if _waiting or _deferred:
        warmup.poll()
    q = f.dec.extra
    info = q.caches[pc]
    if info is None:
        info = q.caches[pc] = LoopInfo(f.code, pc, pc + 1, q, function=True)
        # (a coroutine's RESUME after an await's yield: a resumption trace, from
        # its frame's locals and stack there to its loop's header)
        info.resumes = pc != 0 and f.dec.args[pc] == 3
        D.Config.observer.loop_hot(info)
    if nativecall.stale:
        nativecall.sweep()
    if COUNTERS[NATIVE_DEPTH] >= MAX_NATIVE_DEPTH:
        # native callees fill the C stack: from here deeper calls are the
        # interpreter's (its frames do not grow the C stack; native code
        # entered here would, a host call per level)
        return None
    if info.compiled is not None:
        if info.closed:
            q.counters[pc] = CLOSED_COUNT   # (native call sites still call its code)
            return None
        if info.resumes:
            # (no native call site calls a resumption: each entry replaces the
            # interpreted resumption of an await chain, which the driver's rule
            # for short entries judges -- warmup.suspends' loops are never sent
            # back -- so not _entered's rule.  Its end at its loop's header
            # enters the loop's code in the same driver.enter:
            # driver._resumed_at_header)
            return D.enter(info, f, ts)
        return _entered(info, f, ts)
    if info.pending is not None or info.waits_for is not None and bridgewait.recording_blocked(info):
        # its code is being made, or its loop's that its recording needs (bridgewait):
        # interpret, look again
        q.counters[pc] = warmup.POLL_EVERY
        return None
    nativecall.note_recursion(f)
    return D.record(info, f, ts, q)


@register_loop   # (frame views: an eval loop that handed ``f`` to the driver, at its lasti)
def resumed(f, ts, throw):
    """Run coroutine frame ``f``, resumed by host code (``send``: the scheduler's
    ``coro.send(v)``, the value pushed), as the tier's eval loop would
    (``frame.enter``'s ``run``, set by :class:`.tier.Jit`) -- without entering one
    for what native code does: at a ``RESUME_JIT`` whose count has run out (an
    await's resumption, its trace compiled) :func:`function_entry` runs the
    resumption trace (and the loop's code from its header, :func:`_entered`), and
    when that leaves ``f`` at its own ``YIELD_VALUE`` (the chain suspended again:
    a bridge's ``finish`` at the yield) the yield is done here, as the loop's
    YIELD_VALUE does for an entry frame.  Anything else -- a throw, hooks, the
    count still running, the trace left elsewhere, an exception -- goes on in the
    eval loop from where it stands, as it would have after the RESUME_JIT."""
    run = (tiers.active or tiers.selected()).run
    q = f.dec.extra
    if throw is not None or ts.hooks or q is None:
        return run(f, ts, throw)
    at = f.pc   # (not named pc: frame views read this host frame as a loop's, at lasti)
    if q.ops[at] != RESUME_JIT or q.counters[at]:
        return run(f, ts, throw)
    info = q.caches[at]
    if info is not None and info.compiled is not None and not info.closed and not (
            _doomed or _waiting or _deferred or nativecall.stale) and \
            COUNTERS[NATIVE_DEPTH] < MAX_NATIVE_DEPTH:
        # (function_entry's common case, without its calls: the resumption
        # trace entered -- _entered's resumption case is driver.enter's)
        r = D.enter(info, f, ts)
    else:
        r = function_entry(f, at, ts)
    info = None
    if r is None:
        f.pc = at + 1    # (the eval loop's RESUME_JIT: on with the body)
        return run(f, ts, None)
    if r is f:
        p = f.pc
        if f.dec.ops[p] == YIELD_VALUE and not ts.hooks:
            suspend(f, p, ts)          # (the loop's YIELD_VALUE of an entry frame)
            return f.stack.pop()
        return run(f, ts, None)
    if r.__class__ is tuple:
        g, p, exc = r                  # raised at (g, p): as run_nested raises there
        r = None
        g.lasti = p
        return run(g, ts, exc)
    return run(r, ts, None)            # (a frame inside: on from it to f's end)


COUNTERS, NATIVE_CALLS, NATIVE_DEPTH = nativecall.COUNTERS, nativecall.NATIVE_CALLS, \
    nativecall.NATIVE_DEPTH
MAX_NATIVE_DEPTH = nativecall.MAX_NATIVE_DEPTH
_waiting = warmup.waiting   # (compile jobs done or not: polled at entries)
CLOSED_COUNT = 1 << 30   # (the RESUME_JIT of a closed one counts down from here)
CALL_LOOP_PATIENCE = 8   # (judgements of a function trace ending in call_loop: see _entered)


def _entered(info, f, ts, counters=nativecall.COUNTERS):
    """Run the function trace from the interpreter (``driver.enter``), counting
    what the entry did natively.  An entry and its exit cost what interpreting
    ``warmup.SEND_BACK_INSTRUCTIONS`` instructions does (the loops' rule); a
    trace whose entries from the interpreter average fewer instructions --
    the trace's path for the entry and for each native call it made -- over
    ``warmup.SEND_BACK_ENTRIES`` entries is no longer entered from there
    (its calls from interpreted code are interpreted); native call sites go
    on calling its code.  fib's entry makes the whole recursion's native calls;
    a small recursive function entered from interpreted code at every level
    (json_tree's transform(), through comprehensions) makes one or two."""
    n0 = counters[NATIVE_CALLS]
    r = D.enter(info, f, ts)
    c = info.compiled
    if c is None or c.pending or info.bridge_waits and bridgewait.any_waiting(info):
        # a bridge being made (or waiting for a loop's code): entries that left
        # where it will go say nothing of what the trace costs -- counted
        # afresh once it is attached (warmup.restart_count), as a loop's are
        return r
    w = info.from_interp
    w[0] += 1
    w[1] += counters[NATIVE_CALLS] - n0
    if w[0] >= warmup.SEND_BACK_ENTRIES:
        n, calls = w
        w[0] = w[1] = 0
        if (n + calls) * info.path_len < warmup.SEND_BACK_INSTRUCTIONS * n:
            if not nativecall.code_reached(info.code) and \
                    any(op.name == "call_loop" for op in c.guard_ops):
                # Kept for its call_loop (nativecall.unpaid), but no trace calls it
                # natively yet.  Its callers' loops may not be recorded yet
                # (deltablue's Plan.execute, entered 500 times from chain_test's
                # loop before that loop's trace calls it natively): wait that many
                # entries more, CALL_LOOP_PATIENCE times.  Then sent back, as a
                # trace making no native call is, and its loop judged by its own
                # entries from the interpreter (kept closed, the loop would be kept
                # for it however short each visit: a digit-sum's loop entered from
                # interpreted code ran 1.5x slower than interpreted).
                info.patience += 1
                if info.patience < CALL_LOOP_PATIENCE:
                    return r
                lifecycle.send_back(info, c, f"its trace makes no native call but its loop's "
                             f"(call_loop) and no trace called it natively in "
                             f"{n * info.patience} entries from the interpreter")
                return r
            info.closed = True
            why = (f"its trace ran {(n + calls) * info.path_len / n:.1f} instructions per "
                   f"entry from the interpreter over {n} entries: entering and leaving it "
                   f"costs more than interpreting them; native call sites still call it")
            D._log(f"# not entered from the interpreter {info.name}: {why}\n")
            if D.Config.stats is not None:
                D.Config.stats.sent_back += 1
    return r


def callee_left(c, g, exc, buf, nf, ts):
    """A native call's callee (a function trace, :mod:`.nativecall`) left its
    code by exit ``g`` other than its return: as :func:`.driver.enter` leaves (counted;
    a bridge recorded from there once it failed often; a guard that keeps
    failing drops the trace), its state restored into the new frame ``nf``."""
    info = c.info
    info.entries += 1
    c.entries += 1
    fails = c.fails
    fails[g] += 1
    if D.Config.stats is not None:
        D.Config.stats.callee_exits += 1
        stats.count_exit(c, info, g, exc, buf)
    if D.Config.tier_up and warmup.function_tier_up_due(c):
        D._tier_up(info, c)     # (its runs are counted where native calls return too)
    if c.linkable[g] and exc is None and D._bridge_due(info, c, g, linked=True):
        # a path inside a nested frame (a generator the trace resumed: depth's
        # ``max(depth(v) for v in node)`` over a list of another length): its
        # frames linked to their callers for the bridge's recording, as
        # driver.enter does
        inner = resume.restore(nf, c.snaps[g], buf[1:], ts, link=True)
        buf = None
        return D.record_bridge(info, c.guard_ops[g], c.snaps[g], nf, inner, ts)
    inner = c.restores[g](nf, buf, ts, exc)
    buf = None
    if inner.__class__ is tuple:
        return inner
    if exc is not None:
        return inner if c.nested[g] else raised_at(inner, c.raise_pcs[g], exc)
    if c.guard_ops[g].name == "guard_dict_version" and c is info.compiled and \
            attributes.dict_changed(c.guard_ops[g], fails[g]):   # (as driver.enter: a global rebound)
        return lifecycle.generalize(info, None, "the version of a dict it reads names from changed",
                             inner)
    if D._ripe(info, c, g):
        fn = nest.inlined_loop_varies(c.guard_ops[g])
        if fn is not None:
            # (as driver.enter: a comprehension's trip count is not the function's
            # path -- it is called from now on, and the function recorded again)
            D._log(f"# dropped {info.name}: the loop of inlined {fn.__name__}() ran "
                   f"another number of times than recorded; it is called from now on\n")
            lifecycle.forget(info, info.q)
            rearm(info, info.q, D.Config.threshold)
            return inner
    if D._bridge_due(info, c, g):
        return D.record_bridge(info, c.guard_ops[g], c.snaps[g], nf, inner, ts)
    n = fails[g]
    if c.inloop[g] and c is info.compiled and n >= D.RETRACE_AFTER and \
            2 * n >= info.entries + nativecall.native_returns(info) and not c.pending and \
            not bridgewait.waiting(info, c.guard_ops[g]):
        lifecycle.drop(info, None)
    return inner


nativecall.on_exit = callee_left
