"""The heap cache (pyjit.jit.opt.heap): text traces before and after."""

import pytest

from pyjit.jit import ir, opt
from pyjit.jit.opt import heap

from test_jit_opt import Exit, check


@pytest.fixture(autouse=True)
def _verify_every_pass(monkeypatch):
    monkeypatch.setattr(opt, "VERIFY", True)


def test_a_second_read_with_no_code_between_reads_the_first():
    check("""
        [p0, p1, p2]
        label(p0, p1, p2)
        i3 = unbox_int(p1) {f@1 l0=p0 l1=p1 l2=p2}
        p4 = list_getitem(p0, i3) {f@2 l0=p0 l1=p1 l2=p2}
        i5 = rangeiter_next(p2) {f@3 l0=p0 l1=p1 l2=p2}
        i6 = len_list(p0)
        p7 = list_getitem(p0, i3) {f@4 l0=p0 l1=p1 l2=p2}
        i8 = len_list(p0)
        p9 = cell_get(p1) {f@5 l0=p0 l1=p1 l2=p2}
        p10 = cell_get(p1) {f@5 l0=p0 l1=p1 l2=p2}
        p11 = call($f, p4, p7, p9, p10) {f@6 l0=p0 l1=p1 l2=p2 s=i6,i8}
        p12 = list_getitem(p0, i3) {f@7 l0=p0 l1=p1 l2=p2}
        jump(p12, p1, p2)
    """, """
        [p0, p1, p2]
        label(p0, p1, p2)
        i3 = unbox_int(p1) {f@1 l0=p0 l1=p1 l2=p2}
        p4 = list_getitem(p0, i3) {f@2 l0=p0 l1=p1 l2=p2}
        i5 = rangeiter_next(p2) {f@3 l0=p0 l1=p1 l2=p2}
        i6 = len_list(p0)
        p9 = cell_get(p1) {f@5 l0=p0 l1=p1 l2=p2}
        p11 = call($f, p4, p4, p9, p9) {f@6 l0=p0 l1=p1 l2=p2 s=i6,i6}
        p12 = list_getitem(p0, i3) {f@7 l0=p0 l1=p1 l2=p2}
        jump(p12, p1, p2)
    """, "heap", ns={"$f": print})


def test_a_store_over_an_inert_value_is_read_back_and_kills_its_aliases():
    # xs[i] was read (an int): xs[i] = v runs no code, so a read of xs[i] is v;
    # ys[i] (ys may be xs) and xs[0] (i may be 0) are forgotten; len(ys) is
    # another field, a store of an item does not change it
    check("""
        [p0, p1, p2, p3]
        label(p0, p1, p2, p3)
        i4 = unbox_int(p2) {f@1 l0=p0 l1=p1 l2=p2 l3=p3}
        p5 = list_getitem(p0, i4) {f@2 l0=p0 l1=p1 l2=p2 l3=p3}
        guard_class(p5, $int) {f@2 l0=p0 l1=p1 l2=p2 l3=p3}
        p6 = list_getitem(p1, i4) {f@3 l0=p0 l1=p1 l2=p2 l3=p3}
        p7 = list_getitem(p0, 0) {f@3 l0=p0 l1=p1 l2=p2 l3=p3}
        i8 = len_list(p1)
        list_setitem(p0, i4, p3) {f@4 l0=p0 l1=p1 l2=p2 l3=p3}
        p9 = list_getitem(p0, i4) {f@5 l0=p0 l1=p1 l2=p2 l3=p3}
        p10 = list_getitem(p1, i4) {f@5 l0=p0 l1=p1 l2=p2 l3=p3}
        p11 = list_getitem(p0, 0) {f@5 l0=p0 l1=p1 l2=p2 l3=p3}
        i12 = len_list(p1)
        p13 = call($f, p9, p10, p11) {f@6 l0=p0 l1=p1 l2=p2 l3=p3 s=i8,i12}
        jump(p0, p1, p2, p13)
    """, """
        [p0, p1, p2, p3]
        label(p0, p1, p2, p3)
        i4 = unbox_int(p2) {f@1 l0=p0 l1=p1 l2=p2 l3=p3}
        p5 = list_getitem(p0, i4) {f@2 l0=p0 l1=p1 l2=p2 l3=p3}
        guard_class(p5, $int) {f@2 l0=p0 l1=p1 l2=p2 l3=p3}
        p6 = list_getitem(p1, i4) {f@3 l0=p0 l1=p1 l2=p2 l3=p3}
        p7 = list_getitem(p0, 0) {f@3 l0=p0 l1=p1 l2=p2 l3=p3}
        i8 = len_list(p1)
        list_setitem(p0, i4, p3) {f@4 l0=p0 l1=p1 l2=p2 l3=p3}
        p10 = list_getitem(p1, i4) {f@5 l0=p0 l1=p1 l2=p2 l3=p3}
        p11 = list_getitem(p0, 0) {f@5 l0=p0 l1=p1 l2=p2 l3=p3}
        p13 = call($f, p3, p10, p11) {f@6 l0=p0 l1=p1 l2=p2 l3=p3 s=i8,i8}
        jump(p0, p1, p2, p13)
    """, "heap", ns={"$f": print})


def test_a_store_over_an_unknown_value_is_a_barrier():
    # the old xs[i] may have a __del__ that runs any code -- even one that
    # writes xs[i] again: nothing is known after the store
    check("""
        [p0, p1, p2]
        label(p0, p1, p2)
        i3 = unbox_int(p1) {f@1 l0=p0 l1=p1 l2=p2}
        p4 = cell_get(p2) {f@2 l0=p0 l1=p1 l2=p2}
        list_setitem(p0, i3, p4) {f@3 l0=p0 l1=p1 l2=p2}
        p5 = list_getitem(p0, i3) {f@4 l0=p0 l1=p1 l2=p2}
        p6 = cell_get(p2) {f@5 l0=p0 l1=p1 l2=p2}
        jump(p5, p1, p6)
    """, """
        [p0, p1, p2]
        label(p0, p1, p2)
        i3 = unbox_int(p1) {f@1 l0=p0 l1=p1 l2=p2}
        p4 = cell_get(p2) {f@2 l0=p0 l1=p1 l2=p2}
        list_setitem(p0, i3, p4) {f@3 l0=p0 l1=p1 l2=p2}
        p5 = list_getitem(p0, i3) {f@4 l0=p0 l1=p1 l2=p2}
        p6 = cell_get(p2) {f@5 l0=p0 l1=p1 l2=p2}
        jump(p5, p1, p6)
    """, "heap")


def test_cells_store_and_the_label_forgets():
    check("""
        [p0, p1]
        p2 = cell_get(p0) {f@1 l0=p0 l1=p1}
        guard_class(p2, $float) {f@1 l0=p0 l1=p1}
        label(p0, p1)
        p3 = cell_get(p0) {f@2 l0=p0 l1=p1}
        guard_class(p3, $float) {f@2 l0=p0 l1=p1}
        cell_set(p0, p1) {f@3 l0=p0 l1=p1}
        p4 = cell_get(p0) {f@4 l0=p0 l1=p1}
        jump(p0, p4)
    """, """
        [p0, p1]
        p2 = cell_get(p0) {f@1 l0=p0 l1=p1}
        guard_class(p2, $float) {f@1 l0=p0 l1=p1}
        label(p0, p1)
        p3 = cell_get(p0) {f@2 l0=p0 l1=p1}
        guard_class(p3, $float) {f@2 l0=p0 l1=p1}
        cell_set(p0, p1) {f@3 l0=p0 l1=p1}
        jump(p0, p1)
    """, "heap")


def test_the_tables_name_real_heap_ops():
    assert set(heap.LOADS) >= {"list_getitem", "cell_get"}
    assert all(ir.OPS[n].effects for n in heap.STORES)
    assert not heap.runs_code(ir.Op("rangeiter_next", [ir.Input()], ir.Snapshot([])))
    assert heap.runs_code(ir.Op("call", [ir.Input()], ir.Snapshot([])))


def test_forwarded_reads_run_alike():
    # xs[0] read twice around a range step; the second read is the first value
    src = """
        [p0, p1]
        label(p0, p1)
        p2 = list_getitem(p0, 0) {f@1 l0=p0 l1=p1}
        i3 = rangeiter_next(p1) {f@2 l0=p0 l1=p1}
        p4 = list_getitem(p0, 0) {f@3 l0=p0 l1=p1}
        guard_class(p4, $float) {f@4 l0=p2 l1=p1 s=p4}
        jump(p0, p1)
    """
    t = ir.parse(src)
    o = opt.optimize(t, ["heap"])
    assert sum(op.name == "list_getitem" for op in o.ops) == 1
    for xs in ([1.5], [7], []):
        it = iter(range(3))
        a = Exit(t, [list(xs), iter(range(3))])
        b = Exit(o, [list(xs), it])
        assert a.key() == b.key()


class V:
    __slots__ = ("x", "y")


def test_attributes_of_program_objects():
    # p.x read twice is read once; a store into a new object's field that was
    # never set drops nothing (no code runs), so the cache survives it; a
    # store over an unknown old value does not
    check("""
        [p0, p1]
        label(p0, p1)
        p2 = getattr_slot(p0, $'x', 16) {f@1 l0=p0 l1=p1}
        guard_class(p2, $float) {f@1 l0=p0 l1=p1}
        p3 = getattr_slot(p0, $'x', 16) {f@2 l0=p0 l1=p1}
        p4 = new_instance($V) {f@3 l0=p0 l1=p1}
        p5 = getattr_slot(p0, $'y', 24) {f@4 l0=p0 l1=p1}
        setattr_slot(p4, $'x', 16, p5) {f@5 l0=p0 l1=p1}
        p6 = getattr_slot(p0, $'y', 24) {f@6 l0=p0 l1=p1}
        p7 = getattr_slot(p4, $'x', 16) {f@6 l0=p0 l1=p1}
        setattr_slot(p0, $'y', 24, p2) {f@7 l0=p0 l1=p1}
        p8 = getattr_slot(p4, $'x', 16) {f@8 l0=p0 l1=p1 s=p3,p6,p7}
        jump(p8, p1)
    """, """
        [p0, p1]
        label(p0, p1)
        p2 = getattr_slot(p0, $'x', 16) {f@1 l0=p0 l1=p1}
        guard_class(p2, $float) {f@1 l0=p0 l1=p1}
        p4 = new_instance($V) {f@3 l0=p0 l1=p1}
        p5 = getattr_slot(p0, $'y', 24) {f@4 l0=p0 l1=p1}
        setattr_slot(p4, $'x', 16, p5) {f@5 l0=p0 l1=p1}
        setattr_slot(p0, $'y', 24, p2) {f@7 l0=p0 l1=p1}
        p8 = getattr_slot(p4, $'x', 16) {f@8 l0=p0 l1=p1 s=p2,p5,p5}
        jump(p8, p1)
    """, "heap", ns={"$V": V})
