"""``pyjit bench``: the benchmark programs, the report built from made-up pyperf
results, and an end-to-end ``--quick`` run on two small programs.

No test depends on how fast anything runs: timings are made up or only
checked for presence.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pyperf
import pytest

from pyjit.bench import report, runner
from pyjit.bench.progress import Progress

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"
PROGRAMS = runner.discover(BENCH_DIR)
TIERS = ("interp", "specialize", "jit")


# ---------------------------------------------------------------------------
# the suite itself

def test_suite_has_the_programs_the_issue_lists():
    names = {p.name for p in PROGRAMS}
    assert len(names) >= 15
    for wanted in ("int_loop", "float_loop", "nbody", "spectral_norm", "fannkuch", "richards",
                   "raytrace", "deltablue", "chaos", "generators", "fib", "nqueens", "strings",
                   "unpacking", "sorting", "json_tree"):
        assert wanted in names


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.name for p in PROGRAMS])
def test_program_runs_as_a_script(program):
    text = program.path.read_text(encoding="utf-8")
    assert "def run(n)" in text and 'if __name__ == "__main__":' in text
    assert 0 < program.quick_workload <= program.workload
    p = subprocess.run([sys.executable, str(program.path)], capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("checksum: ") and len(lines[0]) > 10


_QUICK_ALL = """
import importlib, sys
sys.path.insert(0, sys.argv[1])
for name in sys.argv[2:]:
    m = importlib.import_module(name)
    print(name, m.run(m.QUICK_WORKLOAD))
"""


@pytest.fixture(scope="module")
def quick_checksums_cpython(tmp_path_factory):
    script = tmp_path_factory.mktemp("quick") / "quick_all.py"
    script.write_text(_QUICK_ALL)
    cmd = [str(script), str(BENCH_DIR), *[p.module for p in PROGRAMS]]
    p = subprocess.run([sys.executable, *cmd], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return script, cmd, p.stdout


@pytest.mark.parametrize("tier", TIERS)
def test_quick_workloads_match_cpython_under_pyjit(tier, quick_checksums_cpython):
    """Every benchmark, quick size, in one pyjit process: same checksums as CPython."""
    _script, cmd, want = quick_checksums_cpython
    p = subprocess.run([sys.executable, "-m", "pyjit", "run", "--tier", tier, *cmd],
                       capture_output=True, text=True, timeout=600)
    assert (p.returncode, p.stdout) == (0, want), p.stderr[-3000:]


# ---------------------------------------------------------------------------
# report building from made-up results

def _run(name, values, checksum, warmup=None, **md):
    metadata = dict(name=name, unit="second", loops=1, checksum=checksum, **md)
    warmups = [(1, warmup)] if warmup is not None else None
    return pyperf.Run(values, warmups=warmups, metadata=metadata, collect_metadata=False)


def _suite(spec):
    """spec: {program: [(values, checksum, warmup, metadata), ...]} -> BenchmarkSuite"""
    benches = [pyperf.Benchmark([_run(name, v, c, w, **md) for v, c, w, md in runs])
               for name, runs in spec.items()]
    return pyperf.BenchmarkSuite(benches)


def _made_up():
    cpython = _suite({
        "a": [([0.010, 0.010], "1", 0.012, {}), ([0.010, 0.010], "1", 0.011, {})],
        "b": [([0.020, 0.020], "x", 0.020, {"command_max_rss": 1000})],
        "c": [([0.005], "7", None, {})],
        "d": [([0.001], "ok", None, {})],
    })
    tier = _suite({
        "a": [([0.400, 0.400], "1", 0.900, {}), ([0.400, 0.400], "1", 0.700, {})],
        "b": [([0.200, 0.200], "x", 0.200, {})],
        "c": [([0.100], "8", None, {})],          # wrong checksum
    })
    stats = {"a": {"record_time_s": 0.5, "backend": {"compile_time_s": 0.125},
                   "families": {"CALL": {"forms": {"X": {"hits": 90, "misses": 10,
                                                         "deopts": 2}},
                                         "failures": {"OTHER": 3}},
                                "LOAD": {"forms": {"Y": {"hits": 0, "misses": 0,
                                                         "deopts": 1}}}},
                   "memory": {"caches_bytes": 1024, "code_bytes": 2048, "code_objects": 3}}}
    impls = [report.ImplData("cpython", "CPython", cpython, json_file="cpython.json"),
             report.ImplData("pyjit-jit", "pyjit --tier jit", tier,
                             errors={"d": "exit status 1\nValueError: boom"},
                             json_file="pyjit-jit.json", tier="jit", stats=stats)]
    return report.analyze(["a", "b", "c", "d"], impls, "cpython")


def test_ratios_and_geometric_mean():
    a = _made_up()
    cells = a.cells["pyjit-jit"]
    assert cells["a"].ratio == pytest.approx(40.0)
    assert cells["b"].ratio == pytest.approx(10.0)
    assert cells["c"].ratio is None and cells["d"].ratio is None
    # only the programs with the right checksum under both count
    assert a.geomean["pyjit-jit"] == pytest.approx(math.sqrt(40.0 * 10.0))
    assert a.geomean_count["pyjit-jit"] == 2
    assert a.geomean["cpython"] == pytest.approx(1.0)


def test_means_warmups_and_statistics_are_pyperfs():
    a = _made_up()
    c = a.cells["pyjit-jit"]["a"]
    assert c.mean == pytest.approx(0.4) and c.nvalues == 4 and c.nruns == 2
    assert c.stdev == pytest.approx(0.0, abs=1e-12)
    assert c.first_call == pytest.approx(0.8)
    assert a.cells["cpython"]["c"].stdev is None      # one value: no std dev
    assert a.cells["cpython"]["b"].max_rss == 1000
    assert c.jit == {"record": 0.5, "compile": 0.125, "deopts": 3, "memory": 3072,
                     "hit rate": pytest.approx(0.9)}


def test_checksum_mismatch_and_failure_are_reported():
    a = _made_up()
    assert not a.ok
    assert [(m.program, m.impl, m.got, m.expected) for m in a.mismatches] == \
        [("c", "pyjit-jit", "8", "7")]
    assert a.cells["pyjit-jit"]["c"].status == "mismatch"
    assert [(p, i) for p, i, _ in a.failures] == [("d", "pyjit-jit")]
    md = report.markdown(a, {"command": "pyjit bench", "machine": {"cpu_count": 2}})
    assert "CHECKSUM MISMATCH" in md.split("## Implementations")[0]
    assert "| c | pyjit-jit | `8` | `7` (cpython) |" in md
    assert "ValueError: boom" in md
    text = report.summary(a)
    assert "!!! CHECKSUM MISMATCH" in text and "c under pyjit-jit" in text


def test_markdown_tables():
    md = report.markdown(_made_up(), chart_file="speedup.png")
    assert "| a | 40.0× |" in md                           # ratio table
    assert "| **geometric mean** | **20.0×** (2 of 4) |" in md
    assert "| c | — ✗ checksum |" in md                    # mismatch: no ratio
    assert "| d | — ✗ failed |" in md
    assert "| a | — | 10.0 ms ± 0.0 ms | 400 ms ± 0 ms |" in md   # steady times
    assert "| a | 11.5 ms → 10.0 ms (1.15) | 800 ms → 400 ms (2.00) |" in md   # warm-up
    assert "![speed-up vs cpython](speedup.png)" in md
    assert ("| a | record 500 ms · compile 125 ms · deopts 3 · memory 3.0 KiB · "
            "hit rate 90.0% |") in md                       # what a tier reported
    assert "| b | — |" in md                               # no stats: a dash


def test_no_mismatch_no_banner():
    suite = _suite({"a": [([0.01], "1", None, {})]})
    a = report.analyze(["a"], [report.ImplData("cpython", suite=suite),
                               report.ImplData("other", suite=suite)])
    assert a.ok and a.geomean["other"] == pytest.approx(1.0)
    assert "CHECKSUM MISMATCH" not in report.markdown(a)
    assert "every implementation printed the same checksum" in report.markdown(a)


def test_formatting():
    assert report.fmt_time(0.0123) == "12.3 ms"
    assert report.fmt_time(2.5) == "2.50 s"
    assert report.fmt_time_pm(1.9, 0.0234) == "1.90 s ± 0.02 s"
    assert report.fmt_time(None) == report.MISSING
    assert report.fmt_ratio(52.26) == "52.3×" and report.fmt_ratio(0.5) == "0.50×"
    assert report.fmt_bytes(3 * 1024 * 1024) == "3.0 MiB"


def test_worker_results_make_pyperf_files(tmp_path):
    """The Runs the runner builds dump to JSON that pyperf's tools accept."""
    prog = next(p for p in PROGRAMS if p.name == "fib")
    machine = runner.machine()
    suites = []
    for impl, scale in ((runner.host_cpython(), 1.0), (runner.pyjit_tier("jit"), 30.0)):
        runs = []
        for k in range(2):
            res = runner.WorkerResult(
                "832040", [0.02 * scale], [0.01 * scale * (1 + k / 100)] * 3,
                {"workload": 30, "python_implementation": "CPython", "python_version": "3.11",
                 "python_executable": sys.executable, "max_rss": 12345678,
                 "import_time": 0.001},
                None,
                0.5, runner.now_iso(), 0.5)
            runs.append(runner.make_run(prog, impl, res, machine))
        suite = runner.to_suite([pyperf.Benchmark(runs)])
        path = tmp_path / f"{impl.name}.json"
        suite.dump(str(path))
        suites.append(path)
        loaded = pyperf.BenchmarkSuite.load(str(path))
        bench = loaded.get_benchmark("fib")
        assert bench.mean() == pytest.approx(0.01 * scale * 1.005)
        assert bench.get_metadata()["checksum"] == "832040"
    for args in (["show", str(suites[1])], ["compare_to", *map(str, suites)]):
        p = subprocess.run([sys.executable, "-m", "pyperf", *args], capture_output=True,
                           text=True, timeout=60)
        assert p.returncode == 0, p.stderr
        assert "fib" in p.stdout or "ms" in p.stdout


# the worker under a JIT that reports its activity (a stand-in for pyjit.jit.warmup:
# busy during the first BUSY calls, quiet afterwards)
FAKE_JIT = """
import runpy, sys, types
m = types.ModuleType("pyjit.jit.warmup")
n = [0]
def activity():
    n[0] += 1
    return (min(n[0], BUSY), 0, 0, 0, 0)
m.activity = activity
sys.modules["pyjit.jit.warmup"] = m
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


@pytest.mark.parametrize("busy_calls, most, warmups, quiet, busy", [
    (4, 10, 5, True, 0),       # the 5th call is the first the JIT was quiet in
    (4, 3, 3, False, 1),       # the cap comes first: the 4th call (steady) is busy
    (0, 10, 1, True, 0),       # quiet from the first call on
])
def test_worker_warms_up_until_the_jit_is_quiet(tmp_path, busy_calls, most, warmups, quiet,
                                                busy):
    (tmp_path / "bm_tiny.py").write_text("def run(n):\n    return n * 2\n")
    out = tmp_path / "out.json"
    src = FAKE_JIT.replace("BUSY", str(2 * busy_calls))
    p = subprocess.run([sys.executable, "-c", src, str(ROOT / "src/pyjit/bench/worker.py"),
                        "--bench-dir", str(tmp_path), "--name", "bm_tiny", "--workload", "21",
                        "--max-warmups", str(most), "--values", "3", "--out", str(out)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    data = json.loads(out.read_text())
    assert (len(data["warmups"]), data["jit_quiet"], data["jit_busy_values"]) == \
        (warmups, quiet, busy)
    assert data["warmup_ended"] == ("quiet" if quiet else "calls")
    assert (len(data["warmups_cpu"]), len(data["values_cpu"])) == (warmups, 3)
    assert len(data["values"]) == 3 and data["checksum"] == "42"


def test_warm_up_ends_by_cpu_time_not_by_the_clock():
    """worker.warmed_up on made-up figures: the cap is the process's CPU time
    (the compile thread's counted), so a loaded machine's slow wall clock --
    2 s of CPU in 12 s of wall -- does not end warm-up; 10x the cap does."""
    from pyjit.bench.worker import WALL_BACKSTOP, warmed_up
    cap = 5.0
    assert warmed_up(1, 1, 50, False, 0.3, 0.4, cap) is None
    assert warmed_up(3, 1, 50, False, 2.0, 12.0, cap) is None      # load: not the cap
    assert warmed_up(9, 1, 50, False, 5.1, 6.0, cap) == "cpu"
    assert warmed_up(9, 1, 50, False, 1.0, WALL_BACKSTOP * cap, cap) == "wall"
    assert warmed_up(2, 1, 50, True, 0.1, 0.1, cap) == "quiet"
    assert warmed_up(50, 1, 50, False, 0.1, 0.1, cap) == "calls"
    # never before --warmups calls, quiet or not
    assert warmed_up(1, 2, 50, True, 9.0, 90.0, cap) is None
    assert warmed_up(2, 2, 50, False, 9.0, 90.0, cap) == "cpu"


def test_flatten_stats():
    assert report.flatten_stats({"a": 1, "b": {"c": 2.5, "d": "x", "e": True}}) == \
        {"a": 1, "b.c": 2.5}


def test_progress_without_a_terminal():
    import io
    buf = io.StringIO()
    p = Progress(4, stream=buf)
    p.step("fib · cpython")
    p.advance()
    p.message("FAILED: something")
    p.finish()
    out = buf.getvalue().splitlines()
    assert "0/4" in out[0] and "fib · cpython" in out[0]
    assert out[1] == "FAILED: something"
    assert "4/4" in out[-1]


def test_select_rejects_unknown_programs():
    with pytest.raises(KeyError):
        runner.select(PROGRAMS, ["no_such_benchmark"])
    assert [p.name for p in runner.select(PROGRAMS, ["fib", "nqueens"])] == ["fib", "nqueens"]


# ---------------------------------------------------------------------------
# end to end

def _bench(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "pyjit", "bench", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)


def test_quick_run_end_to_end(tmp_path):
    out = tmp_path / "results"
    p = _bench("fib", "nqueens", "--quick", "--output", str(out), "--python", sys.executable)
    assert p.returncode == 0, p.stdout + p.stderr
    names = ["cpython"] + [f"pyjit-{t}" for t in TIERS] + [Path(sys.executable).name]
    for name in names:
        suite = pyperf.BenchmarkSuite.load(str(out / f"{name}.json"))
        assert sorted(suite.get_benchmark_names()) == ["fib", "nqueens"]
        for bench in suite.get_benchmarks():
            run = bench.get_runs()[0]
            if name == "pyjit-jit":
                # warm-up goes on until a call finds the JIT quiet (at most 3, --quick)
                assert 1 <= len(run.warmups) <= 3
                md = run.get_metadata()
                assert md["jit_quiet"] in (0, 1) and md["jit_busy_values"] >= 0
                # not quiet: it stopped at the call cap, or at the 5 s warm-up CPU
                # cap (worker.warmed_up)
                ended = md["jit_warmup_ended"]
                assert (ended == "quiet") == (md["jit_quiet"] == 1)
                assert ended in ("quiet", "calls", "cpu", "wall")
                assert (ended == "calls") <= (len(run.warmups) == 3)
                assert md["values_cpu_mean"] > 0 and md["first_call_cpu"] > 0
            else:
                assert len(run.warmups) == 1 and "jit_quiet" not in run.get_metadata()
            assert bench.mean() > 0
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "every implementation printed the same checksum" in md
    assert "CHECKSUM MISMATCH" not in md
    assert "| **geometric mean** |" in md and "pyjit-interp" in md
    assert (out / "speedup.png").read_bytes()[:4] == b"\x89PNG"
    native = md.split("## Native share")[1]        # (tier jit's statistics process)
    assert re.search(r"\| fib \| \d+\.\d% \|", native) and re.search(r"\| nqueens \| \d", native)
    assert "fib · pyjit-jit" in p.stderr                  # progress names program and tier
    for tier in TIERS:      # the tiers that have statistics report them per program
        if runner.supports_stats_json(runner.pyjit_tier(tier)):
            stats = json.loads((out / f"stats-pyjit-{tier}.json").read_text(encoding="utf-8"))
            assert sorted(stats) == ["fib", "nqueens"]
    p2 = subprocess.run([sys.executable, "-m", "pyperf", "compare_to", str(out / "cpython.json"),
                         str(out / "pyjit-interp.json")], capture_output=True, text=True,
                        timeout=60)
    assert p2.returncode == 0 and "slower" in p2.stdout, p2.stderr
    # the report can be rebuilt from the files
    (out / "report.md").unlink()
    p3 = _bench("--report-only", "--output", str(out))
    assert p3.returncode == 0, p3.stderr
    assert (out / "report.md").read_text(encoding="utf-8").count("| fib |") >= 3


def test_mismatch_end_to_end(tmp_path):
    bench_dir = tmp_path / "bm"
    bench_dir.mkdir()
    (bench_dir / "bm_who.py").write_text(
        '"""Differs under pyjit."""\nimport sys\n\nWORKLOAD = 1\n\n\n'
        'def run(n):\n    return "pyjit" in sys.modules\n')
    (bench_dir / "bm_same.py").write_text(
        '"""Same everywhere."""\nWORKLOAD = 3\n\n\ndef run(n):\n    return n * 2\n')
    out = tmp_path / "results"
    p = _bench("--benchmarks", str(bench_dir), "--quick", "--tiers", "interp",
               "--output", str(out))
    assert p.returncode == 1
    assert "CHECKSUM MISMATCH: who under pyjit-interp" in p.stderr
    assert "!!! CHECKSUM MISMATCH" in p.stdout
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "| who | pyjit-interp | `True` | `False` (cpython) |" in md
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["programs"] == ["same", "who"]
