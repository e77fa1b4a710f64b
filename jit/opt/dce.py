"""Dead code elimination: pure ops nobody reads are not computed.

What it removes: an op that is pure, not a guard, and has no uses -- as an
operand, a snapshot value, a label or jump arg.  Removing one can leave its
operands without uses; walking the trace backwards (every use comes after its
definition) counts those down on the way, so one walk reaches the fixpoint.

What it keeps: guards (even a pure one such as ``unbox_int``: leaving the trace
is its effect), ops that raise or have effects, label and jump.

Contract: every rule shrinks or keeps the trace, never grows it.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from .. import ir
from ..ir import Const
from .base import count_uses


class OptDCE:
    """Removes unused pure non-guard ops."""

    name = "dce"

    def run(self, trace: ir.Trace) -> ir.Trace:
        uses = count_uses(trace)
        keep = []
        for op in reversed(trace.ops):
            d = op.opdef
            if d.pure and not d.guard and uses.get(id(op), 0) == 0:
                # dead: its operands lose a use (its snapshot, if any, goes too)
                for a in op.args:
                    if not isinstance(a, Const):
                        uses[id(a)] -= 1
                if op.snapshot is not None:
                    for v in op.snapshot.values():
                        if not isinstance(v, Const):
                            uses[id(v)] -= 1
                continue
            keep.append(op)
        keep.reverse()
        trace.ops = keep
        return trace
