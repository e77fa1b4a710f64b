"""Tier specialize's blocks (pyjit.specialize.blocks), in process.

The differential corpus runs every program with blocks (and with
PYJIT_BLOCKS_STRICT, so generated source that does not compile fails the run);
these tests check the mechanism itself: which leaders get blocks, what a block
holds, that failing guards drop it and it forms again, the must-be-bound
analysis that lets a block skip LOAD_FAST's check, and the CLI switches.
"""

import dis
import re
import subprocess
import sys
import textwrap

import pytest

from pyjit.decode import decode
from test_specialize import ROOT, S, _tier, find_code, run_host, run_vm  # noqa: F401


@pytest.fixture(autouse=True)
def strict(S, _tier):  # (after _tier, which turns blocks off)
    from pyjit.specialize import blocks
    saved = blocks.STRICT
    blocks.STRICT = True
    S.CONFIG.blocks = True
    yield blocks
    blocks.STRICT = saved


def blocks_of(code, fname):
    """{leader unit: generated source} of function ``fname``'s formed blocks."""
    q = decode(find_code(code, fname)).extra
    return {pc: b.source for pc, b in enumerate(q.blocks)
            if b is not None and b.__class__ is not int}


def test_hot_loop_becomes_one_block_that_loops_inside(S):
    src = """
        def f(n):
            t = 0
            for i in range(n):
                t += i * 2
            return t
        out = [f(50) for _ in range(3)]
    """
    code, g = run_vm(src)
    assert g["out"] == run_host(src)["out"]
    fcode = find_code(code, "f")
    header = next(ins.offset // 2 for ins in dis.get_instructions(fcode)
                  if ins.opname == "FOR_ITER")
    blocks = blocks_of(code, "f")
    assert header in blocks
    text = blocks[header]
    assert "for s0 in it:" in text and "continue" in text
    # the body's stack lives in host locals: no real-stack traffic inside the loop
    body = text.split("for s0 in it:")[1].split("del stack[-1]")[0]
    assert "stack.append" not in body and "stack.pop" not in body


def test_block_skips_the_unbound_check_only_where_the_local_must_be_bound(S):
    src = """
        def f(n, flag):
            a = 1
            for i in range(n):
                b = a + i
                if flag and i == 3:
                    del b
                    b = 0
                c = b
            if n > 100:
                d = 2
            return d if n > 100 else c
        out = [f(20, True), f(20, False), f(20, True)]
    """
    code, g = run_vm(src)
    assert g["out"] == run_host(src)["out"]
    from pyjit.specialize.dataflow import bound_locals
    fcode = find_code(code, "f")
    dec = decode(fcode)
    bound = bound_locals(dec)
    names = fcode.co_varnames
    loads = [(ins.offset // 2, ins.argval) for ins in dis.get_instructions(fcode)
             if ins.opname == "LOAD_FAST"]

    def must(unit, name):
        return bool((bound[unit] >> names.index(name)) & 1)

    for unit, name in loads:
        if name in ("n", "flag", "a", "i", "b"):
            assert must(unit, name), (unit, name)
    # d is bound on one path only; c is unbound if the loop never runs
    assert not any(must(u, "d") for u, nm in loads if nm == "d")
    assert not any(must(u, "c") for u, nm in loads if nm == "c")


def test_failing_guards_drop_the_block_and_it_forms_again(S, strict):
    src = """
        class A:
            def m(self):
                return 1
        def f(objs):
            t = 0
            for o in objs:
                t += o.m()
            return t
        objs = [A() for _ in range(10)]
        out = [f(objs)]
    """
    code, g = run_vm(src)
    fcode = find_code(code, "f")
    q = decode(fcode).extra
    formed = {pc for pc, b in enumerate(q.blocks) if callable(b)}
    assert any("guard_failed" in q.blocks[pc].source and ".value ==" in q.blocks[pc].source
               for pc in formed)  # the cached method's guard
    f = g["f"]
    g["A"].m = lambda self: 2  # the type changes: the cached method's guard fails
    results = [f(g["objs"]) for _ in range(2 * strict.GUARD_FAILURES // 10 + 2)]
    assert results == [20] * len(results)
    assert any(pc in q.drops for pc in formed)
    # formed again later, from the re-specialized instructions
    for _ in range(40):
        assert f(g["objs"]) == 20
    assert any(callable(q.blocks[pc]) for pc in q.drops)


def test_iterator_of_another_type_leaves_the_block_correctly(S):
    src = """
        class It:
            def __init__(self, n):
                self.n = n
                self.calls = 0
            def __iter__(self):
                self.calls += 1
                return self
            def __next__(self):
                if self.n == 0:
                    raise StopIteration
                self.n -= 1
                return self.n
        def total(xs):
            s = 0
            for x in xs:
                s += x
            return s
        out = [total(range(10)) for _ in range(5)]
        it = It(10)
        out.append(total(it))
        out.append(it.calls)
        out += [total((1, 2, 3)), total(x for x in range(4)), total({5: 0})]
    """
    code, g = run_vm(src)
    assert g["out"] == run_host(src)["out"]


def _pyjit(*args):
    return subprocess.run([sys.executable, "-m", "pyjit", "run", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


PROGRAM = textwrap.dedent("""
    def f(n):
        t = 0
        for i in range(n):
            t += i
        return t
    print(f(100))
""")


def test_blocks_log_shows_generated_source(tmp_path):
    p = tmp_path / "p.py"
    p.write_text(PROGRAM)
    r = _pyjit("--tier", "specialize", "--blocks-log", "-", str(p))
    assert r.returncode == 0 and r.stdout == "4950\n"
    assert "# block f (" in r.stderr and "def block(f, stack, fast):" in r.stderr


@pytest.mark.parametrize("flags", [("--tier", "specialize", "--no-blocks"),
                                   ("--tier", "specialize", "--stats"),
                                   ("--tier", "interp")])
def test_no_blocks_where_they_must_not_form(tmp_path, flags):
    # (--stats counts every specialized execution in the loop)
    p = tmp_path / "p.py"
    p.write_text(PROGRAM)
    r = _pyjit(*flags, "--blocks-log", "-", str(p))
    assert r.returncode == 0 and r.stdout == "4950\n"
    assert "# block" not in r.stderr


def test_under_jit_blocks_count_back_edges_and_leave_them_to_the_loop(tmp_path):
    # a block runs its own loop's next iteration only while the back-edge's
    # count is not out (it counts it down as the loop's JUMP_BACKWARD_JIT does,
    # in a local read from the loop's counter at the start and written back
    # whenever the block ends); then the loop runs the back-edge: records the
    # loop, enters its trace
    p = tmp_path / "p.py"
    p.write_text(PROGRAM)
    r = _pyjit("--tier", "jit", "--jit-threshold", "20", "--jit-backend", "interp",
               "--blocks-log", "-", "--jit-log", "-", str(p))
    assert r.returncode == 0 and r.stdout == "4950\n"
    assert "# block f (" in r.stderr
    blocks = [b.split("\n\n")[0] for b in r.stderr.split("# block ")[1:]]
    assert blocks
    for b in blocks:
        counted = re.findall(r"if n(\d+):\n +n\1 -= 1\n", b)
        assert counted and b.count("continue") == len(counted), b
        for pc in counted:
            assert f"return -{int(pc) + 1}" in b     # (~pc: the loop runs the back-edge)
            read = re.search(rf"\n +n{pc} = (k\d+)\[{pc}\]\n +try:", b)
            assert read and re.search(rf"finally:\n(.*\n)* +{read[1]}\[{pc}\] = n{pc}", b), b
    assert "optimized" in r.stderr  # the loop was traced


WHILE_BOOL = """
class B:
    def __init__(self):
        self.n = 0
    def __bool__(self):
        self.n += 1
        return self.n < 3000
def f():
    b = B()
    k = 0
    while b:
        k += 1
    x = [1] * 500 + [None]
    j = 0
    while x[j] is not None:
        j += 1
    return k, b.n, j
print(f(), f())
"""


@pytest.mark.parametrize("threshold", ["30", "100000"])
def test_under_jit_a_while_loops_count_out_tests_the_value_once(tmp_path, threshold):
    # the count runs out at a while loop's back-edge inside a block: the loop runs
    # the back-edge with a value taken the same way, never calling __bool__ again
    p = tmp_path / "p.py"
    p.write_text(WHILE_BOOL)
    r = _pyjit("--tier", "jit", "--jit-threshold", threshold, "--blocks-log", "-", str(p))
    assert r.returncode == 0 and r.stdout == "(2999, 3000, 500) (2999, 3000, 500)\n", r.stderr
    assert "stack.append(True)" in r.stderr


WHILE_PROGRAM = """
def f(n):
    i = 0
    t = 0
    while i < n:
        t += i
        i += 1
    return t
print(f(3000))
"""


@pytest.mark.parametrize("threshold", ["50", "300"])
def test_under_jit_a_while_loop_compare_leaves_its_back_edge_to_the_loop(tmp_path, threshold):
    # a while loop's condition is a comparison the block would fuse with the
    # conditional back-edge (as COMPARE_OP_*_JUMP does): with tier jit's
    # back-edge after it, it must not, or the loop is never traced
    p = tmp_path / "p.py"
    p.write_text(WHILE_PROGRAM)
    r = _pyjit("--tier", "jit", "--jit-threshold", threshold, "--jit-backend", "interp",
               "--jit-log", "-", str(p))
    assert r.returncode == 0 and r.stdout == "4498500\n"
    assert "# loop f (" in r.stderr and "optimized" in r.stderr, r.stderr
