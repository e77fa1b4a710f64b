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


# A long function without a loop (~250 instructions), called only from host code
# (functools.reduce): its function trace makes no native call and no trace calls it natively,
# but it is long enough to pay for its entries from the interpreter
# (nativecall.unpaid: at least warmup.SEND_BACK_INSTRUCTIONS) -- kept, compiled
# behind the loops' and bridges' code, and entered from the interpreter only
# while none of that code is in flight (jit/keptlong.py).  spin()'s loop gets
# hot first: its code is in flight when step() gets hot.
KEPT_LONG = """
import functools

def spin(n):
    t = 0
    for i in range(n):
        t += i % 7
    return t

def step(a, x):
    t = x
""" + "".join(f"    t = (t * {i % 7 + 3} + x) % 1000003\n" for i in range(40)) + """
    return a + t

print(spin(5000))
print(functools.reduce(step, range(4000), 0))
"""

# The compile thread, simulated deterministically: each job is compiled when it is
# submitted; its code lands 3 safe points later -- or, with argv[1] == "1", a job
# of the URGENT queue (loops and bridges) never lands.  The priorities of the jobs
# submitted are written to argv[2].
HELD_BACK = """
import sys
from pyjit.jit import warmup
from pyjit.jit.llvm import jobs
hold_urgent, out = sys.argv[1] == "1", sys.argv[2]
held, seen = [], []
def submit(job):
    jobs.build(job)
    held.append([job, 3])
    seen.append(job.priority)
    with open(out, "w") as fh:
        fh.write(repr(seen))
    return job
poll = warmup.poll
def delayed_poll():
    for h in list(held):
        if hold_urgent and h[0].priority == jobs.URGENT:
            continue
        h[1] -= 1
        if h[1] <= 0:
            held.remove(h)
            jobs._finished.append(h[0])
    poll()
jobs.submit = submit
warmup.poll = delayed_poll
from pyjit import cli
sys.exit(cli.main(sys.argv[3:]))
"""


def _held_back(tmp_path, hold_urgent):
    import json
    import os
    prog = tmp_path / "kept.py"
    prog.write_text(KEPT_LONG)
    out, st = tmp_path / "priorities", tmp_path / "stats.json"
    p = subprocess.run([sys.executable, "-c", HELD_BACK, "1" if hold_urgent else "0", str(out),
                        "run", "--tier", "jit", "--no-jit-cache", "--jit-backend", "llvm",
                        "--stats-json", str(st), str(prog)],
                       capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PYJIT_JIT_SYNC": "0", "PYJIT_STRICT": "1"})
    want = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True)
    assert (p.stdout, p.returncode) == (want.stdout, 0), p.stderr
    return eval(out.read_text()), json.loads(st.read_text())["jit"]


def test_a_long_function_trace_is_compiled_behind_and_entered_once_nothing_is_in_flight(tmp_path):
    priorities, d = _held_back(tmp_path, hold_urgent=False)
    # spin's loop first (URGENT), step's function trace behind it (BACKGROUND)
    assert priorities == [0, 1], priorities
    assert d["function_traces"] == 1, d
    assert d["function_returns"] > 1000, d      # entered from the interpreter (reduce)


def test_a_long_function_trace_is_not_entered_while_loop_code_is_in_flight(tmp_path):
    priorities, d = _held_back(tmp_path, hold_urgent=True)
    assert priorities == [0, 1], priorities
    assert d["function_traces"] == 1, d
    # step's code landed (3 safe points after it was submitted), spin's never
    # did: step is interpreted -- not entered from the interpreter meanwhile
    assert d["function_returns"] == 0, d
