"""Generators resumed inside a consumer's trace (jit/record/resumption.py):
no references leaked or lost over long loops, in both backends; the trace
reads and writes the suspended frame (the differential program
tests/programs/jit_gen_resume.py covers the semantics)."""

import subprocess
import sys

import pytest

from budget import slow_twin

LEAK = """
import sys, weakref

class Box:
    pass

def gen(o, n):
    held = None
    for i in range(n):
        held = Box()            # a local rebound each resumption: the old one dies
        held.i = i
        yield o if i % 2 else held

def main(n):
    o = Box()
    before = sys.getrefcount(o)
    t = 0
    last = None
    g = gen(o, n)
    for x in g:
        if x is not o:
            t += x.i
            last = weakref.ref(x)
    after = sys.getrefcount(o)
    print(t, after - before, last() is None)
    del g
    print(sys.getrefcount(o) - before)

main(N)
"""


# (the trace interpreter runs Python code per op: a fifth of the loop for it)
@pytest.mark.parametrize("backend,n", [("llvm", 200000), slow_twin("interp", 40000)])
def test_no_reference_leaked_over_long_loops(tmp_path, backend, n):
    prog = tmp_path / "leak.py"
    prog.write_text(LEAK.replace("main(N)", f"main({n})"))
    expected = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True,
                              timeout=120).stdout
    p = subprocess.run([sys.executable, "-m", "pyjit", "run", "--jit-threshold", "2",
                        "--jit-backend", backend, "--stats", str(prog)],
                       capture_output=True, text=True, timeout=600,
                       env={"PYJIT_STRICT": "1", **__import__("os").environ})
    assert p.returncode == 0, p.stderr
    assert p.stdout == expected
    # (the loop ran in its trace, the generator resumed there)
    resumes = int(p.stderr.split("generator resumptions inside traces")[1].split()[0]
                  .replace(",", ""))
    assert resumes > n * 0.95, p.stderr
