"""Loop-invariant code motion: checks and computations that give the same
answer in every iteration run once, in the preamble.

A value is loop-invariant when every iteration sees the same one: constants,
values defined before the label that are not label args, and label args the
jump passes unchanged (``base``: a local the loop reads and never assigns; a
bridge that would assign it is refused, ``bridge.enter_loop``).  What moves
from the body to the end of the preamble, in the body's order:

* a pure op whose operands are all invariant and whose result is a machine
  value (not an object: an object made once would be shared by every
  iteration) -- its result is then invariant too, so chains move;
  ``unbox_float`` only after its ``guard_class(p, float)`` moved (it does not
  check the class itself);
* a guard whose answer cannot change while the loop runs: ``guard_class`` of
  an invariant value against a class its instances cannot leave
  (``base.class_is_fixed``: int, float, list, tuple, range_iterator ...; not a
  program's class, whose instances ``__class__`` assignment changes),
  ``guard_value``, ``guard_nonnull``, ``guard_true``/``guard_false`` of an
  invariant bool (not of a constant: such a guard always fails, or another pass
  removes it), and the pure guards of the first rule (``unbox_int``,
  ``int_add_ovf`` of invariant operands).

A moved guard gets the trace's entry snapshot (the loop's header with the
entry values): when it fails, the trace is left before the first iteration
and the interpreter runs that iteration -- which is right whether or not the
check would have held later in the body, since nothing of the iteration ran.
Guards on mutable state (dict and type versions, list lengths, a program
object's class) stay in the body: a bridge's code may change that state
between iterations.  Without an entry snapshot (``trace.entry is None``)
nothing moves.

Contract: the trace keeps its length; ops move from the body (every
iteration) to the preamble (once).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from .. import ir
from ..ir import Const
from .base import Pass, class_is_fixed, copy_snapshot, label_index

# pure ops that rely on a guard_class before them instead of checking
NEEDS_CLASS = {"unbox_float": float}
assert all(ir.OPS[n].pure and not ir.OPS[n].guard for n in NEEDS_CLASS)

_GUARDS = frozenset({"guard_class", "guard_value", "guard_nonnull", "guard_true", "guard_false"})


class OptLICM(Pass):
    """Moves invariant guards and pure machine-value ops into the preamble."""

    name = "licm"

    def run(self, trace: ir.Trace) -> ir.Trace:
        if trace.entry is None:
            return trace
        self.hoisted: list = []
        trace = super().run(trace)
        if self.hoisted:
            k = label_index(trace)
            trace.ops[k:k] = self.hoisted
        return trace

    def start(self):
        self.classes: dict[int, type] = {}     # invariant id -> class a moved guard proved

    def hoist(self, op) -> None:
        if op.snapshot is not None:
            op.snapshot = copy_snapshot(self.trace.entry)
        self.hoisted.append(op)
        self.before_label.add(id(op))      # invariant from now on

    def default(self, op):
        if not self.in_body:
            return self.emit(op)
        d = op.opdef
        if d.effects or d.raises or not all(self.is_invariant(a) for a in op.args):
            return self.emit(op)
        if d.pure and op.type not in (ir.R, ir.V):
            need = NEEDS_CLASS.get(op.name)
            if need is not None and self.classes.get(id(op.args[0])) is not need:
                return self.emit(op)
            return self.hoist(op)
        if op.name in _GUARDS and not all(isinstance(a, Const) for a in op.args):
            # (a guard on constants alone is decided: one that always fails
            # stays where it is -- moved, the loop would never run)
            if op.name == "guard_class":
                p, t = op.args
                if not (isinstance(t, Const) and class_is_fixed(t.value)):
                    return self.emit(op)
                self.classes[id(p)] = t.value
            return self.hoist(op)
        self.emit(op)


__all__ = ["OptLICM"]
