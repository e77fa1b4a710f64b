"""The ops on program objects and the builders of containers and strings, in the LLVM
backend against the trace interpreter (the harness of test_jit_llvm.py): same
exits, same buf, same exceptions; then the effects on the objects themselves
and reference counts."""

from __future__ import annotations

import sys

import pytest

from pyjit.jit.llvm import layout

from test_jit_llvm import both, compiled, const, run


class Vec:
    def __init__(self, x=1, y=2):
        self.x = x
        self.y = y

    def norm(self):
        return self.x + self.y


class Slotted:
    __slots__ = ("a", "b")


Vec(), Vec()          # the shared keys hold x, y
X_INDEX = layout.shared_keys_index(Vec, "x")
Y_INDEX = layout.shared_keys_index(Vec, "y")
A_OFFSET = layout.member_offset(Slotted.__dict__["a"])
NS = {"$Vec": Vec, "$Slotted": Slotted, "$norm": Vec.norm}


def test_layout_facts():
    assert layout.VALUES_LAYOUT_OK and (X_INDEX, Y_INDEX) == (0, 1)
    assert layout.shared_keys_count(Vec) == 2


def test_new_instance_and_inline_values():
    text = f"""
[p0]
label(p0)
p1 = new_instance($Vec) {{f@0 l0=p0}}
setattr_values(p1, $'x', {X_INDEX}, p0) {{f@1 l0=p0 s=p1}}
setattr_values(p1, $'y', {Y_INDEX}, p0) {{f@2 l0=p0 s=p1}}
p2 = getattr_values(p1, $'x', {X_INDEX}) {{f@3 l0=p0 s=p1}}
setattr_values(p1, $'x', {X_INDEX}, $'new') {{f@4 l0=p0 s=p1,p2}}
p3 = getattr_values(p1, $'x', {X_INDEX}) {{f@5 l0=p0 s=p1,p2}}
guard_true(false) {{f@6 l0=p0 s=p1,p2,p3}}
jump(p0)
"""
    loops = compiled(text, NS)
    for value in (5, "s", None, [1]):
        r, buf = both(None, const(value), loops=loops)
        assert r == ("return", 6)
        o = buf[2]
        assert type(o) is Vec and o.x == "new" and o.y == value and buf[3] == value
        assert list(vars(o)) == ["x", "y"]        # insertion order kept (the first
        #                                            stores took the generic path)


def test_getattr_values_leaves_when_absent():
    text = f"""
[p0]
label(p0)
p1 = getattr_values(p0, $'y', {Y_INDEX}) {{f@1 l0=p0}}
guard_true(false) {{f@2 l0=p0 s=p1}}
jump(p0)
"""
    loops = compiled(text, NS)

    def deleted():
        v = Vec(3, 4)
        del v.y
        return [v]

    def materialized():
        v = Vec(3, 4)
        v.__dict__          # (its values move into a dict)
        return [v]
    assert both(None, lambda: [Vec(3, 4)], loops=loops)[0] == ("return", 1)
    assert both(None, deleted, loops=loops)[0] == ("return", 0)
    assert both(None, materialized, loops=loops)[0] == ("return", 0)


def test_setattr_values_generic_fallback():
    text = f"""
[p0, p1]
label(p0, p1)
setattr_values(p0, $'y', {Y_INDEX}, p1) {{f@1 l0=p0 l1=p1}}
guard_true(false) {{f@2 l0=p0}}
jump(p0, p1)
"""
    loops = compiled(text, NS)
    for make in (lambda: Vec(1, 2), lambda: _deleted_y(), lambda: _with_dict()):
        o = make()
        r, buf = run(loops[1], [o, "v"])
        assert r == ("return", 1) and o.y == "v"
        o = make()
        r, buf = run(loops[0], [o, "v"])
        assert r == ("return", 1) and o.y == "v"
    # the old value is released
    o = Vec(1, [])
    old = o.y
    before = sys.getrefcount(old)
    run(loops[1], [o, 7])
    assert sys.getrefcount(old) == before - 1


def _deleted_y():
    v = Vec(1, 2)
    del v.y
    return v


def _with_dict():
    v = Vec(1, 2)
    v.__dict__
    return v


def test_slots():
    text = f"""
[p0, p1]
label(p0, p1)
setattr_slot(p0, $'a', {A_OFFSET}, p1)
p2 = getattr_slot(p0, $'a', {A_OFFSET}) {{f@1 l0=p0 l1=p1}}
p3 = getattr_slot(p0, $'b', {layout.member_offset(Slotted.__dict__["b"])}) {{f@2 l0=p0 s=p2}}
guard_true(false) {{f@3 s=p2,p3}}
jump(p0, p1)
"""
    loops = compiled(text, NS)
    o = Slotted()
    r, buf = both(None, lambda: [Slotted(), [5]], loops=loops)
    assert r == ("return", 1)            # b is empty: leaves
    o = Slotted()
    o.b = "bee"
    r, buf = run(loops[1], [o, "x"])
    assert r == ("return", 2) and buf[1:3] == ["x", "bee"] and o.a == "x"


def test_method_guards_and_lookups():
    text = """
[p0]
label(p0)
guard_no_dict(p0) {f@0 l0=p0}
guard_shared_keys($Vec, 2) {f@1 l0=p0}
p1 = type_lookup($Vec, $'norm') {f@2 l0=p0}
p2 = new_method(p1, p0) {f@3 l0=p0}
p3 = type_of(p0)
p4 = call(p2) {f@4 l0=p0 s=p3}
guard_true(false) {f@5 s=p1,p2,p3,p4}
jump(p0)
"""
    loops = compiled(text, NS)
    r, buf = both(None, lambda: [Vec(3, 4)], loops=loops)
    assert r == ("return", 5) and buf[1] is Vec.norm and buf[3] is Vec and buf[4] == 7
    assert both(None, lambda: [_with_dict()], loops=loops)[0] == ("return", 0)

    class Grown:
        def norm(self):
            return 0
    Grown().a = 1
    n = layout.shared_keys_count(Grown)
    loops = compiled(text.replace("$Vec, 2", f"$Grown, {n}").replace("$Vec", "$Grown"),
                     {"$Grown": Grown})
    g = Grown()
    assert run(loops[1], [g])[0] == ("return", 5)
    Grown().b = 2                          # a new name in the shared keys: leaves
    assert run(loops[1], [g])[0] == ("return", 1)


def test_cells_and_dict_lookups():
    text = """
[p0, p1]
label(p0, p1)
p2 = new_cell(p1) {f@0 l0=p0 l1=p1}
p3 = new_cell(NULL) {f@1 l0=p0 l1=p1}
p4 = dict_getitem(p0, $'k') {f@2 l0=p0 l1=p1}
guard_nonnull(p4) {f@3 l0=p0 l1=p1}
p5 = dict_getitem(p0, $'absent') {f@4 l0=p0 l1=p1}
guard_isnull(p5) {f@5 l0=p0 l1=p1 s=p5}
guard_true(false) {f@6 s=p2,p3,p4}
jump(p0, p1)
"""
    loops = compiled(text)
    r, buf = both(None, lambda: [{"k": 1}, "v"], loops=loops)
    assert r == ("return", 6) and buf[1].cell_contents == "v" and buf[3] == 1
    with pytest.raises(ValueError):
        buf[2].cell_contents
    assert both(None, lambda: [{}, "v"], loops=loops)[0] == ("return", 3)
    assert both(None, lambda: [{"k": 1, "absent": 2}, "v"], loops=loops)[0] == ("return", 5)


def test_build_map_and_delattr():
    text = """
[p0, p1]
label(p0, p1)
p2 = build_map($'a', p0, p1, $2) {f@0 l0=p0 l1=p1}
call_delattr(p0, $'x') {f@1 l0=p0 l1=p1 s=p2}
guard_true(false) {f@2 s=p2}
jump(p0, p1)
"""
    loops = compiled(text)
    o = Vec()
    r, buf = run(loops[1], [o, "b"])
    assert r == ("return", 2) and buf[1] == {"a": o, "b": 2} and not hasattr(o, "x")
    r, buf = both(None, lambda: [Vec(), []], loops=loops)       # unhashable key
    assert r[0] == "raise" and r[1] is TypeError
    r, buf = both(None, lambda: [5, "b"], loops=loops)          # no attribute x
    assert r[0] == "raise" and r[1] is AttributeError and r[3] == 1


def test_builders():
    text = """
[p0, p1]
label(p0, p1)
p2 = build_set(p0, p1, p0) {f@0 l0=p0 l1=p1}
p3 = call_format(0, p0, $'>5') {f@1 l0=p0 l1=p1 s=p2}
p4 = call_format(2, p1, $'') {f@2 l0=p0 l1=p1 s=p2,p3}
p5 = build_string(p3, $'-', p4) {f@3 l0=p0 l1=p1 s=p2,p3,p4}
p6 = build_list(p0) {f@4 l0=p0 l1=p1 s=p5}
list_extend(p6, p2) {f@5 l0=p0 l1=p1 s=p5,p6}
p7 = list_to_tuple(p6) {f@6 l0=p0 l1=p1 s=p5,p6}
set_add(p2, $'z') {f@7 l0=p0 l1=p1 s=p5,p7}
set_update(p2, p6) {f@8 l0=p0 l1=p1 s=p5,p7}
p8 = build_map() {f@9 l0=p0 l1=p1 s=p5,p7}
dict_update(p8, $<dict>) {f@10 l0=p0 l1=p1 s=p5,p7,p8}
i9 = call_len(p2) {f@11 l0=p0 l1=p1 s=p5,p7,p8}
p10 = call_list(p5) {f@12 l0=p0 l1=p1 s=p5,p7,p8}
guard_true(false) {f@13 s=p2,p5,p7,p8,i9,p10}
jump(p0, p1)
"""
    loops = compiled(text, {"$<dict>": {"q": 1}})
    r, buf = both(None, const(12, "ab"), loops=loops)
    assert r == ("return", 13)
    assert buf[2] == "   12-'ab'" and buf[4] == {"q": 1} and buf[5] == len(buf[1])
    assert buf[6] == list("   12-'ab'")
    for bad in ([[1], "x"], [1.5, {}], [None, None]):
        r, buf = both(None, lambda: list(bad), loops=loops)


@pytest.mark.parametrize("before,after", [(0, 0), (1, 0), (0, 2), (2, 1)])
def test_unpack_ex_ops(before, after):
    text = f"""
[p0]
label(p0)
unpack_check(p0, {before}, {after}) {{f@0 l0=p0}}
i1 = len_list(p0)
i2 = int_sub_ovf(i1, {after}) {{f@1 l0=p0}}
p3 = list_slice(p0, {before}, i2) {{f@2 l0=p0}}
guard_true(false) {{f@3 s=p3}}
jump(p0)
"""
    loops = compiled(text)
    for seq in ([], [1], (1, 2), [1, 2, 3, 4], tuple(range(7))):
        r, buf = both(None, const(seq), loops=loops)
        if len(seq) < before + after:
            assert r[:3] == ("raise", ValueError, f"not enough values to unpack (expected at "
                             f"least {before + after}, got {len(seq)})")
        else:
            assert buf[1] == list(seq[before:len(seq) - after])


def test_unpack_iterators():
    text = """
[p0]
label(p0)
p1 = call_getiter(p0) {f@0 l0=p0}
p2 = unpack_next(p1, 2, 0) {f@1 l0=p0}
p3 = unpack_next(p1, 2, 1) {f@2 l0=p0 s=p2}
unpack_end(p1, 2) {f@3 l0=p0 s=p2,p3}
guard_true(false) {f@4 s=p2,p3}
jump(p0)
"""
    loops = compiled(text)

    def gen(n):
        yield from range(n)
        raise KeyError("past the end")
    for make in (lambda: [iter("ab")], lambda: [iter("a")], lambda: [iter("")],
                 lambda: [iter("abc")], lambda: [gen(2)], lambda: [gen(1)], lambda: [{1: 2, 3: 4}]):
        both(None, make, loops=loops)
    r, buf = both(None, lambda: [iter("abc")], loops=loops)
    assert r[:3] == ("raise", ValueError, "too many values to unpack (expected 2)")
    r, buf = both(None, lambda: [iter("a")], loops=loops)
    assert r[:3] == ("raise", ValueError, "not enough values to unpack (expected 2, got 1)")


def test_refcounts_of_object_ops():
    # many iterations of instance creation, attribute stores and loads leak nothing
    text = f"""
[p0, p1]
label(p0, p1)
p2 = new_instance($Vec) {{f@0 l0=p0 l1=p1}}
setattr_values(p2, $'x', {X_INDEX}, p0) {{f@1 l0=p0 l1=p1}}
p3 = getattr_values(p2, $'x', {X_INDEX}) {{f@2 l0=p0 l1=p1}}
p4 = new_method($norm, p2) {{f@3 l0=p0 l1=p1}}
p5 = build_map(p1, p3) {{f@4 l0=p0 l1=p1}}
p6 = call_format(1, p4, $'') {{f@5 l0=p0 l1=p1}}
p7 = call_binop(0, p1, $1) {{f@6 l0=p0 l1=p1}}
i8 = unbox_int(p7) {{f@7 l0=p0 l1=p7}}
b9 = int_lt(i8, 100000)
guard_true(b9) {{f@8 l0=p0 l1=p7}}
jump(p0, p7)
"""
    loops = compiled(text, NS)
    obj = object()
    before = sys.getrefcount(obj)
    r, buf = run(loops[1], [obj, 0])
    assert r == ("return", 8) and buf[2] == 100000
    del buf
    assert sys.getrefcount(obj) == before



def _proto_target(a, b=2):
    return a + b


def test_new_function_and_cell_clear():
    from pyjit.function import Function
    proto = Function(_proto_target.__code__, globals(), "_proto_target", None, None, None, None,
                     "_proto_target")
    text = """
[p0, p1]
label(p0, p1)
p2 = new_function($proto, $g, $'mod', p0, $None, $None, $None) {f@0 l0=p0 l1=p1}
p3 = new_cell(p1) {f@1 l0=p0 l1=p1 s=p2}
cell_clear(p3)
guard_true(false) {f@2 s=p2,p3}
jump(p0, p1)
"""
    proto.globals = None
    loops = compiled(text, {"$proto": proto, "$g": globals()})
    for backend in loops:
        r, buf = run(backend, [(10,), "x"])
        fn, cell = buf[1], buf[2]
        assert r == ("return", 2) and type(fn) is Function and fn is not proto
        assert fn(1) == 11 and fn.__module__ == "mod" and fn.__defaults__ == (10,)
        assert fn.__qualname__ == "_proto_target" and fn.__code__ is proto.code
        with pytest.raises(ValueError):
            cell.cell_contents
    # nothing leaks: many functions made and dropped
    defaults = (10,)
    before = sys.getrefcount(defaults)
    for _ in range(200):
        run(loops[1], [defaults, "x"])
    assert sys.getrefcount(defaults) == before


class Managed:
    def __enter__(self):
        return "in"

    def __exit__(self, *a):
        return False


def test_lookup_special():
    text = """
[p0]
label(p0)
p1 = lookup_special(p0, $'__enter__') {f@0 l0=p0}
guard_nonnull(p1) {f@1 l0=p0}
p2 = call(p1) {f@2 l0=p0 s=p1}
guard_true(false) {f@3 s=p1,p2}
jump(p0)
"""
    loops = compiled(text)
    r, buf = both(None, lambda: [Managed()], loops=loops)
    assert r == ("return", 3) and buf[2] == "in"
    import threading
    r, buf = both(None, lambda: [threading.Lock()], loops=loops)
    assert r == ("return", 3) and buf[2] is True
    assert both(None, lambda: [5], loops=loops)[0] == ("return", 1)     # none: leaves

    class Raising:
        @property
        def __enter__(self):
            raise RuntimeError("no enter")
    r, buf = both(None, lambda: [Raising()], loops=loops)
    assert r[:3] == ("raise", RuntimeError, "no enter")


class Dying:
    log: list = []

    def __init__(self, n):
        self.n = n

    def __del__(self):
        Dying.log.append(self.n)


@pytest.mark.parametrize("order,expect", [("p2, p3, p1", [2, 3, 1]),
                                          ("p1, p2, p3", [1, 2, 3]),
                                          ("p1, p2, p3, p1", [2, 3, 1])])   # last place
def test_frame_end_lets_values_go_in_its_order(order, expect):
    """An inlined frame's return: what only the frame kept dies right after it,
    in its operands' order (CPython releases a frame's locals by index), not in
    the order the trace made the values."""
    text = f"""
[p0]
label(p0)
p1 = call($mk1) {{f@1 l0=p0}}
p2 = call($mk2) {{f@2 l0=p0}}
p3 = call($mk3) {{f@3 l0=p0}}
frame_end({order})
guard_true(false) {{f@4 l0=p0}}
jump(p0)
"""
    ns = {f"$mk{n}": (lambda n=n: Dying(n)) for n in (1, 2, 3)}
    for loop in compiled(text, ns):
        Dying.log.clear()
        assert run(loop, [0])[0] == ("return", 3)   # (the guard, exit 3)
        assert Dying.log == expect, (loop, Dying.log)
