"""The LLVM backend (``--jit-backend llvm``): a trace becomes one native function.

``compile(trace)`` writes the trace as LLVM IR *text* (f-strings: ~40x cheaper
than llvmlite's IR builder), has llvmlite parse, verify and optimize it (O2),
compiles it with one MCJIT engine shared by all traces, and wraps the machine
code in a real builtin function (``PyCFunction_NewEx`` on a METH_O
``PyMethodDef``): entering the loop costs one builtin call (~10 ns; ``enter``
adds a Python-level check of buf, ~50 ns), and the native code runs with the
GIL held, so it calls the C-API directly.

The native function is ``PyObject *trace(PyObject *self, PyObject *buf)``;
the protocol is the one of :mod:`.traceinterp` (notes/jit.md, "Backend
contract")::

    entry:    inputs = buf[1:], incref'd (the trace owns them)
              ...preamble...                 ops before label: run once
    loop:     phi per label arg              [preamble value, jump arg]
              ...body...
              br loop                        jump
    exit_g:   (guard g failed)  store g's snapshot values in buf[1:]; return g
    raise_g:  (op g raised)     the same, buf[0] = g; return NULL (exception set)
    bridge_g: (guard g failed, and it has a bridge) the bridge's ops; br loop

Value kinds map to LLVM types: ``r`` -> ``ptr`` (PyObject*), ``i`` -> ``i64``,
``f`` -> ``double``, ``b`` -> ``i1``.  Object constants are their addresses
(``id(obj)``); the Loop holds the trace, which holds the constants.

Reference counting is planned before any IR is written (:class:`RefPlan`,
the "ownership" section): every ref value the trace makes or reads is an
owned reference, decref'd right after its last use; whatever is still owned
when a guard fails is decref'd (or moved into ``buf``) on the way out.

Layout: the CPython 3.11 x86-64 object layouts used here are constants in the
"layout" section; the ones that are not documented API (range iterators) are
checked against a live object at import.  llvmlite is imported lazily, by the
first compile (``pyjit run`` must not pay for it).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import ctypes
import struct
import sys
import time

from pyjit.null import NULL

from . import ir

# ---------------------------------------------------------------------------
# CPython 3.11 layout (64-bit)

assert sys.version_info[:2] == (3, 11) and ctypes.sizeof(ctypes.c_void_p) == 8, \
    "backend_llvm knows CPython 3.11's 64-bit object layout only"

OB_REFCNT = 0
OB_TYPE = 8
OB_SIZE = 16            # PyVarObject.ob_size (list/tuple length, int sign*ndigits)
LIST_ITEMS = 24         # PyListObject.ob_item (a pointer: it moves when the list grows)
TUPLE_ITEMS = 24        # PyTupleObject.ob_item[] (inline)
CELL_REF = 16           # PyCellObject.ob_ref (NULL: empty)
LONG_DIGITS = 24        # PyLongObject.ob_digit[] (uint32, 30 bits used)
FLOAT_VALUE = 16        # PyFloatObject.ob_fval
DICT_VERSION = 24       # PyDictObject.ma_version_tag (uint64)
TYPE_VERSION = 384      # PyTypeObject.tp_version_tag (uint32)
SEQITER_INDEX = 16      # listiterobject / tupleiterobject .it_index
SEQITER_SEQ = 24        # .it_seq (NULL once exhausted)
RANGEITER_FIELDS = (16, 24, 32, 40)   # rangeiterobject: index, start, step, len (C longs)
VECTORCALL_ARGUMENTS_OFFSET = 1 << 63  # callee may use args[-1] as scratch


def _rangeiter_layout_ok() -> bool:
    """Does a live range iterator have the {index, start, step, len} layout of
    3.11's rangeobject.c?  (3.12 dropped ``index``.)  If not, rangeiter_next
    goes through the generic ``PyIter_Next``."""
    it = iter(range(5, 100, 7))
    next(it)
    next(it)
    fields = [ctypes.c_long.from_address(id(it) + off).value for off in RANGEITER_FIELDS]
    return fields == [2, 5, 7, 14] and type(it).__basicsize__ == 48


RANGEITER_INLINE = _rangeiter_layout_ok()

# ---------------------------------------------------------------------------
# the C-API the native code calls: name -> LLVM signature (return, params)

_CAPI = {
    "_Py_Dealloc": ("void", "ptr"),
    "Py_IncRef": ("void", "ptr"),          # NULL-safe: used on the cold exit paths
    "Py_DecRef": ("void", "ptr"),
    "PyLong_FromLongLong": ("ptr", "i64"),
    "PyLong_AsLongLong": ("i64", "ptr"),
    "PyFloat_FromDouble": ("ptr", "double"),
    "PyObject_RichCompare": ("ptr", "ptr, ptr, i32"),
    "PyNumber_Negative": ("ptr", "ptr"),
    "PyNumber_Positive": ("ptr", "ptr"),
    "PyNumber_Invert": ("ptr", "ptr"),
    "PyObject_Not": ("i32", "ptr"),
    "PyObject_IsTrue": ("i32", "ptr"),
    "PySequence_Contains": ("i32", "ptr, ptr"),
    "PyObject_GetAttr": ("ptr", "ptr, ptr"),
    "PyObject_SetAttr": ("i32", "ptr, ptr, ptr"),
    "PyObject_GetItem": ("ptr", "ptr, ptr"),
    "PyObject_SetItem": ("i32", "ptr, ptr, ptr"),
    "PyObject_DelItem": ("i32", "ptr, ptr"),
    "PyIter_Check": ("i32", "ptr"),
    "PyIter_Next": ("ptr", "ptr"),
    "PyErr_Occurred": ("ptr", ""),
    "PyObject_GetIter": ("ptr", "ptr"),
    "PyObject_Vectorcall": ("ptr", "ptr, ptr, i64, ptr"),
    "PyTuple_New": ("ptr", "i64"),
    "PyList_New": ("ptr", "i64"),
}

# BINARY_OP's oparg (3.11, see opcodes.BINARY_OPS) -> PyNumber_* function;
# 13..25 are the in-place forms in the same order
_BINOP_NAMES = ("Add", "And", "FloorDivide", "Lshift", "MatrixMultiply", "Multiply",
                "Remainder", "Or", "Power", "Rshift", "Subtract", "TrueDivide", "Xor")
BINOP_FUNCS = tuple(f"PyNumber_{n}" for n in _BINOP_NAMES) + \
    tuple(f"PyNumber_InPlace{n}" for n in _BINOP_NAMES)
for _f in BINOP_FUNCS:
    _CAPI[_f] = ("ptr", "ptr, ptr, ptr") if _f.endswith("Power") else ("ptr", "ptr, ptr")
UNARY_FUNCS = ("PyNumber_Negative", "PyNumber_Positive", "PyNumber_Invert")  # 3 is `not`

_INTRINSICS = {
    "llvm.sadd.with.overflow.i64": ("{i64, i1}", "i64, i64"),
    "llvm.ssub.with.overflow.i64": ("{i64, i1}", "i64, i64"),
    "llvm.smul.with.overflow.i64": ("{i64, i1}", "i64, i64"),
}

_LLTYPE = {ir.R: "ptr", ir.I: "i64", ir.F: "double", ir.B: "i1"}
_I64_MIN = -(1 << 63)


SUPPORTS_BRIDGES = True   # a guard's bridge is compiled as a branch of the same function


class CompileError(ValueError):
    """The trace is outside what this backend compiles (the driver keeps
    running it in the interpreter)."""


# ---------------------------------------------------------------------------
# ownership: which references the trace owns, and where each one dies
#
# Every ref value is an owned reference: op results are new references (the
# C-API's, or an incref'd borrowed load), inputs are incref'd at entry, label
# phis own what the preamble, the jump or a bridge's jump handed them.
# Constants are never owned (the trace keeps them alive).
#
# The trace is a tree of straight *paths*: the main one (preamble, label,
# body, jump) and one per bridge (the ops a failing guard runs instead of
# leaving, ending with their own jump to the label).  Along a path a value is
# *used* by the operands of ops, by every snapshot it appears in (a guard may
# need to store it in buf), by the jump, and by anything a guard's bridge uses
# (the guard's failure continues there).  Per path, a value dies at its last
# use:
#
# - used only before the label: decref'd right after its last use;
# - a label arg (defined before the label): ownership moves to the phi;
# - defined before the label and used in the body or any bridge:
#   loop-invariant, owned for the whole loop, decref'd only on the way out;
# - passed to the path's jump: ownership moves to the next iteration's phi (an
#   extra occurrence in the jump, or an invariant or a constant passed to it,
#   is incref'd);
# - otherwise decref'd right after its last use (right after its definition
#   if it has none; at the start of a bridge if the bridge does not use it).
#
# On leaving the trace at op j of a path, the owned values live there --
# alive at the path's start or defined before j, and not dead before j -- are
# moved into buf (if in the snapshot) or decref'd, so an exit leaks nothing.
# A bridge starts with exactly that set (what its guard would have dropped).


class Slot:
    """One SSA incarnation of a trace value: an input, a label phi or an op
    result.  (A label arg is two slots: its preamble definition and the phi
    that stands for it in the body.)"""
    __slots__ = ("value", "kind", "owned", "nullable", "invariant", "name")

    def __init__(self, value):
        self.value = value
        self.kind = value.type
        self.owned = self.kind == ir.R
        self.nullable = False       # may be C NULL (call_iternext's "exhausted")
        self.invariant = False      # defined before the label, used after it: lives all loop
        self.name = None            # its LLVM value, set while emitting


class Path:
    """The ownership plan of one straight path (the main trace or a bridge)."""

    def __init__(self, ops, main: bool):
        self.ops = ops
        self.main = main
        self.born: dict[int, int] = {}      # id(slot) -> where it starts being owned
        self.death: dict[int, int | None] = {}   # id(slot) -> op index after which
        #                                     it is dead (-1: at the start; None: never)
        self.moved: set[int] = set()        # id(slot): handed on (label/jump) at death
        self.slots: list[Slot] = []         # every owned slot of the path, in order
        self.dies_after: dict[int, list[Slot]] = {}   # op index -> decref after it
        self.bridges: dict[int, Path] = {}  # guard index -> its bridge's plan
        self._live: dict[int, list[Slot]] | None = None

    def own(self, s: Slot, born: int) -> None:
        if s.owned and id(s) not in self.born:
            self.born[id(s)] = born
            self.slots.append(s)

    def live_at(self, j: int) -> list[Slot]:
        """The owned slots alive when op j leaves the trace (or runs its
        bridge): born before j, not dead before j."""
        if self._live is None:
            self._live = self._sweep()
        return self._live[j]

    def _sweep(self) -> dict[int, list[Slot]]:
        """live_at of every op with a snapshot, in one pass (asking each slot
        at each exit would be quadratic in the trace's length)."""
        born: dict[int, list[Slot]] = {}
        dead: dict[int, list[Slot]] = {}
        for s in self.slots:
            born.setdefault(self.born[id(s)], []).append(s)
            if self.death[id(s)] is not None:
                dead.setdefault(self.death[id(s)], []).append(s)
        live: dict[int, Slot] = {}       # insertion-ordered: exits are deterministic
        out = {}
        for j in range(-1, len(self.ops)):
            if j >= 0 and self.ops[j].snapshot is not None:
                out[j] = list(live.values())
            for s in born.get(j, ()):
                live[id(s)] = s
            for s in dead.get(j, ()):
                del live[id(s)]
        return out


class RefPlan:
    """The ownership plan of a trace (see the section comment): ``main`` is the
    plan of the main path, ``main.bridges[k]`` of the bridge of its op k, and
    so on down."""

    def __init__(self, trace: ir.Trace):
        ops = trace.ops
        self.label_at = L = next(k for k, op in enumerate(ops) if op.name == "label")
        label = ops[L]
        self._pre: dict[int, Slot] = {}     # id(value) -> slot, before the label
        self._body: dict[int, Slot] = {}    # id(value) -> slot, after it (bridges too)
        self.results: dict[int, Slot] = {}  # id(op) -> its result's slot
        self.inputs = [self._define(self._pre, v) for v in trace.inputs]
        self.phis: list[Slot] = []
        for k, op in enumerate(ops):
            if op.name == "label":
                for a in op.args:
                    if isinstance(a, ir.Const) or id(a) in self._body:
                        raise CompileError("label args must be distinct non-constant values")
                    self.phis.append(self._define(self._body, a))
            elif op.type != ir.V:
                self.results[id(op)] = self._define(self._pre if k < L else self._body, op)
        bridge_ops = list(_bridge_ops(ops))
        for op in bridge_ops:
            if op.type != ir.V:
                self.results[id(op)] = self._define(self._body, op)
        for op in ops + bridge_ops:
            if op.name == "call_iternext":
                self.results[id(op)].nullable = True
        # loop-invariant: a preamble value (not a label arg) used in the body or a bridge
        pre = {id(s) for s in self._pre.values()}
        label_args = {id(a) for a in label.args}
        for op in ops[L + 1:] + bridge_ops:
            for s in self.uses(op, True):
                if id(s) in pre and id(s.value) not in label_args:
                    s.invariant = True
        # a phi may be NULL if what flows into it may be
        jumps = [ops[-1]] + [op for op in bridge_ops if op.name == "jump"]
        changed = True
        while changed:
            changed = False
            for j, phi in enumerate(self.phis):
                ins = [self.slot(label.args[j], False)] + [self.slot(jp.args[j], True)
                                                           for jp in jumps]
                if not phi.nullable and any(s is not None and s.nullable for s in ins):
                    phi.nullable = changed = True
        self.main = self._plan_path(ops, [], label_args)

    @staticmethod
    def _define(table, value) -> Slot:
        s = table[id(value)] = Slot(value)
        return s

    def slot(self, value, body: bool) -> Slot | None:
        """The slot ``value`` names in the body (after the label, bridges
        included) or before it; None for a constant."""
        if isinstance(value, ir.Const):
            return None
        if body:
            s = self._body.get(id(value))
            if s is not None:
                return s
        return self._pre[id(value)]

    def uses(self, op, body: bool) -> list[Slot]:
        """The slots one op uses itself: operands and snapshot."""
        vals = list(op.args)
        if op.snapshot is not None:
            vals += op.snapshot.values()
        return [s for s in (self.slot(v, body) for v in vals) if s is not None]

    def _plan_path(self, ops, inherited: list[Slot], label_args=None) -> Path:
        """Plan the main path (``label_args`` given) or a bridge (``inherited``:
        the owned slots alive at its guard's failure)."""
        main = label_args is not None
        L = self.label_at if main else -1
        path = Path(ops, main)
        # last use of each slot along the path; a guard's bridge counts as using,
        # at the guard, everything the bridge uses
        last: dict[int, int] = {}
        for k, op in enumerate(ops):
            if op.name == "label":
                used = [self.slot(a, False) for a in op.args]
            else:
                used = self.uses(op, k > L)
                for b in _bridge_ops([op]):
                    used += self.uses(b, True)
            for s in used:
                last[id(s)] = k
        for s in inherited:
            path.own(s, -1)
        if main:
            for s in self.inputs:
                if id(s) in last:
                    path.own(s, -1)
                else:
                    s.owned = False                  # unused: never incref'd
        for k, op in enumerate(ops):
            if op.name == "label":
                for s in self.phis:
                    path.own(s, k)
            elif id(op) in self.results:
                path.own(self.results[id(op)], k)
        jump_at = len(ops) - 1
        for s in path.slots:
            born = path.born[id(s)]
            if s.invariant:
                d = None
            elif main and born < L and id(s.value) in label_args:
                d = L                                # handed to the phi
                path.moved.add(id(s))
            elif last.get(id(s)) == jump_at:
                d = jump_at                          # handed to the next iteration
                path.moved.add(id(s))
            else:
                d = last.get(id(s), born)            # unused: dead where it is born
            path.death[id(s)] = d
            if d is not None and id(s) not in path.moved:
                path.dies_after.setdefault(d, []).append(s)
        for k, op in enumerate(ops):
            if op.bridge is not None:
                path.bridges[k] = self._plan_path(op.bridge, path.live_at(k))
        return path


def _bridge_ops(ops):
    """Every op inside the bridges of ``ops`` (recursively), in order."""
    for op in ops:
        if op.bridge is not None:
            for b in op.bridge:
                yield b
                yield from _bridge_ops([b])


# ---------------------------------------------------------------------------
# IR text emission


def _double(v: float) -> str:
    """A double constant as LLVM writes it exactly: the bits in hex."""
    return "0x%016X" % struct.unpack("<Q", struct.pack("<d", v))[0]


def _i64(v: int) -> str:
    if not -(1 << 63) <= v < (1 << 64):
        raise CompileError(f"integer constant {v} does not fit in 64 bits")
    return str(v - (1 << 64) if v >= (1 << 63) else v)


def _addr(obj) -> str:
    return f"inttoptr (i64 {id(obj)} to ptr)"


_LIKELY = "!prof !0"     # the branch's true edge is the hot one (exits are cold)
_METADATA = '!0 = !{!"branch_weights", i32 2000, i32 1}\n'


class _Emitter:
    """Writes one trace as one LLVM function, in trace order.

    ``emit_<op name>(op, args)`` writes one op: ``args`` are its operands as
    LLVM values (text); it returns its result's LLVM value (None for kind v).
    Checks that leave the trace go through :meth:`guard` / :meth:`check_raise`,
    which branch to the op's exit block (or, for a guard with a bridge, to the
    bridge's code: it is written then, into the function's tail)."""

    def __init__(self, trace: ir.Trace, fname: str):
        self.trace = trace
        self.fname = fname
        self.plan = RefPlan(trace)
        self.guard_index = {id(op): g for g, op in enumerate(trace.guards())}
        self.lines: list[str] = []
        self.exit_lines: list[str] = []
        self.externs: set[str] = set()
        self.ntmp = 0
        self.block = "entry"
        self.path: Path = self.plan.main   # the path being written
        self.k = -1                   # index in it of the op being written
        self.exits: dict[tuple, str] = {}   # (id(op), raising) -> exit/bridge block label
        self.argv_size = 0            # slots of the vectorcall argument array
        self.kind_tables: dict[str, str] = {}   # exit kind letters -> global name

    # -- small helpers ----------------------------------------------------

    def tmp(self) -> str:
        self.ntmp += 1
        return f"%t{self.ntmp}"

    def label(self, prefix: str) -> str:
        self.ntmp += 1
        return f"{prefix}{self.ntmp}"

    def put(self, text: str) -> None:
        self.lines.append("  " + text)

    def start(self, label: str) -> None:
        self.lines.append(f"{label}:")
        self.block = label

    def let(self, text: str) -> str:
        t = self.tmp()
        self.put(f"{t} = {text}")
        return t

    def field(self, ptr: str, offset: int) -> str:
        return self.let(f"getelementptr i8, ptr {ptr}, i64 {offset}") if offset else ptr

    def load(self, ty: str, ptr: str, offset: int = 0) -> str:
        return self.let(f"load {ty}, ptr {self.field(ptr, offset)}")

    def item(self, base: str, index: str) -> str:
        """Address of ``((PyObject **)base)[index]``."""
        return self.let(f"getelementptr ptr, ptr {base}, i64 {index}")

    def call(self, fn: str, *args: str) -> str | None:
        ret, params = _CAPI.get(fn) or _INTRINSICS[fn]
        self.externs.add(fn)
        types = [p.strip() for p in params.split(",")] if params else []
        argtext = ", ".join(f"{t} {a}" for t, a in zip(types, args))
        if ret == "void":
            self.put(f"call void @{fn}({argtext})")
            return None
        return self.let(f"call {ret} @{fn}({argtext})")

    def in_body(self) -> bool:
        return not self.path.main or self.k > self.plan.label_at

    def value(self, v) -> str:
        """The LLVM value of trace value ``v`` at the current op."""
        if isinstance(v, ir.Const):
            if v.type == ir.R:
                return _addr(v.value)
            if v.type == ir.I:
                return _i64(v.value)
            if v.type == ir.F:
                return _double(v.value)
            return "true" if v.value else "false"
        return self.plan.slot(v, self.in_body()).name

    def const_int(self, v, what: str) -> int:
        if not isinstance(v, ir.Const):
            raise CompileError(f"{what} must be a constant")
        return v.value

    # -- reference counts (inline on the hot path) -------------------------

    def incref(self, p: str) -> None:
        rc = self.load("i64", p)
        self.put(f"store i64 {self.let(f'add i64 {rc}, 1')}, ptr {p}")

    def decref(self, p: str) -> None:
        rc = self.let(f"sub i64 {self.load('i64', p)}, 1")
        self.put(f"store i64 {rc}, ptr {p}")
        zero = self.let(f"icmp eq i64 {rc}, 0")
        dealloc, cont = self.label("dealloc"), self.label("live")
        self.put(f"br i1 {zero}, label %{dealloc}, label %{cont}")
        self.start(dealloc)
        self.call("_Py_Dealloc", p)
        self.put(f"br label %{cont}")
        self.start(cont)

    def if_nonnull(self, p: str, then) -> None:
        isnull = self.let(f"icmp eq ptr {p}, null")
        yes, cont = self.label("nonnull"), self.label("after")
        self.put(f"br i1 {isnull}, label %{cont}, label %{yes}")
        self.start(yes)
        then(p)
        self.put(f"br label %{cont}")
        self.start(cont)

    def incref_slot(self, s: Slot) -> None:
        (self.if_nonnull(s.name, self.incref) if s.nullable else self.incref(s.name))

    def decref_slot(self, s: Slot) -> None:
        (self.if_nonnull(s.name, self.decref) if s.nullable else self.decref(s.name))

    # -- leaving the trace ---------------------------------------------------

    def guard(self, ok: str) -> None:
        """Continue if ``ok`` (i1) holds, else leave through the current op's guard exit."""
        self._branch(ok, self._exit(raising=False))

    def check_raise(self, failed: str) -> None:
        """Leave through the current op's exception exit if ``failed`` (i1)."""
        ok = self.let(f"xor i1 {failed}, true")
        self._branch(ok, self._exit(raising=True))

    def _branch(self, ok: str, exit_label: str) -> None:
        cont = self.label("ok")
        self.put(f"br i1 {ok}, label %{cont}, label %{exit_label}, {_LIKELY}")
        self.start(cont)

    def _exit(self, raising: bool) -> str:
        """The exit block of the current op, written once (to ``exit_lines``);
        for a failing guard with a bridge, the bridge."""
        k = self.k
        op = self.path.ops[k]
        key = (id(op), raising)
        if key in self.exits:
            return self.exits[key]
        g = self.guard_index[id(op)]
        bridge = op.bridge is not None and not raising
        name = f"{'bridge' if bridge else 'raise' if raising else 'exit'}{g}"
        self.exits[key] = name
        saved = self.lines, self.block
        self.lines = []
        self.start(name)
        if bridge:
            self.emit_path(self.path.bridges[k])
        else:
            self._leave(op, g, raising)
        self.exit_lines += self.lines
        self.lines, self.block = saved
        return name

    def _leave(self, op, g: int, raising: bool) -> None:
        """Leave the trace: one call of the runtime's ``pyjit_exit`` (see
        _RUNTIME_IR) with the snapshot values as variadic arguments and a kind
        letter for each saying what to do with it -- box it, incref it, or
        nothing for an owned value live here (its reference moves to buf) --
        then the other owned values live here (kind 'd': drop).  Exits are
        most of a trace's code: one call each keeps compiling fast."""
        live = self.path.live_at(self.k)
        live_ids = {id(s) for s in live}
        body = self.in_body()
        moved: set[int] = set()
        entries = []                                  # (kind letter, LLVM type, value)
        if raising:
            entries.append(("i", "i64", str(g)))      # buf[0] = g
        for v in op.snapshot.values():
            s = self.plan.slot(v, body)
            kind = v.type if s is None else s.kind
            text = self.value(v)
            if kind == ir.B:
                entries.append(("b", "i64", self.let(f"zext i1 {text} to i64")))
            elif kind != ir.R:
                entries.append((kind, _LLTYPE[kind], text))   # 'i' / 'f': box
            elif s is not None and s.nullable:
                entries.append(("n", "ptr", text))    # C NULL goes to buf as pyjit's NULL
            elif s is not None and id(s) in live_ids and id(s) not in moved:
                moved.add(id(s))
                entries.append(("m", "ptr", text))    # our reference moves to buf
            else:
                entries.append(("r", "ptr", text))    # a constant, or again: incref
        nbuf = len(entries)
        for s in live:
            if id(s) not in moved:
                entries.append(("d", "ptr", s.name))  # NULL-safe: Py_DecRef
        kinds = "".join(e[0] for e in entries)
        table = self.kind_tables.setdefault(kinds, f"@kinds{len(self.kind_tables)}")
        args = "".join(f", {ty} {v}" for _, ty, v in entries)
        r = self.let(f"call ptr (ptr, ptr, i64, i64, i64, i64, ...) @pyjit_exit(ptr %buf, "
                     f"ptr {table}, i64 {0 if raising else 1}, i64 {nbuf}, i64 {len(entries)}, "
                     f"i64 {-1 if raising else g}{args})")
        self.put(f"ret ptr {r}")

    # -- the function --------------------------------------------------------

    def function(self) -> str:
        trace, plan = self.trace, self.plan
        for s, v in zip(plan.inputs, trace.inputs):
            if v.type != ir.R:
                raise CompileError("trace inputs are objects (kind r)")
        items = self.load("ptr", "%buf", LIST_ITEMS)
        for j, s in enumerate(plan.inputs):
            s.name = f"%in{j}"
            self.put(f"{s.name} = load ptr, ptr {self.item(items, str(j + 1))}")
            if s.owned:
                self.incref(s.name)
        self.emit_path(plan.main)
        for at, phi, incoming in self.phi_lines:
            edges = ", ".join(f"[{v}, %{block}]" for v, block in incoming)
            self.lines[at] = f"  {phi.name} = phi {_LLTYPE[phi.kind]} {edges}"
        allocas = []
        if self.argv_size:
            allocas.append(f"  %argv = alloca [{self.argv_size} x ptr]")
        body = "\n".join(["entry:"] + allocas + self.lines + self.exit_lines)
        return (f"define ptr @{self.fname}(ptr %self, ptr %buf) {{\n{body}\n}}\n")

    def emit_path(self, path: Path) -> None:
        """Write the ops of a path (the main one, or a bridge from its start
        block) with the decrefs its plan puts after each."""
        saved = self.path, self.k
        self.path, self.k = path, -1
        for s in path.dies_after.get(-1, ()):   # a bridge drops what it does not use
            self.decref_slot(s)
        for k, op in enumerate(path.ops):
            self.k = k
            if op.name == "label":
                self.emit_label(op, None)
            elif op.name == "jump":
                self.emit_jump(op, None)
            else:
                args = [self.value(a) for a in op.args]
                res = getattr(self, "emit_" + op.name)(op, args)
                if op.type != ir.V:
                    self.plan.results[id(op)].name = res
            for s in path.dies_after.get(k, ()):
                self.decref_slot(s)
        self.path, self.k = saved

    def module(self) -> str:
        fn = self.function()
        decls = ["declare ptr @pyjit_exit(ptr, ptr, i64, i64, i64, i64, ...)"]
        for name in sorted(self.externs):
            ret, params = _CAPI.get(name) or _INTRINSICS[name]
            decls.append(f"declare {ret} @{name}({params})")
        for kinds, name in self.kind_tables.items():
            decls.append(f'{name} = private unnamed_addr constant [{len(kinds)} x i8] '
                         f'c"{kinds}"')
        return "\n".join(decls) + "\n\n" + fn + "\n" + _METADATA

    # -- loop structure ------------------------------------------------------

    def emit_label(self, op, args):
        pre_block = self.block
        self.put("br label %loop")
        self.start("loop")
        self.phi_lines = []       # (line index, phi, [(value, predecessor block)])
        for a, phi in zip(op.args, self.plan.phis):
            phi.name = f"%phi{len(self.phi_lines)}"
            self.phi_lines.append((len(self.lines), phi, [(self.value(a), pre_block)]))
            self.lines.append(None)              # written when every jump is known

    def emit_jump(self, op, args):
        """Back to the label (from the main path or a bridge): each r arg's
        reference goes to its phi -- moved if the arg dies here, else incref'd."""
        k, path = self.k, self.path
        handed: set[int] = set()
        values = []
        for a in op.args:
            v = self.value(a)
            s = self.plan.slot(a, True)
            if a.type == ir.R:
                if s is None:
                    self.incref(v)                       # a constant: the phi owns a ref
                elif path.death.get(id(s)) == k and id(s) in path.moved \
                        and id(s) not in handed:
                    handed.add(id(s))                    # ownership moves to the phi
                else:
                    self.incref_slot(s)                  # an invariant, or passed twice
            values.append(v)
        for (_, _, incoming), v in zip(self.phi_lines, values):
            incoming.append((v, self.block))
        self.put("br label %loop")

    # -- guards ----------------------------------------------------------------

    def emit_guard_true(self, op, a):
        self.guard(a[0])

    def emit_guard_false(self, op, a):
        self.guard(self.let(f"xor i1 {a[0]}, true"))

    def emit_guard_class(self, op, a):
        t = self.load("ptr", a[0], OB_TYPE)
        self.guard(self.let(f"icmp eq ptr {t}, {a[1]}"))

    def emit_guard_value(self, op, a):
        self.guard(self.let(f"icmp eq ptr {a[0]}, {a[1]}"))

    def emit_guard_nonnull(self, op, a):
        self.guard(self.let(f"icmp ne ptr {a[0]}, null"))

    def emit_guard_isnull(self, op, a):
        self.guard(self.let(f"icmp eq ptr {a[0]}, null"))

    def emit_guard_dict_version(self, op, a):
        v = self.load("i64", a[0], DICT_VERSION)
        self.guard(self.let(f"icmp eq i64 {v}, {a[1]}"))

    def emit_guard_type_version(self, op, a):
        v = self.let(f"zext i32 {self.load('i32', a[0], TYPE_VERSION)} to i64")
        self.guard(self.let(f"icmp eq i64 {v}, {a[1]}"))

    def emit_guard_len(self, op, a):
        n = self.load("i64", a[0], OB_SIZE)
        self.guard(self.let(f"icmp eq i64 {n}, {a[1]}"))

    # -- boxing ----------------------------------------------------------------

    def emit_unbox_int(self, op, a):
        """3.11 ints: ob_size = sign * number of 30-bit digits.  0..2 digits
        always fit; 3 digits fit if the magnitude is <= 2**63 - 1 (2**63 when
        negative); more never do."""
        p = a[0]
        size = self.load("i64", p, OB_SIZE)
        neg = self.let(f"icmp slt i64 {size}, 0")
        ndig = self.let(f"select i1 {neg}, i64 {self.let(f'sub i64 0, {size}')}, i64 {size}")
        digits = self.field(p, LONG_DIGITS)
        small, big, two, three, join = (self.label(x) for x in
                                        ("ui_small", "ui_big", "ui_two", "ui_three", "ui_join"))
        self.put(f"br i1 {self.let(f'icmp ule i64 {ndig}, 1')}, label %{small}, label %{big}, "
                 f"{_LIKELY}")

        def digit(j):
            d = self.let(f"load i32, ptr {self.let(f'getelementptr i32, ptr {digits}, i64 {j}')}")
            return self.let(f"zext i32 {d} to i64")

        self.start(small)                 # one digit is always allocated (0 has it too)
        m1 = self.let(f"select i1 {self.let(f'icmp eq i64 {ndig}, 0')}, i64 0, i64 {digit(0)}")
        self.put(f"br label %{join}")
        self.start(big)
        self.put(f"br i1 {self.let(f'icmp eq i64 {ndig}, 2')}, label %{two}, label %{three}")
        self.start(two)
        m2 = self.let(f"or i64 {self.let(f'shl i64 {digit(1)}, 30')}, {digit(0)}")
        self.put(f"br label %{join}")
        self.start(three)
        self.guard(self.let(f"icmp eq i64 {ndig}, 3"))
        d2 = digit(2)
        low = self.let(f"or i64 {self.let(f'shl i64 {digit(1)}, 30')}, {digit(0)}")
        m3 = self.let(f"or i64 {self.let(f'shl i64 {d2}, 60')}, {low}")
        limit = self.let(f"select i1 {neg}, i64 {_I64_MIN}, i64 {(1 << 63) - 1}")
        fits = self.let(f"and i1 {self.let(f'icmp ule i64 {d2}, 8')}, "
                        f"{self.let(f'icmp ule i64 {m3}, {limit}')}")
        self.guard(fits)
        three_end = self.block
        self.put(f"br label %{join}")
        self.start(join)
        m = self.let(f"phi i64 [{m1}, %{small}], [{m2}, %{two}], [{m3}, %{three_end}]")
        return self.let(f"select i1 {neg}, i64 {self.let(f'sub i64 0, {m}')}, i64 {m}")

    def emit_box_int(self, op, a):
        return self.call("PyLong_FromLongLong", a[0])

    def emit_unbox_float(self, op, a):
        return self.load("double", a[0], FLOAT_VALUE)

    def emit_box_float(self, op, a):
        return self.call("PyFloat_FromDouble", a[0])

    def emit_box_bool(self, op, a):
        p = self.let(f"select i1 {a[0]}, ptr {_addr(True)}, ptr {_addr(False)}")
        self.incref(p)
        return p

    # -- machine integers ----------------------------------------------------

    def _ovf(self, intrinsic, a):
        pair = self.call(intrinsic, a[0], a[1])
        ovf = self.let(f"extractvalue {{i64, i1}} {pair}, 1")
        self.guard(self.let(f"xor i1 {ovf}, true"))
        return self.let(f"extractvalue {{i64, i1}} {pair}, 0")

    def emit_int_add_ovf(self, op, a):
        return self._ovf("llvm.sadd.with.overflow.i64", a)

    def emit_int_sub_ovf(self, op, a):
        return self._ovf("llvm.ssub.with.overflow.i64", a)

    def emit_int_mul_ovf(self, op, a):
        return self._ovf("llvm.smul.with.overflow.i64", a)

    def _signs_differ(self, r, y):
        """i1: remainder r is nonzero and its sign differs from divisor y's."""
        differ = self.let(f"icmp slt i64 {self.let(f'xor i64 {r}, {y}')}, 0")
        return self.let(f"and i1 {self.let(f'icmp ne i64 {r}, 0')}, {differ}")

    def emit_int_floordiv(self, op, a):
        x, y = a
        self.guard(self.let(f"icmp ne i64 {y}, 0"))
        ovf = self.let(f"and i1 {self.let(f'icmp eq i64 {x}, {_I64_MIN}')}, "
                       f"{self.let(f'icmp eq i64 {y}, -1')}")
        self.guard(self.let(f"xor i1 {ovf}, true"))
        q = self.let(f"sdiv i64 {x}, {y}")
        r = self.let(f"srem i64 {x}, {y}")
        # C truncates toward zero; Python floors: one less when the signs differ
        adjust = self._signs_differ(r, y)
        return self.let(f"sub i64 {q}, {self.let(f'zext i1 {adjust} to i64')}")

    def emit_int_mod(self, op, a):
        x, y = a
        self.guard(self.let(f"icmp ne i64 {y}, 0"))
        # x % -1 is 0, but srem INT64_MIN, -1 traps on x86: divide by 1 instead
        ysafe = self.let(f"select i1 {self.let(f'icmp eq i64 {y}, -1')}, i64 1, i64 {y}")
        r = self.let(f"srem i64 {x}, {ysafe}")
        adjust = self._signs_differ(r, y)
        return self.let(f"select i1 {adjust}, i64 {self.let(f'add i64 {r}, {y}')}, i64 {r}")

    def emit_int_neg_ovf(self, op, a):
        self.guard(self.let(f"icmp ne i64 {a[0]}, {_I64_MIN}"))
        return self.let(f"sub i64 0, {a[0]}")

    def emit_int_rshift(self, op, a):
        x, n = a
        self.guard(self.let(f"icmp sge i64 {n}, 0"))        # a negative count raises
        # counts past 63 give 0 or -1, as an arithmetic shift by 63 does
        k = self.let(f"select i1 {self.let(f'icmp ugt i64 {n}, 63')}, i64 63, i64 {n}")
        return self.let(f"ashr i64 {x}, {k}")

    def emit_int_lshift_ovf(self, op, a):
        x, n = a
        self.guard(self.let(f"icmp ult i64 {n}, 64"))       # negative (raises) or too far
        r = self.let(f"shl i64 {x}, {n}")
        self.guard(self.let(f"icmp eq i64 {self.let(f'ashr i64 {r}, {n}')}, {x}"))
        return r

    def emit_int_and(self, op, a):
        return self.let(f"and i64 {a[0]}, {a[1]}")

    def emit_int_or(self, op, a):
        return self.let(f"or i64 {a[0]}, {a[1]}")

    def emit_int_xor(self, op, a):
        return self.let(f"xor i64 {a[0]}, {a[1]}")

    def emit_int_is_true(self, op, a):
        return self.let(f"icmp ne i64 {a[0]}, 0")

    def emit_int_to_float(self, op, a):
        return self.let(f"sitofp i64 {a[0]} to double")

    # -- doubles (IEEE, no fast-math: exactly CPython's float) ---------------

    def emit_float_add(self, op, a):
        return self.let(f"fadd double {a[0]}, {a[1]}")

    def emit_float_sub(self, op, a):
        return self.let(f"fsub double {a[0]}, {a[1]}")

    def emit_float_mul(self, op, a):
        return self.let(f"fmul double {a[0]}, {a[1]}")

    def emit_float_truediv(self, op, a):
        self.guard(self.let(f"fcmp une double {a[1]}, 0.0"))    # +0.0 and -0.0 leave; nan divides
        return self.let(f"fdiv double {a[0]}, {a[1]}")

    def emit_float_neg(self, op, a):
        return self.let(f"fneg double {a[0]}")

    def emit_float_is_true(self, op, a):
        return self.let(f"fcmp une double {a[0]}, 0.0")          # nan is true

    def emit_bool_not(self, op, a):
        return self.let(f"xor i1 {a[0]}, true")

    def emit_ptr_eq(self, op, a):
        return self.let(f"icmp eq ptr {a[0]}, {a[1]}")

    # -- containers with a known layout ----------------------------------------

    def emit_list_getitem(self, op, a):
        lst, i = a
        n = self.load("i64", lst, OB_SIZE)
        self.guard(self.let(f"icmp ult i64 {i}, {n}"))          # unsigned: also i >= 0
        items = self.load("ptr", lst, LIST_ITEMS)                # re-read: lists move
        v = self.load("ptr", self.item(items, i))
        self.incref(v)
        return v

    def emit_list_setitem(self, op, a):
        lst, i, v = a
        n = self.load("i64", lst, OB_SIZE)
        self.guard(self.let(f"icmp ult i64 {i}, {n}"))
        self.incref(v)
        at = self.item(self.load("ptr", lst, LIST_ITEMS), i)
        old = self.load("ptr", at)
        self.put(f"store ptr {v}, ptr {at}")
        self.decref(old)                          # last: a __del__ sees the list updated

    def emit_tuple_getitem(self, op, a):
        v = self.load("ptr", self.item(self.field(a[0], TUPLE_ITEMS), a[1]))
        self.incref(v)
        return v

    def emit_cell_get(self, op, a):
        v = self.load("ptr", a[0], CELL_REF)
        self.guard(self.let(f"icmp ne ptr {v}, null"))      # empty: the interpreter raises
        self.incref(v)
        return v

    def emit_cell_set(self, op, a):
        cell, v = a
        self.incref(v)
        at = self.field(cell, CELL_REF)
        old = self.load("ptr", at)
        self.put(f"store ptr {v}, ptr {at}")
        self.if_nonnull(old, self.decref)        # last: a __del__ sees the cell updated

    def emit_len_list(self, op, a):
        return self.load("i64", a[0], OB_SIZE)

    def emit_rangeiter_next(self, op, a):
        it = a[0]
        if not RANGEITER_INLINE:
            v = self.call("PyIter_Next", it)
            self.guard(self.let(f"icmp ne ptr {v}, null"))
            n = self.call("PyLong_AsLongLong", v)
            self.decref(v)
            return n
        f_index, f_start, f_step, f_len = (self.field(it, off) for off in RANGEITER_FIELDS)
        index = self.load("i64", f_index)
        self.guard(self.let(f"icmp slt i64 {index}, {self.load('i64', f_len)}"))
        self.put(f"store i64 {self.let(f'add i64 {index}, 1')}, ptr {f_index}")
        # wrapping arithmetic, as rangeobject.c does it in unsigned long
        step = self.let(f"mul i64 {index}, {self.load('i64', f_step)}")
        return self.let(f"add i64 {self.load('i64', f_start)}, {step}")

    def _seqiter_next(self, it, item_addr):
        """list/tuple iterator: inline while the index is in range; otherwise the
        type's own tp_iternext (through PyIter_Next), which clears it_seq at the
        end as CPython does; NULL from it leaves the trace."""
        seq = self.load("ptr", it, SEQITER_SEQ)
        check, fast, slow, join = (self.label(x) for x in ("it_check", "it_fast", "it_slow",
                                                            "it_join"))
        self.put(f"br i1 {self.let(f'icmp ne ptr {seq}, null')}, label %{check}, label %{slow}, "
                 f"{_LIKELY}")
        self.start(check)
        f_index = self.field(it, SEQITER_INDEX)
        index = self.load("i64", f_index)
        inrange = self.let(f"icmp slt i64 {index}, {self.load('i64', seq, OB_SIZE)}")
        self.put(f"br i1 {inrange}, label %{fast}, label %{slow}, {_LIKELY}")
        self.start(fast)
        v1 = self.load("ptr", item_addr(seq, index))
        self.incref(v1)
        self.put(f"store i64 {self.let(f'add i64 {index}, 1')}, ptr {f_index}")
        fast_end = self.block
        self.put(f"br label %{join}")
        self.start(slow)
        v2 = self.call("PyIter_Next", it)
        self.guard(self.let(f"icmp ne ptr {v2}, null"))
        slow_end = self.block
        self.put(f"br label %{join}")
        self.start(join)
        return self.let(f"phi ptr [{v1}, %{fast_end}], [{v2}, %{slow_end}]")

    def emit_listiter_next(self, op, a):
        return self._seqiter_next(
            a[0], lambda seq, i: self.item(self.load("ptr", seq, LIST_ITEMS), i))

    def emit_tupleiter_next(self, op, a):
        return self._seqiter_next(
            a[0], lambda seq, i: self.item(self.field(seq, TUPLE_ITEMS), i))

    # -- generic operations: the C-API -----------------------------------------

    def _new_ref(self, fn, *args):
        """Call a C-API function returning a new reference; NULL raised."""
        v = self.call(fn, *args)
        self.check_raise(self.let(f"icmp eq ptr {v}, null"))
        return v

    def _status(self, fn, *args):
        """Call a C-API function returning an int, -1 when it raised."""
        r = self.call(fn, *args)
        self.check_raise(self.let(f"icmp slt i32 {r}, 0"))
        return r

    def emit_call_binop(self, op, a):
        n = self.const_int(op.args[0], "call_binop's operator")
        fn = BINOP_FUNCS[n]
        extra = (_addr(None),) if fn.endswith("Power") else ()
        return self._new_ref(fn, a[1], a[2], *extra)

    def emit_call_compare(self, op, a):
        n = self.const_int(op.args[0], "call_compare's operator")
        if not 0 <= n <= 5:
            raise CompileError(f"compare op {n}")
        return self._new_ref("PyObject_RichCompare", a[1], a[2], str(n))

    def emit_call_unary(self, op, a):
        n = self.const_int(op.args[0], "call_unary's operator")
        if n == 3:
            r = self._status("PyObject_Not", a[1])
            p = self.let(f"select i1 {self.let(f'icmp sgt i32 {r}, 0')}, "
                         f"ptr {_addr(True)}, ptr {_addr(False)}")
            self.incref(p)
            return p
        return self._new_ref(UNARY_FUNCS[n], a[1])

    def emit_call_truth(self, op, a):
        r = self._status("PyObject_IsTrue", a[0])
        return self.let(f"icmp sgt i32 {r}, 0")

    def emit_call_contains(self, op, a):
        r = self._status("PySequence_Contains", a[1], a[0])     # (container, item)
        return self.let(f"icmp sgt i32 {r}, 0")

    def emit_call_getattr(self, op, a):
        return self._new_ref("PyObject_GetAttr", a[0], a[1])

    def emit_call_setattr(self, op, a):
        self._status("PyObject_SetAttr", a[0], a[1], a[2])

    def emit_call_getitem(self, op, a):
        return self._new_ref("PyObject_GetItem", a[0], a[1])

    def emit_call_setitem(self, op, a):
        self._status("PyObject_SetItem", a[0], a[1], a[2])

    def emit_call_delitem(self, op, a):
        self._status("PyObject_DelItem", a[0], a[1])

    def emit_call_iternext(self, op, a):
        """PyIter_Next; NULL without an error is "exhausted" (the result is
        NULL: a guard_nonnull follows).  Not an iterator: builtins.next raises
        the TypeError CPython's next() does."""
        it = a[0]
        isiter, notiter, join = (self.label(x) for x in ("in_iter", "in_notiter", "in_join"))
        r = self.call("PyIter_Check", it)
        self.put(f"br i1 {self.let(f'icmp ne i32 {r}, 0')}, label %{isiter}, "
                 f"label %{notiter}, {_LIKELY}")
        self.start(isiter)
        v1 = self.call("PyIter_Next", it)
        self.put(f"br label %{join}")
        self.start(notiter)
        v2 = self._vectorcall(_addr(next), [it], "null")
        self.put(f"br label %{join}")
        self.start(join)
        v = self.let(f"phi ptr [{v1}, %{isiter}], [{v2}, %{notiter}]")
        null, cont = self.label("in_null"), self.label("in_done")
        self.put(f"br i1 {self.let(f'icmp eq ptr {v}, null')}, label %{null}, label %{cont}")
        self.start(null)
        self.check_raise(self.let(f"icmp ne ptr {self.call('PyErr_Occurred')}, null"))
        self.put(f"br label %{cont}")
        self.start(cont)
        return v

    def emit_call_getiter(self, op, a):
        return self._new_ref("PyObject_GetIter", a[0])

    def _vectorcall(self, fn, args, kwnames, npos=None):
        """PyObject_Vectorcall(fn, args, npos | ARGUMENTS_OFFSET, kwnames): the
        args go in %argv[1:] so a bound method's callee may prepend self in
        argv[0] without copying."""
        self.argv_size = max(self.argv_size, len(args) + 1)
        for j, v in enumerate(args):
            self.put(f"store ptr {v}, ptr {self.item('%argv', str(j + 1))}")
        argp = self.item("%argv", "1")
        if npos is None:
            npos = str(len(args))
        nargsf = self.let(f"or i64 {npos}, {_i64(VECTORCALL_ARGUMENTS_OFFSET)}")
        return self.call("PyObject_Vectorcall", fn, argp, nargsf, kwnames)

    def emit_call(self, op, a):
        v = self._vectorcall(a[0], a[1:], "null")
        self.check_raise(self.let(f"icmp eq ptr {v}, null"))
        return v

    def emit_call_kw(self, op, a):
        fn, kwnames, args = a[0], a[1], a[2:]
        names = op.args[1]
        if isinstance(names, ir.Const):
            if type(names.value) is not tuple or len(names.value) > len(args):
                raise CompileError("call_kw's kwnames must be a tuple of at most nargs names")
            npos = str(len(args) - len(names.value))
            if not names.value:
                kwnames = "null"
        else:      # a tuple known only at run time
            nkw = self.load("i64", kwnames, OB_SIZE)
            npos = self.let(f"sub i64 {len(args)}, {nkw}")
            kwnames = self.let(f"select i1 {self.let(f'icmp eq i64 {nkw}, 0')}, ptr null, "
                               f"ptr {kwnames}")
        v = self._vectorcall(fn, args, kwnames, npos)
        self.check_raise(self.let(f"icmp eq ptr {v}, null"))
        return v

    def emit_build_tuple(self, op, a):
        t = self._new_ref("PyTuple_New", str(len(a)))
        items = self.field(t, TUPLE_ITEMS)
        for j, v in enumerate(a):
            self.incref(v)
            self.put(f"store ptr {v}, ptr {self.item(items, str(j))}")
        return t

    def emit_build_list(self, op, a):
        lst = self._new_ref("PyList_New", str(len(a)))
        if a:
            items = self.load("ptr", lst, LIST_ITEMS)
            for j, v in enumerate(a):
                self.incref(v)
                self.put(f"store ptr {v}, ptr {self.item(items, str(j))}")
        return lst


# comparisons: ints signed; floats ordered (false with a nan) except != (true)
_ICMP = {"lt": "slt", "le": "sle", "eq": "eq", "ne": "ne", "gt": "sgt", "ge": "sge"}
_FCMP = {"lt": "olt", "le": "ole", "eq": "oeq", "ne": "une", "gt": "ogt", "ge": "oge"}


def _comparison(kind, ty, cond):
    def emit(self, op, a):
        return self.let(f"{kind} {cond} {ty} {a[0]}, {a[1]}")
    return emit


for _c in _ICMP:
    setattr(_Emitter, f"emit_int_{_c}", _comparison("icmp", "i64", _ICMP[_c]))
    setattr(_Emitter, f"emit_float_{_c}", _comparison("fcmp", "double", _FCMP[_c]))


# The runtime module, compiled once per process: how every trace leaves.
#
# pyjit_exit(buf, kinds, start, n, total, result, values...):
#   1. read the ``total`` variadic values, each as its kind letter says, into
#      an array of new references: 'i' box an i64, 'f' box a double, 'b'
#      True/False of an i64, 'r' incref a pointer, 'n' incref a pointer or
#      pyjit's NULL for a C NULL, 'm' as is (the trace's own reference moves),
#      'd' as is (a reference to drop, maybe NULL);
#   2. swap the first n with buf's items[start:start+n] (every new value is in
#      buf before any old one is decref'd: a __del__ may run);
#   3. decref all ``total``: the replaced items, then the drops;
#   4. return PyLong(result), or NULL if result < 0 (an exception is set).
_RUNTIME_IR = """\
declare ptr @PyLong_FromLongLong(i64)
declare ptr @PyFloat_FromDouble(double)
declare void @Py_IncRef(ptr)
declare void @Py_DecRef(ptr)
declare void @llvm.va_start.p0(ptr)
declare void @llvm.va_end.p0(ptr)

define ptr @pyjit_exit(ptr %buf, ptr %kinds, i64 %start, i64 %n, i64 %total,
                       i64 %result, ...) noinline cold {{
entry:
  %ap = alloca {{ i32, i32, ptr, ptr }}
  %vals = alloca ptr, i64 %total
  call void @llvm.va_start.p0(ptr %ap)
  br label %read_head
read_head:
  %k = phi i64 [0, %entry], [%k1, %read_next]
  %more = icmp ult i64 %k, %total
  br i1 %more, label %read, label %swap_start
read:
  %kp = getelementptr i8, ptr %kinds, i64 %k
  %kind = load i8, ptr %kp
  %vp = getelementptr ptr, ptr %vals, i64 %k
  %isf = icmp eq i8 %kind, 102
  br i1 %isf, label %k_float, label %read_int
k_float:
  %d = va_arg ptr %ap, double
  %o1 = call ptr @PyFloat_FromDouble(double %d)
  store ptr %o1, ptr %vp
  br label %read_next
read_int:
  %raw = va_arg ptr %ap, i64
  %p = inttoptr i64 %raw to ptr
  store ptr %p, ptr %vp
  switch i8 %kind, label %read_next [ i8 105, label %k_int
                                      i8 98, label %k_bool
                                      i8 114, label %k_ref
                                      i8 110, label %k_null ]
k_int:
  %o2 = call ptr @PyLong_FromLongLong(i64 %raw)
  store ptr %o2, ptr %vp
  br label %read_next
k_bool:
  %t = icmp ne i64 %raw, 0
  %o3 = select i1 %t, ptr {true}, ptr {false}
  call void @Py_IncRef(ptr %o3)
  store ptr %o3, ptr %vp
  br label %read_next
k_ref:
  call void @Py_IncRef(ptr %p)
  br label %read_next
k_null:
  %isnull = icmp eq ptr %p, null
  %o4 = select i1 %isnull, ptr {null}, ptr %p
  call void @Py_IncRef(ptr %o4)
  store ptr %o4, ptr %vp
  br label %read_next
read_next:
  %k1 = add i64 %k, 1
  br label %read_head
swap_start:
  call void @llvm.va_end.p0(ptr %ap)
  %itemsp = getelementptr i8, ptr %buf, i64 24
  %items = load ptr, ptr %itemsp
  %base = getelementptr ptr, ptr %items, i64 %start
  br label %swap_head
swap_head:
  %s = phi i64 [0, %swap_start], [%s1, %swap]
  %more2 = icmp ult i64 %s, %n
  br i1 %more2, label %swap, label %drop_head
swap:
  %src = getelementptr ptr, ptr %vals, i64 %s
  %dst = getelementptr ptr, ptr %base, i64 %s
  %new = load ptr, ptr %src
  %old = load ptr, ptr %dst
  store ptr %new, ptr %dst
  store ptr %old, ptr %src
  %s1 = add i64 %s, 1
  br label %swap_head
drop_head:
  %j = phi i64 [0, %swap_head], [%j1, %drop]
  %more3 = icmp ult i64 %j, %total
  br i1 %more3, label %drop, label %done
drop:
  %q = getelementptr ptr, ptr %vals, i64 %j
  %o = load ptr, ptr %q
  call void @Py_DecRef(ptr %o)
  %j1 = add i64 %j, 1
  br label %drop_head
done:
  %raised = icmp slt i64 %result, 0
  br i1 %raised, label %ret_null, label %ret_g
ret_null:
  ret ptr null
ret_g:
  %g = call ptr @PyLong_FromLongLong(i64 %result)
  ret ptr %g
}}
"""

_missing = [name for name in ir.OPS if not hasattr(_Emitter, "emit_" + name)]
assert not _missing, f"backend_llvm has no emitter for {_missing}"


def generate(trace: ir.Trace, fname: str = "pyjit_trace") -> str:
    """The LLVM IR module (text) for ``trace``, its function named ``fname``."""
    ir.verify(trace)
    return _Emitter(trace, fname).module()


# ---------------------------------------------------------------------------
# llvmlite: one engine for every trace (created by the first compile)


BIG_TRACE_LINES = 2000     # IR lines above which a trace gets the linear pass pipeline


class _PyMethodDef(ctypes.Structure):
    _fields_ = [("ml_name", ctypes.c_char_p), ("ml_meth", ctypes.c_void_p),
                ("ml_flags", ctypes.c_int), ("ml_doc", ctypes.c_char_p)]


_METH_O = 0x0008
_PyCFunction_NewEx = ctypes.pythonapi.PyCFunction_NewEx
_PyCFunction_NewEx.restype = ctypes.py_object
_PyCFunction_NewEx.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]


def _elf_code_size(obj: bytes) -> int:
    """Bytes in the executable sections of an ELF64 object file.  (Parsed
    here rather than with llvmlite's ObjectFileRef, whose ``len(data)`` a
    program that patched ``builtins.len`` would break.)"""
    if obj[:5] != b"\x7fELF\x02":
        return len(obj)
    shoff, = struct.unpack_from("<Q", obj, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", obj, 0x3A)
    size = 0
    for k in range(shnum):
        flags, = struct.unpack_from("<Q", obj, shoff + k * shentsize + 8)
        if flags & 0x4:                              # SHF_EXECINSTR
            size += struct.unpack_from("<Q", obj, shoff + k * shentsize + 32)[0]
    return size


class _JIT:
    """llvmlite state shared by all traces: target machine, MCJIT engine (code
    is added, never removed), one reused pass pipeline, the C-API symbols."""

    def __init__(self):
        import llvmlite.binding as llvm
        self.llvm = llvm
        llvm.initialize_native_target()
        llvm.initialize_native_asmprinter()
        for name in _CAPI:
            addr = ctypes.cast(getattr(ctypes.pythonapi, name), ctypes.c_void_p).value
            if not addr:
                raise RuntimeError(f"C-API symbol {name} not found")
            llvm.add_symbol(name, addr)
        target = llvm.Target.from_default_triple()
        tm = target.create_target_machine(opt=2, jit=True)
        self.engine = llvm.create_mcjit_compiler(llvm.parse_assembly(""), tm)
        # a pass builder of its own target machine (the engine owns tm)
        self.pto = llvm.create_pipeline_tuning_options(speed_level=2)
        self.pb = llvm.create_pass_builder(target.create_target_machine(opt=2, jit=True),
                                           self.pto)
        self.fpm = self.pb.getFunctionPassManager()
        # big traces: LLVM's O2 function pipeline is superlinear in the number of
        # exits (LCSSA puts a phi per value used in each loop exit), ~2.4 s for a
        # 1000-op trace; this one keeps what matters for trace code (folding,
        # redundant loads and guards, dead stores) and is linear
        self.fpm_big = llvm.create_new_function_pass_manager()
        for add in ("add_instruction_combine_pass", "add_simplify_cfg_pass", "add_new_gvn_pass",
                    "add_instruction_combine_pass", "add_dead_store_elimination_pass",
                    "add_simplify_cfg_pass"):
            getattr(self.fpm_big, add)()
        self.code_sizes: dict[str, int] = {}
        self.engine.set_object_cache(self._compiled, None)
        self.count = 0
        # the runtime (pyjit_exit): compiled once, kept, linked into every trace
        runtime = llvm.parse_assembly(_RUNTIME_IR.format(
            true=_addr(True), false=_addr(False), null=_addr(NULL)))
        runtime.name = "pyjit_runtime"
        runtime.verify()
        self.engine.add_module(runtime)
        self.engine.finalize_object()
        llvm.add_symbol("pyjit_exit", self.engine.get_function_address("pyjit_exit"))
        self.runtime_code_size = self.code_sizes.pop("pyjit_runtime", 0)

    def _compiled(self, module, obj: bytes) -> None:
        """MCJIT hands over each module's object file: note its code size."""
        self.code_sizes[module.name] = _elf_code_size(obj)

    def compile(self, text: str, fname: str):
        llvm = self.llvm
        mod = llvm.parse_assembly(text)
        mod.name = fname
        mod.verify()
        for fn in mod.functions:
            if fn.is_declaration:
                if not fn.name.startswith("llvm.") and not llvm.address_of_symbol(fn.name):
                    raise CompileError(f"unresolved symbol {fn.name}")
            else:
                big = text.count("\n") > BIG_TRACE_LINES
                (self.fpm_big if big else self.fpm).run(fn, self.pb)
        self.engine.add_module(mod)
        self.engine.finalize_object()
        addr = self.engine.get_function_address(fname)
        # The machine code stays in the engine's memory manager; the module's
        # IR is of no further use (traces never call each other): dropping it
        # takes a trace's footprint from ~130 kB to ~25 kB.
        self.engine.remove_module(mod)
        if not addr:
            raise CompileError(f"no code for {fname}")
        return addr, self.code_sizes.pop(fname, 0)


_jit: _JIT | None = None


def _get_jit() -> _JIT:
    global _jit
    if _jit is None:
        _jit = _JIT()
    return _jit


# ---------------------------------------------------------------------------
# the compiled loop


class Loop:
    """A trace compiled to native code.  ``enter(buf)``: see the module doc."""

    backend = "llvm"

    def __init__(self, trace: ir.Trace):
        t0 = time.perf_counter()
        jit = _get_jit()
        jit.count += 1
        fname = f"pyjit_trace_{jit.count}"
        self.trace = trace              # keeps the constants the code points at alive
        self.llvm_ir = generate(trace, fname)
        addr, self.code_size = jit.compile(self.llvm_ir, fname)
        self._name = fname.encode()
        self._methoddef = _PyMethodDef(self._name, addr, _METH_O, None)
        self._native = _PyCFunction_NewEx(ctypes.addressof(self._methoddef), None, None)
        snaps = [len(list(op.snapshot.values())) for op in trace.guards()]
        self.buf_size = 1 + max([len(trace.inputs)] + snaps)
        self.compile_seconds = time.perf_counter() - t0

    def enter(self, buf: list) -> int:
        if type(buf) is not list:
            raise TypeError("enter() wants a list")
        if len(buf) < self.buf_size:
            buf.extend([None] * (self.buf_size - len(buf)))
        return self._native(buf)


def compile(trace: ir.Trace) -> Loop:
    return Loop(trace)


__all__ = ["compile", "generate", "Loop", "RefPlan", "CompileError"]
