"""``--verify``: every iteration of a compiled trace runs beside the trace it was made from.

The optimizer, and everything that changes a trace after the recorder wrote it,
must keep what the recorded trace does: the recorded trace is the reference
(each of its ops is what the interpreter did for that instruction, in the
trace interpreter's semantics, :data:`traceinterp.SEMANTICS`).  With
``--verify`` a compiled loop is entered through :class:`ShadowLoop`, which runs
the optimized trace (with its bridges) and the recorded one in lockstep, both
in Python, one iteration after the other:

* an op with effects, or one that may raise (calls, stores, iterator steps,
  building containers), runs **once**, for real, on the reference's side; the
  optimized trace must reach the same op with the same operands and gets the
  same result (or exception);
* a guard that fails on one side must fail on the other before either does
  anything more (the optimizer may move a guard, not drop it), and where both
  leave at the same place the values they leave with must be equal;
* at each ``jump`` the values carried into the next iteration must be equal;
* in a bridge (never optimized, so its own reference) the optimized side runs
  alone; at the bridge's jump the reference takes its values and goes on.

Ints and floats compare by value (machine values against boxed ones), every
other object by identity.  Objects a trace makes itself are the exception
(``virtualize`` removes allocations, builds some later, carries some as their
fields): each side runs its own allocations (``new_instance``, ``build_tuple``)
and its stores into the objects it made, alone; where an object one side made
first meets one the other side made (as an operand of the same effect, in the
same place of an exit or a jump) they are paired, and from then on the
optimized side reads the reference's object wherever it had its own -- the one
object the program sees.  An exit that names a virtual object (a
:class:`~pyjit.jit.virtuals.Virtual`) agrees with the reference's object when
the class and every field agree; a carried object's ``MARK`` at a jump agrees
with an object the reference made.  The first difference stops the program (exit status
3) with a report: the loop, the iteration, the op on each side with its
operands' values and source line, both traces -- and which optimizer pass made
the difference: the iteration is replayed from its logged effects against the
trace optimized by each prefix of the pipeline, and the first pass whose
output differs is named.

Verifying is slow (every iteration in Python) and compares the optimized trace
with its recording, not native code with anything: the LLVM backend is
checked against the trace interpreter by the tests.  Values live until the
lockstep is done with them, so ``__del__`` may run later than without it.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.id = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import os
import sys

from pyjit.typelookup import is_type, type_dict, type_mro

from . import ir, opt
from .traceinterp import _EXHAUSTED, SEMANTICS, GuardFailed
from .virtuals import MARK, Virtual

EXIT_STATUS = 3


class Divergence(Exception):
    def __init__(self, what, cand=None, ref=None):
        super().__init__(what)
        self.what = what
        self.cand = cand     # (op, values) on the optimized side
        self.ref = ref       # (op, values) on the recorded side


# ---------------------------------------------------------------------------
# running a trace one event at a time


def _is_effect(op) -> bool:
    d = op.opdef
    return d.effects or d.raises


def _has_del(cls) -> bool:
    return not is_type(cls) or any("__del__" in type_dict(k) for k in type_mro(cls))


def _pcs(op) -> list:
    return [f.pc for f in op.snapshot.frames]


def _doing_the_same(ce, re_) -> bool:
    return ce[0] == "effect" and ce[1].name == re_[1].name and len(ce[2]) == len(re_[2]) \
        and all(same(a, b) for a, b in zip(ce[2], re_[2]))


def _computable(op, args) -> bool:
    """A call the optimizer may compute with machine ops instead (constfold:
    ``foldrules.CALLS``, ``**`` of floats), which runs no code of the program
    and has no effect but its result: the recorded side runs it alone."""
    from .opt import foldrules
    if op.name == "call" and len(args) == 2:
        rule = foldrules.CALLS.get(args[0]) if type(args[0]) is type else None
        return rule is not None and type(args[1]) is ir.BOX_CLASS[rule.arg]
    return op.name == "call_binop" and args[0] in foldrules.POW_OPARGS and \
        type(args[1]) in (float, int) and type(args[2]) in (float, int) and \
        (type(args[1]) is float or type(args[2]) is float)


class Pairing:
    """The objects each side of a lockstep made alone (``new_instance``,
    ``build_tuple``), not yet met on the other side, and the optimized side's
    objects paired with the reference's (``alias``: id -> (own, reference's,
    iteration); the reference's is read wherever the optimized side had its own).
    Everything held here is kept alive, so ids are not reused meanwhile."""

    ALLOCS = frozenset({"new_instance", "build_tuple"})
    STORES = frozenset({"setattr_slot", "setattr_values"})

    def __init__(self):
        self.alias: dict[int, tuple] = {}
        self.fresh = ({}, {})        # (optimized side's, reference's): id -> (object, iteration)
        self.iteration = 0

    def own(self, side, op, args) -> bool:
        """Is ``op`` one the ``side`` (0 optimized, 1 reference) runs alone?  Not
        the allocation of an object with a ``__del__`` (never virtual: both sides
        make it, and a twin's ``__del__`` would run too)."""
        if op.name in self.ALLOCS:
            return op.name == "build_tuple" or not _has_del(args[0])
        return op.name in self.STORES and id(args[0]) in self.fresh[side]

    def made(self, side, op, result):
        if op.name in self.ALLOCS and result[0]:
            self.fresh[side][id(result[1])] = (result[1], self.iteration)

    def get(self, v):
        a = self.alias.get(id(v))
        return v if a is None or a[0] is not v else a[1]

    def same(self, a, b) -> bool:
        """``same``, pairing an object the optimized side made with one the
        reference made (of the same class) where they first meet."""
        if same(a, b):
            return True
        c, r = self.fresh
        if id(a) in c and id(b) in r and c[id(a)][0] is a and r[id(b)][0] is b \
                and type(a) is type(b):
            del c[id(a)], r[id(b)]
            self.alias[id(a)] = (a, b, self.iteration)
            return True
        return False

    def next_iteration(self):
        """What was made in the iteration just done is dead unless the jump
        passed it on (then it is still in ``fresh``, or paired); what the
        first one (the preamble) made may be read by every iteration."""
        self.iteration += 1
        for d in (self.alias, *self.fresh):
            for k in [k for k, v in d.items() if v[-1] and self.iteration - v[-1] > 1]:
                del d[k]


def execute(trace, values, at_label=False, pairing=None, attached=None):
    """Run ``trace`` from its inputs (``values``) or, with ``at_label``, from its
    label with the label's args bound to ``values``; ``pairing``: the optimized
    side of a lockstep reads the objects paired with its own.  Bridges are run
    where ``trace`` has them and ``attached(guard)`` (if given) says the
    compiled code has them too.  A generator of events:

    * ``("effect", op, args)``: send back ``(True, result)`` or ``(False, exc)``;
      an exception is an exit at ``op`` (the next event is its ``"raise"``);
    * ``("raise", op, snapshot values, exc)``, ``("exit", op, snapshot values)``:
      the trace left (ends the generator);
    * ``("bridge", op, snapshot values)``: guard ``op`` failed, its bridge runs;
    * ``("jump", op, values)``: back at the label (send anything to go on).
    """
    env = {}
    label = trace.label()
    main = trace.ops
    if at_label:
        for a, v in zip(label.args, values):
            env[id(a)] = v
        ops, pc = main, main.index(label) + 1
    else:
        for a, v in zip(trace.inputs, values):
            env[id(a)] = v
        ops, pc = main, 0

    def val(a):
        v = a.value if isinstance(a, ir.Const) else env[id(a)]
        return v if pairing is None else pairing.get(v)

    def snap(op):
        return [val(v) for v in op.snapshot.values()]

    while True:
        op = ops[pc]
        name = op.name
        if name == "label":
            pc += 1
            continue
        if name == "jump":
            vals = [val(a) for a in op.args]
            yield ("jump", op, vals)
            for a, v in zip(label.args, vals):
                env[id(a)] = v
            ops, pc = main, main.index(label) + 1
            continue
        args = [val(a) for a in op.args]
        if _is_effect(op):
            ok, r = yield ("effect", op, args)
            if not ok:
                if isinstance(r, GuardFailed):
                    failed = True
                else:
                    yield ("raise", op, snap(op), r)
                    return
            else:
                failed = False
        else:
            try:
                r = SEMANTICS[name](*args)
                failed = False
            except GuardFailed:
                failed = True
        if failed:
            if op.bridge is not None and (attached is None or attached(op)):
                yield ("bridge", op, snap(op))
                ops, pc = op.bridge, 0
                continue
            yield ("exit", op, snap(op))
            return
        if op.type != ir.V:
            env[id(op)] = r
        pc += 1


def perform(op, args):
    """Run an op with effects, for real: ``(True, result)`` or ``(False, exception)``
    (a guard that is also an effect, e.g. an iterator step, fails with GuardFailed)."""
    try:
        return True, SEMANTICS[op.name](*args)
    except GuardFailed as e:
        return False, e
    except BaseException as e:
        if not op.opdef.raises:
            raise
        return False, e


# ---------------------------------------------------------------------------
# comparing


def same(a, b) -> bool:
    if a is b:
        return True
    ta, tb = type(a), type(b)
    if ta in (int, bool, float) and tb in (int, bool, float):
        if ta is float or tb is float:
            return ta is tb and (a == b or (a != a and b != b))
        return ta is tb and a == b
    return False


def _take(v, it):
    """A snapshot value's entry from an exit's values (``it``): the value, or
    for a virtual object ``(Virtual, real or MARK, [its fields' entries])``."""
    if not isinstance(v, Virtual):
        return next(it)
    real = next(it) if v.real is not None else MARK
    return (v, real, [_take(x, it) for x in v.values])


def _frames(snap, vals):
    """Per frame of ``snap``: its locals' and stack's entries (:func:`_take`)."""
    it = iter(vals)
    out = []
    for fr in snap.frames:
        if fr.fref is not None:
            next(it)
        loc = {k: _take(v, it) for k, v in fr.locals.items()}
        stack = [_take(v, it) for v in fr.stack]
        for v in fr.extra:
            _take(v, it)
        out.append((loc, stack))
    return out


def _same_entry(c, r, pairing=None) -> bool:
    """An exit's entry on the optimized side (``c``) is the reference's (``r``)."""
    eq = same if pairing is None else pairing.same
    if type(r) is tuple and len(r) == 3 and isinstance(r[0], Virtual):
        # (the recorded trace names no virtual object but the coroutines a
        # suspension leaves suspended: record/suspension.py)
        if r[0].kind != "coro" or not (type(c) is tuple and len(c) == 3 and
                                       isinstance(c[0], Virtual) and c[0].kind == "coro"):
            return False
        return c[0].cls.value == r[0].cls.value and len(c[2]) == len(r[2]) and \
            all(_same_entry(x, y, pairing) for x, y in zip(c[2], r[2]))
    if not (type(c) is tuple and len(c) == 3 and isinstance(c[0], Virtual)):
        return eq(c, r)
    v, real, fields = c
    if real is not MARK:
        return eq(real, r)
    if type(r) is not v.cls.value:
        return False
    if v.kind == "tuple":
        return len(r) == len(fields) and all(_same_entry(x, y, pairing) for x, y in zip(fields, r))
    for f, x in zip(v.fields, fields):
        try:
            y = object.__getattribute__(r, f.name.value)
        except AttributeError:
            return False
        if not _same_entry(x, y, pairing):
            return False
    return True


def _same_exits(cop, cvals, rop, rvals, pairing=None) -> bool:
    """Two exits agree: where both resume at the same place, with the same values."""
    cs, rs = cop.snapshot, rop.snapshot
    if [f.pc for f in cs.frames] != [f.pc for f in rs.frames]:
        return True   # different resume points (a guard moved): nothing to compare
    for (cl, cstack), (rl, rstack) in zip(_frames(cs, cvals), _frames(rs, rvals)):
        for k in cl.keys() & rl.keys():
            if not _same_entry(cl[k], rl[k], pairing):
                return False
        if len(cstack) != len(rstack) or \
                not all(_same_entry(x, y, pairing) for x, y in zip(cstack, rstack)):
            return False
    return True


class Log:
    """One iteration of the reference, as it happened (for replaying)."""

    def __init__(self, values):
        self.values = list(values)   # the reference's label (or input) values
        self.at_label = False
        self.events = []             # the reference's events and effect results


def _left_at_start(cop, cvals, trace, start) -> bool:
    """The optimized side left by a guard whose snapshot is the loop's header
    state (a check the optimizer moved to the start of the iteration): fine if
    the values it leaves with are the iteration's start values."""
    snap = cop.snapshot
    if start is None or len(snap.frames) != 1 or trace.entry is None or \
            snap.frames[0].pc != trace.entry.frames[0].pc:
        return False
    by_slot = dict(zip(trace.slots, start.values))
    (loc, stack), = _frames(snap, cvals)
    for k, v in loc.items():
        if ("l", k) in by_slot and not _same_entry(v, by_slot[("l", k)]):
            return False
    for j, v in enumerate(stack):
        if ("s", j) in by_slot and not _same_entry(v, by_slot[("s", j)]):
            return False
    return True


def lockstep(cand, ref, do, log=None, start=None, trace=None, pairing=None):
    """Drive the optimized side (``cand``) and the reference (``ref``, None while
    the optimized side runs a bridge) to the end of an entry.  ``do(op, args)``
    runs a reference effect.  Returns ``("exit", op, values)`` or ``("raise", op,
    values, exc)`` of the optimized side; raises Divergence.  ``log`` (if given)
    gets the reference's events of the current iteration, restarted at each jump;
    ``start`` (a Log: the iteration's start values, ``trace``'s slots) lets the
    optimized side leave early by a check moved to the iteration's start;
    ``pairing``: the :class:`Pairing` ``cand`` reads through."""
    start = start if start is not None else log
    pairing = pairing if pairing is not None else Pairing()
    computed = []     # where the recorded side made a call the optimized side computes
    ce = next(cand)
    re_ = next(ref) if ref is not None else None
    iteration = 0
    while True:
        kind = ce[0]
        if ref is None:                      # in a bridge: the optimized side alone
            if kind == "effect":
                result = do(ce[1], ce[2])
                pairing.made(0, ce[1], result)
                ce = cand.send(result)
            elif kind == "jump":
                return ("resync", ce, iteration)
            elif kind == "bridge":
                ce = next(cand)
            else:
                return ce
            continue
        rkind = re_[0]
        if kind == "effect" and pairing.own(0, ce[1], ce[2]):
            result = perform(ce[1], ce[2])     # (an object only this side makes)
            pairing.made(0, ce[1], result)
            ce = cand.send(result)
            continue
        if log is not None:
            log.events.append(list(re_))
        if rkind == "effect" and (pairing.own(1, re_[1], re_[2]) or (
                _computable(re_[1], re_[2]) and not _doing_the_same(ce, re_))):
            if not pairing.own(1, re_[1], re_[2]):
                computed.append(_pcs(re_[1]))
            result = do(re_[1], re_[2])
            pairing.made(1, re_[1], result)
            if log is not None:
                log.events[-1].append(result)
            re_ = ref.send(result)
            continue
        if kind == "bridge":
            if rkind != "exit":
                raise Divergence(f"the optimized trace leaves by {ce[1].name} (into its bridge) "
                                 f"where the recorded trace goes on to {_doing(re_)}",
                                 (ce[1], ce[2]), (re_[1], re_[2]))
            if not _same_exits(ce[1], ce[2], re_[1], re_[2], pairing):
                raise Divergence("both leave, with different values", (ce[1], ce[2]),
                                 (re_[1], re_[2]))
            return ("bridge", ce, iteration)
        if kind == "effect" and rkind == "effect":
            cop, cargs = ce[1], ce[2]
            rop, rargs = re_[1], re_[2]
            if cop.name != rop.name or len(cargs) != len(rargs) or \
                    not all(pairing.same(a, b) for a, b in zip(cargs, rargs)):
                raise Divergence(f"the optimized trace does {cop.name} where the recorded "
                                 f"trace does {rop.name}" if cop.name != rop.name else
                                 f"{cop.name} gets different operands", (cop, cargs),
                                 (rop, rargs))
            result = do(rop, rargs)
            if log is not None:
                log.events[-1].append(result)
            # (an operand paired just now: the optimized side reads the reference's)
            ce = cand.send(result)
            re_ = ref.send(result)
            continue
        if kind in ("exit", "raise") and rkind == kind:
            if not _same_exits(ce[1], ce[2], re_[1], re_[2], pairing):
                raise Divergence("both leave the trace, with different values",
                                 (ce[1], ce[2]), (re_[1], re_[2]))
            return ce
        if kind == "jump" and rkind == "jump":
            n = len(re_[2])
            for k, (a, b) in enumerate(zip(ce[2][:n], re_[2])):
                # (a carried object: MARK for one the reference made)
                if not (pairing.same(a, b) or (a is MARK and id(b) in pairing.fresh[1])):
                    raise Divergence(f"the next iteration starts with different values "
                                     f"(label arg {k})", (ce[1].args[k], a),
                                     (re_[1].args[k], b))
            iteration += 1
            pairing.next_iteration()
            computed.clear()
            if log is not None:
                log.__init__(re_[2])
                log.at_label = True
            ce = cand.send(None)
            re_ = ref.send(None)
            continue
        if kind == "exit" and trace is not None and _left_at_start(ce[1], ce[2], trace, start):
            return ce
        if kind == "exit" and rkind == "raise" and _pcs(ce[1]) == _pcs(re_[1]) \
                and _same_exits(ce[1], ce[2], re_[1], re_[2], pairing):
            return ce   # (left before the op that raises: the interpreter runs it, raising)
        if kind == "exit" and _pcs(ce[1]) in computed:
            # the optimized side's machine op left where the recorded side made
            # the call (a value the op does not compute: int(nan), a complex
            # power): the interpreter makes it
            return ce
        raise Divergence(f"the optimized trace {_doing(ce)} where the recorded trace "
                         f"{_doing(re_)}", (ce[1], ce[2]), (re_[1], re_[2]))


def _doing(ev) -> str:
    kind, op = ev[0], ev[1]
    return {"effect": f"does {op.name}", "exit": f"leaves by {op.name}",
            "raise": f"raises in {op.name}", "jump": "starts the next iteration",
            "bridge": f"leaves by {op.name}"}[kind]


class _LogEnd(Exception):
    """A replay reached the end of what was logged: no difference up to there."""


def _replay(log):
    """A reference that replays a logged iteration (no effect runs again)."""
    current = [None]

    def gen():
        for ev in log.events:
            current[0] = ev
            yield tuple(ev[:4] if ev[0] == "raise" else ev[:3])
            if ev[0] in ("exit", "raise"):
                return
        raise _LogEnd

    def do(op, args):
        ev = current[0]
        if len(ev) < 4:   # (the effect the live run stopped at: never performed)
            raise _LogEnd
        return ev[3]
    return gen(), do


# ---------------------------------------------------------------------------
# the loop the driver enters


class Shadow:
    """Set up by ``--verify``: keeps each loop's recorded trace (from the
    observer's events) and wraps the loops the driver compiles."""

    def __init__(self, passes=None):
        self.recorded = {}    # id(LoopInfo) -> (LoopInfo, its recorded trace)
        self.passes = passes  # the optimizer's pipeline (driver.Config.passes; None: all)

    def __call__(self, event, objects):   # an observer subscriber
        if event["event"] == "trace_optimized":
            info = objects["info"]
            self.recorded[id(info)] = (info, objects["recorded"])

    def wrap(self, info, trace, loop):
        rec = self.recorded.get(id(info))
        if rec is None or rec[0] is not info:
            return loop
        return ShadowLoop(info, rec[1], trace, loop, self)


class ShadowLoop:
    """The backend contract (``enter(buf)``) over the lockstep run."""

    def __init__(self, info, recorded, trace, loop, shadow):
        self.info = info
        self.recorded = recorded
        self.trace = trace
        self.loop = loop                 # (kept: its code stays alive, its size is reported)
        self.code_size = loop.code_size
        self.llvm_ir = getattr(loop, "llvm_ir", None)
        self.shadow = shadow
        self.entries = 0
        self._bridged: set = set()     # ids of guards whose bridges the code runs

    @property
    def guard_index(self):   # (the wrapped loop's numbering: bridges attached later follow)
        return self.loop.guard_index

    def __getattr__(self, name):   # guard_ops, attach, finish...: the wrapped loop's
        return getattr(self.__dict__["loop"], name)

    def enter(self, buf: list) -> int:
        self.entries += 1
        trace, recorded = self.trace, self.recorded
        inputs = buf[1:1 + len(trace.inputs)]
        buf[1:1 + len(trace.inputs)] = [None] * len(inputs)   # (the trace owns its inputs)
        pairing = Pairing()
        cand = execute(trace, inputs, pairing=pairing, attached=self._attached)
        ref = execute(recorded, inputs[:len(recorded.inputs)])
        log = Log(inputs[:len(recorded.inputs)])
        try:
            while True:
                r = lockstep(cand, ref, perform, log, trace=recorded, pairing=pairing)
                if r[0] == "bridge":     # the optimized side goes on alone
                    ref = None
                    continue
                if r[0] == "resync":     # a bridge's jump: the reference takes its values
                    values = r[1][2][:len(recorded.label().args)]
                    for v in values:     # (objects the bridge made: both sides' now)
                        pairing.fresh[0].pop(id(v), None)
                    ref = execute(recorded, values, at_label=True)
                    log.__init__(values)
                    log.at_label = True
                    continue
                break
        except Divergence as d:
            self._stop(d, log)
        kind, op, values = r[0], r[1], r[2]
        need = 1 + len(values)
        if len(buf) < need:
            buf.extend([None] * (need - len(buf)))
        buf[1:1 + len(values)] = values
        buf[0] = g = self.guard_index[id(op)]   # (every exit says which it took)
        if kind == "raise":
            raise r[3]
        return g

    def _attached(self, op) -> bool:
        """Does the compiled code run guard ``op``'s bridge?  (One recorded while
        the code compiled, or still compiling itself, is not attached yet: the
        guard leaves, by an exit the code numbers.)"""
        if id(op) not in self._bridged:
            index = self.guard_index
            if not all(id(g) in index for g in ir.Trace([], op.bridge).guards()):
                return False
            self._bridged.add(id(op))
        return True

    # -- the report ---------------------------------------------------------------

    def _stop(self, d: Divergence, log: Log):
        info = self.info
        out = [f"pyjit --verify: the compiled trace of {info.name} differs from its "
               f"recording (entry {self.entries})", f"  {d.what}"]
        for side, pair, trace in (("optimized", d.cand, self.trace),
                                  ("recorded", d.ref, self.recorded)):
            if pair is None:
                continue
            thing, values = pair
            out.append(f"  {side}: {_op_text(trace, thing)}")
            out.append(f"      values: {_describe(values)}")
            where = _where(info, thing)
            if where:
                out.append(f"      {where}")
        out.append("  " + _bisect(self, log))
        out.append("  optimized trace:")
        out += ["    " + ln for ln in ir.format(self.trace).splitlines()]
        out.append("  recorded trace:")
        out += ["    " + ln for ln in ir.format(self.recorded).splitlines()]
        try:
            sys.stdout.flush()
        finally:
            sys.stderr.write("\n".join(out) + "\n")
            sys.stderr.flush()
            os._exit(EXIT_STATUS)


def _op_text(trace, thing) -> str:
    if isinstance(thing, ir.Op):
        text, _ = ir.format_ns(trace)   # (names the values as the listing below does)
        for line, op in zip(text.splitlines()[1 + (trace.entry is not None):], _walk(trace)):
            if op is thing:
                return line.strip()
        return f"{thing.name}(...)"
    return repr(thing)


def _walk(trace):
    def walk(ops):
        for op in ops:
            yield op
            if op.bridge is not None:
                yield from walk(op.bridge)
    return list(walk(trace.ops))


def _where(info, thing):
    line = getattr(thing, "line", None)
    if line is None and isinstance(thing, ir.Op) and thing.name == "jump":
        return None
    if line is None:
        return None
    import linecache
    file = info.code.co_filename
    snap = getattr(thing, "snapshot", None)
    if snap is not None and snap.frames[-1].func is not None:
        file = snap.frames[-1].func.code.co_filename
    src = linecache.getline(file, line).strip()
    return f"line {line} of {file}: {src}"


def _describe(values) -> str:
    if not isinstance(values, list):
        values = [values]
    out = []
    for v in values:
        if v is None or type(v) in (int, float, bool, str):
            out.append(repr(v) if type(v) is not str or len(v) < 60 else repr(v[:57]) + "...")
        elif v is _EXHAUSTED:
            out.append("<exhausted>")
        else:
            out.append(f"<{type.__getattribute__(type(v), '__name__')} at {id(v):#x}>")
    return "[" + ", ".join(out) + "]"


def _bisect(loop: ShadowLoop, log: Log) -> str:
    """Which optimizer pass makes the difference, by replaying the iteration
    against the recorded trace optimized by each prefix of the pipeline."""
    if not log.events:
        return "(the difference is not in an iteration of the loop's own path: no bisection)"
    passes = loop.shadow.passes or opt.PIPELINE
    if isinstance(passes, str):
        passes = [n.strip() for n in passes.split(",") if n.strip()]
    # the reference without bridges: what the passes get
    for k in range(len(passes) + 1):
        try:
            cand_trace = opt.optimize(loop.recorded, passes[:k])
        except Exception as e:   # (a pass that fails outright names itself too)
            return f"optimizing with {passes[:k]} fails: {e!r}"
        ref, do = _replay(log)
        # (from the iteration's values: the preamble's checks run again, harmlessly)
        cand = execute(cand_trace, log.values)
        try:
            lockstep(cand, ref, do, start=log, trace=loop.recorded)
        except (_LogEnd, StopIteration, RuntimeError):
            continue
        except Divergence:
            if k == 0:
                return "the recorded trace alone differs when copied (no pass): a copying bug"
            return (f"bisection: the trace optimized by {passes[:k - 1]} agrees, by "
                    f"{passes[:k]} differs: optimizer pass '{passes[k - 1]}' makes the "
                    "difference")
    return ("bisection: no prefix of the pipeline reproduces it in this iteration (a bridge, "
            "or state from an earlier iteration)")
