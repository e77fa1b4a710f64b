"""The report's HTML: one self-contained page (inline style and script, no network).

Everything the page shows is written here as HTML; the script only adds
behaviour (linking source lines, IR lines and bytecode, folding) and marks
``<body data-ready="yes">`` when it ran, ``data-errors`` if anything threw --
what the browser test reads.
"""

from __future__ import annotations

import html

from ..explain import n_text as _n, pct_text as _pct, short_path as _short

_STYLE = """
:root { --native: #2e7d32; --interp: #c62828; --muted: #666; --line: #eee; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
header { background: #263238; color: #fff; padding: 12px 20px; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header .summary span { margin-right: 18px; }
main { padding: 10px 20px 40px; }
section { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin: 14px 0;
          padding: 10px 14px; }
h2 { font-size: 16px; margin: 4px 0 10px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line);
         vertical-align: top; }
th { background: #f3f3f3; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre, .mono { font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, monospace; }
.status-compiled { color: var(--native); font-weight: 600; }
.status-blacklisted, .status-aborted, .status-dropped { color: var(--interp); font-weight: 600; }
.hint { color: #37474f; font-style: italic; }
.bar { display: inline-block; height: 10px; background: var(--interp); width: 80px;
       vertical-align: middle; position: relative; }
.bar i { position: absolute; left: 0; top: 0; bottom: 0; background: var(--native); }
.src { border: 1px solid #ddd; margin: 6px 0 14px; max-height: 520px; overflow: auto; }
.src-line { display: grid; grid-template-columns: 46px 70px 1fr; }
.src-line > span { white-space: pre; }
.src-line .ln { color: #999; text-align: right; padding-right: 8px; }
.src-line .share { text-align: right; padding-right: 8px; color: var(--muted); }
.src-line.ran .code { background: rgba(198, 40, 40, var(--heat, 0)); }
.src-line.native .code { background: rgba(46, 125, 50, var(--heat, 0)); }
.src-line.hot-guard .code { outline: 2px solid #ef6c00; outline-offset: -2px; }
.src-line.loop-head .ln { color: #000; font-weight: 700; }
.src-line.selected { box-shadow: inset 4px 0 0 #1565c0; }
.src-line .marks { color: #ef6c00; }
.trace { border-top: 2px solid #90a4ae; }
.trace-cols { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 10px; }
.col { min-width: 0; }
.col h3 { font-size: 13px; margin: 6px 0; }
.ir, .bc { border: 1px solid #ddd; max-height: 480px; overflow: auto; padding: 4px; }
.ir div, .bc div { padding: 0 2px; white-space: pre; }
.ir .guard { color: #bf360c; }
.ir .raises { color: #6a1b9a; }
.ir .loop { color: #1565c0; font-weight: 600; }
.ir .count { color: #999; }
.ir .d1 { margin-left: 2ch; border-left: 3px solid #ef6c00; padding-left: 1ch;
          background: #fff8e1; }
.ir .d2 { margin-left: 4ch; border-left: 3px solid #ff8f00; padding-left: 1ch;
          background: #fff3e0; }
.ir .d3 { margin-left: 6ch; border-left: 3px solid #ffa000; padding-left: 1ch; }
.ir .has-bridge::after { content: "  \\2192 bridge"; color: #ef6c00; font-weight: 600; }
.hl { background: #e3f2fd !important; }
.bc .line-start { border-top: 1px solid #cfd8dc; margin-top: 2px; }
.bc .srcref { color: #777; }
svg.shape { display: block; margin: 6px 0; }
.fold { cursor: pointer; user-select: none; color: #1565c0; }
.hidden { display: none; }
"""

_SCRIPT = """
(function () {
  "use strict";
  window.addEventListener("error", function (e) {
    document.body.dataset.errors = (document.body.dataset.errors || "") + e.message + ";";
  });
  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  // a source line with a loop: its trace
  all(".src-line[data-trace]").forEach(function (el) {
    el.addEventListener("click", function () {
      var t = document.getElementById("trace-" + el.dataset.trace);
      if (t) { t.scrollIntoView({behavior: "smooth"}); }
    });
  });
  // IR and bytecode lines of one trace: hovering one source line lights the others
  all(".trace").forEach(function (tr) {
    var items = all("[data-line]", tr);
    items.forEach(function (el) {
      el.addEventListener("mouseenter", function () {
        items.forEach(function (o) { o.classList.toggle("hl", o.dataset.line === el.dataset.line); });
        all(".src-line").forEach(function (s) {
          s.classList.toggle("selected", s.dataset.file === tr.dataset.file &&
                                         s.dataset.n === el.dataset.line);
        });
      });
    });
  });
  // folding
  all(".fold").forEach(function (el) {
    el.addEventListener("click", function () {
      var target = document.getElementById(el.dataset.target);
      if (target) { target.classList.toggle("hidden"); }
    });
  });
  document.body.dataset.ready = "yes";
})();
"""


def _e(x) -> str:
    return html.escape("" if x is None else str(x))


def _bar(share) -> str:
    w = 0 if share is None else round(80 * share)
    return f'<span class="bar" title="{_pct(share)} native"><i style="width:{w}px"></i></span>'


def render(title, data, traces, files, totals) -> str:
    loops = data["loops"]
    ncomp = sum(1 for l in loops if l["status"] == "compiled")
    ctime = sum(l["compile_s"] for l in loops)
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>pyjit report: {_e(title)}</title>",
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<style>{_STYLE}</style></head><body>",
           "<header>", f"<h1>pyjit report: {_e(title)}</h1>", '<div class="summary">',
           f'<span id="native-share">native share <b>{_pct(data["native_share"])}</b> of '
           f'{_n(data["instructions"])} bytecode instructions</span>',
           f"<span>{len(loops)} hot loops, {ncomp} compiled</span>",
           f"<span>compile time {ctime * 1e3:.1f} ms</span>",
           "</div></header><main>"]
    out += _loops_section(data)
    out += _guards_section(data)
    out += _interpreted_section(data)
    out += _compile_section(loops)
    out += _sources_section(files, traces)
    out += _traces_section(traces)
    out.append(f"</main><script>{_SCRIPT}</script></body></html>")
    return "\n".join(out) + "\n"


def _loops_section(data) -> list[str]:
    nc = data["not_compiled"]
    out = ['<section id="aborts"><h2>Loops not compiled (aborts, blacklisting)</h2>']
    if not nc:
        out.append("<p>Every hot loop was compiled.</p></section>")
        return out
    out.append('<table class="aborts"><thead><tr><th>loop</th><th>state</th>'
               '<th class="num">interpreted</th><th>why</th><th>at</th><th>hint</th>'
               "</tr></thead><tbody>")
    for l in nc:
        at = ""
        for a in l["aborts"][:1]:
            if a["at_line"]:
                at = (f'{_e(_short(a["at_file"]))}:{a["at_line"]} '
                      f'<code>{_e(a["at_instruction"])}</code><br><code>{_e((a["source"] or "").strip())}</code>')
        aborts = sum(a["count"] for a in l["aborts"])
        state = l["status"] + (f" ({aborts} aborts)" if aborts else "")
        out.append(f'<tr class="loop-row" data-loop="{l["loop"]}">'
                   f'<td>{_e(l["code"])}() <span class="mono">{_e(_short(l["file"]))}:'
                   f'{l["line"]}</span></td>'
                   f'<td class="status-{_e(l["status"])}">{_e(state)}</td>'
                   f'<td class="num">{_n(l["interpreted"])}</td><td>{_e(l["why"])}</td>'
                   f'<td>{at}</td><td class="hint">{_e(l["hint"])}</td></tr>')
    out.append("</tbody></table></section>")
    return out


def _guards_section(data) -> list[str]:
    guards = [g for g in data["guards"] if not g["normal"]]
    out = ['<section id="guards"><h2>Hot guard failures</h2>']
    if not guards:
        out.append("<p>No guard failed often.</p></section>")
        return out
    out.append('<table class="guards"><thead><tr><th>guard</th><th>at</th>'
               '<th class="num">failures</th><th>bridge</th><th>what</th><th>assumed / seen</th>'
               "</tr></thead><tbody>")
    for g in guards[:50]:
        seen = f'{_e(g["assumed"])} / {_e(g["seen"])}' if g["assumed"] else ""
        out.append(f'<tr><td><code>{_e(g["op"])}</code> #{g["guard"]}</td>'
                   f'<td class="mono">{_e(_short(g["file"]))}:{g["guard_line"]}<br>'
                   f'{_e((g["source"] or "").strip())}</td>'
                   f'<td class="num">{_n(g["count"])}</td>'
                   f'<td>{"yes" if g["bridge"] else "no"}</td><td>{_e(g["what"])}</td>'
                   f"<td>{seen}</td></tr>")
    out.append("</tbody></table></section>")
    return out


def _interpreted_section(data) -> list[str]:
    rows = data["interpreted"]
    if not rows:
        return []
    out = ['<section id="interpreted"><h2>Code interpreted for other reasons</h2>',
           '<table><thead><tr><th>code</th><th class="num">instructions</th><th>why</th>'
           "<th>hint</th></tr></thead><tbody>"]
    for e in rows[:30]:
        out.append(f'<tr><td>{_e(e["code"])}() <span class="mono">{_e(_short(e["file"]))}:'
                   f'{e["line"]}</span></td><td class="num">{_n(e["interpreted"])} '
                   f'({_pct(e["share_of_run"])})</td><td>{_e(e["why"])}</td>'
                   f'<td class="hint">{_e(e["hint"])}</td></tr>')
    out.append("</tbody></table></section>")
    return out


def _compile_section(loops) -> list[str]:
    comp = [l for l in loops if l["compilations"]]
    out = ['<section id="compile"><h2>Compile time per loop</h2>']
    if not comp:
        out.append("<p>Nothing was compiled.</p></section>")
        return out
    out.append('<table class="compile"><thead><tr><th>loop</th><th>state</th>'
               '<th class="num">compilations</th><th class="num">compile</th>'
               '<th class="num">record</th><th class="num">optimize</th>'
               '<th class="num">bridges</th><th>native share</th></tr></thead><tbody>')
    for l in sorted(comp, key=lambda l: -l["compile_s"]):
        out.append(f'<tr><td>{_e(l["code"])}() <span class="mono">{_e(_short(l["file"]))}:'
                   f'{l["line"]}</span></td><td class="status-{_e(l["status"])}">'
                   f'{_e(l["status"])}</td><td class="num">{l["compilations"]}</td>'
                   f'<td class="num">{l["compile_s"] * 1e3:.1f} ms</td>'
                   f'<td class="num">{l["record_s"] * 1e3:.2f} ms</td>'
                   f'<td class="num">{l["optimize_s"] * 1e3:.2f} ms</td>'
                   f'<td class="num">{l["bridges"]}</td>'
                   f'<td>{_bar(l["native_share"])} {_pct(l["native_share"])}</td></tr>')
    out.append("</tbody></table></section>")
    return out


def _sources_section(files, traces) -> list[str]:
    out = ['<section id="source"><h2>Source: native share per line</h2>',
           '<p>Green: the share of the line\'s instructions that ran in compiled traces; '
           'red: interpreted (shade: how much of the run); orange outline: a hot guard. '
           'Click a loop\'s first line for its trace.</p>']
    trace_of = {}
    for t in traces:
        info = t["info"]
        if info is not None:
            from pyjit.decode import decode
            trace_of[(info.code.co_filename, decode(info.code).line_at(info.header))] = t["trace"]
    peak = max((ln["interp"] + ln["native"] for f in files for ln in f["lines"]), default=0)
    for k, f in enumerate(files):
        out.append(f'<h3 class="mono">{_e(_short(f["file"]))}</h3>')
        out.append(f'<div class="src" id="src-{k}">')
        for ln in f["lines"]:
            total = ln["interp"] + ln["native"]
            cls = ["src-line"]
            style = ""
            share = ""
            if total:
                heat = 0.08 + 0.5 * (total / peak) if peak else 0
                cls.append("native" if ln["native"] >= ln["interp"] else "ran")
                style = f' style="--heat:{heat:.2f}"'
                share = _pct(ln["native"] / total)
            if ln["guards"]:
                cls.append("hot-guard")
            attrs = ""
            t = trace_of.get((f["file"], ln["n"]))
            if ln["loops"]:
                cls.append("loop-head")
                if t is not None:
                    attrs = f' data-trace="{t}"'
            title = []
            if total:
                title.append(f'{ln["native"]:,} native / {ln["interp"]:,} interpreted '
                             "instructions")
            for g in ln["guards"]:
                title.append(f'{g["op"]} failed {g["count"]:,} times: {g["what"]}')
            for l in ln["loops"]:
                title.append(f'loop: {l["status"]} ({l["why"]})')
            marks = " ⚠" if ln["guards"] else ""
            out.append(f'<div class="{" ".join(cls)}"{style}{attrs} data-file="{_e(f["file"])}" '
                       f'data-n="{ln["n"]}" title="{_e("; ".join(title))}">'
                       f'<span class="ln">{ln["n"]}</span><span class="share">{share}</span>'
                       f'<span class="code">{_e(ln["text"]) or " "}'
                       f'<span class="marks">{marks}</span></span></div>')
        out.append("</div>")
    out.append("</section>")
    return out


def _shape_svg(shape) -> str:
    """The loop's main path as a line (label to jump), each guard with a bridge
    as a tick and an arc from it back to the label: bridges drawn from their guards."""
    w, h = 600, 70 + 12 * len(shape["bridges"])
    n = max(shape["ops"], 1)
    x0, x1 = 20, w - 20

    def x(k):
        return x0 + (x1 - x0) * k / n
    parts = [f'<svg class="shape" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
             f'role="img" aria-label="trace shape">',
             f'<line x1="{x(shape["label"]):.1f}" y1="20" x2="{x1}" y2="20" stroke="#1565c0" '
             'stroke-width="3"/>',
             f'<text x="{x(shape["label"]):.1f}" y="12" font-size="10">label</text>',
             f'<text x="{x1 - 24}" y="12" font-size="10">jump</text>',
             f'<path d="M {x1} 20 C {x1} 50, {x(shape["label"]):.1f} 50, '
             f'{x(shape["label"]):.1f} 22" fill="none" stroke="#1565c0" stroke-dasharray="4 3"/>']
    for j, b in enumerate(shape["bridges"]):
        bx = x(b["at"])
        depth = 34 + 12 * j
        parts.append(f'<line x1="{bx:.1f}" y1="14" x2="{bx:.1f}" y2="26" stroke="#ef6c00" '
                     'stroke-width="2"/>')
        parts.append(f'<path class="bridge" d="M {bx:.1f} 26 C {bx:.1f} {depth + 20}, '
                     f'{x(shape["label"]):.1f} {depth + 20}, {x(shape["label"]):.1f} 24" '
                     'fill="none" stroke="#ef6c00" stroke-width="1.5">'
                     f'<title>bridge at line {b["line"]}: {b["ops"]} ops</title></path>')
    parts.append("</svg>")
    return "".join(parts)


def _traces_section(traces) -> list[str]:
    out = ['<section id="traces"><h2>Traces</h2>']
    if not traces:
        out.append("<p>No trace was compiled.</p></section>")
        return out
    for t in traces:
        info = t["info"]
        name = file = ""
        if info is not None:
            from pyjit.decode import decode
            name = (f"{info.code.co_qualname}() loop at {_short(info.code.co_filename)}:"
                    f"{decode(info.code).line_at(info.header)}")
            file = info.code.co_filename
        nb = len(t["shape"]["bridges"])
        state = t.get("status", "compiled")
        out.append(f'<div class="trace" id="trace-{t["trace"]}" data-file="{_e(file)}">')
        out.append(f'<h3>trace {t["trace"]}: {_e(name)} — <span class="status-{_e(state)}">'
                   f'{_e(state)}</span>, {len(t["after"])} lines after optimization, '
                   f"{nb} bridge(s)</h3>")
        out.append(_shape_svg(t["shape"]))
        out.append('<div class="trace-cols">')
        out.append('<div class="col"><h3>bytecode (one iteration, as recorded)</h3>'
                   '<div class="bc">')
        last = None
        for b in t["bytecode"]:
            start = (b["code"], b["line"]) != last
            last = (b["code"], b["line"])
            cls = ' class="line-start"' if start else ""
            ref = f'<span class="srcref">  # {_e(b["code"])}:{b["line"]}</span>' if start else ""
            out.append(f'<div{cls} data-line="{b["line"]}">{b["pc"]:5d} {_e(b["op"]):<22}'
                       f' {_e(b["arg"])}{ref}</div>')
        out.append("</div></div>")
        for key, label in (("before", "IR recorded"), ("after", "IR optimized (with bridges)")):
            box = f'ir-{key}-{t["trace"]}'
            out.append(f'<div class="col"><h3>{label} <span class="fold" data-target="{box}">'
                       f'[fold]</span></h3><div class="ir" id="{box}">')
            for ln in t[key]:
                cls = [ln["kind"]]
                if ln["depth"]:
                    cls.append(f'd{min(ln["depth"], 3)}')
                if ln.get("bridge"):
                    cls.append("has-bridge")
                attrs = f' data-line="{ln["line"]}"' if ln["line"] is not None else ""
                gid = f' data-guard="{ln["guard"]}"' if ln["guard"] is not None else ""
                out.append(f'<div class="{" ".join(cls)}"{attrs}{gid}>{_e(ln["text"])}</div>')
            out.append("</div></div>")
        out.append("</div></div>")
    out.append("</section>")
    return out
