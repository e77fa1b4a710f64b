"""The LLVM backend against the trace interpreter (the reference semantics).

Every trace here runs under both ``traceinterp`` and ``backend_llvm`` on the
same inputs; the return value (guard number), the contents of ``buf`` and any
exception (type, message, buf[0]) must agree.  Then reference-count and memory
tests: native loops run millions of iterations and must not leak or steal a
reference, and exits (guard and exception) must not leak either.
"""

from __future__ import annotations

import copy
import gc
import math
import os
import re
import threading
import struct
import sys
import time

import pytest

from pyjit.jit import backend_llvm, ir, runtime, traceinterp
from pyjit.jit.llvm import engine, layout
from pyjit.null import NULL

I64_MIN, I64_MAX = -(1 << 63), (1 << 63) - 1

# ---------------------------------------------------------------------------
# running a trace under both backends


def norm(v):
    """A comparable form of a buf item: by value for plain data (floats by
    bits, any nan alike), by type for other objects (each backend ran on its
    own fresh inputs)."""
    if v is traceinterp._EXHAUSTED or v is NULL:
        return "NULL"
    if type(v) is float:
        return ("float", "nan" if v != v else struct.pack("<d", v))
    if type(v) in (int, bool, str, type(None)):
        return (type(v).__name__, v)
    if type(v) in (list, tuple):
        return (type(v).__name__, [norm(x) for x in v])
    if isinstance(v, type):
        return ("type", v)
    return ("object", type(v).__name__)


def run(loop, inputs):
    buf = [None] + list(inputs)
    try:
        res = ("return", loop.enter(buf))
    except Exception as e:      # noqa: BLE001 - compared below
        res = ("raise", type(e), str(e), buf[0])
    return res, buf


def parse(text, ns=None):
    """ir.parse, with the ``$'name'`` string constants the text uses added."""
    ns = dict(ns or {})
    for name in re.findall(r"\$'(\w+)'", text):
        ns[f"$'{name}'"] = name
    t = ir.parse(text, ns)
    ir.verify(t)
    return t


def both(text, make_inputs, ns=None, *, loops=None):
    """Run trace ``text`` under both backends on ``make_inputs()`` (called once
    per backend: inputs may be consumed) and assert they agree; returns the
    native outcome and buf."""
    if loops is None:
        loops = compiled(text, ns)
    ref, nat = loops
    r1, b1 = run(ref, make_inputs())
    r2, b2 = run(nat, make_inputs())
    assert r1 == r2, (r1, r2)
    n = max(len(b1), len(b2))
    b1 += [None] * (n - len(b1))
    b2 += [None] * (n - len(b2))
    assert [norm(v) for v in b1[1:]] == [norm(v) for v in b2[1:]], (b1, b2)
    return r2, b2


def compiled(text, ns=None):
    t = parse(text, ns)
    loops = traceinterp.compile(t), backend_llvm.compile(t)
    # (parsing leaves cycles holding the trace's constants: collected now, not
    # by a collection that happens to run between a test's refcount readings)
    gc.collect()
    return loops


def const(*values):
    return lambda: list(values)


# ---------------------------------------------------------------------------
# op harnesses: compute one op on unboxed inputs, leave with the result


def _op_line(res, name, args, snap):
    d = ir.OPS[name]
    tail = f" {snap}" if (d.guard or d.raises) else ""
    lhs = f"{res} = " if res else ""
    return f"{lhs}{name}({', '.join(args)}){tail}"


def int_harness(name, nargs):
    """Inputs: boxed ints; unbox, apply ``name``, leave with the result."""
    kind = ir.PREFIX[ir.OPS[name].result]
    ins = [f"p{k}" for k in range(nargs)]
    un = [f"i{nargs + k}" for k in range(nargs)]
    snap0 = "{f@0 " + " ".join(f"l{k}={p}" for k, p in enumerate(ins)) + "}"
    lines = [f"[{', '.join(ins)}]"]
    for p, i in zip(ins, un):
        lines.append(f"guard_class({p}, $int) {snap0}")
        lines.append(f"{i} = unbox_int({p}) {snap0}")
    lines.append(f"label({', '.join(un)})")
    snap1 = "{f@1 " + " ".join(f"l{k}={i}" for k, i in enumerate(un)) + "}"
    lines.append(_op_line(f"{kind}90", name, un, snap1))
    lines.append(f"guard_true(false) {{f@2 s={kind}90}}")
    lines.append(f"jump({', '.join(un)})")
    return "\n".join(lines)


def float_harness(name, nargs):
    kind = ir.PREFIX[ir.OPS[name].result]
    ins = [f"p{k}" for k in range(nargs)]
    un = [f"f{nargs + k}" for k in range(nargs)]
    snap0 = "{f@0 " + " ".join(f"l{k}={p}" for k, p in enumerate(ins)) + "}"
    lines = [f"[{', '.join(ins)}]"]
    for p, f in zip(ins, un):
        lines.append(f"guard_class({p}, $float) {snap0}")
        lines.append(f"{f} = unbox_float({p})")
    lines.append(f"label({', '.join(un)})")
    snap1 = "{f@1 " + " ".join(f"l{k}={f}" for k, f in enumerate(un)) + "}"
    lines.append(_op_line(f"{kind}90", name, un, snap1))
    lines.append(f"guard_true(false) {{f@2 s={kind}90}}")
    lines.append(f"jump({', '.join(un)})")
    return "\n".join(lines)


INTS = [0, 1, -1, 2, -2, 3, -3, 7, -7, 1 << 30, -(1 << 30), (1 << 30) - 1, 1 << 31,
        12345678901, -98765432109, 1 << 60, -(1 << 60), 1 << 62, -(1 << 62),
        I64_MAX, I64_MIN, I64_MAX - 1, I64_MIN + 1, 3037000500, -3037000500]
BIG = [1 << 63, -(1 << 63) - 1, 1 << 64, 1 << 90, -(1 << 90), 1 << 200]
FLOATS = [0.0, -0.0, 1.0, -1.5, 2.5, 1e308, -1e308, 5e-324, math.inf, -math.inf, math.nan,
          0.1, 3.0, -7.25]

INT_BINARY = ["int_add_ovf", "int_sub_ovf", "int_mul_ovf", "int_floordiv", "int_mod",
              "int_and", "int_or", "int_xor", "int_rshift", "int_lshift_ovf"] + \
    [f"int_{c}" for c in ("lt", "le", "eq", "ne", "gt", "ge")]
FLOAT_BINARY = ["float_add", "float_sub", "float_mul", "float_truediv"] + \
    [f"float_{c}" for c in ("lt", "le", "eq", "ne", "gt", "ge")]


@pytest.mark.parametrize("name", INT_BINARY)
def test_int_binary(name):
    loops = compiled(int_harness(name, 2))
    for a in INTS:
        for b in INTS:
            both(None, const(a, b), loops=loops)


@pytest.mark.parametrize("name", ["int_neg_ovf", "int_is_true", "int_to_float", "box_int"])
def test_int_unary(name):
    if name == "box_int":
        text = ("[p0]\ni1 = unbox_int(p0) {f@0 l0=p0}\nlabel(i1)\np2 = box_int(i1)\n"
                "guard_true(false) {f@2 s=p2}\njump(i1)")
    else:
        text = int_harness(name, 1)
    loops = compiled(text)
    for a in INTS + [(1 << 53) + 1, -(1 << 53) - 1, (1 << 62) + 1, I64_MAX - 511]:
        both(None, const(a), loops=loops)


def test_unbox_int_range():
    """Exact int64 range: 3-digit ints up to 2**63 - 1 (down to -2**63) unbox,
    anything bigger leaves."""
    loops = compiled("[p0]\ni1 = unbox_int(p0) {f@0 l0=p0}\nlabel(i1)\n"
                     "guard_true(false) {f@1 s=i1}\njump(i1)")
    vals = INTS + BIG + [(1 << 63) - (1 << 30), 1 << 61, -(1 << 63) + 12345, (8 << 60) - 1,
                         (8 << 60) + 1, -(8 << 60) - 1, (9 << 60), -(9 << 60)]
    for a in vals:
        r, buf = both(None, const(a), loops=loops)
        fits = I64_MIN <= a <= I64_MAX
        assert r == ("return", 1 if fits else 0), a
        assert buf[1] == a


@pytest.mark.parametrize("name", FLOAT_BINARY)
def test_float_binary(name):
    loops = compiled(float_harness(name, 2))
    for a in FLOATS:
        for b in FLOATS:
            both(None, const(a, b), loops=loops)


def test_float_to_int():
    """int(x) where it fits 64 bits, both backends alike; nan, inf and the
    doubles at and past 2**63 (or below -2**63) leave."""
    loops = compiled(float_harness("float_to_int", 1))
    edge = [2.0 ** 63, -2.0 ** 63, 2.0 ** 63 - 1024, -2.0 ** 63 + 1024, 2.0 ** 64, 0.999999,
            -0.999999, 1e18 + 0.5, 4503599627370497.5, -4503599627370497.5]
    for x in FLOATS + edge:
        r, buf = both(None, const(x), loops=loops)
        fits = x == x and -2.0 ** 63 <= x < 2.0 ** 63
        assert r == ("return", 2 if fits else 1), x     # (the op's own exit: 1)
        if fits:
            assert buf[1] == int(x), x


def test_float_pow():
    """x ** y where both are floats, x > 0 finite: libm's pow, in both backends
    the value CPython's ** gives; other bases, non-finite exponents and
    overflows leave."""
    loops = compiled(float_harness("float_pow", 2))
    xs = FLOATS + [2.0, 10.0, 1e-300, 0.7, 1.0000001, 123.456]
    ys = FLOATS + [-1.5, 0.5, 2.0, -1.0, 1e6, -1e6, 1.0 / 3.0, 1000.5]
    for x in xs:
        for y in ys:
            r, buf = both(None, const(x, y), loops=loops)
            if r == ("return", 3):
                assert buf[1] == x ** y and 0.0 < x < math.inf, (x, y)
            else:
                assert r == ("return", 2), (x, y)   # (the op's own exit)
                assert not (0.0 < x < math.inf and -math.inf < y < math.inf) or \
                    _pow_overflows(x, y), (x, y)


def _pow_overflows(x, y):
    try:
        x ** y
    except OverflowError:
        return True
    return False


@pytest.mark.parametrize("name", ["float_neg", "float_is_true", "box_float"])
def test_float_unary(name):
    if name == "box_float":
        text = ("[p0]\nf1 = unbox_float(p0)\nlabel(f1)\np2 = box_float(f1)\n"
                "guard_true(false) {f@2 s=p2}\njump(f1)")
    else:
        text = float_harness(name, 1)
    loops = compiled(text)
    for a in FLOATS:
        both(None, const(a), loops=loops)


def test_truediv_by_zero_leaves():
    loops = compiled(float_harness("float_truediv", 2))
    for z in (0.0, -0.0):
        r, buf = both(None, const(1.0, z), loops=loops)
        assert r == ("return", 2)         # the truediv's own guard
    r, buf = both(None, const(1.0, math.nan), loops=loops)
    assert r == ("return", 3) and math.isnan(buf[1])


def test_overflow_exits():
    for name, a, b in [("int_add_ovf", I64_MAX, 1), ("int_sub_ovf", I64_MIN, 1),
                       ("int_mul_ovf", 1 << 32, 1 << 31), ("int_floordiv", I64_MIN, -1),
                       ("int_floordiv", 5, 0), ("int_mod", 5, 0)]:
        r, buf = both(int_harness(name, 2), const(a, b))
        assert r == ("return", 4), name        # guards 0-3 are the entry's
        assert buf[1:3] == [a, b]
    r, _ = both(int_harness("int_mod", 2), const(I64_MIN, -1))
    assert r == ("return", 5)                  # INT64_MIN % -1 == 0: no trap
    r, buf = both(int_harness("int_neg_ovf", 1), const(I64_MIN))
    assert r == ("return", 2)


def test_floordiv_mod_signs():
    loops = {name: compiled(int_harness(name, 2)) for name in ("int_floordiv", "int_mod")}
    for a in (7, -7, 6, -6, 0, I64_MAX, I64_MIN):
        for b in (2, -2, 3, -3, 7, -7, 1, -1, I64_MAX, I64_MIN):
            for name in ("int_floordiv", "int_mod"):
                r, buf = both(None, const(a, b), loops=loops[name])
                if r == ("return", 5):
                    assert buf[1] == (a // b if name == "int_floordiv" else a % b)


def test_bool_ops():
    text = """
[p0, p1]
guard_class(p0, $int) {f@0 l0=p0 l1=p1}
i2 = unbox_int(p0) {f@0 l0=p0 l1=p1}
label(i2, p1)
b3 = int_is_true(i2)
b4 = bool_not(b3)
p5 = box_bool(b4)
b6 = ptr_eq(p1, $None)
p7 = box_bool(b6)
guard_false(b6) {f@1 l0=p5 l1=p7 s=b3,b4}
guard_true(false) {f@2 l0=p7 l1=p5 s=b4,b3}
jump(i2, p1)
"""
    loops = compiled(text)
    for a in (0, 5):
        for p in (None, "x"):
            both(None, const(a, p), loops=loops)


# ---------------------------------------------------------------------------
# guards


def test_guards_class_value_nonnull_len():
    text = """
[p0, p1]
guard_class(p0, $list) {f@0 l0=p0 l1=p1}
guard_len(p0, 3) {f@1 l0=p0 l1=p1}
guard_value(p1, $None) {f@2 l0=p0 l1=p1}
guard_nonnull(p0) {f@3 l0=p0}
label(p0, p1)
guard_true(false) {f@4 l0=p0 l1=p1 s=p0}
jump(p0, p1)
"""
    loops = compiled(text)
    for inputs, g in [(([1, 2, 3], None), 4), (((1, 2, 3), None), 0), (([1, 2], None), 1),
                      (([1, 2, 3], 0), 2)]:
        r, _ = both(None, const(*inputs), loops=loops)
        assert r == ("return", g)


def test_guard_method_def_and_const_ref():
    """guard_method_def: the same C function whatever it is bound to; const_ref:
    a new reference to a constant, owned like any op result."""
    ml = ir.method_def([].append)
    text = f"""
[p0, p1]
label(p0, p1)
guard_class(p0, $builtin_function_or_method) {{f@0 l0=p0 l1=p1}}
guard_method_def(p0, {ml}) {{f@1 l0=p0 l1=p1}}
p2 = const_ref($'kept')
guard_true(false) {{f@2 l0=p0 l1=p2}}
jump(p0, p1)
"""
    ns = {"$builtin_function_or_method": type(len)}
    loops = compiled(text, ns)
    for fn, g in [([1].append, 2), ([].pop, 1), ((lambda: 0), 0), ({}.get, 1)]:
        r, buf = both(None, const(fn, None), loops=loops)
        assert r == ("return", g)
        if g == 2:
            assert buf[2] == "kept"


def test_weak_constants_die_and_never_match_again():
    """A weak constant (a program's function or class) is not kept alive by a
    compiled trace, and once dead its guards fail even for an object that got
    its address (the alive flag)."""
    import gc
    import weakref
    from pyjit.jit.ir import WeakConst

    class C:
        pass

    def make():
        # a VM function object is a weak constant; so is a heap class
        from pyjit.function import Function
        return Function(compile("def h(): pass", "<t>", "exec").co_consts[0], {})

    h = make()
    ns = {"$C": C, "$h": h}
    text = """
[p0, p1]
label(p0, p1)
guard_class(p0, $C) {f@0 l0=p0 l1=p1}
guard_value(p1, $h) {f@1 l0=p0 l1=p1}
guard_true(false) {f@2 l0=p0 l1=p1}
jump(p0, p1)
"""
    t = parse(text, ns)
    assert [type(a) for a in t.ops[1].args[1:] + t.ops[2].args[1:]] == [WeakConst, WeakConst]
    ref, nat = traceinterp.compile(t), backend_llvm.compile(t)
    for loop in (ref, nat):
        assert run(loop, [C(), h])[0] == ("return", 2)
    del t
    hw, cw = weakref.ref(h), weakref.ref(C)
    del ns, h, text
    gc.collect()
    assert hw() is None            # the traces did not keep the function alive
    x = C()
    del C
    gc.collect()
    assert cw() is not None        # (x keeps its class alive)
    for loop in (ref, nat):
        assert run(loop, [x, make()])[0] == ("return", 1)   # h is dead: guard_value fails
    cls = type(x)
    del x, cls
    gc.collect()
    assert cw() is None


def test_check_interrupt_calls_the_tick_then_leaves_or_raises():
    """check_interrupt: nothing while CPython's eval breaker is clear; when set
    (here: another thread wants the GIL), the tick function runs -- CPython
    handles the request on entering it -- and the trace leaves, or raises what
    the handling raised (an asynchronous exception that thread set).  The loop
    below has no other way out."""
    import ctypes
    from pyjit.jit.llvm.layout import EVAL_BREAKER
    assert EVAL_BREAKER, "the eval breaker's address was not found"
    calls = []

    def tick():
        calls.append(1)

    loops = compiled("[p0]\nlabel(p0)\ncheck_interrupt($tick, 3) {f@4 l0=p0}\n"
                     "guard_true(false) {f@5 l0=p0}\njump(p0)", {"$tick": tick})
    r, buf = both(None, const(7), loops=loops)     # eval breaker clear: on to the guard
    assert r == ("return", 1) and calls == []

    # (native code only: the trace interpreter is Python code, in which CPython
    # handles such requests itself before check_interrupt could see them)
    text = "[p0]\nlabel(p0)\ncheck_interrupt($tick, 3) {f@4 l0=p0}\njump(p0)"
    main = threading.get_ident()
    loop = backend_llvm.compile(parse(text, {"$tick": tick}))
    for raising in (False, True):
        calls.clear()

        def other():
            # Each wake-up from the sleep asks for the GIL again, which sets the
            # breaker, until the main thread is seen inside the tick: one request
            # could be served while the main thread is still on its way into the
            # loop (after a switch interval), and the loop would never see a
            # breaker again -- the race hung a loaded machine's run.
            frames = sys._current_frames
            while frames()[main].f_code is not tick.__code__:
                time.sleep(0.001)
            if raising:          # (set while the loop waits in its tick)
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(main), ctypes.py_object(ZeroDivisionError))
        t = threading.Thread(target=other, daemon=True)
        t.start()
        r, buf = run(loop, [7])
        t.join(60)
        assert buf[:2] == [0, 7]
        # (the asynchronous exception is raised as the tick is entered: its body never runs)
        assert r[:2] == (("raise", ZeroDivisionError) if raising else ("return", 0))
        assert calls == ([] if raising else [1])


def test_guard_versions():
    from pyjit.specialize.versions import dict_version_reader, type_version

    class C:
        pass

    d = {"a": 1}
    dv = dict_version_reader(d).value
    tv = type_version(C)
    assert tv
    text = f"""
[p0, p1]
guard_dict_version(p0, {dv}) {{f@0 l0=p0 l1=p1}}
guard_type_version(p1, {tv}) {{f@1 l0=p0 l1=p1}}
label(p0, p1)
guard_true(false) {{f@2 l0=p0}}
jump(p0, p1)
"""
    loops = compiled(text)
    assert both(None, const(d, C), loops=loops)[0] == ("return", 2)
    d["b"] = 2
    assert both(None, const(d, C), loops=loops)[0] == ("return", 0)
    d2 = {"a": 1}
    text2 = text.replace(str(dv), str(dict_version_reader(d2).value))
    loops = compiled(text2)
    assert both(None, const(d2, C), loops=loops)[0] == ("return", 2)
    C.x = 1              # modifying the type resets its version tag
    assert both(None, const(d2, C), loops=loops)[0] == ("return", 1)


# ---------------------------------------------------------------------------
# containers and iterators


def test_list_getitem_setitem_len():
    text = """
[p0, p1, p2]
guard_class(p0, $list) {f@0 l0=p0 l1=p1 l2=p2}
guard_class(p1, $int) {f@0 l0=p0 l1=p1 l2=p2}
i3 = unbox_int(p1) {f@0 l0=p0 l1=p1 l2=p2}
label(p0, i3, p2)
i4 = len_list(p0)
p5 = list_getitem(p0, i3) {f@1 l0=p0 l1=i3 l2=p2}
list_setitem(p0, i3, p2) {f@2 l0=p0 l1=i3 l2=p2 s=p5}
guard_true(false) {f@3 l0=p0 l1=i3 l2=p2 s=p5,i4}
jump(p0, i3, p2)
"""
    loops = compiled(text)
    for i in (0, 2, 3, -1, 100, I64_MIN):
        both(None, lambda: [[10.5, "b", None], i, "new"], loops=loops)
    both(None, lambda: [[], 0, "new"], loops=loops)


def test_tuple_getitem_and_builds():
    text = """
[p0, p1]
guard_class(p0, $tuple) {f@0 l0=p0 l1=p1}
guard_len(p0, 3) {f@0 l0=p0 l1=p1}
label(p0, p1)
p2 = tuple_getitem(p0, 2)
p3 = build_tuple(p2, p1, $None, 7) {f@1 l0=p0 l1=p1}
p4 = build_list(p3, p2) {f@2 l0=p0 l1=p1}
p5 = build_list() {f@3 l0=p0 l1=p1}
p6 = build_tuple() {f@4 l0=p0 l1=p1}
guard_true(false) {f@5 l0=p0 l1=p1 s=p4,p5,p6,p3}
jump(p0, p1)
"""
    text = text.replace(", 7)", ")")          # build_* take refs only
    both(text, const((1, 2, "three"), 4.5))
    both(text, const((1, 2), 4.5))


def test_build_slice():
    # BUILD_SLICE: two and three operands, any objects (PySlice_New, as ceval)
    text = """
[p0, p1]
label(p0, p1)
p2 = build_slice(p0, p1) {f@0 l0=p0 l1=p1}
p3 = build_slice(p1, $None, p0) {f@1 l0=p0 l1=p1}
guard_true(false) {f@2 l0=p0 l1=p1 s=p2,p3}
jump(p0, p1)
"""
    both(text, const(3, -1))
    both(text, const("a", 2 ** 70))


def _sum_loop(kind):
    """Sum a list/tuple/range iterator's items (boxed) to exhaustion."""
    nexts = {"list": "listiter_next", "tuple": "tupleiter_next"}
    if kind == "range":
        item = "i9 = rangeiter_next(p0) {f@9 l0=p1 s=p0}\np4 = box_int(i9)"
    else:
        item = f"p4 = {nexts[kind]}(p0) {{f@9 l0=p1 s=p0}}"
    return f"""
[p0, p1]
guard_class(p0, ${kind}_iterator) {{f@0 s=p0 l0=p1}}
label(p0, p1)
{item}
p5 = call_binop(0, p1, p4) {{f@1 l0=p1 s=p0,p4}}
jump(p0, p5)
"""


@pytest.mark.parametrize("kind", ["list", "tuple", "range"])
def test_iterators_to_exhaustion(kind):
    make = {"list": lambda n: iter([k * 1.5 for k in range(n)]),
            "tuple": lambda n: iter(tuple(k * 3 for k in range(n))),
            "range": lambda n: iter(range(-5, 3 * n - 5, 3))}[kind]
    loops = compiled(_sum_loop(kind))
    for n in (0, 1, 2, 100):
        r, buf = both(None, lambda: [make(n), 0], loops=loops)
        assert r == ("return", 1) and buf[1] == sum(make(n))
        assert list(buf[2]) == []                    # the iterator is exhausted
    # a list iterator over a list that grows/shrinks while iterating
    lst = [1, 2, 3, 4, 5]
    if kind == "list":
        r, buf = both(None, lambda: [iter(lst), 0], loops=loops)
        assert buf[1] == 15


def test_range_iterator_fields():
    loops = compiled(_sum_loop("range"))
    it = iter(range(10, 0, -4))
    r, buf = run(loops[1], [it, 0])
    assert buf[1] == 10 + 6 + 2 and list(it) == []
    assert layout.RANGEITER_INLINE


# ---------------------------------------------------------------------------
# generic operations


class Obj:
    def __init__(self, x):
        self.x = x

    def __getitem__(self, k):
        if k == "boom":
            raise KeyError(k)
        return ("item", k)

    def __setitem__(self, k, v):
        if k == "boom":
            raise ValueError("no setting boom")
        self.__dict__[f"i{k}"] = v

    def __delitem__(self, k):
        raise IndexError(f"cannot delete {k}")

    def __repr__(self):
        return f"Obj({self.x!r})"


BINOP_OPERANDS = [(7, 3), (7.5, 2), (-7, 3), (1, "a"), ("ab", 3), ([1], [2]), (2, 100), (0, 0),
                  (5, -1), ({1, 2}, {2, 3}), (1, 0)]


@pytest.mark.parametrize("opnum", range(26))
def test_call_binop(opnum):
    loops = compiled(f"[p0, p1]\nlabel(p0, p1)\np2 = call_binop({opnum}, p0, p1) "
                     "{f@1 l0=p0 l1=p1}\nguard_true(false) {f@2 l0=p0 l1=p1 s=p2}\njump(p0, p1)")
    for a, b in BINOP_OPERANDS:
        both(None, lambda: [copy.copy(a), b], loops=loops)


@pytest.mark.parametrize("opnum", range(6))
def test_call_compare(opnum):
    loops = compiled(f"[p0, p1]\nlabel(p0, p1)\np2 = call_compare({opnum}, p0, p1) "
                     "{f@1 l0=p0 l1=p1}\nguard_true(false) {f@2 s=p2}\njump(p0, p1)")
    for a, b in [(1, 2), (2, 1), (1.0, 1), ("a", "b"), (1, "a"), ([1], [1]), (math.nan, 1.0)]:
        both(None, const(a, b), loops=loops)


class _NoTruth:
    def __bool__(self):
        raise RuntimeError("no truth")


class _Len(int):
    pass


@pytest.mark.parametrize("kind,oparg", [("binop", 0), ("rbinop", 10), ("ibinop", 13),
                                        ("compare", 2), ("compare", 0), ("init", 0),
                                        ("bool", 0), ("contains", 0), ("contains", 1),
                                        ("iter", 0), ("len", 0)])
def test_dunder_result(kind, oparg):
    # the value of an instruction whose method was called natively: the method's
    # result, or (NotImplemented; __init__'s value not None; __bool__'s or
    # __contains__'s not a bool; __iter__'s not an iterator; __len__'s not an int
    # from 0 to sys.maxsize) the slow path's
    code = runtime.DUNDER_KINDS[kind] * 256 + oparg
    loops = compiled(f"[p0, p1, p2]\nlabel(p0, p1, p2)\np3 = dunder_result({code}, p0, p1, p2) "
                     "{f@1 l0=p0 l1=p1 l2=p2}\nguard_true(false) {f@2 s=p3}\njump(p0, p1, p2)")
    nan = NotImplemented
    for v, a, b in [(5, 1, 2), (None, 1, 2), (nan, 1, 2), (nan, 7.5, 2), (nan, "a", 3),
                    (nan, [1], [1]), (nan, object(), None), ("s", {1}, {2}), (nan, 3, "x"),
                    (True, None, None), (False, None, None), (0, None, None), ([2], None, None),
                    (_NoTruth(), None, None), (iter([1]), None, None), (range(2), None, None),
                    (2 ** 30 - 1, None, None), (2 ** 30, None, None), (2 ** 63 - 1, None, None),
                    (2 ** 63, None, None), (-1, None, None), (-(2 ** 40), None, None),
                    (_Len(4), None, None), (_Len(-2), None, None), (1.0, None, None)]:
        both(None, const(v, a, b), loops=loops)


@pytest.mark.parametrize("opnum", range(4))
def test_call_unary(opnum):
    loops = compiled(f"[p0]\nlabel(p0)\np2 = call_unary({opnum}, p0) "
                     "{f@1 l0=p0}\nguard_true(false) {f@2 s=p2}\njump(p0)")
    for a in (5, -0.0, True, "s", [], [0], None, I64_MIN):
        both(None, const(a), loops=loops)


def test_truth_contains():
    text = """
[p0, p1]
label(p0, p1)
b2 = call_truth(p0) {f@1 l0=p0 l1=p1}
b3 = call_contains(p0, p1) {f@2 l0=p0 l1=p1}
guard_true(false) {f@3 s=b2,b3}
jump(p0, p1)
"""

    class Bad:
        def __bool__(self):
            raise RuntimeError("no truth")

    loops = compiled(text)
    for a, b in [(1, [1, 2]), (0, [1]), ("", "abc"), ("x", "abc"), (1, 5), (Bad(), [1]),
                 ([], {}), (2, range(5))]:
        both(None, const(a, b), loops=loops)


def test_attributes_and_items():
    text = """
[p0, p1, p2]
label(p0, p1, p2)
p3 = call_getattr(p0, $'x') {f@1 l0=p0 l1=p1 l2=p2}
call_setattr(p0, $'y', p1) {f@2 l0=p0 l1=p1 l2=p2 s=p3}
p4 = call_getitem(p0, p2) {f@3 l0=p0 l1=p1 l2=p2 s=p3}
call_setitem(p0, p2, p3) {f@4 l0=p0 l1=p1 l2=p2 s=p4}
call_delitem(p0, p2) {f@5 l0=p0 l1=p1 l2=p2 s=p3,p4}
guard_true(false) {f@6 s=p3,p4}
jump(p0, p1, p2)
"""
    loops = compiled(text)
    for make in (lambda: [Obj(1), 2, 3], lambda: [Obj(1), 2, "boom"], lambda: [5, 2, 3],
                 lambda: [Obj([]), None, 0]):
        r, buf = both(None, make, loops=loops)
    r, buf = run(loops[1], [Obj(1), 2, 3])
    assert r == ("raise", IndexError, "cannot delete 3", 4)


def test_getiter_iternext():
    text = """
[p0]
label(p0)
p1 = call_getiter(p0) {f@1 l0=p0}
p2 = call_iternext(p1) {f@2 l0=p0 s=p1}
guard_nonnull(p2) {f@3 l0=p0 s=p1}
p3 = call_iternext(p1) {f@4 l0=p0 s=p1,p2}
guard_true(false) {f@5 l0=p0 s=p2,p3}
jump(p0)
"""

    def gen_raises():
        yield 1
        raise ValueError("from the generator")

    class NotIter:
        def __iter__(self):
            return self

    loops = compiled(text)
    for make in (lambda: [[1, 2]], lambda: [[1]], lambda: [[]], lambda: [5],
                 lambda: [gen_raises()], lambda: ["ab"], lambda: [NotIter()]):
        both(None, make, loops=loops)
    # the NULL of an exhausted call_iternext, stored in buf, is pyjit's NULL
    r, buf = run(loops[1], [[1]])
    assert r == ("return", 4) and buf[1:4] == [[1], 1, NULL]


def _raiser(x, y=0):
    if x == 3:
        raise ZeroDivisionError(f"x is {x}")
    return x * 10 + y


def test_calls():
    ns = {"$raiser": _raiser, "$kw": ("y",), "$kw0": ()}
    text = """
[p0]
label(p0)
p1 = call($raiser, p0) {f@1 l0=p0}
p2 = call_kw($raiser, $kw, p0, p1) {f@2 l0=p0 s=p1}
p3 = call_kw($raiser, $kw0, p2) {f@3 l0=p0 s=p1}
p4 = call($max, p0, p1, p2) {f@4 l0=p0 s=p3}
p5 = call($len, p0) {f@5 l0=p0 s=p4}
guard_true(false) {f@6 l0=p0 s=p1,p2,p3,p4,p5}
jump(p0)
"""
    ns["$max"] = max
    ns["$len"] = len
    loops = compiled(text, ns)
    for x in (1, 3, "s", 3.0):
        both(None, const(x), loops=loops)


def test_call_kw_runtime_names():
    text = """
[p0, p1]
label(p0, p1)
p2 = call_kw($raiser, p1, p0, p0) {f@1 l0=p0}
guard_true(false) {f@2 s=p2}
jump(p0, p1)
"""
    loops = compiled(text, {"$raiser": _raiser})
    for names in (("y",), ("x", "y")):
        both(None, const(1, names), loops=loops)
    both(None, const(2, ("z",)), loops=loops)


def test_method_call_through_vectorcall_offset():
    """A bound method prepends self in the argument array's spare slot."""
    o = Obj(3)
    text = """
[p0, p1]
label(p0, p1)
p2 = call(p0, p1, p1) {f@1 l0=p0}
guard_true(false) {f@2 s=p2}
jump(p0, p1)
"""
    both(text, const(o.__setitem__, 4))
    assert o.i4 == 4


def test_raise_exit_buf0_and_snapshot():
    text = """
[p0, p1]
guard_class(p0, $int) {f@0 l0=p0 l1=p1}
i2 = unbox_int(p0) {f@0 l0=p0 l1=p1}
label(i2, p1)
p3 = call_binop(0, p1, $'a') {f@7 l0=p1 s=i2,p1,1.5,$None}
guard_true(false) {f@8 s=p3}
jump(i2, p1)
"""
    r, buf = both(text, const(4, 1))
    assert r[:3] == ("raise", TypeError, "unsupported operand type(s) for +: 'int' and 'str'")
    assert buf[:6] == [2, 1, 4, 1, 1.5, None]


def test_multi_frame_snapshot_and_constants():
    def g():
        pass

    ns = {"@g": g, "$g": g}
    text = """
[p0, p1]
guard_class(p0, $int) {f@0 l0=p0 l1=p1}
i2 = unbox_int(p0) {f@0 l0=p0 l1=p1}
label(i2, p1)
i3 = int_add_ovf(i2, 1) {f@3 l0=i2 l1=p1}
f4 = int_to_float(i3)
b5 = int_lt(i3, 10)
guard_true(b5) {f@4 l0=i3 l1=p1 s=$g,NULL} {g@2 l0=f4 l2=b5 s=p1,i3,-2.5,true,7,NULL}
jump(i3, p1)
"""
    r, buf = both(text, const(0, "obj"), ns)
    assert r == ("return", 3)
    assert buf[1:13] == [10, "obj", g, NULL, 10.0, False, "obj", 10, -2.5, True, 7, NULL]


def test_buf_grows_and_inputs_beyond_snapshot_stay():
    text = """
[p0]
label(p0)
guard_true(false) {f@1 l0=p0 l1=p0 l2=p0 l3=1 s=p0,p0}
jump(p0)
"""
    r, buf = both(text, const("x"))
    assert buf[1:7] == ["x", "x", "x", 1, "x", "x"]
    t = ir.parse(text)
    loop = backend_llvm.compile(t)
    assert loop.backend == "llvm" and loop.code_size > 0 and "define" in loop.llvm_ir
    with pytest.raises(TypeError):
        loop.enter(("x",))


# ---------------------------------------------------------------------------
# loop structure and ownership corner cases


def test_jump_shapes():
    """A ref passed twice to jump, a constant passed to jump, an unused phi, an
    invariant preamble value used in the body, a dropped call result, a phi
    swap -- all compared and refcount-checked."""
    text = """
[p0, p1, p2]
guard_class(p2, $int) {f@0 l0=p0 l1=p1 l2=p2}
i3 = unbox_int(p2) {f@0 l0=p0 l1=p1 l2=p2}
p4 = build_tuple(p0) {f@0 l0=p0 l1=p1 l2=p2}
label(p0, p1, i3, p2)
p5 = call($id, p4) {f@1 l0=p0 l1=p1}
i6 = int_sub_ovf(i3, 1) {f@2 l0=p0 l1=p1}
b7 = int_gt(i6, 0)
guard_true(b7) {f@3 l0=p1 l1=p0 l2=p4 s=i6}
jump(p1, p0, i6, $c)
"""
    c = object()
    loops = compiled(text, {"$id": id, "$c": c})
    a, b = object(), object()
    rc = sys.getrefcount(a), sys.getrefcount(b), sys.getrefcount(c)
    for n in (1, 2, 3, 1000):
        r, buf = both(None, lambda: [a, b, n], loops=loops)
        assert r == ("return", 5)
        assert buf[1:3] == ([a, b] if n % 2 == 0 else [b, a])
        assert buf[3] == (a,)
        del buf
    assert (sys.getrefcount(a), sys.getrefcount(b), sys.getrefcount(c)) == rc


def test_label_arg_twice_in_jump():
    text = """
[p0, p1, p2]
guard_class(p2, $int) {f@0 l0=p0 l1=p1 l2=p2}
i3 = unbox_int(p2) {f@0 l0=p0 l1=p1 l2=p2}
label(p0, p1, i3)
i4 = int_sub_ovf(i3, 1) {f@1 l0=p0 l1=p1}
b5 = int_gt(i4, 0)
guard_true(b5) {f@2 l0=p0 l1=p1}
jump(p1, p1, i4)
"""
    loops = compiled(text)
    a, b = object(), object()
    rc = sys.getrefcount(a), sys.getrefcount(b)
    for n in (1, 2, 5, 10000):
        r, buf = both(None, lambda: [a, b, n], loops=loops)
        del buf
    assert (sys.getrefcount(a), sys.getrefcount(b)) == rc


def test_nullable_phi():
    """call_iternext's maybe-NULL result carried around the loop."""
    text = """
[p0, p1]
label(p0, p1)
p2 = call_iternext(p0) {f@1 l0=p0 l1=p1}
guard_nonnull(p1) {f@2 l0=p0 l1=p1 s=p2}
jump(p0, p2)
"""
    loops = compiled(text)
    items = [object() for _ in range(5)]
    rcs = [sys.getrefcount(o) for o in items]
    for n in range(6):
        r, buf = both(None, lambda: [iter(items[:n]), "start"], loops=loops)
        del buf
    assert [sys.getrefcount(o) for o in items] == rcs


def test_exit_with_nothing_to_store_or_drop():
    r, buf = both("[]\nlabel()\nguard_true(false) {f@1}\njump()", const())
    assert r == ("return", 0) and buf == [0]   # (buf[0]: every exit says which it took)


def test_compiles_while_the_program_patches_builtins():
    """A program may replace builtins.len etc.; the backend (and the llvmlite
    calls it makes) must not use the patched ones."""
    import builtins
    t = parse(int_harness("int_add_ovf", 2))
    real = builtins.len, builtins.max
    builtins.len = lambda x: 100
    builtins.max = lambda *a: None
    try:
        loop = backend_llvm.compile(t)
    finally:
        builtins.len, builtins.max = real
    both(None, const(2, 3), loops=(traceinterp.compile(t), loop))


@pytest.mark.parametrize("pipeline", sorted(engine.PIPELINES))
def test_pipelines_agree(pipeline):
    """A big trace (many exits) under each pipeline: the same results."""
    n = 150
    lines = ["[p0, p1]", "label(p0, p1)"]
    vals = ["p0", "p1"]
    for k in range(n):
        snap = "{f@%d " % k + " ".join(f"l{j}={v}" for j, v in enumerate(vals[-12:])) + "}"
        lines.append(f"p{k + 2} = call_binop({k % 2 * 10}, {vals[-1]}, {vals[-2]}) {snap}")
        vals.append(f"p{k + 2}")
    lines.append(f"guard_true(false) {{f@999 s={vals[-1]},{vals[-2]}}}")
    lines.append(f"jump({vals[-1]}, {vals[-2]})")
    t = parse("\n".join(lines))
    loops = traceinterp.compile(t), backend_llvm.compile(t, pipeline=pipeline)
    for a, b in ((1, 1), (0.5, -1.5), ("a", 3), (1, "x")):
        both(None, const(a, b), loops=loops)


def test_verify_rejects_and_compile_errors():
    with pytest.raises(ir.VerifyError):
        backend_llvm.compile(ir.parse("[p0]\nlabel(p0)\nguard_true(false)\njump(p0)"))
    t = ir.parse("[p0, i1]\nlabel(p0)\np2 = call_binop(i1, p0, p0) {f@1 l0=p0}\n"
                 "jump(p0)")
    with pytest.raises(backend_llvm.CompileError):
        backend_llvm.compile(t)


def test_shift_counts():
    # counts past the machine width: >> saturates, << leaves (or is 0 << n)
    for name in ("int_rshift", "int_lshift_ovf"):
        loops = compiled(int_harness(name, 2))
        for a in (0, 1, -1, 5, -5, 3 << 40, I64_MAX, I64_MIN):
            for n in (0, 1, 30, 62, 63, 64, 65, 100, 1 << 40, -1, I64_MIN):
                both(None, const(a, n), loops=loops)


CELLS = """
[p0, p1]
guard_class(p0, $cell) {f@0 l0=p0 l1=p1}
label(p0, p1)
p2 = cell_get(p0) {f@1 l0=p0 l1=p1}
p3 = call_binop(0, p2, p1) {f@2 l0=p0 l1=p1}
cell_set(p0, p3)
guard_true(false) {f@3 l0=p0 l1=p3}
jump(p0, p3)
"""


def test_cells():
    import types
    ns = {"$cell": types.CellType}
    loops = compiled(CELLS, ns)
    for contents in ([1], ["a"], 5, None):
        both(None, lambda: [types.CellType(contents), contents], loops=loops)
    # an empty cell leaves the trace (the interpreter raises the NameError)
    r, b = both(None, lambda: [types.CellType(), 1], loops=loops)
    assert r == ("return", 1)              # cell_get's guard
    # refcounts: each run replaces the cell's list by a new one holding obj; the
    # old list is released, so obj's count does not move
    obj = object()
    cell = types.CellType([obj])
    before = sys.getrefcount(obj)
    for _ in range(1000):
        r, _ = run(loops[1], [cell, []])
        assert r == ("return", 3)          # the final guard
    assert sys.getrefcount(obj) == before and cell.cell_contents == [obj]


INNER_END = """
[p0, p1]
label(p0, p1)
p2 = call_iternext(p0) {f@0 l0=p0 l1=p1}
guard_isnull(p2) {f@1 l0=p0 l1=p1 s=p2}
p3 = call_binop(0, p1, $1) {f@2 l0=p0 l1=p1}
guard_true(false) {f@3 l0=p0 l1=p3}
jump(p0, p3)
"""


def test_guard_isnull():
    # an inner loop's end, checked: exhausted goes on, an item leaves with it on the stack
    loops = compiled(INNER_END)
    r, b = both(None, lambda: [iter([]), 5], loops=loops)
    assert r == ("return", 3) and b[2] == 6
    r, b = both(None, lambda: [iter(["x"]), 5], loops=loops)
    assert r == ("return", 1) and b[3] == "x"


def test_every_op_covered_by_this_file():
    # (and by its companions: test_jit_llvm_*.py)
    import glob
    text = "".join(open(p).read() for p in glob.glob(os.path.join(os.path.dirname(__file__),
                                                                  "test_jit_llvm*.py")))
    missing = [name for name in ir.OPS
               if name + "(" not in text and f'"{name}"' not in text
               and not (name.startswith("int_") or name.startswith("float_"))]
    assert not missing


# ---------------------------------------------------------------------------
# bridges: a failing guard runs its bridge, which jumps back to the label


def _bridge_fn(acc, item):
    if item is None:
        raise ValueError("bridge raised")
    return acc + item


BRIDGES = """
[p0, p1, p2]
guard_class(p0, $int) {f@0 l0=p0 l1=p1 l2=p2}
i3 = unbox_int(p0) {f@0 l0=p0 l1=p1 l2=p2}
p4 = build_list(p2) {f@0 l0=p0 l1=p1 l2=p2}
label(i3, p1)
i5 = int_add_ovf(i3, 1) {f@1 l0=i3 l1=p1}
p6 = box_int(i5)
i7 = int_mod(i5, 3) {f@2 l0=i5 l1=p1}
b8 = int_eq(i7, 0)
guard_false(b8) {f@3 l0=i5 l1=p1 s=p6}
    p9 = list_getitem(p4, 0) {f@4 l0=i5 l1=p1}
    p10 = call($f, p1, p9) {f@5 l0=i5 l1=p1 s=p9}
    i11 = int_mod(i5, 2) {f@6 l0=i5 l1=p10}
    b12 = int_eq(i11, 0)
    guard_false(b12) {f@7 l0=i5 l1=p10}
        p13 = call_binop(10, p10, p9) {f@8 l0=i5 l1=p10}
        b14 = int_lt(i5, LIMIT)
        guard_true(b14) {f@9 l0=i5 l1=p13 s=p9}
        jump(i5, p13)
    jump(i5, p10)
p15 = call_binop(0, p1, p6) {f@10 l0=i5 l1=p1}
b16 = int_lt(i5, LIMIT)
guard_true(b16) {f@11 l0=i5 l1=p15}
jump(i5, p15)
"""


def test_bridges():
    """Three paths back to the label (main, bridge, nested bridge); the
    bridge drops a value only the main path uses after the guard (p6), uses
    an invariant only it needs (p4), and raises from a call."""
    loops = compiled(BRIDGES.replace("LIMIT", "100"), {"$f": _bridge_fn})
    assert [op.name for op in ir.parse(BRIDGES.replace("LIMIT", "1"), {"$f": 1}).guards()][
        5:14] == ["guard_false", "list_getitem", "call", "int_mod", "guard_false",
                  "call_binop", "guard_true", "call_binop", "guard_true"]
    for start in (0, 1, 2, 3, 5, 95, 98, 99, 100, 200):
        for acc, item in ((0, 0.5), (1.5, 2), (0, None), ("s", "t")):
            both(None, const(start, acc, item), loops=loops)
    r, buf = run(loops[1], [0, 0, None])
    assert r == ("raise", ValueError, "bridge raised", 7)


def _own_snapshots(text):
    """BRIDGES with each bridge's guard naming what the bridge uses (as the
    recorder's bridges always do: they start from the guard's snapshot)."""
    return text.replace("{f@3 l0=i5 l1=p1 s=p6}", "{f@3 l0=i5 l1=p1 l2=p4 s=p6}") \
        .replace("guard_false(b12) {f@7 l0=i5 l1=p10}", "guard_false(b12) {f@7 l0=i5 l1=p10 s=p9}")


def _attached(text, ns):
    """``text``'s loop compiled without its bridges, then each attached on its
    own (outer before nested), as the driver attaches them; and the trace
    interpreter on the whole trace, for reference."""
    ref_trace, nat_trace = parse(text, ns), parse(text, ns)
    saved = [(op, op.bridge) for op in nat_trace.guards() if op.bridge is not None]
    for op, _ in saved:
        op.bridge = None
    nat = backend_llvm.compile(nat_trace, bridgeable=lambda op: not op.opdef.raises)
    for op, bridge in saved:
        op.bridge = bridge
        nat.attach(op, bridgeable=lambda op: not op.opdef.raises)
    return (traceinterp.compile(ref_trace), ref_trace), (nat, nat_trace)


def _canonical(loop, trace, inputs):
    """run(), with exit numbers replaced by the guard's place in the text."""
    order = {id(op): k for k, op in enumerate(trace.guards())}
    r, buf = run(loop, inputs)
    if r[0] == "return":
        r = ("return", order[id(loop.guard_ops[r[1]])])
    else:
        r = r[:3] + (order[id(loop.guard_ops[r[3]])],)
    while len(buf) > 1 and buf[-1] is None:   # (buf sizes differ with the code's exits)
        buf.pop()
    return r, [norm(v) for v in buf[1:]]


def test_bridges_attached_later():
    """Bridges compiled as functions of their own, attached through their
    guards' slots (a nested one through its bridge's): the same results as
    the whole trace; the loop is never compiled again."""
    text = _own_snapshots(BRIDGES.replace("LIMIT", "100"))
    (ref, rt), (nat, nt) = _attached(text, {"$f": _bridge_fn})
    assert len(nat.bridges) == 2 and nat.job.addr and all(b.installed for b in nat.bridges)
    for start in (0, 1, 2, 3, 5, 95, 98, 99, 100, 200):
        for acc, item in ((0, 0.5), (1.5, 2), (0, None), ("s", "t")):
            a = _canonical(ref, rt, [start, acc, item])
            b = _canonical(nat, nt, [start, acc, item])
            assert a == b, (start, acc, item, a, b)


def test_bridge_needing_more_than_its_guard_passes():
    """BRIDGES' bridge uses p4, which its guard's snapshot does not name (the
    recorder never makes such a bridge): attaching it is refused, so the
    driver compiles the loop again with the bridge inside."""
    t = parse(BRIDGES.replace("LIMIT", "100"), {"$f": _bridge_fn})
    guard = next(op for op in t.guards() if op.bridge is not None)
    bridge, guard.bridge = guard.bridge, None
    loop = backend_llvm.compile(t, bridgeable=lambda op: not op.opdef.raises)
    guard.bridge = bridge
    with pytest.raises(backend_llvm.CompileError):
        loop.attach(guard)


def test_attached_bridge_refcounts():
    text = _own_snapshots(BRIDGES.replace("LIMIT", "300000"))
    reference, (loop, t) = _attached(text, {"$f": _bridge_fn})
    item, acc0 = 0.25, 0.5
    order = {id(op): k for k, op in enumerate(t.guards())}
    for phase in range(2):
        gc.collect()
        before = sys.getrefcount(item), sys.getrefcount(acc0), sys.getrefcount(_bridge_fn)
        blocks = sys.getallocatedblocks()
        buf = [None, 0, acc0, item]
        g = loop.enter(buf)
        assert order[id(loop.guard_ops[g])] in (11, 13) and buf[1] == 300000
        del buf
        for _ in range(2000):                      # exception exits from the bridge
            try:
                loop.enter([None, 2, acc0, None])
            except ValueError:
                pass
        gc.collect()
        assert (sys.getrefcount(item), sys.getrefcount(acc0),
                sys.getrefcount(_bridge_fn)) == before
        assert sys.getallocatedblocks() - blocks < 100


def test_bridge_refcounts():
    loop = backend_llvm.compile(parse(BRIDGES.replace("LIMIT", "300000"), {"$f": _bridge_fn}))
    item, acc0 = 0.25, 0.5
    for phase in range(2):
        gc.collect()
        before = sys.getrefcount(item), sys.getrefcount(acc0), sys.getrefcount(_bridge_fn)
        blocks = sys.getallocatedblocks()
        buf = [None, 0, acc0, item]
        g = loop.enter(buf)
        assert g in (11, 13) and buf[1] == 300000
        del buf
        for _ in range(2000):                      # exception exits from the bridge
            try:
                loop.enter([None, 2, acc0, None])
            except ValueError:
                pass
        gc.collect()
        assert (sys.getrefcount(item), sys.getrefcount(acc0),
                sys.getrefcount(_bridge_fn)) == before
        assert sys.getallocatedblocks() - blocks < 100


# ---------------------------------------------------------------------------
# reference counts and memory over long native runs


COUNT_LOOP = """
[p0, p1, p2, p3]
guard_class(p0, $int) {f@0 l0=p0 l1=p1 l2=p2 l3=p3}
i4 = unbox_int(p0) {f@0 l0=p0 l1=p1 l2=p2 l3=p3}
guard_class(p1, $int) {f@0 l0=p0 l1=p1 l2=p2 l3=p3}
i5 = unbox_int(p1) {f@0 l0=p0 l1=p1 l2=p2 l3=p3}
guard_class(p2, $list) {f@0 l0=p0 l1=p1 l2=p2 l3=p3}
label(i4, i5, p2, p3)
i6 = int_add_ovf(i4, 1) {f@1 l0=i4 l1=i5 l2=p2 l3=p3}
i7 = int_and(i6, 1)
p8 = list_getitem(p2, i7) {f@2 l0=i6 l1=i5 l2=p2 l3=p3}
p9 = call($ident, p8) {f@3 l0=i6 l1=i5 l2=p2 l3=p3 s=p8}
p10 = call_getattr(p9, $'x') {f@4 l0=i6 l1=i5 l2=p2 l3=p3 s=p9}
b11 = ptr_eq(p10, $marker)
guard_true(b11) {f@5 l0=i6 l1=i5 l2=p2 l3=p10}
b12 = int_lt(i6, i5)
guard_true(b12) {f@6 l0=i6 l1=i5 l2=p2 l3=p10}
jump(i6, i5, p2, p10)
"""


def _raise_late(x, y):
    if x == 1003:
        raise ZeroDivisionError("late")
    return x + y


def _ident(x):
    return x


def test_refcounts_over_a_million_iterations():
    marker = object()
    items = [Obj(marker), Obj(marker)]
    ns = {"$ident": _ident, "$marker": marker}
    loop = backend_llvm.compile(parse(COUNT_LOOP, ns))
    seed = object()
    watched = [marker, items, items[0], items[1], seed, _ident]
    before = [sys.getrefcount(o) for o in watched]
    buf = [None, 0, 10 ** 6, items, seed]
    assert loop.enter(buf) == 10
    assert buf[1:5] == [10 ** 6, 10 ** 6, items, marker]
    del buf
    assert [sys.getrefcount(o) for o in watched] == before


def test_exception_exits_do_not_leak():
    text = """
[p0, p1, p2]
guard_class(p0, $int) {f@0 l0=p0 l1=p1 l2=p2}
i3 = unbox_int(p0) {f@0 l0=p0 l1=p1 l2=p2}
p4 = build_list(p1, p2) {f@0 l0=p0 l1=p1 l2=p2}
label(i3, p1, p2)
i5 = int_add_ovf(i3, 1) {f@1 l0=i3 l1=p1 l2=p2}
p6 = box_int(i5)
p7 = call($raise_late, p6, p1) {f@2 l0=p6 l1=p1 l2=p4 s=p2,p6}
p8 = call_binop(0, p7, p2) {f@3 l0=p6 l1=p1 l2=p4 s=p7}
jump(i5, p8, p2)
"""
    loop = backend_llvm.compile(parse(text, {"$raise_late": _raise_late}))
    a, b = 1000, 1.25
    watched = [a, b, _raise_late]
    for phase in range(2):                   # the first round warms caches up
        gc.collect()
        before = [sys.getrefcount(o) for o in watched]
        blocks = sys.getallocatedblocks()
        for _ in range(10 ** 4):
            buf = [None, a, b, b]
            try:
                loop.enter(buf)
            except ZeroDivisionError as e:
                assert buf[0] == 4 and buf[1] == 1003 and type(buf[3]) is list
                del e
            else:
                raise AssertionError("did not raise")
            del buf
        gc.collect()
        after_blocks = sys.getallocatedblocks()
        assert [sys.getrefcount(o) for o in watched] == before
    assert after_blocks - blocks < 100


def test_exits_drop_live_values_not_in_the_snapshot():
    """The snapshots here hold only machine ints: every owned value live at an
    exit (an invariant list, phis, a value bound for the jump, a call operand)
    must be decref'd there."""
    text = """
[p0, p1, p2]
guard_class(p0, $int) {f@0 l0=p0}
i3 = unbox_int(p0) {f@0 l0=p0}
p4 = build_list(p1, p2) {f@0 l0=p0}
label(i3, p1, p2)
i5 = int_sub_ovf(i3, 1) {f@1 l0=i3}
p6 = call($raise_late, p1, p2) {f@2 s=i5}
p7 = call_getitem(p4, $one) {f@3 s=i5}
b8 = int_gt(i5, 0)
guard_true(b8) {f@4 s=i5}
jump(i5, p1, p7)
"""
    loops = compiled(text, {"$raise_late": _raise_late, "$one": 1})
    x, y, bad = 1000, 0.5, 1003
    for xx in (x, bad):
        both(None, const(5, xx, y), loops=loops)
    loop = loops[1]
    watched = [x, y, bad]
    for phase in range(2):
        gc.collect()
        before = [sys.getrefcount(o) for o in watched]
        blocks = sys.getallocatedblocks()
        for n in range(1, 5001):
            assert loop.enter([None, n % 7 + 1, x, y]) == 6
            try:
                loop.enter([None, n % 7 + 1, bad, y])
            except ZeroDivisionError:
                pass
        gc.collect()
        assert [sys.getrefcount(o) for o in watched] == before
        assert sys.getallocatedblocks() - blocks < 100


def _rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_rss_flat_over_allocating_loop():
    text = """
[p0, p1, p2]
guard_class(p0, $float) {f@0 l0=p0 l1=p1 l2=p2}
f3 = unbox_float(p0)
guard_class(p2, $int) {f@0 l0=p0 l1=p1 l2=p2}
i4 = unbox_int(p2) {f@0 l0=p0 l1=p1 l2=p2}
label(f3, p1, i4)
f5 = float_add(f3, 0.5)
p6 = box_float(f5)
p7 = call($abs, p6) {f@1 l0=p6 l1=p1}
p8 = call_binop(5, p7, p1) {f@2 l0=p7 l1=p1}
p9 = box_int(i4)
p10 = build_tuple(p8, p9) {f@3 l0=p7 l1=p1}
i11 = int_sub_ovf(i4, 1) {f@4 l0=p7 l1=p1}
b12 = int_gt(i11, 0)
guard_true(b12) {f@5 l0=p10 l1=p1}
jump(f5, p1, i11)
"""
    loop = backend_llvm.compile(parse(text, {"$abs": abs}))
    loop.enter([None, 0.0, 2.0, 10 ** 5])
    rss0 = _rss_bytes()
    buf = [None, 0.0, 2.0, 2 * 10 ** 6]
    assert loop.enter(buf) == 7
    assert buf[1] == (2.0 * 10 ** 6, 1)
    assert _rss_bytes() - rss0 < 4 << 20


def test_compile_is_proportional_to_the_trace():
    # Compile *time* is a benchmark figure (notes/performance.md), never a test's: a
    # wall-clock bound failed under load.  What keeps a small trace's compile cheap is
    # that its module and its machine code stay small -- deterministic, so checked here.
    loop = backend_llvm.compile(parse(COUNT_LOOP, {"$ident": _ident, "$marker": 1}))
    assert 0 < loop.code_size < 16 << 10
    assert len(loop.llvm_ir.splitlines()) < 2000
    assert loop.compile_seconds >= 0.0 and loop.generate_seconds >= 0.0


# ---------------------------------------------------------------------------
# leave: a bridge back at its loop's header that cannot jump to the label (it
# changed a loop-invariant) runs the loop again from its entry, natively


LEAVE = """
[p0, p1, p2]
guard_class(p0, $int) {f@0 l0=p0 l1=p1 l2=p2}
i3 = unbox_int(p0) {f@0 l0=p0 l1=p1 l2=p2}
guard_class(p2, $int) {f@0 l0=p0 l1=p1 l2=p2}
i4 = unbox_int(p2) {f@0 l0=p0 l1=p1 l2=p2}
label(i3, p1)
i5 = int_add_ovf(i3, i4) {f@1 l0=i3 l1=p1 l2=p2}
b6 = int_lt(i5, 100)
guard_true(b6) {f@2 l0=i5 l1=p1 l2=p2}
    i7 = unbox_int(p2) {f@3 l0=i5 l1=p1 l2=p2}
    b8 = int_lt(i7, 8)
    guard_true(b8) {f@3 l0=i5 l1=p1 l2=p2}
    i9 = int_mul_ovf(i7, 2) {f@4 l0=i5 l1=p1 l2=p2}
    p10 = box_int(i5)
    p11 = call_binop(0, p1, p10) {f@4 l0=i5 l1=p1 l2=p2}
    p12 = box_int(i9)
    leave() {f@0 l0=0 l1=p11 l2=p12}
    jump(0, p11)
jump(i5, p1)
"""


def _leave_model(n, acc, k):
    """What LEAVE computes: n counts up by k; at 100 the bridge adds n to acc,
    doubles k and starts again from 0, until k reaches 8."""
    while True:
        n += k
        if n < 100:
            continue
        if not k < 8:
            return n, acc, k
        acc, k, n = acc + n, k * 2, 0


def _leave_trace():
    t = parse(LEAVE)
    t.slots = [("l", 0), ("l", 1), ("l", 2)]
    return t


@pytest.mark.parametrize("attached", [False, True])
def test_leave_reenters_the_loop_natively(attached):
    t = _leave_trace()
    if attached:
        guard = next(op for op in t.guards() if op.bridge is not None)
        bridge, guard.bridge = guard.bridge, None
        loop = backend_llvm.compile(t, bridgeable=lambda op: not op.opdef.raises)
        guard.bridge = bridge
        loop.attach(guard, bridgeable=lambda op: not op.opdef.raises)
    else:
        loop = backend_llvm.compile(t)
    for n, acc, k in ((0, 0, 1), (50, 0.5, 3), (99, 7, 8), (0, 1 << 70, 1)):
        r, buf = run(loop, [n, acc, k])
        assert r[0] == "return" and loop.guard_ops[r[1]].snapshot.frames[0].pc == 3
        assert tuple(buf[1:4]) == _leave_model(n, acc, k), (buf, _leave_model(n, acc, k))
    # refcounts: every re-entry boxes the header's values into buf and drops
    # what it replaced
    acc0 = 0.25
    gc.collect()
    before, blocks = sys.getrefcount(acc0), sys.getallocatedblocks()
    for _ in range(2000):
        run(loop, [0, acc0, 1])
    gc.collect()
    assert sys.getrefcount(acc0) == before
    assert sys.getallocatedblocks() - blocks < 200


def test_leave_exits_under_the_trace_interpreter():
    # (the driver re-enters the loop then: driver.enter)
    loop = traceinterp.compile(_leave_trace())
    r, buf = run(loop, [0, 0, 1])
    assert r[0] == "return" and loop.guard_ops[r[1]].name == "leave"
    assert buf[1:4] == [0, 100, 2]
