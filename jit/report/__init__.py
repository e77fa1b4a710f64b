"""The HTML trace report: ``pyjit report prog.py`` / ``pyjit run --jit-report DIR``.

One static page, ``DIR/index.html``, with everything inline (styles, script,
data): it opens from disk with no server and no network.  It shows

* the run's native share, the loops and their state;
* a table of the loops not compiled (aborts, blacklisting) with reasons and
  hints, compile times per loop, the hot guard failures;
* the program's source with each line's native share (how much of what ran
  there ran in compiled traces) and its hot guards highlighted;
* each loop's trace: the bytecode it stands for beside its IR before and after
  optimization, bridges nested under the guards they start from, and a small
  drawing of the loop's path with each bridge as an arc from its guard.

The data comes from :func:`pyjit.jit.explain.analyze` (the same as ``pyjit
explain --json``) and the traces the :class:`~pyjit.jit.explain.Collector`
kept; :mod:`.page` writes the HTML.
"""

from __future__ import annotations

import os

from .. import explain, ir
from . import page


def write(directory: str, collector, observer, totals, title: str = "",
          threshold=None) -> str:
    """Write the report for a finished run; returns the page's path."""
    data = explain.analyze(collector, observer, totals, threshold)
    traces = _traces(collector)
    status = {}
    for l in data["loops"]:
        for n in l["loops"]:
            status[n] = l["status"]
    for t in traces:
        info = t["info"]
        t["status"] = "compiled" if info is not None and info.compiled is not None else \
            ("dropped" if status.get(t["loop"]) == "compiled" else status.get(t["loop"], "?"))
    files = _sources(data, totals, collector)
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "index.html")
    html = page.render(title, data, traces, files, totals)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(html)
    return path


def _traces(collector) -> list[dict]:
    """Per loop, its latest trace: IR before and after, the instructions it stands for."""
    latest = {}
    for n, t in collector.traces.items():
        if "installed" in t:
            latest[t["loop"]] = (n, t)
    out = []
    for loop, (n, t) in sorted(latest.items()):
        info = collector.infos.get(loop)
        guard_ids = t.get("guard_ids", [])
        installed = t["installed"]
        out.append({"loop": loop, "trace": n, "info": info,
                    "before": _ir_lines(t.get("recorded")),
                    "after": _ir_lines(installed, guard_ids),
                    "shape": _shape(installed),
                    "bytecode": _bytecode(t.get("path", []))})
    return out


def _ir_lines(trace, guard_ids=()) -> list[dict]:
    """The trace's text form, one dict per op line: text, depth (bridges are
    nested), source line, and the guard number of guards."""
    if trace is None:
        return []
    text = ir.format(trace)
    lines = text.splitlines()
    ops = []

    def walk(seq, depth):
        for op in seq:
            ops.append((op, depth))
            if op.bridge is not None:
                walk(op.bridge, depth + 1)
    walk(trace.ops, 0)
    out = [{"text": lines[0], "depth": 0, "line": None, "guard": None, "kind": "inputs"}]
    rest = lines[1:]
    if trace.entry is not None:
        out.append({"text": rest[0], "depth": 0, "line": None, "guard": None, "kind": "entry"})
        rest = rest[1:]
    gids = iter(guard_ids)
    for (op, depth), textline in zip(ops, rest):
        gid = None
        if op.snapshot is not None:
            gid = next(gids, None)
        kind = ("guard" if op.opdef.guard else "raises" if op.opdef.raises else
                "loop" if op.name in ("label", "jump") else "count" if op.name == "count"
                else "op")
        out.append({"text": textline.strip(), "depth": depth, "line": op.line, "guard": gid,
                    "kind": kind, "bridge": op.bridge is not None})
    return out


def _shape(trace) -> dict:
    """The main path's length and, per bridge, where its guard is on it."""
    main = trace.ops
    label = next((k for k, op in enumerate(main) if op.name == "label"), 0)
    bridges = []
    for k, op in enumerate(main):
        if op.bridge is not None:
            bridges.append({"at": k, "ops": len(op.bridge), "line": op.line,
                            "nested": sum(1 for b in op.bridge if b.bridge is not None)})
    return {"ops": len(main), "label": label, "bridges": bridges}


def _bytecode(path) -> list[dict]:
    """The instructions one run of the trace stands for (its recording's path)."""
    from pyjit import disasm
    from pyjit.decode import decode
    out = []
    for code, pc in path:
        dec = decode(code)
        info = disasm.op_info(dec.ops[pc])
        if info is None:
            continue
        try:
            arg = disasm.describe_arg(dec, pc, info)
        except Exception:   # (a description is a nicety; never fail the report for it)
            arg = ""
        out.append({"code": code.co_qualname, "pc": pc, "line": dec.line_at(pc),
                    "file": code.co_filename, "op": info.name, "arg": arg})
    return out


def _sources(data, totals, collector) -> list[dict]:
    """The program's source files that ran, with per-line counts and hot guards."""
    names = set()
    if totals is not None:
        names.update(f for (f, _line) in totals.by_line)
    names.update(l["file"] for l in data["loops"])
    guards_by_line = {}
    for g in data["guards"]:
        if not g["normal"]:
            guards_by_line.setdefault((g["file"], g["guard_line"]), []).append(g)
    loops_by_line = {}
    for l in data["loops"]:
        loops_by_line.setdefault((l["file"], l["line"]), []).append(l)
    out = []
    for name in sorted(names):
        if not name or name.startswith("<") or not os.path.isfile(name):
            continue
        with open(name, encoding="utf-8", errors="replace") as fh:
            src = fh.read().splitlines()
        lines = []
        for k, text in enumerate(src, 1):
            counts = totals.by_line.get((name, k)) if totals is not None else None
            lines.append({"n": k, "text": text,
                          "interp": counts[0] if counts else 0,
                          "native": counts[1] if counts else 0,
                          "guards": guards_by_line.get((name, k), []),
                          "loops": loops_by_line.get((name, k), [])})
        out.append({"file": name, "lines": lines})
    return out
