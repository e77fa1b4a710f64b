"""The LLVM backend's ops of function traces (issue #14): ``finish`` (a
function trace's return) and ``call_assembler`` (a call of a function's
compiled code from native code, jit/llvm/native.py)."""

import gc
import re
import subprocess
import sys
import textwrap

import pytest

from pyjit.jit import backend_llvm, traceinterp

from test_jit_llvm import parse, run

FINISH = """
[p0]
label(p0)
guard_class(p0, $int) {f@1 l0=p0}
i1 = unbox_int(p0) {f@1 l0=p0}
i2 = int_mul_ovf(i1, 3) {f@3 l0=p0 s=p0,$3}
p3 = box_int(i2)
finish(p3) {f@5 l0=p0 s=p3}
jump(p0)
"""


@pytest.mark.parametrize("backend", [backend_llvm, traceinterp], ids=["llvm", "interp"])
def test_finish_leaves_with_the_return_value(backend):
    loop = backend.compile(parse(FINISH))
    r, buf = run(loop, [5])
    assert r[0] == "return" and loop.guard_ops[r[1]].name == "finish"
    assert buf[1:3] == [5, 15]
    # the other exits are guard failures, before the value exists
    r, buf = run(loop, [1 << 62])
    assert loop.guard_ops[r[1]].name == "int_mul_ovf" and buf[1:4] == [1 << 62, 1 << 62, 3]
    r, buf = run(loop, [2.5])
    assert loop.guard_ops[r[1]].name == "guard_class" and buf[1] == 2.5
    # the value handed out is the frame's: one reference, nothing leaked
    x = 10 ** 12 + 7
    gc.collect()
    before = sys.getrefcount(x)
    for _ in range(1000):
        r, buf = run(loop, [x])
        assert buf[2] == 3 * x
    del buf
    gc.collect()
    assert sys.getrefcount(x) == before


RECURSIVE = """
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)
    def walk(t):
        return 0 if t is None else 1 + walk(t[0]) + walk(t[1])
    def tree(d):
        return None if d == 0 else (tree(d - 1), tree(d - 1))
    print(fib(22), walk(tree(10)))
    try:
        print(walk(tree(3)) + fib("x"))
    except TypeError as e:
        print("TypeError:", e)
"""


def test_call_assembler_runs_recursion_natively(tmp_path):
    src = textwrap.dedent(RECURSIVE)
    want = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True, timeout=300)
    log = tmp_path / "log"
    p = subprocess.run([sys.executable, "-m", "pyjit", "run", "--stats", "--jit-backend", "llvm",
                        "--jit-function-threshold", "50", "--jit-log", str(log), "-c", src],
                       capture_output=True, text=True, timeout=300)
    assert (p.returncode, p.stdout) == (want.returncode, want.stdout), p.stderr
    text = log.read_text()
    assert "call_assembler(" in text, text[-3000:]
    m = re.search(r"native calls (\d+)", p.stderr)
    assert m and int(m.group(1)) > 1000, p.stderr


THROUGH_INLINED = """
    import sys
    def helper(n):
        return walk(n - 1) + 1
    def walk(n):
        return 0 if n == 0 else helper(n)
    def depth_of(fn):
        for k in range(0, 400, 3):
            try:
                fn(k)
            except RecursionError:
                return k
    sys.setrecursionlimit(300)
    print([depth_of(walk) for _ in range(20)][-3:], walk(100))
"""


def test_call_assembler_in_counts_the_inlined_frames(tmp_path):
    # walk's trace inlines helper and calls walk natively from inside it:
    # call_assembler_in, the inlined level counted -- RecursionError at CPython's
    # depth (it came at twice that when only the callee's level was counted)
    src = textwrap.dedent(THROUGH_INLINED)
    want = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True, timeout=300)
    log = tmp_path / "log"
    p = subprocess.run([sys.executable, "-m", "pyjit", "run", "--stats", "--jit-backend", "llvm",
                        "--jit-sync", "--jit-function-threshold", "50", "--jit-log", str(log),
                        "-c", src], capture_output=True, text=True, timeout=300)
    assert (p.returncode, p.stdout) == (want.returncode, want.stdout), p.stderr
    assert "call_assembler_in(" in log.read_text()
    m = re.search(r"native calls (\d+)", p.stderr)
    assert m and int(m.group(1)) > 1000, p.stderr


def test_function_trace_tiers_up_by_its_native_runs():
    # fib is entered from the interpreter a few times, and runs thousands of times
    # called natively: its fast code's tier-up counts both (warmup.function_runs;
    # before, only the entries: fib's code stayed the unoptimized one)
    src = "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n" \
          "print(fib(18), fib(10))\n"
    p = subprocess.run([sys.executable, "-m", "pyjit", "run", "--stats", "--jit-sync",
                        "--jit-backend", "llvm", "-c", src],
                       capture_output=True, text=True, timeout=120)
    assert p.stdout == "2584 55\n", p.stderr
    m = re.search(r"tier-ups (\d+)", p.stderr)
    assert m and int(m.group(1)) == 1, p.stderr
