"""The ``pyjit`` command line as a user sees it.

Wherever ``python3`` has an equivalent, the test runs both and compares stdout,
stderr and exit status byte for byte.  CPython names itself (its ``argv[0]``)
in a few messages ("python3: can't open file ...", "python3: No module named
..."); pyjit says ``pyjit:`` there, which :func:`as_pyjit` accounts for.
Everything else must be identical.  Scratch programs live in ``tmp_path``.
"""

from __future__ import annotations

import difflib
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from difftest import PROGRAMS, TIERS, TIMEOUT, _env

PY = sys.executable
PYJIT = [PY, "-m", "pyjit"]


# ---------------------------------------------------------------------------
# helpers

def _run(cmd, cwd, stdin=b"", env=None):
    p = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True,
                       env=_env() if env is None else env, timeout=TIMEOUT)
    return p.returncode, p.stdout, p.stderr


def cpython(args, cwd, stdin=b""):
    return _run([PY, *args], cwd, stdin)


def pyjit(args, cwd, stdin=b""):
    """``pyjit ARGS`` (the whole command line after the program name)."""
    return _run([*PYJIT, *args], cwd, stdin)


def pyjit_run(args, cwd, stdin=b""):
    """``pyjit run ARGS`` with the default tier, as a user would type it."""
    return pyjit(["run", *args], cwd, stdin)


def as_pyjit(data: bytes) -> bytes:
    """CPython's message with its program name replaced by pyjit's."""
    return data.replace(PY.encode() + b": ", b"pyjit: ")


def _diff(label, want: bytes, got: bytes) -> str:
    a = want.decode("utf-8", "replace").splitlines(keepends=True)
    b = got.decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(a, b, f"cpython {label}", f"pyjit {label}"))


def assert_same(want, got, what=""):
    """Exit status, stdout and stderr of pyjit equal CPython's."""
    if want == got:
        return
    parts = [f"pyjit differs from CPython {what}".rstrip()]
    if want[0] != got[0]:
        parts.append(f"exit status: CPython {want[0]}, pyjit {got[0]}")
    for i, label in ((1, "stdout"), (2, "stderr")):
        if want[i] != got[i]:
            parts.append(_diff(label, want[i], got[i]))
    raise AssertionError("\n".join(parts))


def same_as_cpython(args, cwd, stdin=b"", pyjit_opts=(), cpython_msg_fix=False):
    """Run ``python3 ARGS`` and ``pyjit run [OPTS] ARGS`` and compare."""
    want = cpython(args, cwd, stdin)
    if cpython_msg_fix:
        want = (want[0], as_pyjit(want[1]), as_pyjit(want[2]))
    got = pyjit_run([*pyjit_opts, *args], cwd, stdin)
    assert_same(want, got, f"for {' '.join(map(str, args))!r}")
    return got


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# compile errors: CPython's exact message, no traceback from pyjit, exit 1

def test_syntax_error_in_script(tmp_path):
    prog = write(tmp_path / "syn.py", """
        print("never runs")
        values = [1, 2,
        total = 3
    """)
    code, out, err = same_as_cpython([str(prog)], tmp_path)
    assert code == 1 and out == b""
    assert b"SyntaxError" in err and b"Traceback" not in err


def test_syntax_error_unclosed_paren(tmp_path):
    prog = write(tmp_path / "paren.py", 'print("a")\nx = (1,\n')
    same_as_cpython([str(prog)], tmp_path)


def test_syntax_error_invalid_target(tmp_path):
    prog = write(tmp_path / "target.py", "def f():\n    f() = 3\n")
    same_as_cpython([str(prog)], tmp_path)


def test_indentation_error_in_script(tmp_path):
    prog = write(tmp_path / "ind.py", """
        def f():
            x = 1
              y = 2
            return x + y
    """)
    code, _, err = same_as_cpython([str(prog)], tmp_path)
    assert code == 1 and b"IndentationError: unexpected indent" in err


def test_indentation_error_expected_block(tmp_path):
    prog = write(tmp_path / "block.py", "if True:\npass\n")
    same_as_cpython([str(prog)], tmp_path)


def test_tab_error_in_script(tmp_path):
    prog = tmp_path / "tabs.py"
    prog.write_text("if True:\n        a = 1\n\tb = 2\n", encoding="utf-8")
    same_as_cpython([str(prog)], tmp_path)


def test_syntax_error_relative_script_path(tmp_path):
    write(tmp_path / "sub" / "bad.py", "x = = 1\n")
    same_as_cpython(["sub/bad.py"], tmp_path)


def test_syntax_error_in_imported_module(tmp_path):
    write(tmp_path / "badmod.py", """
        def ok():
            return 1

        def broken(:
            pass
    """)
    prog = write(tmp_path / "main.py", """
        print("importing")
        import badmod
        print("not reached")
    """)
    code, out, err = same_as_cpython([str(prog)], tmp_path)
    assert code == 1 and out == b"importing\n"


def test_syntax_error_caught_from_import(tmp_path):
    write(tmp_path / "badmod2.py", "return 5\n")
    prog = write(tmp_path / "main.py", """
        try:
            import badmod2
        except SyntaxError as e:
            print(type(e).__name__, e.msg, e.lineno, e.offset, e.filename.endswith("badmod2.py"))
    """)
    same_as_cpython([str(prog)], tmp_path)


def test_syntax_error_in_dash_c(tmp_path):
    code, _, _ = same_as_cpython(["-c", "x = (1,\nprint(x"], tmp_path)
    assert code == 1


def test_syntax_error_in_exec_is_catchable(tmp_path):
    prog = write(tmp_path / "ex.py", """
        try:
            exec("a b c")
        except SyntaxError as e:
            print(e)
        compile("1 +", "<thing>", "eval")
    """)
    same_as_cpython([str(prog)], tmp_path)


def test_coding_cookie_and_bom(tmp_path):
    latin = tmp_path / "latin.py"
    latin.write_bytes(b"# -*- coding: latin-1 -*-\nprint('caf\xe9', len('caf\xe9'))\n")
    same_as_cpython([str(latin)], tmp_path)
    bom = tmp_path / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbfprint('bom ok')\n")
    same_as_cpython([str(bom)], tmp_path)


# ---------------------------------------------------------------------------
# files that cannot be run

def test_missing_file(tmp_path):
    code, out, err = same_as_cpython(["no_such_prog.py", "arg"], tmp_path, cpython_msg_fix=True)
    path = tmp_path / "no_such_prog.py"
    assert code == 2 and out == b""
    assert err == f"pyjit: can't open file '{path}': [Errno 2] No such file or directory\n".encode()


def test_missing_file_absolute_path(tmp_path):
    missing = tmp_path / "deeper" / "gone.py"
    code, _, err = same_as_cpython([str(missing)], tmp_path, cpython_msg_fix=True)
    assert code == 2 and str(missing).encode() in err


def test_directory_with_main(tmp_path):
    write(tmp_path / "app" / "__main__.py", """
        import sys
        print("app main", __name__, sys.argv[1:])
    """)
    same_as_cpython(["app", "x"], tmp_path, cpython_msg_fix=True)


def test_directory_without_main(tmp_path):
    (tmp_path / "empty").mkdir()
    same_as_cpython(["empty"], tmp_path, cpython_msg_fix=True)


def test_program_from_stdin_dash(tmp_path):
    src = b"import sys\nprint('from stdin', sys.argv, __file__ if '__file__' in dir() else None)\n"
    same_as_cpython(["-", "a", "b"], tmp_path, stdin=src)


# ---------------------------------------------------------------------------
# usage errors (no CPython equivalent): exit status 2 and a usage message

def test_bad_tier_value(tmp_path):
    prog = write(tmp_path / "p.py", "print('ran')\n")
    code, out, err = pyjit_run(["--tier", "turbo", str(prog)], tmp_path)
    assert code == 2, (code, out, err)
    assert b"ran" not in out
    assert b"usage:" in err and b"turbo" in err


def test_bad_run_flag(tmp_path):
    prog = write(tmp_path / "p.py", "print('ran')\n")
    code, out, err = pyjit_run(["--frobnicate", str(prog)], tmp_path)
    assert code == 2 and b"ran" not in out
    assert b"usage:" in err and b"--frobnicate" in err


def test_tier_without_value(tmp_path):
    code, _, err = pyjit_run(["--tier"], tmp_path)
    assert code == 2 and b"usage:" in err


def test_run_without_program(tmp_path):
    code, _, err = pyjit_run([], tmp_path)
    assert code == 2 and b"usage:" in err


def test_dash_c_without_code(tmp_path):
    want = cpython(["-c"], tmp_path)
    code, _, err = pyjit_run(["-c"], tmp_path)
    assert code == want[0] == 2
    assert b"usage:" in err


def test_dash_m_without_module(tmp_path):
    want = cpython(["-m"], tmp_path)
    code, _, err = pyjit_run(["-m"], tmp_path)
    assert code == want[0] == 2
    assert b"usage:" in err


def test_unknown_command(tmp_path):
    code, out, err = pyjit(["frobnicate"], tmp_path)
    assert code == 2
    assert b"frobnicate" in err and b"usage:" in (out + err)


def test_no_arguments_prints_usage(tmp_path):
    code, out, err = pyjit([], tmp_path)
    assert code == 2
    assert b"usage:" in (out + err) and b"pyjit run" in (out + err)


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help(tmp_path, flag):
    code, out, err = pyjit([flag], tmp_path)
    assert code == 0, (out, err)
    assert b"usage:" in out and b"pyjit run" in out and b"--tier" in out


def test_run_help(tmp_path):
    code, out, _ = pyjit(["run", "--help"], tmp_path)
    assert code == 0
    assert b"--tier" in out and b"interp" in out


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(tmp_path, flag):
    import pyjit as pkg
    code, out, err = pyjit([flag], tmp_path)
    assert code == 0 and err == b""
    text = out.decode()
    assert text.startswith(f"pyjit {pkg.__version__}")
    assert sys.version.split()[0] in text


def test_console_script(tmp_path):
    script = Path(PY).parent / "pyjit"
    if not script.exists():
        pytest.skip("pyjit console script not installed next to the interpreter")
    p = subprocess.run([str(script), "--version"], capture_output=True, env=_env(), cwd=tmp_path,
                       timeout=TIMEOUT)
    assert p.returncode == 0 and p.stdout == pyjit(["--version"], tmp_path)[1]
    p = subprocess.run([str(script), "run", "-c", "import sys; print(sys.argv)", "z"],
                       capture_output=True, env=_env(), cwd=tmp_path, timeout=TIMEOUT)
    assert (p.returncode, p.stdout, p.stderr) == (0, b"['-c', 'z']\n", b"")


@pytest.mark.parametrize("tier", TIERS)
def test_every_tier_accepted(tmp_path, tier):
    got = pyjit_run(["--tier", tier, "-c", "print(sum(range(10)))"], tmp_path)
    assert got == (0, b"45\n", b"")
    got = pyjit_run([f"--tier={tier}", "-c", "print('eq form')"], tmp_path)
    assert got == (0, b"eq form\n", b"")


# ---------------------------------------------------------------------------
# sys.argv, sys.path[0], __main__ for FILE, -c and -m

SHOW = ("import sys, os; print(repr(sys.argv)); print(repr(sys.path[0])); "
        "print(__name__, repr(__package__), '__file__' in dir()); "
        "print(__spec__.name if __spec__ else None)")


@pytest.mark.parametrize("args", [[], ["a"], ["one", "two words", ""], ["-x", "--tier", "jit", "-c", "-m"],
                                  ["ünï", "--"]])
def test_dash_c_argv(tmp_path, args):
    same_as_cpython(["-c", SHOW, *args], tmp_path)


def test_dash_c_traceback_and_exit(tmp_path):
    code, _, err = same_as_cpython(["-c", "def f():\n    return 1/0\nf()"], tmp_path)
    assert code == 1 and b'File "<string>", line 3, in <module>' in err


@pytest.mark.parametrize("code", [
    "import warnings; warnings.warn('from -c')",
    "import traceback; traceback.print_stack()",
    "import inspect; print([(f.filename, f.function) for f in inspect.stack()])",
    "print(__doc__, type(__builtins__).__name__, __loader__ is not None)",
    "'''docstring of -c'''\nprint(__doc__)",
    "import sys; print(sys.modules['__main__'].__dict__ is globals())",
    "def f():\n    x = 1\n    return y\nf()",
    "import sys; sys.stdout.write('no newline')",
    "print('\\u2713 unicode', '\\xe9')",
])
def test_dash_c_misc(tmp_path, code):
    same_as_cpython(["-c", code], tmp_path)


def test_large_output_is_flushed(tmp_path):
    prog = write(tmp_path / "big.py", """
        import sys
        for i in range(20000):
            print(i, "x" * (i % 50))
        sys.stderr.write("done\\n")
    """)
    same_as_cpython([str(prog)], tmp_path)


def test_dash_c_reads_stdin(tmp_path):
    same_as_cpython(["-c", "import sys; print(sys.stdin.read().upper())"], tmp_path,
                    stdin=b"piped text\n")


def test_file_argv_and_path0(tmp_path):
    prog = write(tmp_path / "scripts" / "show.py", """
        import os, sys
        print(repr(sys.argv))
        print(repr(sys.path[0]))
        print(__name__, __file__, repr(__package__), __spec__)
    """)
    same_as_cpython([str(prog), "a", "-b", "--tier", "x"], tmp_path)
    same_as_cpython(["scripts/show.py", "rel"], tmp_path)
    same_as_cpython(["show.py"], tmp_path / "scripts")
    same_as_cpython(["./show.py"], tmp_path / "scripts")


def test_options_after_file_belong_to_program(tmp_path):
    prog = write(tmp_path / "p.py", "import sys\nprint(sys.argv[1:])\n")
    same_as_cpython([str(prog), "--tier", "nonsense", "-c", "x", "-m", "y", "--help", "--version"],
                    tmp_path)


def test_path0_through_symlink(tmp_path):
    real = write(tmp_path / "real" / "prog.py", """
        import sys
        import helper
        print(sys.path[0], sys.argv[0], __file__, helper.WHERE)
    """)
    write(tmp_path / "real" / "helper.py", "WHERE = 'real dir'\n")
    (tmp_path / "links").mkdir()
    link = tmp_path / "links" / "prog.py"
    link.symlink_to(real)
    same_as_cpython([str(link)], tmp_path)


def test_imports_module_next_to_script(tmp_path):
    write(tmp_path / "app" / "util.py", "def twice(x):\n    return 2 * x\n")
    prog = write(tmp_path / "app" / "main.py", """
        import sys, util
        print(util.twice(21), util.__name__, util.__file__ == __file__.replace("main.py", "util.py"))
    """)
    same_as_cpython([str(prog)], tmp_path)


@pytest.fixture
def mpkg(tmp_path):
    """A package ``tool`` in tmp_path, run with ``-m`` from tmp_path."""
    write(tmp_path / "tool" / "__init__.py", "print('tool init', __name__)\nSTATE = []\n")
    write(tmp_path / "tool" / "helpers.py", "def greet(n):\n    return f'hello {n}'\n")
    write(tmp_path / "tool" / "cli.py", """
        import os, sys
        from . import helpers, STATE
        from .helpers import greet
        print("argv:", sys.argv)
        print("path0:", sys.path[0] == os.getcwd(), repr(sys.path[0]))
        print("names:", __name__, __package__, __spec__.name, __file__ == sys.argv[0])
        print(greet("cli"), helpers.__name__, STATE)
        if __name__ == "__main__":
            sys.exit(len(sys.argv) - 1)
    """)
    write(tmp_path / "tool" / "__main__.py", """
        import sys
        from .cli import greet
        print("tool __main__", __name__, __package__, sys.argv[1:], greet("main"))
    """)
    write(tmp_path / "tool" / "boom.py", """
        def explode(n):
            return 10 // n
        print("boom starts")
        explode(0)
    """)
    write(tmp_path / "tool" / "nested" / "__init__.py", "")
    return tmp_path


def test_dash_m_module(mpkg):
    code, out, _ = same_as_cpython(["-m", "tool.cli", "a", "b"], mpkg)
    assert code == 2 and b"names: __main__ tool tool.cli True" in out


def test_dash_m_package_main(mpkg):
    same_as_cpython(["-m", "tool", "x", "--tier", "y"], mpkg)


def test_dash_m_uncaught_exception(mpkg):
    code, _, err = same_as_cpython(["-m", "tool.boom"], mpkg)
    assert code == 1 and b"ZeroDivisionError" in err


def test_dash_m_missing_module(mpkg):
    same_as_cpython(["-m", "tool.nope"], mpkg, cpython_msg_fix=True)
    same_as_cpython(["-m", "nope_at_all"], mpkg, cpython_msg_fix=True)


def test_dash_m_package_without_main(mpkg):
    same_as_cpython(["-m", "tool.nested"], mpkg, cpython_msg_fix=True)


def test_dash_m_stdlib_module(tmp_path):
    same_as_cpython(["-m", "json.tool"], tmp_path, stdin=b'{"b": [1, 2], "a": null}')


def test_dash_m_pkgdemo_runme():
    same_as_cpython(["-m", "pkgdemo.runme", "first", "--second"], PROGRAMS)
    same_as_cpython(["-m", "pkgdemo", "q"], PROGRAMS)


# ---------------------------------------------------------------------------
# exit status

@pytest.mark.parametrize("stmt", [
    "raise SystemExit(0)",
    "raise SystemExit(3)",
    "raise SystemExit('bye now')",
    "raise SystemExit(None)",
    "raise SystemExit",
    "import sys; sys.exit(3)",
    "import sys; sys.exit()",
    "import sys; sys.exit('error text')",
    "raise SystemExit(256)",
    "raise SystemExit(-1)",
    "raise SystemExit(True)",
    "raise SystemExit(2.5)",
    "raise SystemExit(1, 2)",
    "import sys; print('out'); sys.stdout.flush(); sys.exit(4)",
    "import os; os._exit(9)",
    "print('normal end')",
    "1/0",
])
def test_exit_status(tmp_path, stmt):
    same_as_cpython(["-c", stmt], tmp_path)


@pytest.mark.parametrize("tier", TIERS)
def test_exit_status_from_script_every_tier(tmp_path, tier):
    prog = write(tmp_path / "ex.py", """
        import sys
        def main():
            try:
                return int(sys.argv[1])
            finally:
                print("finally ran")
        sys.exit(main())
    """)
    for arg in ("0", "3", "42"):
        same_as_cpython([str(prog), arg], tmp_path, pyjit_opts=("--tier", tier))


def test_exit_in_atexit_and_threads(tmp_path):
    prog = write(tmp_path / "at.py", """
        import atexit, sys, threading
        atexit.register(print, "atexit ran")
        t = threading.Thread(target=lambda: print("thread ran"))
        t.start(); t.join()
        sys.exit(5)
    """)
    code, _, _ = same_as_cpython([str(prog)], tmp_path)
    assert code == 5


def test_raise_keyboard_interrupt(tmp_path):
    prog = write(tmp_path / "ki.py", """
        def work():
            raise KeyboardInterrupt
        print("working", flush=True)
        work()
    """)
    code, _, err = same_as_cpython([str(prog)], tmp_path)
    assert code == -signal.SIGINT and err.endswith(b"KeyboardInterrupt\n")


def test_sigint_signal(tmp_path):
    prog = write(tmp_path / "sig.py", """
        import os, signal
        print("sending SIGINT", flush=True)
        os.kill(os.getpid(), signal.SIGINT)
        print("not reached")
    """)
    code, _, _ = same_as_cpython([str(prog)], tmp_path)
    assert code == -signal.SIGINT


def test_keyboard_interrupt_caught(tmp_path):
    prog = write(tmp_path / "kic.py", """
        import os, signal
        try:
            os.kill(os.getpid(), signal.SIGINT)
        except KeyboardInterrupt:
            print("caught KeyboardInterrupt")
    """)
    assert same_as_cpython([str(prog)], tmp_path)[0] == 0


def test_keyboard_interrupt_with_custom_handler(tmp_path):
    prog = write(tmp_path / "handler.py", """
        import os, signal, sys
        def handler(signum, frame):
            print("handler got", signal.Signals(signum).name, frame is not None)
            sys.exit(11)
        signal.signal(signal.SIGINT, handler)
        os.kill(os.getpid(), signal.SIGINT)
        print("not reached")
    """)
    assert same_as_cpython([str(prog)], tmp_path)[0] == 11


def test_sigterm_default(tmp_path):
    prog = write(tmp_path / "term.py", """
        import os, signal
        print("terminating", flush=True)
        os.kill(os.getpid(), signal.SIGTERM)
    """)
    assert same_as_cpython([str(prog)], tmp_path)[0] == -signal.SIGTERM


# ---------------------------------------------------------------------------
# the Python version check

def test_refuses_other_python_versions(tmp_path):
    probe = textwrap.dedent("""
        import sys
        sys.version_info = (3, 12, 1, "final", 0)
        import pyjit
        print("imported anyway")
    """)
    code, out, err = _run([PY, "-c", probe], tmp_path)
    assert code == 1, (out, err)
    assert b"imported anyway" not in out
    assert b"pyjit: unsupported Python 3.12" in err and b"3.11" in err
    assert b"Traceback" not in err


def test_refuses_other_python_versions_via_main(tmp_path):
    probe = textwrap.dedent("""
        import runpy, sys
        sys.version_info = (3, 10, 0, "final", 0)
        sys.argv = ["pyjit", "run", "-c", "print('ran')"]
        runpy.run_module("pyjit", run_name="__main__", alter_sys=True)
    """)
    code, out, err = _run([PY, "-c", probe], tmp_path)
    assert code == 1 and b"ran" not in out
    assert b"unsupported Python 3.10" in err


def test_accepts_python_311(tmp_path):
    code, out, err = _run([PY, "-c", "import pyjit, sys; print(sys.version_info[:2])"], tmp_path)
    assert (code, out, err) == (0, b"(3, 11)\n", b"")
