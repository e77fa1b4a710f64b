"""pyjit's own bugs never become the program's exceptions: an internal error in
the optimizer (of a loop's trace, or in the analysis of a bridge's entry into
the loop) makes the loop interpreted, logged as such -- and with PYJIT_STRICT
(the differential tests' setting) it is raised, so that tests see it."""

import os
import subprocess
import sys
import textwrap

PROGRAM = textwrap.dedent("""
    def f(n):
        t = 0
        for i in range(n):
            t += i if i < 150 else 2 * i   # a late path: the loop's bridge
        return t
    print(f(300))
""")

DRIVER = textwrap.dedent("""
    import sys
    from pyjit.jit import opt
    def broken(*args, **kwargs):
        raise KeyError("an optimizer bug")
    which = sys.argv[1]
    if which == "loop":
        opt.optimize = broken
    else:   # (the driver names jit/opt/bridge.py's functions through the module)
        from pyjit.jit.opt import bridge
        bridge.enter_loop = broken
    from pyjit.cli import main
    sys.exit(main(["run", "--tier", "jit", "--jit-threshold", "10",
                   "--jit-log", sys.argv[3], sys.argv[2]]))
""")


def _run(tmp_path, which, strict):
    prog = tmp_path / "prog.py"
    prog.write_text(PROGRAM)
    log = tmp_path / "log"
    env = {k: v for k, v in os.environ.items() if k != "PYJIT_STRICT"}
    if strict:
        env["PYJIT_STRICT"] = "1"
    p = subprocess.run([sys.executable, "-c", DRIVER, which, str(prog), str(log)],
                       capture_output=True, text=True, env=env, timeout=120)
    return p, log.read_text() if log.exists() else ""


def test_an_optimizer_error_leaves_the_loop_interpreted(tmp_path):
    p, log = _run(tmp_path, "loop", strict=False)
    assert (p.returncode, p.stdout, p.stderr) == (0, "78525\n", "")
    assert "internal error optimizing: KeyError" in log


def test_a_bridge_analysis_error_aborts_the_bridge(tmp_path):
    p, log = _run(tmp_path, "bridge", strict=False)
    assert (p.returncode, p.stdout, p.stderr) == (0, "78525\n", "")
    assert "bridge aborted" in log and "internal error: KeyError" in log


def test_strict_mode_raises_them(tmp_path):
    p, _ = _run(tmp_path, "loop", strict=True)
    assert p.returncode != 0 and "an optimizer bug" in p.stderr
