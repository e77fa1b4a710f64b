"""Shared exit blocks: how a trace's guards leave, written once per group of alike exits.

A guard that fails leaves through one call of the exit runtime (``pyjit_exit``,
:mod:`.engine`) with its snapshot's values and the references to drop -- ~27
variadic arguments in a long trace -- and, when it may get a bridge, first one
call of ``pyjit_slot`` with its interface.  Written once per guard, those calls
were most of a bridge's IR and of its machine code: at LLVM's fast code
generation (no IR passes, the fast register allocator) every argument of every
call is a reload from its stack slot and a store, ~10 bytes each (fannkuch: 1.5
MB of code for 2,400 exits).

Here a guard's own exit block only stores two constants -- its exit number
(less a bridge's first: the text stays independent of it, as the persistent
cache needs) and its slot's offset in the slot table -- and jumps on; the calls
are made once per *group*: exits with the same operand kinds (slot interface,
then exit values and drops) and the same kind letters.  Within a group, exits
passing the very same values (guards in a row, most often) meet first in a
block of their own, which passes the values on once; the group's block takes
what differs between those lists as phis (one per distinct column).  A value
the same in every exit of a group is used directly: it dominates each of the
group's blocks, so it dominates the shared block they alone reach.  At the
fast code generation a phi's incoming value is a reload and a store in its
block, as an argument was: what is saved is every value the exits share.
Measured on the benchmarks: notes/performance.md, "Issue #15: shared exit
blocks".

The protocol is unchanged: the same runtime calls with the same arguments, the
same kind letters, the same results (notes/jit.md, "Backend contract").
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

from .. import ir
from .layout import LLTYPE, function, raw_addr


class Group:
    """Exits written as one shared block: its layout (operand kinds) and members."""
    __slots__ = ("name", "raising", "slot", "kinds", "nbuf", "niface", "letters", "same")

    def __init__(self, name, raising, slot, kinds, nbuf, niface, letters):
        self.name, self.raising, self.slot = name, raising, slot
        self.kinds, self.nbuf, self.niface = kinds, nbuf, niface
        self.letters = letters     # the exit's kind letters (one table for the group)
        # exits passing the same values (most often: guards in a row) meet first in
        # a block of their own, which passes the values on once: values -> (its
        # label, [(exit block, [exit number, slot offset])])
        self.same: dict[tuple, tuple[str, list]] = {}


class SharedExits:
    """The shared exit blocks of one emitter's function."""

    def __init__(self, e):
        self.e = e
        self.groups: dict[tuple, Group] = {}
        self.operands: dict[tuple, tuple] = {}   # (id(iface), id(texts), raising) -> (group, values)

    def leave(self, op, g: int, raising: bool, slot: bool) -> None:
        """Leave through guard ``op``'s exit (the emitter's current op, its exit
        block open): through its slot first if ``slot``, then the exit
        runtime -- the calls the guard's own block made before."""
        e = self.e
        iface = None
        if slot:
            n, iface = e.slot_interface(op)
            e.slot_cases()     # (the loop's reenter block: named before the function ends)
        letters, nbuf, types, texts = e.exit_operands(e.plan.snapshot_values(op.snapshot),
                                                      e.path.live_at(e.k))
        # (iface and the operands are the emitter's, one object per distinct list:
        # most exits find their group here, not by a walk over their values)
        known = self.operands.get((id(iface), id(texts), raising))
        if known is None:
            kinds, values = (ir.I, ir.I) + types, texts
            niface = 0
            if slot:
                niface = len(iface)
                kinds = (ir.I, ir.I) + tuple(x.kind for x in iface) + types
                values = tuple(x.name for x in iface) + texts
            key = (raising, slot, niface, nbuf, letters, kinds)
            group = self.groups.get(key)
            if group is None:
                group = self.groups[key] = Group(e.label("leave"), raising, slot, kinds,
                                                 nbuf, niface, letters)
            known = self.operands[id(iface), id(texts), raising] = (group, values)
        group, values = known
        same = group.same.get(values)
        if same is None:
            same = group.same[values] = (e.label(group.name + "_"), [])
        # the operands that are constants: the exit's number (less a bridge's
        # first) and its slot's offset in the slot table -- a store of an
        # immediate each, where a value from a register is a reload and a store
        same[1].append((e.block, [str(g - e.exit_base), str(8 * n) if slot else "0"]))
        e.put(f"br label %{same[0]}")

    def blocks(self) -> list[str]:
        """The shared blocks' lines (after every exit was written)."""
        e = self.e
        saved = e.lines, e.block
        e.lines = []
        for group in self.groups.values():
            self._block(group)
        out = e.lines
        e.lines, e.block = saved
        return out

    def _phis(self, kinds, members) -> list[str]:
        """The operands of a block reached from ``members`` ((block, operand
        texts) each): a value passed by all of them as it is, a phi for the
        others -- one per distinct column (a value passed twice: one phi)."""
        e = self.e
        ops = []
        phis: dict[tuple, str] = {}
        blocks = [block for block, _ in members]
        for kind, column in zip(kinds, zip(*[texts for _, texts in members])):
            first = column[0]
            if column.count(first) == len(column):
                ops.append(first)
                continue
            t = phis.get((kind, column))
            if t is None:
                t = phis[kind, column] = e.tmp()
                edges = ", ".join([f"[{text}, %{block}]" for text, block in zip(column, blocks)])
                e.put(f"{t} = phi {LLTYPE[kind]} {edges}")
            ops.append(t)
        return ops

    def _block(self, group: Group) -> None:
        e = self.e
        consts = group.kinds[:2]
        if len(group.same) == 1:
            # (one list of values: the group's block is its block)
            [(values, (label, alike))] = group.same.items()
            e.start(label)
            ops = self._phis(consts, alike) + list(values)
        else:
            rows = []
            for values, (label, alike) in group.same.items():
                e.start(label)
                rows.append((label, self._phis(consts, alike) + list(values)))
                e.put(f"br label %{group.name}")
            e.start(group.name)
            ops = self._phis(group.kinds, rows)
        number = e.exit_number(ops[0])
        kinds = group.kinds
        at = 2
        if group.slot:
            words = []
            for kind, text in zip(kinds[2:2 + group.niface], ops[2:2 + group.niface]):
                # (variadic words: pointers and i64 as they are -- the same 8 bytes --,
                # doubles and i1 made i64, as the bridge reads them back: from_word)
                words.append(f", ptr {text}" if kind == ir.R else
                             f", i64 {text}" if kind == ir.I else
                             f", i64 {e.to_word(text, kind)}")
            slot = e.let(f"getelementptr i8, ptr {raw_addr(e.memory.slots)}, i64 {ops[1]}")
            e.slot_call(slot, group.niface, "".join(words))
            at += group.niface
        args = []
        for kind, text in zip(kinds[at:], ops[at:]):
            if kind == ir.B:
                text, kind = e.let(f"zext i1 {text} to i64"), ir.I
            args.append(f", {LLTYPE[kind]} {text}")
        # buf[0] = g, on every exit: whatever happens after the native code returns
        # (an asynchronous exception, see driver.enter) buf says which exit it took
        letters = "i" + group.letters
        r = e.let(f"call ptr (ptr, ptr, i64, i64, i64, i64, ...) "
                  f"{function('pyjit_exit')}(ptr %buf, ptr {e.kind_table(letters)}, i64 0, "
                  f"i64 {group.nbuf + 1}, i64 {len(letters)}, "
                  f"i64 {'-1' if group.raising else number}, i64 {number}{''.join(args)})")
        e.put(f"ret ptr {r}")
