"""``pyjit run``'s start-up (issue #15): what a program that never gets hot
makes pyjit import, up to the process's exit (the tier's finish included), and
the recorder's import when a loop gets hot while the program iterates over
``sys.modules`` (jit/later.py).  No clocks: the modules themselves."""

import subprocess
import sys

import pytest

HEAVY = ("pyjit.jit.recorder", "pyjit.jit.opt", "pyjit.jit.nest", "pyjit.jit.traceinterp",
         "pyjit.jit.backend_llvm", "llvmlite", "pyperf", "matplotlib")

# (the atexit function is registered before pyjit's own: it runs after them)
DRIVER = """
import atexit, sys
atexit.register(lambda: sys.__stderr__.write(
    "heavy:" + "".join(" " + m for m in {heavy!r} if m in sys.modules) + "\\n"))
from pyjit.cli import main
sys.argv = ["pyjit", "run", *{args!r}]
raise SystemExit(main())
"""


def _run(tmp_path, source, *args):
    prog = tmp_path / "prog.py"
    prog.write_text(source)
    p = subprocess.run([sys.executable, "-c", DRIVER.format(heavy=HEAVY, args=[*args, str(prog)])],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return p


@pytest.mark.parametrize("tier", ["interp", "specialize", "jit"])
def test_a_run_that_never_gets_hot_imports_no_heavy_module(tmp_path, tier):
    p = _run(tmp_path, "print(sum([1, 2]))\n", "--tier", tier)
    assert (p.stdout, p.stderr) == ("3\n", "heavy:\n")


def test_the_first_hot_loop_imports_the_recorder(tmp_path):
    p = _run(tmp_path, "t = 0\nfor i in range(100):\n    t += i\nprint(t)\n",
             "--tier", "jit", "--jit-threshold", "10", "--jit-backend", "interp")
    assert p.stdout == "4950\n"
    assert {"pyjit.jit.recorder", "pyjit.jit.opt", "pyjit.jit.traceinterp"} <= \
        set(p.stderr.split()), p.stderr


ITERATES_MODULES = """
import sys

def count(prefix):
    n = 0
    for name in sys.modules:          # (hot at its second iteration)
        n += name.startswith(prefix)
    return n

print(count("pyjit.jit.recorder"), count("zzz"))
t = 0
for i in range(10):                   # (hot with no iterator of sys.modules alive)
    t += i
print(t)
"""


def test_no_import_while_the_program_iterates_over_sys_modules(tmp_path):
    """The loop over sys.modules gets hot while it runs: the recorder's import
    would change sys.modules under it (RuntimeError; what main did under
    --jit-backend interp); it waits, and comes with the next loop that gets hot."""
    p = _run(tmp_path, ITERATES_MODULES, "--tier", "jit", "--jit-threshold", "2",
             "--jit-backend", "interp")
    assert p.stdout == "0 0\n45\n", p.stderr
    assert "pyjit.jit.recorder" in p.stderr.split()
