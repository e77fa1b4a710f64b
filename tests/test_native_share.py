"""The native share (--stats, --stats-json): instructions counted on both sides.

The interpreter's count is checked against CPython's own (``sys.settrace``
with opcode events, run natively); tier jit's interpreted + native count must
come to the same total, minus the iterations the recorder ran itself.
"""

import json
import subprocess
import sys

import pytest

from budget import slow_twin

# an inlined call, a branch that gets a bridge, an inner loop unrolled into the
# outer loop's trace (and compiled on its own first)
MIX = """
def f(x):
    return x * 2 + 1

def main(n):
    t = 0
    for i in range(n):
        if i % 3 == 0:
            t += f(i)
        else:
            t -= 1
        for j in range(2):
            t += j
    return t
print(main(20000))
"""

# a while loop whose condition is a compare: its back-edge is a conditional
# jump that a specialized compare would take itself (not counted, never traced)
WHILE = """
def main(n):
    i = 0
    t = 0
    while i < n:
        t += i
        i += 1
    return t
print(main(100000))
"""

TRACE_COUNT = """
import sys
n = 0
def tracer(frame, event, arg):
    global n
    frame.f_trace_opcodes = True
    if event == "opcode":
        n += 1
    return tracer
code = compile(open(sys.argv[1]).read(), sys.argv[1], "exec")
sys.settrace(tracer)
exec(code, {"__name__": "__main__"})
sys.settrace(None)
print(n, file=sys.stderr)
"""


def run(*args):
    return subprocess.run([sys.executable, "-m", "pyjit", "run", *args], capture_output=True,
                          text=True, timeout=300)


def stats(tmp_path, prog, *args):
    out = tmp_path / "stats.json"
    p = run(*args, "--stats-json", str(out), str(prog))
    assert p.returncode == 0, p.stderr
    return json.loads(out.read_text())


@pytest.fixture
def mix(tmp_path):
    prog = tmp_path / "mix.py"
    prog.write_text(MIX)
    return prog


def test_interpreter_counts_what_cpython_executes(tmp_path, mix):
    counter = tmp_path / "count.py"
    counter.write_text(TRACE_COUNT)
    p = subprocess.run([sys.executable, str(counter), str(mix)], capture_output=True, text=True,
                       timeout=120)
    cpython = int(p.stderr.split()[-1])
    pyjit = stats(tmp_path, mix, "--tier", "specialize")["interpreted_instructions"]
    # (the frames' first RESUME and the module's setup differ by a few)
    assert abs(pyjit - cpython) <= 20, (pyjit, cpython)


@pytest.mark.parametrize("backend", ["llvm", "interp"])
def test_native_and_interpreted_add_up(tmp_path, mix, backend):
    spec = stats(tmp_path, mix, "--tier", "specialize")["interpreted_instructions"]
    d = stats(tmp_path, mix, "--jit-backend", backend)
    share = d["jit"]["native_share"]
    assert share["interpreted_instructions"] == d["interpreted_instructions"]
    assert share["native_instructions"] + share["interpreted_instructions"] == \
        share["instructions"]
    # the recordings' iterations (a few dozen instructions each) are nobody's
    assert spec - 300 <= share["instructions"] <= spec, (share, spec)
    assert share["share"] > 0.9


def test_every_iteration_native_at_threshold_2(tmp_path, mix):
    d = stats(tmp_path, mix, "--jit-threshold", "2")["jit"]["native_share"]
    assert d["share"] > 0.99


def test_stats_text_names_what_stays_interpreted(tmp_path):
    prog = tmp_path / "gen.py"
    # (consumed by host code -- map's C loop --: a `for` loop, or a builtin the
    # tracer sees through such as sum(), would run it in its trace)
    prog.write_text("def gen(n):\n    for i in range(n):\n        yield i\n"
                    "def main(n):\n    return sum(map(int, gen(n)))\n"
                    "print(main(5000))\n")
    p = run("--stats", str(prog))
    assert p.returncode == 0 and p.stdout == "12497500\n"
    assert "native share" in p.stderr
    lines = p.stderr.split("interpreted most:")[1].splitlines()
    assert "gen (" in lines[1] and "YIELD_VALUE" in lines[1] and "line 2" in lines[1]


def test_while_loop_with_a_compare_is_compiled(tmp_path):
    prog = tmp_path / "w.py"
    prog.write_text(WHILE)
    d = stats(tmp_path, prog)
    assert d["jit"]["loops_compiled"] == 1
    assert d["jit"]["native_share"]["share"] > 0.95


def test_no_share_without_statistics(tmp_path, mix):
    # nothing counts: the run has no native share to report, and is plain
    p = run(str(mix))
    assert p.returncode == 0 and p.stderr == "" and p.stdout == "133340000\n"


GENS = """
def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1

def scaled(items):
    for x in items:
        yield x * 3

def main(n):
    t = 0
    for x in scaled(numbers(n)):
        t += x
    return t + sum(map(int, numbers(n)))
print(main(4000))
"""


@pytest.mark.parametrize("backend", ["interp", "llvm"])
def test_generator_resumptions_inside_traces_are_counted(tmp_path, backend):
    # the consumer's trace resumes both generators each iteration; map()'s
    # resumptions are the interpreter's (host code consumes that generator; sum()
    # of it directly would be a traced loop: test_sum_of_a_generator_runs_native)
    prog = tmp_path / "gens.py"
    prog.write_text(GENS)
    d = stats(tmp_path, prog, "--jit-threshold", "2", "--jit-backend", backend)
    n = d["jit"]["native_share"]["gen_resumes"]
    assert 2 * 4000 - 20 <= n <= 2 * 4000, n
    p = run("--jit-threshold", "2", "--stats", str(prog))
    assert p.stdout == f"{3 * 3999 * 4000 // 2 + 3999 * 4000 // 2}\n"
    assert "generator resumptions inside traces" in p.stderr


# loops three deep, the inner trip counts changing on every visit (zero
# included): the innermost loop is compiled, the outer bodies become its
# bridges (jit/nest.py), and nearly everything runs native
NESTED = """
def main(n):
    total = 0
    for i in range(n):
        x = i % 9
        for j in range(x):
            for k in range(j % 3):
                total += j * x - k
            total ^= j
        total += i
    return total
print(main(20000))
"""


@pytest.mark.parametrize("backend", ["llvm", slow_twin("interp")])
def test_nested_loops_run_native(tmp_path, backend):
    prog = tmp_path / "nested.py"
    prog.write_text(NESTED)
    spec = stats(tmp_path, prog, "--tier", "specialize")["interpreted_instructions"]
    d = stats(tmp_path, prog, "--jit-backend", backend, "--jit-sync")["jit"]
    share = d["native_share"]
    assert spec - 300 <= share["instructions"] <= spec, (share, spec)
    assert share["share"] > 0.95, share
    assert d["blacklisted"] == 0


# sum() of a generator expression, in a loop: sum's VM-level implementation
# (pyjit.seethrough) loops in the VM, so its loop is traced with the generator
# resumed inside the trace; the C builtin would call back into the VM for every
# element, and nothing would be native
SUM_OF_GENEXPR = """
def main(n):
    t = 0
    for k in range(n):
        t += sum(i * i for i in range(2000))
    return t
print(main(40))
"""


def test_sum_of_a_generator_runs_native(tmp_path):
    prog = tmp_path / "sumgen.py"
    prog.write_text(SUM_OF_GENEXPR)
    d = stats(tmp_path, prog)
    share = d["jit"]["native_share"]
    assert share["share"] > 0.9, share
    assert share["gen_resumes"] > 40 * 1900, share


# lst.sort(key=f) of a VM key function (pyjit.seethrough.list_sort_key): the key
# calls are a VM loop, traced with f inlined; the C method would call f from C for
# every item (each an entry into the VM: nothing native).  Sorted in a function
# called 3 times (the LOAD_METHOD still unspecialized: the bound method's path)
# and in a loop (specialized: the method descriptor's)
LIST_SORT_KEY = """
def once(xs):
    xs.sort(key=lambda v: (v * 7919) % 10007)
    return xs[0] + xs[-1]

def many(n):
    t = 0
    for k in range(n):
        ys = list(range(3000))
        ys.sort(key=lambda v: (v * k) % 101, reverse=k % 2 == 1)
        t += ys[0] - ys[-1]
    return t
print(once(list(range(20000))), once(list(range(20000))), once(list(range(20000))), many(30))
"""


def test_list_sort_key_runs_native(tmp_path):
    prog = tmp_path / "lsort.py"
    prog.write_text(LIST_SORT_KEY)
    d = stats(tmp_path, prog)
    share = d["jit"]["native_share"]
    assert share["share"] > 0.9, share


# A loop body calling ten levels deep, the deepest two a closure (no native
# call of it: its frame has a free variable): inlined up to
# record.inline.MAX_INLINE_DEPTH (12) -- at 8 the closure was called through
# the host every iteration (deltablue's build loop: weakest_of -> weaker at
# depth 9, ~1000 host calls a run).
DEEP_CALLS = """
def make(k):
    def l9(x): return x + k
    def l8(x): return l9(x) * 2
    return l8
l8 = make(1)
def l7(x): return l8(x) - 1
def l6(x): return l7(x) + 3
def l5(x): return l6(x) % 1000003
def l4(x): return l5(x) + 1
def l3(x): return l4(x) ^ 5
def l2(x): return l3(x) + 2
def l1(x): return l2(x) - 7
def l0(x): return l1(x) + 1

def main(n):
    t = 0
    for i in range(n):
        t += l0(i)
    return t
print(main(3000))
"""


def test_deep_calls_are_inlined(tmp_path):
    prog = tmp_path / "deep.py"
    prog.write_text(DEEP_CALLS)
    d = stats(tmp_path, prog, "--jit-sync")
    assert d["jit"]["native_iterations"] > 1000, d["jit"]
    assert d["jit"]["native_pycalls"] == 0, d["jit"]
