"""Specialization statistics (``pyjit run --stats`` / ``--stats-json FILE``).

Per family (base instruction): specialization attempts, successes, failures by
reason (named as CPython's pystats kinds), and per specialized form: hits,
misses, deopts.  Attempts and failures are counted on the specializer's slow
path; hits and misses only when statistics are on (the eval loop checks one
local flag in specialized instructions, nothing in generic ones).  Memory:
the quickened arrays and caches pyjit keeps per code object.

Executions per instruction (for the JIT's native share, ``pyjit.jit.nativeshare``):
with statistics on no blocks are formed, so every unit's slot of ``Quickened.blocks``
is free; :meth:`Stats.count_units` makes each one a countdown from
:data:`COUNT_BASE`, which the loop's leader test already decrements on every
dispatch (and never reaches zero).  Nothing is added to the loop: with
statistics off the slots are what blocks make of them.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import json
import sys
from collections import Counter, defaultdict

from .. import opcodes as O


_SUPERINSTRUCTIONS = frozenset((O.LOAD_FAST__LOAD_FAST, O.LOAD_FAST__LOAD_CONST,
                                O.LOAD_CONST__LOAD_FAST, O.STORE_FAST__LOAD_FAST,
                                O.STORE_FAST__STORE_FAST))
_COND_JUMPS = frozenset(info.code for info in O.OPS.values()
                        if info.name.startswith("POP_JUMP_"))

# Far above any count a run reaches: a unit's countdown never gets to zero
# (where the loop would form a block).
COUNT_BASE = 1 << 62


class Stats:
    def __init__(self):
        self.attempts = Counter()             # family -> n
        self.successes = Counter()            # family -> n
        self.failures = defaultdict(Counter)  # family -> reason -> n
        self.hits = [0] * 256                 # specialized opcode -> n
        self.misses = [0] * 256
        self.deopts = [0] * 256
        self.quickened = []                   # Quickened objects (for memory figures)
        self.counted = []                     # Decoded objects whose units count executions

    # -- recording (slow paths) ------------------------------------------------
    def success(self, family: str):
        self.attempts[family] += 1
        self.successes[family] += 1

    def failure(self, family: str, reason: str):
        self.attempts[family] += 1
        self.failures[family][reason] += 1

    def count_units(self, dec, q):
        """At quickening: every unit of ``q`` counts its dispatches (see the module doc)."""
        q.blocks[:] = [COUNT_BASE] * len(q.blocks)
        self.counted.append(dec)

    def uncount(self, q, pc):
        """The loop dispatched unit ``pc`` but did not run it (tier jit's trace did)."""
        b = q.blocks[pc]
        if b.__class__ is int:
            q.blocks[pc] = b + 1

    def executions(self):
        """``[(code, counts)]``: per quickened code object, how many times the loop
        executed the instruction at each unit.

        A dispatch may run more than its own unit: a superinstruction runs the
        next unit too, a PRECALL form makes the host call and skips its CALL, a
        COMPARE_OP form takes the conditional jump after it.  Those units count
        what they ran: a superinstruction's second unit adds the first's count; a
        CALL runs exactly as often as the PRECALL before it, the jump after a
        COMPARE_OP as often as the compare (whatever form each had at the time)."""
        out = []
        for dec in self.counted:
            q = dec.extra
            if q is None:
                continue
            dispatched = [COUNT_BASE - b if b.__class__ is int else 0 for b in q.blocks]
            counts = list(dispatched)
            ops, nexts, n = dec.ops, dec.nexts, len(counts)
            for pc in range(n):
                if not counts[pc]:
                    continue
                if q.ops[pc] in _SUPERINSTRUCTIONS and pc + 1 < n:
                    # (the dispatches only: superinstructions overlap, and the second
                    # unit's own dispatches run a third one, not these)
                    counts[pc + 1] += dispatched[pc]
                c = counts[pc]
                op = ops[pc]
                if op == O.PRECALL or (op == O.COMPARE_OP and nexts[pc] < n
                                       and ops[nexts[pc]] in _COND_JUMPS):
                    counts[nexts[pc]] = c
            if n and ops[0] == O.RESUME:
                # (tier jit's RESUME_JIT counting a function's calls: new frames
                # start at it, in the other tiers past it -- not the program's work)
                counts[0] = 0
            out.append((dec.code, counts))
        return out

    # -- reporting ---------------------------------------------------------------
    def memory(self) -> dict:
        arrays = caches = 0
        for q in self.quickened:
            arrays += sys.getsizeof(q.ops) + sys.getsizeof(q.counters)
            caches += sys.getsizeof(q.caches) + sum(
                sys.getsizeof(c) for c in q.caches if c is not None)
        return {"code_objects": len(self.quickened), "quickened_arrays_bytes": arrays,
                "caches_bytes": caches}

    def as_dict(self) -> dict:
        families = {}
        names = set(self.attempts) | {O.OPS[f.base].name for f in O.SPECIALIZED
                                      if self.hits[f.code] or self.misses[f.code]}
        for fam in sorted(names):
            forms = {}
            for form in O.SPECIALIZED:
                if form.base != fam or form.name.endswith("_ADAPTIVE"):
                    continue
                h, m, d = self.hits[form.code], self.misses[form.code], self.deopts[form.code]
                if h or m or d:
                    forms[form.name] = {"hits": h, "misses": m, "deopts": d}
            families[fam] = {
                "attempts": self.attempts[fam],
                "successes": self.successes[fam],
                "failures": dict(self.failures[fam].most_common()),
                "forms": forms,
            }
        # (in tier jit, the instructions the loop ran: the rest ran in native code)
        executed = sum(sum(counts) for _code, counts in self.executions())
        return {"families": families, "memory": self.memory(),
                "interpreted_instructions": executed}

    def report(self) -> str:
        d = self.as_dict()
        lines = ["pyjit specialization statistics", ""]
        for fam, s in d["families"].items():
            hits = sum(f["hits"] for f in s["forms"].values())
            misses = sum(f["misses"] for f in s["forms"].values())
            total = hits + misses
            rate = f"{100.0 * hits / total:.1f}%" if total else "-"
            lines.append(f"{fam}: attempts {s['attempts']}, successes {s['successes']}, "
                         f"hits {hits}, misses {misses} (hit rate {rate})")
            for reason, n in s["failures"].items():
                lines.append(f"    failure: {reason}: {n}")
            for name, f in s["forms"].items():
                lines.append(f"    {name}: hits {f['hits']}, misses {f['misses']}, "
                             f"deopts {f['deopts']}")
        m = d["memory"]
        lines.append("")
        lines.append(f"memory: {m['code_objects']} code objects quickened, arrays "
                     f"{m['quickened_arrays_bytes']} bytes, caches {m['caches_bytes']} bytes")
        return "\n".join(lines) + "\n"

    def write_json(self, path: str):
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(self.as_dict(), fh, indent=2, sort_keys=True)
            fh.write("\n")
