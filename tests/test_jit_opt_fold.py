"""The fold-rule table (pyjit.jit.opt.foldrules): every rule checked against the
ops' semantics on edge values, and applied to a trace; the label rule.

Each rule gets two tests, made from its text: ``test_rule_is_sound`` evaluates
the pattern and the rewrite with the trace interpreter's op semantics
(``traceinterp.SEMANTICS``) for every combination of edge values (0, -1, the
int64 extremes, -0.0, nan, inf ...); ``test_rule_applies`` writes the pattern as
a trace, runs constfold and checks the pattern's op is gone (or replaced by the
rewrite's).
"""

import itertools
import math
import struct

import pytest

from pyjit.jit import ir, opt, traceinterp
from pyjit.jit.opt import foldrules
from pyjit.jit.opt.foldrules import Lit, Pat, Var

from test_jit_opt import check


@pytest.fixture(autouse=True)
def _verify_every_pass(monkeypatch):
    monkeypatch.setattr(opt, "VERIFY", True)


_MIN, _MAX = -(1 << 63), (1 << 63) - 1
SAMPLES = {
    ir.I: [0, 1, -1, 2, -2, 3, 7, 63, 64, -7, 1 << 62, _MIN, _MIN + 1, _MAX, _MAX - 1],
    ir.F: [0.0, -0.0, 1.0, -1.0, 0.5, 3.0, -2.5, 1e308, 5e-324, -5e-324, 2.2250738585072014e-308,
           math.inf, -math.inf, math.nan],
    ir.B: [True, False],
    ir.R: [object(), object(), None],
}


class Leaves(Exception):
    """The pattern's op leaves the trace for these values."""


def _eval(term, env, top=False):
    if isinstance(term, Var):
        return env[term.name]
    if isinstance(term, Lit):
        return term.const.value
    args = [_eval(a, env) for a in term.args]
    try:
        return traceinterp.SEMANTICS[term.op](*args)
    except traceinterp.GuardFailed:
        if top:
            raise Leaves from None
        raise


def _same(a, b):
    if type(a) is float and type(b) is float:
        return struct.pack("<d", a) == struct.pack("<d", b)
    return type(a) is type(b) and (a is b or a == b)


def _var_kinds(rule):
    kinds = {}
    foldrules._kinds(rule.pattern, kinds)
    return kinds


RULE_IDS = [r.text for r in foldrules.RULES]


@pytest.mark.parametrize("rule", foldrules.RULES, ids=RULE_IDS)
def test_rule_is_sound(rule):
    kinds = _var_kinds(rule)
    names = sorted(kinds)
    checked = 0
    for values in itertools.product(*(SAMPLES[kinds[n]] for n in names)):
        env = dict(zip(names, values))
        try:
            want = _eval(rule.pattern, env, top=True)
        except Leaves:
            # the op leaves the trace: so must its rewrite (a rewrite that is a
            # value or a non-guard op never leaves, so the rule would be wrong)
            with pytest.raises(traceinterp.GuardFailed):
                if not isinstance(rule.rewrite, Pat):
                    raise AssertionError(f"{rule.text}: the op leaves for {env}, the rewrite not")
                _eval(rule.rewrite, env)
            continue
        except traceinterp.GuardFailed:
            continue        # an inner op of the pattern leaves: the outer one never runs
        got = _eval(rule.rewrite, env)
        assert _same(got, want), f"{rule.text} for {env}: {got!r}, want {want!r}"
        checked += 1
    assert checked, f"{rule.text}: no sample where the pattern computes a value"


def _trace_of(rule):
    """The rule's pattern as a trace: inputs unboxed to the variables' kinds, the
    pattern's ops, the result read by a snapshot (so it is not dead)."""
    kinds = _var_kinds(rule)
    lines, names, n = [], {}, [len(kinds)]
    inputs = ", ".join(f"p{k}" for k in range(len(kinds)))
    snap = "{f@1 " + " ".join(f"l{k}=p{k}" for k in range(len(kinds))) + "}"
    for k, v in enumerate(sorted(kinds)):
        kind = kinds[v]
        if kind == ir.I:
            lines.append(f"i{n[0]} = unbox_int(p{k}) {snap}")
            names[v] = f"i{n[0]}"
            n[0] += 1
        elif kind == ir.F:
            lines.append(f"guard_class(p{k}, $float) {snap}")
            lines.append(f"f{n[0]} = unbox_float(p{k})")
            names[v] = f"f{n[0]}"
            n[0] += 1
        elif kind == ir.B:
            lines.append(f"b{n[0]} = ptr_eq(p{k}, $True)")
            names[v] = f"b{n[0]}"
            n[0] += 1
        else:
            names[v] = f"p{k}"

    def emit(term):
        if isinstance(term, Var):
            return names[term.name]
        if isinstance(term, Lit):
            return ir.Printer().name(term.const)
        args = ", ".join(emit(a) for a in term.args)
        res = f"{ir.PREFIX[ir.OPS[term.op].result]}{n[0]}"
        n[0] += 1
        d = ir.OPS[term.op]
        lines.append(f"{res} = {term.op}({args})" + (f" {snap}" if d.guard or d.raises else ""))
        return res

    result = emit(rule.pattern)
    lines.append(f"guard_class(p0, $int) {{f@2 l0={result}}}")
    return f"[{inputs}]\nlabel({inputs})\n" + "\n".join(lines) + f"\njump({inputs})\n"


@pytest.mark.parametrize("rule", foldrules.RULES, ids=RULE_IDS)
def test_rule_applies(rule):
    t = ir.parse(_trace_of(rule))
    top = next(op for op in reversed(t.ops) if op.name == rule.pattern.op)
    env = foldrules.match(rule, top, lambda v: True)
    assert env is not None
    new, is_new = foldrules.build(rule.rewrite, env, top)
    assert is_new == isinstance(rule.rewrite, Pat)
    if is_new:
        assert new.name == rule.rewrite.op and (new.snapshot is None) == (not new.opdef.guard)
    got = opt.optimize(t, ["constfold"])
    text = ir.format(got, lines=False)
    count = lambda name, tr: sum(op.name == name for op in tr.ops)
    assert count(rule.pattern.op, got) < count(rule.pattern.op, t) \
        or (isinstance(rule.rewrite, Pat) and rule.rewrite.op == rule.pattern.op), text
    final = got.ops[-2].snapshot.frames[0].locals[0]
    if isinstance(rule.rewrite, Lit):
        assert final == rule.rewrite.const, text
    assert final is not top


def test_rules_table_is_checked_at_import():
    with pytest.raises(AssertionError, match="kinds differ"):
        foldrules._rule("int_add_ovf(x, 0) -> 0.0", "wrong kind")
    with pytest.raises(AssertionError, match="no pure op"):
        foldrules._rule("call(x) -> x", "not pure")
    with pytest.raises(AssertionError, match="unbound"):
        foldrules._rule("int_add_ovf(x, 0) -> int_and(x, y)", "y is nothing")
    with pytest.raises(AssertionError, match="a new guard"):
        foldrules._rule("int_and(x, 0) -> int_add_ovf(x, 0)", "a guard from nowhere")


def test_commutative_operands_match_either_way():
    check("""
        [p0]
        label(p0)
        i1 = unbox_int(p0) {f@1 l0=p0}
        i2 = int_add_ovf(0, i1) {f@1 l0=p0}
        i3 = int_mul_ovf(2, i2) {f@1 l0=p0}
        i4 = int_sub_ovf(i3, 0) {f@1 l0=p0}
        f5 = int_to_float(i4)
        f6 = float_mul(1.0, f5)
        f7 = float_add(-0.0, f6)
        f8 = float_add(0.0, f7)
        guard_true(true) {f@2 l0=p0 s=i4,f8}
        jump(p0)
    """, """
        [p0]
        label(p0)
        i1 = unbox_int(p0) {f@1 l0=p0}
        i3 = int_add_ovf(i1, i1) {f@1 l0=p0}
        f5 = int_to_float(i3)
        f8 = float_add(0.0, f5)
        jump(p0)
    """, "constfold")


def test_nested_patterns_and_negated_comparisons():
    check("""
        [p0, p1]
        label(p0, p1)
        i2 = unbox_int(p0) {f@1 l0=p0 l1=p1}
        i3 = unbox_int(p1) {f@1 l0=p0 l1=p1}
        b4 = int_lt(i2, i3)
        b5 = bool_not(b4)
        guard_true(b5) {f@2 l0=p0 l1=p1}
        i6 = int_neg_ovf(i2) {f@3 l0=p0 l1=p1}
        i7 = int_neg_ovf(i6) {f@3 l0=p0 l1=p1}
        f8 = int_to_float(i7)
        f9 = float_neg(f8)
        f10 = float_neg(f9)
        f11 = float_truediv(f10, 2.0) {f@4 l0=p0 l1=p1}
        b12 = float_lt(f10, f11)
        b13 = bool_not(b12)
        guard_true(b13) {f@5 l0=p0 l1=p1 s=f11}
        jump(p0, p1)
    """, """
        [p0, p1]
        label(p0, p1)
        i2 = unbox_int(p0) {f@1 l0=p0 l1=p1}
        i3 = unbox_int(p1) {f@1 l0=p0 l1=p1}
        b4 = int_lt(i2, i3)
        b5 = int_ge(i2, i3)
        guard_true(b5) {f@2 l0=p0 l1=p1}
        i6 = int_neg_ovf(i2) {f@3 l0=p0 l1=p1}
        f8 = int_to_float(i2)
        f9 = float_neg(f8)
        f11 = float_mul(f8, 0.5)
        b12 = float_lt(f8, f11)
        b13 = bool_not(b12)
        guard_true(b13) {f@5 l0=p0 l1=p1 s=f11}
        jump(p0, p1)
    """, "constfold")
    # (b4, i6 and f9 are dead: dce's business; the float comparison's negation
    # is not folded: with a nan, not (a < b) is not a >= b)


def test_a_preamble_op_on_a_label_arg_is_not_looked_into_from_the_body():
    # i3 = -i2 was computed in the preamble from the entry value of i2; in the
    # body, i2 is the iteration's value, so -(i3) is not i2 there
    # (i5 = -i2 reads an invariant value: -(i5) is i2 in the body too)
    check("""
        [p0, p1]
        i1 = unbox_int(p0) {f@1 l0=p0 l1=p1}
        i2 = unbox_int(p1) {f@1 l0=p0 l1=p1}
        i3 = int_neg_ovf(i1) {f@1 l0=p0 l1=p1}
        i5 = int_neg_ovf(i2) {f@1 l0=p0 l1=p1}
        label(i1, i3)
        i4 = int_neg_ovf(i3) {f@2 l0=i1}
        i6 = int_neg_ovf(i5) {f@2 l0=i1}
        i7 = int_add_ovf(i1, 1) {f@3 l0=i1 s=i4,i6}
        jump(i7, i3)
    """, """
        [p0, p1]
        i1 = unbox_int(p0) {f@1 l0=p0 l1=p1}
        i2 = unbox_int(p1) {f@1 l0=p0 l1=p1}
        i3 = int_neg_ovf(i1) {f@1 l0=p0 l1=p1}
        i5 = int_neg_ovf(i2) {f@1 l0=p0 l1=p1}
        label(i1, i3)
        i4 = int_neg_ovf(i3) {f@2 l0=i1}
        i7 = int_add_ovf(i1, 1) {f@3 l0=i1 s=i4,i2}
        jump(i7, i3)
    """, "constfold")


def test_cse_exposes_rules():
    # the two unboxes merge, then i2 - i3 is x - x
    check("""
        [p0]
        label(p0)
        i2 = unbox_int(p0) {f@1 l0=p0}
        i3 = unbox_int(p0) {f@1 l0=p0}
        i4 = int_sub_ovf(i2, i3) {f@1 l0=p0}
        b5 = int_eq(i2, i3)
        guard_true(b5) {f@2 l0=p0 s=i4}
        jump(p0)
    """, """
        [p0]
        label(p0)
        i2 = unbox_int(p0) {f@1 l0=p0}
        guard_true(true) {f@2 l0=p0 s=0}
        jump(p0)
    """, "cse")


# ---------------------------------------------------------------------------
# calls of builtins on machine values (foldrules.CALLS)


@pytest.mark.parametrize("fn", list(foldrules.CALLS), ids=lambda f: f.__name__)
def test_call_rule_is_sound(fn):
    # where the machine op gives a value it is the builtin's; where it leaves,
    # the builtin raises or makes an int past 64 bits (the interpreter's call)
    rule = foldrules.CALLS[fn]
    kind = ir.OPS[rule.op].args
    for x in SAMPLES[kind] + ([2.0 ** 63, -2.0 ** 63, 2.0 ** 63 - 1024, 1e19, -0.75]
                              if kind == ir.F else []):
        try:
            got = traceinterp.SEMANTICS[rule.op](x)
        except traceinterp.GuardFailed:
            try:
                want = fn(x)
            except (OverflowError, ValueError):
                continue
            assert not _MIN <= want <= _MAX, (fn, x)
            continue
        want = fn(x)
        assert type(got) is type(want) and _same(got, want), (fn, x, got, want)


def test_call_rule_applies():
    # int(2x) and float(i + 1): no residual call, no allocation; the op leaves
    # with the call's snapshot (the interpreter calls int(), which raises)
    check("""
        [p0, p1]
        label(p0, p1)
        guard_class(p1, $float) {f@1 l0=p0 l1=p1}
        f2 = unbox_float(p1)
        f3 = float_add(f2, f2)
        p4 = box_float(f3)
        p5 = call($int, p4) {f@2 l0=p0 l1=p1 s=$int,p4}
        guard_class(p5, $int) {f@3 l0=p0 l1=p5}
        i6 = unbox_int(p5) {f@3 l0=p0 l1=p5}
        i7 = int_add_ovf(i6, 1) {f@3 l0=p0 l1=p5}
        p8 = box_int(i7)
        p9 = call($float, p8) {f@4 l0=p0 l1=p8 s=$float,p8}
        p10 = call($int, p9, p9) {f@5 l0=p0 l1=p9}
        p11 = call($print, p4) {f@5 l0=p0 l1=p9}
        jump(p0, p9)
    """, """
        [p0, p1]
        label(p0, p1)
        guard_class(p1, $float) {f@1 l0=p0 l1=p1}
        f2 = unbox_float(p1)
        f3 = float_add(f2, f2)
        p4 = box_float(f3)
        i5 = float_to_int(f3) {f@2 l0=p0 l1=p1 s=$int,p4}
        i6 = int_add_ovf(i5, 1) {f@3 l0=p0 l1=i5}
        f7 = int_to_float(i6)
        p8 = box_float(f7)
        p9 = call($int, p8, p8) {f@5 l0=p0 l1=p8}
        p10 = call($print, p4) {f@5 l0=p0 l1=p8}
        jump(p0, p8)
    """, ["constfold", "guards", "unbox", "dce"], ns={"$int": int, "$float": float, "$print": print})


def test_float_pow_is_pythons_power():
    for x in SAMPLES[ir.F] + [2.0, 1e-300, 1e300, 0.7]:
        for y in SAMPLES[ir.F] + [-1.5, 0.5, 2.0, 1e6]:
            try:
                got = traceinterp.SEMANTICS["float_pow"](x, y)
            except traceinterp.GuardFailed:
                continue
            assert _same(got, x ** y), (x, y)


def test_power_of_floats_becomes_float_pow():
    # ** of a boxed float by a float or int constant or another boxed float; not
    # by an int past 2**53 (float(y) is another number), not of an int base
    check("""
        [p0, p1]
        label(p0, p1)
        guard_class(p1, $float) {f@1 l0=p0 l1=p1}
        f2 = unbox_float(p1)
        p3 = box_float(f2)
        p4 = call_binop(8, p3, $e) {f@2 l0=p0 l1=p1}
        p5 = call_binop(21, p3, $two) {f@3 l0=p0 l1=p4}
        p6 = call_binop(8, p3, p5) {f@4 l0=p0 l1=p5}
        p7 = call_binop(8, p3, $big) {f@5 l0=p0 l1=p6}
        p8 = call_binop(8, p0, $e) {f@6 l0=p0 l1=p7}
        jump(p0, p6)
    """, """
        [p0, p1]
        label(p0, p1)
        guard_class(p1, $float) {f@1 l0=p0 l1=p1}
        f2 = unbox_float(p1)
        p3 = box_float(f2)
        f4 = float_pow(f2, -1.5) {f@2 l0=p0 l1=p1}
        f5 = float_pow(f2, 2.0) {f@3 l0=p0 l1=f4}
        f6 = float_pow(f2, f5) {f@4 l0=p0 l1=f5}
        p7 = box_float(f6)
        p8 = call_binop(8, p3, $big) {f@5 l0=p0 l1=p7}
        p9 = call_binop(8, p0, $e) {f@6 l0=p0 l1=p8}
        jump(p0, p7)
    """, ["constfold", "unbox", "dce"], ns={"$big": (1 << 53) + 1, "$e": -1.5, "$two": 2})
