"""The LLVM backend's emitter: one trace as one LLVM function (IR text), in trace order.

It walks the paths of the ownership plan (:mod:`.ownership`): the main path
(inputs, preamble, label, body, jump) and each bridge, which is written where
its guard fails.  What each op becomes is :mod:`.ops`' business (one
``emit_<op>`` per op, looked up in :data:`.ops.EMITTERS`); this module writes
what surrounds them: the function, the loop's phis, increfs and decrefs, and
every way out of the trace (``_leave``: one call of the exit runtime,
``pyjit_exit`` in :mod:`.engine`).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

from .. import ir
from . import CompileError
from .layout import (CAPI, INTRINSICS, LIKELY, LIST_ITEMS, LLTYPE, METADATA, OB_REFCNT, addr,
                     double, i64)
from .ops import EMITTERS
from .ownership import Path, RefPlan, Slot


class Emitter:
    """Writes one trace as one LLVM function, in trace order.

    Each op is written by its emitter (:data:`.ops.EMITTERS`), label and jump
    by :meth:`emit_label` / :meth:`emit_jump`.
    Checks that leave the trace go through :meth:`guard` / :meth:`check_raise`,
    which branch to the op's exit block (or, for a guard with a bridge, to the
    bridge's code: it is written then, into the function's tail)."""

    def __init__(self, trace: ir.Trace, fname: str, alive_flags: int = 0,
                 fault_counter: int | None = None):
        self.trace = trace
        # fault injection (jit/faults.py): the countdown eligible guard checks decrement
        self.fault_counter = fault_counter
        # weak constants (ir.WeakConst): object -> index of its alive flag, a byte
        # at ``alive_flags + index`` that the Loop clears when the object dies
        self.alive_flags = alive_flags
        self.weak_index = {id(obj): k for k, obj in enumerate(ir.weak_consts(trace))}
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
        self.positions: dict[int, int] = {}     # published exit numbers (kept by the Loop)

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
        ret, params = CAPI.get(fn) or INTRINSICS[fn]
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
                return addr(v.value)
            if v.type == ir.I:
                return i64(v.value)
            if v.type == ir.F:
                return double(v.value)
            return "true" if v.value else "false"
        return self.plan.slot(v, self.in_body()).name

    def alive(self, c) -> str:
        """i1: weak constant ``c`` is still alive (its flag byte is not 0)."""
        if c.value is ir.DEAD:
            return "false"   # (died before this compile: its guards always fail)
        k = self.weak_index[id(c.value)]
        flag = self.load("i8", f"inttoptr (i64 {self.alive_flags + k} to ptr)")
        return self.let(f"icmp ne i8 {flag}, 0")

    def const_int(self, v, what: str) -> int:
        if not isinstance(v, ir.Const):
            raise CompileError(f"{what} must be a constant")
        return v.value

    # -- reference counts (inline on the hot path) -------------------------

    def incref(self, p: str) -> None:
        at = self.field(p, OB_REFCNT)
        rc = self.load("i64", at)
        self.put(f"store i64 {self.let(f'add i64 {rc}, 1')}, ptr {at}")

    def decref(self, p: str) -> None:
        at = self.field(p, OB_REFCNT)
        rc = self.let(f"sub i64 {self.load('i64', at)}, 1")
        self.put(f"store i64 {rc}, ptr {at}")
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
        if self.fault_counter is not None:
            op = self.path.ops[self.k]
            if op.snapshot is not None and op.snapshot.restart:
                # (tests: fail, whatever ok says, when the countdown reaches 0)
                at = f"inttoptr (i64 {self.fault_counter} to ptr)"
                left = self.let(f"sub i64 {self.load('i64', at)}, 1")
                self.put(f"store i64 {left}, ptr {at}")
                ok = self.let(f"and i1 {ok}, {self.let(f'icmp ne i64 {left}, 0')}")
        self._branch(ok, self._exit(raising=False))

    def check_raise(self, failed: str) -> None:
        """Leave through the current op's exception exit if ``failed`` (i1)."""
        ok = self.let(f"xor i1 {failed}, true")
        self._branch(ok, self._exit(raising=True))

    def _branch(self, ok: str, exit_label: str) -> None:
        cont = self.label("ok")
        self.put(f"br i1 {ok}, label %{cont}, label %{exit_label}, {LIKELY}")
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
        engine._RUNTIME_IR) with the snapshot values as variadic arguments and a kind
        letter for each saying what to do with it -- box it, incref it, or
        nothing for an owned value live here (its reference moves to buf) --
        then the other owned values live here (kind 'd': drop).  Exits are
        most of a trace's code: one call each keeps compiling fast."""
        live = self.path.live_at(self.k)
        live_ids = {id(s) for s in live}
        body = self.in_body()
        moved: set[int] = set()
        # buf[0] = g, on every exit: whatever happens after the native code returns
        # (an asynchronous exception, see driver.enter) buf says which exit it took
        entries = [("i", "i64", str(g))]              # (kind letter, LLVM type, value)
        for v in op.snapshot.values():
            s = self.plan.slot(v, body)
            kind = v.type if s is None else s.kind
            text = self.value(v)
            if kind == ir.B:
                entries.append(("b", "i64", self.let(f"zext i1 {text} to i64")))
            elif kind != ir.R:
                entries.append((kind, LLTYPE[kind], text))   # 'i' / 'f': box
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
                     f"ptr {table}, i64 0, i64 {nbuf}, i64 {len(entries)}, "
                     f"i64 {-1 if raising else g}{args})")
        self.put(f"ret ptr {r}")

    # -- the function --------------------------------------------------------

    def function(self) -> str:
        trace, plan = self.trace, self.plan
        for s, v in zip(plan.inputs, trace.inputs):
            if v.type != ir.R:
                raise CompileError("trace inputs are objects (kind r)")
        items = self.load("ptr", "%buf", LIST_ITEMS)
        none = addr(None)
        for j, s in enumerate(plan.inputs):
            s.name = f"%in{j}"
            at = self.item(items, str(j + 1))
            self.put(f"{s.name} = load ptr, ptr {at}")
            if s.owned:
                # the trace takes buf's reference (None takes the item's place): an
                # input's object dies when the program rebinds its slot, as in the
                # interpreter, not when the trace is left
                self.incref(none)
                self.put(f"store ptr {none}, ptr {at}")
        self.emit_path(plan.main)
        for at, phi, incoming in self.phi_lines:
            edges = ", ".join(f"[{v}, %{block}]" for v, block in incoming)
            self.lines[at] = f"  {phi.name} = phi {LLTYPE[phi.kind]} {edges}"
        allocas = []
        if self.argv_size:
            allocas.append(f"  %argv = alloca [{self.argv_size} x ptr]")
        body = "\n".join(["entry:"] + allocas + self.lines + self.exit_lines)
        return (f"define ptr @{self.fname}(ptr %self, ptr %buf) {{\n{body}\n}}\n")

    def publish_position(self, op) -> None:
        """Before an op that may run program code: ``buf[0] = -1 - g`` (an int
        object the Loop keeps; negative: a position, not an exit taken), so
        frame views opened by that code know where the trace is -- which frames
        it inlined, at which line (pyjit.frames, ``driver._position``)."""
        g = self.guard_index[id(op)]
        if g not in self.positions:
            self.positions[g] = -1 - g   # (the int object whose address the code stores)
        new = addr(self.positions[g])
        at = self.load("ptr", "%buf", LIST_ITEMS)
        old = self.load("ptr", at)
        self.put(f"store ptr {new}, ptr {at}")
        self.incref(new)
        self.decref(old)

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
                if op.opdef.raises and op.opdef.effects:
                    self.publish_position(op)
                res = EMITTERS[op.name](self, op, args)
                if op.type != ir.V:
                    self.plan.results[id(op)].name = res
            for s in path.dies_after.get(k, ()):
                self.decref_slot(s)
        self.path, self.k = saved

    def module(self) -> str:
        fn = self.function()
        decls = ["declare ptr @pyjit_exit(ptr, ptr, i64, i64, i64, i64, ...)"]
        for name in sorted(self.externs):
            ret, params = CAPI.get(name) or INTRINSICS[name]
            decls.append(f"declare {ret} @{name}({params})")
        for kinds, name in self.kind_tables.items():
            decls.append(f'{name} = private unnamed_addr constant [{len(kinds)} x i8] '
                         f'c"{kinds}"')
        return "\n".join(decls) + "\n\n" + fn + "\n" + METADATA

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


# emit_path writes these itself, by name
assert ir.STRUCTURAL == {"label", "jump"}, "the emitter knows label and jump only"


def generate(trace: ir.Trace, fname: str = "pyjit_trace", alive_flags: int = 0,
             keep: list | None = None, fault_counter: int | None = None) -> str:
    """The LLVM IR module (text) for ``trace``, its function named ``fname``;
    ``alive_flags``: the address of the weak constants' alive flags (see
    :meth:`Emitter.alive`); ``keep`` receives the objects the code points at
    that the trace does not hold (the compiled code's owner keeps them)."""
    ir.verify(trace)
    e = Emitter(trace, fname, alive_flags, fault_counter)
    text = e.module()
    if keep is not None:
        keep.extend(e.positions.values())
    return text

