"""Fault injection (tests only): make the JIT abort and leave where it normally would not.

Every abort of a recording and every exit from a trace must leave the interpreter
exactly the state an uninterrupted run would have (issue #11: a KW_NAMES lost by an
aborted recording changed a program's result).  The differential corpus exercises
the aborts and exits programs happen to reach; this module makes them happen
*everywhere*, so a class of bug, not one instance, is tested.  It is switched on
by the environment variable ``PYJIT_FAULTS`` -- never by a command-line flag: it
is no user's feature -- as comma-separated settings:

``abort=sweep``
    the j-th recording of each loop aborts at its j-th instruction (j = 0, 1,
    ...), so one run aborts every loop at every instruction it records, as long
    as the loop runs often enough; injected aborts do not count towards
    blacklisting.  ``abort=K``: every recording aborts at instruction K.
``bridge-abort=sweep`` / ``bridge-abort=K``
    the same for the recordings of bridges.
``guards=P`` (with ``seed=S``, default 0)
    each check of a guard that may fail anywhere -- its exit resumes *before*
    its instruction (``Snapshot.restart``), so failing is always correct --
    fails with probability P, whether or not its condition holds: exits,
    bridges recorded from them and bridges entered are exercised at every such
    guard.  (Branch guards, whose exit resumes on the other path, and exhausted-
    iterator guards are never forced: failing them when they hold would be a
    wrong path, not a fault.)  The backends count down a shared counter at each
    eligible check and fail the check that reaches zero; the driver draws the
    next gap (geometric, seeded) after each exit.
``report=PATH``
    at exit, write what was injected (JSON) to PATH: the (code, loop header, k)
    of each injected recording abort, the numbers of injected bridge aborts and
    of exits taken by forced failures.

``make faults`` runs the corpus with each mode and backend and sums the reports
(notes/jit.md, "Fault injection").
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import ctypes
import json
import os
import random


class Faults:
    """What to inject (parsed from ``PYJIT_FAULTS``) and what was injected."""

    def __init__(self, spec: str):
        self.abort = None          # None, "sweep" or an instruction index
        self.bridge_abort = None
        self.guard_p = 0.0
        self.seed = 0
        self.report_path = None
        for item in filter(None, (x.strip() for x in spec.split(","))):
            key, _, value = item.partition("=")
            if key == "abort":
                self.abort = "sweep" if value == "sweep" else int(value)
            elif key == "bridge-abort":
                self.bridge_abort = "sweep" if value == "sweep" else int(value)
            elif key == "guards":
                self.guard_p = float(value)
                if not 0.0 < self.guard_p <= 1.0:
                    raise ValueError("PYJIT_FAULTS guards=P wants 0 < P <= 1")
            elif key == "seed":
                self.seed = int(value)
            elif key == "report":
                self.report_path = value
            else:
                raise ValueError(f"PYJIT_FAULTS: unknown setting {item!r}")
        self.random = random.Random(self.seed)
        # the countdown the backends' eligible guard checks decrement (0: fail)
        self.counter = ctypes.c_int64(self._gap()) if self.guard_p else None
        self.aborts: list = []     # (code name, loop header, k) of injected recording aborts
        self.bridge_aborts = 0
        self.forced = 0            # exits taken while the countdown was spent

    # -- recordings ---------------------------------------------------------------

    def abort_at(self, info, bridge: bool):
        """Where the next recording of loop ``info`` (a bridge's if ``bridge``)
        aborts: an instruction index, or None (not injected)."""
        mode = self.bridge_abort if bridge else self.abort
        if mode is None:
            return None
        if mode != "sweep":
            return mode
        attr = "fault_bridge_j" if bridge else "fault_j"
        j = getattr(info, attr, 0)
        setattr(info, attr, j + 1)
        return j

    def aborted(self, info, k, bridge: bool):
        """A recording aborted by injection at instruction ``k``."""
        if bridge:
            self.bridge_aborts += 1
        else:
            self.aborts.append((info.code.co_name, info.header, k))

    # -- guards -------------------------------------------------------------------

    @property
    def counter_address(self):
        return None if self.counter is None else ctypes.addressof(self.counter)

    def _gap(self) -> int:
        return 1 + int(self.random.expovariate(self.guard_p)) if self.guard_p < 1 else 1

    def after_exit(self):
        """The driver after any exit: a spent countdown (a guard was forced to
        fail) starts again."""
        c = self.counter
        if c is not None and c.value <= 0:
            self.forced += 1
            c.value = self._gap()

    # -- the report ---------------------------------------------------------------

    def write_report(self):
        if self.report_path is None:
            return
        pairs = sorted(set(self.aborts))
        data = {"abort_pairs": len(pairs), "aborts": len(self.aborts),
                "bridge_aborts": self.bridge_aborts, "forced_exits": self.forced,
                "pairs": pairs}
        with open(self.report_path, "w", encoding="utf-8") as fh:
            json.dump(data, fh)


def from_environment():
    """The process's Faults, or None (the normal case)."""
    spec = os.environ.get("PYJIT_FAULTS")
    return Faults(spec) if spec else None
