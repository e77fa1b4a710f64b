"""Trace and profile hooks, debuggers and profilers see program code as in CPython
(issue #17).

* the differential trace mode (tests/tracediff.py) on a sample of the corpus
  (``make tracediff`` runs all of it);
* scripted pdb sessions (``-m pdb`` and ``breakpoint()``), ``threading.settrace``:
  output identical to CPython's;
* ``-m cProfile``, ``-m profile``: the same rows (calls and names) as CPython's;
* program code that host code executes (runpy, spec_from_file_location, cProfile,
  profile, timeit, doctest, pdb.run) runs in the VM, also under a plain ``pyjit run``.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

import difftest
from budget import slow_twin
import tracediff

HERE = Path(__file__).resolve().parent / "tracing"
PROGRAMS = difftest.PROGRAMS

# A sample of the corpus: generators, coroutines, exceptions, classes, closures,
# and the programs written for the hooks.
SAMPLE = ["trace_hooks_events", "trace_hooks_toggle", "algo_tree_walk", "async_basics",
          "exc_valueerror", "cb_iter_protocol",
          # the recursion limit under hooks: the hook's frames and C calls, exec's
          # level (pyjit.clevel); a reraise's lasti, f_lineno at a line-less
          # instruction; anext awaitables' builtin methods
          "rec_mutual", "exc_recursion", "seethrough_recursion", "rec_depth_caught",
          "rec_hook_levels", "exc_in_exit", "exc_group_except_star", "anext_default",
          # a loop handing its frame to another keeps nothing of it (lifetimes)
          "cb_del_locals_order", "class_weakref",
          # f_locals refreshed only after frame.f_locals, getrefcount under hooks,
          # patched builtins, a yield's profile return after a jump; a traced
          # generator left open at exit (__main__ kept by its f_trace)
          "trace_hook_state", "trace_jump_yield", "cb_generator_finalize"]
_WANT = {}


# (the sample's slowest program runs under tier jit only in `make test`: budget.py)
SLOW = {"async_basics"}


@pytest.mark.parametrize("name,tier", [
    (name, tier) if name not in SLOW or tier == "jit" else slow_twin(name, tier)
    for name in SAMPLE for tier in difftest.TIERS])
def test_trace_events_sample(name, tier):
    path = PROGRAMS / f"{name}.py"
    if name not in _WANT:  # (CPython's events, once per worker)
        _WANT[name] = tracediff.record(path, None, 3000)
    problem = tracediff.compare(path, tier, want=_WANT[name], limit=3000)
    assert problem is None, problem


def _run(cmd, cwd, stdin=b""):
    p = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, timeout=120,
                       env=difftest._env())
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def _pyjit(tier, *args):
    return [sys.executable, "-m", "pyjit", "run", "--tier", tier, *args]


PDB_SCRIPT = b"break fact\ncontinue\nwhere\np n\nup\np i\ndown\nnext\nstep\nreturn\n" \
             b"continue\nclear 1\ncontinue\nquit\n"


@pytest.mark.parametrize("tier", difftest.TIERS)
def test_pdb_session(tier):
    want = _run([sys.executable, "-m", "pdb", "pdb_target.py"], HERE, PDB_SCRIPT)
    got = _run(_pyjit(tier, "-m", "pdb", "pdb_target.py"), HERE, PDB_SCRIPT)
    assert "fact()" in want[1] and got == want


@pytest.mark.parametrize("tier", difftest.TIERS)
def test_breakpoint(tier):
    script = b"p acc\nn\nn\np acc\nwhere\nc\n"
    want = _run([sys.executable, "breakpoint_target.py"], HERE, script)
    got = _run(_pyjit(tier, "breakpoint_target.py"), HERE, script)
    assert "(Pdb)" in want[1] and got == want


def test_threading_settrace():
    want = _run([sys.executable, "thread_traced.py"], HERE)
    got = _run(_pyjit("jit", "thread_traced.py"), HERE)
    assert "worker call job" in want[1] and got == want


def _profile_rows(out):
    """(ncalls, function) of each row of cProfile's table (times vary; rows with
    equal sort keys come in any order)."""
    rows = set()
    for line in out.splitlines():
        m = re.match(r"\s+(\d+(?:/\d+)?)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+(.*)$", line)
        if m:
            rows.add((m.group(1), re.sub(r"0x[0-9a-f]+", "0x", m.group(2))))
    return rows


@pytest.mark.parametrize("module", ["cProfile", "profile"])
@pytest.mark.parametrize("tier", difftest.TIERS)
def test_profiler_counts(tier, module):
    want = _run([sys.executable, "-m", module, "profiled.py"], HERE)
    got = _run(_pyjit(tier, "-m", module, "profiled.py"), HERE)
    assert ("257/5", "profiled.py:1(fib)") in _profile_rows(want[1])
    assert _profile_rows(got[1]) == _profile_rows(want[1])


def test_host_exec_runs_in_vm():
    code, out, err = _run(_pyjit("interp", "-m", "run_by_host"), HERE)
    assert (code, err) == (0, "")
    assert out == ("spec_from_file_location body: VMFrameView function: VMFrameView\n"
                   "runpy.run_path body: VMFrameView function: VMFrameView\n"
                   "runpy.run_path, relative path, body: VMFrameView function: VMFrameView\n")


def test_host_runners_run_program_code_in_vm():
    """Under a plain ``pyjit run`` (no -m), the code that cProfile, profile,
    timeit, doctest, pdb, runpy and a spec_from_file_location loader execute for
    the program runs in the VM (its frames are the VM's); timeit's statement in
    timeit's own namespace is not program code (the host runs it)."""
    want = ["cProfile VMFrameView", "profile VMFrameView", "timeit VMFrameView",
            "timeit, own namespace HostFrameView", "pdb.run VMFrameView",
            "runpy.run_path VMFrameView VMFrameView", "exec_module VMFrameView VMFrameView"]
    code, out, err = _run(_pyjit("interp", "host_runners.py"), HERE)
    assert (code, err, out.splitlines()) == (0, "", want)
    # (under CPython each is a frame, and doctest's expected output differs)
    code, out, err = _run([sys.executable, "host_runners.py"], HERE)
    assert "cProfile frame" in out and "Failed example" in out


def test_hooks_in_process():
    """sys.gettrace/getprofile give back the program's functions; no pyjit frame
    reaches a hook (a whole program's events, traced from its first line)."""
    src = HERE / "run_by_host.py"
    code, out, err = _run(_pyjit("specialize", "-c", f"""
import sys
seen = set()
def t(frame, event, arg):
    seen.add(frame.f_code.co_filename)
    return t
sys.settrace(t)
sys.setprofile(t)
assert sys.gettrace() is t and sys.getprofile() is t
exec(compile(open({str(src)!r}).read(), {str(src)!r}, "exec"), {{"__file__": {str(src)!r}}})
sys.settrace(None)
sys.setprofile(None)
print(sorted(f for f in seen if "pyjit" in f or "/jit/" in f))
"""), HERE)
    assert err == "" and out.splitlines()[-1] == "[]", (out, err)


def _coverage_lines(cmd, tmp_path):
    """(executed, missing) lines of covered.py as coverage measures them with ``cmd``."""
    import json
    data = tmp_path / ".coverage"
    report = tmp_path / "cov.json"
    env = {**difftest._env(), "COVERAGE_FILE": str(data)}
    subprocess.run(cmd + ["-m", "coverage", "run", "covered.py"], cwd=HERE, env=env,
                   capture_output=True, timeout=120, check=True)
    subprocess.run([sys.executable, "-m", "coverage", "json", "-o", str(report), "-q"],
                   cwd=HERE, env=env, capture_output=True, timeout=120, check=True)
    files = json.loads(report.read_text())["files"]
    return {Path(k).name: (v["executed_lines"], v["missing_lines"]) for k, v in files.items()}


@pytest.mark.parametrize("tier", difftest.TIERS)
def test_coverage_lines(tier, tmp_path):
    pytest.importorskip("coverage")
    want = _coverage_lines([sys.executable], tmp_path)
    got = _coverage_lines([sys.executable, "-m", "pyjit", "run", "--tier", tier], tmp_path)
    assert want == {"covered.py": ([1, 2, 3, 4, 6, 7, 8, 11, 15], [5, 12])}
    assert got == want


def test_pytest_runs_tests_in_vm():
    """`pyjit run -m pytest`: the test functions run in the VM, assertions rewritten."""
    code, out, err = _run(_pyjit("specialize", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                 "pytest_target.py"), HERE)
    assert code == 1, (out, err)
    assert "1 failed, 2 passed" in out  # (test_in_vm passes: its frame is the VM's)
    assert "E       assert 6 == 7" in out  # the rewritten assertion's message


def test_c_levels_as_cpython_counts():
    """pyjit.clevel: which calls and comparisons take a recursion level in
    CPython 3.11's generic instructions (traced code) and specialized ones (a
    hook's warm code)."""
    from pyjit import clevel as L
    s = "abc"
    generic = [(s.startswith, 1), (getattr, 2), (len, 1), ([].append, 1), (str.join, 2),
               (int, 1), (str, 1)]
    assert all(L.call_counts(fn, n, None, False) for fn, n in generic)
    warm = {s.startswith: True, getattr: False, len: False, [].append: False,
            str.join: True, int: True, str: False, s.upper: True}
    for fn, want in warm.items():
        assert L.call_counts(fn, 1, None, True) is want, fn
    # types with a vectorcall, classes, Python functions: never a level
    for fn in (list, dict, float, type, type("K", (), {}), lambda: 0):
        assert not L.call_counts(fn, 1, None, False), fn
    # a stand-in registered as its own equivalent is not looked up again
    def stand_in():
        pass
    L.same_as(stand_in, stand_in)
    assert L.call_counts(stand_in, 0, None, False) is False
    jump = L.POP_JUMP_FORWARD_IF_FALSE
    assert L.compare_counts(1, 2, 0, 0, False)               # traced: always
    assert not L.compare_counts(1, 2, 0, jump, True)         # COMPARE_OP_INT_JUMP
    assert L.compare_counts(1 << 40, 2, 0, jump, True)       # (two digits: generic)
    assert not L.compare_counts("a", "b", 2, jump, True)     # COMPARE_OP_STR_JUMP, ==
    assert L.compare_counts("a", "b", 0, jump, True)         # (str <: generic)
    assert L.compare_counts([1], [1], 2, jump, True)
    assert L.compare_counts(1.0, 2.0, 0, 0, True)            # (no jump after it)
