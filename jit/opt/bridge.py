"""Bridge clean-up: the one optimization a bridge gets.

A bridge (the ops a failing guard runs instead of leaving, recorded by
:mod:`pyjit.jit.recorder` against the already optimized loop) does not go
through the pass pipeline of :mod:`pyjit.jit.opt`, which works on whole loops.
:func:`clean_bridge` drops what is plainly dead in it: class guards on values
boxed in the bridge (their class is known), boxes that only snapshots use (the
backends box at exits), pure ops nothing uses.  It only removes ops.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from .. import ir
from ..ir import BOX_CLASS, Const, Op
from .base import copy_snapshot


def clean_bridge(ops: list) -> list:
    """The bridge ``ops`` (ending in its jump) without what is plainly dead;
    snapshots are changed in place to name machine values instead of the
    bridge's own boxes."""
    ops = [op for op in ops if not (
        op.name == "guard_class" and isinstance(op.args[0], Op)
        and BOX_CLASS.get(op.args[0].name) is op.args[1].value)]
    used = set()
    for op in ops:
        for a in op.args:
            used.add(id(a))

    own = {id(op) for op in ops}   # (a box of the loop's trace: passed as is)

    def sink(v):
        if isinstance(v, Op) and v.name in BOX_CLASS and id(v) not in used and id(v) in own:
            return v.args[0]
        return v
    for op in ops:
        if op.snapshot is not None:
            for fr in op.snapshot.frames:
                fr.remap(sink)
    while True:
        used = set()
        for op in ops:
            used.update(id(a) for a in op.args)
            if op.snapshot is not None:
                used.update(id(v) for v in op.snapshot.values())
        keep = [op for op in ops if id(op) in used or not op.opdef.pure or op.opdef.guard
                or op.type == ir.V]
        if len(keep) == len(ops):
            return ops
        ops = keep


def changed_invariants(trace: ir.Trace, ops: list) -> list:
    """The slots the bridge ``ops`` (ending in its jump to ``trace``'s label)
    assigns that the loop holds invariant (``None`` for a position that is no
    frame slot).  The driver has the loop optimized again with them variables
    (``Trace.variant``) rather than leave at this guard for good: a loop whose
    branches alternate (a merge: ``i += 1`` on one path, ``j += 1`` on the
    other) otherwise never gets its other path native."""
    jump, label = ops[-1], trace.label()
    return [trace.slots[k] if k < len(trace.slots) else None
            for k in sorted(trace.invariant) if jump.args[k] is not label.args[k]]


def enter_loop(trace: ir.Trace, ops: list):
    """The bridge ``ops`` (ending in its jump to ``trace``'s label), with the
    checks the loop's body relies on added before the jump; or, when it cannot
    hold them, a string saying why (the driver then treats the bridge as an
    aborted recording: the guard keeps leaving to the interpreter).

    What the optimizer assumed of every jump to the label (``Trace.invariant``,
    ``Trace.label_bounds``, see ``opt.base`` and ``opt.intbounds``):

    * a loop-invariant position must get the label arg itself (the body reads
      facts and values the preamble computed from it once) -- a bridge that
      assigns that local cannot enter the loop;
    * an int position with an interval gets a guard that its value is inside,
      leaving at the loop's header (the bridge's last ``check_interrupt``
      snapshot) when it is not; a constant is checked here;
    * an object the loop carries as its fields (``Trace.carried_reads``,
      opt/virtualize) is passed by the bridge as the real object, and the
      fields the body reads are read from it here (the loop's preamble
      reads the entry object's): its class checked, each field read and
      unboxed to the label arg's kind, leaving at the header if any fails."""
    jump = ops[-1]
    changed = changed_invariants(trace, ops)
    if changed:
        return f"the bridge changes a loop-invariant value (slot {changed[0]})"
    label = trace.label()
    header = next((op.snapshot for op in reversed(ops) if op.name == "check_interrupt"), None)
    reads = []
    for k, checks, fields in trace.carried_reads:
        if header is None:
            return "the bridge has no check at the loop's header"
        reads += _read_fields(jump.args[k], label, jump, checks, fields, header)
    if not trace.label_bounds:
        return ops[:-1] + reads + [jump]
    checks = reads
    for k, (lo, hi) in sorted(trace.label_bounds.items()):
        v = jump.args[k]
        if isinstance(v, Const):
            if (lo is not None and v.value < lo) or (hi is not None and v.value > hi):
                return f"the bridge passes {v.value}, outside the loop's assumed [{lo}, {hi}]"
            continue
        if header is None:
            return "the bridge has no check at the loop's header"
        for name, bound in (("int_ge", lo), ("int_le", hi)):
            if bound is None:
                continue
            b = Op(name, [v, ir.const_int(bound)])
            checks += [b, Op("guard_true", [b], copy_snapshot(header))]
    return ops[:-1] + checks + [jump]


def _read_fields(obj, label, jump, checks, fields, header) -> list:
    """The ops reading the fields ``fields`` of ``obj`` (the object a bridge passes
    for a carried local) into the jump's positions of their label args."""
    def snap():
        return copy_snapshot(header)
    out = [Op("guard_nonnull", [obj], snap())]
    out += [Op(name, [obj] + list(rest), snap()) for name, rest in checks]
    for back, load, name, index in fields:
        pos = len(label.args) - back
        v = Op(load, [obj, name, index], snap())
        out.append(v)
        kind = label.args[pos].type
        if kind != ir.R:
            t = {ir.I: int, ir.F: float}[kind]
            out.append(Op("guard_class", [v, ir.const_ptr(t)], snap()))
            v = Op("unbox_" + t.__name__, [v], snap() if t is int else None)
            out.append(v)
        jump.args[pos] = v
    return out
