"""The LLVM backend's emitter: a trace's loop, or one bridge, as one LLVM function (IR text).

It walks the paths of the ownership plan (:mod:`.ownership`): the main path
(inputs, preamble, label, body, jump) and each bridge the trace has when it is
compiled, written where its guard fails.  What each op becomes is
:mod:`.ops`' business (one ``emit_<op>`` per op, looked up in
:data:`.ops.EMITTERS`); this module writes what surrounds them: the function,
the loop's phis, increfs and decrefs, and every way out of the trace
(calls of the exit runtime, ``pyjit_exit`` in :mod:`.engine`, from shared blocks: :mod:`.exits`).

**Bridges attach without recompiling** (PyPy patches a guard's jump; here the
jump goes through memory).  A guard that may get a bridge later (the caller's
``bridgeable``) has a *slot*: a function pointer in a table the compiled code's
owner keeps, NULL until a bridge is attached.  Its exit is one call of the
runtime's ``pyjit_slot`` with the slot's address and the values the bridge
starts from -- its guard's *interface*: the owned references alive there and
the snapshot's other values; when the slot holds a bridge, the runtime puts
them in an array and calls it (:func:`generate_bridge` writes that function:
``ptr bridge(ptr buf, ptr in, ptr out, ptr self)``), else the exit leaves.  A bridge that ends at the
loop's label stores the label's values in ``out`` and returns :data:`JUMPED`;
the loop reloads them and goes on; otherwise its return value is the loop's
(an exit number, or NULL with an exception set).  A bridge's own guards have
slots of their own.

Process-specific values are relocations (:class:`.layout.Relocations`): the
text, with them as symbols, decides the code.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

import ctypes
from typing import NamedTuple

from .. import ir
from . import CompileError
from .layout import (CAPI, DIRECT, INTRINSICS, LIKELY, LIST_ITEMS, LLTYPE, METADATA, OB_REFCNT,
                     RETURNED, Relocations, addr, double, fresh_int, function, i64, raw_addr,
                     relocating)
from .exits import SharedExits
from .ops import EMITTERS
from .ownership import Path, RefPlan, Slot

JUMPED = 1   # what a bridge returns when it went back to the loop's label (no object is at 1)
# ... when it re-entered the loop through its entry (a ``leave``: see _reenter)
REENTERED = 2
# ... what the runtime's pyjit_slot returns when the guard's slot holds no bridge
# (not 3: layout.RETURNED, which a bridge's direct return hands through the slot)
SLOT_EMPTY = 4


class Memory(NamedTuple):
    """Addresses of what the compiled code's owner keeps for it (all relocated)."""
    alive_flags: int        # a byte per weak constant (ir.weak_consts order): cleared when it dies
    slots: int              # the bridge slot table: a function pointer per slot, NULL: none
    countdown: int = 0      # an int64 counting the loop's iterations down to a tier-up exit (0: none)
    fault_counter: int = 0  # fault injection (tests, jit/faults.py): an int64 eligible guards
    #                         count down, failing at 0 (0: none)


class Interface(NamedTuple):
    """One value a guard's exit passes to its bridge, and what the bridge owns of it."""
    value: object           # the trace value
    kind: str
    owned: bool             # the reference moves to the bridge
    invariant: bool         # ... owned by the loop for its whole run (the bridge keeps it)
    nullable: bool


class Generated(NamedTuple):
    """A module written: its text and what the code's owner needs to know about it."""
    text: str
    fname: str
    relocations: list       # the values of @pyjit_r0, @pyjit_r1... (layout.Relocations)
    keep: list              # objects whose addresses the code holds that no trace keeps
    slots: dict             # id(guard op) -> its slot number
    interfaces: dict        # id(guard op) -> [Interface] (the slot guards' exits)
    externs: frozenset      # C symbols the module calls
    label_kinds: list       # the loop's: (kind, nullable) of each label arg (what bridges match)


def _kind_of(s: Slot | None, v) -> str:
    return v.type if s is None else s.kind


class Emitter:
    """Writes one trace (or bridge) as one LLVM function, in trace order.

    Each op is written by its emitter (:data:`.ops.EMITTERS`), label and jump
    by :meth:`emit_label` / :meth:`emit_jump`.
    Checks that leave the trace go through :meth:`guard` / :meth:`check_raise`,
    which branch to the op's exit block (or, for a guard with a bridge, to the
    bridge's code: it is written then, into the function's tail)."""

    def __init__(self, trace: ir.Trace | None, fname: str, memory: Memory, guard_index: dict,
                 bridgeable=None, weak: list | None = None):
        self.trace = trace
        self.memory = memory
        # weak constants (ir.WeakConst): object -> index of its alive flag, a byte
        # at ``memory.alive_flags + index`` that the owner clears when the object dies
        weak = ir.weak_consts(trace) if weak is None else weak
        self.weak_index = {id(obj): k for k, obj in enumerate(weak)}
        self.fname = fname
        self.guard_index = guard_index      # id(guard op) -> exit number
        self.bridgeable = bridgeable or (lambda op: False)
        self.lines: list[str] = []
        self.exit_lines: list[str] = []
        self.externs: set[str] = set()
        self.ntmp = 0
        self.block = "entry"
        self.k = -1                   # index in its path of the op being written
        self.exits: dict[tuple, str] = {}   # (id(op), raising) -> exit/bridge block label
        self.argv_size = 0            # slots of the vectorcall argument array
        self.kind_tables: dict[str, object] = {}   # exit kind letters -> their bytes
        # what an exit (or a slot exit) passes, by (values, live references):
        # most guards leave with the values of the guard before (richards: 2,462
        # exits, 847 distinct), written once per module
        self.exit_args: dict[tuple, tuple] = {}
        self.positions: dict[int, int] = {}     # published exit numbers (kept by the owner)
        self.slots: dict[int, int] = {}         # id(guard op) -> slot number
        self.interfaces: dict[int, list] = {}
        self.phi_lines: list = []
        self.label_kinds: list[tuple] = []      # (kind, nullable) of each label arg
        self.reenter = None           # the block reloading the label's values after a bridge
        # the loop's input slots, in buf's order (what a ``leave`` stores for re-entry)
        self.input_slots = input_slots(trace) if trace is not None else None
        self.exit_base = 0            # a bridge's first exit number (see exit_number)
        self._base = None
        self.shared = SharedExits(self)   # the exits' shared blocks (exits.py)

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
        types = [p.strip() for p in params.split(",")] if params else []
        argtext = ", ".join(f"{t} {a}" for t, a in zip(types, args))
        if fn in INTRINSICS:
            self.externs.add(fn)
            callee = f"@{fn}"
        else:
            callee = function(fn)
        if ret == "void":
            self.put(f"call void {callee}({argtext})")
            return None
        return self.let(f"call {ret} {callee}({argtext})")

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
        k = self.weak_index.get(id(c.value))
        if k is None:
            raise CompileError("a weak constant without an alive flag")
        flag = self.load("i8", raw_addr(self.memory.alive_flags + k))
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

    # -- values as the i64 words a bridge is passed -------------------------

    def to_word(self, text: str, kind: str) -> str:
        if kind == ir.R:
            return self.let(f"ptrtoint ptr {text} to i64")
        if kind == ir.F:
            return self.let(f"bitcast double {text} to i64")
        if kind == ir.B:
            return self.let(f"zext i1 {text} to i64")
        return text

    def from_word(self, word: str, kind: str) -> str:
        if kind == ir.R:
            return self.let(f"inttoptr i64 {word} to ptr")
        if kind == ir.F:
            return self.let(f"bitcast i64 {word} to double")
        if kind == ir.B:
            return self.let(f"trunc i64 {word} to i1")
        return word

    # -- leaving the trace ---------------------------------------------------

    def guard(self, ok: str) -> None:
        """Continue if ``ok`` (i1) holds, else leave through the current op's guard exit."""
        if self.memory.fault_counter:
            op = self.path.ops[self.k]
            if op.snapshot is not None and op.snapshot.restart:
                # (tests: fail, whatever ok says, when the countdown reaches 0)
                at = raw_addr(self.memory.fault_counter)
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
        for a failing guard with a bridge, the bridge; for one that may get a
        bridge, the call through its slot, then the exit."""
        k = self.k
        op = self.path.ops[k]
        key = (id(op), raising)
        if key in self.exits:
            return self.exits[key]
        g = self.guard_index[id(op)]
        bridge = op.bridge is not None and not raising
        name = f"{'bridge' if bridge else 'raise' if raising else 'exit'}{g - self.exit_base}"
        self.exits[key] = name
        saved = self.lines, self.block
        self.lines = []
        self.start(name)
        if bridge:
            self.emit_path(self.path.bridges[k])
        elif op.name == "leave" and not raising and self._reenter(op):
            pass
        else:
            slot = not raising and self.in_body() and self.bridgeable(op)
            if op.name == "finish" and not raising:
                # (a return: its direct way out comes between the slot and the exit)
                if slot:
                    self._through_slot(op)
                self._return_direct(op)
                slot = False
            self.shared.leave(op, g, raising, slot)
        self.exit_lines += self.lines
        self.lines, self.block = saved
        return name

    def interface(self, op) -> list[Slot]:
        """What guard ``op`` (the current op) hands its bridge: the owned
        references alive here (its exit would move or drop them) and the
        snapshot's other values, each once."""
        out = list(self.path.live_at(self.k))
        seen = {id(s) for s in out}
        slot, Const = self.plan.slot_finder(True), ir.Const
        for v in self.plan.snapshot_values(op.snapshot):
            if not isinstance(v, Const):
                s = slot(id(v))
                if id(s) not in seen:
                    seen.add(id(s))
                    out.append(s)
        return out

    def _through_slot(self, op) -> None:
        """A guard that may get a bridge: the runtime's ``pyjit_slot`` calls the
        bridge its slot holds, if any, with the interface's values (one call:
        see engine._RUNTIME_IR); back at the label (JUMPED) the loop goes on,
        re-entered (REENTERED) it starts again, SLOT_EMPTY leaves here, any
        other result is the loop's.  (Written in the guard's own block: for a
        return's exit only; the others go through exits.SharedExits.)"""
        n, iface = self.slot_interface(op)
        # (variadic words: pointers and i64 as they are -- the same 8 bytes --,
        # doubles and i1 made i64, as the bridge reads them back: from_word)
        args = "".join(
            f", ptr {x.name}" if x.kind == ir.R else
            f", i64 {x.name}" if x.kind == ir.I else
            f", i64 {self.to_word(x.name, x.kind)}" for x in iface)
        self.slot_call(raw_addr(self.memory.slots + 8 * n), len(iface), args)

    def slot_interface(self, op) -> tuple:
        """Guard ``op``'s slot number (given here) and interface (the slots it
        passes its bridge, recorded for the code's owner)."""
        n = self.slots[id(op)] = len(self.slots)
        vals, live = self.plan.snapshot_values(op.snapshot), self.path.live_at(self.k)
        key = ("slot", id(self.plan), tuple(map(id, vals)), tuple(map(id, live)))
        known = self.exit_args.get(key)
        if known is None:
            iface = self.interface(op)
            owned = {id(s) for s in live}
            known = self.exit_args[key] = (iface, [
                Interface(s.value, s.kind, id(s) in owned, s.invariant, s.nullable)
                for s in iface])
        iface, interfaces = known
        self.interfaces[id(op)] = list(interfaces)
        return n, iface

    def slot_call(self, at: str, n: int, args: str) -> None:
        """The call of ``pyjit_slot`` with slot address ``at`` and the ``n``
        interface words ``args``; goes on (in a new block) if the slot is empty."""
        r = self.let(f"call ptr (ptr, ptr, ptr, ptr, i64, ...) {function('pyjit_slot')}("
                     f"ptr {at}, ptr %buf, "
                     f"ptr {self.out_array()}, ptr %self, i64 {n}{args})")
        ri = self.let(f"ptrtoint ptr {r} to i64")
        # (compares and branches, not a switch: LLVM's fast instruction selector
        # does not handle switch, and a block it cannot select costs ~10x)
        empty = self.label("slot_empty")
        for v, block in [(SLOT_EMPTY, empty)] + self.slot_cases():
            other = self.label("slot_called")
            self.put(f"br i1 {self.let(f'icmp eq i64 {ri}, {v}')}, label %{block}, "
                     f"label %{other}")
            self.start(other)
        self.put(f"ret ptr {r}")
        self.start(empty)

    def slot_cases(self) -> list:
        """(result, block) a slot's bridge call goes on to besides leaving: back
        at the label, the loop's values are reloaded; re-entered, the loop runs
        again from its entry."""
        self.reenter = self.reenter or "reenter"
        return [(JUMPED, self.reenter), (REENTERED, "start")]

    def restart(self) -> None:
        """Run the loop again from its entry: it reads its inputs from buf."""
        self.put("br label %start")

    def _reenter(self, op) -> bool:
        """``leave`` (a bridge back at the loop's header that cannot jump to the
        label, see jit/nest.py): store the header's values in buf as the
        entry reads them -- each input slot's value, as an exit stores a
        snapshot's -- drop the other owned references, and run the loop again
        from its entry (its preamble checks the new values), natively.  False
        if the snapshot does not name every input (the exit leaves instead)."""
        fr = op.snapshot.frames
        if self.input_slots is None or len(fr) != 1:
            return False
        vals = []
        for kind, k in self.input_slots:
            v = fr[0].locals.get(k) if kind == "l" else \
                fr[0].stack[k] if kind == "s" and k < len(fr[0].stack) else None
            if v is None:
                return False
            vals.append(v)
        r = self._store_exit(vals, 1, "0")
        self.decref(r)              # (pyjit_exit's PyLong(0))
        self.restart()
        return True

    def _return_direct(self, op) -> None:
        """A function trace's return (``finish``) called by a native call site
        (``%self`` is DIRECT, jit/llvm/native.py): the result goes to buf[0],
        the references the trace owns die here -- temporaries, then the locals
        in index order (the interpreter's RETURN_VALUE order; a value named by
        two locals dies at the later) -- and the code returns RETURNED: no exit
        runtime, no exit number.  Called from Python (``%self`` NULL) the exit
        stays the ordinary one (the interpreter runs the RETURN_VALUE).  Only
        for a return whose snapshot is one frame of plain values, the result
        an object (else every caller takes the ordinary exit)."""
        fr = op.snapshot.frames
        if len(fr) != 1 or fr[0].fref is not None or fr[0].extra or len(fr[0].stack) != 1:
            return
        res, locs = fr[0].stack[0], [fr[0].locals[k] for k in sorted(fr[0].locals)]
        if not all(isinstance(v, ir.Value) for v in [res] + locs):
            return    # (a virtual object: the exit runtime builds it)
        body = self.in_body()
        rs = self.plan.slot(res, body)
        if _kind_of(rs, res) != ir.R or (rs is not None and rs.nullable):
            return
        direct, generic = self.label("ret_direct"), self.label("ret_exit")
        self.put(f"br i1 {self.let(f'icmp eq ptr %self, inttoptr (i64 {DIRECT} to ptr)')}, "
                 f"label %{direct}, label %{generic}")
        self.start(direct)
        live = self.path.live_at(self.k)
        owned = {id(s) for s in live}
        text = self.value(res)
        if rs is None or id(rs) not in owned:
            self.incref(text)
        at = self.load("ptr", "%buf", LIST_ITEMS)
        old = self.load("ptr", at)
        self.put(f"store ptr {text}, ptr {at}")
        self.decref(old)     # (None, or a position's int: never the last reference)
        last = {}
        for i, v in enumerate(locs):
            s = self.plan.slot(v, body)
            if s is not None and id(s) in owned:
                last[id(s)] = i
        moved = id(rs) if rs is not None else None
        dying = [s for s in live if id(s) != moved]
        for s in sorted(dying, key=lambda s: last.get(id(s), -1)):
            self.decref_slot(s)
        self.put(f"ret ptr inttoptr (i64 {RETURNED} to ptr)")
        self.start(generic)

    def out_array(self) -> str:
        """Where a bridge stores the label's values (the loop's own array)."""
        return "%labelvals"

    def jumped(self) -> None:
        """A bridge called from here went back to the label."""
        self.reenter = self.reenter or "reenter"
        self.put(f"br label %{self.reenter}")

    def kind_table(self, kinds: str) -> str:
        """The address of a string of exit kind letters: bytes the code's owner
        keeps (a relocation, as an object's address: see layout.Relocations)."""
        buf = self.kind_tables.get(kinds)
        if buf is None:
            buf = self.kind_tables[kinds] = ctypes.create_string_buffer(kinds.encode(), len(kinds))
        return raw_addr(ctypes.addressof(buf))

    def exit_number(self, offset: str) -> str:
        """The exit numbered ``offset`` (an i64 operand) after the function's
        first, as an i64 operand.  A bridge's exits are numbered after
        those of its loop and of the bridges attached before it -- in the
        order they were attached, which compiles in the background make
        depend on timing -- so a bridge writes them as its first exit's
        number (a relocation of its own) plus an offset: its text, the
        persistent cache's key, does not depend on that order."""
        if not self.exit_base:
            return offset
        if self._base is None:
            self._base = fresh_int(self.exit_base)
        return self.let(f"add i64 {self._base}, {offset}")

    def _store_exit(self, values, start: int, result: str) -> str:
        """``values`` into buf's items from ``start`` (a call of pyjit_exit),
        the owned references live here and not stored dropped; its result (an
        i64 operand: see engine's runtime).  (Guards leave through
        exits.SharedExits, which makes the same call once per group.)"""
        kinds, nbuf, types, texts = self.exit_operands(values, self.path.live_at(self.k))
        words = "".join(f", i64 {self.let(f'zext i1 {text} to i64')}" if kind == ir.B else
                        f", {LLTYPE[kind]} {text}" for kind, text in zip(types, texts))
        return self.let(f"call ptr (ptr, ptr, i64, i64, i64, i64, ...) "
                        f"{function('pyjit_exit')}(ptr %buf, "
                        f"ptr {self.kind_table(kinds)}, i64 {start}, i64 {nbuf}, "
                        f"i64 {len(kinds)}, i64 {result}{words})")

    def exit_operands(self, values, live) -> tuple:
        """What an exit passes pyjit_exit for ``values`` with the owned
        references ``live`` alive: (kind letters -- each says what the runtime
        does with its value: box it, incref it, or nothing for an owned value
        live here, whose reference moves to buf; then 'd', drop, for the other
        live ones --, how many go to buf, the operands' value kinds, their texts).  Most guards
        leave with the values of the guard before (richards: 2,462 exits, 847
        distinct): computed once per module."""
        body = self.in_body()
        key = ("exit", id(self.plan), body, tuple(map(id, values)), tuple(map(id, live)))
        known = self.exit_args.get(key)
        if known is None:
            known = self.exit_args[key] = self._exit_args(values, live, body)
        return known

    def _exit_args(self, values, live, body) -> tuple:
        live_ids = {id(s) for s in live}
        slot = self.plan.slot_finder(body)   # (per value of every exit: one call)
        Const = ir.Const
        moved: set[int] = set()
        kinds, types, texts = [], [], []              # kind letters, value kinds, operands
        for v in values:
            if isinstance(v, Const):
                s, kind, text = None, v.type, self.value(v)
            else:
                s = slot(id(v))
                kind, text = s.kind, s.name
            if kind == ir.R:
                if s is not None and s.nullable:
                    kinds.append("n")                 # C NULL goes to buf as pyjit's NULL
                elif s is not None and id(s) in live_ids and id(s) not in moved:
                    moved.add(id(s))
                    kinds.append("m")                 # our reference moves to buf
                else:
                    kinds.append("r")                 # a constant, or again: incref
            else:
                kinds.append(kind)                    # 'i' / 'f' box, 'b' True/False
            types.append(kind)
            texts.append(text)
        nbuf = len(kinds)
        for s in live:
            if id(s) not in moved:
                kinds.append("d")                     # NULL-safe: Py_DecRef
                types.append(ir.R)
                texts.append(s.name)
        return "".join(kinds), nbuf, tuple(types), tuple(texts)

    # -- the function --------------------------------------------------------

    def allocas(self) -> list[str]:
        out = []
        if self.argv_size:
            out.append(f"  %argv = alloca [{self.argv_size} x ptr]")
        return out

    def function(self) -> str:
        trace = self.trace
        self.plan = plan = RefPlan(trace)
        self.path = plan.main
        for s, v in zip(plan.inputs, trace.inputs):
            if v.type != ir.R:
                raise CompileError("trace inputs are objects (kind r)")
        # (a block of its own: a bridge's ``leave`` runs the loop again from here)
        self.put("br label %start")
        self.start("start")
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
        allocas = self.allocas()
        if self.reenter is not None:
            # back from a bridge at the label: its values are in %labelvals
            self.exit_lines.append(f"{self.reenter}:")
            self.block = self.reenter
            saved, self.lines = self.lines, []
            vals = []
            for j, phi in enumerate(plan.phis):
                w = self.load("i64", self.let(f"getelementptr i64, ptr %labelvals, i64 {j}"))
                vals.append(self.from_word(w, phi.kind))
            self.put("br label %loop")
            self.exit_lines += self.lines
            self.lines = saved
            for (_, _, incoming), v in zip(self.phi_lines, vals):
                incoming.append((v, self.reenter))
            allocas.append(f"  %labelvals = alloca [{max(1, len(plan.phis))} x i64]")
        for at, phi, incoming in self.phi_lines:
            edges = ", ".join(f"[{v}, %{block}]" for v, block in incoming)
            self.lines[at] = f"  {phi.name} = phi {LLTYPE[phi.kind]} {edges}"
        self.exit_lines += self.shared.blocks()
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
                if op.name == "check_interrupt" and self.memory.countdown:
                    self.count_down()
                res = EMITTERS[op.name](self, op, args)
                if op.type != ir.V:
                    self.plan.results[id(op)].name = res
            for s in path.dies_after.get(k, ()):
                self.decref_slot(s)
        if path.ops and path.ops[-1].name == "finish":
            self.put("unreachable")   # (a function trace's bridge ends leaving at its return)
        self.path, self.k = saved

    def count_down(self) -> None:
        """At a path's end (before its check_interrupt): one iteration less
        until the tier-up exit -- the check_interrupt's exit at the header,
        which the driver tells from an interrupt by the countdown at 0."""
        at = raw_addr(self.memory.countdown)
        n = self.let(f"sub i64 {self.load('i64', at)}, 1")
        self.put(f"store i64 {n}, ptr {at}")
        self.guard(self.let(f"icmp ne i64 {n}, 0"))

    def declarations(self, relocs: Relocations) -> list[str]:
        decls = []
        for name in sorted(self.externs):    # (intrinsics: C functions are called through cells)
            ret, params = INTRINSICS[name]
            decls.append(f"declare {ret} @{name}({params})")
        return relocs.declarations() + decls

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

    def jump_values(self, op) -> list[str]:
        """The jump's args, each r arg's reference handed on -- moved if the arg
        dies here, else incref'd."""
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
        return values

    def emit_jump(self, op, args):
        """Back to the label (from the main path or a bridge written inline)."""
        values = self.jump_values(op)
        for (_, _, incoming), v in zip(self.phi_lines, values):
            incoming.append((v, self.block))
        self.put("br label %loop")


class BridgeEmitter(Emitter):
    """Writes one bridge as a function of its own, ``ptr bridge(ptr buf, ptr in,
    ptr out, ptr self)`` (``self``: its loop's, see RETURNED): ``in`` holds its guard's interface (as i64 words), ``out`` is
    where its jump puts the label's values (the loop's array, passed on to the
    bridges of its own guards)."""

    def __init__(self, ops, fname, memory, guard_index, interface, label_kinds,
                 bridgeable=None, input_slots=None, exit_base=0):
        self.ops = ops
        super().__init__(None, fname, memory, guard_index, bridgeable,
                         weak=ir.weak_consts(ir.Trace([], ops)))
        self.exit_base = exit_base
        self.input_slots = input_slots
        self.iface = interface
        self.label_kinds = label_kinds

    def in_body(self) -> bool:
        return True

    def out_array(self) -> str:
        return "%out"

    def slot_cases(self) -> list:
        return []    # (JUMPED and REENTERED are returned to the loop as they are)

    def jumped(self) -> None:
        self.put(f"ret ptr inttoptr (i64 {JUMPED} to ptr)")

    def restart(self) -> None:
        self.put(f"ret ptr inttoptr (i64 {REENTERED} to ptr)")   # (the loop re-enters)

    def function(self) -> str:
        slots = [Slot(x.value) for x in self.iface]
        for s, x in zip(slots, self.iface):
            s.kind, s.owned, s.invariant, s.nullable = x.kind, x.owned, x.invariant, x.nullable
        self.plan = RefPlan.for_bridge(self.ops, slots)
        self.path = self.plan.main
        for j, s in enumerate(slots):
            w = self.load("i64", self.let(f"getelementptr i64, ptr %in, i64 {j}"))
            s.name = self.from_word(w, s.kind)
        self.emit_path(self.plan.main)
        self.exit_lines += self.shared.blocks()
        body = "\n".join(["entry:"] + self.allocas() + self.lines + self.exit_lines)
        return (f"define ptr @{self.fname}(ptr %buf, ptr %in, ptr %out, ptr %self) "
                f"{{\n{body}\n}}\n")

    def emit_label(self, op, args):
        raise CompileError("a bridge has no label")

    def emit_jump(self, op, args):
        """Back to the loop's label: the values go to ``out``, the loop goes on."""
        if len(op.args) != len(self.label_kinds):
            raise CompileError("the bridge's jump does not match the loop's label")
        values = self.jump_values(op)
        for j, (a, v, (kind, nullable)) in enumerate(zip(op.args, values, self.label_kinds)):
            s = self.plan.slot(a, True)
            if _kind_of(s, a) != kind:
                raise CompileError("the bridge's jump does not match the loop's label")
            if s is not None and s.nullable and not nullable:
                raise CompileError("the bridge may pass NULL where the loop never has")
            word = self.to_word(v, kind)
            self.put(f"store i64 {word}, ptr {self.let(f'getelementptr i64, ptr %out, i64 {j}')}")
        self.put(f"ret ptr inttoptr (i64 {JUMPED} to ptr)")


# emit_path writes these itself, by name
assert ir.STRUCTURAL == {"label", "jump"}, "the emitter knows label and jump only"


def _module(e: Emitter, relocs: Relocations) -> str:
    fn = e.function()
    # the cells the function reads, loaded once at its entry (layout.Relocations)
    fn = fn.replace("\nentry:\n", "\nentry:\n" + "".join(
        line + "\n" for line in relocs.entry_loads()), 1)
    return "\n".join(e.declarations(relocs)) + "\n\n" + fn + "\n" + METADATA


def _generated(e: Emitter, relocs: Relocations, text: str) -> Generated:
    kinds = [(p.kind, p.nullable) for p in e.plan.phis] if e.trace is not None else None
    return Generated(text, e.fname, list(relocs.values),
                     list(e.positions.values()) + list(e.kind_tables.values()),
                     dict(e.slots), dict(e.interfaces), frozenset(e.externs), kinds)


def input_slots(trace: ir.Trace) -> list | None:
    """The trace's input slots, in buf's order, if each is a frame's local or
    stack entry (what a ``leave`` can store for re-entry); else None."""
    slots = list(trace.slots)
    if len(slots) != len(trace.inputs) or \
            any(s is None or s[0] not in ("l", "s") for s in slots):
        return None
    return slots


def generate(trace: ir.Trace, fname: str = "pyjit_trace", memory: Memory | None = None,
             guard_index: dict | None = None, bridgeable=None) -> Generated:
    """The LLVM IR module of ``trace``'s loop (its bridges so far inside), its
    function named ``fname``.  ``memory``: the addresses the code's owner
    keeps for it; ``guard_index``: the exit number of each guard (default:
    ``trace.guards()`` order); ``bridgeable(op)``: does this guard get a slot."""
    ir.verify(trace)
    if guard_index is None:
        guard_index = {id(op): g for g, op in enumerate(trace.guards())}
    e = Emitter(trace, fname, memory or Memory(0, 0), guard_index, bridgeable)
    relocs = Relocations(cells=True)
    with relocating(relocs):
        text = _module(e, relocs)
    return _generated(e, relocs, text)


def generate_bridge(ops: list, fname: str, memory: Memory, guard_index: dict,
                    interface: list, label_kinds: list, bridgeable=None,
                    input_slots=None, exit_base: int = 0) -> Generated:
    """The LLVM IR module of one bridge (``ops``, ending with its jump),
    called through its guard's slot with ``interface`` (:class:`Interface`,
    as the guard's exit stores them); ``label_kinds``: (kind, nullable) of the
    loop's label args."""
    e = BridgeEmitter(ops, fname, memory, guard_index, interface, label_kinds, bridgeable,
                      input_slots, exit_base)
    relocs = Relocations(cells=True)
    with relocating(relocs):
        text = _module(e, relocs)
    return _generated(e, relocs, text)

