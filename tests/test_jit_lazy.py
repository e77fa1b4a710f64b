"""``for x in map(f, ...)`` / ``filter(f, ...)`` of a VM function, seen through by
the recorder (jit/record/lazy.py): the function runs inside the loop's trace
(no call from native code into pyjit's Python per item), no reference leaked
or lost over long loops, in both backends.  The semantics are covered by the
differential program tests/programs/jit_map_filter.py."""

import os
import re
import subprocess
import sys

import pytest

PROGRAM = """
import sys

class Box:
    pass

def main(n):
    o = Box()
    before = sys.getrefcount(o)
    t = 0
    for x in map(lambda v: (o, v * 2), range(n)):
        t += x[1]
    for x in filter(lambda v: v % 3 and o, range(n)):
        t -= x
    print(t, sys.getrefcount(o) - before)

main(N_ITEMS)
"""


# (the trace interpreter, ~30x slower per op, runs a fifth of the items: the
# same traces; a leak would still show as a count in the hundreds)
@pytest.mark.parametrize("backend,n", [("llvm", 200000), ("interp", 40000)])
def test_map_and_filter_run_inside_the_trace(tmp_path, backend, n):
    prog = tmp_path / "lazy.py"
    prog.write_text(PROGRAM.replace("N_ITEMS", str(n)))
    expected = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True,
                              timeout=120).stdout
    assert expected.split()[1] == "0"
    p = subprocess.run([sys.executable, "-m", "pyjit", "run", "--jit-threshold", "50",
                        "--jit-backend", backend, "--stats", str(prog)],
                       capture_output=True, text=True, timeout=600,
                       env={**os.environ, "PYJIT_STRICT": "1"})
    assert p.returncode == 0, p.stderr
    assert p.stdout == expected
    m = re.search(r"trace iterations ([\d,]+); calls from native code into pyjit's Python "
                  r"code ([\d,]+)", p.stderr)
    iterations, calls = (int(g.replace(",", "")) for g in m.groups())
    # (every item of both loops ran in a trace; the lambdas inlined, not called)
    assert iterations > 1.5 * n, p.stderr
    assert calls < 100, p.stderr
