"""Allocation removal (virtuals): objects the trace makes and that do not escape
are never built -- their fields live in trace values (RPython's
``optimizeopt/virtualize.py``, LuaJIT's allocation sinking).

What becomes virtual (in the loop body; the preamble is left alone):

* ``new_instance(C)`` -- an instance of a program class, its attributes
  stored by ``setattr_slot`` / ``setattr_values`` (an inlined ``__init__``),
  unless ``C`` (or a base) defines ``__del__``: its death is observable;
* ``build_tuple(...)``.

The uses a virtual absorbs: its attribute reads (``getattr_slot`` /
``getattr_values`` of a field stored in the trace read the stored value),
attribute writes, ``guard_class`` of its class, ``guard_no_dict``,
``type_of``, ``guard_len`` / ``len_list`` / ``tuple_getitem`` with a constant
index of a tuple, ``ptr_eq`` (a virtual is only itself: it never escaped, so no
other value can be it) and ``frame_end`` (nothing to release).  Snapshots name
a :class:`pyjit.jit.virtuals.Virtual` instead -- the class and the fields'
values as they are there -- and the exit builds the object
(:func:`pyjit.jit.virtuals.build`): an object that escapes only at exits is
built only by them.

Any other use is an escape: the object is *forced* right before the op that
lets it out -- ``new_instance`` and the stores (or ``build_tuple``), the
fields' own virtuals forced first -- and from there on it is an ordinary
value.  Identity holds: one object is built, before anything could observe
it; ``id()``, ``weakref.ref()``, a store into a global or a list, a call of
program code, a ``yield`` are all escapes.  The forcing ops need a snapshot
(an allocation can raise MemoryError): the escaping op's own, in which the
object is still virtual, or -- for an op without one (a store into another
object's slot, the jump) -- the last guard emitted when nothing with effects
came after it, or the back-edge's ``check_interrupt`` (the objects the jump
passes are forced before it).  Where none is to be had, the pass runs again
with that allocation left alone.

Only values whose death no program can observe are kept in a virtual's fields:
constants, boxes, values of a known class of :data:`heap.INERT` (int, float,
bool, str, None) and other virtuals.  Any other value stored into one forces
it first: the value's lifetime stays tied to a real object's, as in the
interpreter.

A local the jump passes a virtual in is carried as the object's fields
(:meth:`OptVirtualize._carry`), also when the body reads them before
anything may run code: the preamble reads them from the entry object, a
bridge from the object it passes (``Trace.carried_reads``, opt/bridge.py).

Contract: the trace shrinks, except that an object forced late is built by a
``new_instance`` plus one store per field -- no more than the trace had --
and a carried object whose fields the body reads gets its class checks and
field reads once in the preamble.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit.typelookup import type_dict, type_in, type_mro

from .. import ir
from ..ir import Const, Op, const_bool, const_int, const_ptr
from ..virtuals import MARK, Field, Virtual
from .base import Pass, copy_snapshot, copy_trace, replace_uses
from .unbox import _is_null_check
from .heap import INERT, runs_code

FIELD_LOADS = {"getattr_slot": "setattr_slot", "getattr_values": "setattr_values"}
FIELD_STORES = frozenset(FIELD_LOADS.values())


class _VState:
    """What the pass knows of one virtual: its class and its fields so far."""
    __slots__ = ("kind", "cls", "fields", "key")

    def __init__(self, kind, cls, fields):
        self.kind = kind
        self.cls = cls              # Const
        self.fields = fields        # instance: {name: (Field, value)}; tuple: [values]
        self.key = Virtual("tuple", cls, (), ()).key    # one identity for every snapshot

    def items(self):
        if self.kind == "tuple":
            return [(None, v) for v in self.fields]
        return list(self.fields.values())


_ALLOCATIONS = frozenset(("new_instance", "build_tuple"))   # the ops that may become virtual


class _Retry(Exception):
    """An object escapes where no snapshot is at hand: leave that allocation alone."""

    def __init__(self, index):
        self.index = index


def _has_del(cls) -> bool:
    return any("__del__" in type_dict(k) for k in type_mro(cls))


class OptVirtualize(Pass):
    """Removes allocations whose objects do not escape; exits build them."""

    name = "virtualize"

    def run(self, trace: ir.Trace) -> ir.Trace:
        self.keep: set = set()          # indices of allocations left alone
        self.removed = 0
        # (a retry starts again from the trace as it came: kept only if there is an
        # allocation to leave alone -- copying a trace's snapshots is not cheap)
        original = copy_trace(trace) if any(op.name in _ALLOCATIONS for op in trace.ops) \
            else None
        while True:
            try:
                return self._run_once(trace)
            except _Retry as r:
                self.keep.add(r.index)
                trace = copy_trace(original)

    def _run_once(self, trace):
        self.index = {id(op): k for k, op in enumerate(trace.ops)}
        self.removed = 0
        trace = super().run(trace)
        # a virtual the jump passes with no check_interrupt before it: forced
        # before the jump with the last guard's snapshot (or left alone: _Retry)
        jump = self.new_ops.pop()
        self._escape_operands(jump)
        self.new_ops.append(jump)
        if self.carried:
            self._name_carried(trace)
        return trace

    def start(self):
        self.virt: dict[int, _VState] = {}
        self.ops_of: dict[int, Op] = {}       # id -> the virtual's original op
        self.inert: set = set()               # ids of values of a known INERT class
        self.last_snap = None                 # a snapshot the forcing ops may use
        self.carried: dict[int, Virtual] = {}  # id(label arg) -> what body snapshots name

    # -- emitting ------------------------------------------------------------------

    def emit(self, op):
        if op.snapshot is not None and self.virt:
            self._describe(op.snapshot)
        super().emit(op)
        d = op.opdef
        if d.effects or d.raises:
            self.last_snap = None
        elif op.snapshot is not None:
            self.last_snap = op.snapshot

    def _describe(self, snap):
        """Snapshot values that are virtuals -> Virtual descriptions (as they are now)."""
        made = {}

        def get(v):
            v = self.get(v)         # (a field's virtual forced since: the built object)
            st = self.virt.get(id(v))
            if st is None:
                return v
            if id(v) not in made:
                made[id(v)] = None      # (a cycle is never stored: see _storable)
                made[id(v)] = Virtual(st.kind, st.cls, [f for f, _ in st.items()],
                                      [get(x) for _, x in st.items()], st.key)
            return made[id(v)]
        for fr in snap.frames:
            fr.remap(get)

    def default(self, op):
        self._escape_operands(op)
        self.emit(op)
        self._learn(op)

    def _learn(self, op):
        if op.name in ("box_int", "box_float", "box_bool", "const_ref"):
            if op.name != "const_ref" or type_in(type(op.args[0].value), INERT):
                self.inert.add(id(op))
        elif op.name == "guard_class" and isinstance(op.args[1], Const) \
                and type_in(op.args[1].value, INERT):
            self.inert.add(id(op.args[0]))
        elif op.name == "unbox_int":
            self.inert.add(id(op.args[0]))

    # -- escapes -----------------------------------------------------------------

    def _escape_operands(self, op, args=None):
        """Force every virtual among ``op``'s operands (all of them by default)."""
        vs = [a for a in (op.args if args is None else args) if id(a) in self.virt]
        if not vs:
            return
        snap = self._force_snapshot(op)
        if snap is None:
            raise _Retry(self.index[id(self.ops_of[id(vs[0])])])
        for v in vs:
            self._force(v, snap)
        replace_uses([op], self.replaced)

    def _force_snapshot(self, op):
        if op.snapshot is not None:
            return copy_snapshot(op.snapshot)
        return None if self.last_snap is None else copy_snapshot(self.last_snap)

    def _force(self, v, snap):
        st = self.virt.get(id(v))
        if st is None:
            return
        # the fields' objects first (an object stored in a field is built before it)
        for _, x in st.items():
            self._force(x, snap)
        vals = [self.get(x) for _, x in st.items()]
        self._describe(snap)
        if st.kind == "tuple":
            new = Op("build_tuple", vals, snap, line=self.ops_of[id(v)].line)
            del self.virt[id(v)]
            super().emit(new)
        else:
            new = Op("new_instance", [st.cls], snap, line=self.ops_of[id(v)].line)
            del self.virt[id(v)]
            super().emit(new)
            for (f, _), x in zip(st.items(), vals):
                s = copy_snapshot(snap) if ir.OPS[f.op].raises else None
                super().emit(Op(f.op, [new, f.name, f.index, x], s, line=new.line))
        self.replaced[id(v)] = new
        self.removed -= 1
        self.last_snap = None

    # -- allocations ---------------------------------------------------------------

    def _virtual_ok(self, op):
        return self.in_body and self.index.get(id(op)) not in self.keep

    def optimize_new_instance(self, op):
        cls = op.args[0]
        if not (self._virtual_ok(op) and isinstance(cls, Const) and isinstance(cls.value, type)
                and not _has_del(cls.value)):
            return self.default(op)
        self.virt[id(op)] = _VState("instance", cls, {})
        self.ops_of[id(op)] = op
        self.removed += 1

    def optimize_build_tuple(self, op):
        if not (self._virtual_ok(op) and all(self._storable(a, op) for a in op.args)):
            return self.default(op)
        self.virt[id(op)] = _VState("tuple", const_ptr(tuple), list(op.args))
        self.ops_of[id(op)] = op
        self.removed += 1

    def _storable(self, x, into) -> bool:
        """May ``x`` live in a virtual's field (its death is not observable; no cycle)?"""
        if isinstance(x, Const) or id(x) in self.inert:
            return True
        if id(x) not in self.virt:
            return False
        pending, seen = [x], set()
        while pending:              # does x reach `into`? (a cycle would never end)
            y = pending.pop()
            if y is into:
                return False
            if id(y) in self.virt and id(y) not in seen:
                seen.add(id(y))
                pending += [z for _, z in self.virt[id(y)].items()]
        return True

    # -- uses a virtual absorbs ------------------------------------------------------

    def _st(self, v):
        return self.virt.get(id(v))

    def optimize_guard_class(self, op):
        st = self._st(op.args[0])
        if st is not None and isinstance(op.args[1], Const) and op.args[1].value is st.cls.value:
            return
        self.default(op)

    def optimize_guard_no_dict(self, op):
        st = self._st(op.args[0])
        if st is not None and st.kind == "instance":
            return
        self.default(op)

    def optimize_ptr_eq(self, op):
        a, b = op.args
        if (id(a) in self.virt or id(b) in self.virt) and \
                self.make_equal_to(op, const_bool(a is b)):
            return
        self.default(op)

    def optimize_frame_end(self, op):
        # a virtual has no reference to release; the op stays (empty or not: where an
        # inlined frame returns is what the backends' reference plans go by)
        op.args = [a for a in op.args if id(a) not in self.virt]
        self.default(op)

    def _load(self, op):
        st = self._st(op.args[0])
        if st is not None and st.kind == "instance":
            known = st.fields.get(op.args[1].value)
            if known is not None and known[0].op == FIELD_LOADS[op.name] \
                    and self.make_equal_to(op, known[1]):
                return
        self.default(op)

    optimize_getattr_slot = optimize_getattr_values = _load

    def _store(self, op):
        o, name, index, x = op.args
        st = self._st(o)
        if st is not None and st.kind == "instance" and isinstance(name, Const) \
                and self._storable(x, o):
            st.fields[name.value] = (Field(op.name, name, index), x)
            return
        self.default(op)

    optimize_setattr_slot = optimize_setattr_values = _store

    def optimize_tuple_getitem(self, op):
        st = self._st(op.args[0])
        k = op.args[1]
        if st is not None and st.kind == "tuple" and isinstance(k, Const) \
                and 0 <= k.value < len(st.fields) and self.make_equal_to(op, st.fields[k.value]):
            return
        self.default(op)

    def optimize_guard_len(self, op):
        st = self._st(op.args[0])
        n = op.args[1]
        if st is not None and st.kind == "tuple" and isinstance(n, Const) \
                and n.value == len(st.fields):
            return
        self.default(op)

    def optimize_len_list(self, op):
        st = self._st(op.args[0])
        if st is not None and st.kind == "tuple" and \
                self.make_equal_to(op, const_int(len(st.fields))):
            return
        self.default(op)

    def optimize_check_interrupt(self, op):
        # the objects the jump passes are carried as their fields (_carry) or
        # built before the back-edge's check, with its snapshot (the loop
        # header's state)
        jump = self.trace.ops[-1]
        if jump.name == "jump":
            self._carry(jump)
            self._escape_operands(op, [self.get(a) for a in jump.args])
        self.default(op)

    # -- virtuals the loop carries ---------------------------------------------------

    def _reach(self, v, out):
        """Add the virtuals reachable from virtual ``v``'s fields to ``out``."""
        for _, x in self.virt[id(v)].items():
            x = self.get(x)
            if id(x) in self.virt and id(x) not in out:
                out.add(id(x))
                self._reach(x, out)

    def _carry(self, jump):
        """A local the jump passes a virtual in, which the next iteration reads
        only in snapshots (and the recorder's unbound checks), inlined frames'
        ends, class checks and reads of the object's fields: the label carries
        the fields instead, plus the local's *real* value -- the entry value,
        then :data:`MARK` (jit/virtuals.py).  Only objects whose fields are not
        virtual themselves, passed once and not reachable from another object
        the jump passes (forcing that one would build this one: two objects
        where the interpreter has one).  The fields the body reads are read
        from the entry object in the preamble (:meth:`_reads` says when that is
        what the first iteration would read) and from the object a bridge
        passes before its jump (``Trace.carried_reads``, opt/bridge.py)."""
        label = self.trace.label()
        args = [self.get(a) for a in jump.args]
        k0 = next(i for i, o in enumerate(self.new_ops) if o is label)
        positions = [k for k, a in enumerate(args) if id(a) in self.virt]
        nested: set = set()
        for k in positions:
            self._reach(args[k], nested)
        carried_reads = []
        for k in positions:
            v, real = args[k], label.args[k]
            st = self.virt[id(v)]
            if real.type != ir.R or id(v) in nested \
                    or sum(1 for a in args if a is v) != 1 \
                    or sum(1 for a in label.args if a is real) != 1 \
                    or any(id(self.get(x)) in self.virt for _, x in st.items()):
                continue
            uses = self._reads(real, st, self.new_ops[k0 + 1:])
            if uses is None:
                continue
            checks, reads = uses
            checks = sorted({c.name: c for c in checks}.values(),      # class first
                            key=lambda c: c.name != "guard_class")
            read_arg = {}          # field name -> the label arg carrying it
            if checks or reads:
                pre = self._read_entry(real, checks, reads, read_arg)
                self.new_ops[k0:k0] = pre
                self.before_label.update(id(o) for o in pre)
                k0 += len(pre)
                gone = {id(o) for o in uses[0] + reads}
                self.new_ops = [o for o in self.new_ops if id(o) not in gone]
                mapping = {id(r): read_arg[r.args[1].value] for r in reads}
                self.replaced.update(mapping)
                replace_uses(self.new_ops[k0 + 1:], mapping)
            values, fields = [], []
            names = list(st.fields) if st.kind == "instance" else [None] * len(st.fields)
            for name, (f, x) in zip(names, st.items()):
                x = self.get(x)
                arg = read_arg.get(name)
                if arg is not None:
                    label.args.append(arg)       # (the preamble's read: the entry value)
                    jump.args.append(x)
                    self.label_args.add(id(arg))
                    values.append(arg)
                    fields.append((arg, arg.name, f.name, f.index))
                    continue
                if isinstance(x, Const):
                    values.append(x)     # the same in every iteration: no label arg
                    continue
                dummy = self._dummy(x, k0)
                k0 += 1
                label.args.append(dummy)
                jump.args.append(x)
                self.label_args.add(id(dummy))
                values.append(dummy)
            jump.args[k] = Const(MARK, ir.R)
            self.carried[id(real)] = Virtual(st.kind, st.cls, [f for f, _ in st.items()],
                                             values, real=real)
            if checks or reads:
                carried_reads.append((k, [(c.name, c.args[1:]) for c in checks], fields))
        # positions of the fields' label args from the end: a bridge that makes a
        # slot loop-carried inserts its label arg before them (record/core.py)
        n = len(label.args)
        self.trace.carried_reads = [
            (k, checks, [(n - next(i for i, a in enumerate(label.args) if a is arg), op, name,
                          index) for arg, op, name, index in fields])
            for k, checks, fields in carried_reads]

    def _reads(self, real, st, body):
        """``(checks, reads)`` if the body uses label arg ``real`` (a local the
        jump passes virtual ``st`` in) only in snapshots, unbound checks,
        inlined frames' ends, checks of its class (``guard_class`` of the
        virtual's class, ``guard_no_dict``) and reads of fields the virtual has
        (stored by the same op), none of them after an op that may run code or
        store (so in the first iteration they see the entry object as the
        preamble does); else None."""
        if st.kind != "instance":
            return None if any(real in o.args for o in body if not _is_null_check(o)
                               and o.name != "frame_end") else ([], [])
        checks, reads, dirty = [], [], False
        for o in body:
            if real in o.args and not (_is_null_check(o) or o.name == "frame_end"):
                if o.args[0] is not real or real in o.args[1:] or dirty:
                    return None
                if o.name == "guard_no_dict" or (
                        o.name == "guard_class" and isinstance(o.args[1], Const)
                        and o.args[1].value is st.cls.value):
                    checks.append(o)
                elif o.name in FIELD_LOADS and isinstance(o.args[1], Const):
                    known = st.fields.get(o.args[1].value)
                    if known is None or known[0].op != FIELD_LOADS[o.name] \
                            or known[0].index != o.args[2]:
                        return None
                    reads.append(o)
                else:
                    return None
            if runs_code(o):
                dirty = True
        if reads and not any(c.name == "guard_class" for c in checks):
            return None     # (the recorder reads a field after checking the class)
        if (checks or reads) and self.trace.entry is None:
            return None
        return checks, reads

    def _read_entry(self, real, checks, reads, read_arg):
        """The preamble's checks and reads of the entry object (``real`` before
        the label), with the entry snapshot: failing there leaves at the loop
        header, before the first iteration (as the body's own would have left
        in it, later).  Fills ``read_arg``: field name -> its read."""
        def snap():
            return copy_snapshot(self.trace.entry)
        pre = [Op("guard_nonnull", [real], snap())]
        pre += [Op(c.name, [real] + c.args[1:], snap(), line=c.line) for c in checks]
        for r in reads:
            name = r.args[1].value
            if name not in read_arg:
                read_arg[name] = Op(r.name, [real, r.args[1], r.args[2]], snap(), line=r.line)
                pre.append(read_arg[name])
        return pre

    def _dummy(self, x, at):
        """A label arg's entry value that no one reads (the real value is the
        entry object): of the class the jump passes, so that unbox can carry a
        float or int field as a machine value (its preamble check then holds)."""
        zero = {"box_int": ir.const_int(0), "box_float": ir.const_float(0.0),
                "box_bool": const_bool(False)}
        name = x.name if isinstance(x, Op) else None
        op = Op(name, [zero[name]]) if name in zero else Op("const_ref", [const_ptr(None)])
        self.new_ops.insert(at, op)
        self.before_label.add(id(op))
        return op

    def _name_carried(self, trace):
        """Body snapshots name a carried label arg as its virtual object."""
        carried = self.carried

        def get(v):
            t = carried.get(id(v))
            return v if t is None else t.map(lambda x: x)
        k = next(i for i, o in enumerate(trace.ops) if o.name == "label")
        for op in trace.ops[k + 1:]:
            if op.snapshot is not None:
                for fr in op.snapshot.frames:
                    fr.remap(get)


__all__ = ["OptVirtualize"]
