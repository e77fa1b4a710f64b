"""Tier jit on the command line: its flags, --stats and --jit-log output."""

import subprocess
import sys

import pytest

LOOP = """
def f(n):
    t = 0
    for i in range(n):
        t += i * 2
        if i % 3 == 0:
            t -= 1
    return t
print(f(3000))
"""


def pyjit(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "pyjit", "run", *args], capture_output=True,
                          text=True, timeout=120, input=stdin)


@pytest.mark.parametrize("args,message", [
    (("--jit-threshold", "0"), "--jit-threshold"),
    (("--jit-threshold", "x"), "--jit-threshold"),
    (("--trace-limit", "-3"), "--trace-limit"),
    (("--jit-backend", "gcc"), "--jit-backend"),
    (("--jit-opt=-nosuch",), "unknown optimizer pass"),
    (("--jit-opt", "heap,-dce"), "not both"),
])
def test_bad_flags(args, message):
    p = pyjit(*args, "-c", "pass")
    assert p.returncode == 2
    assert message in p.stderr and p.stderr.startswith("usage: pyjit run")


@pytest.mark.parametrize("backend", ["llvm", "interp"])
def test_stats_report_the_jit(backend):
    p = pyjit("--stats", "--jit-threshold", "50", "--jit-backend", backend, "-c", LOOP)
    assert p.returncode == 0 and p.stdout == "8996000\n"
    err = p.stderr
    assert "jit:" in err
    assert "loops traced 1, compiled 1" in err
    assert "bridges recorded 1" in err          # the i % 3 branch
    if backend == "llvm":                       # ... compiled on its own, into its slot
        assert "attached to their slot 1, compiled into their loop again 0" in err
    assert f"({backend} backend)" in err
    assert "guard failures" in err and "rangeiter_next" in err
    if backend == "llvm":
        assert "native code 0 bytes" not in err


def test_jit_log_has_traces_bridges_and_llvm_ir(tmp_path):
    log = tmp_path / "jit.log"
    p = pyjit("--jit-threshold", "50", "--jit-log", str(log), "--jit-log-llvm", "-c", LOOP)
    assert p.returncode == 0 and p.stdout == "8996000\n"
    text = log.read_text()
    assert "recorded" in text and "optimized" in text and "# bridge f" in text
    assert "define" in text          # LLVM IR
    assert "# line 5" in text         # guards annotated by source line


def test_trace_limit_aborts(tmp_path):
    log = tmp_path / "jit.log"
    p = pyjit("--jit-threshold", "10", "--trace-limit", "5", "--jit-log", str(log), "-c", LOOP)
    assert p.returncode == 0 and p.stdout == "8996000\n"
    assert "trace too long" in log.read_text()


def test_jit_log_to_stderr():
    p = pyjit("--jit-threshold", "10", "--jit-log", "-", "-c", LOOP)
    assert p.returncode == 0 and p.stdout == "8996000\n"
    assert "# loop f" in p.stderr


def test_jit_opt_switches_passes_off_and_stats_count_each():
    p = pyjit("--stats", "--jit-threshold", "50", "--jit-opt=-licm,-intbounds", "-c", LOOP)
    assert p.returncode == 0 and p.stdout == "8996000\n"
    line = next(ln for ln in p.stderr.splitlines() if "optimizer, per pass" in ln)
    assert "heap " in line and "licm" not in line and "intbounds" not in line
    p = pyjit("--stats", "--jit-threshold", "50", "-c", LOOP)
    line = next(ln for ln in p.stderr.splitlines() if "optimizer, per pass" in ln)
    assert "licm 0/0/" in line and "licm 0/0/0" not in line     # the iterator's check moved


REBINDS = """
def f(n):
    xs = [1, 2, 3]
    t = i = 0
    while i < n:
        if i % 50 == 49:
            xs = [i, i, i]      # the loop's invariant list changes on a rare path
        t += xs[i % 3]
        i += 1
    return t
print(f(3000))
"""


def test_a_bridge_that_changes_a_loop_invariant_makes_it_a_variable():
    # the optimized loop read xs once (licm); the rare path's bridge would jump
    # back with another list: rather than refuse it (that path interpreted for
    # good), the loop is optimized again with xs a variable (Trace.variant) and
    # the rare path's next bridge enters the loop
    p = pyjit("--jit-threshold", "20", "--jit-log", "-", "-c", REBINDS)
    want = subprocess.run([sys.executable, "-c", REBINDS],
                          capture_output=True, text=True, timeout=300)
    assert p.returncode == 0 and p.stdout == want.stdout
    assert "# generalized f" in p.stderr and "loop-invariant value" in p.stderr
    assert "bridge aborted" not in p.stderr and "blacklisted" not in p.stderr
    assert p.stderr.count("# bridge f") >= 1


def test_jit_log_passes_writes_the_trace_after_every_pass():
    p = pyjit("--jit-threshold", "50", "--jit-log", "-", "--jit-log-passes",
              "--jit-opt=-heap", "-c", LOOP)
    assert p.returncode == 0 and p.stdout == "8996000\n"
    titles = [ln for ln in p.stderr.splitlines() if ": after " in ln]
    from pyjit.jit.opt import PIPELINE
    names = [ln.split(": after ")[1].split(",")[0] for ln in titles]
    assert names[:len(PIPELINE) - 1] == [n for n in PIPELINE if n != "heap"]


def _blamed(tmp_path, program, blames):
    """Run a corpus program at threshold 2 with a log: CPython's output, and for
    each (recording, function) of ``blames`` the log line saying the recording was
    too long and ``function`` is called from then on.  Returns the log."""
    from pathlib import Path
    prog = Path(__file__).parent / "programs" / program
    log = tmp_path / "jit.log"
    p = pyjit("--jit-threshold", "2", "--jit-function-threshold", "2", "--jit-sync",
              "--jit-log", str(log), str(prog))
    want = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True)
    assert (p.stdout, p.stderr.replace(sys.executable, "")) == (want.stdout, want.stderr)
    text = log.read_text()
    for what, fn in blames:
        assert any(line.startswith(f"# {what} ") and
                   f"trace too long: {fn}() too long to inline: called" in line
                   for line in text.splitlines()), (what, fn)
    return text


def test_too_long_recordings_call_their_biggest_callee(tmp_path):
    # (jit/record/toolong.py) a loop, a function trace and a bridge each past their
    # limit because of what they inline: the inlined function that made most of the
    # ops is called from then on -- the log says which -- and each is recorded again
    text = _blamed(tmp_path, "jit_too_long_called.py", (("aborted main", "step"),
                                                      ("aborted step", "mix"),
                                                      ("bridge aborted run", "trio")))
    # ... and recorded again, calling it natively
    assert "# loop main " in text and "# function step " in text and "# bridge run " in text
    assert "call_assembler" in text


def test_too_long_recordings_call_their_biggest_dunder_or_init(tmp_path):
    # (jit/record/natively.py) recordings too long by __add__'s, __eq__'s (a
    # bridge) and __init__'s own frames blame them; the next recording calls
    # them natively from BINARY_OP, COMPARE_OP and the class call (dunder_result
    # finishes the instruction) -- before, only frames entered by CALL could be
    text = _blamed(tmp_path, "jit_dunder_called_native.py", (("aborted main", "__add__"),
                                                           ("bridge aborted main", "__eq__"),
                                                           ("aborted build", "__init__")))
    assert "# loop build " in text and "# loop same " in text
    assert "dunder_result" in text and "call_assembler" in text


def test_too_long_recordings_call_the_other_dunders_natively(tmp_path):
    # (jit/record/dunders.py _native) __bool__, __contains__, __iter__,
    # __setitem__, __delitem__, the unary operators' and __next__ blamed by
    # recordings too long are then called natively from POP_JUMP_IF, CONTAINS_OP,
    # GET_ITER, STORE_SUBSCR, DELETE_SUBSCR, UNARY_* and FOR_ITER -- before, they
    # went through the generic op (the host's slot into the VM's interpreter) and
    # were never blamed
    text = _blamed(tmp_path, "jit_dunder_native_kinds.py", (
        ("aborted warm_bool", "__bool__"), ("aborted warm_contains", "__contains__"),
        ("aborted warm_iter", "__iter__"), ("aborted warm_setitem", "__setitem__"),
        ("aborted warm_delitem", "__delitem__"),
        ("aborted warm_unary", "__neg__"), ("aborted warm_unary", "__invert__"),
        ("aborted warm_unary", "__pos__"), ("aborted walk", "__next__")))
    from pathlib import Path
    src = (Path(__file__).parent / "programs" / "jit_dunder_native_kinds.py").read_text()
    body = src[src.index("def main(n):"):].splitlines()
    first = src[:src.index("def main(n):")].count("\n") + 1
    calls = text.splitlines()
    for stmt in ("if b:", "if i in b:", "for y in b:", "b[i] = 3", "del b[i + 1]", "t += -b",
                 "t += ~b + +b"):
        line = first + next(k for k, s in enumerate(body) if s.strip() == stmt)
        assert any(" call_assembler(" in c and c.endswith(f"# line {line}") for c in calls), stmt
    # FOR_ITER's __next__ (its StopIteration ends the loop: protocols.raised_at)
    line = src[:src.index("    for y in Walk(n, fail):")].count("\n") + 1
    assert any(" call_assembler(" in c and c.endswith(f"# line {line}") for c in calls)
    # __bool__'s, __contains__'s and __iter__'s values checked by dunder_result
    for kind in (5, 6, 7):
        assert f"dunder_result({kind * 256}, " in text, kind


def test_too_long_recordings_call_len_dunder_natively(tmp_path):
    # (jit/record/dunders.py length, truth_jump) len(obj) -- and a truth test of
    # an object without __bool__ -- on a program class runs its __len__ in the trace: a recording too long by it blames it, and it is then
    # called natively from the CALL of len, dunder_result checking its value as
    # slot_sq_length does -- before, len(obj) was a residual call of the builtin
    # (the host's slot into the VM's interpreter), never blamed
    text = _blamed(tmp_path, "jit_len_dunder.py", (("aborted warm", "__len__"),))
    from pathlib import Path
    src = (Path(__file__).parent / "programs" / "jit_len_dunder.py").read_text()
    calls = text.splitlines()
    # len(r), and the truth tests of an instance with __len__ and no __bool__
    for stmt in ("            k = len(r)", "            if r:", "            if not r:"):
        line = src[:src.index(stmt)].count("\n") + 1
        assert any(" call_assembler(" in c and c.endswith(f"# line {line}") for c in calls), stmt
    assert "dunder_result(2048, " in text       # (runtime.DUNDER_KINDS["len"] * 256)
