"""Turning pyperf results into the benchmark report (markdown and a terminal summary).

Input: for each implementation a ``pyperf.BenchmarkSuite`` (one benchmark per
program; every run carries ``checksum`` metadata, and may carry
``command_max_rss``), the programs that failed under it and, for a pyjit
tier with statistics, each program's ``--stats-json`` object.  ``analyze``
computes everything the report shows; ``markdown`` and ``summary`` only
format it, so the numbers can be tested without parsing text.

The statistics are pyperf's: a program's time under an implementation is
``Benchmark.mean()`` of its steady values (all processes), with
``Benchmark.stdev()``; ratios divide by the reference implementation
(host CPython, measured in the same run); the geometric mean is over the
programs that ran with the right checksum under both.  The first-call
time is the mean over processes of each process's first warm-up call.

Tier statistics come from ``pyjit run --stats-json FILE`` (an untimed
process, see ``runner``).  Their layout is the tier's business, so the report
reads them generically: numeric leaves are summed by their own key name
(``families.CALL.forms.CALL_PY_EXACT_ARGS.hits`` counts as ``hits``) and
``STAT_FIELDS`` says which totals become columns; every ``*_bytes`` total
adds to "memory".  What a tier does not report shows as '—'.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

import pyperf

MISSING = "—"

# (column, key names summed over the stats object, kind) for what a tier reports.
STAT_FIELDS = (
    ("record", ("record_time_s", "record_time"), "time"),
    ("optimize", ("optimize_time_s", "optimize_time"), "time"),
    ("compile", ("compile_time_s", "compile_time", "backend_time_s"), "time"),
    ("traces", ("traces", "traces_compiled", "loops_compiled"), "count"),
    ("deopts", ("deopts",), "count"),
)


def flatten_stats(obj, prefix: str = "") -> dict:
    """Numeric leaves of a stats JSON object, keys joined with '.'."""
    out = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.update(flatten_stats(v, f"{prefix}{k}."))
    elif isinstance(obj, (int, float)) and not isinstance(obj, bool):
        out[prefix[:-1]] = obj
    return out


def summarize_stats(raw: dict | None) -> dict[str, float]:
    """The report's columns from one ``--stats-json`` object (see the module docstring)."""
    if not raw:
        return {}
    totals: dict[str, float] = {}
    for key, value in flatten_stats(raw).items():
        name = key.rsplit(".", 1)[-1]
        totals[name] = totals.get(name, 0) + value
    out = {}
    for column, keys, _kind in STAT_FIELDS:
        found = [totals[k] for k in keys if k in totals]
        if found:
            out[column] = sum(found)
    memory = [v for k, v in totals.items() if k.endswith("_bytes")]
    if memory:
        out["memory"] = sum(memory)
    if "hits" in totals and totals["hits"] + totals.get("misses", 0):
        out["hit rate"] = totals["hits"] / (totals["hits"] + totals.get("misses", 0))
    return out


def native_share(raw: dict | None) -> dict | None:
    """Tier jit's native share from a ``--stats-json`` object (``jit.native_share``:
    the share, and the code objects that interpreted most, with why), or None."""
    ns = (raw or {}).get("jit", {}).get("native_share") if isinstance(raw, dict) else None
    if not isinstance(ns, dict) or ns.get("share") is None:
        return None
    return ns


@dataclass
class ImplData:
    """One implementation's results: a pyperf suite (or None) and its failures."""
    name: str
    label: str = ""
    suite: pyperf.BenchmarkSuite | None = None
    errors: dict[str, str] = field(default_factory=dict)
    json_file: str | None = None
    tier: str | None = None
    stats: dict[str, dict] = field(default_factory=dict)   # program -> --stats-json object


@dataclass
class Cell:
    """One program under one implementation."""
    status: str                      # ok, mismatch, failed, missing
    mean: float | None = None
    stdev: float | None = None
    nvalues: int = 0
    nruns: int = 0
    first_call: float | None = None
    warmups: float | None = None     # warm-up calls per process (mean)
    not_quiet: int = 0               # processes whose warm-up ended with the JIT still busy
    busy_values: int = 0             # steady calls during which the JIT was busy (all processes)
    checksum: str | None = None
    ratio: float | None = None       # mean / reference mean
    max_rss: float | None = None
    jit: dict[str, float] = field(default_factory=dict)   # summarize_stats()
    native: dict | None = None       # the stats object's jit.native_share (tier jit)
    error: str | None = None


@dataclass
class Mismatch:
    program: str
    impl: str
    got: str
    expected: str
    expected_from: str


@dataclass
class Analysis:
    programs: list[str]
    impls: list[ImplData]
    reference: str
    cells: dict[str, dict[str, Cell]]          # impl -> program -> cell
    geomean: dict[str, float | None]           # impl -> geometric mean of ratios
    geomean_count: dict[str, int]
    mismatches: list[Mismatch]
    failures: list[tuple[str, str, str]]       # (program, impl, message)

    def other_impls(self) -> list[ImplData]:
        return [i for i in self.impls if i.name != self.reference]

    @property
    def ok(self) -> bool:
        return not self.mismatches and not self.failures


# ---------------------------------------------------------------------------
# analysis

def _benchmark(suite: pyperf.BenchmarkSuite | None, name: str) -> pyperf.Benchmark | None:
    if suite is None:
        return None
    for bench in suite.get_benchmarks():
        if bench.get_name() == name:
            return bench
    return None


def _mean(xs):
    xs = [x for x in xs if x is not None]
    return statistics.fmean(xs) if xs else None


def _cell(bench: pyperf.Benchmark | None, error: str | None, raw_stats: dict | None) -> Cell:
    if bench is None:
        return Cell("failed" if error else "missing", error=error)
    runs = bench.get_runs()
    values = bench.get_values()
    checksums = {r.get_metadata().get("checksum") for r in runs}
    cell = Cell("ok", error=error)
    cell.nruns = len(runs)
    cell.nvalues = len(values)
    if values:
        cell.mean = bench.mean()
        cell.stdev = bench.stdev() if len(values) > 1 else None
    cell.first_call = _mean([r.warmups[0][1] if r.warmups else None for r in runs])
    cell.warmups = _mean([len(r.warmups) for r in runs])
    cell.not_quiet = sum(r.get_metadata().get("jit_quiet", 1) == 0 for r in runs)
    cell.busy_values = sum(r.get_metadata().get("jit_busy_values", 0) for r in runs)
    if len(checksums) == 1:
        cell.checksum = checksums.pop()
    else:
        cell.error = cell.error or f"checksum differs between processes: {sorted(checksums)}"
    cell.max_rss = _mean([r.get_metadata().get("command_max_rss") for r in runs])
    cell.jit = summarize_stats(raw_stats)
    cell.native = native_share(raw_stats)
    if cell.error:
        cell.status = "failed"
    return cell


def analyze(programs: list[str], impls: list[ImplData], reference: str = "cpython") -> Analysis:
    cells = {impl.name: {p: _cell(_benchmark(impl.suite, p), impl.errors.get(p),
                                  impl.stats.get(p))
                         for p in programs} for impl in impls}
    ref = cells.get(reference, {})
    mismatches = []
    for p in programs:
        expected, source = None, None
        if p in ref and ref[p].checksum is not None:
            expected, source = ref[p].checksum, reference
        else:  # no reference result: the most common checksum stands in
            seen = [cells[i.name][p].checksum for i in impls
                    if cells[i.name][p].checksum is not None]
            if seen:
                expected = max(seen, key=seen.count)
                source = "most implementations"
        for impl in impls:
            c = cells[impl.name][p]
            if c.checksum is not None and expected is not None and c.checksum != expected:
                c.status = "mismatch"
                mismatches.append(Mismatch(p, impl.name, c.checksum, expected, source))
    failures = [(p, impl.name, cells[impl.name][p].error or "failed")
                for impl in impls for p in programs
                if cells[impl.name][p].status == "failed"]

    geomean, count = {}, {}
    for impl in impls:
        ratios = []
        for p in programs:
            c = cells[impl.name][p]
            r = ref.get(p)
            if (c.status == "ok" and r is not None and r.status == "ok"
                    and c.mean and r.mean):
                c.ratio = c.mean / r.mean
                ratios.append(c.ratio)
        geomean[impl.name] = statistics.geometric_mean(ratios) if ratios else None
        count[impl.name] = len(ratios)
    return Analysis(list(programs), impls, reference, cells, geomean, count, mismatches,
                    failures)


# ---------------------------------------------------------------------------
# formatting helpers

def _decimals(v: float) -> int:
    return 2 if v < 10 else 1 if v < 100 else 0


def _num(v: float) -> str:
    return f"{v:.{_decimals(v)}f}"


_UNITS = (("s", 1.0), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9))


def _unit(sec: float) -> tuple[str, float]:
    for unit, scale in _UNITS:
        if sec >= scale:
            return unit, scale
    return _UNITS[-1]


def fmt_time(sec: float | None) -> str:
    if sec is None:
        return MISSING
    unit, scale = _unit(sec)
    return f"{_num(sec / scale)} {unit}"


def fmt_time_pm(mean: float | None, stdev: float | None) -> str:
    """``mean ± stdev`` in the mean's unit, as ``pyperf show`` prints them."""
    if mean is None:
        return MISSING
    if stdev is None:
        return fmt_time(mean)
    unit, scale = _unit(mean)
    d = _decimals(mean / scale)
    return f"{mean / scale:.{d}f} {unit} ± {stdev / scale:.{d}f} {unit}"


def fmt_ratio(r: float | None) -> str:
    return MISSING if r is None else f"{_num(r)}×"


def fmt_bytes(n: float | None) -> str:
    if n is None:
        return MISSING
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return MISSING


def _stat(kind: str, value: float | None) -> str:
    if value is None:
        return MISSING
    if kind == "time":
        return fmt_time(value)
    if kind == "bytes":
        return fmt_bytes(value)
    return f"{value:g}"


def _jit_cell(c: Cell) -> str:
    parts = [f"{col} {_stat(kind, c.jit[col])}" for col, _keys, kind in STAT_FIELDS
             if col in c.jit]
    if "memory" in c.jit:
        parts.append(f"memory {fmt_bytes(c.jit['memory'])}")
    if "hit rate" in c.jit:
        parts.append(f"hit rate {c.jit['hit rate'] * 100:.1f}%")
    return " · ".join(parts) if parts else MISSING


def _status_mark(c: Cell) -> str:
    return {"mismatch": " ✗ checksum", "failed": " ✗ failed"}.get(c.status, "")


def _table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    align = align or ["l"] + ["r"] * (len(header) - 1)
    sep = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(sep) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# the markdown report

def _checksum_section(a: Analysis) -> str:
    if not a.mismatches:
        ok_programs = [p for p in a.programs
                       if all(a.cells[i.name][p].status == "ok" for i in a.impls)]
        return (f"**Checksums: every implementation printed the same checksum** "
                f"({len(ok_programs)} of {len(a.programs)} programs ran under all "
                f"{len(a.impls)} implementations).")
    rows = [[m.program, m.impl, f"`{m.got}`", f"`{m.expected}` ({m.expected_from})"]
            for m in a.mismatches]
    return ("> ## ✗ CHECKSUM MISMATCH\n>\n"
            f"> {len(a.mismatches)} result(s) differ from the reference: the implementation "
            "computed something else, so its times are left out of the ratios and means.\n\n"
            + _table(["program", "implementation", "printed", "expected"], rows,
                     ["l", "l", "l", "l"]))


def _native_section(a: Analysis) -> list[str]:
    """The native share per program (tier jit, from its statistics process): of
    the bytecode instructions executed, the share run in compiled traces, and
    the code objects that interpreted most, with why."""
    impls = [i for i in a.impls if any(a.cells[i.name][p].native for p in a.programs)]
    if not impls:
        return []
    out = ["## Native share", "",
           "Of the bytecode instructions the statistics process executed (all its calls, "
           "warm-up included), the share that ran inside compiled traces; then the code "
           "objects that ran most interpreted instructions, and why (`pyjit explain "
           "benchmarks/bm_<program>.py` says more).", ""]
    for impl in impls:
        rows = []
        for p in a.programs:
            ns = a.cells[impl.name][p].native
            if ns is None:
                rows.append([p, MISSING, MISSING])
                continue
            top = ns.get("top_interpreted") or []
            total = ns.get("instructions") or 0
            why = "; ".join(
                f"{e['code']} {100 * e['interpreted'] / total:.0f}%: {e['why']}"
                for e in top[:2] if total) or MISSING
            rows.append([p, f"{100 * ns['share']:.1f}%", why.replace("|", "/")])
        title = "native share" if len(impls) == 1 else f"{impl.name} native share"
        out += [_table(["program", title, "interpreted most (why)"], rows,
                       ["l", "r", "l"]), ""]
    return out


def markdown(a: Analysis, context: dict | None = None, chart_file: str | None = None) -> str:
    context = context or {}
    others = a.other_impls()
    out = ["# pyjit benchmark report", ""]
    if context:
        m = context.get("machine", {})
        mem = f", {fmt_bytes(m['mem_total'])} RAM" if m.get("mem_total") else ""
        out += [f"- Command: `{context.get('command', '?')}`",
                f"- Date: {context.get('date', '?')}"
                + (f" (the run took {context['duration'] / 60:.1f} min)"
                   if context.get("duration") else ""),
                f"- Machine: {m.get('platform', '?')}; {m.get('cpu_model_name', '?')}, "
                f"{m.get('cpu_count', '?')} logical CPUs{mem}; "
                f"host {m.get('host_python', '?')}",
                f"- Method: {context.get('settings', '?')}; statistics by pyperf "
                f"{pyperf.__version__}.",
                ]
        if context.get("load"):
            out.append(f"- Load average (1 min) at start / end: {context['load']}")
        if context.get("interrupted"):
            out.append("- **The run was interrupted: results are partial.**")
        out.append("")
    out += [_checksum_section(a), ""]

    out += ["## Implementations", "",
            _table(["name", "what", "pyperf JSON"],
                   [[i.name, i.label or i.name, f"`{i.json_file}`" if i.json_file else MISSING]
                    for i in a.impls], ["l", "l", "l"]), ""]

    # steady-state times
    out += ["## Time per call (steady state)", "",
            "Mean ± standard deviation of the steady-state calls of `run(n)` over all "
            "processes (pyperf `Benchmark.mean()`/`stdev()`); lower is better.", ""]
    rows = []
    for p in a.programs:
        wl = MISSING
        for impl in a.impls:
            b = _benchmark(impl.suite, p)
            if b is not None:
                wl = str(b.get_metadata().get("workload", MISSING))
                break
        row = [p, wl]
        for impl in a.impls:
            c = a.cells[impl.name][p]
            row.append(fmt_time_pm(c.mean, c.stdev) + _status_mark(c))
        rows.append(row)
    out += [_table(["program", "n"] + [i.name for i in a.impls], rows), ""]

    # ratios
    if others:
        out += [f"## Time relative to {a.reference} (same run)", "",
                f"Time per call divided by {a.reference}'s: 50× means fifty times slower, "
                "0.5× twice as fast. The geometric mean is over the programs that ran with "
                "the right checksum under both.", ""]
        rows = []
        for p in a.programs:
            rows.append([p] + [fmt_ratio(a.cells[i.name][p].ratio) + _status_mark(
                a.cells[i.name][p]) for i in others])
        rows.append(["**geometric mean**"] + [
            f"**{fmt_ratio(a.geomean[i.name])}**"
            + (f" ({a.geomean_count[i.name]} of {len(a.programs)})"
               if a.geomean_count[i.name] != len(a.programs) else "")
            for i in others])
        out += [_table(["program"] + [i.name for i in others], rows), ""]
        if chart_file:
            out += [f"![speed-up vs {a.reference}]({chart_file})", ""]

    # warm-up
    out += ["## Warm-up: first call vs steady state", "",
            "`first → steady (first/steady)`: the first call in each process (mean over "
            "processes) against the steady-state mean. A JIT pays for recording and "
            "compiling in the first call(s). Under tier jit warm-up calls go on until one "
            "finds the JIT quiet (nothing recorded, compiled or installed during it, no fast "
            "code counting towards its optimization ran, no "
            "compile pending after it); `N warm-ups` says how many that took (mean over "
            "processes), `not quiet` that a cap came first (calls, or seconds of the worker's "
            "CPU time, the compile thread's included), `busy` how many steady calls "
            "found the JIT at work after all.", ""]
    rows = []
    for p in a.programs:
        row = [p]
        for impl in a.impls:
            c = a.cells[impl.name][p]
            if c.first_call is None or c.mean is None:
                row.append(MISSING)
            else:
                notes = []
                if c.warmups is not None and c.warmups > 1:
                    notes.append(f"{c.warmups:g} warm-ups")
                if c.not_quiet:
                    notes.append("not quiet")
                if c.busy_values:
                    notes.append(f"busy {c.busy_values}")
                row.append(f"{fmt_time(c.first_call)} → {fmt_time(c.mean)} "
                           f"({c.first_call / c.mean:.2f}"
                           + "".join(f"; {n}" for n in notes) + ")")
        rows.append(row)
    out += [_table(["program"] + [i.name for i in a.impls], rows), ""]

    # memory and JIT statistics
    out += ["## Memory and JIT work", "",
            "Peak RSS of the worker process (mean over the timed processes), then what each "
            "pyjit tier reports through `pyjit run --stats-json` in one more process making "
            "the same calls, untimed (statistics slow a tier down): trace recording, "
            "optimizing and compiling time, traces, deoptimizations, the memory of the "
            "tier's own structures (caches, quickened code, machine code) and the share of "
            f"specialized executions whose guards held; {MISSING} where nothing is reported.",
            ""]
    rows = [[p] + [fmt_bytes(a.cells[i.name][p].max_rss) for i in a.impls]
            for p in a.programs]
    out += [_table(["program"] + [f"{i.name} RSS" for i in a.impls], rows), ""]
    tiers = [i for i in a.impls if i.tier is not None]
    if tiers:
        rows = [[p] + [_jit_cell(a.cells[i.name][p]) for i in tiers] for p in a.programs]
        out += [_table(["program"] + [f"{i.name} statistics" for i in tiers], rows), ""]

    out += _native_section(a)

    if a.failures:
        out += ["## Failures", ""]
        for p, impl, msg in a.failures:
            out += [f"- **{p}** under **{impl}**:", "", "  ```", *[
                "  " + line for line in msg.splitlines()], "  ```", ""]
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------------------
# terminal summary

def summary(a: Analysis) -> str:
    others = a.other_impls()
    names = [i.name for i in a.impls]
    w = max([len(p) for p in a.programs] + [len("geometric mean")]) + 2
    cw = max([len(n) for n in names] + [12]) + 2
    lines = [f"{'program':<{w}}" + "".join(f"{n:>{cw}}" for n in names)]
    for p in a.programs:
        ref = a.cells[a.reference][p] if a.reference in a.cells else None
        row = f"{p:<{w}}"
        for impl in a.impls:
            c = a.cells[impl.name][p]
            if c.status == "mismatch":
                text = "MISMATCH"
            elif c.status == "failed":
                text = "FAILED"
            elif impl.name == a.reference or ref is None:
                text = fmt_time(c.mean)
            else:
                text = fmt_ratio(c.ratio)
            row += f"{text:>{cw}}"
        lines.append(row)
    if others:
        lines.append(f"{'geometric mean':<{w}}" + f"{'':>{cw}}" * (len(names) - len(others))
                     + "".join(f"{fmt_ratio(a.geomean[i.name]):>{cw}}" for i in others))
        lines.append(f"({a.reference}: time per call; others: time relative to "
                     f"{a.reference}, lower is better)")
    if a.mismatches:
        bar = "!" * 72
        lines += ["", bar, f"!!! CHECKSUM MISMATCH in {len(a.mismatches)} result(s):"]
        lines += [f"!!!   {m.program} under {m.impl}: printed {m.got!r}, expected "
                  f"{m.expected!r} ({m.expected_from})" for m in a.mismatches]
        lines.append(bar)
    if a.failures:
        lines += ["", f"{len(a.failures)} failure(s): "
                  + ", ".join(f"{p} under {i}" for p, i, _ in a.failures)]
    return "\n".join(lines)

