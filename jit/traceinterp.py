"""The trace interpreter (``--jit-backend interp``): runs trace IR in Python.

It defines what every op means (the LLVM backend must agree with it, and its
tests compare the two), and tests the recorder and resume logic without LLVM.

Contract shared with :mod:`.backend_llvm` (see notes/jit.md, "Backend
contract"): ``compile(trace)`` gives an object whose ``enter(buf)`` runs the
loop with ``buf[1 + k]`` the k-th input.  When guard number ``g`` (index in
``trace.guards()``) fails it stores the guard's snapshot values
(``Snapshot.values()`` order, machine values boxed) in ``buf[1:]`` and returns
``g``; when an op raises, it stores the same, sets ``buf[0] = g`` and lets the
exception propagate.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import ctypes
import operator

from pyjit import opcodes as O
from pyjit.null import NULL
from pyjit.typelookup import class_lookup

from . import ir
from . import loopcall
from . import nativecall
from . import runtime
from .llvm import CompileError
from .llvm.layout import EVAL_BREAKER
from .llvm.ownership import RefPlan

_MIN, _MAX = -(1 << 63), (1 << 63) - 1
_EXHAUSTED = object()   # call_iternext's C NULL without an exception


def _eval_breaker():
    import ctypes
    return ctypes.c_int32.from_address(EVAL_BREAKER) if EVAL_BREAKER else None


_EVAL_BREAKER = _eval_breaker()


def _check_interrupt(tick, pc):
    # (CPython's own checks in this Python code usually come first: the trace
    # interpreter meets interruptions wherever it is -- see notes/jit.md)
    if _EVAL_BREAKER is not None and _EVAL_BREAKER.value:
        tick()
        raise GuardFailed


SUPPORTS_BRIDGES = True   # a failing guard with a bridge runs it (driver.record_bridge)


class GuardFailed(Exception):
    pass


def _fits(v: int) -> int:
    if _MIN <= v <= _MAX:
        return v
    raise GuardFailed


def _unbox_int(p):
    if type(p) is int and _MIN <= p <= _MAX:
        return p
    raise GuardFailed


def _proved(v: int) -> int:
    # int_add/int_sub/int_mul: the optimizer proved the result fits; the
    # reference semantics check it, so a wrong proof fails loudly in tests
    if _MIN <= v <= _MAX:
        return v
    raise AssertionError(f"pyjit: an int op proved not to overflow made {v}")


def _floordiv(a, b):
    if b == 0:
        raise GuardFailed
    return _fits(a // b)


def _mod(a, b):
    if b == 0:
        raise GuardFailed
    return a % b


def _truediv(a, b):
    if b == 0.0:
        raise GuardFailed
    return a / b


def _float_to_int(x):
    # int(x) where it fits 64 bits; nan, inf and the rest leave (int() raises or
    # makes a big int there, in the interpreter)
    if -9223372036854775808.0 <= x < 9223372036854775808.0:
        return int(x)
    raise GuardFailed


def _float_pow(x, y):
    # CPython's float ** float is libm's pow for a finite base > 0 and a finite
    # exponent, or OverflowError; other bases (0, negative: a complex result,
    # inf, nan) and exponents leave (the interpreter's ** decides there)
    if 0.0 < x < _INF and -_INF < y < _INF:
        try:
            return x ** y
        except OverflowError:
            pass
    raise GuardFailed


_INF = float("inf")


def _rshift(a, n):
    if n < 0:
        raise GuardFailed
    return a >> n


def _lshift(a, n):
    if not 0 <= n < 64:    # negative: the interpreter raises; 64 and more: leave too
        raise GuardFailed
    return _fits(a << n)


def _cell_get(c):
    try:
        return c.cell_contents
    except ValueError:   # empty: the interpreter raises the right NameError
        raise GuardFailed from None


def _cell_set(c, v):
    c.cell_contents = v


def _count(addr):
    c = ctypes.c_int64.from_address(addr)
    c.value += 1


def _guard(cond):
    if not cond:
        raise GuardFailed


def _list_getitem(lst, i):
    if 0 <= i < len(lst):
        return lst[i]
    raise GuardFailed


def _list_setitem(lst, i, v):
    if 0 <= i < len(lst):
        lst[i] = v
        return None
    raise GuardFailed


def _iter_next(it):
    # range/list/tuple iterators: exhausted -> leave the trace (resume after the loop)
    for v in it:
        return v
    raise GuardFailed


def _call_iternext(it):
    try:
        return next(it)
    except StopIteration:
        return _EXHAUSTED


def _call_kw(fn, kwnames, *args):
    n = len(kwnames)
    pos, kw = args[:len(args) - n], args[len(args) - n:]
    return fn(*pos, **dict(zip(kwnames, kw)))


def _truth(p):
    return bool(p)


_UNARY = tuple(u.function for u in ir.UNARY_OPS)   # call_unary's operator code -> it


def _builder_semantics():
    """Ops building containers and strings, and unpacking."""
    from . import runtime

    _CONV = (None, str, repr, ascii)

    def call_format(conv, v, spec):
        if conv:
            v = _CONV[conv](v)
        return format(v, spec)

    def unpack_next(it, expected, k):
        for v in it:
            return v
        runtime.unpack_error(expected, k, False)

    def unpack_end(it, expected):
        for v in it:
            runtime.unpack_too_many(expected)

    def unpack_check(lst, before, after):
        if len(lst) < before + after:
            runtime.unpack_error(before + after, len(lst), True)

    def set_update(s, it):
        s.update(it)

    return {
        "build_set": lambda *a: set(a),
        "build_string": lambda *a: "".join(a),
        "call_format": call_format,
        "list_extend": list.extend,
        "list_to_tuple": tuple,
        "call_list": list,
        "set_add": set.add,
        "set_update": set_update,
        "dict_update": dict.update,
        "call_len": len,
        "list_slice": lambda seq, lo, hi: list(seq[lo:hi]),
        "unpack_next": unpack_next,
        "unpack_end": unpack_end,
        "unpack_check": unpack_check,
    }


def _object_semantics():
    """Ops on program objects: their generic meaning (the LLVM backend's fast
    paths give the same results)."""
    import ctypes
    import types

    from pyjit.function import Function
    from pyjit.null import NULL

    from .llvm import layout

    def guard_no_dict(o):
        _guard(not ctypes.c_void_p.from_address(id(o) + layout.MANAGED_DICT).value)

    def lookup_special(o, name):
        from pyjit.handlers.exceptions import _lookup_special
        v = _lookup_special(o, name)
        return _EXHAUSTED if v is NULL else v

    def getattr_values(o, name, index):
        if not layout.has_inline_value(o, index) or layout.dict_materialized(o):
            raise GuardFailed
        return getattr(o, name)

    def getattr_slot(o, name, offset):
        v = ctypes.c_void_p.from_address(id(o) + offset).value
        if not v:
            raise GuardFailed
        # (the object at the offset, as native code reads it: a C field of a
        # builtin object -- map's iterators -- has no attribute of that name)
        return ctypes.cast(v, ctypes.py_object).value

    def type_lookup(cls, name):
        v = class_lookup(cls, name)
        if v is NULL:
            raise GuardFailed
        return v

    def new_function(proto, globals_, module, defaults, kwdefaults, annotations, closure):
        f = object.__new__(Function)
        for name in layout.FUNCTION_MEMBERS:
            setattr(f, name, getattr(proto, name))
        f.globals, f.module, f.defaults, f.kwdefaults = globals_, module, defaults, kwdefaults
        f.annotations, f.closure = annotations, closure
        return f

    def cell_clear(c):
        del c.cell_contents

    def new_cell(v):
        return types.CellType() if v is NULL else types.CellType(v)

    def dict_getitem(d, k):
        return dict.get(d, k, _EXHAUSTED)

    def build_map(*kv):
        d = {}
        for j in range(0, len(kv), 2):
            d[kv[j]] = kv[j + 1]
        return d

    return {
        "new_instance": lambda cls: object.__new__(cls),
        "getattr_values": getattr_values,
        "type_lookup": type_lookup,
        "setattr_values": lambda o, name, index, v: setattr(o, name, v),
        "getattr_slot": getattr_slot,
        "setattr_slot": lambda o, name, offset, v: setattr(o, name, v),
        "guard_no_dict": guard_no_dict,
        "guard_shared_keys": lambda cls, n: _guard(layout.shared_keys_count(cls) == n),
        "new_method": types.MethodType,
        "type_of": type,
        "new_cell": new_cell,
        "dict_getitem": dict_getitem,
        "build_map": build_map,
        "call_delattr": delattr,
        "lookup_special": lookup_special,
        "new_function": new_function,
        "cell_clear": cell_clear,
    }


# op name -> function of the operand values, checked against ir.OPS at import (the
# structural ops, label and jump, are the loop's own: Loop.enter)
SEMANTICS = ir.handler_table("the trace interpreter", [
    ("guard_true", lambda b: _guard(b)),
    ("guard_false", lambda b: _guard(not b)),
    ("leave", lambda: _guard(False)),
    ("guard_class", lambda p, t: _guard(type(p) is t)),
    ("guard_value", lambda p, c: _guard(p is c)),
    ("guard_nonnull", lambda p: _guard(p is not _EXHAUSTED)),
    ("guard_isnull", lambda p: _guard(p is _EXHAUSTED)),
    ("guard_dict_version", lambda d, v: _guard(_dict_version(d) == v)),
    ("guard_type_version", lambda t, v: _guard(_type_version(t) == v)),
    ("guard_len", lambda p, n: _guard(len(p) == n)),
    ("guard_method_def", lambda p, ml: _guard(ir.method_def(p) == ml)),
    ("check_interrupt", _check_interrupt),
    ("finish", lambda v: _guard(False)),
    ("const_ref", lambda c: c),
    ("unbox_int", _unbox_int),
    ("box_int", lambda i: i),
    ("unbox_float", lambda p: p),
    ("box_float", lambda f: f),
    ("box_bool", lambda b: b),
    ("int_add_ovf", lambda a, b: _fits(a + b)),
    ("int_sub_ovf", lambda a, b: _fits(a - b)),
    ("int_mul_ovf", lambda a, b: _fits(a * b)),
    ("int_add", lambda a, b: _proved(a + b)),
    ("int_sub", lambda a, b: _proved(a - b)),
    ("int_mul", lambda a, b: _proved(a * b)),
    ("int_floordiv", _floordiv),
    ("int_mod", _mod),
    ("int_neg_ovf", lambda a: _fits(-a)),
    ("int_rshift", _rshift),
    ("int_lshift_ovf", _lshift),
    ("cell_get", _cell_get),
    ("cell_set", _cell_set),
    ("int_and", operator.and_),
    ("int_or", operator.or_),
    ("int_xor", operator.xor),
    ("int_is_true", bool),
    ("int_to_float", float),
    ("float_to_int", _float_to_int),
    ("float_pow", _float_pow),
    ("float_add", operator.add),
    ("float_sub", operator.sub),
    ("float_mul", operator.mul),
    ("float_truediv", _truediv),
    ("float_neg", operator.neg),
    ("float_is_true", bool),
    ("bool_not", operator.not_),
    ("ptr_eq", operator.is_),
    ("list_getitem", _list_getitem),
    ("list_setitem", _list_setitem),
    ("tuple_getitem", lambda t, i: t[i]),
    ("len_list", len),
    ("rangeiter_next", _iter_next),
    ("listiter_next", _iter_next),
    ("tupleiter_next", _iter_next),
    ("call_binop", lambda op, a, b: O.BINARY_OP_FUNCTIONS[op](a, b)),
    ("call_compare", lambda op, a, b: O.COMPARE_OP_FUNCTIONS[op](a, b)),
    ("call_unary", lambda op, a: _UNARY[op](a)),
    ("call_truth", _truth),
    ("call_contains", lambda item, c: item in c),
    ("call_getattr", getattr),
    ("call_setattr", setattr),
    ("call_getitem", operator.getitem),
    ("call_setitem", operator.setitem),
    ("call_delitem", operator.delitem),
    ("call_iternext", _call_iternext),
    ("call_getiter", iter),
    ("call", lambda fn, *args: fn(*args)),
    ("call_assembler", nativecall.call),
    ("call_assembler_in", nativecall.call_in),
    ("dunder_result", runtime.dunder_result),
    ("call_loop", loopcall.call),
    ("call_loop_in", loopcall.call_in),
    ("call_kw", _call_kw),
    ("build_tuple", lambda *a: a),
    ("build_list", lambda *a: list(a)),
    ("build_slice", lambda *a: slice(*a)),
    ("count", _count),
    ("frame_end", lambda *values: None),   # (the values die after it: RefPlan)
    *_object_semantics().items(),
    *_builder_semantics().items(),
    *((c.int_op, c.function) for c in O.COMPARE_OP_TABLE),   # comparisons of machine
    *((c.float_op, c.function) for c in O.COMPARE_OP_TABLE),  # values: the host's operator
])
assert ir.STRUCTURAL == {"label", "jump"}, "Loop.enter knows label and jump only"


def _dict_version(d):
    from pyjit.specialize.versions import dict_version_reader
    return dict_version_reader(d).value


def _type_version(t):
    from pyjit.specialize.versions import type_version_reader
    return type_version_reader(t).value


class _Step:
    """One op as compiled: what it is, its operands, snapshot values, exit
    number and bridge *as they were when the loop was compiled*.  (A trace is
    a live object: a nested run of the same loop -- through a residual call --
    may attach bridges and carry new slots while this code runs; like native
    code, this compiled form does not change under it.)"""
    __slots__ = ("op", "name", "fn", "args", "snap", "g", "bridge", "drops", "raises",
                 "publish", "forcible", "result", "effects")

    def __init__(self, op, guard_index, bridge, drops):
        d = op.opdef
        self.op = op
        self.name = op.name
        self.fn = SEMANTICS.get(op.name)
        self.args = tuple(op.args)
        self.snap = tuple(op.snapshot.values()) if op.snapshot is not None else None
        self.g = guard_index.get(id(op))
        self.bridge = bridge          # the bridge's steps (a _Path), or None
        self.drops = drops            # ids of the values that die after this op
        self.raises = d.raises
        self.effects = d.effects
        self.publish = d.raises and d.effects
        self.forcible = d.guard and op.snapshot is not None and op.snapshot.restart
        self.result = op.type != ir.V


class _Path:
    __slots__ = ("steps", "start_drops")

    def __init__(self, steps, start_drops):
        self.steps = steps
        self.start_drops = start_drops   # ids dropped when the path starts (a bridge)


class Loop:
    """A trace ready to run in Python."""

    backend = "interp"
    code_size = 0
    llvm_ir = None

    def __init__(self, trace: ir.Trace, fault_counter: int | None = None, **options):
        self.trace = trace
        # exit numbers: the trace's guards, then each attached bridge's (as the
        # LLVM backend numbers them)
        self.guard_ops = trace.guards()
        self.guard_index = {id(op): k for k, op in enumerate(self.guard_ops)}
        # fault injection (jit/faults.py): the countdown eligible guards decrement
        self.fault = None
        if fault_counter is not None:
            import ctypes
            self.fault = ctypes.c_int64.from_address(fault_counter)
        ops = trace.ops
        self.label_at = next(k for k, op in enumerate(ops) if op.name == "label")
        self.inputs = tuple(trace.inputs)
        self.label_args = tuple(ops[self.label_at].args)
        # what an iteration may read besides the label's arguments: the inputs
        # and the values computed before the label
        self.before_label = tuple({id(v) for v in trace.inputs} |
                                  {id(op) for op in ops[:self.label_at]})
        self._plan()

    def _plan(self):
        # A value is dropped after its last use, as the native code drops its
        # reference (the same plan, :class:`RefPlan`): objects die when the
        # program's interpreter would let them die (__del__, weakref callbacks).
        try:
            plan = RefPlan(self.trace).main
        except CompileError:
            plan = None   # (a trace no backend compiles: values live until the exit)
        self.main = self._compile_path(self.trace.ops, plan, self.guard_index)

    def _compile_path(self, ops, plan, guard_index) -> _Path:
        steps = []
        for k, op in enumerate(ops):
            bridge = None
            if op.bridge is not None:
                bridge = self._compile_path(op.bridge, plan.bridges.get(k) if plan else None,
                                            guard_index)
            drops = [id(s.value) for s in plan.dies_after.get(k, ())] if plan else []
            steps.append(_Step(op, guard_index, bridge, drops))
        start = [id(s.value) for s in plan.dies_after.get(-1, ())] if plan else []
        return _Path(steps, start)

    # -- the backends' interface for bridges attached later (see llvm.code)

    ready = done = True
    cached = False
    compile_seconds = generate_seconds = 0.0

    def finish(self):
        pass

    def can_attach(self, guard_op) -> bool:
        return True

    def attach(self, guard_op, **options) -> "Loop":
        """``guard_op.bridge`` runs from the guard's next failure on (bridges
        run from the trace itself: its steps are made again); its guards take the
        next exit numbers."""
        mine = ir.Trace([], guard_op.bridge).guards()
        base = len(self.guard_ops)
        self.guard_ops.extend(mine)
        self.guard_index.update({id(op): base + k for k, op in enumerate(mine)})
        self._plan()
        return _Attached(mine)

    def tier_up_due(self) -> bool:
        return False

    def set_countdown(self, n):
        pass

    def countdown_value(self) -> int:
        return 0

    def enter(self, buf: list) -> int:
        env = {}
        for k, v in enumerate(self.inputs):
            env[id(v)] = buf[1 + k]
            buf[1 + k] = None   # (the trace holds the inputs: see backend_llvm)

        def val(a):
            if isinstance(a, ir.Const):
                return a.value
            return env[id(a)]

        main = self.main.steps
        steps = main
        fault = self.fault
        pc = 0
        pending = None   # an asynchronous exception met between exits (see below)
        while True:
            step = steps[pc]
            name = step.name
            if pending is not None and step.snap is not None:
                self._leave(step, buf, val)   # the first exit after it: raised there
                raise pending
            if name == "label":
                pc += 1
                continue
            if name == "jump":
                vals = [val(a) for a in step.args]
                # Nothing of this iteration outlives the jump but what it passes
                # on: a value of a path the next iteration does not take (a
                # bridge, or the main path when the bridge is taken) would
                # otherwise live until that path runs again.
                env = {vid: env[vid] for vid in self.before_label if vid in env}
                for a, v in zip(self.label_args, vals):
                    env[id(a)] = v
                vals = v = None
                steps = main
                pc = self.label_at + 1
                continue
            args = [val(a) for a in step.args]
            if step.publish:
                buf[0] = -1 - step.g   # where we are (see backend_llvm)
            try:
                if fault is not None and step.forcible:
                    fault.value -= 1
                    if fault.value == 0:
                        raise GuardFailed   # (injected)
                r = step.fn(*args)
            except GuardFailed:
                if step.bridge is not None:   # run the bridge instead of leaving
                    steps = step.bridge.steps
                    for vid in step.bridge.start_drops:
                        env.pop(vid, None)
                    pc = 0
                    continue
                return self._leave(step, buf, val)
            except BaseException as e:
                if step.raises or step.snap is not None:
                    # raised by the op -- or by CPython at one of its own checks
                    # while the op ran (a signal handler's exception, an
                    # asynchronous one): raised before the op, either way
                    self._leave(step, buf, val)
                    raise
                # Python code such as this loop meets asynchronous exceptions
                # anywhere; an op without a snapshot has no state to leave with
                # and no effect worth keeping apart (pure, or idempotent): it is
                # done again and the exception raised at the next exit
                pending = e
                continue
            args = None
            if step.result:
                env[id(step.op)] = r
            r = None
            for vid in step.drops:
                env.pop(vid, None)
            pc += 1

    @staticmethod
    def _leave(step, buf, val) -> int:
        vals = [val(v) for v in step.snap]
        need = 1 + len(vals)
        if len(buf) < need:
            buf.extend([None] * (need - len(buf)))
        buf[1:1 + len(vals)] = vals
        buf[0] = g = step.g   # (every exit says which it was)
        return g


class _Attached:
    """A bridge attached to a trace-interpreter loop (ready at once)."""
    done = installed = True
    code_size = 0
    cached = False
    compile_seconds = generate_seconds = 0.0

    def __init__(self, guard_ops):
        self.guard_ops = guard_ops

    def finish(self):
        pass


def compile(trace: ir.Trace, fault_counter: int | None = None, **options) -> Loop:
    """``fault_counter``: tests only (jit/faults.py); ``options``: the LLVM
    backend's (pipeline, bridge slots...), which mean nothing here."""
    return Loop(trace, fault_counter)


__all__ = ["compile", "Loop", "SEMANTICS"]
