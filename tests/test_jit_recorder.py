"""The recorder: a program in, the trace it records out (via ``--jit-log``).

Each test runs a small program under ``--tier jit --jit-threshold 2
--jit-backend interp`` with ``--jit-log``, takes the trace of the named loop
from the log, and compares it -- names normalized by parsing it back -- with the
expected text.  The program's output is checked against CPython's too.
"""

import re
import subprocess
import sys
import textwrap

import pytest

from pyjit.jit import ir
from pyjit.jit.record.core import interrupt_tick


def run_logged(tmp_path, source, *options):
    prog = tmp_path / "prog.py"
    prog.write_text(textwrap.dedent(source))
    log = tmp_path / "jit.log"
    cmd = [sys.executable, "-m", "pyjit", "run", "--tier", "jit", "--jit-threshold", "2",
           "--jit-backend", "interp", "--jit-log", str(log), *options, str(prog)]
    got = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    want = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True, timeout=60)
    assert (got.stdout, got.stderr, got.returncode) == (want.stdout, want.stderr, want.returncode)
    return log.read_text()


def section(log, func, kind):
    """The trace text logged for ``func``'s first loop, ``kind`` 'recorded' or 'optimized'."""
    m = re.search(rf"^# loop {func} \(.*?\) loop at \d+: {kind}, \d+ ops\n(.*?)(?=^#|\Z)", log,
                  re.M | re.S)
    assert m, f"no {kind} trace of {func} in the log:\n{log}"
    return m.group(1)


def same_trace(text, expected):
    # parse both (addresses of dicts differ per run: drop those constants' labels;
    # the program's functions, named in the text, stand for themselves)
    norm = lambda s: re.sub(r"\$<dict@[0-9a-f]+>, \d+", "$<dict>, 0", s)
    expected = textwrap.dedent(expected)
    ns = dict(_NS)
    for label in re.findall(r"\$([A-Za-z_]\w*)", text + expected):
        ns.setdefault("$" + label, _Named(label))
    a = ir.format(ir.parse(norm(text), ns), lines=False)
    b = ir.format(ir.parse(expected, ns), lines=False)
    assert a == b, f"got:\n{a}\nexpected:\n{b}"


class _Named:
    """A stand-in for a program object a trace names (``$inc``)."""
    def __init__(self, name):
        self.__name__ = name


_NS = {"$<dict>": {}, "$interrupt_tick": interrupt_tick}


def test_while_loop_ints(tmp_path):
    log = run_logged(tmp_path, """
        def count(n):
            i = 0
            total = 0
            while i < n:
                total += i
                i += 1
            return total
        print(count(10))
    """)
    same_trace(section(log, "count", "recorded"), """
        [p0, p1, p2]
        entry {f@11 l0=p2 l1=p1 l2=p0}
        label(p0, p1, p2)
        b3 = ptr_eq(p0, NULL)
        guard_false(b3) {f@11 l0=p2 l1=p1 l2=p0}
        b4 = ptr_eq(p1, NULL)
        guard_false(b4) {f@12 l0=p2 l1=p1 l2=p0 s=p0}
        guard_class(p0, $int) {f@13 l0=p2 l1=p1 l2=p0 s=p0,p1}
        guard_class(p1, $int) {f@13 l0=p2 l1=p1 l2=p0 s=p0,p1}
        i5 = unbox_int(p0) {f@13 l0=p2 l1=p1 l2=p0 s=p0,p1}
        i6 = unbox_int(p1) {f@13 l0=p2 l1=p1 l2=p0 s=p0,p1}
        i7 = int_add_ovf(i5, i6) {f@13 l0=p2 l1=p1 l2=p0 s=p0,p1}
        p8 = box_int(i7)
        i9 = unbox_int(p1) {f@18 l0=p2 l1=p1 l2=p8 s=p1,$1}
        i10 = int_add_ovf(i9, 1) {f@18 l0=p2 l1=p1 l2=p8 s=p1,$1}
        p11 = box_int(i10)
        b12 = ptr_eq(p2, NULL)
        guard_false(b12) {f@22 l0=p2 l1=p11 l2=p8 s=p11}
        guard_class(p2, $int) {f@23 l0=p2 l1=p11 l2=p8 s=p11,p2}
        i13 = unbox_int(p2) {f@23 l0=p2 l1=p11 l2=p8 s=p11,p2}
        b14 = int_lt(i10, i13)
        p15 = box_bool(b14)
        guard_true(b14) {f@27 l0=p2 l1=p11 l2=p8}
        check_interrupt($interrupt_tick, 26) {f@11 l0=p2 l1=p11 l2=p8}
        jump(p8, p11, p2)
    """)
    # optimized: every loop-carried value is a machine int, no box left in the
    # body (n, which the loop never assigns, is unboxed once before it: licm)
    opt = ir.parse(section(log, "count", "optimized"), _NS)
    label = opt.label()
    assert [a.type for a, j in zip(label.args, opt.ops[-1].args) if a is not j] == ["i", "i"]
    body = opt.ops[opt.ops.index(label):]
    assert not [op for op in body if op.name.startswith(("box_", "unbox_", "guard_class"))]


def test_inlined_call_and_floats(tmp_path):
    log = run_logged(tmp_path, """
        def inc(x):
            return x + 1

        def calls(xs):
            s = 0.0
            for x in xs:
                if x > 2.0:
                    s = s + x * 0.5
                s = inc(s)
            return s
        print(calls([1.0, 3.0, 5.0, 7.0]))
    """)
    same_trace(section(log, "calls", "recorded"), """
        [p0, p1, p2]
        entry {f@5 l1=p2 l2=p1 s=p0}
        label(p0, p1, p2)
        guard_class(p0, $list_iterator) {f@5 l1=p2 l2=p1 s=p0}
        p3 = listiter_next(p0) {f@37 l1=p2 l2=p1}
        guard_class(p3, $float) {f@9 l1=p2 l2=p3 s=p0,p3,$2.0}
        f4 = unbox_float(p3)
        b5 = float_gt(f4, 2.0)
        p6 = box_bool(b5)
        guard_true(b5) {f@21 l1=p2 l2=p3 s=p0}
        b7 = ptr_eq(p2, NULL)
        guard_false(b7) {f@13 l1=p2 l2=p3 s=p0}
        f8 = unbox_float(p3)
        f9 = float_mul(f8, 0.5)
        p10 = box_float(f9)
        guard_class(p2, $float) {f@18 l1=p2 l2=p3 s=p0,p2,p10}
        f11 = unbox_float(p2)
        f12 = float_add(f11, f9)
        p13 = box_float(f12)
        guard_dict_version($<dict>, 0) {f@21 l1=p13 l2=p3 s=p0}
        p14 = const_ref($inc)
        f15 = int_to_float(1)
        f16 = float_add(f12, f15)
        p17 = box_float(f16)
        check_interrupt($interrupt_tick, 36) {f@5 l1=p17 l2=p3 s=p0}
        jump(p0, p3, p17)
    """)


@pytest.mark.parametrize("source,func,reason", [
    ("""
     def f(n):
         t = 0
         for i in range(n):
             t += len(dir())
         return t
     print(f(20))
     """, "f", r"call of dir\(\) needs the calling frame"),
])
def test_aborts_are_logged(tmp_path, source, func, reason):
    log = run_logged(tmp_path, source)
    assert re.search(rf"^# aborted {func} .*: .*{reason}", log, re.M), log


def test_calls_inlined_or_aborted(tmp_path):
    # a callee with a loop of its own is inlined, its loop unrolled (a short body:
    # record.loopstop.CALLED_BODY); a class the
    # program defines is instantiated inline (new_instance, __init__ inlined);
    # recursion and generator functions (the next issue's) abort, naming the callee
    log = run_logged(tmp_path, """
        def inner(k):
            s = 0
            for j in range(k):
                s += j
            return s

        def fact(n):
            return 1 if n < 2 else n * fact(n - 1)

        def gen(n):
            yield n

        class P:
            def __init__(self, v):
                self.v = v

        def f1():
            t = 0
            for i in range(50):
                t += fact(4)
            return t

        def f2():
            t = 0
            for i in range(50):
                t += next(gen(i))
            return t

        def f3():
            t = 0
            for i in range(50):
                t += P(i).v
            return t

        def g():
            t = 0
            for i in range(50):
                t += inner(3)
            return t
        print(f1(), f2(), f3(), g())
    """, "--jit-function-threshold", "0")
    # (without function traces: on, the default, fact()'s recursion is a native
    # call -- test_jit_functions.py)
    text = section(log, "g", "recorded")
    assert "{inner@" in text and "call($inner" not in text, text
    assert text.count("rangeiter_next") == 4      # g's loop, then inner's three items
    text = section(log, "f3", "recorded")
    assert "new_instance($P)" in text and "k=init" in text, text
    assert "recursive call of fact()" in log, log
    # (a generator function's call makes the generator in the trace: record/genmake.py)
    text = section(log, "f2", "recorded")
    assert "new_instance($Frame)" in text and "{gen@" in text, text
    assert "call of generator function" not in log, log


def test_inner_loops_are_unrolled(tmp_path):
    # the outer loop's trace runs the inner loop's iterations inline and checks
    # that the inner loop ends where it ended while recording
    log = run_logged(tmp_path, """
        def f(n):
            out = []
            for i in range(n):
                for j in range(3):
                    out.append(i + j)
            return sum(out)
        print(f(50), f(7))
    """)
    text = section(log, "f", "recorded")
    assert text.count("rangeiter_next") == 4     # the outer loop's, then 3 inner items
    assert "guard_isnull" in text                 # ... and the inner loop's end


def test_objects_and_calls_shapes(tmp_path):
    # attribute reads are inline values under class + version guards; a method is
    # a constant pushed with self and inlined (no bound method, no getattr);
    # keyword calls are bound at record time; super().__init__ needs no super object
    log = run_logged(tmp_path, """
        class Base:
            def __init__(self, x):
                self.x = x

        class P(Base):
            def __init__(self, x, y):
                super().__init__(x)
                self.y = y

            def norm(self, *, scale=1):
                return (self.x + self.y) * scale

        def f(n):
            t = 0
            for i in range(n):
                p = P(i, 2)
                t += p.norm(scale=2) + p.x
            return t
        print(f(50))
    """)
    text = section(log, "f", "recorded")
    assert "new_instance($P)" in text and "k=init" in text
    assert "getattr_values(" in text and "guard_type_version($P" in text
    for generic in ("call_getattr", "call_kw", "call($super", "new_method"):
        assert generic not in text, generic
    assert "{norm@" in text and "{__init__@" in text


def test_closures_fstrings_dunders_shapes(tmp_path):
    log = run_logged(tmp_path, """
        class V:
            def __init__(self, x):
                self.x = x

            def __add__(self, o):
                return V(self.x + o.x)

        def f(n):
            out = []
            v = V(0)
            for i in range(n):
                g = lambda a: a + i
                v = v + V(1)
                out.append(f"{g(1)}:{v.x:>3}")
            return out[-1]
        print(f(40))
    """)
    text = section(log, "f", "recorded")
    assert "new_function(" in text and "new_cell(" not in text    # (i is f's own cell)
    assert "call_format(" in text and "build_string(" in text
    assert "k=binop" in text and "call_binop" not in text


def test_module_level_loop_reads_its_namespace(tmp_path):
    log = run_logged(tmp_path, """
        total = 0
        for i in range(60):
            total += i
        print(total)
    """)
    m = re.search(r"^# loop <module> \(.*?\) loop at \d+: recorded, \d+ ops\n(.*?)(?=^#|\Z)",
                  log, re.M | re.S)
    assert m, log
    text = m.group(1)
    # the namespace is an input, looked up each time (the loop writes it)
    assert "dict_getitem(p" in text and "call_setitem(p" in text
    assert not re.search(r"guard_dict_version\(p\d", text), text
