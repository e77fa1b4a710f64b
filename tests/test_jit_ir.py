"""The trace IR: the op table, the text form (prints and parses back), the verifier."""

import pytest

from pyjit.jit import ir, traceinterp

LOOP = """
[p0, p1]
entry {f@10 l0=p0 l1=p1}
guard_class(p0, $int) {f@10 l0=p0 l1=p1}
i2 = unbox_int(p0) {f@10 l0=p0 l1=p1}
label(i2, p1)
i3 = int_add_ovf(i2, 1) {f@12 l0=i2 l1=p1 s=NULL,$'name',$-7,$2.5} {g@4 l0=i2}
b4 = int_lt(i3, 100)
guard_true(b4) {f@20 l0=i3 l1=p1}
f5 = int_to_float(i3)
f6 = float_mul(f5, -0.0)
p7 = call($float, p1) {f@30 l0=i3 l1=p1}
jump(i3, p7)
"""


def _g():
    return None


def test_table_is_consistent():
    for name, d in ir.OPS.items():
        assert d.name == name
        assert d.result in "rifbv"
        assert set(d.args.replace("*", "")) <= set("rifb"), name
        assert not (d.pure and d.effects), name
        if d.raises:
            assert not d.pure, name


def test_round_trip():
    t = ir.parse(LOOP, {"@g": _g})
    ir.verify(t)
    text = ir.format(t)
    assert ir.format(ir.parse(text, {"@g": _g})) == text
    assert ir.format(t.copy()) == text
    # constants of each kind survive
    assert "$'name'" in text and "$-7" in text and "$2.5" in text and "-0.0" in text
    assert t.ops[3].snapshot.frames[1].func is _g


def test_round_trip_names_are_positional():
    t = ir.parse(LOOP.replace("p1", "p99").replace("i3", "i42"), {"@g": _g})
    assert ir.format(t) == ir.format(ir.parse(LOOP, {"@g": _g}))


@pytest.mark.parametrize("bad,message", [
    ("[p0]\nlabel(p0)\ni1 = int_add_ovf(p0, 1) {f@1}\njump(p0)", "operand kind"),
    ("[p0]\nlabel(p0)\ni1 = int_add_ovf(i5, 1) {f@1}\njump(p0)", "undefined"),
    ("[p0]\nlabel(p0)\nguard_true(true)\njump(p0)", "without a snapshot"),
    ("[p0]\nlabel(p0)\njump(p0, p0)", "do not match"),
    ("[p0]\nlabel(p0)\nb1 = ptr_eq(p0, p0)", "ends with jump"),
])
def test_verifier_rejects(bad, message):
    with pytest.raises((ir.VerifyError, ir.ParseError), match=message):
        ir.verify(ir.parse(bad))


def test_parse_errors():
    with pytest.raises(ir.ParseError, match="unknown op"):
        ir.parse("[p0]\nfrobnicate(p0)")
    with pytest.raises(ir.ParseError, match="inputs"):
        ir.parse("label(p0)")
    with pytest.raises(ir.ParseError, match="defined twice"):
        ir.parse("[p0]\ni1 = unbox_int(p0) {f@0}\ni1 = unbox_int(p0) {f@0}")


def test_trace_interpreter_runs_the_loop():
    t = ir.parse("""
    [p0, p1]
    guard_class(p0, $int) {f@10 l0=p0 l1=p1}
    i2 = unbox_int(p0) {f@10 l0=p0 l1=p1}
    label(i2, p1)
    i3 = int_add_ovf(i2, 1) {f@12 l0=i2 l1=p1}
    b4 = int_lt(i3, 100)
    guard_true(b4) {f@20 l0=i3 l1=p1}
    p5 = call_binop(0, p1, p1) {f@30 l0=i3 l1=p1}
    jump(i3, p5)
    """)
    buf = [None, 5, 1]
    g = traceinterp.compile(t).enter(buf)
    assert g == 3 and buf[1:3] == [100, 2 ** 94]
    # an exception from an op: buf[0] names the op, its snapshot's values are stored
    buf = [None, 5, "x"]
    t2 = ir.parse(LOOP, {"@g": _g})
    with pytest.raises(ValueError):
        traceinterp.compile(t2).enter(buf)
    assert buf[0] == 4 and buf[1:3] == [6, "x"]


def test_every_op_has_semantics():
    assert set(traceinterp.SEMANTICS) == set(ir.OPS) - {"label", "jump"}
