"""``pyjit bench``: the benchmark suite under CPython, each pyjit tier and other pythons.

    pyjit bench [PROGRAMS...] [--tiers interp,specialize,jit] [--python EXE ...]
                [--quick] [--output DIR] [--processes N] [--values N] ...

For every program in ``benchmarks/`` (``bm_NAME.py`` with ``run(n)`` and
``WORKLOAD``) and every implementation, ``runner`` launches worker processes
that time calls of ``run``; the results become pyperf objects, written as one
pyperf JSON file per implementation (``pyperf show`` / ``compare_to`` read
them), a markdown report (``report``) and a PNG chart (``chart``).  Checksums
must agree across implementations: a mismatch is printed as soon as it is
seen, stands at the top of the report and makes the exit status 1.

``--report-only`` rebuilds report and chart from the files of an earlier run
(``manifest.json`` in the output directory lists them).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from pathlib import Path

USAGE_EPILOG = """\
outputs (in --output, default bench-results/): <implementation>.json (pyperf),
report.md, speedup.png, manifest.json, stats-<tier>.json (what each pyjit tier
reported with --stats-json, per program).  Compare two implementations with
  python -m pyperf compare_to bench-results/cpython.json bench-results/pyjit-jit.json
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="pyjit bench", epilog=USAGE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run the benchmark suite under host CPython, pyjit's tiers and other "
                    "pythons; write pyperf JSON files, a markdown report and a chart.")
    p.add_argument("programs", nargs="*", metavar="PROGRAM",
                   help="benchmarks to run (default: all; see --list)")
    p.add_argument("--tiers", default="interp,specialize,jit",
                   help="comma-separated pyjit tiers to run (default: %(default)s; '' for none)")
    p.add_argument("--python", action="append", default=[], metavar="EXE",
                   help="also run under this interpreter (repeatable), e.g. pypy3")
    p.add_argument("--quick", action="store_true",
                   help="fast sanity run: smaller workloads, 1 process, 1 warm-up + 1 value")
    p.add_argument("--output", "-o", default="bench-results", metavar="DIR",
                   help="output directory (default: %(default)s)")
    p.add_argument("--processes", type=int, help="worker processes per program and "
                   "implementation (default 3, --quick 1)")
    p.add_argument("--warmups", type=int, help="warm-up calls per process (default 1)")
    p.add_argument("--max-warmups", type=int, help="tier jit: warm-up calls go on until one "
                   "finds the JIT quiet (nothing recorded, compiled or installed), at most "
                   "this many (default 50, --quick 3) and 5 s of them")
    p.add_argument("--values", type=int, help="steady calls per process (default: as many "
                   "as --min-time gives in the first process, 3-20)")
    p.add_argument("--min-time", type=float, help="seconds of steady calls in the first "
                   "process (default 1.0)")
    p.add_argument("--timeout", type=float, help="seconds allowed per worker process")
    p.add_argument("--benchmarks", metavar="DIR", help="benchmark directory "
                   "(default: the source tree's benchmarks/)")
    p.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    p.add_argument("--report-only", action="store_true",
                   help="rebuild report.md and the chart from the files in --output")
    p.add_argument("--no-chart", action="store_true", help="do not draw speedup.png")
    p.add_argument("--no-stats", action="store_true",
                   help="skip the untimed --stats-json process per program and pyjit tier")
    return p


def _settings(ns):
    from .runner import Settings
    overrides = {k: v for k, v in (("processes", ns.processes), ("warmups", ns.warmups),
                                   ("max_warmups", ns.max_warmups),
                                   ("values", ns.values), ("min_time", ns.min_time),
                                   ("timeout", ns.timeout)) if v is not None}
    if ns.no_stats:
        overrides["stats"] = False
    if ns.quick:
        return Settings.quick_settings(**overrides)
    return Settings(**overrides)


def _write_outputs(out: Path, analysis, context: dict, chart: bool) -> tuple[Path, Path | None]:
    from . import report
    chart_path = None
    if chart:
        from .chart import speedup_chart
        if speedup_chart(analysis, str(out / "speedup.png")):
            chart_path = out / "speedup.png"
    report_path = out / "report.md"
    report_path.write_text(report.markdown(analysis, context,
                                           chart_path.name if chart_path else None),
                           encoding="utf-8")
    return report_path, chart_path


def _report_only(ns) -> int:
    import pyperf
    from . import report
    out = Path(ns.output)
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        sys.stderr.write(f"pyjit bench: no usable {out / 'manifest.json'}: {e}\n")
        return 2
    impls = []
    for entry in manifest["implementations"]:
        suite = None
        if entry.get("json"):
            suite = pyperf.BenchmarkSuite.load(str(out / entry["json"]))
        stats = {}
        if entry.get("stats"):
            stats = json.loads((out / entry["stats"]).read_text(encoding="utf-8"))
        impls.append(report.ImplData(entry["name"], entry.get("label", ""), suite,
                                     entry.get("errors", {}), entry.get("json"),
                                     entry.get("tier"), stats))
    analysis = report.analyze(manifest["programs"], impls, manifest.get("reference", "cpython"))
    report_path, chart_path = _write_outputs(out, analysis, manifest.get("context", {}),
                                             not ns.no_chart)
    print(report.summary(analysis))
    print(f"\nreport: {report_path}" + (f"\nchart:  {chart_path}" if chart_path else ""))
    return 0 if analysis.ok else 1


def main(argv: list[str]) -> int:
    ns = _parser().parse_args(argv)
    from . import report, runner
    from .progress import Progress

    bench_dir = Path(ns.benchmarks) if ns.benchmarks else runner.default_bench_dir()
    try:
        programs = runner.select(runner.discover(bench_dir), ns.programs)
    except (KeyError, ValueError, OSError) as e:
        sys.stderr.write(f"pyjit bench: {e.args[0] if e.args else e}\n")
        return 2
    if ns.list:
        for p in programs:
            print(f"{p.name:<16} n={p.workload:<8} quick n={p.quick_workload:<8} {p.doc}")
        return 0
    if ns.report_only:
        return _report_only(ns)
    if not programs:
        sys.stderr.write(f"pyjit bench: no bm_*.py benchmarks in {bench_dir}\n")
        return 2

    tiers = [t.strip() for t in ns.tiers.split(",") if t.strip()]
    bad = [t for t in tiers if t not in runner.TIERS]
    if bad:
        sys.stderr.write(f"pyjit bench: unknown tier(s) {', '.join(bad)} "
                         f"(choose from {', '.join(runner.TIERS)})\n")
        return 2
    impls = runner.implementations(tiers, ns.python)
    runner.precompile_pyjit()
    settings = _settings(ns)
    out = Path(ns.output)
    out.mkdir(parents=True, exist_ok=True)
    machine = runner.machine()
    start_date, start_load, t0 = runner.now_iso(), runner.load_average(), time.monotonic()

    print(f"pyjit bench: {len(programs)} program(s) × {len(impls)} implementation(s) "
          f"({', '.join(i.name for i in impls)}); {settings.describe()}", file=sys.stderr)
    progress = Progress(len(programs) * sum(settings.processes + settings.stats_processes(i)
                                            for i in impls))
    outcomes: dict[str, dict] = {i.name: {} for i in impls}
    interrupted = False
    with tempfile.TemporaryDirectory(prefix="pyjit-bench-") as tmp:
        try:
            for prog in programs:
                for impl in impls:
                    o = runner.measure(prog, impl, settings, machine, tmp, progress)
                    outcomes[impl.name][prog.name] = o
                    ref = outcomes[runner.REFERENCE].get(prog.name)
                    if o.error:
                        progress.message(f"FAILED: {prog.name} under {impl.name}: "
                                         f"{o.error.splitlines()[0]}")
                    elif (ref is not None and impl.name != runner.REFERENCE
                          and ref.checksum is not None and o.checksum != ref.checksum):
                        progress.message(
                            f"!!! CHECKSUM MISMATCH: {prog.name} under {impl.name} printed "
                            f"{o.checksum!r}, {runner.REFERENCE} printed {ref.checksum!r}")
        except KeyboardInterrupt:
            interrupted = True
            progress.message("interrupted: writing the results measured so far")
    progress.finish()

    impl_data, stats_files = [], {}
    for impl in impls:
        benches = [b for b in (runner.to_benchmark(outcomes[impl.name][p.name])
                               for p in programs if p.name in outcomes[impl.name])
                   if b is not None]
        suite = runner.to_suite(benches)
        json_name = None
        if suite is not None:
            json_name = f"{impl.name}.json"
            suite.dump(str(out / json_name), replace=True)
        errors = {p: o.error for p, o in outcomes[impl.name].items() if o.error}
        stats = {p: o.stats for p, o in outcomes[impl.name].items() if o.stats is not None}
        stats_name = None
        if stats:
            stats_name = f"stats-{impl.name}.json"
            (out / stats_name).write_text(json.dumps(stats, indent=1) + "\n", encoding="utf-8")
        impl_data.append(report.ImplData(impl.name, impl.label, suite, errors, json_name,
                                         impl.tier, stats))
        stats_files[impl.name] = stats_name

    analysis = report.analyze([p.name for p in programs], impl_data, runner.REFERENCE)
    end_load = runner.load_average()
    context = {
        "command": "pyjit bench" + "".join(" " + shlex.quote(a) for a in argv),
        "date": start_date,
        "duration": round(time.monotonic() - t0, 1),
        "machine": machine,
        "settings": settings.describe(),
        "load": f"{start_load} / {end_load}" if start_load is not None else None,
        "interrupted": interrupted,
    }
    manifest = {
        "context": context,
        "reference": runner.REFERENCE,
        "programs": [p.name for p in programs],
        "implementations": [{"name": i.name, "label": i.label, "json": i.json_file,
                             "errors": i.errors, "tier": i.tier,
                             "stats": stats_files[i.name]} for i in impl_data],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    report_path, chart_path = _write_outputs(out, analysis, context, not ns.no_chart)

    print(report.summary(analysis))
    print("\npyperf JSON: " + ", ".join(str(out / i.json_file) for i in impl_data
                                         if i.json_file))
    print(f"report:      {report_path}" + (f"\nchart:       {chart_path}" if chart_path else ""))
    if interrupted:
        return 130
    return 0 if analysis.ok else 1
