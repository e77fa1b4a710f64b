"""The recorder: runs one iteration of a hot loop and writes down what it did.

Started at a hot loop's back-edge (:mod:`.driver`), the recorder executes the
loop's instructions itself, on the real frames, from the loop header until it
is back at the header -- and for every instruction emits the IR ops that do
what the instruction did *for the values it saw*: a type check where the
instruction's behaviour depended on a type (``guard_class`` then machine
arithmetic for exact ints and floats), a dict-version check where it read a
global (the LOAD_GLOBAL forms' cache, or the same fields read now), a branch
guard where it branched.  Everything the recorder does not specialize becomes
a generic op (a C-API call).  Python-to-Python calls are inlined: the callee
runs on a real frame (so an abort anywhere leaves the interpreter a consistent
state) and its instructions go into the same trace.

Each frame has a *shadow*: its locals and value stack as trace values.  Guards
capture the shadows as a snapshot (the state before the instruction, or --
for branches and loop exits -- the state after it, on the path not taken), so
leaving the trace can rebuild every frame.

The recording ends:
* closed: back at the header's JUMP_BACKWARD in the loop's own frame;
* aborted: an instruction the JIT does not handle, an inner loop, a return out
  of the loop's frame, a too-long trace (``--trace-limit``), a too-deep call;
  the interpreter continues from the instruction not yet executed;
* by an exception: the interpreter raises it at the instruction that raised.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import types

from pyjit import handlers as H
from pyjit import interp as I
from pyjit import opcodes as O
from pyjit.function import Function
from pyjit.null import NULL
from pyjit.specialize import versions as V

from . import ir
from .ir import Const, FrameSnap, Input, Op, Snapshot, const_int, const_ptr

_RANGE_ITER = type(iter(range(0)))
_LIST_ITER = type(iter([]))
_TUPLE_ITER = type(iter(()))
_MethodType = types.MethodType
_CellType = types.CellType
_REAL_FUNCTION_ONLY = {name for name, _ in I._REAL_FUNCTION_ONLY}
MAX_INLINE_DEPTH = 8

# BINARY_OP oparg (mod 13 for the in-place forms) -> machine op, by operand kind
_INT_BINOPS = {0: "int_add_ovf", 10: "int_sub_ovf", 5: "int_mul_ovf", 2: "int_floordiv",
               6: "int_mod", 1: "int_and", 7: "int_or", 12: "int_xor", 9: "int_rshift",
               3: "int_lshift_ovf"}
_FLOAT_BINOPS = {0: "float_add", 10: "float_sub", 5: "float_mul", 11: "float_truediv"}
_CMP = ("lt", "le", "eq", "ne", "gt", "ge")


class Abort(Exception):
    """Recording stops; the interpreter continues at the current instruction."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class Raised(Exception):
    """The instruction being recorded raised ``exc`` (already executed)."""

    def __init__(self, exc):
        self.exc = exc


class Shadow:
    """One frame as trace values: its locals (slot -> value) and stack."""
    __slots__ = ("frame", "locals", "stack", "func", "ret_pc")

    def __init__(self, frame, locals_, stack, func):
        self.frame = frame
        self.locals = locals_
        self.stack = stack
        self.func = func       # None for the loop's own frame
        self.ret_pc = None     # where the caller continues (its pc after the CALL)


class Recording:
    """The result: a closed trace (or a bridge's ops), or why not."""

    def __init__(self):
        self.trace = None
        self.bridge = None       # bridge mode: the bridge's ops (ending in jump)
        self.reason = None       # abort reason
        self.exc = None          # exception raised by the program
        self.frame = None        # the frame the interpreter continues with
        self.max_depth = 0


class Recorder:
    def __init__(self, f, header, ts, limit):
        self.ts = ts
        self.header = header
        self.limit = limit
        self.ops: list[Op] = []
        self.inputs: list[Input] = []
        self.slots: list = []
        self.input_of_slot: dict = {}
        self.checked: set = set()      # ids of inputs checked non-NULL this iteration
        self.snaps: list[Snapshot] = []
        stack = []
        for k in range(len(f.stack)):
            stack.append(self._new_input(("s", k)))
        self.top = Shadow(f, {}, stack, None)
        self.shadows = [self.top]
        self.max_depth = 0
        self.f = f
        self.pc = header
        self._before = None
        self.label = None        # bridge mode: the loop's label (its args' kinds)

    @classmethod
    def for_bridge(cls, trace, snap, frame, ts, header, limit):
        """Record from a failing guard (``snap``: its snapshot, in the trace's
        values; ``frame``: the innermost frame resume rebuilt from it) back to
        the loop's header.  The ops recorded become the guard's bridge."""
        self = cls.__new__(cls)
        self.ts = ts
        self.header = header
        self.limit = limit
        self.ops = []
        self.inputs = list(trace.inputs)
        self.slots = list(trace.slots)
        self.input_of_slot = dict(zip(self.slots, self.inputs))
        self.checked = {id(v) for v in self.inputs}  # (the trace checked them)
        self.snaps = []
        self.max_depth = 0
        self.label = trace.label()
        self.trace = trace
        self.carry_new = {}      # loop-frame slots the bridge touches, the loop did not
        self.f = frame
        self.pc = frame.pc
        self._before = None
        frames = []
        fr = frame
        while len(frames) < len(snap.frames):
            frames.append(fr)
            fr = fr.back
        frames.reverse()
        # machine values (unboxed by the optimizer) become objects again; the
        # recorder's unbox of a box_int/box_float takes the machine value back
        boxed = {}

        def obj(v):
            if v.type == ir.R:
                return v
            if id(v) not in boxed:
                if isinstance(v, Const):
                    boxed[id(v)] = const_ptr(v.value)
                else:
                    boxed[id(v)] = self.emit({ir.I: "box_int", ir.F: "box_float",
                                              ir.B: "box_bool"}[v.type], [v])
            return boxed[id(v)]
        self.shadows = []
        for fs, fr in zip(snap.frames, frames):
            sh = Shadow(fr, {k: obj(v) for k, v in fs.locals.items()},
                        [obj(v) for v in fs.stack], fs.func)
            sh.ret_pc = fr.pc
            self.shadows.append(sh)
        self.top = self.shadows[0]
        return self

    # -- values and emission ---------------------------------------------------

    def _new_input(self, slot):
        v = Input(ir.R)
        self.inputs.append(v)
        self.slots.append(slot)
        self.input_of_slot[slot] = v
        return v

    def emit(self, name, args, snap=None):
        op = Op(name, args, snap, line=self.f.dec.line_at(self.pc))
        self.ops.append(op)
        if len(self.ops) > self.limit:
            raise Abort("trace too long")
        if snap is not None:
            self.snaps.append(snap)
        return op

    def snapshot(self, pc=None, drop=0):
        """The state of all frames, the current one at ``pc`` with ``drop``
        values popped from its stack (default: before the current instruction)."""
        frames = []
        for sh in self.shadows[:-1]:
            frames.append(FrameSnap(sh.func, sh.ret_pc, sh.locals, sh.stack))
        sh = self.shadows[-1]
        stack = sh.stack[:len(sh.stack) - drop] if drop else sh.stack
        frames.append(FrameSnap(sh.func, self.pc if pc is None else pc, sh.locals, stack))
        return Snapshot(frames)

    def before(self):
        """The snapshot before the current instruction (made once per instruction)."""
        s = self._before
        if s is None:
            s = self._before = self.snapshot()
        return s

    def guard_class(self, v, t):
        if not isinstance(v, Const):
            self.emit("guard_class", [v, const_ptr(t)], self.before())

    def unbox_int(self, v, value):
        if isinstance(v, Const):
            assert _machine(v, value), "callers check _machine() first"
            return const_int(value)
        if isinstance(v, Op) and v.name == "box_int":
            return v.args[0]
        return self.emit("unbox_int", [v], self.before())

    def unbox_float(self, v, value):
        if isinstance(v, Const):
            return ir.const_float(value)
        if isinstance(v, Op) and v.name == "box_float":
            return v.args[0]
        return self.emit("unbox_float", [v])

    # -- the shadow stack ------------------------------------------------------

    def push(self, v):
        self.shadows[-1].stack.append(v)

    def pop(self):
        return self.shadows[-1].stack.pop()

    def peek(self, k=1):
        return self.shadows[-1].stack[-k]

    def load_local(self, k):
        sh = self.shadows[-1]
        v = sh.locals.get(k)
        if v is None:
            if sh.func is not None:
                v = ir.NULL_CONST
            elif self.label is not None:
                v = self._carry(k)
            else:
                v = self._new_input(("l", k))
                sh.locals[k] = v
        if isinstance(v, Input) and id(v) not in self.checked:
            # an input slot may be unbound on a later entry: the trace must see it
            self.checked.add(id(v))
            b = self.emit("ptr_eq", [v, ir.NULL_CONST])
            self.emit("guard_false", [b], self.before())
        return v

    def store_local(self, k, v):
        sh = self.shadows[-1]
        if sh.func is None and k not in sh.locals and self.label is not None:
            self._carry(k)
        if sh.func is None and k not in sh.locals:
            # a slot first written: it is loop-carried like the others (its value
            # before the write, in later iterations, is last iteration's)
            sh.locals[k] = self._new_input(("l", k))
        sh.locals[k] = v

    # -- running ---------------------------------------------------------------

    def run(self) -> Recording:
        rec = Recording()
        try:
            while True:
                f = self.f
                dec = f.dec
                pc = self.pc
                op = dec.ops[pc]
                self._before = None
                handler = DISPATCH[op]
                if handler is None:
                    raise Abort(f"unsupported instruction {O.BY_CODE[op].name}")
                if handler(self, f, dec, pc, dec.args[pc]) is CLOSED:
                    break
        except Abort as e:
            rec.reason = e.reason
            rec.frame = self.f
            self.f.pc = self.f.dec.resume_pc(self.pc)
            return rec
        except Raised as e:
            rec.exc = e.exc
            rec.frame = self.f
            self.f.pc = self.pc
            return rec
        if self.label is not None:
            rec.bridge = self._finish_bridge()
        else:
            rec.trace = self._finish()
        rec.frame = self.f
        rec.max_depth = self.max_depth
        return rec

    def _finish(self) -> ir.Trace:
        top = self.top
        # every snapshot of the loop's frame names every loop-carried slot
        # (a slot first written late still has last iteration's value before it)
        for snap in self.snaps:
            fr = snap.frames[0]
            for slot, inp in self.input_of_slot.items():
                if slot[0] == "l" and slot[1] not in fr.locals:
                    fr.locals[slot[1]] = inp
        jump_args = []
        for slot in self.slots:
            jump_args.append(top.locals[slot[1]] if slot[0] == "l" else top.stack[slot[1]])
        label = Op("label", list(self.inputs))
        jump = Op("jump", jump_args)
        entry = Snapshot([FrameSnap(None, self.header,
                                    {s[1]: v for s, v in zip(self.slots, self.inputs) if s[0] == "l"},
                                    [v for s, v in zip(self.slots, self.inputs) if s[0] == "s"])])
        return ir.Trace(self.inputs, [label] + self.ops + [jump], slots=self.slots, entry=entry)

    def _carry(self, k):
        """Bridge mode: loop-frame slot ``k`` which the loop's trace never touched
        (so the frame still holds its value) becomes an input of the loop, carried
        unchanged by the paths that do not write it (see _extend_loop)."""
        v = self.carry_new[k] = Input(ir.R)
        self.top.locals[k] = v
        return v

    def _extend_loop(self):
        """Make the slots the bridge touched loop-carried: inputs, label args,
        passed unchanged by every other jump, named by every snapshot."""
        trace = self.trace
        jumps = [trace.ops[-1]]
        snaps = [trace.entry] if trace.entry is not None else []

        def walk(ops):
            for op in ops:
                if op.snapshot is not None:
                    snaps.append(op.snapshot)
                if op.bridge is not None:
                    jumps.append(op.bridge[-1])
                    walk(op.bridge)
        walk(trace.ops)
        walk(self.ops)   # this bridge's own snapshots, before it touched the slot
        for k, v in self.carry_new.items():
            trace.inputs.append(v)
            trace.slots.append(("l", k))
            self.slots.append(("l", k))
            self.label.args.append(v)
            for j in jumps:
                j.args.append(v)
            for snap in snaps:
                snap.frames[0].locals.setdefault(k, v)

    def _finish_bridge(self) -> list:
        """Back at the header: jump to the label with each carried slot's value,
        of the kind the (optimized) label has."""
        if self.carry_new:
            self._extend_loop()
        top = self.top
        at_header = Snapshot([FrameSnap(None, self.header, top.locals, top.stack)])
        args = []
        for slot, want in zip(self.slots, self.label.args):
            v = top.locals[slot[1]] if slot[0] == "l" else top.stack[slot[1]]
            if want.type == ir.I or want.type == ir.F:
                t = int if want.type == ir.I else float
                box = "box_int" if t is int else "box_float"
                if isinstance(v, Op) and v.name == box:
                    v = v.args[0]
                elif isinstance(v, Const) and type(v.value) is t and _machine(v, v.value):
                    v = Const(v.value, want.type)
                else:
                    self.emit("guard_class", [v, const_ptr(t)], at_header)
                    v = self.emit("unbox_" + t.__name__, [v],
                                  at_header if t is int else None)
            elif want.type != ir.R:
                raise Abort("loop carries a value of kind " + want.type)
            args.append(v)
        ops = self.ops + [Op("jump", args)]
        return _clean_bridge(ops)

    def next(self, pc):
        self.pc = pc

    # -- executing generic operations -------------------------------------------

    def call_host(self, fn, *args):
        """Run host code for the current instruction; its exception is the program's."""
        self.f.lasti = self.pc
        try:
            return fn(*args)
        except BaseException as e:
            raise Raised(e) from None

    def generic(self, f, pc, arg, name, args, npop, push=True):
        """An instruction done by the interpreter's own handler, recorded as one
        generic op over its operands (popped: ``npop``; result pushed)."""
        snap = self.before()
        self.call_host(_EXEC.get(f.dec.ops[pc]) or H.HANDLERS[f.dec.ops[pc]], f, arg)
        for _ in range(npop):
            self.pop()
        op = self.emit(name, args, snap)
        if push:
            self.push(op)
        self.next(f.dec.nexts[pc])
        return op


CLOSED = object()


_BOX_CLASS = {"box_int": int, "box_float": float, "box_bool": bool}


def _clean_bridge(ops):
    """A bridge is not run through the optimizer: drop what is plainly dead --
    class guards on values boxed in the trace (their class is known), boxes only
    snapshots use (backends box at exits), pure ops nothing uses."""
    ops = [op for op in ops if not (
        op.name == "guard_class" and isinstance(op.args[0], Op)
        and _BOX_CLASS.get(op.args[0].name) is op.args[1].value)]
    used = set()
    for op in ops:
        for a in op.args:
            used.add(id(a))
    for op in ops:
        if op.snapshot is not None:
            for fr in op.snapshot.frames:
                for k, v in list(fr.locals.items()):
                    if isinstance(v, Op) and v.name in _BOXES and id(v) not in used:
                        fr.locals[k] = v.args[0]
                fr.stack[:] = [v.args[0] if isinstance(v, Op) and v.name in _BOXES
                               and id(v) not in used else v for v in fr.stack]
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


_BOXES = ("box_int", "box_float", "box_bool")
_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1


def _machine(v, value):
    """Can ``value`` (trace value ``v``) be a machine int where it is an int?  A
    constant must fit in 64 bits; a variable is checked by unbox_int's guard."""
    return not (isinstance(v, Const) and type(value) is int
                and not _I64_MIN <= value <= _I64_MAX)


def _exec_binary_op(f, arg):
    s = f.stack
    b = s.pop()
    s[-1] = I.BINOPS[arg](s[-1], b)


def _exec_compare_op(f, arg):
    s = f.stack
    b = s.pop()
    s[-1] = I.COMPARES[arg](s[-1], b)


# instructions the interpreter runs inline (no handler in handlers.HANDLERS)
_EXEC = {O.BINARY_OP: _exec_binary_op, O.COMPARE_OP: _exec_compare_op}


# ---------------------------------------------------------------------------
# instruction handlers: rec_<NAME>(r, f, dec, pc, arg) execute and record

def rec_NOP(r, f, dec, pc, arg):
    r.next(dec.nexts[pc])


rec_RESUME = rec_EXTENDED_ARG = rec_PRECALL = rec_NOP


def rec_LOAD_FAST(r, f, dec, pc, arg):
    v = f.fast[arg]
    if v is NULL:
        raise Abort("unbound local")
    r.push(r.load_local(arg))
    f.stack.append(v)
    r.next(pc + 1)


def rec_STORE_FAST(r, f, dec, pc, arg):
    f.fast[arg] = f.stack.pop()
    r.store_local(arg, r.pop())
    r.next(pc + 1)


def rec_LOAD_CONST(r, f, dec, pc, arg):
    v = f.consts[arg]
    f.stack.append(v)
    r.push(const_ptr(v))
    r.next(pc + 1)


def rec_POP_TOP(r, f, dec, pc, arg):
    f.stack.pop()
    r.pop()
    r.next(pc + 1)


def rec_PUSH_NULL(r, f, dec, pc, arg):
    f.stack.append(NULL)
    r.push(ir.NULL_CONST)
    r.next(pc + 1)


def rec_COPY(r, f, dec, pc, arg):
    f.stack.append(f.stack[-arg])
    r.push(r.peek(arg))
    r.next(pc + 1)


def rec_SWAP(r, f, dec, pc, arg):
    s = f.stack
    s[-1], s[-arg] = s[-arg], s[-1]
    s = r.shadows[-1].stack
    s[-1], s[-arg] = s[-arg], s[-1]
    r.next(pc + 1)


# -- arithmetic --------------------------------------------------------------

def rec_BINARY_OP(r, f, dec, pc, arg):
    a, b = f.stack[-2], f.stack[-1]
    va, vb = r.peek(2), r.peek(1)
    ta, tb = type(a), type(b)
    base = arg % 13   # in-place forms of ints and floats are the plain ones
    name = None
    if not (_machine(va, a) and _machine(vb, b)):
        pass   # a constant too big for a machine int: the generic operation
    elif ta is int and tb is int and base in _INT_BINOPS:
        name = _INT_BINOPS[base]
        kinds = "ii"
    elif (ta is float or ta is int) and (tb is float or tb is int) and \
            (ta is float or tb is float) and base in _FLOAT_BINOPS:
        name = _FLOAT_BINOPS[base]
        kinds = "ff"
    if name is not None:
        try:
            result = I.BINOPS[arg](a, b)
        except BaseException as e:
            raise Raised(e) from None
        r.guard_class(va, ta)
        r.guard_class(vb, tb)
        ma = r.unbox_int(va, a) if ta is int else r.unbox_float(va, a)
        mb = r.unbox_int(vb, b) if tb is int else r.unbox_float(vb, b)
        if kinds == "ff":
            if ta is int:
                ma = r.emit("int_to_float", [ma])
            if tb is int:
                mb = r.emit("int_to_float", [mb])
        opdef = ir.OPS[name]
        m = r.emit(name, [ma, mb], r.before() if opdef.guard else None)
        box = r.emit("box_int" if kinds == "ii" else "box_float", [m])
        del f.stack[-2:]
        f.stack.append(result)
        r.pop()
        r.pop()
        r.push(box)
        r.next(dec.nexts[pc])
        return
    r.generic(f, pc, arg, "call_binop", [const_int(arg), va, vb], 2)


def rec_UNARY_NEGATIVE(r, f, dec, pc, arg):
    a = f.stack[-1]
    va = r.peek()
    if type(a) is int and _machine(va, a):
        f.stack[-1] = -a
        r.guard_class(va, int)
        m = r.emit("int_neg_ovf", [r.unbox_int(va, a)], r.before())
        r.pop()
        r.push(r.emit("box_int", [m]))
        r.next(pc + 1)
    elif type(a) is float:
        f.stack[-1] = -a
        r.guard_class(va, float)
        m = r.emit("float_neg", [r.unbox_float(va, a)])
        r.pop()
        r.push(r.emit("box_float", [m]))
        r.next(pc + 1)
    else:
        r.generic(f, pc, arg, "call_unary", [const_int(0), va], 1)


def rec_UNARY_POSITIVE(r, f, dec, pc, arg):
    r.generic(f, pc, arg, "call_unary", [const_int(1), r.peek()], 1)


def rec_UNARY_INVERT(r, f, dec, pc, arg):
    r.generic(f, pc, arg, "call_unary", [const_int(2), r.peek()], 1)


def rec_UNARY_NOT(r, f, dec, pc, arg):
    b, t = truth(r, f.stack[-1], r.peek())
    f.stack[-1] = not t
    r.pop()
    r.push(r.emit("box_bool", [r.emit("bool_not", [b])]))
    r.next(pc + 1)


def rec_COMPARE_OP(r, f, dec, pc, arg):
    a, b = f.stack[-2], f.stack[-1]
    va, vb = r.peek(2), r.peek(1)
    ta, tb = type(a), type(b)
    if ((ta is int and tb is int) or (ta is float and tb is float)) and \
            _machine(va, a) and _machine(vb, b):
        result = I.COMPARES[arg](a, b)
        r.guard_class(va, ta)
        r.guard_class(vb, tb)
        if ta is int:
            m = r.emit(f"int_{_CMP[arg]}", [r.unbox_int(va, a), r.unbox_int(vb, b)])
        else:
            m = r.emit(f"float_{_CMP[arg]}", [r.unbox_float(va, a), r.unbox_float(vb, b)])
        del f.stack[-2:]
        f.stack.append(result)
        r.pop()
        r.pop()
        r.push(r.emit("box_bool", [m]))
        r.next(dec.nexts[pc])
        return
    r.generic(f, pc, arg, "call_compare", [const_int(arg), va, vb], 2)


def rec_IS_OP(r, f, dec, pc, arg):
    va, vb = r.peek(2), r.peek(1)
    H.IS_OP(f, arg)
    b = r.emit("ptr_eq", [va, vb])
    if arg:
        b = r.emit("bool_not", [b])
    r.pop()
    r.pop()
    r.push(r.emit("box_bool", [b]))
    r.next(pc + 1)


def rec_CONTAINS_OP(r, f, dec, pc, arg):
    va, vb = r.peek(2), r.peek(1)
    snap = r.before()
    r.call_host(H.CONTAINS_OP, f, arg)
    b = r.emit("call_contains", [va, vb], snap)
    if arg:
        b = r.emit("bool_not", [b])
    r.pop()
    r.pop()
    r.push(r.emit("box_bool", [b]))
    r.next(pc + 1)


# -- branches ----------------------------------------------------------------

def truth(r, value, v):
    """``(b, t)``: the trace's boolean for ``bool(value)`` (``v`` its trace value)
    and the truth itself, computed once (__bool__/__len__ may have effects or
    raise: recorded as call_truth).  Guards the type it depends on."""
    if isinstance(v, Op) and v.name == "box_bool":
        return v.args[0], bool(value)
    if isinstance(v, Const):
        t = bool(value)
        return ir.const_bool(t), t
    t = type(value)
    if t is bool:
        r.guard_class(v, bool)
        return r.emit("ptr_eq", [v, const_ptr(True)]), value
    if value is None:
        r.emit("guard_value", [v, const_ptr(None)], r.before())
        return ir.const_bool(False), False
    if t is int:
        r.guard_class(v, int)
        return r.emit("int_is_true", [r.unbox_int(v, value)]), bool(value)
    if t is float:
        r.guard_class(v, float)
        return r.emit("float_is_true", [r.unbox_float(v, value)]), bool(value)
    snap = r.before()
    result = r.call_host(bool, value)
    return r.emit("call_truth", [v], snap), result


def _direction(r, f, pc, arg, b, t, taken):
    """A conditional jump that pops its operand, whose truth ``t`` (trace
    boolean ``b``) took it (``taken``) to ``arg`` or on to ``pc + 1``: guard the
    direction; leaving resumes on the other path with the operand popped (its
    truth test is not run again)."""
    f.stack.pop()
    snap = r.snapshot(pc=pc + 1 if taken else arg, drop=1)
    r.pop()
    if not isinstance(b, Const):
        r.emit("guard_true" if t else "guard_false", [b], snap)
    r.next(arg if taken else pc + 1)
    return taken


def _branch(r, f, dec, pc, arg, jump_if):
    """POP_JUMP_*_IF_TRUE/FALSE."""
    b, t = truth(r, f.stack[-1], r.peek())
    return _direction(r, f, pc, arg, b, t, t == jump_if)


def rec_POP_JUMP_FORWARD_IF_FALSE(r, f, dec, pc, arg):
    _branch(r, f, dec, pc, arg, False)


def rec_POP_JUMP_FORWARD_IF_TRUE(r, f, dec, pc, arg):
    _branch(r, f, dec, pc, arg, True)


def _none_branch(r, f, dec, pc, arg, jump_if_none):
    """POP_JUMP_*_IF_NONE/NOT_NONE."""
    v = r.peek()
    is_none = f.stack[-1] is None
    b = ir.const_bool(is_none) if isinstance(v, Const) else r.emit("ptr_eq", [v, const_ptr(None)])
    return _direction(r, f, pc, arg, b, is_none, is_none == jump_if_none)


def rec_POP_JUMP_FORWARD_IF_NONE(r, f, dec, pc, arg):
    _none_branch(r, f, dec, pc, arg, True)


def rec_POP_JUMP_FORWARD_IF_NOT_NONE(r, f, dec, pc, arg):
    _none_branch(r, f, dec, pc, arg, False)


def _or_pop(r, f, dec, pc, arg, jump_if):
    """JUMP_IF_TRUE/FALSE_OR_POP: jump keeping the value, or pop it."""
    b, t = truth(r, f.stack[-1], r.peek())
    taken = t == jump_if
    if taken:
        other = r.snapshot(pc=pc + 1, drop=1)
        r.next(arg)
    else:
        other = r.snapshot(pc=arg)
        f.stack.pop()
        r.pop()
        r.next(pc + 1)
    if not isinstance(b, Const):
        r.emit("guard_true" if t else "guard_false", [b], other)


def rec_JUMP_IF_FALSE_OR_POP(r, f, dec, pc, arg):
    _or_pop(r, f, dec, pc, arg, False)


def rec_JUMP_IF_TRUE_OR_POP(r, f, dec, pc, arg):
    _or_pop(r, f, dec, pc, arg, True)


def rec_JUMP_FORWARD(r, f, dec, pc, arg):
    r.next(arg)


def rec_JUMP_BACKWARD(r, f, dec, pc, arg):
    if len(r.shadows) == 1 and arg == r.header:
        return CLOSED
    if len(r.shadows) > 1:
        raise Abort("loop in an inlined call")
    # an inner loop's back-edge: the recording unrolls it (bounded by --trace-limit)
    r.next(arg)


def _backward(branch):
    """A conditional jump backwards is a back-edge: to the loop's header in the
    loop's frame and taken, it closes the trace; not taken there, the loop ends
    (recording stops after it); to anywhere else it is an inner loop."""
    def rec(r, f, dec, pc, arg):
        if len(r.shadows) != 1:
            raise Abort("loop in an inlined call")
        if arg != r.header:
            branch(r, f, dec, pc, arg)   # an inner loop's back-edge: unrolled
            return None
        if branch(r, f, dec, pc, arg):
            return CLOSED
        raise Abort("loop exit while recording")
    return rec


rec_POP_JUMP_BACKWARD_IF_FALSE = _backward(lambda r, f, d, pc, a: _branch(r, f, d, pc, a, False))
rec_POP_JUMP_BACKWARD_IF_TRUE = _backward(lambda r, f, d, pc, a: _branch(r, f, d, pc, a, True))
rec_POP_JUMP_BACKWARD_IF_NONE = _backward(lambda r, f, d, pc, a: _none_branch(r, f, d, pc, a, True))
rec_POP_JUMP_BACKWARD_IF_NOT_NONE = _backward(
    lambda r, f, d, pc, a: _none_branch(r, f, d, pc, a, False))


# -- iteration ---------------------------------------------------------------

def rec_GET_ITER(r, f, dec, pc, arg):
    r.generic(f, pc, arg, "call_getiter", [r.peek()], 1)


def _iter_next_op(r, v, t, done):
    """The trace's next item of iterator ``v`` (of type ``t``); leaving by
    ``done`` when it is exhausted."""
    if t is _RANGE_ITER or t is _LIST_ITER or t is _TUPLE_ITER:
        r.guard_class(v, t)
        if t is _RANGE_ITER:
            return r.emit("box_int", [r.emit("rangeiter_next", [v], done)])
        return r.emit("listiter_next" if t is _LIST_ITER else "tupleiter_next", [v], done)
    res = r.emit("call_iternext", [v], r.before())
    r.emit("guard_nonnull", [res], done)
    return res


def rec_FOR_ITER(r, f, dec, pc, arg):
    it = f.stack[-1]
    v = r.peek()
    done = r.snapshot(pc=arg, drop=1)   # exhausted: the iterator popped, after the loop
    before = r.before()
    r.f.lasti = pc
    try:
        value = next(it)
    except StopIteration:
        if pc == r.header and len(r.shadows) == 1:
            raise Abort("loop exit while recording") from None
        # An inner loop ends here (recording unrolls inner loops): the trace
        # checks that it ends here too.  If it does not, the item is on the
        # stack after FOR_ITER where the interpreter goes on.
        p = r.emit("call_iternext", [v], before)
        goes_on = r.snapshot(pc=dec.nexts[pc])
        goes_on.frames[-1].stack.append(p)
        r.emit("guard_isnull", [p], goes_on)
        f.stack.pop()
        r.pop()
        r.next(arg)
        return
    except BaseException as e:
        raise Raised(e) from None
    f.stack.append(value)
    r.push(_iter_next_op(r, v, type(it), done))
    r.next(dec.nexts[pc])


# -- containers --------------------------------------------------------------

def rec_BINARY_SUBSCR(r, f, dec, pc, arg):
    c, k = f.stack[-2], f.stack[-1]
    vc, vk = r.peek(2), r.peek(1)
    tc = type(c)
    if (tc is list or (tc is tuple and isinstance(vk, Const))) and type(k) is int \
            and 0 <= k < len(c):
        r.guard_class(vc, tc)
        r.guard_class(vk, int)
        mk = r.unbox_int(vk, k)
        if tc is list:
            res = r.emit("list_getitem", [vc, mk], r.before())
        else:
            res = r.emit("tuple_getitem", [vc, _checked_index(r, vc, mk, len(c))])
        del f.stack[-1]
        f.stack[-1] = c[k]
        r.pop()
        r.pop()
        r.push(res)
        r.next(dec.nexts[pc])
        return
    if hasattr(tc, "__getitem__") and type(getattr(tc, "__getitem__")) is Function:
        raise Abort("__getitem__ of a VM class")
    r.generic(f, pc, arg, "call_getitem", [vc, vk], 2)


def _checked_index(r, vt, mk, n):
    """A constant tuple index: in range once the tuple's length is guarded."""
    if not isinstance(vt, Const):
        r.emit("guard_len", [vt, const_int(n)], r.before())
    return mk


def rec_STORE_SUBSCR(r, f, dec, pc, arg):
    v, c, k = f.stack[-3], f.stack[-2], f.stack[-1]
    vv, vc, vk = r.peek(3), r.peek(2), r.peek(1)
    if type(c) is list and type(k) is int and 0 <= k < len(c):
        r.guard_class(vc, list)
        r.guard_class(vk, int)
        mk = r.unbox_int(vk, k)
        r.emit("list_setitem", [vc, mk, vv], r.before())
        del f.stack[-3:]
        c[k] = v
        for _ in range(3):
            r.pop()
        r.next(dec.nexts[pc])
        return
    r.generic(f, pc, arg, "call_setitem", [vc, vk, vv], 3, push=False)


def rec_DELETE_SUBSCR(r, f, dec, pc, arg):
    r.generic(f, pc, arg, "call_delitem", [r.peek(2), r.peek(1)], 2, push=False)


def rec_BUILD_TUPLE(r, f, dec, pc, arg):
    items = r.shadows[-1].stack[len(r.shadows[-1].stack) - arg:] if arg else []
    r.generic(f, pc, arg, "build_tuple", items, arg)


def rec_BUILD_LIST(r, f, dec, pc, arg):
    items = r.shadows[-1].stack[len(r.shadows[-1].stack) - arg:] if arg else []
    r.generic(f, pc, arg, "build_list", items, arg)


def rec_BUILD_SLICE(r, f, dec, pc, arg):
    # slice(start, stop[, step]): the type's own call does what BUILD_SLICE does
    n = 3 if arg == 3 else 2
    items = r.shadows[-1].stack[len(r.shadows[-1].stack) - n:]
    r.generic(f, pc, arg, "call", [const_ptr(slice)] + items, n)


def rec_LIST_APPEND(r, f, dec, pc, arg):
    v = r.peek(1)
    lst = r.peek(arg + 1)
    snap = r.before()
    r.call_host(H.LIST_APPEND, f, arg)
    r.pop()
    r.emit("call", [const_ptr(list.append), lst, v], snap)
    r.next(pc + 1)


def rec_UNPACK_SEQUENCE(r, f, dec, pc, arg):
    seq = f.stack[-1]
    v = r.peek()
    t = type(seq)
    if (t is tuple or t is list) and len(seq) == arg:
        r.guard_class(v, t)
        if not isinstance(v, Const):
            r.emit("guard_len", [v, const_int(arg)], r.before())
        items = []
        for k in range(arg):
            if isinstance(v, Const):
                items.append(const_ptr(seq[k]))
            elif t is tuple:
                items.append(r.emit("tuple_getitem", [v, const_int(k)]))
            else:
                items.append(r.emit("list_getitem", [v, const_int(k)], r.before()))
        f.stack.pop()
        f.stack.extend(seq[::-1])
        r.pop()
        for item in reversed(items):
            r.push(item)
        r.next(dec.nexts[pc])
        return
    raise Abort(f"unpacking a {t.__name__}")


# -- closures ------------------------------------------------------------------

def rec_LOAD_DEREF(r, f, dec, pc, arg):
    cell = f.fast[arg]
    if type(cell) is not _CellType:
        raise Abort("LOAD_DEREF of a slot without a cell")
    try:
        value = cell.cell_contents
    except ValueError:
        raise Abort("empty cell") from None
    vcell = r.load_local(arg)
    r.guard_class(vcell, _CellType)
    r.push(r.emit("cell_get", [vcell], r.before()))
    f.stack.append(value)
    r.next(pc + 1)


def rec_STORE_DEREF(r, f, dec, pc, arg):
    cell = f.fast[arg]
    if type(cell) is not _CellType:
        raise Abort("STORE_DEREF of a slot without a cell")
    vcell = r.load_local(arg)
    r.guard_class(vcell, _CellType)
    r.emit("cell_set", [vcell, r.peek()])
    cell.cell_contents = f.stack.pop()
    r.pop()
    r.next(pc + 1)


# -- globals and attributes --------------------------------------------------

def rec_LOAD_GLOBAL(r, f, dec, pc, arg):
    name = f.names[arg >> 1]
    g, b = f.globals, f.builtins
    if type(g) is not dict or type(b) is not dict:
        raise Abort("globals or builtins not a dict")
    snap = r.before()
    if name in g:
        value = g[name]
        r.emit("guard_dict_version", [const_ptr(g), const_int(V.dict_version_reader(g).value)], snap)
    elif name in b:
        value = b[name]
        r.emit("guard_dict_version", [const_ptr(g), const_int(V.dict_version_reader(g).value)], snap)
        r.emit("guard_dict_version", [const_ptr(b), const_int(V.dict_version_reader(b).value)], snap)
    else:
        raise Abort("NameError")
    if arg & 1:
        f.stack.append(NULL)
        r.push(ir.NULL_CONST)
    f.stack.append(value)
    if _atomic(value):
        r.push(const_ptr(value))
    else:  # (the version guard says where it is: the trace must not keep it alive)
        r.push(r.emit("call_getitem", [const_ptr(g if name in g else b), const_ptr(name)], snap))
    r.next(dec.nexts[pc])


def rec_LOAD_ATTR(r, f, dec, pc, arg):
    o = f.stack[-1]
    v = r.peek()
    name = f.names[arg]
    if isinstance(v, Const) and type(o) is types.ModuleType and type(o.__dict__) is dict \
            and name in o.__dict__:
        d = o.__dict__
        r.emit("guard_dict_version", [const_ptr(d), const_int(V.dict_version_reader(d).value)],
               r.before())
        f.stack[-1] = d[name]
        r.pop()
        r.push(const_ptr(d[name]) if _atomic(d[name]) else
               r.emit("call_getitem", [const_ptr(d), const_ptr(name)], r.before()))
        r.next(dec.nexts[pc])
        return
    snap = r.before()
    value = r.call_host(getattr, o, name)
    f.stack[-1] = value
    r.pop()
    r.push(r.emit("call_getattr", [v, const_ptr(name)], snap))
    r.next(dec.nexts[pc])


def rec_STORE_ATTR(r, f, dec, pc, arg):
    vo, vv = r.peek(1), r.peek(2)
    r.generic(f, pc, arg, "call_setattr", [vo, const_ptr(f.names[arg]), vv], 2, push=False)


def rec_LOAD_METHOD(r, f, dec, pc, arg):
    o = f.stack[-1]
    v = r.peek()
    name = f.names[arg]
    if isinstance(v, Const) and type(o) is types.ModuleType:
        rec_LOAD_ATTR(r, f, dec, pc, arg)
        # [NULL, attr] like interp's LOAD_METHOD on a module
        f.stack.insert(len(f.stack) - 1, NULL)
        r.shadows[-1].stack.insert(len(r.shadows[-1].stack) - 1, ir.NULL_CONST)
        return
    snap = r.before()
    m = r.call_host(getattr, o, name)
    f.stack[-1] = NULL
    f.stack.append(m)
    r.pop()
    r.push(ir.NULL_CONST)
    r.push(r.emit("call_getattr", [v, const_ptr(name)], snap))
    r.next(dec.nexts[pc])


# -- calls -------------------------------------------------------------------

def rec_KW_NAMES(r, f, dec, pc, arg):
    r.kwnames = f.consts[arg]
    r.next(pc + 1)


def rec_CALL(r, f, dec, pc, arg):
    kwnames = getattr(r, "kwnames", None)
    r.kwnames = None
    argc = arg
    s = f.stack
    sh = r.shadows[-1].stack
    n = len(s)
    if s[n - 2 - argc] is NULL:
        fn, vfn = s[n - 1 - argc], sh[n - 1 - argc]
        cargs, vargs = s[n - argc:], sh[n - argc:]
    else:
        fn, vfn = s[n - 2 - argc], sh[n - 2 - argc]
        cargs, vargs = s[n - 1 - argc:], sh[n - 1 - argc:]
    snap = r.before()
    tfn = type(fn)
    if tfn is _MethodType and type(fn.__func__) is Function and kwnames is None and \
            _refusal(r, fn.__func__, len(cargs) + 1) is None:
        # a bound VM method: call its function with self first
        if not isinstance(vfn, Const):
            r.emit("guard_class", [vfn, const_ptr(_MethodType)], snap)
            vfunc = r.emit("call_getattr", [vfn, const_ptr("__func__")], snap)
            vself = r.emit("call_getattr", [vfn, const_ptr("__self__")], snap)
        elif _atomic(fn.__self__):
            vfunc, vself = const_ptr(fn.__func__), const_ptr(fn.__self__)
        else:
            raise Abort("bound method constant")
        return _inline(r, f, dec, pc, fn.__func__, vfunc, [fn.__self__] + cargs, [vself] + vargs, snap)
    if tfn is Function and _refusal(r, fn, len(cargs), kwnames) is None:
        return _inline(r, f, dec, pc, fn, vfn, cargs, vargs, snap)
    # Otherwise a residual call.  For a VM callee that is worth it only when it
    # loops (its loops get traces of their own): entering the VM from the host
    # costs more than the interpreter's own call, so a trace making recursive
    # calls, instantiating VM classes or starting generators through the host
    # would run slower than the interpreter -- those recordings abort.
    if tfn is _MethodType and type(fn.__func__) is Function:
        why = _refusal(r, fn.__func__, len(cargs) + 1)
        if why != "a loop inside":
            raise Abort(f"call of a VM method: {why}")
    elif tfn is Function:
        why = _refusal(r, fn, len(cargs))
        if why != "a loop inside":
            raise Abort(f"call of a VM function: {why}")
    elif tfn is type and I._plain_init(fn) is not None:
        raise Abort("instantiation of a VM class")
    # (A generic call: no guard on what the callable is.)
    if id(fn) in I.SPECIAL:
        raise Abort(f"call of {getattr(fn, '__name__', '?')}() needs the frame")
    if tfn is types.BuiltinMethodType and fn.__name__ in _REAL_FUNCTION_ONLY:
        raise Abort("call of a builtin that may want real functions")
    # executed here the interpreter's way
    del s[n - 2 - argc:]
    if kwnames:
        nk = len(kwnames)
        kw = dict(zip(kwnames, cargs[len(cargs) - nk:]))
        pos = cargs[:len(cargs) - nk]
        result = r.call_host(lambda: fn(*pos, **kw))
        op = r.emit("call_kw", [vfn, const_ptr(kwnames)] + vargs, snap)
    else:
        result = r.call_host(fn, *cargs)
        op = r.emit("call", [vfn] + vargs, snap)
    del sh[n - 2 - argc:]
    s.append(result)
    sh.append(op)
    r.next(dec.nexts[pc])


_ATOMIC = (int, float, str, bool, type(None), bytes, complex)


def _atomic(obj):
    """May the trace hold ``obj`` as a constant?  Objects whose lifetime no
    program can observe (no __del__, no weak references), and objects that
    live as long as their definitions anyway: functions, classes, modules,
    builtins.  Anything else a trace must not keep alive: it is read from
    where it lives (a dict, an attribute) each time."""
    t = type(obj)
    if t in _ATOMIC or t is types.ModuleType or t is types.BuiltinFunctionType or \
            isinstance(obj, type):
        return True
    if t is Function:
        # only if nothing it holds could have a __del__: no closure cells, atomic
        # defaults, no attributes (a trace keeps its constants alive)
        return obj.closure is None and not obj.kwdefaults and \
            all(_atomic(d) for d in obj.defaults or ()) and not obj.__dict__
    if t is tuple:
        return all(_atomic(x) for x in obj)
    return False


_HAS_LOOP: dict = {}   # code -> does it contain a backward jump?


def _has_loop(fn):
    code = fn.code
    r = _HAS_LOOP.get(code)
    if r is None:
        dec = fn.dec
        r = _HAS_LOOP[code] = any(
            O.BY_CODE[op] is not None and O.BY_CODE[op].jump is O.Jump.BACKWARD
            for op in dec.ops)
    return r


def _refusal(r, fn, nargs, kwnames=None):
    """Why a call of VM function ``fn`` with ``nargs`` arguments is not inlined
    (None: it is)."""
    code = fn.code
    if _has_loop(fn):
        return "a loop inside"   # its loop gets a trace of its own
    if kwnames:
        return "keyword arguments"
    if fn.dec.is_gen:
        return "generator function"
    if len(r.shadows) > MAX_INLINE_DEPTH:
        return "call too deep"
    if any(sh.func is fn for sh in r.shadows):
        return "recursive call"
    if code.co_flags & (O.CO_VARARGS | O.CO_VARKEYWORDS) or code.co_kwonlyargcount:
        return "* or ** parameters"
    if code.co_cellvars or code.co_freevars:
        return "closure cells"
    if not _atomic(fn):
        return "function holds objects a trace must not keep alive"
    argcount = code.co_argcount
    defaults = fn.defaults or ()
    if not (argcount - len(defaults) <= nargs <= argcount):
        return "wrong number of arguments"
    used = defaults[len(defaults) - (argcount - nargs):] if nargs < argcount else ()
    if not all(_atomic(d) for d in used):
        return "default argument value not a constant"
    return None


def _inline(r, f, dec, pc, fn, vfn, cargs, vargs, snap):
    """Enter ``fn`` as a real frame and keep recording in it (``_refusal`` said yes)."""
    code = fn.code
    fdec = fn.dec
    nargs = len(cargs)
    argcount = code.co_argcount
    defaults = fn.defaults or ()
    used = defaults[len(defaults) - (argcount - nargs):] if nargs < argcount else ()
    ts = r.ts
    if ts.depth + 1 >= I.RecursionLimit.value:
        raise Abort("recursion limit")
    if not isinstance(vfn, Const) or vfn.value is not fn:
        r.emit("guard_value", [vfn, const_ptr(fn)], snap)
    # the frame, as the interpreter's CALL_PY_* makes it
    fast = list(cargs)
    if nargs < argcount:
        fast.extend(defaults[len(defaults) - (argcount - nargs):])
    vfast = list(vargs) + [const_ptr(d) for d in used]
    fast.extend([NULL] * (fdec.nlocalsplus - len(fast)))
    nf = I.Frame(fn, fast)
    # pop [NULL or self, callable, args...] from the caller's stack and its shadow
    argc = dec.args[pc]
    s = f.stack
    sh = r.shadows[-1]
    del s[len(s) - 2 - argc:]
    del sh.stack[len(sh.stack) - 2 - argc:]
    ts.depth += 1
    f.pc = dec.nexts[pc]
    f.lasti = f.pc - 1
    nf.back = f
    sh.ret_pc = f.pc
    callee = Shadow(nf, {k: v for k, v in enumerate(vfast)}, [], fn)
    r.shadows.append(callee)
    r.max_depth = max(r.max_depth, len(r.shadows) - 1)
    r.f = nf
    r.next(nf.pc)


def rec_RETURN_VALUE(r, f, dec, pc, arg):
    if len(r.shadows) == 1:
        raise Abort("return from the loop's frame")
    if f.init_self is not NULL:
        raise Abort("return from __init__")
    v = f.stack.pop()
    vv = r.pop()
    r.shadows.pop()
    r.ts.depth -= 1
    back = f.back
    back.stack.append(v)
    r.shadows[-1].stack.append(vv)
    r.f = back
    r.next(back.pc)


# ---------------------------------------------------------------------------
# the dispatch table: opcode (base or specialized) -> handler, checked at import

DISPATCH = [None] * 256
for _name, _fn in list(globals().items()):
    if _name.startswith("rec_"):
        _op = _name[4:]
        assert _op in O.OPS, f"{_name} names no instruction"
        DISPATCH[O.OPS[_op].code] = _fn
del _name, _fn
