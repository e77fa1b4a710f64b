"""The integer-bounds pass (pyjit.jit.opt.intbounds): text traces before and
after, and random int programs run before and after in the trace interpreter
(whose unchecked int ops assert that the proof held)."""

import random

import pytest

from pyjit.jit import ir, opt

from test_jit_opt import Exit, check


@pytest.fixture(autouse=True)
def _verify_every_pass(monkeypatch):
    monkeypatch.setattr(opt, "VERIFY", True)


def test_a_comparison_bounds_the_counter_it_checks():
    # i < n: i + 1 fits whatever n is, i + 2 may not; n - 1 > i - 1 >= MIN... but
    # n's lower bound is only i's lower bound + 1: n - 1 fits
    check("""
        [p0, p1]
        label(p0, p1)
        i2 = unbox_int(p0) {f@1 l0=p0 l1=p1}
        i3 = unbox_int(p1) {f@1 l0=p0 l1=p1}
        b4 = int_lt(i2, i3)
        guard_true(b4) {f@2 l0=p0 l1=p1}
        i5 = int_add_ovf(i2, 1) {f@3 l0=p0 l1=p1}
        i6 = int_add_ovf(i2, 2) {f@4 l0=p0 l1=p1}
        i7 = int_sub_ovf(i3, 1) {f@5 l0=p0 l1=p1}
        i8 = int_sub_ovf(i2, 1) {f@6 l0=p0 l1=p1}
        guard_true(false) {f@7 l0=p0 l1=p1 s=i5,i6,i7,i8}
        jump(p0, p1)
    """, """
        [p0, p1]
        label(p0, p1)
        i2 = unbox_int(p0) {f@1 l0=p0 l1=p1}
        i3 = unbox_int(p1) {f@1 l0=p0 l1=p1}
        b4 = int_lt(i2, i3)
        guard_true(b4) {f@2 l0=p0 l1=p1}
        i5 = int_add(i2, 1)
        i6 = int_add_ovf(i2, 2) {f@4 l0=p0 l1=p1}
        i7 = int_sub(i3, 1)
        i8 = int_sub_ovf(i2, 1) {f@6 l0=p0 l1=p1}
        guard_true(false) {f@7 l0=p0 l1=p1 s=i5,i6,i7,i8}
        jump(p0, p1)
    """, "intbounds")


def test_masks_and_modulo_decide_comparisons_and_overflow():
    check("""
        [p0]
        label(p0)
        i1 = unbox_int(p0) {f@1 l0=p0}
        i2 = int_and(i1, 7)
        b3 = int_lt(i2, 8)
        guard_true(b3) {f@2 l0=p0}
        i4 = int_mod(i1, 1000) {f@3 l0=p0}
        i5 = int_mul_ovf(i4, i4) {f@3 l0=p0}
        i6 = int_neg_ovf(i5) {f@4 l0=p0}
        i7 = int_add_ovf(i6, i2) {f@5 l0=p0}
        b8 = int_ge(i7, 0)
        i9 = int_rshift(i1, 60) {f@6 l0=p0}
        i10 = int_mul_ovf(i9, 1000000) {f@7 l0=p0}
        i11 = int_add_ovf(i2, 1) {f@8 l0=p0}
        b12 = int_is_true(i11)
        guard_true(b12) {f@9 l0=p0}
        guard_true(false) {f@10 l0=p0 s=i7,i10}
        jump(p0)
    """, """
        [p0]
        label(p0)
        i1 = unbox_int(p0) {f@1 l0=p0}
        i2 = int_and(i1, 7)
        i4 = int_mod(i1, 1000) {f@3 l0=p0}
        i5 = int_mul(i4, i4)
        i6 = int_sub(0, i5)
        i7 = int_add(i6, i2)
        b8 = int_ge(i7, 0)
        i9 = int_rshift(i1, 60) {f@6 l0=p0}
        i10 = int_mul(i9, 1000000)
        i11 = int_add(i2, 1)
        guard_true(false) {f@10 l0=p0 s=i7,i10}
        jump(p0)
    """, "intbounds")


def test_negated_and_false_branches_refine_too():
    check("""
        [p0, p1]
        label(p0, p1)
        i2 = unbox_int(p0) {f@1 l0=p0 l1=p1}
        i3 = unbox_int(p1) {f@1 l0=p0 l1=p1}
        b4 = int_ge(i2, 10)
        guard_false(b4) {f@2 l0=p0 l1=p1}
        b5 = int_le(i3, -5)
        b6 = bool_not(b5)
        guard_true(b6) {f@3 l0=p0 l1=p1}
        b7 = int_gt(i2, i3)
        i8 = int_sub_ovf(i3, i2) {f@4 l0=p0 l1=p1}
        i9 = int_add_ovf(i2, 100) {f@5 l0=p0 l1=p1}
        guard_true(false) {f@6 l0=p0 l1=p1 s=b7,i8,i9}
        jump(p0, p1)
    """, """
        [p0, p1]
        label(p0, p1)
        i2 = unbox_int(p0) {f@1 l0=p0 l1=p1}
        i3 = unbox_int(p1) {f@1 l0=p0 l1=p1}
        b4 = int_ge(i2, 10)
        guard_false(b4) {f@2 l0=p0 l1=p1}
        b5 = int_le(i3, -5)
        b6 = bool_not(b5)
        guard_true(b6) {f@3 l0=p0 l1=p1}
        b7 = int_gt(i2, i3)
        i8 = int_sub_ovf(i3, i2) {f@4 l0=p0 l1=p1}
        i9 = int_add(i2, 100)
        guard_true(false) {f@6 l0=p0 l1=p1 s=b7,i8,i9}
        jump(p0, p1)
    """, "intbounds")


def test_what_the_preamble_knows_of_a_label_arg_is_forgotten_in_the_body():
    # i2 < 10 in the preamble says nothing of the body's i2 (the jump passes i2 + 1);
    # i3 < 10 holds in the body too: p1 is loop-invariant
    check("""
        [p0, p1]
        i2 = unbox_int(p0) {f@1 l0=p0 l1=p1}
        i3 = unbox_int(p1) {f@1 l0=p0 l1=p1}
        b4 = int_lt(i2, 10)
        guard_true(b4) {f@1 l0=p0 l1=p1}
        b5 = int_lt(i3, 10)
        guard_true(b5) {f@1 l0=p0 l1=p1}
        label(i2)
        i6 = int_add_ovf(i2, 1) {f@2 l0=i2}
        i7 = int_add_ovf(i3, 1) {f@2 l0=i2}
        guard_true(true) {f@3 l0=i7}
        jump(i6)
    """, """
        [p0, p1]
        i2 = unbox_int(p0) {f@1 l0=p0 l1=p1}
        i3 = unbox_int(p1) {f@1 l0=p0 l1=p1}
        b4 = int_lt(i2, 10)
        guard_true(b4) {f@1 l0=p0 l1=p1}
        b5 = int_lt(i3, 10)
        guard_true(b5) {f@1 l0=p0 l1=p1}
        label(i2)
        i6 = int_add_ovf(i2, 1) {f@2 l0=i2}
        i7 = int_add(i3, 1)
        jump(i6)
    """, "intbounds")


def test_a_guard_that_always_fails_teaches_nothing():
    # x & 7 == 9 never holds: the interval would be empty; the guard stays and
    # the later add keeps its check (it is never reached)
    check("""
        [p0]
        label(p0)
        i1 = unbox_int(p0) {f@1 l0=p0}
        i2 = int_and(i1, 7)
        b3 = int_eq(i2, 9)
        guard_true(b3) {f@2 l0=p0}
        i4 = int_add_ovf(i1, 1) {f@3 l0=p0}
        guard_true(false) {f@4 l0=p0 s=i4}
        jump(p0)
    """, """
        [p0]
        label(p0)
        i1 = unbox_int(p0) {f@1 l0=p0}
        i2 = int_and(i1, 7)
        guard_true(false) {f@2 l0=p0}
        i4 = int_add_ovf(i1, 1) {f@3 l0=p0}
        guard_true(false) {f@4 l0=p0 s=i4}
        jump(p0)
    """, "intbounds")


# ---------------------------------------------------------------------------
# random programs: the optimized trace leaves where the original does, with the
# same values (the unchecked ops assert the proof in the trace interpreter)

_BIN = ["int_add_ovf", "int_sub_ovf", "int_mul_ovf", "int_and", "int_or", "int_xor"]
_CMP = ["int_lt", "int_le", "int_eq", "int_ne", "int_gt", "int_ge"]
_EDGE = [0, 1, -1, 2, 7, 8, 100, -100, 1 << 31, 1 << 62, -(1 << 62), (1 << 63) - 1, -(1 << 63)]


def _random_program(rng):
    ints = ["i0", "i1", "i2"]
    lines = ["[p0, p1, p2]", "label(p0, p1, p2)"]
    snap = "{f@%d l0=p0 l1=p1 l2=p2}"
    for k in range(3):
        lines.append(f"i{k} = unbox_int(p{k}) " + snap % 1)
    n, pc = 3, 2

    def operand():
        return rng.choice(ints) if rng.random() < 0.7 else str(rng.choice(_EDGE + list(range(-9, 10))))

    for _ in range(rng.randint(3, 12)):
        r = rng.random()
        if r < 0.45:
            op = rng.choice(_BIN)
            guard = op.endswith("_ovf")
            lines.append(f"i{n} = {op}({operand()}, {operand()})" + (" " + snap % pc if guard else ""))
        elif r < 0.6:
            kind = rng.choice(["int_mod", "int_rshift", "int_neg_ovf", "int_floordiv"])
            if kind == "int_neg_ovf":
                lines.append(f"i{n} = int_neg_ovf({rng.choice(ints)}) " + snap % pc)
            else:
                c = rng.choice([1, 3, 8, 1000, -7]) if kind != "int_rshift" else rng.choice([0, 3, 60])
                lines.append(f"i{n} = {kind}({rng.choice(ints)}, {c}) " + snap % pc)
        else:
            b = f"b{n}"
            lines.append(f"{b} = {rng.choice(_CMP)}({operand()}, {operand()})")
            n += 1
            pc += 1
            lines.append(f"{rng.choice(['guard_true', 'guard_false'])}({b}) " + snap % pc)
            continue
        ints.append(f"i{n}")
        n += 1
        pc += 1
    lines.append("guard_true(false) {f@99 l0=p0 l1=p1 l2=p2 s=" + ",".join(ints[3:] or ["0"]) + "}")
    lines.append("jump(p0, p1, p2)")
    return "\n".join(lines)


def test_random_int_programs_leave_alike():
    rng = random.Random(16)
    values = _EDGE + [rng.randrange(-2 ** 63, 2 ** 63) for _ in range(6)] + list(range(-3, 12))
    changed = 0
    for _ in range(300):
        t = ir.parse(_random_program(rng))
        o = opt.optimize(t)
        changed += sum(op.name in ("int_add", "int_sub", "int_mul") for op in o.ops)
        for _ in range(8):
            inputs = [rng.choice(values) for _ in range(3)]
            assert Exit(t, inputs).key() == Exit(o, inputs).key(), (ir.format(t), inputs)
    assert changed > 30     # the pass did something to check
