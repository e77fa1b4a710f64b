"""The LLVM backend's shared exit blocks (jit/llvm/exits.py): guards that leave
with operands of the same kinds make one call of the exit runtime between them,
the values that differ coming in as phis -- and every exit still stores its own
snapshot, number and references, as the trace interpreter does."""

from __future__ import annotations

import sys

from pyjit.jit import backend_llvm, ir
from pyjit.jit.llvm.emitter import Memory, generate_bridge

from test_jit_llvm import _attached, _canonical, both, compiled, const

# three guards leaving with (i, r, f, b) operands: the first and the third pass
# the same values (one block of their own first), the second another bool
ALIKE = """
[p0, p1]
guard_class(p0, $int) {f@0 l0=p0 l1=p1}
i2 = unbox_int(p0) {f@0 l0=p0 l1=p1}
label(i2, p1)
i3 = int_add_ovf(i2, 1) {f@1 l0=i2 l1=p1}
f4 = int_to_float(i3)
b5 = int_lt(i3, 50)
guard_true(b5) {f@2 l0=i3 l1=p1 l2=f4 s=b5}
b6 = int_ne(i3, 30)
guard_true(b6) {f@3 l0=i3 l1=p1 l2=f4 s=b6}
b7 = int_ne(i3, 20)
guard_true(b7) {f@4 l0=i3 l1=p1 l2=f4 s=b5}
jump(i3, p1)
"""


def test_alike_exits_share_one_call():
    loops = compiled(ALIKE)
    # six exits: the preamble's two (the same values), the overflow's, the three
    # guards' -- three calls of the exit runtime
    assert len(loops[1].guard_ops) == 6
    assert loops[1].llvm_ir.count("pyjit_exit(") == 3
    obj = ["held"]
    for start in (0, 15, 19, 25, 29, 45, 49, 60, 1 << 70, (1 << 63) - 1, "x"):
        before = sys.getrefcount(obj)
        r, buf = both(None, lambda: [start, obj], loops=loops)
        del buf
        assert sys.getrefcount(obj) == before, start


# guards that may get bridges (slots, through pyjit_slot), one with a bridge whose
# own two guards leave alike (its exit numbers after its loop's: exit_base)
SLOTS = """
[p0, p1]
guard_class(p0, $int) {f@0 l0=p0 l1=p1}
i2 = unbox_int(p0) {f@0 l0=p0 l1=p1}
label(i2, p1)
i3 = int_add_ovf(i2, 1) {f@1 l0=i2 l1=p1}
f4 = int_to_float(i3)
b5 = int_lt(i3, 100)
guard_true(b5) {f@2 l0=i3 l1=p1 l2=f4 s=b5}
i6 = int_and(i3, 3)
b7 = int_ne(i6, 0)
guard_true(b7) {f@4 l0=i3 l1=p1 l2=f4 s=b7}
    b8 = int_ne(i3, 8)
    guard_true(b8) {f@5 l0=i3 l1=p1 l2=f4 s=b8}
    b9 = int_ne(i3, 12)
    guard_true(b9) {f@6 l0=i3 l1=p1 l2=f4 s=b8}
    jump(i3, p1)
b10 = int_ne(i3, 7)
guard_true(b10) {f@7 l0=i3 l1=p1 l2=f4 s=b5}
jump(i3, p1)
"""

STARTS = (0, 6, 7, 9, 11, 12, 40, 98, 99, 150, -1, 1 << 70, "x")


def test_shared_exits_with_bridges_inside():
    loops = compiled(SLOTS)
    obj = ["held"]
    for start in STARTS:
        before = sys.getrefcount(obj)
        r, buf = both(None, lambda: [start, obj], loops=loops)
        del buf
        assert sys.getrefcount(obj) == before, start


def test_shared_exits_through_slots_and_attached_bridges():
    """The loop's guards leave through their slots from shared blocks (the slot
    a phi, the bool and float interface words converted there); the attached
    bridge's alike guards share one exit with numbers after the loop's."""
    (ref, rt), (nat, nt) = _attached(SLOTS, {})
    assert len(nat.bridges) == 1 and all(b.installed for b in nat.bridges)
    assert nat.llvm_ir.count("pyjit_slot(") < 3
    for start in STARTS:
        obj = ["held"]
        before = sys.getrefcount(obj)
        a = _canonical(ref, rt, [start, obj])
        b = _canonical(nat, nt, [start, obj])
        assert a == b, (start, a, b)
        assert sys.getrefcount(obj) == before, start


def test_every_guard_of_a_long_trace_leaves_right():
    """Many guards over a few values, each leaving with another mix of them
    (stack entries shifted as a recorded loop's are): every exit is compared."""
    n = 24
    lines = ["[p0, p1]", "guard_class(p0, $int) {f@0 l0=p0 l1=p1}",
             "i2 = unbox_int(p0) {f@0 l0=p0 l1=p1}", "label(i2, p1)",
             "i3 = int_add_ovf(i2, 1) {f@1 l0=i2 l1=p1}", "f4 = int_to_float(i3)",
             "p5 = box_int(i3)"]
    for k in range(n):
        stack = ",".join(["i3", "p5", "f4", "p1"][(k % 4):] + ["p1"] * (k % 3))
        lines.append(f"b{10 + k} = int_ne(i3, {10 + k})")
        lines.append(f"guard_true(b{10 + k}) {{f@{2 + k} l0=i3 l1=p1 s={stack}}}")
    lines.append("jump(i3, p1)")
    loops = compiled("\n".join(lines))
    assert loops[1].llvm_ir.count("pyjit_exit(") < n
    for start in range(8, 9 + n):
        both(None, const(start, "obj"), loops=loops)


def test_ir_text_does_not_depend_on_exit_numbers():
    """A bridge's text (the persistent cache's key) is the same whatever its
    first exit's number (attached after other bridges, or before): the shared
    blocks add it to constant offsets."""
    t = ir.parse(SLOTS, {})
    guard = next(op for op in t.guards() if op.bridge is not None)
    bridge, guard.bridge = guard.bridge, None
    loop = backend_llvm.compile(t, bridgeable=lambda op: not op.opdef.raises)
    _, _, iface = loop.slot_of[id(guard)]
    texts = set()
    for base in (17, 4242):
        index = {id(op): base + k for k, op in enumerate(ir.Trace([], bridge).guards())}
        gen = generate_bridge(bridge, "pyjit_fn", Memory(1, 2), index, iface,
                              loop.label_kinds, lambda op: True, loop.input_slots, base)
        assert gen.text.count("pyjit_exit(") == 1 and len(gen.slots) == 2
        texts.add(gen.text)
    assert len(texts) == 1
