"""The trace optimizer (pyjit.jit.opt), pass by pass, in the text form of traces.

Most tests are PyPy-optimizeopt style: a trace before (text), the passes to
run, the trace expected after (text); both are printed by ``ir.format`` (the
expected one after a parse, so value names are normalized).  ``ir.verify``
runs after every pass (``opt.VERIFY``).

The semantic tests run a trace and its optimized form in the trace interpreter
on several inputs -- including ones that make guards fail (big ints, floats,
wrong types, an unbound local) -- and compare where they leave: the frames'
pcs and slot layout and the values (guard numbers change with optimization, so
they are not compared).  When the optimizer moved a loop-carried value's type
check into the preamble, an input failing it leaves the optimized trace at the
loop header instead of inside the first iteration; then both exits are resumed
with a small reference interpreter of the test's loop (a Python function per
program) and must finish with the same result.
"""

import math

import pytest

from pyjit.jit import ir, opt, traceinterp
from pyjit.jit.opt import base
from pyjit.null import NULL


@pytest.fixture(autouse=True)
def _verify_every_pass(monkeypatch):
    monkeypatch.setattr(opt, "VERIFY", True)


def check(before, after, passes=None, ns=None):
    """Optimize ``before`` with ``passes`` (a name or list; None: the pipeline)
    and compare with ``after``; return the optimized trace."""
    if isinstance(passes, str):
        passes = [passes]
    t = ir.parse(before, ns)
    ir.verify(t)
    got = opt.optimize(t, passes)
    want = ir.parse(after, ns)
    ir.verify(want)
    assert ir.format(got) == ir.format(want), "got:\n" + ir.format(got)
    return got


# the pipeline without licm: the unbox tests below show what unbox does with a
# loop-invariant int (licm would unbox it in the preamble before unbox runs;
# tests/test_jit_opt_licm.py shows that)
NO_LICM = [p for p in opt.PIPELINE if p != "licm"]


def op_names(trace):
    return [op.name for op in trace.ops]


def body(trace):
    k = base.label_index(trace)
    return trace.ops[k + 1:-1]


# ---------------------------------------------------------------------------
# the pipeline as a whole


def test_pipeline_names():
    assert opt.PIPELINE == ["virtualize", "constfold", "cse", "heap", "guards", "licm", "unbox", "intbounds", "dce"]
    assert set(opt.PASSES) == set(opt.PIPELINE)
    t = ir.parse("[p0]\nlabel(p0)\njump(p0)")
    with pytest.raises(ValueError, match="unknown optimizer pass"):
        opt.optimize(t, ["constfold", "nosuch"])


def test_select_names_passes_on_or_off():
    assert opt.select("-heap,-licm") == [p for p in opt.PIPELINE if p not in ("heap", "licm")]
    assert opt.select("dce, constfold") == ["dce", "constfold"]
    for bad in ("-nosuch", "heap,-dce"):
        with pytest.raises(ValueError):
            opt.select(bad)


def test_optimize_counts_what_each_pass_did():
    counts = {}
    opt.optimize(ir.parse(COUNT_LOOP), counts=counts)
    assert list(counts) == opt.PIPELINE
    assert counts["guards"][1] > 0 and counts["unbox"][2] > 0
    assert sum(c[0] for c in counts.values()) == len(ir.parse(COUNT_LOOP).ops) - len(
        opt.optimize(ir.parse(COUNT_LOOP)).ops)


def test_dispatch_tables_built_once_and_checked():
    # every op has an entry; handlers name real ops (checked at import)
    for cls in (opt.PASSES[n] for n in ("constfold", "unbox", "cse", "guards")):
        assert set(cls.DISPATCH) == set(ir.OPS)
    with pytest.raises(AssertionError, match="no op"):
        class Bad(base.Pass):
            def optimize_int_frobnicate(self, op):
                pass


def test_optimize_leaves_the_callers_trace_alone():
    t = ir.parse(COUNT_LOOP)
    for op, line in zip(t.ops, range(100)):
        op.line = line
    text = ir.format(t)
    o = opt.optimize(t)
    assert ir.format(t) == text
    assert o is not t and all(a is not b for a in o.ops for b in t.ops)
    # source lines survive the copy
    # (intbounds made the add unchecked: i < n before it)
    assert [op.line for op in o.ops if op.name == "int_add"] == [
        op.line for op in t.ops if op.name == "int_add_ovf"]


def test_passes_subset_runs_only_those():
    t = ir.parse(COUNT_LOOP)
    assert op_names(opt.optimize(t, [])) == op_names(t)
    assert op_names(opt.optimize(t, "constfold, dce")) == op_names(opt.optimize(t, ["dce"]))
    assert op_names(opt.optimize(t, ["dce"])) == [n for n in op_names(t) if n != "box_bool"]


def test_bridges_are_attached_after_optimizing():
    t = ir.parse(COUNT_LOOP)
    next(op for op in t.ops if op.name == "guard_true").bridge = [ir.Op("jump", t.label().args)]
    with pytest.raises(ValueError, match="bridges"):
        opt.optimize(t)


def test_a_pass_that_breaks_the_trace_is_named(monkeypatch):
    def broken(self, trace):
        trace.ops.pop()      # loses the jump
        return trace
    monkeypatch.setattr(opt.PASSES["dce"], "run", broken)
    with pytest.raises(opt.PassError, match="after pass 'dce'"):
        opt.optimize(ir.parse("[p0]\nlabel(p0)\njump(p0)"))


# ---------------------------------------------------------------------------
# constfold


def test_constfold_one_plus_two():
    check("""
        [p0]
        label(p0)
        i1 = int_add_ovf(1, 2) {f@2 l0=p0}
        i2 = int_mul_ovf(i1, 5) {f@2 l0=p0}
        b3 = int_lt(i2, 20)
        guard_true(b3) {f@4 l0=p0}
        p4 = box_int(i2)
        p5 = call($f, p0, p4) {f@6 l0=p0 s=i1}
        jump(p5)
    """, """
        [p0]
        label(p0)
        p5 = call($f, p0, $fifteen) {f@6 l0=p0 s=3}
        jump(p5)
    """, ["constfold"], ns={"$f": print, "$fifteen": 15})


def test_constfold_keeps_ops_that_would_leave():
    # overflow, division by zero, a big int, a guard that always fails: they stay
    check("""
        [p0]
        label(p0)
        i1 = int_add_ovf(9223372036854775807, 1) {f@2 l0=p0}
        i2 = int_floordiv(7, 0) {f@2 l0=p0}
        i3 = int_mod(7, 0) {f@2 l0=p0}
        f4 = float_truediv(1.0, 0.0) {f@2 l0=p0}
        i5 = unbox_int($big) {f@2 l0=p0}
        i6 = unbox_int($True) {f@2 l0=p0}
        guard_true(false) {f@3 l0=p0}
        guard_class($big, $float) {f@3 l0=p0}
        guard_value($None, $True) {f@3 l0=p0}
        jump(p0)
    """, """
        [p0]
        label(p0)
        i1 = int_add_ovf(9223372036854775807, 1) {f@2 l0=p0}
        i2 = int_floordiv(7, 0) {f@2 l0=p0}
        i3 = int_mod(7, 0) {f@2 l0=p0}
        f4 = float_truediv(1.0, 0.0) {f@2 l0=p0}
        i5 = unbox_int($big) {f@2 l0=p0}
        i6 = unbox_int($True) {f@2 l0=p0}
        guard_true(false) {f@3 l0=p0}
        guard_class($big, $float) {f@3 l0=p0}
        guard_value($None, $True) {f@3 l0=p0}
        jump(p0)
    """, "constfold", ns={"$big": 1 << 70})


def test_constfold_guards_that_hold_go():
    check("""
        [p0]
        label(p0)
        guard_true(true) {f@2 l0=p0}
        guard_false(false) {f@2 l0=p0}
        guard_class($five, $int) {f@2 l0=p0}
        guard_value($None, $None) {f@2 l0=p0}
        guard_nonnull($None) {f@2 l0=p0}
        guard_len($pair, 2) {f@2 l0=p0}
        guard_len($lst, 2) {f@2 l0=p0}
        guard_dict_version($d, 3) {f@2 l0=p0}
        b1 = int_eq(3, 3)
        guard_true(b1) {f@3 l0=p0}
        b2 = ptr_eq($None, $None)
        guard_false(b2) {f@3 l0=p0}
        jump(p0)
    """, """
        [p0]
        label(p0)
        guard_len($lst, 2) {f@2 l0=p0}
        guard_dict_version($d, 3) {f@2 l0=p0}
        guard_false(true) {f@3 l0=p0}
        jump(p0)
    """, "constfold", ns={"$five": 5, "$pair": (1, 2), "$lst": [1, 2], "$d": {}})


def test_constfold_boxing_of_constants():
    check("""
        [p0]
        label(p0)
        i1 = unbox_int($five) {f@2 l0=p0}
        f2 = unbox_float($half) {f@2 l0=p0}
        f3 = unbox_float($five)
        p4 = box_int(i1)
        p5 = box_float(f2)
        p6 = box_bool(true)
        f7 = int_to_float(i1)
        b8 = float_lt(f2, f7)
        p9 = call($f, p4, p5, p6, p0) {f@4 l0=p0 s=f3,b8}
        jump(p9)
    """, """
        [p0]
        label(p0)
        f3 = unbox_float($five)
        p9 = call($f, $five, $half, $True, p0) {f@4 l0=p0 s=f3,true}
        jump(p9)
    """, "constfold", ns={"$five": 5, "$half": 0.5, "$f": print})


def test_constfold_never_folds_effects_or_raising_ops():
    check("""
        [p0]
        label(p0)
        p1 = call($abs, $five) {f@2 l0=p0}
        p2 = build_tuple($five) {f@2 l0=p0}
        p3 = call_binop(0, $five, $five) {f@2 l0=p0}
        jump(p0)
    """, """
        [p0]
        label(p0)
        p1 = call($abs, $five) {f@2 l0=p0}
        p2 = build_tuple($five) {f@2 l0=p0}
        p3 = call_binop(0, $five, $five) {f@2 l0=p0}
        jump(p0)
    """, "constfold", ns={"$five": 5, "$abs": abs})


# ---------------------------------------------------------------------------
# guards


def test_guards_duplicate_class_value_nonnull():
    check("""
        [p0, p1, p2]
        label(p0, p1, p2)
        guard_class(p0, $int) {f@2 l0=p0}
        guard_class(p0, $int) {f@4 l0=p0}
        guard_nonnull(p0) {f@4 l0=p0}
        guard_value(p1, $None) {f@6 l0=p0}
        guard_class(p1, $NoneType) {f@6 l0=p0}
        guard_value(p1, $None) {f@6 l0=p0}
        guard_nonnull(p1) {f@6 l0=p0}
        guard_nonnull(p2) {f@8 l0=p0}
        guard_nonnull(p2) {f@8 l0=p0}
        guard_class(p0, $float) {f@10 l0=p0}
        jump(p0, p1, p2)
    """, """
        [p0, p1, p2]
        label(p0, p1, p2)
        guard_class(p0, $int) {f@2 l0=p0}
        guard_value(p1, $None) {f@6 l0=p0}
        guard_nonnull(p2) {f@8 l0=p0}
        guard_class(p0, $float) {f@10 l0=p0}
        jump(p0, p1, p2)
    """, "guards", ns={"$NoneType": type(None)})


def test_guards_class_known_by_construction():
    check("""
        [p0]
        label(p0)
        i1 = unbox_int(p0) {f@2 l0=p0}
        guard_class(p0, $int) {f@2 l0=p0}
        p2 = box_int(i1)
        guard_class(p2, $int) {f@4 l0=p2}
        p3 = box_float(1.5)
        guard_class(p3, $float) {f@4 l0=p2}
        p4 = box_bool(true)
        guard_class(p4, $bool) {f@4 l0=p2}
        p5 = build_tuple(p2, p3) {f@4 l0=p2}
        guard_class(p5, $tuple) {f@6 l0=p5}
        guard_len(p5, 2) {f@6 l0=p5}
        p6 = build_list(p2) {f@6 l0=p5}
        guard_class(p6, $list) {f@6 l0=p6}
        guard_nonnull(p6) {f@6 l0=p6}
        jump(p6)
    """, """
        [p0]
        label(p0)
        i1 = unbox_int(p0) {f@2 l0=p0}
        p2 = box_int(i1)
        p3 = box_float(1.5)
        p4 = box_bool(true)
        p5 = build_tuple(p2, p3) {f@4 l0=p2}
        p6 = build_list(p2) {f@6 l0=p5}
        jump(p6)
    """, "guards")


def test_guards_len_and_versions_across_effects():
    # tuple lengths last; list lengths and dict/type versions only until an op
    # with effects (a call may append, write a global, patch a class)
    check("""
        [p0, p1, p2, p3]
        label(p0, p1, p2, p3)
        guard_class(p0, $tuple) {f@2 l0=p0}
        guard_len(p0, 3) {f@2 l0=p0}
        guard_len(p1, 2) {f@2 l0=p0}
        guard_dict_version(p2, 7) {f@2 l0=p0}
        guard_type_version(p3, 9) {f@2 l0=p0}
        guard_len(p0, 3) {f@4 l0=p0}
        guard_len(p1, 2) {f@4 l0=p0}
        guard_len(p1, 5) {f@4 l0=p0}
        guard_dict_version(p2, 7) {f@4 l0=p0}
        guard_type_version(p3, 9) {f@4 l0=p0}
        p4 = call($f) {f@6 l0=p0}
        guard_len(p0, 3) {f@8 l0=p0}
        guard_len(p1, 5) {f@8 l0=p0}
        guard_dict_version(p2, 7) {f@8 l0=p0}
        guard_type_version(p3, 9) {f@8 l0=p0}
        jump(p0, p1, p2, p3)
    """, """
        [p0, p1, p2, p3]
        label(p0, p1, p2, p3)
        guard_class(p0, $tuple) {f@2 l0=p0}
        guard_len(p0, 3) {f@2 l0=p0}
        guard_len(p1, 2) {f@2 l0=p0}
        guard_dict_version(p2, 7) {f@2 l0=p0}
        guard_type_version(p3, 9) {f@2 l0=p0}
        guard_len(p1, 5) {f@4 l0=p0}
        p4 = call($f) {f@6 l0=p0}
        guard_len(p1, 5) {f@8 l0=p0}
        guard_dict_version(p2, 7) {f@8 l0=p0}
        guard_type_version(p3, 9) {f@8 l0=p0}
        jump(p0, p1, p2, p3)
    """, "guards", ns={"$f": dict})


class Plain:
    pass


def test_guards_user_class_forgotten_at_effects():
    # obj.__class__ = Other is legal for user classes: a call may do it
    check("""
        [p0]
        label(p0)
        guard_class(p0, $Plain) {f@2 l0=p0}
        guard_class(p0, $Plain) {f@2 l0=p0}
        p1 = call($f) {f@4 l0=p0}
        guard_class(p0, $Plain) {f@6 l0=p0}
        jump(p0)
    """, """
        [p0]
        label(p0)
        guard_class(p0, $Plain) {f@2 l0=p0}
        p1 = call($f) {f@4 l0=p0}
        guard_class(p0, $Plain) {f@6 l0=p0}
        jump(p0)
    """, "guards", ns={"$Plain": Plain, "$f": dict})


def test_guards_new_instance_class_and_first_stores():
    # new_instance(C) is a C; the first stores into its fields drop no value
    # (run no code): the class and version facts stay.  A second store into a
    # field may drop the last reference to the old value (its __del__: any
    # code), and so does a store into an object not made here
    check("""
        [p0, p1]
        label(p0, p1)
        p2 = new_instance($Plain) {f@1 l0=p0}
        guard_class(p2, $Plain) {f@2 l0=p0}
        guard_type_version($Plain, 7) {f@2 l0=p0}
        setattr_slot(p2, $'x', 16, p1) {f@3 l0=p0}
        guard_class(p2, $Plain) {f@4 l0=p0}
        guard_type_version($Plain, 7) {f@4 l0=p0}
        setattr_slot(p2, $'y', 24, p1) {f@5 l0=p0}
        guard_type_version($Plain, 7) {f@6 l0=p0}
        setattr_slot(p2, $'x', 16, p1) {f@7 l0=p0}
        guard_class(p2, $Plain) {f@8 l0=p0}
        guard_type_version($Plain, 7) {f@8 l0=p0}
        setattr_slot(p0, $'x', 16, p1) {f@9 l0=p0}
        guard_type_version($Plain, 7) {f@10 l0=p0}
        jump(p0, p1)
    """, """
        [p0, p1]
        label(p0, p1)
        p2 = new_instance($Plain) {f@1 l0=p0}
        guard_type_version($Plain, 7) {f@2 l0=p0}
        setattr_slot(p2, $'x', 16, p1) {f@3 l0=p0}
        setattr_slot(p2, $'y', 24, p1) {f@5 l0=p0}
        setattr_slot(p2, $'x', 16, p1) {f@7 l0=p0}
        guard_class(p2, $Plain) {f@8 l0=p0}
        guard_type_version($Plain, 7) {f@8 l0=p0}
        setattr_slot(p0, $'x', 16, p1) {f@9 l0=p0}
        guard_type_version($Plain, 7) {f@10 l0=p0}
        jump(p0, p1)
    """, "guards", ns={"$Plain": Plain})


def test_guards_facts_kept_across_a_store_over_an_inert_value():
    # self.done = True over a bool read before (or stored before) drops an
    # object whose death runs no code: the store runs none, self's class and
    # its type's version stay known.  Over a value of unknown class it may
    # run any code (__del__): they are checked again
    check("""
        [p0, p1]
        label(p0, p1)
        guard_class(p0, $Plain) {f@1 l0=p0 l1=p1}
        guard_type_version($Plain, 7) {f@1 l0=p0 l1=p1}
        p2 = getattr_values(p0, $done, 0) {f@2 l0=p0 l1=p1}
        guard_class(p2, $bool) {f@2 l0=p0 l1=p1}
        setattr_values(p0, $done, 0, $True) {f@3 l0=p0 l1=p1}
        guard_class(p0, $Plain) {f@4 l0=p0 l1=p1}
        guard_type_version($Plain, 7) {f@4 l0=p0 l1=p1}
        setattr_values(p0, $done, 0, p1) {f@5 l0=p0 l1=p1}
        guard_class(p0, $Plain) {f@6 l0=p0 l1=p1}
        setattr_values(p0, $done, 0, $None) {f@7 l0=p0 l1=p1}
        guard_class(p0, $Plain) {f@8 l0=p0 l1=p1}
        guard_type_version($Plain, 7) {f@8 l0=p0 l1=p1}
        jump(p0, p1)
    """, """
        [p0, p1]
        label(p0, p1)
        guard_class(p0, $Plain) {f@1 l0=p0 l1=p1}
        guard_type_version($Plain, 7) {f@1 l0=p0 l1=p1}
        p2 = getattr_values(p0, $done, 0) {f@2 l0=p0 l1=p1}
        guard_class(p2, $bool) {f@2 l0=p0 l1=p1}
        setattr_values(p0, $done, 0, $True) {f@3 l0=p0 l1=p1}
        setattr_values(p0, $done, 0, p1) {f@5 l0=p0 l1=p1}
        setattr_values(p0, $done, 0, $None) {f@7 l0=p0 l1=p1}
        guard_class(p0, $Plain) {f@8 l0=p0 l1=p1}
        guard_type_version($Plain, 7) {f@8 l0=p0 l1=p1}
        jump(p0, p1)
    """, "guards", ns={"$Plain": Plain, "$done": "done"})


def test_guards_no_dict_and_shared_keys_duplicates():
    # an object's __dict__ materialized, a new attribute name in a class's
    # shared keys: only code does either -- a duplicate goes until an op that
    # may run code (here a store over a value of unknown class)
    check("""
        [p0, p1]
        label(p0, p1)
        guard_no_dict(p0) {f@1 l0=p0 l1=p1}
        guard_shared_keys($Plain, 3) {f@1 l0=p0 l1=p1}
        p2 = getattr_values(p0, $done, 0) {f@2 l0=p0 l1=p1}
        guard_no_dict(p0) {f@3 l0=p0 l1=p1}
        guard_shared_keys($Plain, 3) {f@3 l0=p0 l1=p1}
        guard_no_dict(p1) {f@3 l0=p0 l1=p1}
        setattr_values(p0, $done, 0, p1) {f@4 l0=p0 l1=p1}
        guard_no_dict(p0) {f@5 l0=p0 l1=p1}
        guard_shared_keys($Plain, 3) {f@5 l0=p0 l1=p1}
        jump(p0, p1)
    """, """
        [p0, p1]
        label(p0, p1)
        guard_no_dict(p0) {f@1 l0=p0 l1=p1}
        guard_shared_keys($Plain, 3) {f@1 l0=p0 l1=p1}
        p2 = getattr_values(p0, $done, 0) {f@2 l0=p0 l1=p1}
        guard_no_dict(p1) {f@3 l0=p0 l1=p1}
        setattr_values(p0, $done, 0, p1) {f@4 l0=p0 l1=p1}
        guard_no_dict(p0) {f@5 l0=p0 l1=p1}
        guard_shared_keys($Plain, 3) {f@5 l0=p0 l1=p1}
        jump(p0, p1)
    """, "guards", ns={"$Plain": Plain, "$done": "done"})


def test_guards_facts_kept_across_an_inert_builtin_call():
    # ord('A'), range(n) of an int: no program code runs, nothing the collector
    # tracks is made -- what the guards proved stays; ord(p1) of an object of
    # unknown class may run code (its __index__... or a str subclass's)
    check("""
        [p0, p1]
        label(p0, p1)
        guard_class(p0, $Plain) {f@1 l0=p0 l1=p1}
        guard_type_version($Plain, 7) {f@1 l0=p0 l1=p1}
        p2 = call($ord, $A) {f@2 l0=p0 l1=p1}
        guard_class(p2, $int) {f@3 l0=p0 l1=p1}
        p3 = call($range, p2) {f@3 l0=p0 l1=p1}
        guard_class(p0, $Plain) {f@4 l0=p0 l1=p1}
        guard_type_version($Plain, 7) {f@4 l0=p0 l1=p1}
        p4 = call($ord, p1) {f@5 l0=p0 l1=p1}
        guard_class(p0, $Plain) {f@6 l0=p0 l1=p1}
        jump(p0, p1)
    """, """
        [p0, p1]
        label(p0, p1)
        guard_class(p0, $Plain) {f@1 l0=p0 l1=p1}
        guard_type_version($Plain, 7) {f@1 l0=p0 l1=p1}
        p2 = call($ord, $A) {f@2 l0=p0 l1=p1}
        guard_class(p2, $int) {f@3 l0=p0 l1=p1}
        p3 = call($range, p2) {f@3 l0=p0 l1=p1}
        p4 = call($ord, p1) {f@5 l0=p0 l1=p1}
        guard_class(p0, $Plain) {f@6 l0=p0 l1=p1}
        jump(p0, p1)
    """, "guards", ns={"$Plain": Plain, "$ord": ord, "$range": range, "$A": "A"})


def test_guards_bool_duplicates_and_identity():
    check("""
        [p0, p1]
        label(p0, p1)
        i2 = unbox_int(p0) {f@2 l0=p0}
        b3 = int_lt(i2, 10)
        guard_true(b3) {f@2 l0=p0}
        guard_true(b3) {f@4 l0=p0}
        guard_false(b3) {f@4 l0=p0}
        p4 = box_int(i2)
        b5 = ptr_eq(p4, NULL)
        guard_false(b5) {f@6 l0=p4}
        b6 = ptr_eq(p1, p1)
        guard_true(b6) {f@6 l0=p4}
        guard_value(p1, $None) {f@8 l0=p4}
        b7 = ptr_eq(p1, $None)
        guard_true(b7) {f@8 l0=p4}
        jump(p4, p1)
    """, """
        [p0, p1]
        label(p0, p1)
        i2 = unbox_int(p0) {f@2 l0=p0}
        b3 = int_lt(i2, 10)
        guard_true(b3) {f@2 l0=p0}
        guard_false(b3) {f@4 l0=p0}
        p4 = box_int(i2)
        guard_value(p1, $None) {f@8 l0=p4}
        jump(p4, p1)
    """, "guards")


def test_guards_label_cuts_knowledge_of_label_args_only():
    # p0 is a label arg the jump changes: the preamble's guard says nothing about later
    # iterations.  p1 is not (loop-invariant): its class carries, its dict
    # version does not (the body calls), while p2's length on a tuple does.
    check("""
        [p0, p1, p2]
        guard_class(p0, $int) {f@1 l0=p0}
        guard_class(p1, $int) {f@1 l0=p0}
        guard_dict_version(p1, 4) {f@1 l0=p0}
        guard_class(p2, $tuple) {f@1 l0=p0}
        guard_len(p2, 2) {f@1 l0=p0}
        label(p0)
        guard_class(p0, $int) {f@2 l0=p0}
        guard_class(p1, $int) {f@2 l0=p0}
        guard_dict_version(p1, 4) {f@2 l0=p0}
        guard_len(p2, 2) {f@2 l0=p0}
        p3 = call($f) {f@4 l0=p0}
        jump(p3)
    """, """
        [p0, p1, p2]
        guard_class(p0, $int) {f@1 l0=p0}
        guard_class(p1, $int) {f@1 l0=p0}
        guard_dict_version(p1, 4) {f@1 l0=p0}
        guard_class(p2, $tuple) {f@1 l0=p0}
        guard_len(p2, 2) {f@1 l0=p0}
        label(p0)
        guard_class(p0, $int) {f@2 l0=p0}
        guard_dict_version(p1, 4) {f@2 l0=p0}
        p3 = call($f) {f@4 l0=p0}
        jump(p3)
    """, "guards", ns={"$f": dict})


def test_a_label_arg_the_jump_passes_unchanged_is_invariant():
    # p1 is a label arg, but every iteration sees the entry value (bridges that
    # would change it are refused: opt.bridge.enter_loop), so its class carries
    check("""
        [p0, p1]
        guard_class(p0, $int) {f@1 l0=p0 l1=p1}
        guard_class(p1, $int) {f@1 l0=p0 l1=p1}
        label(p0, p1)
        guard_class(p0, $int) {f@2 l0=p0 l1=p1}
        guard_class(p1, $int) {f@2 l0=p0 l1=p1}
        p3 = call($f) {f@4 l0=p0 l1=p1}
        jump(p3, p1)
    """, """
        [p0, p1]
        guard_class(p0, $int) {f@1 l0=p0 l1=p1}
        guard_class(p1, $int) {f@1 l0=p0 l1=p1}
        label(p0, p1)
        guard_class(p0, $int) {f@2 l0=p0 l1=p1}
        p3 = call($f) {f@4 l0=p0 l1=p1}
        jump(p3, p1)
    """, "guards", ns={"$f": dict})


def test_guards_versions_carry_into_a_body_without_effects():
    check("""
        [p0, p1]
        guard_dict_version(p1, 4) {f@1 l0=p0}
        label(p0)
        guard_dict_version(p1, 4) {f@2 l0=p0}
        i2 = unbox_int(p0) {f@2 l0=p0}
        i3 = int_add_ovf(i2, 1) {f@2 l0=p0}
        p4 = box_int(i3)
        jump(p4)
    """, """
        [p0, p1]
        guard_dict_version(p1, 4) {f@1 l0=p0}
        label(p0)
        i2 = unbox_int(p0) {f@2 l0=p0}
        i3 = int_add_ovf(i2, 1) {f@2 l0=p0}
        p4 = box_int(i3)
        jump(p4)
    """, "guards")


def test_guards_versions_of_constants():
    # the globals' and a class's versions, checked again by every inlined call:
    # kept once until an op that may run code; the same across the label when
    # the body runs none, never when it does (the previous iteration's call)
    check("""
        [p0]
        guard_type_version($C, 5) {f@1 l0=p0}
        label(p0)
        guard_type_version($C, 5) {f@2 l0=p0}
        guard_dict_version($d, 3) {f@2 l0=p0}
        guard_type_version($C, 5) {f@3 l0=p0}
        guard_dict_version($d, 3) {f@3 l0=p0}
        guard_type_version($C, 6) {f@3 l0=p0}
        p1 = call($f) {f@4 l0=p0}
        guard_type_version($C, 5) {f@5 l0=p0}
        guard_dict_version($d, 3) {f@5 l0=p0}
        jump(p0)
    """, """
        [p0]
        guard_type_version($C, 5) {f@1 l0=p0}
        label(p0)
        guard_type_version($C, 5) {f@2 l0=p0}
        guard_dict_version($d, 3) {f@2 l0=p0}
        guard_type_version($C, 6) {f@3 l0=p0}
        p1 = call($f) {f@4 l0=p0}
        guard_type_version($C, 5) {f@5 l0=p0}
        guard_dict_version($d, 3) {f@5 l0=p0}
        jump(p0)
    """, "guards", ns={"$C": Plain, "$d": {}, "$f": dict})
    check("""
        [p0]
        guard_type_version($C, 5) {f@1 l0=p0}
        label(p0)
        guard_type_version($C, 5) {f@2 l0=p0}
        jump(p0)
    """, """
        [p0]
        guard_type_version($C, 5) {f@1 l0=p0}
        label(p0)
        jump(p0)
    """, "guards", ns={"$C": Plain})


# ---------------------------------------------------------------------------
# cse


def test_cse_reuses_first_result_in_args_snapshots_and_jump():
    # i7 is i4 (i3 + i6 is i2 + i3 swapped): i8 and i9 are i4 - i4, which the
    # fold rules (cse applies them to what it merged) make 0
    check("""
        [p0, p1]
        label(p0, p1)
        i2 = unbox_int(p0) {f@2 l0=p0 l1=p1}
        i3 = unbox_int(p1) {f@2 l0=p0 l1=p1}
        i4 = int_add_ovf(i2, i3) {f@2 l0=p0 l1=p1}
        p5 = call($f) {f@3 l0=p0 l1=p1}
        i6 = unbox_int(p0) {f@4 l0=p0 l1=p1}
        i7 = int_add_ovf(i3, i6) {f@4 l0=p0 l1=p1 s=i4}
        i8 = int_sub_ovf(i7, i4) {f@4 l0=p0 l1=p1 s=i7}
        i9 = int_sub_ovf(i4, i7) {f@4 l0=p0 l1=p1 s=i8}
        f10 = float_add(1.5, 2.5)
        f11 = float_add(2.5, 1.5)
        f12 = float_sub(2.5, 1.5)
        f13 = float_sub(1.5, 2.5)
        p14 = box_int(i7)
        p15 = box_int(i4)
        jump(p14, p15)
    """, """
        [p0, p1]
        label(p0, p1)
        i2 = unbox_int(p0) {f@2 l0=p0 l1=p1}
        i3 = unbox_int(p1) {f@2 l0=p0 l1=p1}
        i4 = int_add_ovf(i2, i3) {f@2 l0=p0 l1=p1}
        p5 = call($f) {f@3 l0=p0 l1=p1}
        f10 = float_add(1.5, 2.5)
        f12 = float_sub(2.5, 1.5)
        f13 = float_sub(1.5, 2.5)
        p14 = box_int(i4)
        jump(p14, p14)
    """, "cse", ns={"$f": dict})


def test_cse_across_the_label_only_for_invariant_values():
    # p1 is loop-invariant (not a label arg): the preamble's unbox serves the
    # body.  p0 is a label arg: in the body it is another value.
    check("""
        [p0, p1]
        i2 = unbox_int(p0) {f@1 l0=p0}
        i3 = unbox_int(p1) {f@1 l0=p0}
        i4 = int_mul_ovf(i3, 3) {f@1 l0=p0}
        label(p0)
        i5 = unbox_int(p0) {f@2 l0=p0}
        i6 = unbox_int(p1) {f@2 l0=p0}
        i7 = int_mul_ovf(3, i6) {f@2 l0=p0}
        i8 = int_add_ovf(i5, i7) {f@2 l0=p0}
        p9 = box_int(i8)
        jump(p9)
    """, """
        [p0, p1]
        i2 = unbox_int(p0) {f@1 l0=p0}
        i3 = unbox_int(p1) {f@1 l0=p0}
        i4 = int_mul_ovf(i3, 3) {f@1 l0=p0}
        label(p0)
        i5 = unbox_int(p0) {f@2 l0=p0}
        i8 = int_add_ovf(i5, i4) {f@2 l0=p0}
        p9 = box_int(i8)
        jump(p9)
    """, "cse")


def test_cse_never_merges_label_args():
    # two unboxes of one input both carried: merging them would make one
    # variable of two (and the preamble may not read a label arg's body value)
    t = check("""
        [p0]
        i1 = unbox_int(p0) {f@1 l0=p0}
        i2 = unbox_int(p0) {f@1 l0=p0}
        label(i1, i2)
        i3 = int_add_ovf(i1, 1) {f@2 l0=p0}
        i4 = int_add_ovf(i2, 1) {f@2 l0=p0}
        jump(i3, i4)
    """, """
        [p0]
        i1 = unbox_int(p0) {f@1 l0=p0}
        i2 = unbox_int(p0) {f@1 l0=p0}
        label(i1, i2)
        i3 = int_add_ovf(i1, 1) {f@2 l0=p0}
        i4 = int_add_ovf(i2, 1) {f@2 l0=p0}
        jump(i3, i4)
    """, "cse")
    assert len(t.label().args) == 2


# ---------------------------------------------------------------------------
# dce


def test_dce_removes_unused_pure_ops_to_a_fixpoint():
    check("""
        [p0]
        label(p0)
        i1 = unbox_int(p0) {f@2 l0=p0}
        i2 = int_and(i1, 3)
        i3 = int_or(i2, 4)
        f4 = int_to_float(i3)
        p5 = box_float(f4)
        i6 = int_add_ovf(i1, 1) {f@2 l0=p0}
        i7 = int_xor(i1, 1)
        b8 = int_is_true(i7)
        p9 = box_bool(b8)
        p10 = build_tuple(p0) {f@2 l0=p0}
        p11 = tuple_getitem(p10, 0)
        i12 = int_sub_ovf(i1, 1) {f@2 l0=p0}
        p13 = box_int(i12)
        jump(p13)
    """, """
        [p0]
        label(p0)
        i1 = unbox_int(p0) {f@2 l0=p0}
        i6 = int_add_ovf(i1, 1) {f@2 l0=p0}
        p10 = build_tuple(p0) {f@2 l0=p0}
        i12 = int_sub_ovf(i1, 1) {f@2 l0=p0}
        p13 = box_int(i12)
        jump(p13)
    """, "dce")


def test_dce_keeps_values_read_by_snapshots_and_label():
    check("""
        [p0]
        i1 = unbox_int(p0) {f@1 l0=p0}
        i2 = int_neg_ovf(i1) {f@1 l0=p0}
        i3 = int_and(i2, 1)
        label(i3)
        b4 = int_is_true(i3)
        i5 = int_and(i3, 7)
        guard_false(b4) {f@2 l0=i5}
        i6 = int_or(i3, 1)
        jump(i6)
    """, """
        [p0]
        i1 = unbox_int(p0) {f@1 l0=p0}
        i2 = int_neg_ovf(i1) {f@1 l0=p0}
        i3 = int_and(i2, 1)
        label(i3)
        b4 = int_is_true(i3)
        i5 = int_and(i3, 7)
        guard_false(b4) {f@2 l0=i5}
        i6 = int_or(i3, 1)
        jump(i6)
    """, "dce")


# ---------------------------------------------------------------------------
# unbox


def test_unbox_of_box():
    check("""
        [p0]
        label(p0)
        guard_class(p0, $float) {f@2 l0=p0}
        f1 = unbox_float(p0)
        f2 = float_mul(f1, 2.0)
        p3 = box_float(f2)
        f4 = unbox_float(p3)
        i5 = unbox_int(p0) {f@2 l0=p0}
        p6 = box_int(i5)
        i7 = unbox_int(p6) {f@2 l0=p6}
        p8 = call($f, p3, p6) {f@2 l0=p6}
        f9 = float_add(f4, 1.0)
        i10 = int_add_ovf(i7, 1) {f@2 l0=p6}
        jump(p8)
    """, """
        [p0]
        label(p0)
        guard_class(p0, $float) {f@2 l0=p0}
        f1 = unbox_float(p0)
        f2 = float_mul(f1, 2.0)
        p3 = box_float(f2)
        i5 = unbox_int(p0) {f@2 l0=p0}
        p6 = box_int(i5)
        p8 = call($f, p3, p6) {f@2 l0=p6}
        f9 = float_add(f2, 1.0)
        i10 = int_add_ovf(i5, 1) {f@2 l0=p6}
        jump(p8)
    """, "unbox", ns={"$f": print})


def test_unbox_of_box_never_reads_a_label_arg_for_a_preamble_value():
    # i3 is the entry value; replaced by the label arg i1 the body would read
    # the iteration's value instead
    src = """
        [p0]
        i1 = unbox_int(p0) {f@1 l0=p0}
        p2 = box_int(i1)
        i3 = unbox_int(p2) {f@1 l0=p0}
        label(i1)
        i4 = int_add_ovf(i1, i3) {f@2 l0=p0}
        jump(i4)
    """
    check(src, src, "unbox")


def test_unbox_sinks_boxes_read_only_by_snapshots():
    check("""
        [p0]
        label(p0)
        i1 = unbox_int(p0) {f@2 l0=p0}
        p2 = box_int(i1)
        f3 = int_to_float(i1)
        p4 = box_float(f3)
        b5 = int_is_true(i1)
        p6 = box_bool(b5)
        p7 = box_int(i1)
        guard_true(b5) {f@4 l0=p2 s=p4,p6}
        p8 = call($f, p7) {f@4 l0=p2}
        jump(p8)
    """, """
        [p0]
        label(p0)
        i1 = unbox_int(p0) {f@2 l0=p0}
        f3 = int_to_float(i1)
        b5 = int_is_true(i1)
        p7 = box_int(i1)
        guard_true(b5) {f@4 l0=i1 s=f3,b5}
        p8 = call($f, p7) {f@4 l0=i1}
        jump(p8)
    """, "unbox", ns={"$f": print})


COUNT_LOOP = """
    # while i < n: i = i + 1   -- l0 = i, l1 = n, as the recorder writes it
    [p0, p1]
    entry {f@4 l0=p0 l1=p1}
    label(p0, p1)
    b2 = ptr_eq(p0, NULL)
    guard_false(b2) {f@4 l0=p0 l1=p1}
    b3 = ptr_eq(p1, NULL)
    guard_false(b3) {f@4 l0=p0 l1=p1}
    guard_class(p0, $int) {f@6 l0=p0 l1=p1 s=p0,p1}
    guard_class(p1, $int) {f@6 l0=p0 l1=p1 s=p0,p1}
    i4 = unbox_int(p0) {f@6 l0=p0 l1=p1 s=p0,p1}
    i5 = unbox_int(p1) {f@6 l0=p0 l1=p1 s=p0,p1}
    b6 = int_lt(i4, i5)
    p7 = box_bool(b6)
    guard_true(b6) {f@20 l0=p0 l1=p1}
    guard_class(p0, $int) {f@12 l0=p0 l1=p1 s=p0,1}
    i8 = unbox_int(p0) {f@12 l0=p0 l1=p1 s=p0,1}
    i9 = int_add_ovf(i8, 1) {f@12 l0=p0 l1=p1 s=p0,1}
    p10 = box_int(i9)
    jump(p10, p1)
"""

COUNT_LOOP_OPT = """
    [p0, p1]
    entry {f@4 l0=p0 l1=p1}
    guard_class(p0, $int) {f@4 l0=p0 l1=p1}
    i2 = unbox_int(p0) {f@4 l0=p0 l1=p1}
    guard_class(p1, $int) {f@4 l0=p0 l1=p1}
    i3 = unbox_int(p1) {f@4 l0=p0 l1=p1}
    label(i2, i3)
    b4 = int_lt(i2, i3)
    guard_true(b4) {f@20 l0=i2 l1=i3}
    i5 = int_add(i2, 1)
    jump(i5, i3)
"""


def test_unbox_counting_loop_alone():
    # the unbox pass by itself does the whole job on this loop: machine ints
    # across the back-edge, the unbound checks gone, the comparison's box sunk
    # (the overflow check stays: intbounds removes it)
    check(COUNT_LOOP, COUNT_LOOP_OPT.replace(
        "i5 = int_add(i2, 1)", "i5 = int_add_ovf(i2, 1) {f@12 l0=i2 l1=i3 s=i2,1}"), "unbox")


def test_counting_loop_optimized():
    t = check(COUNT_LOOP, COUNT_LOOP_OPT, NO_LICM)
    assert [a.type for a in t.label().args] == ["i", "i"]
    assert not any(op.name.startswith(("box_", "unbox_", "guard_class")) for op in body(t))


FLOAT_LOOP = """
    # while i < n: s = s + 0.5; i = i + 1   -- l0 = s, l1 = i, l2 = n
    [p0, p1, p2]
    entry {f@4 l0=p0 l1=p1 l2=p2}
    label(p0, p1, p2)
    b3 = ptr_eq(p1, NULL)
    guard_false(b3) {f@4 l0=p0 l1=p1 l2=p2}
    b4 = ptr_eq(p2, NULL)
    guard_false(b4) {f@4 l0=p0 l1=p1 l2=p2}
    guard_class(p1, $int) {f@6 l0=p0 l1=p1 l2=p2 s=p1,p2}
    guard_class(p2, $int) {f@6 l0=p0 l1=p1 l2=p2 s=p1,p2}
    i5 = unbox_int(p1) {f@6 l0=p0 l1=p1 l2=p2 s=p1,p2}
    i6 = unbox_int(p2) {f@6 l0=p0 l1=p1 l2=p2 s=p1,p2}
    b7 = int_lt(i5, i6)
    guard_true(b7) {f@30 l0=p0 l1=p1 l2=p2}
    b8 = ptr_eq(p0, NULL)
    guard_false(b8) {f@10 l0=p0 l1=p1 l2=p2}
    guard_class(p0, $float) {f@12 l0=p0 l1=p1 l2=p2 s=p0,0.5}
    f9 = unbox_float(p0)
    f10 = float_add(f9, 0.5)
    p11 = box_float(f10)
    guard_class(p1, $int) {f@16 l0=p11 l1=p1 l2=p2 s=p1,1}
    i12 = unbox_int(p1) {f@16 l0=p11 l1=p1 l2=p2 s=p1,1}
    i13 = int_add_ovf(i12, 1) {f@16 l0=p11 l1=p1 l2=p2 s=p1,1}
    p14 = box_int(i13)
    jump(p11, p14, p2)
"""


def test_float_accumulate_loop_optimized():
    t = check(FLOAT_LOOP, """
        [p0, p1, p2]
        entry {f@4 l0=p0 l1=p1 l2=p2}
        guard_class(p0, $float) {f@4 l0=p0 l1=p1 l2=p2}
        f3 = unbox_float(p0)
        guard_class(p1, $int) {f@4 l0=p0 l1=p1 l2=p2}
        i4 = unbox_int(p1) {f@4 l0=p0 l1=p1 l2=p2}
        guard_class(p2, $int) {f@4 l0=p0 l1=p1 l2=p2}
        i5 = unbox_int(p2) {f@4 l0=p0 l1=p1 l2=p2}
        label(f3, i4, i5)
        b6 = int_lt(i4, i5)
        guard_true(b6) {f@30 l0=f3 l1=i4 l2=i5}
        f7 = float_add(f3, 0.5)
        i8 = int_add(i4, 1)
        jump(f7, i8, i5)
    """, NO_LICM)
    assert [a.type for a in t.label().args] == ["f", "i", "i"]


CALL_LOOP = """
    # while x < n: x = step(x)   -- l0 = x, l1 = n; the jump passes a call's result
    [p0, p1]
    entry {f@4 l0=p0 l1=p1}
    label(p0, p1)
    guard_class(p0, $int) {f@6 l0=p0 l1=p1 s=p0,p1}
    guard_class(p1, $int) {f@6 l0=p0 l1=p1 s=p0,p1}
    i2 = unbox_int(p0) {f@6 l0=p0 l1=p1 s=p0,p1}
    i3 = unbox_int(p1) {f@6 l0=p0 l1=p1 s=p0,p1}
    b4 = int_lt(i2, i3)
    guard_true(b4) {f@20 l0=p0 l1=p1}
    p5 = call($step, p0) {f@12 l0=p0 l1=p1 s=$step,p0}
    jump(p5, p1)
"""


def step(x):
    if x == 7:
        raise ValueError("seven")
    if x == 3:
        return 3.5
    return 2 * x + 1


def test_call_result_is_not_unboxed():
    t = check(CALL_LOOP, """
        [p0, p1]
        entry {f@4 l0=p0 l1=p1}
        guard_class(p1, $int) {f@4 l0=p0 l1=p1}
        i2 = unbox_int(p1) {f@4 l0=p0 l1=p1}
        label(p0, i2)
        guard_class(p0, $int) {f@6 l0=p0 l1=i2 s=p0,i2}
        i3 = unbox_int(p0) {f@6 l0=p0 l1=i2 s=p0,i2}
        b4 = int_lt(i3, i2)
        guard_true(b4) {f@20 l0=p0 l1=i2}
        p5 = call($step, p0) {f@12 l0=p0 l1=i2 s=$step,p0}
        jump(p5, i2)
    """, NO_LICM, ns={"$step": step})
    assert [a.type for a in t.label().args] == ["r", "i"]


def test_unbox_needs_an_entry_snapshot():
    text = COUNT_LOOP.replace("entry {f@4 l0=p0 l1=p1}", "")
    t = opt.optimize(ir.parse(text), ["unbox"])
    assert [a.type for a in t.label().args] == ["r", "r"]


RANGE_LOOP = """
    # for i in range(n): t += i * 2   -- l1 = t, l2 = i, s0 = the iterator
    [p0, p1, p2]
    entry {f@18 l1=p2 l2=p1 s=p0}
    label(p0, p1, p2)
    guard_class(p0, $range_iterator) {f@18 l1=p2 l2=p1 s=p0}
    i3 = rangeiter_next(p0) {f@29 l1=p2 l2=p1}
    p4 = box_int(i3)
    b5 = ptr_eq(p2, NULL)
    guard_false(b5) {f@20 l1=p2 l2=p4 s=p0}
    guard_class(p4, $int) {f@23 l1=p2 l2=p4 s=p0,p2,p4,2}
    i6 = int_mul_ovf(i3, 2) {f@23 l1=p2 l2=p4 s=p0,p2,p4,2}
    p7 = box_int(i6)
    guard_class(p2, $int) {f@25 l1=p2 l2=p4 s=p0,p2,p7}
    guard_class(p7, $int) {f@25 l1=p2 l2=p4 s=p0,p2,p7}
    i8 = unbox_int(p2) {f@25 l1=p2 l2=p4 s=p0,p2,p7}
    i9 = int_add_ovf(i8, i6) {f@25 l1=p2 l2=p4 s=p0,p2,p7}
    p10 = box_int(i9)
    jump(p0, p4, p10)
"""


def test_range_loop_variable_read_only_by_exits_is_unboxed():
    # i (p1) is assigned before it is read: the body reads the old value only in
    # snapshots, so the jump's box of i goes and the preamble unboxes the entry
    # value (rule 2b); t (p2) is a plain loop-carried int
    t = check(RANGE_LOOP, """
        [p0, p1, p2]
        entry {f@18 l1=p2 l2=p1 s=p0}
        i3 = unbox_int(p1) {f@18 l1=p2 l2=p1 s=p0}
        guard_class(p2, $int) {f@18 l1=p2 l2=p1 s=p0}
        i4 = unbox_int(p2) {f@18 l1=p2 l2=p1 s=p0}
        label(p0, i3, i4)
        guard_class(p0, $range_iterator) {f@18 l1=i4 l2=i3 s=p0}
        i5 = rangeiter_next(p0) {f@29 l1=i4 l2=i3}
        i6 = int_add_ovf(i5, i5) {f@23 l1=i4 l2=i5 s=p0,i4,i5,2}
        i7 = int_add_ovf(i4, i6) {f@25 l1=i4 l2=i5 s=p0,i4,i6}
        jump(p0, i5, i7)
    """, NO_LICM)
    assert not any(op.name.startswith("box_") for op in t.ops)


def test_rule_2b_needs_a_box_at_the_jump_and_no_generic_use():
    src = """
        [p0, p1]
        entry {f@4 l0=p0 l1=p1}
        label(p0, p1)
        p2 = call($f, p0) {f@6 l0=p0 l1=p1}
        i3 = unbox_int(p2) {f@6 l0=p0 l1=p1}
        i4 = int_add_ovf(i3, 1) {f@6 l0=p0 l1=p1}
        p5 = box_int(i4)
        jump(p5, p2)
    """
    t = opt.optimize(ir.parse(src, {"$f": abs}))
    # p0 goes to a call: stays an object; p1 is passed a call's result
    assert [a.type for a in t.label().args] == ["r", "r"]


def test_unbox_float_needs_its_guard_and_a_float_jump_arg():
    # no guard_class(p0, $float) in the body: unbox_float alone checks nothing
    src = """
        [p0, p1]
        entry {f@4 l0=p0 l1=p1}
        label(p0, p1)
        f2 = unbox_float(p0)
        f3 = float_add(f2, 1.0)
        p4 = box_float(f3)
        guard_class(p1, $float) {f@2 l0=p0 l1=p1}
        f5 = unbox_float(p1)
        i6 = unbox_int(p1) {f@2 l0=p0 l1=p1}
        p7 = box_int(i6)
        jump(p4, p7)
    """
    t = opt.optimize(ir.parse(src), ["unbox"])
    # p0: no guard; p1: guarded float but the jump passes an int box (int plan:
    # unbox_int(p1) with a box_int jump arg is fine and takes it)
    assert [a.type for a in t.label().args] == ["r", "i"]


def test_unbox_constant_jump_arg_and_reboxing_for_generic_uses():
    # i = 0 reset each iteration (a constant int object at the jump); p0 also
    # goes to a call: one box after the label serves it
    check("""
        [p0]
        entry {f@4 l0=p0}
        label(p0)
        guard_class(p0, $int) {f@6 l0=p0}
        i1 = unbox_int(p0) {f@6 l0=p0}
        p2 = call($f, p0) {f@8 l0=p0}
        jump($zero)
    """, """
        [p0]
        entry {f@4 l0=p0}
        guard_class(p0, $int) {f@4 l0=p0}
        i1 = unbox_int(p0) {f@4 l0=p0}
        label(i1)
        p2 = box_int(i1)
        p3 = call($f, p2) {f@8 l0=i1}
        jump(0)
    """, "unbox", ns={"$f": print, "$zero": 0})


# ---------------------------------------------------------------------------
# semantics: the trace interpreter on original and optimized traces


class Exit:
    """Where a trace left: per frame (pc, {slot: value}, [stack]) with values
    normalized, and the exception type if an op raised."""

    def __init__(self, trace, inputs):
        buf = [None, *inputs] + [None] * 16
        self.exc = None
        try:
            g = traceinterp.compile(trace).enter(buf)
        except Exception as e:     # an op raised: buf[0] names it
            g, self.exc = buf[0], type(e)
        snap = trace.guards()[g].snapshot
        vals = iter(buf[1:])
        self.frames = []
        for fr in snap.frames:
            locs = {k: next(vals) for k in fr.locals}
            stack = [next(vals) for _ in fr.stack]
            self.frames.append((fr.pc, locs, stack))

    def key(self):
        return (self.exc, [(pc, {k: _norm(v) for k, v in locs.items()}, [_norm(v) for v in st])
                           for pc, locs, st in self.frames])


def _norm(v):
    if type(v) in (int, float, bool):
        return (type(v).__name__, "nan" if v != v else repr(v))
    if type(v) in (str, tuple, list) or v is None:
        return ("val", repr(v))
    if type(v) in (type(iter(range(0))), type(iter([]))):
        return ("iter", repr(v.__reduce__()))     # what is left to iterate
    return ("obj", id(v))


def finish(resume, ex: Exit):
    """Run the rest of the program from the exit with the reference interpreter."""
    if ex.exc is not None:
        return ("raised", ex.exc)
    (pc, locs, stack), = ex.frames
    try:
        return ("returned", _norm(resume(pc, dict(locs), list(stack))))
    except Exception as e:
        return ("raised", type(e))


def agree(trace, inputs, resume):
    """Run ``trace`` and its optimized form; True when they left at the same
    place with the same values, else (a type check moved to the preamble) check
    that the optimized one left at the loop header with the inputs, and that
    both finish the program alike.  Returns whether the exits were the same."""
    make = inputs if callable(inputs) else (lambda: inputs)
    o = opt.optimize(trace)
    a, b = Exit(trace, make()), Exit(o, make())
    if a.key() == b.key():
        return True
    entry = trace.entry.frames[0]
    assert b.exc is None and [fr[0] for fr in b.frames] == [entry.pc], (a.key(), b.key())
    fresh = Exit.__new__(Exit)
    fresh.exc, fresh.frames = None, [(entry.pc, {}, [])]
    inp = make()
    for (pc, locs, stack), fr in zip(fresh.frames, trace.entry.frames):
        locs.update({k: inp[trace.inputs.index(v)] for k, v in fr.locals.items()})
        stack.extend(inp[trace.inputs.index(v)] for v in fr.stack)
    assert b.key() == fresh.key(), "left the optimized trace at the header, not with the inputs"
    assert finish(resume, a) == finish(resume, b)
    return False


def _load(v):
    if v is NULL:
        raise UnboundLocalError
    return v


def count_resume(pc, l, s):
    """``while i < n: i = i + 1; return i`` from pc: 4 header, 6 compare
    [i, n], 12 add [i, 1], 20 after the loop."""
    while True:
        if pc == 4:
            s, pc = [_load(l[0]), _load(l[1])], 6
        elif pc == 6:
            pc = 10 if s[0] < s[1] else 20
        elif pc == 10:
            s, pc = [l[0], 1], 12
        elif pc == 12:
            l[0], pc = s[0] + s[1], 4
        elif pc == 20:
            return _load(l[0])


@pytest.mark.parametrize("inputs, exact", [
    ((0, 50), True),                  # runs to the loop exit
    ((9, 3), True),
    ((-5, -1), True),
    (((1 << 63) - 2, (1 << 63) + 1), False),  # n does not fit in 64 bits: preamble unbox leaves
    (((1 << 64) - 2, 1 << 64), False),
    ((0.5, 3), False),                # a float: preamble guard_class leaves
    ((0, 3.5), False),
    ((True, 3), False),               # bool is not exactly int
    ((NULL, 3), True),                # unbound i: both leave at the header
    (("a", "b"), False),              # strs: the interpreter raises TypeError later
])
def test_counting_loop_semantics(inputs, exact):
    assert agree(ir.parse(COUNT_LOOP), inputs, count_resume) is exact


def float_resume(pc, l, s):
    """``while i < n: s = s + 0.5; i = i + 1; return s``: 4 header, 6 compare,
    10 load s, 12 add [s, 0.5], 16 add [i, 1], 30 after the loop."""
    while True:
        if pc == 4:
            s, pc = [_load(l[1]), _load(l[2])], 6
        elif pc == 6:
            pc = 10 if s[0] < s[1] else 30
        elif pc == 10:
            s, pc = [_load(l[0]), 0.5], 12
        elif pc == 12:
            l[0], s, pc = s[0] + s[1], [l[1], 1], 16
        elif pc == 16:
            l[1], pc = s[0] + s[1], 4
        elif pc == 30:
            return _load(l[0])


@pytest.mark.parametrize("inputs, exact", [
    ((0.0, 0, 40), True),
    ((-1.25, 3, 10), True),
    ((math.inf, 0, 3), True),
    ((math.nan, 0, 3), True),
    ((0.0, 5, 2), True),
    ((1, 0, 10), False),              # s an int: the float check moved to the preamble
    ((0.0, (1 << 63) - 2, 1 << 63), False),
    ((0.0, 0.0, 3), False),
    ((NULL, 0, 3), False),            # unbound s: both end in UnboundLocalError
])
def test_float_loop_semantics(inputs, exact):
    assert agree(ir.parse(FLOAT_LOOP), inputs, float_resume) is exact


def call_resume(pc, l, s):
    """``while x < n: x = step(x)``: 4 header, 6 compare, 20 after the loop."""
    while True:
        if pc == 4:
            s, pc = [_load(l[0]), _load(l[1])], 6
        elif pc == 6:
            pc = 10 if s[0] < s[1] else 20
        elif pc == 10:
            l[0], pc = step(l[0]), 4
        elif pc == 20:
            return l[0]


@pytest.mark.parametrize("inputs, exact", [
    ((2, 100), True),                 # 2 5 11 23 47 95 191: loop exit
    ((0, 100), True),                 # 0 1 3 -> 3.5: body guard_class (not moved)
    ((1, 100), True),                 # 1 3 -> 3.5
    ((5, 100), True),
    ((8, 10), True),
    ((0, 1 << 64), False),
])
def test_call_loop_semantics(inputs, exact):
    assert agree(ir.parse(CALL_LOOP, {"$step": step}), inputs, call_resume) is exact


def test_call_loop_raise_agrees():
    t = ir.parse(CALL_LOOP, {"$step": step})
    a, b = Exit(t, (7, 100)), Exit(opt.optimize(t), (7, 100))
    assert a.exc is ValueError and a.key() == b.key()


GUARDY_LOOP = """
    # a body with every kind of redundancy: constants, repeated guards, repeated unboxes
    [p0, p1]
    entry {f@4 l0=p0 l1=p1}
    label(p0, p1)
    guard_class(p1, $tuple) {f@4 l0=p0 l1=p1}
    guard_len(p1, 2) {f@4 l0=p0 l1=p1}
    guard_class(p0, $int) {f@6 l0=p0 l1=p1}
    i2 = unbox_int(p0) {f@6 l0=p0 l1=p1}
    i3 = int_add_ovf(2, 3) {f@6 l0=p0 l1=p1}
    i4 = int_mul_ovf(i2, i3) {f@6 l0=p0 l1=p1}
    guard_class(p0, $int) {f@8 l0=p0 l1=p1}
    guard_len(p1, 2) {f@8 l0=p0 l1=p1}
    i5 = unbox_int(p0) {f@8 l0=p0 l1=p1}
    i6 = int_mul_ovf(i3, i5) {f@8 l0=p0 l1=p1}
    b7 = int_eq(i4, i6)
    guard_true(b7) {f@8 l0=p0 l1=p1}
    p8 = tuple_getitem(p1, 1)
    guard_class(p8, $int) {f@10 l0=p0 l1=p1}
    i9 = unbox_int(p8) {f@10 l0=p0 l1=p1}
    b10 = int_lt(i2, i9)
    guard_true(b10) {f@30 l0=p0 l1=p1}
    i11 = int_add_ovf(i5, 1) {f@12 l0=p0 l1=p1}
    p12 = box_int(i11)
    jump(p12, p1)
"""


def guardy_resume(pc, l, s):
    i, t = l[0], l[1]
    while True:
        if pc in (4, 6, 8):
            if type(t) is not tuple or len(t) != 2:
                return ("generic", i, t)
            pc = 10
        elif pc == 10:
            pc = 12 if i < t[1] else 30
        elif pc == 12:
            i, pc = i + 1, 4
        elif pc == 30:
            return i


@pytest.mark.parametrize("inputs", [
    (0, (0, 20)), (5, (0, 3)), (0, (0, 2.5)), (0.5, (0, 3)), (0, [0, 3]), (0, (1, 2, 3)),
    (1 << 64, (0, (1 << 64) + 3)), ((1 << 63) - 3, (0, (1 << 63) + 2)),
])
def test_redundant_guards_semantics(inputs):
    t = ir.parse(GUARDY_LOOP)
    o = opt.optimize(t)
    assert len(body(o)) <= len(body(t)) - 6
    agree(t, inputs, guardy_resume)


def range_resume(pc, l, s):
    """``for i in range(n): t += i * 2; return t``: 18 FOR_ITER [it], 20 load t,
    23 multiply [it, t, i, 2], 25 add [it, t, i*2], 29 after the loop."""
    while True:
        if pc == 18:
            it = s[-1]
            for v in it:
                l[2], pc = v, 20
                break
            else:
                s, pc = [], 29
        elif pc == 20:
            s, pc = [s[0], _load(l[1]), l[2], 2], 23
        elif pc == 23:
            s, pc = [s[0], s[1], s[2] * s[3]], 25
        elif pc == 25:
            l[1], s, pc = s[1] + s[2], [s[0]], 18
        elif pc == 29:
            return _load(l[1])


@pytest.mark.parametrize("inputs, exact", [
    (lambda: (iter(range(5, 20)), 4, 10), True),
    (lambda: (iter(range(0)), 7, 0), True),
    (lambda: (iter(range(0)), "x", 0), False),   # entry i not an int: rule 2b's check leaves
    (lambda: (iter(range(3)), NULL, 0), False),
    (lambda: (iter(range(1 << 62, (1 << 62) + 3)), 0, 0), True),   # i * 2 overflows
    (lambda: (iter([1, 2]), 0, 0), True),        # not a range iterator: body guard
    (lambda: (iter(range(3)), 0, 1.5), False),   # t a float
    (lambda: (iter(range(3)), 0, NULL), False),  # t unbound
])
def test_range_loop_semantics(inputs, exact):
    assert agree(ir.parse(RANGE_LOOP), inputs, range_resume) is exact


@pytest.mark.parametrize("src", [COUNT_LOOP, FLOAT_LOOP, RANGE_LOOP, GUARDY_LOOP])
def test_optimize_is_idempotent(src):
    once = opt.optimize(ir.parse(src))
    assert ir.format(opt.optimize(once)) == ir.format(once)


def test_a_bridge_starts_from_what_the_path_to_its_guard_proved():
    # guards.facts_at: the recorder of a bridge starts from the facts of the ops
    # run before its guard failed -- the body from the label (not the
    # preamble: its facts are of the first iteration's values), the parent
    # bridge from its own guard, never the failing guard itself, nor what
    # follows it -- and what the path stored over an inert value keeps them
    from pyjit.jit.opt.guards import facts_at
    ns = {"$Plain": Plain, "$done": "done"}
    t = ir.parse("""
        [p0, p1]
        guard_class(p1, $Plain) {f@0 l0=p0 l1=p1}
        label(p0, p1)
        guard_class(p0, $Plain) {f@1 l0=p0 l1=p1}
        p2 = getattr_values(p0, $done, 0) {f@2 l0=p0 l1=p1}
        guard_class(p2, $bool) {f@2 l0=p0 l1=p1}
        guard_type_version($Plain, 7) {f@3 l0=p0 l1=p1}
        b3 = ptr_eq(p2, $True)
        guard_true(b3) {f@4 l0=p0 l1=p1}
            setattr_values(p0, $done, 0, $False) {f@5 l0=p0 l1=p1}
            guard_no_dict(p1) {f@6 l0=p0 l1=p1}
            guard_class(p2, $int) {f@7 l0=p0 l1=p1}
            jump(p0, p1)
        guard_no_dict(p0) {f@8 l0=p0 l1=p1}
        jump(p0, p1)
    """, ns)
    ops = t.ops
    g = ops[7]                      # guard_true(b3): its bridge's recording
    f = facts_at(t, g)
    cls_p0 = ir.parse("[p0]\nguard_class(p0, $Plain) {f@1 l0=p0}", ns).ops[0]
    cls_p0.args[0] = ops[2].args[0]
    assert f.implied(cls_p0)                          # the body proved it
    assert f.implied(ops[5])                          # and the type's version
    assert not f.implied(ops[0])                      # the preamble's fact: not kept
    assert not f.implied(g)                           # the guard that failed
    assert not f.implied(ops[8])                      # after the guard: not run
    bridge = g.bridge
    f2 = facts_at(t, bridge[2])     # guard_class(p2, $int) in the bridge
    assert f2.implied(ops[5])       # (the store dropped a bool: no code ran)
    assert f2.implied(bridge[1])    # guard_no_dict(p1), run before it in the bridge
    assert facts_at(t, ir.parse("[p0]\nguard_no_dict(p0) {f@1 l0=p0}").ops[0]).cls == {}
