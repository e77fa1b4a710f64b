"""Unboxing: loop-carried ints and floats live in machine registers, not in objects.

What it removes:

1. **Unbox of a box** -- ``unbox_int(box_int(i))`` reads ``i``,
   ``unbox_float(box_float(f))`` reads ``f``.

2. **Loop-carried boxes** -- a label arg ``p`` (kind r) that the body unboxes
   (``unbox_int(p)``, with or without a ``guard_class(p, $int)``; or
   ``guard_class(p, $float)`` and ``unbox_float(p)``), and whose jump arg is a
   box of a machine value (``box_int(x)`` / ``box_float(x)``, or a constant of
   that class) or ``p`` itself, becomes a machine value:

   * the guard_class and the unbox move into the preamble, right before the
     label, on the entry value, with the trace's ``entry`` snapshot (the state at
     the loop header in terms of the inputs: leaving there resumes at the
     header, before anything of the iteration ran -- the first iteration's
     exit, moved earlier, as if the interpreter ran that iteration);
   * the label arg becomes the unboxed value, the jump passes ``x`` (or the new
     label arg itself);
   * in the body, every such guard_class goes (the value is an int/float in
     every iteration: at entry by the preamble guards, afterwards because the
     jump passes a machine value), every such unbox reads the label arg,
     snapshots read the label arg (the backend boxes machine values at exits),
     and other uses of ``p`` read a ``box_*`` of the label arg, inserted right
     after the label only if some op or jump arg needs it.

   2b. The same for a label arg the body does not unbox but reads only in
   snapshots (and in the recorder's ``ptr_eq(p, NULL)`` unbound checks), when
   the jump passes a box: a local assigned in the loop and read after the
   assignment, such as a ``for`` loop's variable.  Its box would be allocated
   in every iteration only for exits.  The preamble's check is then new -- a
   speculation that the entry value has the class the jump passes; traces are
   entered at the back-edge (after an interpreted iteration), where it has.

   Without an entry snapshot (``trace.entry is None``) nothing moves, nor does
   a label arg of a slot in ``keep_boxed`` (the driver generalized it: its
   values keep leaving the machine representation, so it stays an object and
   the body's own unboxes guard each use).

3. **Box sinking** -- a ``box_int`` / ``box_float`` / ``box_bool`` whose only uses
   are snapshots is removed and the snapshots read the machine value (boxed at
   the exit by the backend).  A box used by an op or a jump/label arg stays.

Contract: every rule shrinks or keeps the trace, never grows it -- except rule
2: its re-boxing adds one box after the label when the body still uses the
boxed label arg generically (the box the jump passed goes instead, so an
iteration allocates no more than before), and 2b adds its type check (one or
two ops) to the preamble, which runs once, to remove a box from every iteration.
The preamble guards of 2 are the body's guard_class/unbox moved.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from typing import NamedTuple

from .. import ir
from ..ir import Const, Op, const_bool
from pyjit.null import NULL
from .base import Pass, copy_snapshot, count_uses, label_index, replace_uses


class Unboxing(NamedTuple):
    cls: type           # the class of the boxed object
    box: str            # op boxing a machine value
    unbox: str          # op reading it back
    kind: str           # machine value kind
    needs_guard: bool   # the unbox is only valid after guard_class (unbox_float is no guard)


UNBOXINGS = (
    Unboxing(int, "box_int", "unbox_int", ir.I, needs_guard=False),
    Unboxing(float, "box_float", "unbox_float", ir.F, needs_guard=True),
)
for _u in UNBOXINGS:
    assert ir.OPS[_u.box].args == _u.kind and ir.OPS[_u.box].result == ir.R
    assert ir.OPS[_u.unbox].args == ir.R and ir.OPS[_u.unbox].result == _u.kind
    assert _u.needs_guard or ir.OPS[_u.unbox].guard, "an unbox that checks nothing needs the guard"
    assert ir.BOX_CLASS[_u.box] is _u.cls

BOXES = frozenset(ir.BOX_CLASS)
assert all(ir.OPS[b].pure and not ir.OPS[b].guard for b in BOXES)

_I64 = (-(1 << 63), (1 << 63) - 1)


def _is_null_check(op) -> bool:
    """The recorder's "is this input slot unbound" test, ``ptr_eq(p, NULL)``."""
    return op.name == "ptr_eq" and any(isinstance(a, Const) and a.value is NULL for a in op.args)


class _Plan(NamedTuple):
    arg: int                # index of the label arg
    how: Unboxing
    guards: list            # the body's guard_class(p, cls) ops
    unboxes: list           # the body's unbox(p) ops (empty: rule 2b)
    jump_arg: object        # the machine value the jump passes; None: the label arg itself


class OptUnbox(Pass):
    """Keeps loop-carried ints/floats unboxed; folds unbox(box(x)); sinks boxes into exits."""

    name = "unbox"

    def run(self, trace: ir.Trace) -> ir.Trace:
        self.loop_carried(trace)
        trace = super().run(trace)       # rule 1, a forward walk
        self.sink_boxes(trace)
        return trace

    # -- rule 1: unbox of a box ----------------------------------------------------

    def _unbox_of_box(self, op, box_name):
        box = op.args[0]
        if isinstance(box, Op) and box.name == box_name:
            x = box.args[0]
            # a preamble box of a label arg holds the entry value; in the body
            # the label arg holds another one
            if not (self.in_body and id(box) in self.before_label and not self.is_invariant(x)):
                if self.make_equal_to(op, x):
                    return
        self.emit(op)

    def optimize_unbox_int(self, op):
        self._unbox_of_box(op, "box_int")

    def optimize_unbox_float(self, op):
        self._unbox_of_box(op, "box_float")

    # -- rule 2: loop-carried values ---------------------------------------------

    def loop_carried(self, trace: ir.Trace) -> None:
        if trace.entry is None:
            return
        ops = trace.ops
        k = label_index(trace)
        label, jump = ops[k], ops[-1]
        body = ops[k + 1:-1]
        before = {id(v) for v in trace.inputs} | {id(op) for op in ops[:k]}
        label_ids = [id(a) for a in label.args]
        plans = []
        keep = self.keep_boxed
        for m, p in enumerate(label.args):
            if p.type != ir.R or label_ids.count(id(p)) != 1:
                continue
            if keep and m < len(trace.slots) and trace.slots[m] in keep:
                continue    # generalized: its values do not stay machine-sized
            for how in UNBOXINGS:
                plan = self._plan(m, p, jump.args[m], body, how, before, set(label_ids))
                if plan is not None:
                    plans.append(plan)
                    break
        if not plans:
            return

        preamble, dropped = [], set()
        args_map, snap_map = {}, {}
        for plan in plans:
            p = label.args[plan.arg]
            how = plan.how
            if plan.guards or how.needs_guard:
                g = plan.guards[0] if plan.guards else None
                cls = g.args[1] if g is not None else ir.const_ptr(how.cls)
                preamble.append(Op("guard_class", [p, cls], copy_snapshot(trace.entry),
                                   line=g.line if g is not None else None))
            u = plan.unboxes[0] if plan.unboxes else None
            snap = copy_snapshot(trace.entry) if ir.OPS[how.unbox].guard else None
            unboxed = Op(how.unbox, [p], snap, line=u.line if u is not None else None)
            preamble.append(unboxed)
            label.args[plan.arg] = unboxed
            jump.args[plan.arg] = unboxed if plan.jump_arg is None else plan.jump_arg
            for op in plan.guards + plan.unboxes:
                dropped.add(id(op))
            for op in plan.unboxes:
                args_map[id(op)] = unboxed
                snap_map[id(op)] = unboxed
            snap_map[id(p)] = unboxed
            # the recorder's unbound checks: an int/float is never the NULL
            # marker, so ptr_eq(p, NULL) is false and its guard_false goes
            for check in (op for op in body if _is_null_check(op) and any(a is p for a in op.args)):
                dropped.add(id(check))
                args_map[id(check)] = snap_map[id(check)] = const_bool(False)
                dropped.update(id(op) for op in body
                               if op.name == "guard_false" and op.args[0] is check)

        body = [op for op in body if id(op) not in dropped]
        # other uses of p by ops or jump args need the object: one box after the label
        reboxes = []
        for plan in plans:
            p = label.args[plan.arg].args[0]
            if any(a is p for op in body + [jump] for a in op.args):
                box = Op(plan.how.box, [label.args[plan.arg]])
                reboxes.append(box)
                args_map[id(p)] = box
        body = reboxes + body
        replace_uses(body + [jump], args_map, snapshots=False)
        replace_uses(body, snap_map, args=False)
        trace.ops = ops[:k] + preamble + [label] + body + [jump]

    def _plan(self, m, p, jump_arg, body, how, before, label_ids):
        unboxes = [op for op in body if op.name == how.unbox and op.args[0] is p]
        guards = [op for op in body if op.name == "guard_class" and op.args[0] is p
                  and isinstance(op.args[1], Const) and op.args[1].value is how.cls]
        if unboxes:
            if how.needs_guard and not guards:
                return None     # an unbox_float nobody checked: not ours to start checking
        elif jump_arg is p or not all(_is_null_check(op) for op in body
                                      if any(a is p for a in op.args)):
            return None     # rule 2b: p read only by snapshots and unbound checks
        if jump_arg is p:
            new = None
        elif isinstance(jump_arg, Op) and jump_arg.name == how.box:
            new = jump_arg.args[0]
            # a preamble box of a label arg: passing the arg would pass the
            # iteration's value, not the entry value the box holds
            if id(jump_arg) in before and not isinstance(new, Const) and id(new) in label_ids:
                return None
        elif isinstance(jump_arg, Const) and type(jump_arg.value) is how.cls and (
                how.kind != ir.I or _I64[0] <= jump_arg.value <= _I64[1]):
            new = Const(jump_arg.value, how.kind)
        else:
            return None     # e.g. a call's result: not known to be an int/float
        return _Plan(m, how, guards, unboxes, new)

    # -- rule 3: box sinking ---------------------------------------------------------

    def sink_boxes(self, trace: ir.Trace) -> None:
        uses = count_uses(trace, snapshots=False)     # operands, label and jump args
        k = label_index(trace)
        label_ids = {id(a) for a in trace.ops[k].args}
        sink = {}
        for idx, op in enumerate(trace.ops):
            if op.name in BOXES and uses.get(id(op), 0) == 0:
                x = op.args[0]
                if idx < k and not isinstance(x, Const) and id(x) in label_ids:
                    continue    # a preamble box of a label arg: in the body x is another value
                sink[id(op)] = x
        if sink:
            replace_uses(trace.ops, sink, args=False)
            trace.ops = [op for op in trace.ops if id(op) not in sink]
