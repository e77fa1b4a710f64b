"""What the optimizer passes share: copying a trace, replacing a value's uses,
counting uses, and :class:`Pass`, the forward walk most passes are.

A pass gets a trace it may change in place (:func:`pyjit.jit.opt.optimize`
copies the caller's trace once) and returns the optimized trace.

Values across the label
-----------------------
A label arg is a variable: in the preamble it holds the entry value, in the
body the current iteration's (``jump`` rebinds it).  Every other value defined
before the label -- an input that is not a label arg, a preamble op that is not
a label arg -- is loop-invariant: the body sees the one value the preamble
computed.  Two consequences every pass obeys (:meth:`Pass.make_equal_to`
enforces them):

* a label arg is never replaced (it is a definition, not a use);
* a preamble value is never replaced by a label arg: the body would read the
  iteration's value where the preamble's was meant.

Knowledge about a label arg gathered in the preamble says nothing about the body;
knowledge about an invariant value does (see :meth:`Pass.is_invariant`).

A label arg that the jump passes unchanged (``label(p0, i1) ... jump(p0, i5)``:
the loop reads ``p0`` and never assigns it) is loop-invariant too: every
iteration sees the entry value.  Bridges, recorded after the loop was
optimized, jump to the label too; :func:`pyjit.jit.opt.bridge.enter_loop`
refuses a bridge that would pass another value there (``Trace.invariant``
lists those label positions), so the optimizer may rely on it.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import types

from pyjit.typelookup import is_type, type_flags, type_mro

from .. import ir
from ..ir import Const, Input, Op, Snapshot
from ..virtuals import Virtual

# ---------------------------------------------------------------------------
# copying


def copy_snapshot(snap: Snapshot, get=None) -> Snapshot:
    """A fresh snapshot with ``get`` applied to every value (identity by default);
    the order of each frame's locals (which fixes the exit layout) is kept."""
    return snap.map(get if get is not None else (lambda v: v))


def copy_trace(trace: ir.Trace) -> ir.Trace:
    """A deep copy (new inputs, ops and snapshots; constants shared), keeping what
    the text form loses: source lines, instruction counts, input slots, inlined frames' functions."""
    new: dict[int, ir.Value] = {}

    def get(v):
        return v if isinstance(v, Const) else new[id(v)]

    inputs = []
    for v in trace.inputs:
        c = Input(v.type)
        new[id(v)] = c
        inputs.append(c)
    ops = []
    for op in trace.ops:
        snap = _copy_snapshot_ids(op.snapshot, new, get) if op.snapshot is not None else None
        c = Op(op.name, [get(a) for a in op.args], snap, line=op.line)
        c.instr = op.instr
        new[id(op)] = c
        ops.append(c)
    entry = _copy_snapshot_ids(trace.entry, new, get) if trace.entry is not None else None
    out = ir.Trace(inputs, ops, slots=trace.slots, entry=entry)
    out.variant = trace.variant
    return out


def unshare_snapshots(trace: ir.Trace) -> None:
    """Give every op of ``trace`` snapshots, frames and frame lists of its own:
    the recorder shares one snapshot between ops that leave with the same
    state, and the passes change an op's snapshot in place (what a deep copy
    does for ``optimize``, without copying the unshared ones)."""
    seen: set = set()
    ops = [op for op in trace.ops if op.snapshot is not None]
    for op in ops:
        snap = op.snapshot
        parts = [id(snap)] + [id(x) for fr in snap.frames
                              for x in (fr, fr.locals, fr.stack, fr.extra)]
        if seen.isdisjoint(parts):
            seen.update(parts)
        else:
            op.snapshot = _copy_snapshot_ids(snap, {}, lambda v: v)
            seen.update(id(x) for fr in op.snapshot.frames
                        for x in (fr, fr.locals, fr.stack, fr.extra))
    if trace.entry is not None and not seen.isdisjoint(
            [id(trace.entry)] + [id(fr) for fr in trace.entry.frames]):
        trace.entry = _copy_snapshot_ids(trace.entry, {}, lambda v: v)


def _copy_snapshot_ids(snap: Snapshot, new: dict, get) -> Snapshot:
    """``copy_snapshot(snap, get)`` where ``get`` is ``new[id(v)]`` for values
    other than constants (which ``new`` does not hold): a frame without a
    Virtual is copied without a Python call per value (copying snapshots was
    the largest part of the optimizer's time)."""
    frames = []
    for fr in snap.frames:
        if _has_virtual(fr):
            frames.append(fr.map(get))
            continue
        c = ir.FrameSnap.__new__(ir.FrameSnap)
        c._func, c.pc, c.name, c.kind, c.code = fr._func, fr.pc, fr.name, fr.kind, fr.code
        c.locals = _mapped_dict(new, fr.locals)
        c.stack = _mapped_list(new, fr.stack)
        c.extra = _mapped_list(new, fr.extra)
        c.fref = None if fr.fref is None else get(fr.fref)
        frames.append(c)
    return Snapshot(frames, snap.restart)


def _has_virtual(fr: ir.FrameSnap) -> bool:
    return Virtual in map(type, fr.locals.values()) or Virtual in map(type, fr.stack) or \
        Virtual in map(type, fr.extra)


def _mapped_dict(new: dict, d: dict) -> dict:
    """``{k: new.get(id(v), v)}`` computed in C."""
    vals = d.values()
    return dict(zip(d.keys(), map(new.get, map(id, vals), vals)))


def _mapped_list(new: dict, xs: list) -> list:
    return list(map(new.get, map(id, xs), xs))


def invariant_positions(trace: ir.Trace) -> list:
    """The label positions the jump passes unchanged -- but not those of
    ``trace.variant``'s slots, which a bridge assigns (the next paths of the
    loop would not keep them)."""
    label, jump = trace.label(), trace.ops[-1]
    slots, variant = trace.slots, trace.variant
    return [k for k, (a, b) in enumerate(zip(label.args, jump.args))
            if a is b and not (k < len(slots) and slots[k] in variant)]


# ---------------------------------------------------------------------------
# uses


def replace_uses(ops, mapping: dict, *, args: bool = True, snapshots: bool = True) -> None:
    """Apply ``mapping`` (``id(old) -> new value``) in place to the operands
    (``args``; jump args are operands) and/or the snapshot values (``snapshots``)
    of ``ops``.  Label args are definitions and are left alone."""
    if not mapping:
        return

    def get(v):
        return mapping.get(id(v), v)

    keys = mapping.keys()
    for op in ops:
        # (most ops and frames name no replaced value: looked at in C, without a
        # call per value -- every pass calls this for every op: the optimizer's
        # main cost was remapping snapshots that did not change)
        if args and op.name != "label" and not keys.isdisjoint(map(id, op.args)):
            op.args = [get(a) for a in op.args]
        if snapshots and op.snapshot is not None:
            for fr in op.snapshot.frames:
                if _untouched(keys, fr):
                    continue
                if _has_virtual(fr):
                    fr.remap(get)
                else:
                    if fr.fref is not None:
                        fr.fref = get(fr.fref)
                    fr.locals = _mapped_dict(mapping, fr.locals)
                    fr.stack = _mapped_list(mapping, fr.stack)
                    fr.extra = _mapped_list(mapping, fr.extra)


def _untouched(keys, fr: ir.FrameSnap) -> bool:
    """Does no value of frame ``fr`` have its id among ``keys``?  (A Virtual
    value is looked into by ``remap``: a frame holding one is not untouched.)"""
    return keys.isdisjoint(map(id, fr.locals.values())) and keys.isdisjoint(map(id, fr.stack)) \
        and keys.isdisjoint(map(id, fr.extra)) and (fr.fref is None or id(fr.fref) not in keys) \
        and not _has_virtual(fr)


def count_uses(trace: ir.Trace, *, snapshots: bool = True) -> dict[int, int]:
    """``id(value) -> number of uses``: operands, label and jump args, and (with
    ``snapshots``) snapshot values including the entry snapshot's."""
    uses: dict[int, int] = {}
    for op in trace.ops:
        for a in op.args:
            if not isinstance(a, Const):
                uses[id(a)] = uses.get(id(a), 0) + 1
        if snapshots and op.snapshot is not None:
            for v in op.snapshot.values():
                if not isinstance(v, Const):
                    uses[id(v)] = uses.get(id(v), 0) + 1
    if snapshots and trace.entry is not None:
        for v in trace.entry.values():
            if not isinstance(v, Const):
                uses[id(v)] = uses.get(id(v), 0) + 1
    return uses


def label_index(trace: ir.Trace) -> int:
    for k, op in enumerate(trace.ops):
        if op.name == "label":
            return k
    raise ValueError("a loop trace has a label")


# ---------------------------------------------------------------------------
# types whose instances keep their class

_IMMUTABLETYPE = 1 << 8     # Py_TPFLAGS_IMMUTABLETYPE (static types and some C heap types)


def class_is_fixed(t) -> bool:
    """``__class__`` assignment cannot change the class of an instance of ``t``.

    CPython refuses it when either class is immutable (all static types: int,
    float, tuple, list, ...), except between module types.  An instance of a
    user class can change class whenever code runs, so knowing its class is
    only good until the next op with effects."""
    return is_type(t) and bool(type_flags(t) & _IMMUTABLETYPE) \
        and not issubclass(t, types.ModuleType)


def const_of_kind(value, kind: str):
    """``Const(value, kind)`` if ``value`` is a valid value of that kind, else None
    (a fold whose result does not fit the op's result kind is not done)."""
    if kind == ir.I:
        ok = type(value) is int and -(1 << 63) <= value < (1 << 63)
    elif kind == ir.F:
        ok = type(value) is float
    elif kind == ir.B:
        ok = type(value) is bool
    else:
        ok = kind == ir.R
    return Const(value, kind) if ok else None


# ---------------------------------------------------------------------------
# the forward walk


class Replacements(dict):
    """``id(old) -> new value``, where a new value may itself have been
    replaced later (an op rewritten into a new op that is then merged with an
    earlier one): ``get`` follows the chain to the value that is emitted."""

    def get(self, key, default=None):
        v = dict.get(self, key, default)
        while v is not default and v is not None:
            nxt = dict.get(self, id(v))
            if nxt is None:
                break
            v = nxt
        return v


class Pass:
    """A pass that walks the ops in order and decides, op by op, what to emit.

    Subclasses define ``optimize_<opname>(self, op)`` methods; the dispatch
    table (``DISPATCH``: op name -> function) is built once per class when the
    class is created, and a method naming no op is an error then.  Ops without
    a handler go to :meth:`default`.  Before a handler runs, the op's operands
    and snapshot already refer to the replacements made so far.
    """

    name = ""                # the name in opt.PIPELINE
    DISPATCH: dict = {}
    keep_boxed = frozenset()  # input slots the driver generalized (see opt.optimize)

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        table = {}
        for klass in reversed(type_mro(cls)):
            for attr, fn in vars(klass).items():
                if attr.startswith("optimize_"):
                    opname = attr[len("optimize_"):]
                    assert opname in ir.OPS, f"{cls.__name__}.{attr}: no op {opname!r}"
                    assert not ir.OPS[opname].structural, f"{cls.__name__}.{attr}: structural op"
                    table[opname] = fn
        cls.DISPATCH = {name: table.get(name, cls.default) for name in ir.OPS}

    # -- running -------------------------------------------------------------

    def run(self, trace: ir.Trace) -> ir.Trace:
        self.trace = trace
        label = trace.label()
        self.label_args = {id(a) for a in label.args}
        jump = trace.ops[-1]
        # label args the jump passes unchanged: loop-invariant (module docstring)
        self.invariant_args = {id(label.args[k]) for k in invariant_positions(trace)} \
            if jump.name == "jump" else set()
        self.in_body = False
        self.before_label = {id(v) for v in trace.inputs}   # ids defined before the label
        self.replaced: dict[int, ir.Value] = Replacements()
        self.new_ops: list[Op] = []
        self.start()
        dispatch = self.DISPATCH
        for op in trace.ops:
            if op.name == "label":
                self.new_ops.append(op)
                self.in_body = True
                self.enter_body(op)
                continue
            replace_uses([op], self.replaced)
            if op.name == "jump":
                self.new_ops.append(op)
                continue
            dispatch[op.name](self, op)
        trace.ops = self.new_ops
        return trace

    def start(self) -> None:
        """Hook: before the first op."""

    def enter_body(self, label: Op) -> None:
        """Hook: at the label (drop the knowledge that does not hold in the body)."""

    def default(self, op: Op) -> None:
        self.emit(op)

    # -- emitting and replacing ------------------------------------------------

    def emit(self, op: Op) -> None:
        self.new_ops.append(op)
        if not self.in_body:
            self.before_label.add(id(op))

    def get(self, v):
        while id(v) in self.replaced:
            v = self.replaced[id(v)]
        return v

    def make_equal_to(self, op: Op, value) -> bool:
        """Drop ``op``: its uses (operands, snapshots, jump args) read ``value``.
        False, and nothing done, where the label forbids it (see the module
        docstring): the caller emits ``op`` instead."""
        value = self.get(value)
        if id(op) in self.label_args:
            return False
        if not self.in_body and not isinstance(value, Const) and id(value) in self.label_args:
            return False
        self.replaced[id(op)] = value
        return True

    # -- where values live -----------------------------------------------------

    def sees_definition(self, v: Op) -> bool:
        """Is op ``v``'s value, here, what ``v`` computes from its operands as
        they are here?  Not in the body for a preamble op that is a label arg
        or read one: the preamble computed it from the entry values, the body's
        label args hold the iteration's (a rule rewriting ``not (a < b)`` into
        ``a >= b`` must not read the body's ``a`` for the preamble's)."""
        if not self.in_body or id(v) not in self.before_label:
            return True
        return not self.varies(id(v)) and all(self.is_invariant(a) for a in v.args)

    def varies(self, k: int) -> bool:
        """Is the value with id ``k`` a label arg that changes between iterations?"""
        return k in self.label_args and k not in self.invariant_args

    def is_invariant(self, v) -> bool:
        """``v`` is one value for the whole loop: a constant, or defined before
        the label and not a label arg the jump changes."""
        return isinstance(v, Const) or (id(v) in self.before_label and not self.varies(id(v)))
