"""Loop-invariant code motion (pyjit.jit.opt.licm), the invariant label args it
relies on, and what a bridge must do to enter such a loop (opt.bridge.enter_loop)."""

import pytest

from pyjit.jit import ir, opt
from pyjit.jit.opt.bridge import changed_invariants, enter_loop

from test_jit_opt import RANGE_LOOP, Exit, check


@pytest.fixture(autouse=True)
def _verify_every_pass(monkeypatch):
    monkeypatch.setattr(opt, "VERIFY", True)


class Point:
    pass


def test_invariant_checks_and_machine_values_move_to_the_preamble():
    # p1 (a list), p2 (an int), p3 (a float) are read, never assigned: their
    # unbound checks, class checks, unboxing and what is computed from them
    # alone run once; the list read and the program object's class check stay
    check("""
        [p0, p1, p2, p3, p4]
        entry {f@2 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        label(p0, p1, p2, p3, p4)
        b5 = ptr_eq(p1, NULL)
        guard_false(b5) {f@3 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        guard_class(p1, $list) {f@3 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        i6 = unbox_int(p0) {f@3 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        p7 = list_getitem(p1, i6) {f@3 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        i8 = unbox_int(p2) {f@4 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        i9 = int_mul_ovf(i8, 3) {f@4 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        guard_class(p3, $float) {f@5 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        f10 = unbox_float(p3)
        f11 = float_mul(f10, f10)
        guard_class(p4, $Point) {f@6 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        i12 = int_add_ovf(i6, i9) {f@7 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        p13 = box_int(i12)
        guard_nonnull(p13) {f@8 l0=p13 l1=p1 l2=p2 l3=p3 l4=p4 s=f11,p7}
        jump(p13, p1, p2, p3, p4)
    """, """
        [p0, p1, p2, p3, p4]
        entry {f@2 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        b5 = ptr_eq(p1, NULL)
        guard_false(b5) {f@2 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        guard_class(p1, $list) {f@2 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        i8 = unbox_int(p2) {f@2 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        i9 = int_mul_ovf(i8, 3) {f@2 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        guard_class(p3, $float) {f@2 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        f10 = unbox_float(p3)
        f11 = float_mul(f10, f10)
        label(p0, p1, p2, p3, p4)
        i6 = unbox_int(p0) {f@3 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        p7 = list_getitem(p1, i6) {f@3 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        guard_class(p4, $Point) {f@6 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        i12 = int_add_ovf(i6, i9) {f@7 l0=p0 l1=p1 l2=p2 l3=p3 l4=p4}
        p13 = box_int(i12)
        guard_nonnull(p13) {f@8 l0=p13 l1=p1 l2=p2 l3=p3 l4=p4 s=f11,p7}
        jump(p13, p1, p2, p3, p4)
    """, "licm", ns={"$Point": Point})


def test_unbox_float_waits_for_its_class_check():
    # the float's class is checked in the body only after a call (not moved:
    # the check is on the call's result): its unbox stays too
    check("""
        [p0, p1]
        entry {f@2 l0=p0 l1=p1}
        label(p0, p1)
        p2 = call($f, p0) {f@3 l0=p0 l1=p1}
        guard_class(p2, $float) {f@3 l0=p0 l1=p1}
        f3 = unbox_float(p1)
        jump(p2, p1)
    """, """
        [p0, p1]
        entry {f@2 l0=p0 l1=p1}
        label(p0, p1)
        p2 = call($f, p0) {f@3 l0=p0 l1=p1}
        guard_class(p2, $float) {f@3 l0=p0 l1=p1}
        f3 = unbox_float(p1)
        jump(p2, p1)
    """, "licm", ns={"$f": abs})


def test_nothing_moves_without_an_entry_snapshot():
    src = """
        [p0, p1]
        label(p0, p1)
        guard_class(p1, $list) {f@3 l0=p0 l1=p1}
        p2 = call($f, p0) {f@3 l0=p0 l1=p1}
        jump(p2, p1)
    """
    check(src, src, "licm", ns={"$f": abs})


def test_range_loop_after_the_pipeline():
    # the iterator is invariant: its class check runs once
    t = opt.optimize(ir.parse(RANGE_LOOP))
    k = [op.name for op in t.ops].index("label")
    assert [op.name for op in t.ops[:k]].count("guard_class") == 2
    assert "guard_class" not in [op.name for op in t.ops[k:]]
    assert t.invariant == frozenset({0})


def test_a_failing_moved_guard_leaves_at_the_header_with_the_entry_values():
    src = """
        [p0, p1]
        entry {f@2 l0=p0 l1=p1}
        label(p0, p1)
        i2 = unbox_int(p0) {f@3 l0=p0 l1=p1}
        i3 = int_add_ovf(i2, 1) {f@3 l0=p0 l1=p1}
        guard_class(p1, $list) {f@4 l0=p0 l1=p1}
        p4 = box_int(i3)
        guard_true(false) {f@5 l0=p4 l1=p1}
        jump(p4, p1)
    """
    t = ir.parse(src)
    o = opt.optimize(t, ["licm"])
    assert Exit(t, [5, (1, 2)]).frames == [(4, {0: 5, 1: (1, 2)}, [])]
    assert Exit(o, [5, (1, 2)]).frames == [(2, {0: 5, 1: (1, 2)}, [])]
    assert Exit(o, [5, [1]]).frames == [(5, {0: 6, 1: [1]}, [])]


# ---------------------------------------------------------------------------
# bridges entering an optimized loop


LOOP = """
    [p0, p1]
    entry {f@2 l0=p0 l1=p1}
    label(p0, p1)
    i2 = unbox_int(p0) {f@3 l0=p0 l1=p1}
    i3 = unbox_int(p1) {f@3 l0=p0 l1=p1}
    i4 = int_add_ovf(i2, 1) {f@4 l0=p0 l1=p1}
    b5 = int_lt(i4, i3)
    guard_true(b5) {f@5 l0=p0 l1=p1}
    p6 = box_int(i4)
    check_interrupt($tick, 6) {f@2 l0=p6 l1=p1}
    jump(p6, p1)
"""


def _bridge(t, jump_args):
    header = ir.Snapshot([ir.FrameSnap(None, 2, {0: jump_args[0], 1: jump_args[1]}, [])],
                         restart=True)
    return [ir.Op("check_interrupt", [ir.const_ptr(print), ir.const_int(6)], header),
            ir.Op("jump", jump_args)]


def test_a_bridge_must_pass_an_invariant_unchanged_and_keep_the_bounds():
    t = opt.optimize(ir.parse(LOOP, {"$tick": print}))
    label = t.label()
    assert t.invariant == frozenset({1})
    assert t.label_bounds == {0: (None, (1 << 63) - 2)}
    # the counter's bound is checked where the loop is entered
    k = [op.name for op in t.ops].index("label")
    assert [op.name for op in t.ops[k - 2:k]] == ["int_le", "guard_true"]
    assert "int_add" in [op.name for op in t.ops[k:]]
    # a bridge passing another value for the invariant cannot enter
    other = ir.Input(ir.R)
    assert "loop-invariant" in enter_loop(t, _bridge(t, [label.args[0], other]))
    # a bridge passing a machine int gets the bound checked, with its header snapshot
    v = ir.Op("int_and", [label.args[0], ir.const_int(7)])
    ops = enter_loop(t, [v] + _bridge(t, [v, label.args[1]]))
    names = [op.name for op in ops]
    assert names == ["int_and", "check_interrupt", "int_le", "guard_true", "jump"]
    assert ops[3].snapshot.frames[0].pc == 2 and ops[3].snapshot is not ops[1].snapshot
    # constants are checked at once
    assert isinstance(enter_loop(t, _bridge(t, [ir.const_int((1 << 63) - 1), label.args[1]])), str)
    assert isinstance(enter_loop(t, _bridge(t, [ir.const_int(5), label.args[1]])), list)


def test_a_variant_slot_is_a_variable_and_its_bridge_enters():
    # p1 is read, never assigned by the recorded iteration: invariant -- until a
    # bridge assigns it; the driver then optimizes the loop again with its slot
    # in Trace.variant, and such a bridge may enter
    src = ir.parse(LOOP, {"$tick": print})
    src.slots = [("l", 0), ("l", 1)]
    t = opt.optimize(src)
    label = t.label()
    other = ir.Input(label.args[1].type)
    assert changed_invariants(t, _bridge(t, [label.args[0], other])) == [("l", 1)]
    assert changed_invariants(t, _bridge(t, [other, label.args[1]])) == []
    src.variant = frozenset({("l", 1)})
    t = opt.optimize(src)
    label = t.label()
    assert t.invariant == frozenset() and t.variant == src.variant
    # the body compares with the iteration's p1 (a machine int label arg now),
    # not with a value the preamble computed from the entry's
    lt = next(op for op in t.ops if op.name == "int_lt")
    assert lt.args[1] is label.args[1] and label.args[1].type == ir.I
    other = ir.Input(label.args[1].type)
    assert changed_invariants(t, _bridge(t, [label.args[0], other])) == []
    assert isinstance(enter_loop(t, _bridge(t, [label.args[0], other])), list)
