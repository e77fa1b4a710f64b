"""Running the benchmark suite: programs, implementations, worker processes.

Every (program, implementation) pair is measured in ``processes`` fresh
processes of ``worker.py``.  Each process makes ``warmups`` timed calls that
count as warm-up, then a number of steady calls; the first process of a pair
runs steady calls for ``min_time`` seconds (between ``min_values`` and
``max_values`` calls) and every later process of the pair repeats that
count.  So CPython, where a call takes ~10-50 ms, gets many values per
process, while the interp tier (30-70x slower) gets a few, and a full run
stays within minutes.

Each process becomes one ``pyperf.Run`` (warm-ups and values in seconds, one
loop per value), with metadata naming the program, the implementation, the
checksum and the process's peak memory.  pyperf does the statistics
(``Benchmark.mean``/``stdev``) and the file format; this module only
launches processes and collects numbers.

A pyjit tier that accepts ``--stats-json`` gets one more process per program,
with the same calls, run with statistics on and not timed: counting slows a
tier down (the specialize tier by 15-35%), so timed processes run without
it.  Its checksum must agree too, since statistics change the tier's paths.
"""

from __future__ import annotations

import ast
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyperf

from .. import __version__
from ..tiers import NAMES as TIERS

WORKER = Path(__file__).resolve().parent / "worker.py"
REFERENCE = "cpython"


# ---------------------------------------------------------------------------
# programs

@dataclass(frozen=True)
class Program:
    """A benchmark module ``bm_NAME.py`` exposing ``run(n)`` and its sizes."""
    name: str
    module: str
    path: Path
    workload: int
    quick_workload: int
    doc: str


def default_bench_dir() -> Path:
    """``benchmarks/`` of the source tree pyjit runs from, else of the cwd."""
    here = Path(__file__).resolve().parents[3] / "benchmarks"
    return here if here.is_dir() else Path.cwd() / "benchmarks"


def _module_constants(path: Path) -> tuple[dict, str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    consts = {}
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)):
            try:
                consts[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    doc = " ".join((ast.get_docstring(tree) or "").strip().split("\n\n")[0].split())
    return consts, doc


def discover(bench_dir: Path) -> list[Program]:
    """Every ``bm_*.py`` in ``bench_dir`` that defines an int ``WORKLOAD``."""
    programs = []
    for path in sorted(Path(bench_dir).glob("bm_*.py")):
        consts, doc = _module_constants(path)
        workload = consts.get("WORKLOAD")
        if not isinstance(workload, int):
            raise ValueError(f"{path}: no integer WORKLOAD")
        quick = consts.get("QUICK_WORKLOAD", workload)
        programs.append(Program(path.stem[3:], path.stem, path, workload, quick, doc))
    return programs


def select(programs: list[Program], names: list[str]) -> list[Program]:
    if not names:
        return programs
    by_name = {p.name: p for p in programs}
    missing = [n for n in names if n not in by_name]
    if missing:
        raise KeyError(f"unknown benchmark(s): {', '.join(missing)} "
                       f"(known: {', '.join(by_name)})")
    return [by_name[n] for n in dict.fromkeys(names)]


# ---------------------------------------------------------------------------
# implementations

@dataclass(frozen=True)
class Implementation:
    """One way of running the worker: host CPython, a pyjit tier, or another python."""
    name: str                    # file-name safe: cpython, pyjit-interp, pypy3
    command: tuple[str, ...]     # what comes before worker.py
    tier: str | None = None      # pyjit tier, None for plain interpreters
    label: str = ""              # for the report, e.g. "CPython 3.11.7"


def host_cpython() -> Implementation:
    return Implementation(REFERENCE, (sys.executable,),
                          label=f"CPython {platform.python_version()} (host)")


def pyjit_tier(tier: str) -> Implementation:
    return Implementation(f"pyjit-{tier}",
                          (sys.executable, "-m", "pyjit", "run", "--tier", tier), tier,
                          label=f"pyjit {__version__} --tier {tier}")


def other_python(exe: str, taken: set[str]) -> Implementation:
    base = re.sub(r"[^A-Za-z0-9_.-]+", "_", os.path.basename(exe)) or "python"
    name, i = base, 2
    while name in taken:
        name, i = f"{base}-{i}", i + 1
    return Implementation(name, (exe,), label=exe)


def implementations(tiers: list[str], pythons: list[str]) -> list[Implementation]:
    """Host CPython first (the reference), then the pyjit tiers, then ``--python``s."""
    impls = [host_cpython()] + [pyjit_tier(t) for t in tiers]
    taken = {i.name for i in impls}
    for exe in pythons:
        impl = other_python(exe, taken)
        taken.add(impl.name)
        impls.append(impl)
    return impls


_stats_support: dict[str, bool] = {}


def supports_stats_json(impl: Implementation) -> bool:
    """Whether this tier takes ``pyjit run --stats-json FILE`` and writes the file.

    Tried once per tier on an empty program: an unknown option exits with
    status 2, and a tier without statistics writes nothing.
    """
    if impl.tier is None:
        return False
    if impl.tier not in _stats_support:
        with tempfile.TemporaryDirectory(prefix="pyjit-bench-") as tmp:
            out = os.path.join(tmp, "stats.json")
            try:
                p = subprocess.run([*impl.command, "--stats-json", out, "-c", "pass"],
                                   capture_output=True, timeout=120)
                ok = p.returncode == 0 and os.path.exists(out)
            except (OSError, subprocess.TimeoutExpired):
                ok = False
        _stats_support[impl.tier] = ok
    return _stats_support[impl.tier]


# ---------------------------------------------------------------------------
# settings

@dataclass(frozen=True)
class Settings:
    processes: int = 3
    warmups: int = 1
    # under tier jit, warm-up goes on until a call finds the JIT quiet (worker.py),
    # up to this many calls and seconds of the worker's CPU time (worker.warmed_up)
    # (calls of a few ms each may need dozens: a re-optimization lands ~100 ms after
    # it is asked for on a loaded 2-core machine)
    max_warmups: int = 50
    max_warmup_time: float = 5.0
    values: int = 0              # 0: the first process picks the count (min_time)
    min_time: float = 1.0
    min_values: int = 3
    max_values: int = 20
    quick: bool = False
    timeout: float = 1800.0      # per worker process
    stats: bool = True           # an extra untimed --stats-json process where supported

    @classmethod
    def quick_settings(cls, **overrides) -> "Settings":
        base = dict(processes=1, warmups=1, max_warmups=3, values=1, quick=True,
                    timeout=600.0)
        base.update(overrides)
        return cls(**base)

    def stats_processes(self, impl: Implementation) -> int:
        return 1 if self.stats and supports_stats_json(impl) else 0

    def describe(self) -> str:
        steady = (f"{self.values} steady call(s)" if self.values else
                  f"steady calls for about {self.min_time:g} s ({self.min_values} to "
                  f"{self.max_values}; the first process picks the count, the others "
                  f"repeat it)")
        return (f"{self.processes} process(es) per program and implementation, each making "
                f"{self.warmups} warm-up call(s) (under tier jit: until a call finds the JIT "
                f"quiet, at most {self.max_warmups} calls and {self.max_warmup_time:g} s of CPU) "
                f"then {steady}"
                + ("; quick workloads" if self.quick else "")
                + ("; pyjit statistics from one more, untimed process" if self.stats else ""))


# ---------------------------------------------------------------------------
# machine description (report header and run metadata)

def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _mem_total() -> int | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def machine() -> dict:
    info = {
        "platform": platform.platform(),
        "cpu_model_name": _cpu_model(),
        "cpu_count": os.cpu_count() or 1,
        "host_python": f"{platform.python_implementation()} {platform.python_version()}",
    }
    mem = _mem_total()
    if mem:
        info["mem_total"] = mem
    return info


def load_average() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def now_iso() -> str:
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


# ---------------------------------------------------------------------------
# one worker process

class WorkerError(Exception):
    """A worker process failed (crash, non-zero exit, timeout, no checksum)."""


@dataclass
class WorkerResult:
    checksum: str
    warmups: list[float]
    values: list[float]
    data: dict
    stats: dict | None           # the --stats-json object, for a stats process
    duration: float
    date: str
    load: float | None


def _tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def precompile_pyjit() -> None:
    """Write the bytecode of pyjit's own modules (only those out of date).

    A worker's first call imports the JIT's modules lazily (the backend, at the
    first compile).  Where PYTHONDONTWRITEBYTECODE is set -- some CI and
    sandbox environments -- an editable checkout has no ``__pycache__``, so
    every worker would compile ~100 modules from source inside the first call
    it times (1.5 s measured): a cost no installed pyjit pays.  ``py_compile``
    writes whatever that variable says."""
    import compileall
    import pyjit
    import pyjit.jit
    for d in dict.fromkeys(list(pyjit.__path__) + list(pyjit.jit.__path__)):
        compileall.compile_dir(d, quiet=2)


def run_worker(program: Program, impl: Implementation, settings: Settings, values: int,
               tmpdir: str, tag: str, stats: bool = False) -> WorkerResult:
    out = os.path.join(tmpdir, f"{tag}.json")
    stats_file = os.path.join(tmpdir, f"{tag}.stats.json")
    cmd = list(impl.command)
    if stats:
        cmd += ["--stats-json", stats_file]
    worker = os.path.join(tmpdir, WORKER.name)   # the copy measure() made
    cmd += [worker, "--bench-dir", str(program.path.parent), "--name", program.module,
            "--workload", str(program.quick_workload if settings.quick else program.workload),
            "--warmups", str(settings.warmups), "--max-warmups", str(settings.max_warmups),
            "--max-warmup-time", str(settings.max_warmup_time), "--values", str(values),
            "--min-time", str(settings.min_time), "--min-values", str(settings.min_values),
            "--max-values", str(settings.max_values), "--out", out]
    # The environment passes through (PYTHONPATH can point at another pyjit
    # tree), with a fixed hash seed so no implementation depends on its luck.
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8")
    env.pop("PYTHONSTARTUP", None)
    date, load = now_iso(), load_average()
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, env=env,
                           timeout=settings.timeout, cwd=tmpdir)
    except subprocess.TimeoutExpired:
        raise WorkerError(f"timed out after {settings.timeout:g} s") from None
    except OSError as e:
        raise WorkerError(f"cannot start {cmd[0]!r}: {e}") from None
    duration = time.perf_counter() - t0
    if p.returncode != 0:
        raise WorkerError(f"exit status {p.returncode}\n{_tail(p.stderr or p.stdout)}")
    printed = [line[len("checksum: "):] for line in p.stdout.splitlines()
               if line.startswith("checksum: ")]
    if not printed:
        raise WorkerError(f"no 'checksum:' line in the output\n{_tail(p.stdout + p.stderr)}")
    try:
        with open(out, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise WorkerError(f"no timing file from the worker: {e}") from None
    raw_stats = None
    if stats:
        try:
            with open(stats_file, encoding="utf-8") as f:
                raw_stats = json.load(f)
        except (OSError, ValueError) as e:
            raise WorkerError(f"no statistics from --stats-json: {e}") from None
    return WorkerResult(printed[-1], data["warmups"], data["values"], data, raw_stats,
                        duration, date, load)


def make_run(program: Program, impl: Implementation, res: WorkerResult,
             machine_info: dict) -> pyperf.Run:
    """One worker process as a pyperf Run (times in seconds, 1 loop)."""
    md = {k: v for k, v in machine_info.items() if k in ("platform", "cpu_model_name",
                                                          "cpu_count")}
    md.update(
        name=program.name, unit="second", loops=1, date=res.date,
        duration=round(res.duration, 6), implementation=impl.name,
        workload=res.data["workload"], checksum=res.checksum or "(empty)",
        python_executable=res.data.get("python_executable") or impl.command[0],
        python_implementation=res.data.get("python_implementation", "?"),
        python_version=res.data.get("python_version", "?"),
        import_time=round(res.data.get("import_time", 0.0), 6),
    )
    if impl.tier is not None:
        md.update(python_implementation="pyjit", pyjit_version=__version__,
                  pyjit_tier=impl.tier,
                  python_version=f"{res.data.get('python_version', '?')} (host CPython)")
    if res.data.get("max_rss"):
        md["command_max_rss"] = int(res.data["max_rss"])
    if res.load is not None:
        md["load_avg_1min"] = res.load
    if res.data.get("jit_quiet") is not None:
        # (did warm-up end with the JIT quiet; steady calls during which it was not)
        md["jit_quiet"] = int(bool(res.data["jit_quiet"]))
        md["jit_busy_values"] = int(res.data.get("jit_busy_values") or 0)
        md["jit_warmup_ended"] = str(res.data.get("warmup_ended"))
    first = res.data.get("warmups_cpu")
    if first:
        md["first_call_cpu"] = first[0]    # (the process's CPU time: the compile thread's too)
    cpu = res.data.get("values_cpu")
    if cpu:
        # the steady calls' CPU time (the process's, all threads): on a shared
        # machine it moves less than wall-clock time with other processes' load
        md["values_cpu_mean"] = sum(cpu) / len(cpu)
    tiny = 1e-9  # pyperf wants values > 0
    return pyperf.Run([max(v, tiny) for v in res.values],
                      warmups=[(1, max(w, 0.0)) for w in res.warmups],
                      metadata=md, collect_metadata=False)


# ---------------------------------------------------------------------------
# one (program, implementation) pair

@dataclass
class Outcome:
    runs: list = field(default_factory=list)
    checksum: str | None = None
    error: str | None = None
    stats: dict | None = None    # from the untimed --stats-json process


def measure(program: Program, impl: Implementation, settings: Settings, machine_info: dict,
            tmpdir: str, progress=None) -> Outcome:
    """Run ``settings.processes`` timed workers for one pair (stopping at the first
    failure), then the untimed statistics process if the tier has statistics."""
    # The worker runs from a copy in tmpdir: a plain user script to every
    # implementation (pyjit hides frames of files inside its own package).
    if not os.path.exists(os.path.join(tmpdir, WORKER.name)):
        shutil.copy(WORKER, tmpdir)
    outcome = Outcome()
    values = settings.values
    for k in range(settings.processes):
        if progress is not None:
            progress.step(f"{program.name} · {impl.name} · process {k + 1}/{settings.processes}")
        try:
            res = run_worker(program, impl, settings, values, tmpdir,
                             f"{program.name}-{impl.name}-{k}")
        except WorkerError as e:
            outcome.error = str(e)
            if progress is not None:
                progress.advance(settings.processes - k + settings.stats_processes(impl))
            return outcome
        if values == 0:
            values = len(res.values)
        if outcome.checksum is None:
            outcome.checksum = res.checksum
        elif res.checksum != outcome.checksum:
            outcome.error = (f"checksum differs between processes: {outcome.checksum!r} "
                             f"then {res.checksum!r}")
        outcome.runs.append(make_run(program, impl, res, machine_info))
        if progress is not None:
            progress.advance()
    if settings.stats_processes(impl):
        if progress is not None:
            progress.step(f"{program.name} · {impl.name} · statistics (untimed)")
        try:
            res = run_worker(program, impl, settings, values, tmpdir,
                             f"{program.name}-{impl.name}-stats", stats=True)
            outcome.stats = res.stats
            if res.checksum != outcome.checksum and outcome.error is None:
                outcome.error = (f"checksum differs with --stats-json: {outcome.checksum!r} "
                                 f"without, {res.checksum!r} with")
        except WorkerError as e:
            outcome.error = outcome.error or f"with --stats-json: {e}"
        if progress is not None:
            progress.advance()
    return outcome


def to_suite(benchmarks: list[pyperf.Benchmark]) -> pyperf.BenchmarkSuite | None:
    return pyperf.BenchmarkSuite(benchmarks) if benchmarks else None


def to_benchmark(outcome: Outcome) -> pyperf.Benchmark | None:
    return pyperf.Benchmark(outcome.runs) if outcome.runs else None
