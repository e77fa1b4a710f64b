"""The JIT's event log: one JSON object per event, and the schema every event obeys.

``pyjit run --jit-events FILE`` writes one line per event (JSON Lines); the
same events feed ``pyjit explain``, the HTML report and the Python API's hooks
(:mod:`.observer` turns the driver's calls into events).  The schema is the
table :data:`KINDS` -- each kind's fields and their JSON types -- and
:func:`validate` checks an event against it; notes/observability.md documents
it (a test keeps the two in step).  A reader checks ``schema_version`` in the
first event, ``start``; a change that removes or retypes a field raises it.

Every event has ``event`` (its kind) and ``t`` (seconds since the JIT was set
up).  Loop events name the loop by ``loop`` (a number, the same in every event
about it), ``code`` (the code object's qualified name), ``file`` and ``line``
(the loop header's source line); ``trace`` numbers a compilation of a loop,
``guard`` a guard op (stable while the loop has traces).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.id = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import json
from typing import NamedTuple
from pyjit.typelookup import type_name

SCHEMA_VERSION = 1

# JSON types: "int", "float" (an int is a float too), "str", "bool", "list",
# "object"; "?" after one: null allowed.


class Kind(NamedTuple):
    doc: str
    fields: dict


_COMMON = {"event": "str", "t": "float"}
_LOOP = {"loop": "int", "code": "str", "file": "str", "line": "int", "function": "bool"}
# where a recording stopped (an abort): the instruction and its source line
_WHERE = {"reason": "str", "reason_kind": "str", "hint": "str",
          "at_code": "str?", "at_file": "str?", "at_line": "int?", "at_instruction": "str?",
          "callee": "str?"}

KINDS: dict[str, Kind] = {
    "start": Kind("the log's first event: what wrote it and how the JIT is set up",
                  {"schema_version": "int", "pyjit_version": "str", "python": "str",
                   "argv": "list", "tier": "str", "backend": "str", "threshold": "int",
                   "trace_limit": "int"}),
    "loop_hot": Kind("a loop's back-edge counter ran out for the first time: it will be recorded",
                     {**_LOOP, "threshold": "int"}),
    "trace_recorded": Kind("one iteration of the loop was recorded into a trace",
                           {**_LOOP, "trace": "int", "ops": "int", "instructions": "int",
                            "record_s": "float"}),
    "trace_optimized": Kind("the recorded trace went through the optimizer",
                            {**_LOOP, "trace": "int", "ops_before": "int", "ops_after": "int",
                             "optimize_s": "float"}),
    "compile_queued": Kind("a trace (with the bridges it has so far) was handed to the backend: "
                           "compiled at once (at_once: --jit-sync, the trace interpreter) or "
                           "on the compile thread while the interpreter goes on",
                           {**_LOOP, "trace": "int", "pipeline": "str", "at_once": "bool"}),
    "trace_compiled": Kind("a trace (with the bridges it has so far) became the loop's code; "
                           "cached: its object code came from the persistent cache",
                           {**_LOOP, "trace": "int", "backend": "str", "compile_s": "float",
                            "code_bytes": "int", "guards": "int", "bridges": "int",
                            "pipeline": "str", "cached": "bool"}),
    "trace_aborted": Kind("a recording (or its compilation) failed; the interpreter goes on",
                          {**_LOOP, **_WHERE, "aborts": "int", "stage": "str"}),
    "bridge_recorded": Kind("a guard that kept failing got a bridge (the loop is compiled again)",
                            {**_LOOP, "trace": "int", "guard": "int", "guard_op": "str",
                             "guard_line": "int?", "ops": "int", "instructions": "int",
                             "record_s": "float"}),
    "bridge_attached": Kind("a recorded bridge was compiled on its own and attached to its "
                            "guard's slot (the loop's code was not compiled again)",
                            {**_LOOP, "trace": "int", "guard": "int", "guard_op": "str",
                             "compile_s": "float", "code_bytes": "int", "pipeline": "str",
                             "cached": "bool"}),
    "tier_up": Kind("the loop's first (fast) code ran its iterations: queued to be compiled "
                    "again, optimized, with its bridges inside (or not: reason)",
                    {**_LOOP, "trace": "int", "queued": "bool", "reason": "str?"}),
    "generalized": Kind("a variable the loop carried as a machine int or float took another "
                        "kind of value: the loop is recorded again with it kept an object",
                        {**_LOOP, "reason": "str"}),
    "sent_back": Kind("the loop's trace cost more than it saved: the loop goes back to tier "
                      "specialize for good",
                      {**_LOOP, "reason": "str"}),
    "bridge_aborted": Kind("recording a guard's bridge failed",
                           {**_LOOP, **_WHERE, "trace": "int", "guard": "int",
                            "guard_op": "str", "guard_line": "int?"}),
    "guard_failure": Kind("a compiled trace left by a guard (or an op that raised); sampled: "
                          "every failure of a guard up to 10, then at powers of two; "
                          "count is the guard's total so far",
                          {**_LOOP, "trace": "int", "guard": "int", "op": "str",
                           "guard_line": "int?", "guard_file": "str", "count": "int",
                           "sampled": "bool", "bridge": "bool", "exception": "str?",
                           "assumed": "str?", "seen": "str?", "what": "str"}),
    "trace_dropped": Kind("a guard kept failing on most entries: the trace is thrown away",
                          {**_LOOP, "reason": "str", "retraces": "int"}),
    "blacklisted": Kind("the loop will not be recorded again: the interpreter runs it",
                        {**_LOOP, "reason": "str"}),
    "invalidated": Kind("something every trace relied on changed: all traces are dropped",
                        {"what": "str", "traces": "int"}),
    "end": Kind("the program finished: totals (native share when statistics count it)",
                {"loops": "int", "traces_compiled": "int", "entries": "int?",
                 "instructions": "int?", "native_instructions": "int?",
                 "native_share": "float?"}),
}

_PY_TYPES = {"int": (int,), "float": (int, float), "str": (str,), "bool": (bool,),
             "list": (list,), "object": (dict,)}


def validate(event: dict) -> list[str]:
    """What is wrong with ``event`` against the schema (empty: nothing)."""
    kind = event.get("event")
    if kind not in KINDS:
        return [f"unknown event kind {kind!r}"]
    errors = []
    spec = {**_COMMON, **KINDS[kind].fields}
    for name, typ in spec.items():
        if name not in event:
            errors.append(f"{kind}: missing field {name!r}")
            continue
        v = event[name]
        nullable = typ.endswith("?")
        if v is None:
            if not nullable:
                errors.append(f"{kind}: field {name!r} is null")
            continue
        want = _PY_TYPES[typ.rstrip("?")]
        # (bool is an int in Python, not in the schema)
        if not isinstance(v, want) or (isinstance(v, bool) and bool not in want):
            errors.append(f"{kind}: field {name!r} is {type_name(type(v))}, schema says {typ}")
    for name in event:
        if name not in spec:
            errors.append(f"{kind}: field {name!r} is not in the schema")
    return errors


class JsonLinesWriter:
    """A subscriber writing each event as one line of JSON."""

    def __init__(self, path: str):
        self.fh = open(path, "w", encoding="utf-8")

    def __call__(self, event: dict, objects: dict) -> None:
        self.fh.write(json.dumps(event, separators=(",", ":")) + "\n")

    def close(self) -> None:
        self.fh.close()


def read(path: str) -> list[dict]:
    """The events of a log file."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def schema_markdown() -> str:
    """The schema as the markdown table notes/observability.md carries."""
    out = ["| event | fields (besides `event`, `t`) | what |", "| --- | --- | --- |"]
    for kind, k in KINDS.items():
        fields = ", ".join(f"`{n}`: {t}" for n, t in k.fields.items())
        out.append(f"| `{kind}` | {fields} | {k.doc} |")
    return "\n".join(out) + "\n"
