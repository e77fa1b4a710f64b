"""Frame views (``sys._getframe``) from code a compiled trace runs: a
generator expression consumed by a see-through builtin inside a comprehension's
loop -- its frame inlined, its function made anew each time and gone by the
time the view is made (jit/positions.py rebuilds it from the snapshot's code).
Compared with CPython under tier jit's defaults (the corpus' t2 configurations
cover the rest of the frame-view programs)."""

import subprocess
import sys

PROGRAM = """
import sys

def outer(n):
    return [list(sys._getframe(0).f_back.f_code.co_name for j in range(2)) for i in range(n)]

def depth(n):
    return [sum(len(sys._getframe(1).f_code.co_name) for j in range(2)) for i in range(n)]

for k in range(200):
    a = outer(20)
    b = depth(20)
print(a[0], a[-1], b[:3], b[-1])
"""


def test_getframe_in_a_generator_expression_a_trace_inlined(tmp_path):
    prog = tmp_path / "views.py"
    prog.write_text(PROGRAM)
    want = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True,
                          timeout=120)
    got = subprocess.run([sys.executable, "-m", "pyjit", "run", "--tier", "jit", "--jit-sync",
                          str(prog)], capture_output=True, text=True, timeout=300)
    assert (got.returncode, got.stdout, got.stderr) == (want.returncode, want.stdout,
                                                         want.stderr)
