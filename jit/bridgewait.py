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
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(vars(__import__("builtins")))

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
    """Is the loop a guard waits for still without code, and may get some?"""
    loop = waits[0]
    return loop.compiled is None and not loop.dead


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


def any_waiting(info) -> bool:
    """Does a guard of ``info`` wait for a loop's code?"""
    for waits in info.bridge_waits.values():
        if _blocked(waits):
            return True
    return False
