"""The native share: of the bytecode instructions a run executed, the share that
ran inside compiled traces.

Both sides count CPython's instructions, only when statistics are on
(``--stats``, ``--stats-json``, ``pyjit explain``/``report``):

* interpreted: the specializing eval loop counts each unit's executions
  (:meth:`pyjit.specialize.stats.Stats.executions`; with statistics off the
  loop is unchanged);
* native: the recorder lists the instructions one run of a trace stands for
  (``Recording.path``, as (code, pc)) and numbers each op with how many of them
  are done when the trace leaves there (``Op.instr``).  A path -- the loop's
  body, or a bridge from its guard back to the loop -- gets a ``count`` op
  before its ``jump``, which adds one to a counter of its own; a trace left by
  guard ``g`` ran the part of its path before ``g`` (the driver counts exits per
  guard: ``Compiled.fails``).  So the native instructions are
  ``sum(runs(path) * len(path)) + sum(exits(g) * done(g))``, and per (code, pc)
  the same sums over the instructions themselves.

A bridge's path is its guard's path up to the guard, then its own; a guard
before the loop's label (the preamble: entry checks) has done nothing.  The
instructions the recorder itself executes, one iteration per recording, are
counted by neither side.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.id = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import ctypes
from collections import Counter

from . import ir


class Path:
    """One path of a trace and the counter its ``count`` op increments."""
    __slots__ = ("cell", "instrs", "base")

    def __init__(self, instrs, base):
        self.cell = ctypes.c_int64(0)
        self.instrs = instrs   # [(code, pc)] from the loop's label to the jump
        self.base = base       # instructions before this path's own (its guard's)

    @property
    def addr(self) -> int:
        return ctypes.addressof(self.cell)


class NativeShare:
    """Counters of one run (the observer makes it when statistics count)."""

    def __init__(self):
        self.paths: dict[int, Path] = {}   # counter address -> path
        self.compiled = {}                 # id(Compiled) -> (it, [(path, done) per guard])

    # -- instrumenting (at recording) ---------------------------------------

    def count_loop(self, trace: ir.Trace, instrs: list) -> None:
        """The loop's body counts its runs (before its jump)."""
        self._count(trace.ops, Path(list(instrs), 0))

    def count_bridge(self, trace: ir.Trace, guard: ir.Op, bridge: list, instrs: list) -> None:
        """A bridge of ``guard`` (of ``trace``) counts its runs."""
        parent, ops = self._path_of(trace, guard)
        prefix = []
        if parent is not None:
            prefix = parent.instrs[:parent.base + _done(ops, ops.index(guard))]
        self._count(bridge, Path(prefix + list(instrs), len(prefix)))

    def _count(self, ops, path):
        self.paths[path.addr] = path
        op = ir.Op("count", [ir.const_int(path.addr)])
        op.instr = len(path.instrs) - path.base
        ops.insert(_end(ops), op)

    def _path_of(self, trace, guard):
        """The path (and its op list) that ``guard`` is on."""
        todo = [trace.ops]
        while todo:
            ops = todo.pop()
            for op in ops:
                if op is guard:
                    return self._counted(ops), ops
                if op.bridge is not None:
                    todo.append(op.bridge)
        return None, None

    def _counted(self, ops):
        k = _end(ops) - 1
        if k >= 0 and ops[k].name == "count":
            return self.paths.get(ops[k].args[0].value)
        return None

    # -- exits (at compiling) ---------------------------------------------------

    def compiled_exits(self, compiled, trace: ir.Trace) -> None:
        """A compilation of ``trace``: what each of its exits has done, in its
        exit numbers' order (``compiled.guard_ops``; again when a bridge is
        attached to it: its exits are numbered after the others)."""
        by_op = {}
        label = trace.label()

        def walk(ops, path, main):
            before_label = main
            for k, op in enumerate(ops):
                if op is label:
                    before_label = False
                if op.snapshot is not None:
                    # (a leave: its path's count, just before it, counted the path)
                    done = 0 if before_label or path is None or op.name == "leave" \
                        else path.base + _done(ops, k)
                    by_op[id(op)] = (path, done)
                if op.bridge is not None:
                    walk(op.bridge, self._counted(op.bridge), False)
        walk(trace.ops, self._counted(trace.ops), True)
        exits = [by_op.get(id(op), (None, 0)) for op in compiled.guard_ops]
        self.compiled[id(compiled)] = (compiled, exits)

    # -- results ------------------------------------------------------------------

    def native_counts(self) -> Counter:
        """(code, pc) -> instructions executed in compiled traces."""
        out = Counter()
        for path in self.paths.values():
            n = path.cell.value
            if n:
                for key in path.instrs:
                    out[key] += n
        for compiled, exits in self.compiled.values():
            for (path, done), n in zip(exits, compiled.fails):
                if n and done and path is not None:
                    for key in path.instrs[:done]:
                        out[key] += n
        return out


def _end(ops) -> int:
    """Where a path's ``count`` goes: before its jump, or before the ``leave``
    that precedes it (a nest's bridge re-entering its loop: jit/nest.py)."""
    k = len(ops) - 1
    return k - 1 if k >= 1 and ops[k - 1].name == "leave" else k


def _done(ops, k) -> int:
    """How many of its path's own instructions are done when ``ops[k]`` leaves
    (ops the optimizer made have no number: the op before them tells)."""
    while k >= 0:
        if ops[k].instr is not None:
            return ops[k].instr
        k -= 1
    return 0


class Totals:
    """The native share of a run, overall and per code object and line."""

    def __init__(self, interpreted: dict, native: Counter):
        self.interp_counts = interpreted   # (code, pc) -> instructions
        self.native_counts = native
        self.by_code: dict = {}   # code -> [interpreted, native]
        self.by_line: dict = {}   # (filename, line) -> [interpreted, native]
        self.interpreted = 0
        self.native = 0
        # generators resumed inside traces: each resumption a trace ran ends at
        # a yield it ran (a resumption left inside the body yields interpreted)
        self.gen_resumes = 0
        from pyjit.decode import decode
        from pyjit.opcodes import YIELD_VALUE
        for (code, pc), n in native.items():
            if n and decode(code).ops[pc] == YIELD_VALUE:
                self.gen_resumes += n
        for side, counts in ((0, interpreted), (1, native)):
            for (code, pc), n in counts.items():
                if not n:
                    continue
                self.by_code.setdefault(code, [0, 0])[side] += n
                line = decode(code).line_at(pc)
                self.by_line.setdefault((code.co_filename, line), [0, 0])[side] += n
                if side:
                    self.native += n
                else:
                    self.interpreted += n

    @property
    def total(self) -> int:
        return self.interpreted + self.native

    @property
    def share(self) -> float | None:
        return self.native / self.total if self.total else None


def interpreted_counts(stats) -> dict:
    """(code, pc) -> executions by the eval loop, from the specializer's statistics."""
    out = {}
    for code, counts in stats.executions():
        for pc, n in enumerate(counts):
            if n:
                out[(code, pc)] = n
    return out
