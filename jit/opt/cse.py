"""Common subexpression elimination: a pure op computed twice is computed once.

What it removes: a pure op matching a rule of :mod:`.foldrules` once its
operands are merged (``x - x`` where the two were computed twice; the rules
constfold applies, which saw two values there); a pure op with the same name and the same operands (the same
values, or equal constants; either order for commutative ops) as an earlier
one.  Its uses -- operands, snapshot values, jump args -- read the earlier
result.  Pure guards count too (``unbox_int``, ``int_add_ovf``,
``float_truediv`` ...): the second one cannot fail where the first passed, so
it goes with its snapshot.  Pure ops depend on their operands only, so no op in
between (not even one with effects) can change the result.

Across the label: an op computed in the preamble serves the body only when it
computed the body's value -- its operands are loop-invariant (not label args:
those hold another value in every iteration) and it is not itself a label arg.

Contract: every rule shrinks or keeps the trace, never grows it.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from .. import ir
from ..ir import Const
from . import foldrules
from .base import Pass

COMMUTATIVE = foldrules.COMMUTATIVE


def _key(v):
    return (True, v) if isinstance(v, Const) else (False, id(v))


class OptCSE(Pass):
    """Reuses the first of identical pure ops."""

    name = "cse"

    def start(self):
        self.seen: dict[tuple, ir.Op] = {}    # (name, operand keys) -> first op

    def enter_body(self, label):
        def invariant(key):
            is_const, x = key
            return is_const or (x in self.before_label and not self.varies(x))
        self.seen = {key: op for key, op in self.seen.items()
                     if not self.varies(id(op)) and all(invariant(k) for k in key[1])}

    def cse_pure(self, op):
        # merging makes operands the same value (x - x, x == x): the fold
        # rules (constfold's table) see those only now
        found = foldrules.rewrite_all(self, op)
        if found is not None and self.make_equal_to(op, found[0]):
            if not found[1]:
                return
            op = found[0]             # the rule's op, in place of op: CSE it
        keys = tuple(_key(a) for a in op.args)
        key = (op.name, keys)
        first = self.seen.get(key)
        if first is None and op.name in COMMUTATIVE:
            first = self.seen.get((op.name, keys[::-1]))
        if first is not None and self.make_equal_to(op, first):
            return
        self.emit(op)
        self.seen.setdefault(key, op)


# every pure op goes through cse_pure; checked at import
for _name, _d in ir.OPS.items():
    if _d.pure:
        assert OptCSE.DISPATCH[_name] is Pass.default, _name
        OptCSE.DISPATCH[_name] = OptCSE.cse_pure
