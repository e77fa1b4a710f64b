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
__builtins__ = dict(vars(__import__("builtins")))

from .. import ir
from ..ir import BOX_CLASS, Op


def clean_bridge(ops: list) -> list:
    """The bridge ``ops`` (ending in its jump) without what is plainly dead;
    snapshots are changed in place to name machine values instead of boxes."""
    ops = [op for op in ops if not (
        op.name == "guard_class" and isinstance(op.args[0], Op)
        and BOX_CLASS.get(op.args[0].name) is op.args[1].value)]
    used = set()
    for op in ops:
        for a in op.args:
            used.add(id(a))

    def sink(v):
        if isinstance(v, Op) and v.name in BOX_CLASS and id(v) not in used:
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
