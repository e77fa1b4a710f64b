"""Specialization statistics (``pyjit run --stats`` / ``--stats-json FILE``).

Per family (base instruction): specialization attempts, successes, failures by
reason (named as CPython's pystats kinds), and per specialized form: hits,
misses, deopts.  Attempts and failures are counted on the specializer's slow
path; hits and misses only when statistics are on (the eval loop checks one
local flag in specialized instructions, nothing in generic ones).  Memory:
the quickened arrays and caches pyjit keeps per code object.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import json
import sys
from collections import Counter, defaultdict

from .. import opcodes as O


class Stats:
    def __init__(self):
        self.attempts = Counter()             # family -> n
        self.successes = Counter()            # family -> n
        self.failures = defaultdict(Counter)  # family -> reason -> n
        self.hits = [0] * 256                 # specialized opcode -> n
        self.misses = [0] * 256
        self.deopts = [0] * 256
        self.quickened = []                   # Quickened objects (for memory figures)

    # -- recording (slow paths) ------------------------------------------------
    def success(self, family: str):
        self.attempts[family] += 1
        self.successes[family] += 1

    def failure(self, family: str, reason: str):
        self.attempts[family] += 1
        self.failures[family][reason] += 1

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
        return {"families": families, "memory": self.memory()}

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
