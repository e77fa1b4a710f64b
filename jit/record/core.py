"""The recorder's core: the recording state, its run loop, and how a trace or bridge is finished.

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

What each instruction records is in the handler modules of this package
(``rec_<NAME>``, one family per module); :mod:`pyjit.jit.recorder` builds
the dispatch table from them and hands it to :class:`Recorder`.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import types

from pyjit import guards as G
from pyjit import handlers as H
from pyjit import opcodes as O
from pyjit.function import Function
from pyjit.typelookup import is_type, type_in, type_name

from .. import ir, loopcall, protocols
from ..ir import Const, FrameSnap, Input, Op, Snapshot, const_int, const_ptr
from .. import virtuals
from . import toolong
from .toolong import NO_INLINE, TOO_LONG
from ..virtuals import Virtual
from ..opt.bridge import clean_bridge
from ..opt.guards import GuardFacts, facts_at
from ..opt.heap import HeapFacts


class Abort(Exception):
    """Recording stops; the interpreter continues at the current instruction.
    ``retry``: the next recording of the loop may well not stop here (the
    recording's iteration was its last one): not counted against the loop."""

    def __init__(self, reason, retry=False, injected=False):
        super().__init__(reason)
        self.reason = reason
        self.retry = retry
        self.injected = injected   # (by fault injection: not the loop's fault)


class Generalize(Abort):
    """A bridge cannot close into its loop: a variable the loop carries as a
    machine int or float holds a value that is not one (a big int, a float for
    an int...).  The driver generalizes the variable -- the loop is recorded
    again with it kept an object -- rather than give each such iteration a
    bridge of its own (each would end at the same failing unbox)."""

    def __init__(self, reason, slot):
        super().__init__(reason)
        self.slot = slot


class Raised(Exception):
    """The instruction being recorded raised ``exc`` (already executed)."""

    def __init__(self, exc):
        self.exc = exc


class Shadow:
    """One frame as trace values: its locals (slot -> value) and stack.

    An inlined frame also has ``fref``, the trace value of its own reference to
    its function (as an interpreter frame owns its function; for a function the
    trace knows by its code only, the function itself), its ``kind``
    (``ir.FRAME_KINDS``: what its return does) and the ``extra`` values that kind
    needs."""
    __slots__ = ("frame", "locals", "stack", "func", "ret_pc", "fref", "kind", "extra",
                 "on_return", "start")

    def __init__(self, frame, locals_, stack, func, fref=None, kind="call", extra=()):
        self.frame = frame
        self.locals = locals_
        self.stack = stack
        self.func = func       # None for the loop's own frame
        self.ret_pc = None     # where the frame continues when its callee returns
        self.fref = fref       # an inlined frame's reference to its function (a value)
        self.kind = kind
        self.extra = list(extra)
        self.on_return = None  # nested frames: what finishes the caller's instruction
        self.start = None      # len(ops) when the recording called it (record.toolong)

    def snap(self, pc, stack=None) -> FrameSnap:
        return FrameSnap(self.func, pc, self.locals, self.stack if stack is None else stack,
                         fref=self.fref, kind=self.kind, extra=self.extra)


class Recording:
    """The result: a closed trace (or a bridge's ops), or why not."""

    def __init__(self):
        self.trace = None
        self.bridge = None       # bridge mode: the bridge's ops (ending in jump)
        self.reason = None       # abort reason
        self.exc = None          # exception raised by the program
        self.frame = None        # the frame the interpreter continues with
        self.generalize = None   # bridge mode: the input slot to keep an object (Generalize)
        self.max_depth = 0
        self.injected = False    # the abort was injected (jit/faults.py)
        # (code, pc) of each instruction executed, in order: what one run of the
        # trace (or bridge) stands for (the native share counts it)
        self.path = []
        self.retry = False       # aborted for a reason the next recording avoids
        self.inner = None        # stopped at this inner loop's header (the LoopInfo)
        self.entered = False     # bridge mode: closed at the header from outside the loop
        # a function trace stopped at this loop header, back by a back-edge: it
        # calls the loop's code there (call_loop, jit/loopcall.py)
        self.stopped_at = None
        # too long: (the inlined function called from now on, its ops), record.toolong
        self.called = None

    def returned_at(self) -> int:
        """The RETURN_VALUE a function trace's recording stopped at (or the loop
        header where it called the loop's code: the interpreter goes on there)."""
        if self.stopped_at is not None:
            return self.stopped_at
        return next(op for op in reversed(self.trace.ops)
                    if op.name == "finish").snapshot.frames[0].pc


class Recorder:
    """Records from frame ``f`` at the loop's ``header`` (or, made by
    :meth:`for_bridge`, from a failing guard) until back at the header.
    ``dispatch[opcode]`` is the handler recording one instruction (None: the
    recording aborts there)."""

    abort_at = None   # fault injection (jit/faults.py): abort before instruction k
    resumes = False   # a coroutine's resumption trace (jit/functions.py): ends at its loop's header
    past_header = False   # (one that went on past a header without code: loopstop.at_header)
    # the loop's own recording: {pc: ...} of inner loops' headers, and what says
    # whether the recording stops at one (the driver's: the inner loop has, or
    # is about to have, code of its own -- see notes/jit.md, "Nested loops")
    inner_headers = None
    stop_at = None
    function = False  # a function trace: from the function's entry to its return
    back_at = None    # a frame back at a loop header by a back-edge (record.loopstop.back_at)
    unbound_at_entry = frozenset()   # ... and the locals a call leaves unbound
    # bridge mode: past this pc the loop's function has no loop (``LoopInfo.tail``);
    # None: not a function's code
    tail = None

    def leaves_to_return(self, pc) -> bool:
        """Bridge mode: the loop ends here, in its own frame, into code with no
        loop up to the function's return (``loops.ends_in_return``): the bridge
        goes on to that return and ends in ``finish``, as the loop's own end
        does.  (Aborting -- the loop ended -- would leave the guard failing on
        every such entry: the loop dropped, then blacklisted.)"""
        return self.label is not None and not self.function and self.tail is not None \
            and len(self.shadows) == 1 and pc > self.tail

    def __init__(self, dispatch, f, header, ts, limit):
        self.dispatch = dispatch
        self.ts = ts
        self.header = header
        self.limit = limit
        self.ops: list[Op] = []
        self.inputs: list[Input] = []
        self.slots: list = []
        self.input_of_slot: dict = {}
        self.checked: set = set()      # ids of inputs checked non-NULL this iteration
        self.snaps: list[Snapshot] = []
        self.kwnames = None      # KW_NAMES' names, for the CALL that follows it
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
        self._common()

    @classmethod
    def for_bridge(cls, dispatch, trace, snap, frame, ts, header, limit, guard=None):
        """Record from a failing guard (``guard``; ``snap``: its snapshot, in the trace's
        values; ``frame``: the innermost frame resume rebuilt from it) back to
        the loop's header.  The ops recorded become the guard's bridge."""
        self = cls.__new__(cls)
        self.dispatch = dispatch
        self.ts = ts
        self.header = header
        self.limit = limit
        self.ops = []
        self.inputs = list(trace.inputs)
        self.slots = list(trace.slots)
        self.input_of_slot = dict(zip(self.slots, self.inputs))
        self.checked = {id(v) for v in self.inputs}  # (the trace checked them)
        self.snaps = []
        self.kwnames = None
        self.max_depth = 0
        self.label = trace.label()
        self.trace = trace
        self.carry_new = {}      # loop-frame slots the bridge touches, the loop did not
        self.f = frame
        self.pc = frame.pc
        self._before = None
        self._common()
        if guard is not None:   # (what the path to the guard proved: no guard repeats it)
            self.facts = facts_at(trace, guard)
        frames = []
        fr = frame
        while len(frames) < len(snap.frames):
            frames.append(fr)
            fr = fr.back
        frames.reverse()
        # machine values (unboxed by the optimizer) become objects again; the
        # recorder's unbox of a box_int/box_float takes the machine value back
        boxed = {}
        built = {}      # Virtual key -> the op that builds it in the bridge

        def same(v):
            return v

        def obj(v):
            if isinstance(v, Virtual):
                # an object the loop never built (opt/virtualize): the bridge builds it,
                # as the exit would have (the guard's snapshot: a MemoryError there)
                if v.key not in built and v.real is not None:
                    # a carried local (opt/virtualize): the object the exit found
                    # real, or made; the bridge checks it is that case again
                    real = obj(v.real)
                    b = self.emit("ptr_eq", [real, const_ptr(virtuals.MARK)])
                    found = (v.key, "real") in virtuals.REAL_AT_LINK
                    self.emit("guard_false" if found else "guard_true", [b], snap.map(same))
                    if found:
                        built[v.key] = real
                if v.key not in built:
                    vals = [obj(x) for x in v.values]
                    if v.kind == "tuple":
                        built[v.key] = self.emit("build_tuple", vals, snap.map(same))
                    else:
                        o = built[v.key] = self.emit("new_instance", [v.cls], snap.map(same))
                        for f, x in zip(v.fields, vals):
                            self.emit(f.op, [o, f.name, f.index, x],
                                      snap.map(same) if ir.OPS[f.op].raises else None)
                return built[v.key]
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
        for i, (fs, fr) in enumerate(zip(snap.frames, frames)):
            # (an inlined frame's function: the snapshot holds it weakly -- a
            # closure made anew each iteration is dead by now: the frame resumed
            # holds the one it runs.  None would make it the loop's own frame.)
            func = fs.func if fs.func is not None or not i else fr.func
            sh = Shadow(fr, {k: obj(v) for k, v in fs.locals.items()},
                        [obj(v) for v in fs.stack], func,
                        None if fs.fref is None else obj(fs.fref), fs.kind,
                        [obj(v) for v in fs.extra])
            sh.ret_pc = fr.pc
            returns = BRIDGE_RETURNS.get(fs.kind)
            if returns is not None:   # (a nested frame the bridge starts in: its return)
                sh.on_return = returns()
            self.shadows.append(sh)
        self.top = self.shadows[0]
        # (obj calls itself for a virtual's fields: its cell refers to it -- a cycle
        # that would keep the recorder, hence the program's frames and objects,
        # alive until a garbage collection)
        obj = None   # noqa: F841
        return self

    def _common(self):
        self.boxes = set()           # ids of the box ops recorded (see own_box)
        self.kwnames = None          # what KW_NAMES set for the next CALL
        self.virtual_super = None    # the super() call LOAD_METHOD may resolve (objects)
        self.heap = HeapFacts()      # what the ops recorded so far left known of fields
        self.facts = GuardFacts(self.heap)    # ... and proved (see emit)
        self.inlined_ops = {}        # code -> ops its called frames made (record.toolong)
        self.inlined_funcs = {}      # code -> a function of it the recording called

    def is_written(self, d) -> bool:
        """Does the loop write dict ``d`` (a module-level loop's globals), so
        that a version guard on it would fail every iteration?"""
        return id(d) in WRITTEN_DICTS or d is self.top.frame.locals

    # -- values and emission ---------------------------------------------------

    def _new_input(self, slot):
        v = Input(ir.R)
        self.inputs.append(v)
        self.slots.append(slot)
        self.input_of_slot[slot] = v
        return v

    def emit(self, name, args, snap=None):
        """Record op ``name`` and return it -- except what the ops recorded
        before it make redundant, by the optimizer's own rules, so that the
        trace limit counts useful ops and a bridge (which the pipeline does not
        optimize) does not run them: a guard they imply is not recorded (None;
        ``opt.guards.GuardFacts``), nor a load of a field whose value they
        left known (that value; ``opt.heap.HeapFacts``)."""
        op = Op(name, args, snap, line=self.f.dec.line_at(self.pc))
        facts, heap = self.facts, self.heap
        known = heap.known(op)
        if known is not None and not isinstance(known, Const):
            return known
        if facts.implied(op):
            return None
        facts.learn(op)
        heap.learn(op)
        if name in ir.BOX_CLASS:
            self.boxes.add(id(op))
        assert snap is not None or not (op.opdef.guard or op.opdef.raises), \
            f"{name} needs a snapshot"
        self.ops.append(op)
        if snap is not None:
            self.snaps.append(snap)
        return op

    def snapshot(self, pc=None, drop=0):
        """The state of all frames, the current one at ``pc`` with ``drop``
        values popped from its stack (default: before the current instruction)."""
        frames = [sh.snap(sh.ret_pc) for sh in self.shadows[:-1]]
        sh = self.shadows[-1]
        stack = sh.stack[:len(sh.stack) - drop] if drop else None
        frames.append(sh.snap(self.pc if pc is None else pc, stack))
        return Snapshot(frames, restart=pc is None and not drop)

    def before(self):
        """The snapshot before the current instruction (made once per instruction)."""
        s = self._before
        if s is None:
            s = self._before = self.snapshot()
        return s

    def is_ref(self, v, obj) -> bool:
        """Is trace value ``v`` the constant ``obj`` (or the reference made of it)?"""
        return is_ref_of(v, obj)

    def const_value(self, obj):
        """The trace value of ``obj`` (``atomic``) where a frame slot, the stack or
        a call holds it: the constant; for a weak constant an owned reference
        made here, as the interpreter's slot owns one (a guard before this
        instruction proved the object alive)."""
        c = const_ptr(obj)
        if isinstance(c, ir.WeakConst):
            return self.emit("const_ref", [c])
        return c

    def guard_class(self, v, t):
        if not isinstance(v, Const):
            self.emit("guard_class", [v, const_ptr(t)], self.before())

    def own_box(self, v) -> bool:
        """May the machine value boxed by ``v`` be used instead of the object?
        In a bridge, only if the bridge made the box: a box of the loop's
        trace that a snapshot names is passed to the bridge, its operand is
        not (an attached bridge cannot use it)."""
        return self.label is None or id(v) in self.boxes

    def unbox_int(self, v, value):
        if isinstance(v, Const):
            assert fits_machine(v, value), "callers check fits_machine() first"
            return const_int(value)
        if isinstance(v, Op) and v.name == "box_int" and self.own_box(v):
            return v.args[0]
        return self.emit("unbox_int", [v], self.before())

    def unbox_float(self, v, value):
        if isinstance(v, Const):
            return ir.const_float(value)
        if isinstance(v, Op) and v.name == "box_float" and self.own_box(v):
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
            if sh.func is not None or (self.function and k in self.unbound_at_entry):
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
        if sh.func is None and k not in sh.locals and self.label is not None and \
                not self.function:
            self._carry(k)
        if sh.func is None and k not in sh.locals and not (
                self.function and k in self.unbound_at_entry):
            # a slot first written: it is loop-carried like the others (its value
            # before the write, in later iterations, is last iteration's) -- in a
            # function trace, a local unbound at entry is so on every call
            sh.locals[k] = self._new_input(("l", k))
        sh.locals[k] = v

    # -- running ---------------------------------------------------------------

    def run(self) -> Recording:
        rec = Recording()
        dispatch = self.dispatch
        path = self.path = rec.path
        ops = self.ops
        last = (None, -1)    # (the frame and pc of the instruction before)
        try:
            while True:
                f = self.f
                dec = f.dec
                pc = self.pc
                op = dec.ops[pc]
                self._before = None
                if len(self.ops) > self.limit:
                    # (between instructions: one half done -- an iterator advanced -- would run twice)
                    raise Abort(TOO_LONG)
                if last[0] is f and last[1] > pc and pc in loopcall.headers(f.code):
                    stop = self.back_at(self, f, pc)   # (record.loopstop: its code runs the rest)
                    if stop:
                        rec.stopped_at = pc
                        break
                    if stop is not None:
                        continue    # (an inlined frame's loop was called: its caller goes on)
                last = (f, pc)
                if len(self.shadows) == 1:
                    if self.label is not None:
                        if pc == self.header and path:
                            # a bridge back at the loop's header from outside the
                            # loop (a nest's outer body entered it again): the state
                            # at the header is the state after its back-edge
                            rec.entered = True
                            break
                    elif self.inner_headers is not None and pc in self.inner_headers:
                        inner = self.stop_at(pc)
                        if inner is not None:
                            rec.inner = inner
                            raise Abort(f"reached the header of inner loop {inner.name}",
                                        retry=True)
                handler = dispatch[op]
                if handler is None:
                    raise Abort(f"unsupported instruction {O.BY_CODE[op].name}")
                k = len(path)
                if k == self.abort_at:   # (fault injection: jit/faults.py)
                    raise Abort(f"injected fault before instruction {k}", injected=True)
                path.append((f.code, pc))
                n = len(ops)
                depth = len(self.shadows)
                closed = handler(self, f, dec, pc, dec.args[pc]) is CLOSED
                if n < len(ops):
                    _number(ops, n, k, depth, pc)
                if closed:
                    self.pc = pc   # (the back-edge: where the path ends)
                    break
        except Abort as e:
            rec.reason = e.reason
            rec.injected = e.injected
            rec.retry = e.retry
            if e.reason == TOO_LONG:
                rec.retry = self._blame_inlined_loop()
                if not rec.retry:
                    rec.called = toolong.blame(self)
                    rec.retry = rec.called is not None
                    if rec.retry:
                        rec.reason = toolong.reason(self, rec.called)
            rec.generalize = getattr(e, "slot", None)
            rec.frame = self.f
            self.f.pc = self.f.dec.resume_pc(self.pc)
            pending = None
        except Raised as e:
            rec.exc = e.exc
            # (the iteration recorded was not the usual path: record another)
            rec.reason = f"{type_name(type(e.exc))} raised while recording"
            rec.retry = True
            rec.frame = self.f
            self.f.pc = self.pc
            pending = e.exc
        else:
            pending = self
        if pending is not self:
            # (outside the except blocks: the nested frames run on must see the
            # program's handled exception, not the recorder's Abort)
            self._hand_over(rec, pending)
            return rec
        if self.label is not None and self.function:
            # a function trace's bridge: it ends at the function's return (finish)
            rec.bridge = list(self.ops)
        elif self.label is not None and self.ops and self.ops[-1].name == "finish":
            # a loop's bridge that returns from the loop's frame: it ends leaving
            # there (the slots it read that the loop never touched become carried:
            # its entry must pass them)
            if self.carry_new:
                self._extend_loop()
            rec.bridge = clean_bridge(list(self.ops))
        elif self.label is not None:
            try:
                rec.bridge = self._finish_bridge()
            except Abort as e:
                # (Generalize: the iteration is done, the frame at the loop's header)
                rec.reason = e.reason
                rec.generalize = getattr(e, "slot", None)
                rec.frame = self.f
                self.f.pc = self.header
                return rec
        else:
            rec.trace = self._finish()
        rec.frame = self.f
        rec.max_depth = self.max_depth
        return rec

    def _hand_over(self, rec, exc):
        """The recording stopped inside inlined frames: the interpreter goes on
        in the innermost (``rec.frame``, linked to its callers as the
        interpreter's own calls are) -- except that nested frames (dunder
        methods an unfinished instruction called) are run to their return and
        their instruction finished, as leaving a trace there does."""
        segments = [(caller.frame, sh.frame, sh.kind)
                    for caller, sh in zip(self.shadows, self.shadows[1:])
                    if not ir.FRAME_KINDS[sh.kind].linked]
        if not segments:
            return
        inner, self.f = self.f, None   # (frame views: the recorder runs no frame now)
        r = protocols.run_nested(segments, inner, self.ts, exc)
        if r.__class__ is tuple:
            rec.frame, rec.frame.pc, rec.exc = r
        else:
            rec.frame, rec.exc = r, None

    def _blame_inlined_loop(self) -> bool:
        """The trace got too long: if an inlined callee with a loop of its own is
        running, its unrolled loop is the likely cause -- the next recording calls
        it instead (``NO_INLINE``).  True if one was found (record again)."""
        for sh in self.shadows[1:]:
            if sh.func is not None and sh.func.code not in NO_INLINE and has_backedge(sh.func):
                NO_INLINE.add(sh.func.code)
                return True
        return False

    def _interruptible(self):
        """At the end of a path, back at the header: leave if CPython's eval
        loop would stop at this back-edge (a signal, a thread waiting for the
        GIL, ...).  Native code must not starve them."""
        top = self.top
        # (leaving continues at the header; an exception the handling raised is
        # raised at the back-edge self.pc, as CPython's check there raises it)
        self.emit("check_interrupt", [const_ptr(interrupt_tick), const_int(self.pc)],
                  Snapshot([FrameSnap(None, self.header, top.locals, top.stack)], restart=True))

    def _finish(self) -> ir.Trace:
        if not self.function:
            # (a function trace ends by leaving at its return: the interpreter
            # returns, and the caller's own checks see what is pending)
            self._interruptible()
        # every snapshot of the loop's frame names every loop-carried slot
        # (a slot first written late still has last iteration's value before it)
        for snap in self.snaps:
            fr = snap.frames[0]
            for slot, inp in self.input_of_slot.items():
                if slot[0] == "l" and slot[1] not in fr.locals:
                    fr.locals[slot[1]] = inp
        # (a resumption trace ends at its finish: its frame's stack there is
        # not its entry's -- the jump, never reached, passes the inputs)
        jump_args = list(self.inputs) if self.resumes else \
            [self._slot_value(slot) for slot in self.slots]
        label = Op("label", list(self.inputs))
        jump = Op("jump", jump_args)
        jump.instr = len(self.path)
        entry = Snapshot([FrameSnap(None, self.header,
                                    {s[1]: v for s, v in zip(self.slots, self.inputs) if s[0] == "l"},
                                    [v for s, v in zip(self.slots, self.inputs) if s[0] == "s"])])
        return ir.Trace(self.inputs, [label] + self.ops + [jump], slots=self.slots, entry=entry)

    def _slot_value(self, slot):
        """The value of an input slot at the loop's back-edge: a local, a stack
        entry, or the frame's namespace (which does not change)."""
        kind, k = slot
        if kind == "l":
            return self.top.locals[k]
        if kind == "s":
            return self.top.stack[k]
        return self.input_of_slot[slot]

    def dict_ref(self, d):
        """The trace value of dict ``d``: the loop frame's namespace is an input
        (it may be a dict made at run time, an ``exec`` namespace, whose
        lifetime the trace must not extend); other dicts (modules' globals)
        are constants."""
        if d is self.top.frame.locals:
            return self.mapping()
        return const_ptr(d)

    def mapping(self):
        """The loop frame's namespace (``f.locals``: module-level and class-body
        loops), an input of the trace, read at entry."""
        v = self.input_of_slot.get(MAPPING)
        if v is None:
            if self.label is not None:
                raise Abort("a bridge reads the namespace the loop's trace did not")
            v = self._new_input(MAPPING)
        return v

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
                    if op.bridge[-1].name == "jump":   # (not a bridge that returns: finish)
                        jumps.append(op.bridge[-1])
                    walk(op.bridge)
        walk(trace.ops)
        walk(self.ops)   # this bridge's own snapshots, before it touched the slot
        for k, v in self.carry_new.items():
            # (label args past the slots' are opt/virtualize's fields of carried
            # objects: a slot's label arg goes before them, at its slot's index)
            n = len(trace.slots)
            trace.inputs.append(v)
            trace.slots.append(("l", k))
            self.slots.append(("l", k))
            self.label.args.insert(n, v)
            for j in jumps:
                j.args.insert(n, v)
            for snap in snaps:
                snap.frames[0].locals.setdefault(k, v)

    def _finish_bridge(self) -> list:
        """Back at the header: jump to the label with each carried slot's value,
        of the kind the (optimized) label has."""
        if self.carry_new:
            self._extend_loop()
        top = self.top
        self._interruptible()
        at_header = Snapshot([FrameSnap(None, self.header, top.locals, top.stack)],
                             restart=True)
        args = []
        for slot, want in zip(self.slots, self.label.args):
            v = self._slot_value(slot)
            if want.type == ir.I or want.type == ir.F:
                t = int if want.type == ir.I else float
                # (a namespace's value: checked by the unbox below)
                real = (self.f.fast[slot[1]] if slot[0] == "l" else
                        self.f.stack[slot[1]] if slot[0] == "s" else t(0))
                if type(real) is not t or not fits_machine(None, real):
                    raise Generalize(f"loop variable {_slot_name(self.f, slot)} is now "
                                     f"{_describe(real)}, the loop carries a machine "
                                     f"{t.__name__}", slot)
                box = "box_int" if t is int else "box_float"
                if isinstance(v, Op) and v.name == box and self.own_box(v):
                    v = v.args[0]
                elif isinstance(v, Const) and type(v.value) is t and fits_machine(v, v.value):
                    v = Const(v.value, want.type)
                else:
                    self.emit("guard_class", [v, const_ptr(t)], at_header)
                    v = self.emit("unbox_" + t.__name__, [v],
                                  at_header if t is int else None)
            elif want.type != ir.R:
                raise Abort("loop carries a value of kind " + want.type)
            args.append(v)
        # the fields of objects the loop carries virtual (opt/virtualize): the
        # bridge passes the real object in the slot's position, so they are
        # never read -- any value of the label arg's kind
        dummy = {ir.R: const_ptr(None), ir.I: const_int(0), ir.F: ir.const_float(0.0),
                 ir.B: ir.const_bool(False)}
        args += [dummy[a.type] for a in self.label.args[len(args):]]
        jump = Op("jump", args)
        jump.instr = len(self.path)
        return clean_bridge(self.ops + [jump])

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


def _number(ops, start, k, depth, pc):
    """Ops ``start:`` came from the instruction numbered ``k`` of the path (at
    ``pc``, in a frame ``depth`` deep): each one's ``instr`` is how many of the
    path's instructions are done when the trace leaves there -- ``k``, or
    ``k + 1`` when its snapshot resumes past the instruction (a branch not taken,
    a loop's end)."""
    for op in ops[start:]:
        s = op.snapshot
        if s is not None and (len(s.frames) != depth or s.frames[-1].pc != pc):
            op.instr = k + 1
        else:
            op.instr = k


def is_ref_of(v, obj) -> bool:
    """Is trace value ``v`` the constant ``obj`` (or the reference made of it)?"""
    if isinstance(v, Const):
        return v.value is obj
    return isinstance(v, Op) and v.name == "const_ref" and v.args[0].value is obj


MAPPING = ("m", 0)     # the input slot of the loop frame's namespace (f.locals)
LOOP_EXIT = "the loop ended in the iteration recorded"

# nested kinds (protocols.BRIDGED but gen) -> a function making the
# ``Shadow.on_return`` of such a frame a bridge's recording starts in
BRIDGE_RETURNS: dict = {}


def has_backedge(fn) -> bool:
    dec = fn.dec
    return any(O.BY_CODE[op] is not None and O.BY_CODE[op].jump is O.Jump.BACKWARD
               for op in dec.ops)


# ids of dicts that a loop writes while reading from them (a module-level
# loop's globals): looked up each time rather than version-guarded
WRITTEN_DICTS: set = set()   # ids of dicts traces read names from (attributes.dict_changed)


_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1


def _slot_name(f, slot):
    kind, k = slot
    names = f.dec.localsplus_names
    return names[k] if kind == "l" and k < len(names) else f"stack[{k}]"


def _describe(value):
    t = type(value)
    if t is int:
        return f"an int of {value.bit_length()} bits"
    return f"a {type.__getattribute__(t, '__name__')}"


def fits_machine(v, value):
    """Can ``value`` (trace value ``v``) be a machine int where it is an int?  It
    must fit in 64 bits -- a variable is checked by unbox_int's guard, and a
    trace must not record a guard failing for the very value it saw: it would
    fail at once, each failure recording a new bridge doing the same."""
    return not (type(value) is int and not _I64_MIN <= value <= _I64_MAX)


def _exec_binary_op(f, arg):
    s = f.stack
    b = s.pop()
    s[-1] = O.BINARY_OP_FUNCTIONS[arg](s[-1], b)


def _exec_compare_op(f, arg):
    s = f.stack
    b = s.pop()
    s[-1] = O.COMPARE_OP_FUNCTIONS[arg](s[-1], b)


# instructions the interpreter runs inline (no handler in handlers.HANDLERS)
_EXEC = {O.BINARY_OP: _exec_binary_op, O.COMPARE_OP: _exec_compare_op}



_ATOMIC = (int, float, str, bool, type(None), bytes, complex)


def interrupt_tick():
    """Called by compiled code when CPython's eval breaker is set: entering a
    Python function is where CPython handles what set it (drops the GIL for a
    waiting thread, runs signal handlers, raises an asynchronous exception)."""


def atomic(obj):
    """May ``obj`` be a trace constant?  Objects whose lifetime no program can
    observe (no __del__, no weak references: ints, strs, ...; modules and
    builtins, which live as long as the process anyway) are held by the trace;
    functions and classes the program makes are constants too, but weak ones
    (:class:`~pyjit.jit.ir.WeakConst`: the trace never keeps them alive).
    Anything else a trace must not hold: it is read from where it lives (a dict,
    an attribute) each time."""
    t = type(obj)
    if type_in(t, _ATOMIC) or t is types.ModuleType or t is types.BuiltinFunctionType or \
            t is Function or is_type(obj):
        return True
    if t is tuple:
        return all(atomic(x) for x in obj)
    return False


class _KindBuilder:
    """The builder :mod:`pyjit.guards`' IR emitters write to: their guards go
    into the recording with one snapshot; a class or identity guard on a
    constant is left out (it holds: the constant is the value seen)."""
    __slots__ = ("r", "snap")

    def __init__(self, r, snap):
        self.r, self.snap = r, snap

    def guard(self, name, args):
        if name in ("guard_class", "guard_value") and isinstance(args[0], Const):
            return
        self.r.emit(name, args, self.snap)

    ptr = staticmethod(const_ptr)
    num = staticmethod(const_int)


def kind_guard(r, kind, vals, live, snap, param=None, **fields):
    """Emit the trace guards of guard kind ``kind`` (:data:`pyjit.guards.KINDS`:
    the same kind a specialized form's check tests) for operands ``vals`` whose
    values are ``live`` now, the cache ``fields`` it reads given as the values
    seen.  False if the kind has no IR form."""
    return G.KINDS[kind].ir(_KindBuilder(r, snap), vals, live, fields, param) is not False
