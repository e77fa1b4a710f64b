"""Ownership planning for the LLVM backend: which references a trace owns, and where each dies.

:class:`RefPlan` is computed from the trace before any IR is written; the
emitter then only follows it (an incref or decref where the plan says,
ownership moved into ``buf`` on the way out).  The rules are in the section
comment below.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

from .. import ir
from . import CompileError


# ---------------------------------------------------------------------------
# ownership: which references the trace owns, and where each one dies
#
# Every ref value is an owned reference: op results are new references (the
# C-API's, or an incref'd borrowed load), inputs are taken from buf at entry
# (buf's reference moves to the trace), label phis own what the preamble, the
# jump or a bridge's jump handed them.  Constants are never owned (the trace
# keeps strong ones alive; weak ones are alive wherever a guard proved it).
#
# The trace is a tree of straight *paths*: the main one (preamble, label,
# body, jump) and one per bridge (the ops a failing guard runs instead of
# leaving, ending with their own jump to the label).  Along a path a value is
# *used* by the operands of ops, by every snapshot it appears in (a guard may
# need to store it in buf), by the jump, and by anything a guard's bridge uses
# (the guard's failure continues there).  Per path, a value dies at its last
# use:
#
# - used only before the label: decref'd right after its last use;
# - a label arg (defined before the label): ownership moves to the phi;
# - defined before the label and used in the body or any bridge:
#   loop-invariant, owned for the whole loop, decref'd only on the way out;
# - passed to the path's jump: ownership moves to the next iteration's phi (an
#   extra occurrence in the jump, or an invariant or a constant passed to it,
#   is incref'd);
# - otherwise decref'd right after its last use (right after its definition
#   if it has none; at the start of a bridge if the bridge does not use it).
#
# On leaving the trace at op j of a path, the owned values live there --
# alive at the path's start or defined before j, and not dead before j -- are
# moved into buf (if in the snapshot) or decref'd, so an exit leaks nothing.
# A bridge starts with exactly that set (what its guard would have dropped).


class Slot:
    """One SSA incarnation of a trace value: an input, a label phi or an op
    result.  (A label arg is two slots: its preamble definition and the phi
    that stands for it in the body.)"""
    __slots__ = ("value", "kind", "owned", "nullable", "invariant", "name")

    def __init__(self, value):
        self.value = value
        self.kind = value.type
        self.owned = self.kind == ir.R
        self.nullable = False       # may be C NULL (call_iternext's "exhausted")
        self.invariant = False      # defined before the label, used after it: lives all loop
        self.name = None            # its LLVM value, set while emitting


class Path:
    """The ownership plan of one straight path (the main trace or a bridge)."""

    def __init__(self, ops, main: bool):
        self.ops = ops
        self.main = main
        self.born: dict[int, int] = {}      # id(slot) -> where it starts being owned
        self.death: dict[int, int | None] = {}   # id(slot) -> op index after which
        #                                     it is dead (-1: at the start; None: never)
        self.moved: set[int] = set()        # id(slot): handed on (label/jump) at death
        self.slots: list[Slot] = []         # every owned slot of the path, in order
        self.dies_after: dict[int, list[Slot]] = {}   # op index -> decref after it
        self.bridges: dict[int, Path] = {}  # guard index -> its bridge's plan
        self._live: dict[int, list[Slot]] | None = None

    def own(self, s: Slot, born: int) -> None:
        if s.owned and id(s) not in self.born:
            self.born[id(s)] = born
            self.slots.append(s)

    def live_at(self, j: int) -> list[Slot]:
        """The owned slots alive when op j leaves the trace (or runs its
        bridge): born before j, not dead before j.  (Shared between exits:
        not to be changed.)"""
        if self._live is None:
            self._live = self._sweep()
        return self._live[j]

    def _sweep(self) -> dict[int, list[Slot]]:
        """live_at of every op with a snapshot, in one pass (asking each slot
        at each exit would be quadratic in the trace's length)."""
        born: dict[int, list[Slot]] = {}
        dead: dict[int, list[Slot]] = {}
        for s in self.slots:
            born.setdefault(self.born[id(s)], []).append(s)
            if self.death[id(s)] is not None:
                dead.setdefault(self.death[id(s)], []).append(s)
        live: dict[int, Slot] = {}       # insertion-ordered: exits are deterministic
        out = {}
        now = None     # live's values as a list, shared by the exits until it changes
        for j in range(-1, len(self.ops)):
            if j >= 0 and self.ops[j].snapshot is not None:
                if now is None:
                    now = list(live.values())
                out[j] = now
            for s in born.get(j, ()):
                live[id(s)] = s
                now = None
            for s in dead.get(j, ()):
                del live[id(s)]
                now = None
        return out


class RefPlan:
    """The ownership plan of a trace (see the section comment): ``main`` is the
    plan of the main path, ``main.bridges[k]`` of the bridge of its op k, and
    so on down."""

    def __init__(self, trace: ir.Trace):
        ops = trace.ops
        self.label_at = L = next(k for k, op in enumerate(ops) if op.name == "label")
        label = ops[L]
        self._pre: dict[int, Slot] = {}     # id(value) -> slot, before the label
        self._body: dict[int, Slot] = {}    # id(value) -> slot, after it (bridges too)
        self.results: dict[int, Slot] = {}  # id(op) -> its result's slot
        self.inputs = [self._define(self._pre, v) for v in trace.inputs]
        self.phis: list[Slot] = []
        for k, op in enumerate(ops):
            if op.name == "label":
                for a in op.args:
                    if isinstance(a, ir.Const) or id(a) in self._body:
                        raise CompileError("label args must be distinct non-constant values")
                    self.phis.append(self._define(self._body, a))
            elif op.type != ir.V:
                self.results[id(op)] = self._define(self._pre if k < L else self._body, op)
        bridge_ops = list(_bridge_ops(ops))
        for op in bridge_ops:
            if op.type != ir.V:
                self.results[id(op)] = self._define(self._body, op)
        for op in ops + bridge_ops:
            if op.opdef.nullable:
                self.results[id(op)].nullable = True
        # loop-invariant: a preamble value (not a label arg) used in the body or a bridge
        pre = {id(s) for s in self._pre.values()}
        label_args = {id(a) for a in label.args}
        for op in ops[L + 1:] + bridge_ops:
            for s in self.uses(op, True):
                if id(s) in pre and id(s.value) not in label_args:
                    s.invariant = True
        # a phi may be NULL if what flows into it may be
        jumps = [ops[-1]] + [op for op in bridge_ops if op.name == "jump"]
        changed = True
        while changed:
            changed = False
            for j, phi in enumerate(self.phis):
                ins = [self.slot(label.args[j], False)] + [self.slot(jp.args[j], True)
                                                           for jp in jumps]
                if not phi.nullable and any(s is not None and s.nullable for s in ins):
                    phi.nullable = changed = True
        self.main = self._plan_path(ops, [], label_args)

    @classmethod
    def for_bridge(cls, ops, interface: list[Slot]) -> "RefPlan":
        """The plan of a bridge compiled on its own (its guard's code is compiled
        already): it starts with ``interface``, the values its guard's exit
        passes -- the owned ones (alive there, see :meth:`Path.live_at`) are the
        bridge's to drop or hand on, as when the bridge is a branch of the
        loop's function -- and ends at its jump (``main`` is the bridge's path).
        A bridge uses only what its guard's snapshot names (the recorder starts
        from it), all in the interface; anything else is a :class:`CompileError`
        (the loop is then compiled again with the bridge inside)."""
        self = cls.__new__(cls)
        self.label_at = -1
        self._pre = {}
        self._body = {id(s.value): s for s in interface}
        self.results = {}
        self.inputs = []
        self.phis = []
        for op in list(ops) + list(_bridge_ops(ops)):
            if op.type != ir.V:
                self.results[id(op)] = self._define(self._body, op)
            if op.opdef.nullable:       # (as in a loop's plan: the IR table says)
                self.results[id(op)].nullable = True
        try:
            self.main = self._plan_path(ops, [s for s in interface if s.owned])
        except KeyError:
            raise CompileError("the bridge uses a value its guard does not pass") from None
        return self

    @staticmethod
    def _define(table, value) -> Slot:
        s = table[id(value)] = Slot(value)
        return s

    def slot(self, value, body: bool) -> Slot | None:
        """The slot ``value`` names in the body (after the label, bridges
        included) or before it; None for a constant."""
        if isinstance(value, ir.Const):
            return None
        if body:
            s = self._body.get(id(value))
            if s is not None:
                return s
        return self._pre[id(value)]

    def slot_finder(self, body: bool):
        """``slot`` of a non-constant value, by its id: one call (what is
        asked of every value of every exit)."""
        if not body:
            return self._pre.__getitem__
        get, pre = self._body.get, self._pre

        def find(key):
            s = get(key)
            return pre[key] if s is None else s
        return find

    def snapshot_values(self, snap) -> list:
        """``snap.values()``, made once per plan (the plan and the module's
        writer ask for each snapshot's several times; nothing changes a
        snapshot while its module is written).  Not to be changed."""
        memo = self.__dict__.setdefault("_snapshot_values", {})
        got = memo.get(id(snap))
        if got is None:
            got = memo[id(snap)] = (snap.values(), snap)   # (snap kept: its id stays its)
        return got[0]

    def uses(self, op, body: bool) -> list[Slot]:
        """The slots one op uses itself: operands and snapshot."""
        vals = list(op.args)
        if op.snapshot is not None:
            vals += self.snapshot_values(op.snapshot)
        slot, Const = self.slot_finder(body), ir.Const
        return [slot(id(v)) for v in vals if not isinstance(v, Const)]

    def _plan_path(self, ops, inherited: list[Slot], label_args=None) -> Path:
        """Plan the main path (``label_args`` given) or a bridge (``inherited``:
        the owned slots alive at its guard's failure)."""
        main = label_args is not None
        L = self.label_at if main else -1
        path = Path(ops, main)
        # last use of each slot along the path; a guard's bridge counts as using,
        # at the guard, everything the bridge uses
        last: dict[int, int] = {}
        for k, op in enumerate(ops):
            if op.name == "label":
                used = [self.slot(a, False) for a in op.args]
            else:
                used = self.uses(op, k > L)
                for b in _bridge_ops([op]):
                    used += self.uses(b, True)
            for s in used:
                last[id(s)] = k
        for s in inherited:
            path.own(s, -1)
        if main:
            for s in self.inputs:
                if id(s) in last:
                    path.own(s, -1)
                else:
                    s.owned = False                  # unused: never incref'd
        for k, op in enumerate(ops):
            if op.name == "label":
                for s in self.phis:
                    path.own(s, k)
            elif id(op) in self.results:
                path.own(self.results[id(op)], k)
        jump_at = len(ops) - 1
        for s in path.slots:
            born = path.born[id(s)]
            if s.invariant:
                d = None
            elif main and born < L and id(s.value) in label_args:
                d = L                                # handed to the phi
                path.moved.add(id(s))
            elif last.get(id(s)) == jump_at:
                d = jump_at                          # handed to the next iteration
                path.moved.add(id(s))
            else:
                d = last.get(id(s), born)            # unused: dead where it is born
            path.death[id(s)] = d
            if d is not None and id(s) not in path.moved:
                path.dies_after.setdefault(d, []).append(s)
        for k, op in enumerate(ops):
            if op.name == "frame_end" and k in path.dies_after:
                # an inlined frame's return: what dies there dies in the op's order
                # (its locals by index; a value named twice at its last place)
                place = {id(a): i for i, a in enumerate(op.args)}
                path.dies_after[k].sort(key=lambda s: place.get(id(s.value), -1))
        for k, op in enumerate(ops):
            if op.bridge is not None:
                path.bridges[k] = self._plan_path(op.bridge, path.live_at(k))
        return path


def _bridge_ops(ops):
    """Every op inside the bridges of ``ops`` (recursively), in order."""
    for op in ops:
        if op.bridge is not None:
            for b in op.bridge:
                yield b
                yield from _bridge_ops([b])
