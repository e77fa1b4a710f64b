"""Allocation removal (pyjit.jit.opt.virtualize): text traces before and after,
and the virtual objects exits build (pyjit.jit.virtuals)."""

import pytest

from pyjit.jit import ir, opt, virtuals

from test_jit_opt import check


@pytest.fixture(autouse=True)
def _verify_every_pass(monkeypatch):
    monkeypatch.setattr(opt, "VERIFY", True)


class Vec:
    __slots__ = ("x", "y")


class Obj:
    pass


class Dies:
    def __del__(self):
        pass


NS = {"$Vec": Vec, "$Obj": Obj, "$Dies": Dies, "$f": print}


def test_an_object_read_back_in_the_trace_is_not_built():
    # Vec made, its fields stored and read back: no allocation, the reads are
    # the stored values, the class guards go; snapshots name the virtual object
    # as it is at each op (fields stored so far); the frame's end stays (where an
    # inlined frame returns is what reference plans go by), with nothing to release
    check("""
        [p0, p1]
        label(p0, p1)
        guard_class(p0, $float) {f@0 l0=p0 l1=p1}
        p2 = new_instance($Vec) {f@1 l0=p0 l1=p1}
        setattr_slot(p2, $'x', 16, p0)
        guard_class(p1, $int) {f@2 l0=p0 l1=p1 s=p2}
        setattr_slot(p2, $'y', 24, p1)
        frame_end(p2)
        guard_class(p2, $Vec) {f@3 l0=p2 l1=p1}
        p3 = getattr_slot(p2, $'x', 16) {f@3 l0=p2 l1=p1}
        p4 = getattr_slot(p2, $'y', 24) {f@4 l0=p2 l1=p1 s=p3}
        p5 = call($f, p3, p4) {f@5 l0=p2 l1=p1}
        jump(p0, p5)
    """, """
        [p0, p1]
        label(p0, p1)
        guard_class(p0, $float) {f@0 l0=p0 l1=p1}
        guard_class(p1, $int) {f@2 l0=p0 l1=p1 s=V0[$Vec;slot:$'x':16=p0]}
        frame_end()
        p2 = call($f, p0, p1) {f@5 l0=V0[$Vec;slot:$'x':16=p0;slot:$'y':24=p1] l1=p1}
        jump(p0, p2)
    """, "virtualize", ns=NS)


def test_the_field_of_a_constant_or_a_known_class_only():
    # p1's class is not known: its death would be tied to the object's, so
    # storing it forces the object (built right before the store, with the
    # last guard's snapshot, in which it is still virtual)
    check("""
        [p0, p1]
        label(p0, p1)
        p2 = new_instance($Obj) {f@1 l0=p0 l1=p1}
        setattr_values(p2, $'a', 0, $7) {f@2 l0=p0 l1=p1 s=p2}
        guard_true(true) {f@3 l0=p0 l1=p1 s=p2}
        setattr_slot(p2, $'b', 24, p1)
        jump(p2, p1)
    """, """
        [p0, p1]
        label(p0, p1)
        guard_true(true) {f@3 l0=p0 l1=p1 s=V0[$Obj;values:$'a':0=$7]}
        p2 = new_instance($Obj) {f@3 l0=p0 l1=p1 s=V0[$Obj;values:$'a':0=$7]}
        setattr_values(p2, $'a', 0, $7) {f@3 l0=p0 l1=p1 s=V0[$Obj;values:$'a':0=$7]}
        setattr_slot(p2, $'b', 24, p1)
        jump(p2, p1)
    """, "virtualize", ns=NS)


def test_an_object_a_call_receives_is_built_before_the_call():
    # the call's own snapshot names the built object (the one the callee saw);
    # the snapshots before it, the virtual one
    check("""
        [p0, p1]
        label(p0, p1)
        i2 = unbox_int(p1) {f@1 l0=p0 l1=p1}
        p3 = box_int(i2)
        p4 = new_instance($Vec) {f@1 l0=p0 l1=p1}
        setattr_slot(p4, $'x', 16, p3)
        guard_true(true) {f@2 l0=p4 l1=p1}
        p5 = call($f, p4) {f@3 l0=p4 l1=p1}
        p6 = getattr_slot(p4, $'x', 16) {f@4 l0=p4 l1=p1}
        jump(p6, p5)
    """, """
        [p0, p1]
        label(p0, p1)
        i2 = unbox_int(p1) {f@1 l0=p0 l1=p1}
        p3 = box_int(i2)
        guard_true(true) {f@2 l0=V0[$Vec;slot:$'x':16=p3] l1=p1}
        p4 = new_instance($Vec) {f@3 l0=V0[$Vec;slot:$'x':16=p3] l1=p1}
        setattr_slot(p4, $'x', 16, p3)
        p5 = call($f, p4) {f@3 l0=p4 l1=p1}
        p6 = getattr_slot(p4, $'x', 16) {f@4 l0=p4 l1=p1}
        jump(p6, p5)
    """, "virtualize", ns=NS)


def test_tuples_nested_and_identity():
    # a tuple of a tuple: items read by constant index, its length known;
    # `is` between two fresh objects is false, of one with itself true
    check("""
        [p0, p1]
        label(p0, p1)
        i9 = unbox_int(p0) {f@0 l0=p0 l1=p1}
        p2 = build_tuple(p0, $1) {f@1 l0=p0 l1=p1}
        p3 = build_tuple(p2, p2) {f@1 l0=p0 l1=p1}
        guard_class(p3, $tuple) {f@2 l0=p3 l1=p1}
        guard_len(p3, 2) {f@2 l0=p3 l1=p1}
        i4 = len_list(p2)
        p5 = tuple_getitem(p3, 1)
        p6 = tuple_getitem(p5, 0)
        b7 = ptr_eq(p2, p3)
        b8 = ptr_eq(p5, p2)
        b9 = ptr_eq(p2, NULL)
        p10 = call($f, p6, p1) {f@3 l0=p3 l1=p1 s=p6}
        jump(p0, p10)
    """, """
        [p0, p1]
        label(p0, p1)
        i2 = unbox_int(p0) {f@0 l0=p0 l1=p1}
        p3 = call($f, p0, p1) {f@3 l0=V0[$tuple;V1[$tuple;p0;$1];V1[$tuple;p0;$1]] l1=p1 s=p0}
        jump(p0, p3)
    """, ["virtualize", "dce"], ns=NS)


def test_an_object_whose_death_is_observable_is_built():
    # Dies has __del__: when it dies is the program's business
    t = check("""
        [p0]
        label(p0)
        p1 = new_instance($Dies) {f@1 l0=p0}
        guard_class(p1, $Dies) {f@2 l0=p1}
        jump(p0)
    """, """
        [p0]
        label(p0)
        p1 = new_instance($Dies) {f@1 l0=p0}
        guard_class(p1, $Dies) {f@2 l0=p1}
        jump(p0)
    """, "virtualize", ns=NS)
    assert t is not None


def test_the_objects_the_jump_passes_are_built_before_the_back_edge():
    # the next iteration reads p1 (a call receives it): the object is built,
    # with check_interrupt's snapshot (the loop header's state)
    check("""
        [p0, p1]
        label(p0, p1)
        p3 = call($f, p1) {f@1 l0=p0 l1=p1}
        p2 = new_instance($Vec) {f@1 l0=p0 l1=p1}
        setattr_slot(p2, $'x', 16, $7)
        check_interrupt($f, 9) {f@0 l0=p0 l1=p2}
        jump(p0, p2)
    """, """
        [p0, p1]
        label(p0, p1)
        p2 = call($f, p1) {f@1 l0=p0 l1=p1}
        p3 = new_instance($Vec) {f@0 l0=p0 l1=V0[$Vec;slot:$'x':16=$7]}
        setattr_slot(p3, $'x', 16, $7)
        check_interrupt($f, 9) {f@0 l0=p0 l1=p3}
        jump(p0, p3)
    """, "virtualize", ns=NS)


def test_a_local_the_loop_only_reassigns_carries_its_fields():
    # p1 is read only by snapshots (and the unbound check) before the loop
    # assigns it again: the label carries the object's fields and its real
    # value (the entry object, then $VIRTUAL): an exit hands over the entry
    # object in the first iteration, else builds one from the fields
    check("""
        [p0, p1]
        label(p0, p1)
        b2 = ptr_eq(p1, NULL)
        guard_false(b2) {f@1 l0=p0 l1=p1}
        i3 = rangeiter_next(p0) {f@2 l0=p0 l1=p1}
        p4 = box_float(1.5)
        f5 = float_add(1.5, 1.5)
        p6 = box_float(f5)
        p7 = new_instance($Vec) {f@3 l0=p0 l1=p1}
        setattr_slot(p7, $'x', 16, p4)
        setattr_slot(p7, $'y', 24, p6)
        check_interrupt($f, 9) {f@0 l0=p0 l1=p7}
        jump(p0, p7)
    """, """
        [p0, p1]
        p2 = box_float(0.0)
        p3 = box_float(0.0)
        label(p0, p1, p2, p3)
        b4 = ptr_eq(p1, NULL)
        guard_false(b4) {f@1 l0=p0 l1=V0[$Vec;?p1;slot:$'x':16=p2;slot:$'y':24=p3]}
        i5 = rangeiter_next(p0) {f@2 l0=p0 l1=V0[$Vec;?p1;slot:$'x':16=p2;slot:$'y':24=p3]}
        p6 = box_float(1.5)
        f7 = float_add(1.5, 1.5)
        p8 = box_float(f7)
        check_interrupt($f, 9) {f@0 l0=p0 l1=V1[$Vec;slot:$'x':16=p6;slot:$'y':24=p8]}
        jump(p0, $VIRTUAL, p6, p8)
    """, "virtualize", ns=dict(NS, **{"$VIRTUAL": virtuals.MARK}))


def test_preamble_allocations_are_left_alone():
    check("""
        [p0]
        p1 = new_instance($Vec) {f@1 l0=p0}
        label(p0)
        jump(p0)
    """, """
        [p0]
        p1 = new_instance($Vec) {f@1 l0=p0}
        label(p0)
        jump(p0)
    """, "virtualize", ns=NS)


def test_switched_off_by_name():
    assert "virtualize" not in opt.select("-virtualize")


def test_virtual_text_round_trips_and_copies_keep_identity():
    t = ir.parse("""
        [p0, i1]
        label(p0, i1)
        guard_true(true) {f@1 l0=V0[$Vec;slot:$'x':16=p0;slot:$'y':24=V1[$tuple;i1;2.5]] s=V0[$Vec;slot:$'x':16=p0;slot:$'y':24=V1[$tuple;i1;2.5]]}
        jump(p0, i1)
    """, NS)
    snap = t.ops[1].snapshot
    a, b = snap.frames[0].locals[0], snap.frames[0].stack[0]
    assert a is not b and a.key == b.key
    assert len(list(snap.values())) == 6         # the leaves, each reference's
    copy = t.copy()
    c = copy.ops[1].snapshot.frames[0]
    assert c.locals[0].key == c.stack[0].key != a.key
    assert ir.format(copy) == ir.format(t)


def test_an_exit_builds_each_virtual_once_innermost_first():
    t = ir.parse("""
        [p0, p1]
        label(p0, p1)
        guard_true(true) {f@1 l0=V0[$Obj;values:$'a':0=p0;values:$'b':1=V1[$tuple;p1;p1]] l1=V1[$tuple;p1;p1]}
        jump(p0, p1)
    """, NS)
    snap = t.ops[1].snapshot
    fr = snap.frames[0]
    leaves = ["A", "B", "B", "B", "B"]        # values() order: the exit's buffer
    assert len(list(snap.values())) == len(leaves)
    it, memo = iter(leaves), {}
    o = virtuals.build(fr.locals[0], it, memo)
    tup = virtuals.build(fr.locals[1], it, memo)
    assert type(o) is Obj and vars(o) == {"a": "A", "b": ("B", "B")}
    assert o.b is tup                          # one object: the same key
    assert list(vars(o)) == ["a", "b"]         # stored in the trace's order


def test_a_carried_object_is_the_real_one_unless_marked():
    t = ir.parse("""
        [p0, p1, p2]
        label(p0, p1, p2)
        guard_true(true) {f@1 l0=V0[$Vec;?p0;slot:$'x':16=p1;slot:$'y':24=p2]}
        jump(p0, p1, p2)
    """, NS)
    v = t.ops[1].snapshot.frames[0].locals[0]
    entry = Vec()
    assert virtuals.build(v, iter([entry, 1, 2]), {}) is entry
    made = virtuals.build(v, iter([virtuals.MARK, 1, 2]), {})
    assert type(made) is Vec and (made.x, made.y) == (1, 2)


CARRIED_READ = """
    [p0, p1]
    entry {f@0 l0=p0 l1=p1}
    label(p0, p1)
    b2 = ptr_eq(p1, NULL)
    guard_false(b2) {f@1 l0=p0 l1=p1}
    i3 = rangeiter_next(p0) {f@2 l0=p0 l1=p1}
    guard_class(p1, $Vec) {f@3 l0=p0 l1=p1}
    guard_type_version($Vec, 5) {f@3 l0=p0 l1=p1}
    p4 = getattr_slot(p1, $'x', 16) {f@3 l0=p0 l1=p1}
    guard_class(p4, $float) {f@3 l0=p0 l1=p1 s=p4}
    f5 = unbox_float(p4)
    f6 = float_add(f5, 1.5)
    p7 = box_float(f6)
    p8 = getattr_slot(p1, $'y', 24) {f@4 l0=p0 l1=p1 s=p7}
    guard_class(p8, $float) {f@4 l0=p0 l1=p1 s=p7,p8}
    %s
    frame_end(p1)
    p9 = new_instance($Vec) {f@5 l0=p0 l1=p1 s=p7,p8}
    setattr_slot(p9, $'x', 16, p7)
    setattr_slot(p9, $'y', 24, p8)
    check_interrupt($f, 9) {f@0 l0=p0 l1=p9}
    jump(p0, p9)
"""


def test_a_carried_object_the_body_reads_is_read_once_before_the_loop():
    # m = Vec(m.x + 1.5, m.y): the body reads p1's fields before anything that
    # may run code, so the preamble reads them from the entry object (checked
    # there: leaving at the header) and the label carries them; the body's
    # class check goes (the object is the entry one, checked, or the virtual);
    # the frame's end keeps p1 (its death point)
    t = check(CARRIED_READ % "", """
        [p0, p1]
        entry {f@0 l0=p0 l1=p1}
        guard_nonnull(p1) {f@0 l0=p0 l1=p1}
        guard_class(p1, $Vec) {f@0 l0=p0 l1=p1}
        p2 = getattr_slot(p1, $'x', 16) {f@0 l0=p0 l1=p1}
        p3 = getattr_slot(p1, $'y', 24) {f@0 l0=p0 l1=p1}
        label(p0, p1, p2, p3)
        b4 = ptr_eq(p1, NULL)
        guard_false(b4) {f@1 l0=p0 l1=V0[$Vec;?p1;slot:$'x':16=p2;slot:$'y':24=p3]}
        i5 = rangeiter_next(p0) {f@2 l0=p0 l1=V0[$Vec;?p1;slot:$'x':16=p2;slot:$'y':24=p3]}
        guard_type_version($Vec, 5) {f@3 l0=p0 l1=V0[$Vec;?p1;slot:$'x':16=p2;slot:$'y':24=p3]}
        guard_class(p2, $float) {f@3 l0=p0 l1=V0[$Vec;?p1;slot:$'x':16=p2;slot:$'y':24=p3] s=p2}
        f6 = unbox_float(p2)
        f7 = float_add(f6, 1.5)
        p8 = box_float(f7)
        guard_class(p3, $float) {f@4 l0=p0 l1=V0[$Vec;?p1;slot:$'x':16=p2;slot:$'y':24=p3] s=p8,p3}
        frame_end(p1)
        check_interrupt($f, 9) {f@0 l0=p0 l1=V1[$Vec;slot:$'x':16=p8;slot:$'y':24=p3]}
        jump(p0, $VIRTUAL, p8, p3)
    """, "virtualize", ns=dict(NS, **{"$VIRTUAL": virtuals.MARK}))
    # what a bridge must do to enter (opt/bridge.py): positions from the label's end
    assert [(k, [n for n, _ in c], [(b, op, name.value) for b, op, name, _ in f])
            for k, c, f in t.carried_reads] == \
        [(1, ["guard_class"], [(2, "getattr_slot", "x"), (1, "getattr_slot", "y")])]


def test_a_carried_object_read_after_a_call_is_built_at_the_back_edge():
    # a call before the reads may change the entry object (another name for
    # it): the first iteration must read what the call left -- not carried
    t = check(CARRIED_READ.replace("guard_class(p1, $Vec) {f@3", "p10 = call($f) {f@3 l0=p0 "
                                   "l1=p1}\n    guard_class(p1, $Vec) {f@3") % "", """
        [p0, p1]
        entry {f@0 l0=p0 l1=p1}
        label(p0, p1)
        b2 = ptr_eq(p1, NULL)
        guard_false(b2) {f@1 l0=p0 l1=p1}
        i3 = rangeiter_next(p0) {f@2 l0=p0 l1=p1}
        p4 = call($f) {f@3 l0=p0 l1=p1}
        guard_class(p1, $Vec) {f@3 l0=p0 l1=p1}
        guard_type_version($Vec, 5) {f@3 l0=p0 l1=p1}
        p5 = getattr_slot(p1, $'x', 16) {f@3 l0=p0 l1=p1}
        guard_class(p5, $float) {f@3 l0=p0 l1=p1 s=p5}
        f6 = unbox_float(p5)
        f7 = float_add(f6, 1.5)
        p8 = box_float(f7)
        p9 = getattr_slot(p1, $'y', 24) {f@4 l0=p0 l1=p1 s=p8}
        guard_class(p9, $float) {f@4 l0=p0 l1=p1 s=p8,p9}
        frame_end(p1)
        p10 = new_instance($Vec) {f@0 l0=p0 l1=V0[$Vec;slot:$'x':16=p8;slot:$'y':24=p9]}
        setattr_slot(p10, $'x', 16, p8)
        setattr_slot(p10, $'y', 24, p9)
        check_interrupt($f, 9) {f@0 l0=p0 l1=p10}
        jump(p0, p10)
    """, "virtualize", ns=NS)
    assert t.carried_reads == []


def test_a_carried_object_used_otherwise_is_built_at_the_back_edge():
    # identity (ptr_eq with another value) and a field the new object lacks
    for extra in ("b10 = ptr_eq(p1, p0)", "p10 = getattr_slot(p1, $'z', 32) {f@4 l0=p0 l1=p1}"):
        t = opt.optimize(ir.parse(CARRIED_READ % extra, NS), ["virtualize"])
        assert t.carried_reads == [] and "new_instance" in [op.name for op in t.ops]


def test_a_bridge_passes_the_real_object_and_reads_the_fields():
    from pyjit.jit.opt.bridge import enter_loop
    t = opt.optimize(ir.parse(CARRIED_READ % "", NS))
    label = t.label()
    assert [a.type for a in label.args] == ["r", "r", "f", "r"]
    obj = ir.Input(ir.R)
    header = ir.Snapshot([ir.FrameSnap(None, 0, {0: label.args[0], 1: obj}, [])], restart=True)
    jump = ir.Op("jump", [label.args[0], obj, ir.const_float(0.0), ir.const_ptr(None)])
    ops = enter_loop(t, [ir.Op("check_interrupt", [ir.const_ptr(print), ir.const_int(9)],
                               header), jump])
    # y is passed unchanged by the loop's own jump (invariant): a bridge cannot keep it
    assert isinstance(ops, str) and "loop-invariant" in ops
    t = opt.optimize(ir.parse(CARRIED_READ.replace("setattr_slot(p9, $'y', 24, p8)",
                                                   "setattr_slot(p9, $'y', 24, p7)") % "", NS))
    label = t.label()
    jump = ir.Op("jump", [label.args[0], obj, ir.const_float(0.0), ir.const_float(0.0)])
    ops = enter_loop(t, [ir.Op("check_interrupt", [ir.const_ptr(print), ir.const_int(9)],
                               header), jump])
    # x is carried as a machine float (checked and unboxed), y as an object
    assert [a.type for a in t.label().args] == ["r", "r", "f", "r"]
    assert [op.name for op in ops] == [
        "check_interrupt", "guard_nonnull", "guard_class", "getattr_slot", "guard_class",
        "unbox_float", "getattr_slot", "jump"]
    assert ops[-1].args[2] is ops[5] and ops[-1].args[3] is ops[6]
    assert all(op.snapshot.frames[0].pc == 0 for op in ops[1:5])
