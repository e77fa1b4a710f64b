"""The trace IR: every operation declared once, values, traces, and their text form.

A trace is linear SSA (RPython's ``resoperation.py`` is the model): a list of
:class:`Op`, each the value it computes.  The loop shape is::

    [p0, p1]                 # inputs: the frame values the trace starts from
    ...preamble...           # runs once (entry guards, unboxing)
    label(p0, i2)            # loop header: the loop-carried values
    ...body...
    jump(p7, i9)             # back to label; its args rebind label's args

Value kinds (an op's or constant's ``type``): ``r`` a Python object, ``i`` int64,
``f`` a double, ``b`` i1, ``v`` nothing; text names carry it: p3, i4, f5, b6.

Guards (and ops that can raise) carry a :class:`Snapshot`: the frames to rebuild
if execution leaves the trace there -- per frame the function, the pc, the locals
the trace knows and the value stack -- in trace values and constants.  A failing
guard resumes at the snapshot's pc; an op that raised resumes there with the
exception pending (the instruction is not run again).

The text form prints and parses back (tests and ``--jit-log`` use it)::

    i5 = int_add_ovf(i3, 1) {f@14 l0=p0 l1=i3 s=p2}   # line 7

Constants: ``7``, ``1.5`` / ``inf`` / ``nan``, ``NULL``, other objects ``$label``
(resolved through a namespace).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import math, operator, re, weakref
from typing import Callable, NamedTuple

from pyjit import opcodes as O
from pyjit.function import Function
from pyjit.null import NULL
from pyjit.typelookup import is_type, type_flags, type_name
from .framekinds import FRAME_KINDS, FrameKind  # noqa: F401  (re-exported)
from .virtuals import Virtual, format_virtual, leaves, mapv, parse_virtual

# ---------------------------------------------------------------------------
# the op table


class OpDef(NamedTuple):
    name: str
    args: str       # operand kinds, one letter each; '*' at the end: more of the last kind
    result: str     # 'r' 'i' 'f' 'b' or 'v'
    pure: bool = False      # no side effect, result depends only on the operands
    guard: bool = False     # may leave the trace (has a snapshot)
    raises: bool = False    # may raise a Python exception (has a snapshot)
    effects: bool = False   # writes memory or runs arbitrary code: a barrier for guard removal
    structural: bool = False  # the loop's shape (label, jump): operands of any kinds; each
    #                           backend and pass handles it as such, not by a per-op handler
    nullable: bool = False  # the result may be C NULL ("absent"; a guard_nonnull/isnull decides)
    doc: str = ""


R, I, F, B, V = "rifbv"


# call_unary's operators: one table for the recorder, the trace interpreter and the
# LLVM backend
class UnaryOp(NamedTuple):
    """What ``call_unary``'s first operand (a constant) selects."""
    code: int
    name: str                # how the recorder asks for it
    symbol: str
    function: Callable       # the host's operator (the trace interpreter)
    capi: str                # the C-API function (the LLVM backend)


UNARY_OPS = (
    UnaryOp(0, "neg", "-x", operator.neg, "PyNumber_Negative"),
    UnaryOp(1, "pos", "+x", operator.pos, "PyNumber_Positive"),
    UnaryOp(2, "invert", "~x", operator.invert, "PyNumber_Invert"),
    UnaryOp(3, "not", "not x", operator.not_, "PyObject_Not"),
)
assert all(u.code == k for k, u in enumerate(UNARY_OPS)), "a code is its index"
UNARY_BY_NAME = {u.name: u for u in UNARY_OPS}

OPS: dict[str, OpDef] = {}


def _op(name, args, result, **flags):
    assert name not in OPS, name
    OPS[name] = OpDef(name, args, result, **flags)


# -- loop structure
_op("label", "r*", V, structural=True, doc="loop header; args: the loop-carried values (any kinds)")
_op("jump", "r*", V, structural=True, doc="back to label: args rebind label's args, in order")
# -- guards: leave the trace when the condition does not hold
_op("guard_true", B, V, guard=True)
_op("guard_false", B, V, guard=True)
_op("guard_class", R + R, V, guard=True, doc="type(p) is the constant type")
_op("guard_value", R + R, V, guard=True, doc="p is the constant object")
_op("guard_nonnull", R, V, guard=True)
_op("guard_isnull", R, V, guard=True, doc="call_iternext said exhausted (an inner loop ends)")
_op("guard_dict_version", R + I, V, guard=True, doc="ma_version_tag of the dict equals")
_op("guard_type_version", R + I, V, guard=True, doc="tp_version_tag of the type equals")
_op("guard_len", R + I, V, guard=True, doc="Py_SIZE of a list/tuple equals")
_op("check_interrupt", R + I, V, guard=True, raises=True,
    doc="at every path's end, as CPython's eval loop at a back-edge: if its eval breaker is set "
        "(a signal, a thread waiting for the GIL, a pending call, an asynchronous exception), call "
        "the function (pyjit's tick: CPython handles the request on entering it), then leave at the "
        "loop's header -- or raise what the handling raised, at the back-edge (the pc operand)")
_op("leave", "", V, guard=True, doc="always leaves: a bridge back at its loop's header from outside "
    "the loop, which cannot jump to the label (it changed a loop-invariant), re-enters the loop")
_op("finish", R, V, guard=True, doc="a function trace's return: leaves, the value on the stack")
_op("guard_method_def", R + I, V, guard=True, doc="a builtin function/method (class guarded "
    "before) whose PyMethodDef is at the address: the same C function, whatever it is bound to")
# -- boxing
_op("unbox_int", R, I, pure=True, guard=True, doc="an exact int that fits in 64 bits")
_op("box_int", I, R, pure=True)
_op("unbox_float", R, F, pure=True, doc="after guard_class(p, float)")
_op("box_float", F, R, pure=True)
_op("box_bool", B, R, pure=True)
BOX_CLASS = {"box_int": int, "box_float": float, "box_bool": bool}   # box op -> what it makes
# -- machine integers (Python semantics; overflow leaves the trace)
_op("int_add_ovf", I + I, I, pure=True, guard=True)
_op("int_sub_ovf", I + I, I, pure=True, guard=True)
_op("int_mul_ovf", I + I, I, pure=True, guard=True)
_op("int_floordiv", I + I, I, pure=True, guard=True, doc="Python //; leaves on 0 or overflow")
_op("int_mod", I + I, I, pure=True, guard=True, doc="Python %; leaves on 0")
_op("int_neg_ovf", I, I, pure=True, guard=True)
_op("int_rshift", I + I, I, pure=True, guard=True, doc="Python >>; leaves on a negative count")
_op("int_lshift_ovf", I + I, I, pure=True, guard=True,
    doc="Python <<; leaves on a negative count or overflow")
# without the overflow check: opt/intbounds proved the result fits (never recorded)
for _n, _s in (("int_add", "+"), ("int_sub", "-"), ("int_mul", "*")):
    _op(_n, I + I, I, pure=True, doc=f"a {_s} b, known to fit in 64 bits")
_op("int_and", I + I, I, pure=True)
_op("int_or", I + I, I, pure=True)
_op("int_xor", I + I, I, pure=True)
for _c in O.COMPARE_OP_TABLE:       # COMPARE_OP's comparisons, on machine values
    _op(_c.int_op, I + I, B, pure=True)
    _op(_c.float_op, F + F, B, pure=True)
_op("int_is_true", I, B, pure=True)
_op("int_to_float", I, F, pure=True)
_op("float_to_int", F, I, pure=True, guard=True, doc="int(x): truncated; leaves unless -2**63 <= x < 2**63")
_op("float_pow", F + F, F, pure=True, guard=True, doc="x ** y (libm pow) for finite x > 0 and y; else, or inf, leaves")
# -- doubles (IEEE, as CPython's float)
_op("float_add", F + F, F, pure=True)
_op("float_sub", F + F, F, pure=True)
_op("float_mul", F + F, F, pure=True)
_op("float_truediv", F + F, F, pure=True, guard=True, doc="leaves on a zero divisor")
_op("float_neg", F, F, pure=True)
_op("float_is_true", F, B, pure=True)
_op("bool_not", B, B, pure=True)
_op("ptr_eq", R + R, B, pure=True, doc="identity (is)")
# -- containers, known layout
_op("list_getitem", R + I, R, guard=True, doc="0 <= index < len, else leave")
_op("list_setitem", R + I + R, V, guard=True, effects=True, doc="0 <= index < len, else leave")
_op("tuple_getitem", R + I, R, pure=True, doc="index checked by an earlier guard_len")
_op("len_list", R, I, doc="Py_SIZE of a list or tuple")
_op("rangeiter_next", R, I, guard=True, effects=True, doc="leaves when exhausted")
_op("listiter_next", R, R, guard=True, effects=True, doc="leaves when exhausted")
_op("tupleiter_next", R, R, guard=True, effects=True, doc="leaves when exhausted")
# -- cells (closures): a frame slot holds the cell
_op("cell_get", R, R, guard=True, doc="the cell's contents; leaves if empty")
_op("cell_set", R + R, V, effects=True, doc="set the cell's contents")
_op("cell_clear", R, V, effects=True, doc="empty the cell (DELETE_DEREF)")
# -- generic operations: calls into the C-API (new references; may run any code)
_op("call_binop", I + R + R, R, raises=True, effects=True, doc="BINARY_OP with the oparg")
_op("call_compare", I + R + R, R, raises=True, effects=True, doc="rich compare with op number")
_op("call_unary", I + R, R, raises=True, effects=True,
    doc=", ".join(f"{u.code} {u.symbol}" for u in UNARY_OPS))
_op("call_truth", R, B, raises=True, effects=True, doc="PyObject_IsTrue")
_op("call_contains", R + R, B, raises=True, effects=True, doc="item in container")
_op("call_getattr", R + R, R, raises=True, effects=True, doc="attribute name is a str constant")
_op("call_setattr", R + R + R, V, raises=True, effects=True)
_op("call_delattr", R + R, V, raises=True, effects=True)
_op("call_getitem", R + R, R, raises=True, effects=True)
_op("call_setitem", R + R + R, V, raises=True, effects=True)
_op("call_delitem", R + R, V, raises=True, effects=True)
_op("call_iternext", R, R, raises=True, effects=True, nullable=True, doc="NULL when exhausted")
_op("call_getiter", R, R, raises=True, effects=True)
_op("call", R + "r*", R, raises=True, effects=True, doc="vectorcall(fn, args...)")
_op("call_assembler", R + R + "r*", R, raises=True, effects=True, doc="jit/nativecall.py")
_op("call_assembler_in", R * 3 + "r*", R, raises=True, effects=True,
    doc="jit/nativecall.py, call_in: from an inlined frame, its depth the 3rd argument")
_op("dunder_result", I + R + R + R, R, raises=True, effects=True,
    doc="(code, v, a, b): the value of an instruction whose method (v its result) a call_assembler "
        "called: v, or on NotImplemented / __init__'s value jit/runtime.dunder_rest")
_op("call_loop", R + R + R + "r*", R, raises=True, effects=True, doc="jit/loopcall.py")
_op("call_loop_in", R * 4 + "r*", R, raises=True, effects=True, doc="jit/loopcall.py, call_in")
_op("const_ref", R, R, doc="a new reference to an object constant: the reference a frame slot or the value "
    "stack holds (a WeakConst is alive here: a guard before this proved it); not pure, so never "
    "merged or hoisted: it lives exactly as long as the interpreter's would")
_op("call_kw", R + R + "r*", R, raises=True, effects=True, doc="vectorcall(fn, args..., kwnames): the last len(kwnames) args are keywords")
_op("build_tuple", "r*", R, raises=True)
_op("build_list", "r*", R, raises=True)
_op("build_slice", "r*", R, raises=True, doc="BUILD_SLICE: PySlice_New(start, stop[, step])")
_op("build_map", "r*", R, raises=True, effects=True,
    doc="a dict from (key, value) operand pairs, stored in order (hashing may run code)")
# -- building containers and strings (BUILD_*, LIST_*, SET_*, DICT_*, f-strings)
_op("build_set", "r*", R, raises=True, effects=True, doc="a set of the operands (hashing may run code)")
_op("build_string", "r*", R, raises=True, doc="the operands (strs) concatenated")
_op("call_format", I + R + R, R, raises=True, effects=True,
    doc="(conversion, v, spec): FORMAT_VALUE -- 0 none, 1 str(), 2 repr(), 3 ascii(); then format()")
_op("list_extend", R + R, V, raises=True, effects=True, doc="list.extend(iterable)")
_op("list_to_tuple", R, R, raises=True)
_op("call_list", R, R, raises=True, effects=True, doc="list(iterable)")
_op("set_add", R + R, V, raises=True, effects=True)
_op("set_update", R + R, V, raises=True, effects=True)
_op("dict_update", R + R, V, raises=True, effects=True, doc="dict.update(d, mapping)")
_op("call_len", R, I, raises=True, effects=True, doc="len(o)")
_op("list_slice", R + I + I, R, raises=True, doc="(seq, lo, hi): a list of a list's or tuple's items lo..hi")
_op("unpack_next", R + I + I, R, raises=True, effects=True,
    doc="(it, expected, k): the k-th item unpacked from iterator it, or CPython's ValueError")
_op("unpack_end", R + I, V, raises=True, effects=True,
    doc="(it, expected): it is exhausted, or CPython's 'too many values' ValueError")
_op("unpack_check", R + I + I, V, raises=True,
    doc="(list, before, after): a starred unpacking has enough values, or CPython's ValueError")
# -- program objects: instances of classes the program defines.  Each op's layout
#    facts (an attribute's index in the shared keys, a slot's offset) hold while
#    the class is the one guarded (guard_class + guard_type_version before it).
_op("new_instance", R, R, raises=True, effects=True,
    doc="object.__new__(cls) (the class's tp_alloc, then its inline values)")
_op("getattr_values", R + R + I, R, guard=True,
    doc="(o, name, index): o's inline value at index; leaves if it has none there")
_op("setattr_values", R + R + I + R, V, raises=True, effects=True,
    doc="(o, name, index, v): replace o's inline value at index; if absent, the generic setattr")
_op("getattr_slot", R + R + I, R, guard=True,
    doc="(o, name, offset): a __slots__ member; leaves if it is empty")
_op("type_lookup", R + R, R, guard=True,
    doc="(cls, name): the attribute found in cls's MRO (_PyType_Lookup); leaves if none")
_op("setattr_slot", R + R + I + R, V, effects=True, doc="(o, name, offset, v): a __slots__ member")
_op("guard_no_dict", R, V, guard=True,
    doc="o's __dict__ was never materialized: its attributes are its inline values")
_op("guard_shared_keys", R + I, V, guard=True,
    doc="(cls, n): the shared keys of cls's instances still have n names")
_op("new_method", R + R, R, raises=True, doc="a bound method of (function, self)")
_op("new_function", R * 7, R, raises=True,
    doc="(prototype, globals, module, defaults, kwdefaults, annotations, closure): "
        "MAKE_FUNCTION -- a new Function with the prototype's code and names and the operands")
_op("type_of", R, R, doc="type(o) (not pure: __class__ assignment changes it)")
_op("new_cell", R, R, raises=True, doc="a new cell holding the value (NULL: an empty cell)")
_op("lookup_special", R + R, R, raises=True, effects=True, nullable=True,
    doc="(o, name): a special method looked up on o's type and bound (with); NULL if none")
_op("dict_getitem", R + R, R, raises=True, nullable=True,
    doc="(d, key): d[key] of an exact dict, NULL if absent")

# -- statistics (--stats: the native share counts each path's runs)
_op("count", I, V, effects=True, doc="add 1 to the int64 at this address")
_op("frame_end", "r*", V, doc="an inlined frame returns: what only it kept dies right after, "
    "in the operands' order (its locals by index, then what its caller held; see RefPlan)")

def method_def(fn) -> int:   # guard_method_def's: PyCFunctionObject.m_ml (offset 16, 3.11)
    import ctypes
    return ctypes.c_void_p.from_address(id(fn) + 16).value


def _check_binary_op_table():
    """The machine ops that opcodes.BINARY_OP_TABLE names are ops here, of the
    kinds the recorder emits them with."""
    for b in O.BINARY_OP_TABLE:
        for name, kind in ((b.int_op, I), (b.float_op, F)):
            if name is not None and (name not in OPS or OPS[name].args != kind + kind
                                     or OPS[name].result != kind):
                raise AssertionError(f"BINARY_OP {b.symbol!r}: {name} is not an op "
                                     f"{kind}{kind} -> {kind}")


_check_binary_op_table()

STRUCTURAL = frozenset(name for name, d in OPS.items() if d.structural)


def handler_table(component: str, handlers) -> dict:
    """``{op name: handler}`` from ``(op name, handler)`` pairs, checked (a
    component calls this at import, so a mismatch fails there, loudly): every
    name is an op of :data:`OPS` and not a structural one, no op has two
    handlers, every other op has one."""
    table: dict = {}
    for name, fn in handlers:
        if name not in OPS:
            raise AssertionError(f"{component}: a handler for {name!r}, which is no op")
        if name in STRUCTURAL:
            raise AssertionError(f"{component}: a handler for structural op {name!r}")
        if name in table:
            raise AssertionError(f"{component}: two handlers for {name!r}")
        table[name] = fn
    missing = sorted(set(OPS) - STRUCTURAL - set(table))
    if missing:
        raise AssertionError(f"{component}: no handler for {missing}")
    return table

# kind -> text prefix of values
PREFIX = {R: "p", I: "i", F: "f", B: "b"}


def arg_kinds(d: OpDef, n: int) -> str:
    """The kinds of ``n`` operands of op ``d`` (expanding a trailing '*')."""
    if d.args.endswith("*"):
        fixed = d.args[:-2]
        return fixed + d.args[-2] * (n - len(fixed))
    return d.args


# ---------------------------------------------------------------------------
# values


class Value:
    """Anything an op can take as an operand."""
    __slots__ = ()
    type = R


class Input(Value):
    """A value the trace starts from (a frame slot read at entry)."""
    __slots__ = ("type",)

    def __init__(self, type=R):
        self.type = type


class Const(Value):
    __slots__ = ("value", "type")

    def __init__(self, value, type):
        self.value = value
        self.type = type

    def __eq__(self, other):
        if not isinstance(other, Const) or other.type != self.type:
            return False
        if self.type == R:
            return self.value is other.value
        if self.type == F:  # by bits: 0.0 and -0.0 differ, nan equals itself
            return math.copysign(1, self.value) == math.copysign(1, other.value) and (
                self.value == other.value or (self.value != self.value and other.value != other.value))
        return self.value == other.value

    def __hash__(self):
        return hash((self.type, id(self.value) if self.type == R else repr(self.value)))

    def __repr__(self):
        return f"Const({self.value!r}, {self.type!r})"


def const_int(v: int) -> Const:
    return Const(v, I)


def const_float(v: float) -> Const:
    return Const(v, F)


def const_bool(v: bool) -> Const:
    return Const(bool(v), B)


_HEAPTYPE = 1 << 9   # Py_TPFLAGS_HEAPTYPE


def observable(obj) -> bool:
    """Can a program observe when ``obj`` dies?  Functions and classes the program
    makes can be weakly referenced (their callbacks run when they die, and a
    rebound global's old function dies at once); a trace must never be what
    keeps them alive, so it refers to them as :class:`WeakConst`."""
    return type(obj) is Function or (is_type(obj) and bool(type_flags(obj) & _HEAPTYPE))


class _Dead:
    """What a WeakConst's value reads once its object died (``is`` nothing else)."""
    __slots__ = ()
    __repr__ = lambda self: "<dead constant>"    # noqa: E731


DEAD = _Dead()


class WeakConst(Const):
    """An object constant the trace refers to by address only, never owning it
    (see :func:`observable`).  Every use is safe without a reference:

    * identity and class guards against it (``guard_value``, ``guard_class``)
      also check that it is alive -- the backends keep an *alive* flag per weak
      constant, cleared by a weakref callback when it dies, so a new object that
      reuses the address never passes the guard;
    * the value a frame slot, the stack or a call receives is ``const_ref(c)``,
      an owned reference made right after a guard proved the object alive (a
      dict-version guard on the globals it was read from, or one of the above).

    ``value`` reads :data:`DEAD` once the object died."""
    __slots__ = ("_ref",)

    def __init__(self, obj):
        self._ref = weakref.ref(obj)
        self.type = R

    @property
    def value(self):
        obj = self._ref()
        return DEAD if obj is None else obj

    def __repr__(self):
        return f"WeakConst({self.value!r})"


def const_ptr(obj) -> Const:
    """The constant for object ``obj``: weak if its lifetime is observable."""
    return WeakConst(obj) if observable(obj) else Const(obj, R)


def weak_args(trace):
    """Every weak constant operand of the trace's ops (bridges included), in order."""
    # (no recursive closure: its cell cycle would keep the objects alive until
    # the next garbage collection -- the very thing weak constants avoid)
    pending = [trace.ops]
    while pending:
        for op in pending.pop(0):
            for a in op.args:
                if isinstance(a, WeakConst):
                    yield a
            if op.bridge is not None:
                pending.append(op.bridge)


def weak_consts(trace) -> list:
    """The distinct live objects of the trace's weak constants, in the order first
    used: what a backend keeps an alive flag for."""
    return list({id(a.value): a.value for a in weak_args(trace) if a.value is not DEAD}.values())


class Op(Value):
    """One operation; it is also the value it computes."""
    __slots__ = ("name", "args", "snapshot", "type", "line", "bridge", "instr")

    def __init__(self, name, args, snapshot=None, line=None):
        d = OPS[name]
        self.name = name
        self.args = list(args)
        self.snapshot = snapshot
        self.type = d.result
        self.line = line   # source line of the instruction it came from (logs)
        # how many of the recorded path's bytecode instructions are done when the
        # trace leaves here (set by the recorder; the native share counts them)
        self.instr = None
        # a guard's bridge: the ops run instead of leaving the trace when it fails
        # (recorded from there back to the loop header; they end with a jump)
        self.bridge: list | None = None

    @property
    def opdef(self) -> OpDef:
        return OPS[self.name]

    def __repr__(self):
        return f"<Op {self.name}>"


class FrameSnap:
    """One frame of a snapshot: where to continue and what the slots hold.

    ``func`` is the Function of an inlined frame (None for the trace's own
    frame, which exists already), held weakly like a :class:`WeakConst`: the
    inlined frame's own reference to its function is ``fref``, a trace value
    (an owned reference, as an interpreter frame owns its function), stored at
    exits with the other values -- for a function the trace knows only by its
    code (a closure made in the loop), the function read from the stack;
    ``locals`` maps slot -> value (an inlined frame's unlisted slots are
    unbound); ``stack`` is the whole value stack.

    ``kind`` says how an inlined frame was entered, hence what its return does
    and how leaving the trace rebuilds it (:data:`FRAME_KINDS`); ``extra`` are
    the values that kind needs (``init``: the new object)."""
    __slots__ = ("_func", "pc", "locals", "stack", "name", "fref", "kind", "extra", "code")

    def __init__(self, func, pc, locals_, stack, name=None, fref=None, kind="call", extra=(),
                 code=None):
        self._func = None if func is None else weakref.ref(func)
        # (the code, held strongly -- it holds no program object but its
        # constants: a generator expression's function is made anew each time
        # and dies, its code stays, for frame views: jit/positions.py)
        self.code = code if func is None else getattr(func, "code", None)
        self.pc = pc
        self.locals = dict(locals_)
        self.stack = list(stack)
        self.name = name or (func.__name__ if func is not None else "f")
        self.fref = fref
        self.kind = kind
        self.extra = list(extra)
        assert kind in FRAME_KINDS, kind

    @property
    def func(self):
        return None if self._func is None else self._func()

    def values(self) -> list:
        """Every trace value the frame names, in the order exits store them."""
        # (read at every exit the emitters write: one list, walked again only
        # if it holds a virtual object)
        vals = [*self.locals.values(), *self.stack, *self.extra]
        if self.fref is not None:
            vals.insert(0, self.fref)
        for v in vals:
            if isinstance(v, Virtual):
                out = []
                for v in vals:
                    out.extend(v.leaves()) if isinstance(v, Virtual) else out.append(v)
                return out
        return vals

    def map(self, get) -> "FrameSnap":
        """A copy with ``get`` applied to every value."""
        return FrameSnap(self.func, self.pc, {k: mapv(get, v) for k, v in self.locals.items()},
                         [mapv(get, v) for v in self.stack], self.name,
                         None if self.fref is None else get(self.fref), self.kind,
                         [mapv(get, v) for v in self.extra], self.code)

    def remap(self, get) -> None:
        """Apply ``get`` to every value, in place."""
        if self.fref is not None:
            self.fref = get(self.fref)
        self.locals = {k: mapv(get, v) for k, v in self.locals.items()}
        self.stack = [mapv(get, v) for v in self.stack]
        self.extra = [mapv(get, v) for v in self.extra]


class Snapshot:
    """The frames (outermost first) to rebuild when leaving the trace.

    ``restart``: the innermost frame's state is the one *before* the instruction
    at its pc, nothing of which has happened yet (a class, value or overflow
    check ahead of the instruction's action; the loop's header): leaving there
    is right whether or not the guard's condition holds -- the interpreter just
    runs the instruction -- so fault injection may fail it anywhere.  A branch's
    guard resumes on the other path and an exhausted iterator's after the loop:
    those are not."""
    __slots__ = ("frames", "restart")

    def __init__(self, frames, restart=False):
        self.frames = list(frames)
        self.restart = restart

    def values(self) -> list:
        if len(self.frames) == 1:
            return self.frames[0].values()
        return [v for fr in self.frames for v in fr.values()]


    def map(self, get) -> "Snapshot":
        return Snapshot([fr.map(get) for fr in self.frames], self.restart)


NULL_CONST = Const(NULL, R)   # the interpreter's NULL marker in a frame slot (an object)


class Trace:
    """A loop trace: ``inputs`` (frame slots read at entry) and ``ops``."""

    def __init__(self, inputs, ops, *, slots=None, entry=None):
        self.inputs = list(inputs)
        self.ops = list(ops)
        # the state at the loop header in terms of the inputs: the snapshot of
        # guards an optimizer moves into the preamble (they run before the body)
        self.entry = entry
        # what each input is: ('l', i) local i, ('s', k) stack entry k (of the entry frame)
        self.slots = list(slots) if slots is not None else [None] * len(self.inputs)
        # what opt assumed of every jump to the label (bridge.enter_loop): positions kept,
        # intervals, the fields of carried objects the body reads (opt/virtualize)
        self.invariant, self.label_bounds, self.carried_reads = frozenset(), {}, []
        self.variant: frozenset = frozenset()   # slots opt must not hold invariant: a bridge sets them

    def label(self):
        for op in self.ops:
            if op.name == "label":
                return op
        return None

    def guards(self):
        """Every op with a snapshot, bridges included (each bridge right after
        its guard): the numbering of exits the backends and the driver share."""
        out = []

        def walk(ops):
            for op in ops:
                if op.snapshot is not None:
                    out.append(op)
                if op.bridge is not None:
                    walk(op.bridge)
        walk(self.ops)
        return out

    def copy(self):
        text, ns = format_ns(self)
        return parse(text, ns)


# ---------------------------------------------------------------------------
# printing


def _fmt_float(v: float) -> str:
    if v != v:
        return "nan"
    if v in (math.inf, -math.inf):
        return "inf" if v > 0 else "-inf"
    r = repr(v)
    return r if ("." in r or "e" in r) else r + ".0"


def const_label(obj) -> str:
    """The ``$label`` of an object constant: stable and readable."""
    if obj is None:
        return "$None"
    if obj is True or obj is False:
        return f"${obj}"
    if is_type(obj):
        return f"${type.__dict__['__name__'].__get__(obj)}"
    if type(obj) in (int, float, str) and re.fullmatch(r"[-'\w.]{1,40}", repr(obj)) \
            and obj == obj and obj not in (math.inf, -math.inf):
        return f"${obj!r}"   # a Python literal (no spaces, commas or '#': the text splits on them)
    name = getattr(obj, "__name__", None)
    if isinstance(name, str) and name.isidentifier():
        return f"${name}"
    return f"$<{type_name(type(obj))}@{id(obj):x}>"


class Printer:
    def __init__(self):
        self.names: dict[int, str] = {}; self.vkeys: dict = {}   # noqa: E702  (virtuals' numbers)
        self.counts = {k: 0 for k in PREFIX}
        self.consts: dict[str, object] = {}

    def name(self, v) -> str:
        if isinstance(v, Virtual):   # (an object an exit builds: jit/virtuals.py)
            return format_virtual(v, self.name, self.vkeys)
        if isinstance(v, Const):
            if v.type == R and v.value is NULL:
                return "NULL"
            if v.type == I:
                return str(v.value)
            if v.type == F:
                return _fmt_float(v.value)
            if v.type == B:
                return "true" if v.value else "false"
            label = const_label(v.value)
            if label in self.consts and self.consts[label] is not v.value:
                label = f"$<{type_name(type(v.value))}@{id(v.value):x}>"
            self.consts[label] = v.value
            return label
        n = self.names.get(id(v))
        if n is None:
            n = f"{PREFIX[v.type]}{sum(self.counts.values())}"
            self.counts[v.type] += 1
            self.names[id(v)] = n
        return n

    def snapshot(self, snap: Snapshot) -> str:
        parts = []
        for fr in snap.frames:
            items = [f"{fr.name}@{fr.pc}"]
            if fr.fref is not None:
                items.append(f"fn={self.name(fr.fref)}")
            items += [f"l{k}={self.name(v)}" for k, v in sorted(fr.locals.items())]
            if fr.stack:
                items.append("s=" + ",".join(self.name(v) for v in fr.stack))
            if fr.kind != "call":
                items.append(f"k={fr.kind}")
            if fr.extra:
                items.append("x=" + ",".join(self.name(v) for v in fr.extra))
            parts.append("{" + " ".join(items) + "}")
        return " ".join(parts)


def format(trace: Trace, *, lines: bool = True, snapshots: bool = True) -> str:
    """The text form of ``trace`` (parse() reads it back)."""
    return format_ns(trace, lines=lines, snapshots=snapshots)[0]


def format_ns(trace: Trace, *, lines: bool = True, snapshots: bool = True):
    """The text form and the namespace that parse() needs to read it back."""
    p = Printer()
    out = ["[" + ", ".join(p.name(v) for v in trace.inputs) + "]"]
    if trace.entry is not None:
        out.append("entry " + p.snapshot(trace.entry))

    def emit(ops, indent):
        for op in ops:
            text = indent
            if op.type != V:
                text += p.name(op) + " = "
            text += f"{op.name}({', '.join(p.name(a) for a in op.args)})"
            if snapshots and op.snapshot is not None:
                text += " " + p.snapshot(op.snapshot)
            if lines and op.line is not None:
                text += f"  # line {op.line}"
            out.append(text)
            if op.snapshot is not None:
                for fr in op.snapshot.frames[1:]:
                    p.consts["@" + fr.name] = fr.func
            if op.bridge is not None:
                emit(op.bridge, indent + "    ")
    emit(trace.ops, "")
    return "\n".join(out) + "\n", p.consts


# ---------------------------------------------------------------------------
# parsing

DEFAULT_NAMESPACE = {
    "$int": int, "$float": float, "$str": str, "$list": list, "$tuple": tuple,
    "$dict": dict, "$bool": bool, "$None": None, "$True": True, "$False": False,
    "$range_iterator": type(iter(range(0))), "$list_iterator": type(iter([])),
    "$tuple_iterator": type(iter(())),
}


class ParseError(ValueError):
    pass


# (patterns of the text form, compiled by re's cache at the first parse: not at start-up)
_LINE = (r"^(?:(?P<res>[pifb]\d+)\s*=\s*)?(?P<name>\w+)\((?P<args>[^)]*)\)"
         r"(?P<snap>(?:\s*\{[^}]*\})*)\s*$")
_SNAPFRAME = r"\{([^}]*)\}"


def parse(text: str, namespace=None) -> Trace:
    """Read a trace back from its text form.

    ``namespace`` maps ``$label`` to the objects of constants and ``@name`` to
    the functions of inlined frames (``{name@pc ...}`` frames after the first)."""
    ns = dict(DEFAULT_NAMESPACE)
    if namespace:
        ns.update(namespace)
    env: dict[str, Value] = {}
    raw = [ln.split("#", 1)[0].rstrip() for ln in text.strip("\n").splitlines()]
    raw = [ln for ln in raw if ln.strip()]
    base = min((len(ln) - len(ln.lstrip()) for ln in raw), default=0)
    depths = [(len(ln) - len(ln.lstrip()) - base) // 4 for ln in raw]
    lines = [ln.strip() for ln in raw]
    if not lines or not (lines[0].startswith("[") and lines[0].endswith("]")):
        raise ParseError("a trace starts with its inputs: [p0, i1, ...]")
    inputs = []
    for name in _split(lines[0][1:-1]):
        v = Input({"p": R, "i": I, "f": F, "b": B}[name[0]])
        env[name] = v
        inputs.append(v)

    def value(tok: str) -> Value:
        tok = tok.strip()
        if tok in env:
            return env[tok]
        if tok == "NULL":
            return NULL_CONST
        if tok in ("true", "false"):
            return const_bool(tok == "true")
        if tok.startswith("$"):
            if tok in ns:
                return const_ptr(ns[tok])
            try:
                import ast   # (only the text form's readers need it)
                return const_ptr(ast.literal_eval(tok[1:]))
            except (ValueError, SyntaxError):
                raise ParseError(f"unknown constant {tok}") from None
        if re.fullmatch(r"-?\d+", tok):
            return const_int(int(tok))
        if re.fullmatch(r"-?(\d+\.\d*(e[-+]?\d+)?|\d+e[-+]?\d+|inf|nan)", tok):
            return const_float(float(tok))
        raise ParseError(f"undefined value {tok!r}")

    seen_virtuals: dict = {}      # a snapshot value: a trace value or a virtual object
    svalue = lambda tok: parse_virtual(tok.strip(), value, seen_virtuals)   # noqa: E731

    def snapshot(text):
        frames = []
        for i, body in enumerate(re.findall(_SNAPFRAME, text)):
            items = body.split()
            fname, pc = items[0].split("@")
            locs, stack, fref, kind, extra = {}, [], None, "call", []
            for it in items[1:]:
                k, v = it.split("=", 1)
                if k == "s":
                    stack = [svalue(x) for x in v.split(",")]
                elif k == "fn":
                    fref = value(v)
                elif k == "k":
                    if v not in FRAME_KINDS:
                        raise ParseError(f"unknown frame kind {v!r}")
                    kind = v
                elif k == "x":
                    extra = [svalue(x) for x in v.split(",")]
                else:
                    locs[int(k[1:])] = svalue(v)
            func = ns.get("@" + fname) if i > 0 else None
            frames.append(FrameSnap(func, int(pc), locs, stack, name=fname, fref=fref,
                                    kind=kind, extra=extra))
        return Snapshot(frames)

    body = list(zip(lines[1:], depths[1:]))
    entry = None
    if body and body[0][0].startswith("entry "):
        entry = snapshot(body[0][0][6:])
        body = body[1:]
    ops = []
    nest = [ops]   # the op list at each indentation depth (bridges of guards)
    for ln, depth in body:
        if depth > len(nest) - 1:
            if depth != len(nest) or not nest[-1] or nest[-1][-1].snapshot is None:
                raise ParseError(f"indented line is not a guard's bridge: {ln!r}")
            nest[-1][-1].bridge = []
            nest.append(nest[-1][-1].bridge)
        del nest[depth + 1:]
        m = re.match(_LINE, ln)
        if not m:
            raise ParseError(f"cannot parse: {ln!r}")
        name = m.group("name")
        if name not in OPS:
            raise ParseError(f"unknown op {name!r}")
        args = [value(a) for a in _split(m.group("args"))]
        snap = snapshot(m.group("snap")) if m.group("snap").strip() else None
        op = Op(name, args, snap)
        res = m.group("res")
        if res:
            if res in env:
                raise ParseError(f"{res} defined twice")
            env[res] = op
        nest[-1].append(op)
    return Trace(inputs, ops, entry=entry)


def _split(s: str) -> list[str]:
    return [x.strip() for x in s.split(",") if x.strip()]


# ---------------------------------------------------------------------------
# the verifier: run after every pass in tests


class VerifyError(AssertionError):
    pass


def verify(trace: Trace) -> None:
    """Operands defined before use, kinds as the table says, guards have snapshots,
    one label before the one final jump whose args match the label's; bridges
    (of guards after the label) end with such a jump too and may use what is
    defined before their guard."""
    defined = {id(v) for v in trace.inputs}
    label = _verify_ops(trace.ops, defined, None, top=True)
    if label is None:
        raise VerifyError("no label")


def _verify_ops(ops, defined, label, top=False):
    for k, op in enumerate(ops):
        d = OPS[op.name]
        if not d.structural:
            kinds = arg_kinds(d, len(op.args))
            if len(kinds) != len(op.args):
                raise VerifyError(f"op {k} {op.name}: {len(op.args)} operands, table says {d.args}")
            for a, kind in zip(op.args, kinds):
                if a.type != kind:
                    raise VerifyError(f"op {k} {op.name}: operand kind {a.type}, wants {kind}")
        for a in op.args:
            if not isinstance(a, Const) and id(a) not in defined:
                raise VerifyError(f"op {k} {op.name}: operand used before definition")
            if isinstance(a, Const) and a.type == I and not -(1 << 63) <= a.value < (1 << 63):
                raise VerifyError(f"op {k} {op.name}: integer constant {a.value} is not 64-bit")
        if (d.guard or d.raises) and op.snapshot is None:
            raise VerifyError(f"op {k} {op.name}: guard without a snapshot")
        if op.snapshot is not None:
            for v in op.snapshot.values():
                if not isinstance(v, Const) and id(v) not in defined:
                    raise VerifyError(f"op {k} {op.name}: snapshot value used before definition")
        if op.name == "label":
            if label is not None or not top:
                raise VerifyError("two labels")
            label = op
        if op.name == "jump":
            if k != len(ops) - 1:
                raise VerifyError("jump is not the last op")
            if label is None or [a.type for a in op.args] != [a.type for a in label.args]:
                raise VerifyError("jump args do not match the label")
        if op.bridge is not None:
            if label is None:
                raise VerifyError(f"op {k} {op.name}: a bridge before the label")
            _verify_ops(op.bridge, set(defined), label)
        if op.type != V:
            defined.add(id(op))
    if not ops or ops[-1].name != "jump" and (top or ops[-1].name != "finish"):
        raise VerifyError("a loop trace ends with jump" if top else "a bridge ends with jump/finish")
    return label
