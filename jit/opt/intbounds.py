"""Integer bounds: what the trace proves about the range of each machine int,
and the checks that range already decides.

Every int value gets an interval ``[lo, hi]`` (unknown: the int64 range),
learned from

* constants; results of ops computed from their operands' intervals (``+ - *``,
  ``& | ^`` of non-negative values, ``%`` and ``//`` by a constant, ``>>`` by a
  constant, ``len`` is never negative);
* branch guards on comparisons: after ``guard_true(int_lt(a, b))`` the trace
  knows ``a <= hi(b) - 1`` and ``b >= lo(a) + 1`` (a loop's ``while i < n``
  bounds ``i`` below ``n``, so ``i + 1`` cannot overflow whatever ``n`` is),
  ``guard_false`` the negation, ``bool_not`` of a comparison likewise.

What it removes:

* the overflow check of ``int_add_ovf`` / ``int_sub_ovf`` / ``int_mul_ovf`` /
  ``int_neg_ovf`` whose result interval fits in 64 bits: the op becomes
  ``int_add`` / ``int_sub`` / ``int_mul`` (no guard, no snapshot; ``-x`` is
  ``0 - x``);
* a comparison the intervals decide (``i & 7 < 8``) becomes a constant, and
  its branch guard goes;
  ``int_is_true`` of an interval without 0 likewise.

Across the label, as every pass (``base``): what is known about a label arg in
the preamble is forgotten at the label (the body sees another value every
iteration); facts about loop-invariant values carry into the body.

Loop-carried ints (induction)
-----------------------------
A loop's counter is compared at the *end* of the body (``while i < n`` is
rotated: ``i += 1`` then the test), so what bounds it is known at the jump,
for the next iteration.  The pass finds, by walking the body with a
hypothesis for each loop-carried int label arg -- first nothing, then the
intervals the jump passed, widened once -- intervals that the jump's values
satisfy whenever the label args do (an induction: ``i <= MAX - 1`` at the
label gives ``i + 1`` without a check and ``i + 1 < n`` gives ``i + 1 <= MAX -
1`` at the jump).  Then the body runs under that hypothesis, and the base case
is checked where the loop is entered: ``int_ge``/``int_le`` guards on the entry
values right before the label (the trace's entry snapshot: leaving there lets
the interpreter run the iteration), and in every bridge's jump
(``Trace.label_bounds``, added by :func:`opt.bridge.enter_loop`).

Contract: every rule shrinks or keeps the trace, never grows it (an op with an
overflow check is replaced by one without).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from .. import ir
from ..ir import Const, Op, const_bool
from .base import Pass, copy_snapshot, copy_trace, label_index

MIN, MAX = -(1 << 63), (1 << 63) - 1
FULL = (MIN, MAX)
MAX_LEN = MAX >> 3      # a list's size is at most PY_SSIZE_T_MAX / sizeof(PyObject *)

# comparison -> the comparison that holds when it does not
NEGATED = {"int_lt": "int_ge", "int_le": "int_gt", "int_eq": "int_ne",
           "int_ne": "int_eq", "int_gt": "int_le", "int_ge": "int_lt"}
assert all(ir.OPS[n].args == "ii" and ir.OPS[n].result == "b" for n in NEGATED)

# overflow-checked op -> the unchecked op it becomes, and its interval arithmetic
_UNCHECKED = {"int_add_ovf": "int_add", "int_sub_ovf": "int_sub", "int_mul_ovf": "int_mul"}
assert all(ir.OPS[u].pure and not ir.OPS[u].guard and ir.OPS[o].args == ir.OPS[u].args
           for o, u in _UNCHECKED.items())


def _add(a, b):
    return a[0] + b[0], a[1] + b[1]


def _sub(a, b):
    return a[0] - b[1], a[1] - b[0]


def _mul(a, b):
    corners = [x * y for x in a for y in b]
    return min(corners), max(corners)


_ARITH = {"int_add_ovf": _add, "int_add": _add, "int_sub_ovf": _sub, "int_sub": _sub,
          "int_mul_ovf": _mul, "int_mul": _mul}


def _fits(r) -> bool:
    return MIN <= r[0] and r[1] <= MAX


def _clip(r):
    return max(r[0], MIN), min(r[1], MAX)


def _within(inner, outer) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _bits(hi: int) -> int:
    """The largest value with as many bits as ``hi`` (hi >= 0)."""
    return (1 << hi.bit_length()) - 1


class OptIntBounds(Pass):
    """Tracks int intervals; drops overflow checks and comparisons they decide."""

    name = "intbounds"

    assume: dict = {}    # label position -> interval assumed at the label (induction)

    def run(self, trace: ir.Trace) -> ir.Trace:
        hypothesis = self.induction(trace) if trace.entry is not None else {}
        self.assume = hypothesis
        trace = super().run(trace)
        if hypothesis:
            k = label_index(trace)
            label = trace.ops[k]
            checks = []
            for pos, (lo, hi) in sorted(hypothesis.items()):
                for name, bound in (("int_ge", lo), ("int_le", hi)):
                    if bound in (MIN, MAX):
                        continue
                    b = Op(name, [label.args[pos], ir.const_int(bound)])
                    checks += [b, Op("guard_true", [b], copy_snapshot(trace.entry))]
            trace.ops[k:k] = checks
            trace.label_bounds = {pos: (None if lo == MIN else lo, None if hi == MAX else hi)
                                  for pos, (lo, hi) in hypothesis.items()}
        return trace

    def induction(self, trace, rounds=3) -> dict:
        """Intervals for the loop-carried int label args that the body keeps
        (see the module docstring) and that remove some check of the body --
        each end of each interval kept only if it does; {} if none."""
        label, jump = trace.label(), trace.ops[-1]
        carried = [k for k, (a, b) in enumerate(zip(label.args, jump.args))
                   if a.type == ir.I and a is not b]
        if not carried:
            return {}

        def probe(assume):
            """(is the hypothesis kept by the body, how many checks the body has)"""
            p = OptIntBounds()
            p.assume = assume
            t = p.run_walk(copy_trace(trace))
            out = {k: p.bound(t.ops[-1].args[k]) for k in carried}
            k0 = label_index(t)
            checks = sum(1 for op in t.ops[k0 + 1:] if op.opdef.guard)
            return out, all(_within(out[k], b) for k, b in assume.items()), checks

        out, _, baseline = probe({})
        assume = {k: b for k, b in out.items() if b != FULL}
        for _ in range(rounds):
            if not assume:
                return {}
            out, kept, checks = probe(assume)
            if kept:
                break
            assume = {k: (min(out[k][0], b[0]), max(out[k][1], b[1])) for k, b in assume.items()}
            assume = {k: b for k, b in assume.items() if b != FULL}
        else:
            return {}
        if checks >= baseline:
            return {}
        # drop the ends that remove nothing (each costs a check where the loop is entered)
        for k in sorted(assume):
            for end in (0, 1):
                if k not in assume:
                    break
                trial = dict(assume)
                b = list(trial[k])
                b[end] = (MIN, MAX)[end]
                if tuple(b) == FULL:
                    del trial[k]
                else:
                    trial[k] = tuple(b)
                _, ok, n = probe(trial)
                if ok and n <= checks:
                    assume = trial
        return assume

    def run_walk(self, trace):
        return super().run(trace)

    def start(self):
        self.bounds: dict[int, tuple] = {}      # id -> (lo, hi)
        self.compares: dict[int, tuple] = {}    # id of a bool -> (comparison, a, b) it is

    def enter_body(self, label):
        for facts in (self.bounds, self.compares):
            for k in [k for k in facts if self.varies(k) or k not in self.before_label]:
                del facts[k]
        for pos, b in self.assume.items():
            self.bounds[id(label.args[pos])] = b

    # -- knowledge ---------------------------------------------------------------

    def bound(self, v):
        if isinstance(v, Const):
            return (v.value, v.value) if v.type == ir.I else FULL
        return self.bounds.get(id(v), FULL)

    def learn(self, v, lo, hi):
        """Narrow ``v``'s interval (an empty one -- a guard that always fails on
        this path -- teaches nothing)."""
        if isinstance(v, Const):
            return
        old = self.bound(v)
        lo, hi = max(lo, old[0]), min(hi, old[1])
        if lo <= hi:
            self.bounds[id(v)] = (lo, hi)

    def result(self, op, r):
        self.emit(op)
        self.learn(op, *_clip(r))

    # -- arithmetic --------------------------------------------------------------

    def _arith(self, op):
        a, b = (self.bound(x) for x in op.args)
        r = _ARITH[op.name](a, b)
        unchecked = _UNCHECKED.get(op.name)
        if unchecked is not None and _fits(r):
            new = Op(unchecked, list(op.args), line=op.line)
            new.instr = op.instr
            if self.make_equal_to(op, new):
                op = new
        self.result(op, r)

    optimize_int_add_ovf = optimize_int_sub_ovf = optimize_int_mul_ovf = _arith
    optimize_int_add = optimize_int_sub = optimize_int_mul = _arith

    def optimize_int_neg_ovf(self, op):
        lo, hi = self.bound(op.args[0])
        if lo > MIN:
            new = Op("int_sub", [ir.const_int(0), op.args[0]], line=op.line)
            new.instr = op.instr
            if self.make_equal_to(op, new):
                op = new
        self.result(op, (-hi, -lo))

    def optimize_int_and(self, op):
        (la, ha), (lb, hb) = (self.bound(x) for x in op.args)
        if la >= 0 and lb >= 0:
            return self.result(op, (0, min(ha, hb)))
        if la >= 0 or lb >= 0:               # and-ing with a non-negative value
            return self.result(op, (0, ha if la >= 0 else hb))
        self.result(op, FULL)

    def _or_xor(self, op):
        (la, ha), (lb, hb) = (self.bound(x) for x in op.args)
        if la >= 0 and lb >= 0:
            return self.result(op, (0, _bits(max(ha, hb))))
        self.result(op, FULL)

    optimize_int_or = optimize_int_xor = _or_xor

    def optimize_int_mod(self, op):
        x, y = op.args
        lo, hi = self.bound(y)
        if lo > 0:          # Python's %: the divisor's sign
            lx = self.bound(x)
            top = hi - 1 if lx[0] < 0 else min(hi - 1, lx[1])
            return self.result(op, (0, top))
        if hi < 0:
            return self.result(op, (lo + 1, 0))
        self.result(op, FULL)

    def optimize_int_floordiv(self, op):
        x, y = op.args
        (lx, hx), (ly, hy) = self.bound(x), self.bound(y)
        if ly > 0:          # floor division by a positive value is monotonic in x
            q = [a // b for a in (lx, hx) for b in (ly, hy)]
            return self.result(op, (min(q), max(q)))
        self.result(op, FULL)

    def optimize_int_rshift(self, op):
        x, n = op.args
        (lx, hx), (ln, hn) = self.bound(x), self.bound(n)
        if ln >= 0:         # (a negative count leaves the trace)
            return self.result(op, (min(lx >> ln, lx >> min(hn, 63)), max(hx >> ln, hx >> min(hn, 63))))
        self.result(op, FULL)

    def optimize_len_list(self, op):
        self.result(op, (0, MAX_LEN))

    # -- comparisons and branches ------------------------------------------------

    def _decide(self, name, a, b):
        """True/False if the intervals decide ``a <name> b``, else None."""
        (la, ha), (lb, hb) = a, b
        if name == "int_lt":
            return True if ha < lb else False if la >= hb else None
        if name == "int_le":
            return True if ha <= lb else False if la > hb else None
        if name == "int_gt":
            return True if la > hb else False if ha <= lb else None
        if name == "int_ge":
            return True if la >= hb else False if ha < lb else None
        if name == "int_eq":
            if ha < lb or hb < la:
                return False
            return True if la == ha == lb == hb else None
        # int_ne
        decided = self._decide("int_eq", a, b)
        return None if decided is None else not decided

    def _compare(self, op):
        a, b = op.args
        decided = self._decide(op.name, self.bound(a), self.bound(b))
        if decided is not None and self.make_equal_to(op, const_bool(decided)):
            return
        self.emit(op)
        self.compares[id(op)] = (op.name, a, b)

    optimize_int_lt = optimize_int_le = optimize_int_eq = _compare
    optimize_int_ne = optimize_int_gt = optimize_int_ge = _compare

    def optimize_bool_not(self, op):
        self.emit(op)
        c = self.compares.get(id(op.args[0]))
        if c is not None:
            self.compares[id(op)] = (NEGATED[c[0]], c[1], c[2])

    def optimize_int_is_true(self, op):
        lo, hi = self.bound(op.args[0])
        decided = True if lo > 0 or hi < 0 else False if lo == hi == 0 else None
        if decided is not None and self.make_equal_to(op, const_bool(decided)):
            return
        self.emit(op)
        self.compares[id(op)] = ("int_ne", op.args[0], ir.const_int(0))

    def _refine(self, name, a, b):
        """What ``a <name> b`` holding teaches about a and b."""
        (la, ha), (lb, hb) = self.bound(a), self.bound(b)
        if name == "int_lt":
            self.learn(a, MIN, hb - 1)
            self.learn(b, la + 1, MAX)
        elif name == "int_le":
            self.learn(a, MIN, hb)
            self.learn(b, la, MAX)
        elif name == "int_gt":
            self._refine("int_lt", b, a)
        elif name == "int_ge":
            self._refine("int_le", b, a)
        elif name == "int_eq":
            self.learn(a, lb, hb)
            self.learn(b, la, ha)
        else:   # int_ne: only an end of an interval can move
            for x, (lo, hi), (ly, hy) in ((a, (la, ha), (lb, hb)), (b, (lb, hb), (la, ha))):
                if ly == hy and lo == ly:
                    self.learn(x, lo + 1, hi)
                elif ly == hy and hi == ly:
                    self.learn(x, lo, hi - 1)

    def _guard(self, op, holds: bool):
        b = op.args[0]
        if isinstance(b, Const):
            if b.value is holds:
                return              # decided (by this pass, or before): it holds
            return self.emit(op)    # always fails: stays
        self.emit(op)
        c = self.compares.get(id(op.args[0]))
        if c is not None:
            name = c[0] if holds else NEGATED[c[0]]
            self._refine(name, c[1], c[2])

    def optimize_guard_true(self, op):
        self._guard(op, True)

    def optimize_guard_false(self, op):
        self._guard(op, False)


__all__ = ["OptIntBounds"]
