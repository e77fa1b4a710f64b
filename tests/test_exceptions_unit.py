"""Exceptions in the VM: exception-table unwinding, the handled-exception state,
real tracebacks and the recursion limit, compared with CPython."""

import builtins
import dis
import itertools
import os
import subprocess
import sys
import textwrap
import traceback
import types
from pathlib import Path

import pytest

import pyjit
from pyjit.function import NULL, Function
from pyjit import frame, vmbuiltins
from pyjit import opcodes as O

ROOT = Path(__file__).resolve().parent.parent
PYJIT_DIR = os.path.dirname(os.path.abspath(pyjit.__file__))
_counter = itertools.count()


def load(src, vm, path):
    """Run ``src`` (also written to ``path``, so tracebacks show source lines) as a
    fresh module natively or in the VM; return its namespace."""
    src = textwrap.dedent(src)
    Path(path).write_text(src)
    name = f"pyjit_test_exc_{next(_counter)}"
    mod = types.ModuleType(name)
    g = mod.__dict__
    g["__builtins__"] = builtins
    g["__file__"] = str(path)
    code = compile(src, str(path), "exec", dont_inherit=True)
    if vm:
        vmbuiltins.run_code(code, g, g)
    else:
        exec(code, g, g)
    return g


def both(src, tmp_path):
    path = tmp_path / "subject.py"  # one file name for both runs: identical tracebacks
    return load(src, False, path), load(src, True, path)


def find_code(code, name):
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            if c.co_name == name:
                return c
            try:
                return find_code(c, name)
            except LookupError:
                pass
    raise LookupError(name)


# ---------------------------------------------------------------------------
# _unwind: the exception table, handler depth and lasti

UNWIND_SRC = """
def f(x):
    with x:
        try:
            x()
        except E:
            pass
def g(y):
    return y()
"""


def _frame(name):
    code = find_code(compile(UNWIND_SRC, "unwind.py", "exec"), name)
    func = Function(code, {"__builtins__": builtins, "__name__": "unwind"})
    return frame.Frame(func, [NULL] * func.dec.nlocalsplus)


def _unit_of(code, opname, nth=0):
    return [i.offset // 2 for i in dis.get_instructions(code) if i.opname == opname][nth]


def test_unwind_trims_stack_to_handler_depth():
    f = _frame("f")
    call = _unit_of(f.code, "CALL")
    target, depth, lasti = f.dec.handlers[call]
    assert (depth, lasti) == (1, False)
    f.entry = True
    f.stack = ["__exit__", "junk1", "junk2"]
    f.lasti = call
    exc = ValueError("boom")
    ts = frame.thread_state()
    before = ts.depth
    assert frame.unwind(f, call, exc, ts) is f
    assert f.pc == target and f.dec.ops[target] == O.PUSH_EXC_INFO
    assert f.stack == ["__exit__", exc]
    assert ts.depth == before
    tb = exc.__traceback__
    assert tb.tb_next is None
    assert (tb.tb_frame.f_code.co_name, tb.tb_frame.f_code.co_filename) == ("f", "unwind.py")
    assert tb.tb_lasti == 2 * call and tb.tb_lineno == 5


def test_unwind_pushes_lasti_when_the_entry_says_so():
    f = _frame("f")
    # the except clause's own cleanup handler: re-raises with the original lasti
    unit = next(i for i, h in enumerate(f.dec.handlers) if h is not None and h[2])
    target, depth, lasti = f.dec.handlers[unit]
    f.entry = True
    f.stack = [f"item{k}" for k in range(depth + 3)]
    exc = KeyError("k")
    assert frame.unwind(f, unit, exc, frame.thread_state()) is f
    assert f.stack == [f"item{k}" for k in range(depth)] + [unit, exc]
    assert f.pc == target


def test_unwind_out_of_the_entry_frame():
    f = _frame("g")
    f.entry = True
    ts = frame.thread_state()
    ts.depth += 1  # what frame.push_entry counted for this frame
    before = ts.depth
    call = _unit_of(f.code, "CALL")
    exc = RuntimeError("out")
    with pytest.raises(RuntimeError) as info:
        frame.unwind(f, call, exc, ts)
    assert info.value is exc
    assert ts.depth == before - 1 and f.pc == frame.RELEASED and f.stack == []
    names = [(e.name, e.lineno) for e in traceback.extract_tb(exc.__traceback__)]
    assert names[-1] == ("g", 9)


def test_unwind_pops_frames_to_the_callers_handler():
    outer, inner = _frame("f"), _frame("g")
    outer.entry = True
    outer.lasti = _unit_of(outer.code, "CALL")
    inner.back = outer
    ts = frame.thread_state()
    ts.depth += 2
    before = ts.depth
    exc = ValueError("from g")
    got = frame.unwind(inner, _unit_of(inner.code, "CALL"), exc, ts)
    assert got is outer and ts.depth == before - 1
    assert outer.pc == outer.dec.handlers[outer.lasti][0]
    ts.depth -= 1
    entries = [(e.name, e.lineno) for e in traceback.extract_tb(exc.__traceback__)]
    assert entries == [("f", 5), ("g", 9)]


# ---------------------------------------------------------------------------
# behaviour against CPython

BEHAVIOUR_SRC = """
import sys, traceback
RESULT = []
def rec(tag):
    RESULT.append((tag, repr(sys.exc_info()[1]), repr(sys.exception())))
rec("start")
try:
    raise KeyError("a")
except KeyError:
    rec("in handler")
    try:
        raise ValueError("b")
    except ValueError:
        rec("nested")
    rec("after nested")
    def callee():
        rec("callee sees")
    callee()
rec("after")
def ret():
    try:
        1 / 0
    except ZeroDivisionError:
        return sys.exc_info()[0]
RESULT.append(repr(ret()))
rec("after return in handler")
def fin():
    try:
        raise OSError("x")
    finally:
        rec("finally while raising")
try:
    fin()
except OSError:
    pass
rec("after finally")
def gen():
    try:
        raise TypeError("t")
    except TypeError:
        yield 1
        rec("gen resumed")
        yield 2
g = gen()
next(g)
rec("outside gen")
try:
    raise NameError("outer")
except NameError:
    next(g)
    rec("outer handler after gen")
rec("end")
try:
    raise KeyError("unbound")
except KeyError as err:
    pass
try:
    err
except NameError as ne:
    RESULT.append(str(ne))
def host_sees():
    try:
        raise LookupError("host")
    except LookupError:
        return traceback.format_exc().splitlines()[-1]
RESULT.append(host_sees())
def in_with():
    class CM:
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            RESULT.append(("exit got", exc[0], sys.exc_info()[0]))
            return True
    with CM():
        [1, 2, (lambda: 1 / 0)()]
    return "suppressed"
RESULT.append(in_with())
def loop_handlers():
    out = []
    for i in range(4):
        try:
            out.append([i, {"k": 1}, 10 // (i % 2)])
        except ZeroDivisionError:
            out.append(("zero", i))
            continue
        finally:
            out.append("f")
    return out
RESULT.append(loop_handlers())
def deep_stack():
    return [1, (2, {3: [4, int("x") if True else 0]})]
try:
    deep_stack()
except ValueError as e:
    RESULT.append(str(e))
def reraise():
    try:
        try:
            raise KeyError("first")
        except KeyError:
            raise
    except KeyError as e:
        return [(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__)]
RESULT.append(reraise())
def star():
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2), KeyError(3)])
    except* ValueError as eg:
        RESULT.append(("star v", repr(eg.exceptions)))
    except* TypeError as eg:
        RESULT.append(("star t", repr(eg.exceptions), repr(sys.exception())[:40]))
try:
    star()
except ExceptionGroup as eg:
    RESULT.append(("left", repr(eg.exceptions)))
"""


def test_handled_exception_state_like_host(tmp_path):
    host, vm = both(BEHAVIOUR_SRC, tmp_path)
    assert len(vm["RESULT"]) == len(host["RESULT"])
    for h, v in zip(host["RESULT"], vm["RESULT"]):
        assert v == h


TRACEBACK_SRC = """
import traceback
def a():
    return b() + 1
def b():
    x = {"k": 1}
    return (x["k"] +
            x["missing"])
def chain():
    try:
        try:
            raise ValueError(1)
        except ValueError as e:
            raise TypeError(2) from e
    except TypeError as t:
        return traceback.format_exception(t)
def implicit():
    try:
        try:
            {}[0]
        except KeyError:
            int("x")
    except ValueError as v:
        return traceback.format_exc()
def via_host():
    return sorted([3, 1, 2], key=lambda v: 1 / (v - 2))
def in_gen():
    yield 1
    raise RuntimeError("in generator")
def drive():
    return list(in_gen())
def method_chain():
    class K:
        def __init__(self):
            self.v = self.compute()
        def compute(self):
            return undefined_name
    return K()
def formatted(fn):
    try:
        fn()
    except Exception as e:
        return traceback.format_exception(e)
RESULTS = [formatted(a), chain(), implicit(), formatted(via_host), formatted(drive),
           formatted(method_chain)]
"""


@pytest.mark.parametrize("index", range(6))
def test_formatted_tracebacks_like_host(tmp_path, index):
    host, vm = both(TRACEBACK_SRC, tmp_path)
    got, expected = vm["RESULTS"][index], host["RESULTS"][index]
    text = "".join(got)
    assert PYJIT_DIR not in text
    assert got == expected


@pytest.mark.parametrize("fn", ["a", "via_host", "drive", "method_chain"])
def test_traceback_entries_caught_by_host_like_host(tmp_path, fn):
    """Entries (file, line, name, lasti) of a VM exception caught by host code."""
    results = []
    for g in both(TRACEBACK_SRC, tmp_path):
        try:
            g[fn]()
        except Exception as e:
            tb = e.__traceback__.tb_next  # skip this test function's own entry
        entries = []
        while tb is not None:
            code = tb.tb_frame.f_code
            entries.append((code.co_filename, code.co_name, tb.tb_lineno, tb.tb_lasti))
            tb = tb.tb_next
        results.append(entries)
    host, vm = results
    assert all(not filename.startswith(PYJIT_DIR) for filename, *_ in vm)
    assert vm == host
    assert vm[0][0] == str(tmp_path / "subject.py")


def test_same_code_in_two_files_keeps_its_own_filename(tmp_path):
    # code objects compare equal across files (co_filename is not part of ==)
    src = "def f():\n    return 1 / 0\n"
    seen = []
    for name in ("one.py", "two.py"):
        g = load(src, True, tmp_path / name)
        with pytest.raises(ZeroDivisionError) as info:
            g["f"]()
        seen.append(traceback.extract_tb(info.value.__traceback__)[-1].filename)
    assert seen == [str(tmp_path / "one.py"), str(tmp_path / "two.py")]


# ---------------------------------------------------------------------------
# whole programs: the uncaught-exception report and the recursion limit

def run_both(tmp_path, src, name="prog.py"):
    (tmp_path / name).write_text(textwrap.dedent(src))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    vm = subprocess.run([sys.executable, "-m", "pyjit", "run", "--tier", "interp", name],
                        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    host = subprocess.run([sys.executable, name], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    return vm, host


UNCAUGHT = {
    "nested": """
        def outer():
            return inner(0)
        def inner(n):
            return [1][n + 1]
        outer()
    """,
    "callback": """
        def key(v):
            return {"a": 1}[v]
        print(sorted(["a", "b"], key=key))
    """,
    "chained": """
        class Oops(Exception):
            pass
        def f():
            try:
                return 1 / 0
            except ZeroDivisionError as e:
                raise Oops("wrapped") from e
        f()
    """,
    "generator": """
        def g():
            yield 1
            yield int("nope")
        for x in g():
            print(x)
    """,
    "name_error": """
        def f():
            value = 1
            return valeu
        f()
    """,
}


@pytest.mark.parametrize("name", sorted(UNCAUGHT))
def test_uncaught_report_like_host(tmp_path, name):
    vm, host = run_both(tmp_path, UNCAUGHT[name])
    assert host.returncode == 1 and "Traceback (most recent call last):" in host.stderr
    assert (vm.stdout, vm.stderr, vm.returncode) == (host.stdout, host.stderr, host.returncode)


def test_syntax_error_in_main_script_like_host(tmp_path):
    vm, host = run_both(tmp_path, "x = (1,\n  2 +)\n")
    assert host.returncode == 1 and "Traceback" not in host.stderr
    assert (vm.stdout, vm.stderr, vm.returncode) == (host.stdout, host.stderr, host.returncode)


RECURSION_SRC = """
import sys
maxd = 0
def depth(n):
    global maxd
    maxd = n
    depth(n + 1)
for limit in (1000, 50, 321, 4000):
    sys.setrecursionlimit(limit)
    try:
        depth(1)
    except RecursionError as e:
        print(limit, sys.getrecursionlimit(), maxd, e)
def outer():
    try:
        depth(1)
    except RecursionError:
        return maxd
print(outer())
sys.setrecursionlimit(1000)
class C:
    def m(self, k):
        return self.m(k + 1)
try:
    C().m(0)
except RecursionError as e:
    print("method", e)
def gen(n):
    yield from gen(n + 1)
try:
    next(gen(0))
except RecursionError as e:
    print("generator", e)
def deep(n):
    return deep(n + 1)
deep(0)
"""


def test_recursion_error_at_cpythons_depth(tmp_path):
    vm, host = run_both(tmp_path, RECURSION_SRC)
    assert host.stdout.startswith("1000 1000 999 maximum recursion depth exceeded\n")
    assert "[Previous line repeated 996 more times]" in host.stderr
    assert (vm.stdout, vm.stderr, vm.returncode) == (host.stdout, host.stderr, host.returncode)


def test_setrecursionlimit_too_low_like_host(tmp_path):
    vm, host = run_both(tmp_path, """
        import sys
        def f():
            try:
                sys.setrecursionlimit(3)
            except RecursionError as e:
                print(e)
        try:
            sys.setrecursionlimit(2)
        except RecursionError as e:
            print(e)
        f()
        print(sys.getrecursionlimit())
    """)
    assert "at the recursion depth 2" in host.stdout
    assert (vm.stdout, vm.stderr, vm.returncode) == (host.stdout, host.stderr, host.returncode)


# ---------------------------------------------------------------------------
# pyjit's own failures are not the program's

VMERROR_SRC = """
from pyjit.errors import VMError
SEEN = []
def fail():
    raise VMError("an invariant broke")
def g():
    try:
        fail()
    except BaseException:
        SEEN.append("except")
    finally:
        SEEN.append("finally")
def via_host():
    return sorted([2, 1], key=lambda x: g())
"""


@pytest.mark.parametrize("entry", ["g", "via_host"])
def test_a_vmerror_is_never_unwound_into_the_programs_handlers(tmp_path, entry):
    from pyjit.errors import VMError
    from pyjit.frame import thread_state
    ns = load(VMERROR_SRC, True, tmp_path / "vmerror.py")
    depth = thread_state().depth
    with pytest.raises(VMError) as info:
        ns[entry]()
    assert ns["SEEN"] == []  # no except, no finally of the program ran
    # the frames it left without unwinding are not counted any more (the
    # recursion room of later runs in this process: pyjit.hostroom)
    assert thread_state().depth == depth
    # and its traceback keeps pyjit's own frames (through the host call too)
    files = {e.filename for e in traceback.extract_tb(info.value.__traceback__)}
    assert any(os.path.dirname(f) == os.path.join(PYJIT_DIR, "handlers") for f in files)
