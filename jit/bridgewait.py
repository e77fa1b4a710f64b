"""Bridges that wait for a loop's code (a function trace's bridge reaching a loop being compiled).

A function trace's bridge that comes back to a loop header of its own frame
ends in ``call_loop`` of the loop's code (:mod:`.record.loopstop`).  With the
compile thread on (the default), that loop's code is often still being made
when the bridge is recorded: the recording aborts ("the function's loop ...
has no code yet").  Counted as an ordinary bridge abort, the guard got no
bridge after ``driver.MAX_BRIDGE_ABORTS`` such aborts -- usually within a few
failures of the guard, long before the compile ended -- and every later
failure left to the interpreter for good: json_tree's ``summarize`` and
``dumps`` (their type dispatch's guards, 53,000 failures each over 10 calls)
ran ~10x slower with the compile thread than with ``--jit-sync``, where the
loop's code exists before the bridge is recorded.

Such an abort (its reason a :class:`Waiting`) is not counted: the guard
*waits* until that loop has code (or never will: blacklisted), then its
bridge is recorded again -- at most ``MAX_WAITS`` times per guard (a loop
whose code keeps being dropped and remade must not make a guard record
forever).  While it waits the guard's failures leave as before.

The other direction (below, :func:`held_back`): a loop that gets hot under a
caller whose function trace's code or bridge is being compiled waits for it.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

MAX_WAITS = 6   # (the loops' MAX_RETRIES: recordings that may well succeed next time)


class Waiting(str):
    """An abort reason saying which loop's code the recording needs (``loop``,
    its LoopInfo): the recording may succeed once that loop has code."""
    __slots__ = ("loop",)

    def __new__(cls, reason, loop):
        s = super().__new__(cls, reason)
        s.loop = loop
        return s


def aborted(info, op, reason) -> None:
    """The recording of guard ``op``'s bridge (of ``info``) aborted for
    ``reason``: count it, or make the guard wait for the loop the reason names."""
    key = id(op)
    loop = getattr(reason, "loop", None)
    if loop is not None:
        waits = info.bridge_waits.get(key)
        n = 0 if waits is None else waits[1]
        if n < MAX_WAITS:
            info.bridge_waits[key] = (loop, n + 1)
            return
    info.bridge_aborts[key] = info.bridge_aborts.get(key, 0) + 1


def open_(info, op, max_aborts) -> bool:
    """May guard ``op`` of ``info`` get its bridge recorded (or attached) now:
    fewer than ``max_aborts`` aborts, and no loop it waits for without code?"""
    key = id(op)
    if info.bridge_aborts.get(key, 0) >= max_aborts:
        return False
    waits = info.bridge_waits.get(key)
    return waits is None or not _blocked(waits)


def _blocked(waits) -> bool:
    """Is the loop a guard waits for still without code, and may get some --
    or is code for other input slots on its way (:func:`new_slots_coming`)?"""
    loop = waits[0]
    if loop.dead:
        return False
    return loop.compiled is None or loop.pending is not None and new_slots_coming(loop)


def new_slots_coming(loop) -> bool:
    """Is ``loop``'s code being compiled again for other input slots than its
    code has now (a bridge made it carry a new variable, a generalization)?
    A ``call_loop`` recorded now would be compiled for the slots about to go:
    its calls then take the slow path through Python (a stale version,
    jit/loopcall.py) until the callers are dropped and recorded again -- at most
    ``loopcall.MAX_DOOMS`` times, then for good."""
    p, c = loop.pending, loop.compiled
    return p.trace.slots[:p.ninputs] != c.trace.slots[:c.ninputs]


def waiting(info, op) -> bool:
    """Is guard ``op``'s bridge waiting for a loop's code (being made, or the
    loop to be recorded again)?  Its failures then say nothing against the
    trace: the bridge comes once that code is there -- the failures' own path
    runs into that loop's header, which they make hot -- and the trace must
    not be dropped for them meanwhile (bm_sorting's ``merge_sort``: its
    function trace dropped while its loop compiled on the compile thread, then
    every call of it interpreted -- 20x slower than with ``--jit-sync``)."""
    waits = info.bridge_waits.get(id(op))
    return waits is not None and _blocked(waits)


def recording_waits(info, reason) -> bool:
    """A recording of ``info`` (a function trace's own: its frame came back to
    its loop's header) aborted for ``reason``: does it *wait* for the loop the
    reason names (a :class:`Waiting`) -- that loop without code yet but not
    given up on -- rather than count as an abort?  Then :func:`recording_blocked`
    holds the function's next recording back until that loop has code, or never
    will.  At most ``MAX_WAITS`` times per function (as for a guard's bridge).

    Counted, such aborts blacklisted the function while the loop's code was on
    the compile thread: 3 aborts (after ``driver.MAX_RETRIES`` retries) come
    within ~9 recordings -- 9,000 calls of bm_nqueens' ``solve`` -- and a
    loaded thread took longer; the function then ran interpreted for good, its
    loop entered from it at every call, and that loop's short entries sent it
    back (``warmup.function_coming`` no longer held): 92% of the program
    interpreted, 20-150 ms a call against 2-6 (notes/performance.md, branch
    inflight)."""
    loop = getattr(reason, "loop", None)
    if loop is None or loop is info or not _blocked((loop,)) or \
            info.recording_waits >= MAX_WAITS:
        return False
    info.recording_waits += 1
    info.waits_for = loop
    return True


def recording_blocked(info) -> bool:
    """Is ``info``'s recording held back, its loop's code not there yet (see
    :func:`recording_waits`)?  Once the loop has code (or is blacklisted) the
    wait is over: the function is recorded at its next look."""
    loop = info.waits_for
    if loop is None:
        return False
    if _blocked((loop,)):
        return True
    info.waits_for = None
    return False


def any_waiting(info) -> bool:
    """Does a guard of ``info`` wait for a loop's code?"""
    for waits in info.bridge_waits.values():
        if _blocked(waits):
            return True
    return False


# --- The other direction: loops that wait for a caller's bridge -------------
#
# With the compile thread, a function trace's exit whose bridge is being
# compiled leaves to the interpreter, and the interpreter runs that path --
# the one the bridge will run natively -- until the bridge lands.  Loops of
# functions called on that path get hot there first, recorded from where they
# will never run once the bridge is in (json_tree's ``depth``: ``max()``'s
# see-through loop over ``depth(v) for v in node``, recorded short -- 58-224
# ops, or aborted "recursive call of max()" -- then sent back and ``depth``
# closed to the interpreter in some processes; with ``--jit-sync`` the bridges
# come first, unroll that loop, and it is recorded later from the paths no
# bridge covers: native share 0.979 in every process against 0.82-0.93).
# So a loop whose counter runs out while a caller's function trace (up to
# MAX_LOOK frames up, not the loop's own frame: its bridges may need the
# loop's code) has a bridge in flight -- or is itself being compiled: its
# calls are all interpreted meanwhile, where ``--jit-sync`` enters its code at
# once -- is not recorded yet: it looks again
# POLL_EVERY back-edges later (``driver.backedge``), as a loop being compiled
# does.  A loop a guard of that trace waits for (above) is recorded at once.
# Only ever a delay: compiles are bounded by the budgets.

from .config import Config, log
from .loops import LoopInfo

MAX_LOOK = 64
postponed: set = set()   # ids of the loops postponed at least once (for the log)


def caller_bridge_in_flight(info, f) -> bool:
    """Is a caller of frame ``f`` (loop ``info`` hot in it) interpreted code of
    a function trace with a bridge being compiled, or whose own code is being
    compiled -- a path that will be native once it lands -- and no guard of
    that trace waiting for ``info``'s code?"""
    b = f.back
    n = MAX_LOOK
    while b is not None and n:
        dec = b.dec
        q = dec.extra
        if q is not None:
            pc = dec.first_traceable
            if pc < len(q.caches):
                t = q.caches[pc]
                if t.__class__ is LoopInfo and t.function and not t.closed and \
                        (t.pending is not None or
                         (t.compiled is not None and t.compiled.pending)) and \
                        not any(w[0] is info for w in t.bridge_waits.values()):
                    return True
        b = b.back
        n -= 1
    return False


def held_back(info, f) -> bool:
    """Is loop ``info``, hot in frame ``f``, not to be recorded yet
    (:func:`caller_bridge_in_flight`)?  Logged and counted the first time."""
    if not caller_bridge_in_flight(info, f):
        return False
    if id(info) not in postponed:
        postponed.add(id(info))
        log(f"# postponed {info.name}: hot under a caller's bridge being compiled\n")
        if Config.stats is not None:
            Config.stats.postponed += 1
    return True
