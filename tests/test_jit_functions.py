"""Function traces (issue #14): a function without a loop, hot by calls, is traced
from its entry (RESUME_JIT) to its return; the trace ends with ``finish``, an
exit at the RETURN_VALUE with the value on the frame's stack."""

import re
import subprocess
import sys
import textwrap

import pytest

from pyjit import opcodes as O
from pyjit.decode import decode
from pyjit.specialize import specializer as S

from test_jit_recorder import run_logged, same_trace

PROG = """
    def scale(x):
        y = x * 3
        if y > 50:
            return y - 7
        return y + 1

    def drive(n):
        # recursion: no loop trace covers the calls of scale()
        return 0 if n == 0 else scale(n) + drive(n - 1)

    print(drive(12), drive(30), scale(2.5))
"""


def function_section(log, func, kind):
    m = re.search(rf"^# function {func} \(.*?\) function: {kind}, \d+ ops\n(.*?)(?=^#|\Z)",
                  log, re.M | re.S)
    assert m, f"no {kind} function trace of {func} in the log:\n{log}"
    return m.group(1)


def test_function_trace_ends_with_finish(tmp_path):
    # (scale called by a host builtin: its own trace, not inlined into a caller's)
    log = run_logged(tmp_path, PROG.replace("print(drive(12)", "print(list(map(scale, range(9))), drive(12)"),
                     "--jit-function-threshold", "2")
    same_trace(function_section(log, "scale", "recorded"), """
        [p0]
        entry {f@1 l0=p0}
        label(p0)
        b1 = ptr_eq(p0, NULL)
        guard_false(b1) {f@1 l0=p0}
        guard_class(p0, $int) {f@3 l0=p0 s=p0,$3}
        i2 = unbox_int(p0) {f@3 l0=p0 s=p0,$3}
        i3 = int_mul_ovf(i2, 3) {f@3 l0=p0 s=p0,$3}
        p4 = box_int(i3)
        b5 = int_gt(i3, 50)
        p6 = box_bool(b5)
        guard_false(b5) {f@12 l0=p0 l1=p4}
        i7 = int_add_ovf(i3, 1) {f@19 l0=p0 l1=p4 s=p4,$1}
        p8 = box_int(i7)
        finish(p8) {f@21 l0=p0 l1=p4 s=p8}
        jump(p0)
    """)
    # the recursive driver's trace calls its own code natively (jit/nativecall.py)
    assert "call_assembler(" in function_section(log, "drive", "recorded")


@pytest.mark.parametrize("backend", ["llvm", "interp"])
def test_stats_count_function_traces(backend):
    p = subprocess.run([sys.executable, "-m", "pyjit", "run", "--stats", "--jit-threshold", "1000",
                        "--jit-function-threshold", "3", "--jit-backend", backend, "-c",
                        textwrap.dedent(PROG)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and p.stdout == "246 1313 8.5\n"
    m = re.search(r"function traces compiled (\d+), runs to their return (\d+)", p.stderr)
    assert m and int(m.group(1)) == 1 and int(m.group(2)) > 10, p.stderr
    # (scale is inlined into drive's trace; its y > 50 path leaves it: a guard failure)
    assert re.search(r"drive:4 guard_false", p.stderr), p.stderr
    m = re.search(r"native calls (\d+)", p.stderr)
    assert m and int(m.group(1)) > 10, p.stderr   # (drive's recursion)


PAYS = """
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    def small(x):
        return x * 2 + 1

    # small() is called only by host code (a deque consuming a map in C; sum() of the
    # map would loop in the VM, where its trace inlines small): never natively
    import collections
    print(fib(18), sum(collections.deque(map(small, range(3000)))))
"""


def test_function_traces_by_default(tmp_path):
    # on by default (1000 calls); compiled only where calls of it are native: fib
    # calls itself (call_assembler: in its trace, or -- the 1000th call may be a
    # base case, recorded as such -- in its recursive path's bridge), small()'s
    # would be entered only from the interpreter, which costs more than it saves
    # (nativecall.unpaid)
    log = run_logged(tmp_path, PAYS, "--jit-backend", "llvm")
    function_section(log, "fib", "optimized")
    assert not re.search(r"^# sent back fib ", log, re.M), log
    fib_part = log[log.index("# function fib "):log.index("# function small ")]
    assert "call_assembler(" in fib_part, log
    function_section(log, "small", "recorded")
    assert re.search(r"^# sent back small .*makes no native call", log, re.M), log


def test_function_threshold_zero_turns_them_off():
    p = subprocess.run([sys.executable, "-m", "pyjit", "run", "--stats", "--jit-threshold", "2",
                        "--jit-function-threshold", "0", "-c", textwrap.dedent(PAYS)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and p.stdout == "2584 9000000\n", p.stderr
    assert "function traces compiled 0, runs to their return 0" in p.stderr


def _quickened(source, name, threshold=5):
    ns = {}
    exec(textwrap.dedent(source), ns)
    dec = decode(ns[name].__code__)
    saved = S.CONFIG.jit_function_threshold, S.CONFIG.jit_threshold
    S.CONFIG.jit_function_threshold, S.CONFIG.jit_threshold = threshold, 1000
    try:
        return dec, S.quicken(dec)
    finally:
        S.CONFIG.jit_function_threshold, S.CONFIG.jit_threshold = saved


@pytest.mark.parametrize("source,name,traced", [
    ("def f(x):\n    return x + 1\n", "f", True),
    ("def f(x):\n    def g():\n        return x\n    return g\n", "f", True),
    # with a loop: traced to the loop's header, whose code it calls (jit/loopcall.py)
    ("def f(n):\n    for i in range(n):\n        pass\n", "f", True),
    ("def f(n):\n    while n:\n        n -= 1\n", "f", True),
    ("def f(n):\n    yield n\n", "f", False),                             # generators: not here
    ("async def f(n):\n    return n\n", "f", False),
])
def test_which_functions_count_their_calls(source, name, traced):
    dec, q = _quickened(source, name)
    resume = dec.ops.index(O.RESUME)
    assert (q.ops[resume] == O.RESUME_JIT) == traced
    if traced:
        assert dec.entry_pc == 0   # (new frames start at the counting RESUME)
    if traced:
        assert q.counters[resume] == 5


def test_function_trace_not_entered_from_the_interpreter_where_it_costs(tmp_path):
    # down() recurses one level per call from a host builtin (map): each entry
    # from the interpreter runs a few instructions natively -- after
    # SEND_BACK_ENTRIES such entries its trace is no longer entered from there
    # (functions._entered); a deep recursion's entry (fib's) pays for itself
    src = """
        def down(n):
            return 0 if n == 0 else 1 + down(n - 1)

        print(sum(map(down, [1] * 3000)), down(500))
    """
    log = run_logged(tmp_path, src, "--jit-backend", "llvm", "--jit-function-threshold", "50")
    function_section(log, "down", "recorded")
    assert re.search(r"^# not entered from the interpreter down .* instructions per entry", log,
                     re.M), log
