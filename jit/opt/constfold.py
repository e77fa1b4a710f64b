"""Constant folding: ops whose operands are all constants become constants.

What it removes:

* a pure op whose operands are all constants: its result is computed now with
  the op's meaning (``traceinterp.SEMANTICS``) and its uses read the constant.
  A pure op that is also a guard (``int_add_ovf``, ``unbox_int``,
  ``float_truediv``, ``int_floordiv`` ...) is folded only when the computation
  succeeds; when it would leave the trace, the op stays (it leaves every time,
  as it did before).  A result that is not a value of the op's result kind
  (``unbox_float`` of an int) is not folded either.
* a pure op matching an algebraic rule of :mod:`.foldrules` (``x + 0``,
  ``x * 2``, ``not (a < b)`` ...): its uses read the rule's value, or the
  rule's cheaper op replaces it.  An operand computed by another op is looked
  into only where that op's value is the one the operand holds -- not a
  preamble op reached from the body when it reads a label arg (the body's
  iteration has another value there).
* a guard on constants that holds: ``guard_true(true)``, ``guard_false(false)``,
  ``guard_class($obj, T)`` when ``type(obj) is T`` and the class of ``obj``
  cannot change (see ``base.class_is_fixed``), ``guard_value`` of the same
  constant, ``guard_nonnull`` of any constant (only ``call_iternext``'s result
  can be NULL), ``guard_len`` of a constant tuple.  A guard that would always
  fail stays.
* a call of a builtin on a boxed machine value that :data:`.foldrules.CALLS`
  lists (``int(x)`` of a float, ``float(i)`` of an int), and ``x ** y`` of
  boxed floats (``call_binop``): the machine op that computes the value, and
  its box (which ``unbox`` then sinks or reads through); the op leaves, with
  the call's snapshot, where the builtin would not give a machine value
  (``int(nan)``, a negative base's complex power).

Never folded: ops with effects or that raise (other calls, ``build_*``), and
guards on mutable state (``guard_dict_version``, ``guard_type_version``,
``guard_len`` of a list): a constant dict or type still changes.

Contract: every rule shrinks or keeps the trace, never grows it -- except a
call becoming its machine op and a box (one more op, one residual call and
its allocation fewer).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from .. import ir
from ..ir import Const
from ..traceinterp import SEMANTICS, GuardFailed
from . import foldrules
from .base import Pass, class_is_fixed, const_of_kind


def _all_const(op) -> bool:
    return all(isinstance(a, Const) for a in op.args)


class OptConstFold(Pass):
    """Folds pure ops on constants; removes guards on constants that hold."""

    name = "constfold"

    # -- pure ops (every op flagged pure in ir.OPS, see the table below) ------

    def fold_pure(self, op):
        d = op.opdef
        if d.effects or d.raises:
            return self.emit(op)
        if not _all_const(op):
            return self.fold_rules(op)
        try:
            value = SEMANTICS[op.name](*(a.value for a in op.args))
        except GuardFailed:
            return self.emit(op)      # leaves the trace every time: keep the exit
        except Exception:
            # e.g. tuple_getitem out of range: it relies on an earlier guard that
            # fails; not ours to decide what the op would do
            return self.emit(op)
        c = const_of_kind(value, op.type)
        if c is None or not self.make_equal_to(op, c):
            self.emit(op)

    def fold_rules(self, op):
        found = foldrules.rewrite_all(self, op)
        if found is None or not self.make_equal_to(op, found[0]):
            return self.emit(op)
        if found[1]:
            self.emit(found[0])       # the rule's op, in place of op

    # -- calls of builtins on machine values (foldrules.CALLS) -------------------

    def optimize_call(self, op):
        rule = foldrules.call_rule(op, self.sees_definition)
        if rule is None:
            return self.emit(op)
        d = ir.OPS[rule.op]
        value = ir.Op(rule.op, [op.args[1].args[0]], op.snapshot if d.guard else None,
                      line=op.line)
        box = ir.Op(rule.box, [value], line=op.line)
        value.instr = box.instr = op.instr
        if not self.make_equal_to(op, box):
            return self.emit(op)
        self.emit(value)
        self.emit(box)

    def optimize_call_binop(self, op):
        # x ** y of floats: libm's pow, leaving (the call's snapshot) where
        # CPython's float ** is not that (a base <= 0, inf, nan; an overflow)
        found = foldrules.pow_operands(op, self.sees_definition,
                                       lambda v: id(v) in self.floats)
        if found is None:
            return self.emit(op)
        for k, v in enumerate(found):
            if v.type == ir.R:          # a float object a guard proved: unboxed here
                found[k] = ir.Op("unbox_float", [v], line=op.line)
                self.emit(found[k])
        value = ir.Op("float_pow", found, op.snapshot, line=op.line)
        box = ir.Op("box_float", [value], line=op.line)
        value.instr = box.instr = op.instr
        if not self.make_equal_to(op, box):
            return self.emit(op)
        self.emit(value)
        self.emit(box)

    # -- guards on constants ----------------------------------------------------

    # -- what guards proved, for the rules above ---------------------------------

    def start(self):
        self.floats: set = set()    # ids of objects a guard_class(v, float) proved floats

    def enter_body(self, label):
        # (a label arg's proof was for its entry value; other preamble values hold)
        self.floats = {k for k in self.floats if not self.varies(k)}

    def _remove_if(self, op, holds: bool):
        if not holds:
            self.emit(op)       # the guard stays (when it always fails it always leaves)

    def optimize_guard_true(self, op):
        b = op.args[0]
        self._remove_if(op, isinstance(b, Const) and b.value is True)

    def optimize_guard_false(self, op):
        b = op.args[0]
        self._remove_if(op, isinstance(b, Const) and b.value is False)

    def optimize_guard_class(self, op):
        p, t = op.args
        self._remove_if(op, _all_const(op) and type(p.value) is t.value
                        and class_is_fixed(t.value))
        if isinstance(t, Const) and t.value is float and not isinstance(p, Const):
            self.floats.add(id(p))

    def optimize_guard_value(self, op):
        p, c = op.args
        self._remove_if(op, _all_const(op) and p.value is c.value)

    def optimize_guard_nonnull(self, op):
        self._remove_if(op, isinstance(op.args[0], Const))

    def optimize_guard_len(self, op):
        p, n = op.args
        self._remove_if(op, _all_const(op) and type(p.value) is tuple and len(p.value) == n.value)


# every pure op folds through fold_pure unless it has its own rule; checked here,
# at import, so an op added to the table as pure is folded without a new handler
for _name, _d in ir.OPS.items():
    if _d.pure and OptConstFold.DISPATCH[_name] is Pass.default:
        OptConstFold.DISPATCH[_name] = OptConstFold.fold_pure
assert all(OptConstFold.DISPATCH[n] is not Pass.default for n, d in ir.OPS.items() if d.pure)
