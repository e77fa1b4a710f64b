"""``pyjit explain``: what the JIT did with a program, and why, in order of time lost.

A run observed by :class:`Collector` (a subscriber of the observer's events,
see :mod:`.observer`) with statistics counting instructions
(:mod:`.nativeshare`) is turned by :func:`analyze` into one dict -- the
``--json`` output, also what ``pyjit.explain()`` returns -- and by
:func:`render` into text:

* the native share of the run;
* every hot loop that is not compiled (aborted, blacklisted, dropped), most
  interpreted instructions first: the reason in words, the instruction and
  source line that caused it, and a hint (:mod:`.hints`);
* the code that stays interpreted for other reasons (loops that never got hot,
  functions without loops: recursion, generators);
* hot guard failures (which guard, the type or value seen against the one
  assumed, the source line, how often, bridged or not);
* invalidations, compile time per loop, native share per function.

"Time lost" is counted in interpreted bytecode instructions, not seconds: the
run counts them exactly, and an interpreted instruction costs about the same
everywhere, so the order is the order of what a fix would gain.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.id = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import json
import linecache
import os
import sys

from pyjit import opcodes as O
from pyjit.decode import decode

from . import hints

TOP = 10          # entries per section in the text (the JSON has them all)
MIN_SHARE = 0.001  # code interpreting less than this share of the run is not listed


class Collector:
    """A subscriber keeping every event, and the traces behind the compile events."""

    def __init__(self):
        self.events: list[dict] = []
        self.infos: dict[int, object] = {}     # loop number -> LoopInfo
        self.traces: dict[int, dict] = {}      # trace number -> its trace objects

    def __call__(self, event, objects):
        self.events.append(event)
        info = objects.get("info")
        if info is not None:
            self.infos[event["loop"]] = info
        kind = event["event"]
        if kind in ("trace_recorded", "trace_optimized", "trace_compiled"):
            t = self.traces.setdefault(event["trace"], {"loop": event["loop"]})
            for key in ("recorded", "optimized", "path", "guard_ids"):
                if key in objects:
                    t[key] = objects[key]
            if kind == "trace_compiled":
                t["installed"] = objects["trace"]   # the latest, with its bridges


# ---------------------------------------------------------------------------
# analysis


def analyze(collector: Collector, observer, totals=None, threshold=None) -> dict:
    """Everything ``pyjit explain`` says, as one JSON-able dict."""
    loops = _loops(collector, observer, totals)
    out = {"native_share": totals.share if totals is not None else None,
           "instructions": totals.total if totals is not None else None,
           "native_instructions": totals.native if totals is not None else None,
           "threshold": threshold,
           "loops": sorted(loops.values(), key=lambda l: (-(l["interpreted"] or 0), l["loop"])),
           "interpreted": _interpreted(loops, collector, totals, threshold),
           "guards": _guards(collector, observer),
           "invalidations": [{"what": e["what"], "traces": e["traces"], "t": e["t"]}
                             for e in collector.events if e["event"] == "invalidated"],
           "functions": _functions(totals)}
    out["not_compiled"] = [l for l in out["loops"] if l["status"] != "compiled"]
    for l in out["loops"]:
        for a in l["aborts"] + l["bridge_aborts"]:
            a["guards"] = sorted(a["guards"])
    return out


def _source(file, line) -> str | None:
    if not file or not line:
        return None
    text = linecache.getline(file, line)
    return text.rstrip() or None


def _loop_range(info):
    return info.code, info.header, info.end


def _range_counts(totals, code, lo, hi):
    """Interpreted and native instructions at units lo..hi of ``code``."""
    if totals is None:
        return None, None
    interp = sum(totals.interp_counts.get((code, pc), 0) for pc in range(lo, hi + 1))
    native = sum(totals.native_counts.get((code, pc), 0) for pc in range(lo, hi + 1))
    return interp, native


def _loops(collector, observer, totals) -> dict:
    loops: dict[int, dict] = {}
    for e in collector.events:
        kind = e["event"]
        if "loop" not in e:
            continue
        n = e["loop"]
        l = loops.get(n)
        if l is None:
            l = loops[n] = {"loop": n, "code": e["code"], "file": e["file"], "line": e["line"],
                            "source": _source(e["file"], e["line"]), "status": "hot",
                            "aborts": [], "compilations": 0, "compile_s": 0.0,
                            "record_s": 0.0, "optimize_s": 0.0, "bridges": 0,
                            "bridge_aborts": [], "dropped": 0, "blacklist_reason": None,
                            "drop_reason": None}
        if kind == "trace_aborted":
            _add_abort(l["aborts"], e)
            if l["status"] not in ("blacklisted",):
                l["status"] = "aborted" if not l["compilations"] else l["status"]
        elif kind == "bridge_aborted":
            _add_abort(l["bridge_aborts"], e)["guards"].add(e["guard"])
        elif kind == "trace_recorded":
            l["record_s"] += e["record_s"]
        elif kind == "bridge_recorded":
            l["record_s"] += e["record_s"]
            l["bridges"] += 1
        elif kind == "trace_optimized":
            l["optimize_s"] += e["optimize_s"]
        elif kind == "trace_compiled":
            l["compilations"] += 1
            l["compile_s"] += e["compile_s"]
            l["status"] = "compiled"
        elif kind == "trace_dropped":
            l["dropped"] += 1
            l["status"] = "dropped"
            l["drop_reason"] = e["reason"]
        elif kind == "blacklisted":
            l["status"] = "blacklisted"
            l["blacklist_reason"] = e["reason"]
    for n, l in loops.items():
        info = collector.infos.get(n)
        if info is not None and info.compiled is not None:
            l["status"] = "compiled"
    loops = _merge_back_edges(loops, collector)
    for n, l in loops.items():
        info = collector.infos.get(n)
        interp = native = None
        if info is not None:
            interp, native = _range_counts(totals, *_loop_range(info))
        l["interpreted"] = interp
        l["native"] = native
        l["native_share"] = native / (interp + native) if interp is not None and \
            interp + native else None
        l["why"], l["hint"], l["kind"] = _why_loop(l, observer, collector)
    return loops


_RANK = {"compiled": 0, "hot": 1, "aborted": 2, "dropped": 3, "blacklisted": 4}


def _merge_back_edges(loops, collector) -> dict:
    """One entry per loop: a loop whose body ends in several back-edges (an
    if/else in a for loop ends each branch with one) has a JIT loop per
    back-edge; they share the header, the source line and the verdict."""
    groups: dict = {}
    for n in sorted(loops):
        info = collector.infos.get(n)
        key = (id(info.code), info.header) if info is not None else ("loop", n)
        groups.setdefault(key, []).append(loops[n])
    out = {}
    for members in groups.values():
        first = dict(members[0])
        first["loops"] = [m["loop"] for m in members]
        for m in members[1:]:
            for key in ("compilations", "compile_s", "record_s", "optimize_s", "bridges",
                        "dropped"):
                first[key] += m[key]
            for a in m["aborts"]:
                _merge_abort(first["aborts"], a)
            for a in m["bridge_aborts"]:
                _merge_abort(first["bridge_aborts"], a)
            if _RANK[m["status"]] < _RANK[first["status"]]:
                first["status"] = m["status"]
            first["blacklist_reason"] = first["blacklist_reason"] or m["blacklist_reason"]
            first["drop_reason"] = first["drop_reason"] or m["drop_reason"]
        out[first["loop"]] = first
    return out


def _merge_abort(lst, a):
    for b in lst:
        if (b["reason"], b["at_file"], b["at_line"]) == (a["reason"], a["at_file"], a["at_line"]):
            b["count"] += a["count"]
            return
    lst.append(dict(a))


def _add_abort(lst, e) -> dict:
    key = (e["reason"], e["at_file"], e["at_line"])
    for a in lst:
        if (a["reason"], a["at_file"], a["at_line"]) == key:
            a["count"] += 1
            return a
    a = {"reason": e["reason"], "kind": e["reason_kind"], "hint": e["hint"],
         "at_code": e["at_code"], "at_file": e["at_file"], "at_line": e["at_line"],
         "at_instruction": e["at_instruction"], "callee": e["callee"],
         "source": _source(e["at_file"], e["at_line"]), "count": 1, "guards": set()}
    lst.append(a)
    return a


def _why_loop(l, observer, collector):
    """One line of why, a hint and a kind for a loop's current state."""
    if l["status"] == "compiled":
        return "compiled", None, "compiled"
    if l["aborts"]:
        a = max(l["aborts"], key=lambda a: a["count"])
        where = f" at {_short(a['at_file'])}:{a['at_line']}" if a["at_line"] else ""
        ins = f" ({a['at_instruction']})" if a["at_instruction"] else ""
        return f"{a['reason']}{where}{ins}", a["hint"], a["kind"]
    if l["status"] in ("dropped", "blacklisted"):
        reason = l["blacklist_reason"] or l["drop_reason"] or "a guard keeps failing"
        g = _worst_guard(collector, observer, l["loops"])
        h = hints.abort_hint(reason)
        if g is not None:
            meaning = hints.guard_what(g["op"], g["exception"])
            why = (f"{reason}: {g['op']} at line {g['guard_line']} failed {g['count']} times"
                   f"{_seen(g)}: {meaning.text}")
            for a in l["bridge_aborts"]:
                if g["guard"] in a["guards"]:
                    # the guard would have had a bridge: why it has none is the cause
                    where = f" at {_short(a['at_file'])}:{a['at_line']}" if a["at_line"] else ""
                    ins = f" ({a['at_instruction']})" if a["at_instruction"] else ""
                    return (f"{why}; its bridge could not be recorded: {a['reason']}{where}{ins}",
                            a["hint"], a["kind"])
            return why, meaning.hint or h.text, meaning.kind
        return reason, h.text, h.kind
    return "recording in progress when the program ended", None, "hot"


def _seen(g) -> str:
    if g.get("assumed") and g.get("seen"):
        return f" (assumed {g['assumed']}, saw {g['seen']})"
    return ""


def _worst_guard(collector, observer, numbers):
    best = None
    for g in _guards(collector, observer):
        if g["loop"] in numbers and not g["normal"] and (best is None or g["count"] > best["count"]):
            best = g
    return best


def _guards(collector, observer) -> list:
    """Per guard: its latest failure event, with its total count."""
    last: dict[int, dict] = {}
    for e in collector.events:
        if e["event"] == "guard_failure":
            last[e["guard"]] = e
    out = []
    counts = getattr(observer, "guard_counts", {})
    ops = getattr(observer, "guards", {})
    now = {gid: op for gid, op in ops.values()}
    for gid, e in last.items():
        meaning = hints.guard_what(e["op"], e["exception"])
        op = now.get(gid)
        bridged = op.bridge is not None if op is not None else e["bridge"]
        out.append({"guard": gid, "loop": e["loop"], "code": e["code"], "op": e["op"],
                    "file": e["guard_file"], "guard_line": e["guard_line"],
                    "source": _source(e["guard_file"], e["guard_line"]),
                    "count": counts.get(gid, e["count"]), "bridge": bridged,
                    "exception": e["exception"], "assumed": e["assumed"], "seen": e["seen"],
                    "what": meaning.text, "kind": meaning.kind, "normal": meaning.normal,
                    "hint": meaning.hint})
    out.sort(key=lambda g: -g["count"])
    return out


def _interpreted(loops, collector, totals, threshold) -> list:
    """Code objects that run interpreted for reasons other than a hot loop's abort."""
    if totals is None:
        return []
    covered = {}
    for n, info in collector.infos.items():
        covered.setdefault(info.code, []).append(info)
    out = []
    for code, (interp, native) in totals.by_code.items():
        if interp < MIN_SHARE * totals.total:
            continue
        infos = covered.get(code, [])
        in_loops = sum(l["interpreted"] or 0 for n, l in loops.items()
                       if collector.infos.get(n) is not None and
                       collector.infos[n].code is code)
        rest = interp - in_loops
        if rest < MIN_SHARE * totals.total:
            continue
        why, hint = why_interpreted(code, infos, totals, threshold)
        out.append({"code": code.co_qualname, "file": code.co_filename,
                    "line": code.co_firstlineno, "interpreted": rest,
                    "share_of_run": rest / totals.total, "why": why, "hint": hint})
    out.sort(key=lambda d: -d["interpreted"])
    return out


def why_interpreted(code, infos, totals, threshold):
    """Why ``code``'s instructions outside its hot loops run interpreted."""
    dec = decode(code)
    cold = []
    for pc, op in enumerate(dec.ops):
        info = O.BY_CODE[op]
        if info is not None and info.jump is O.Jump.BACKWARD and op != O.JUMP_BACKWARD_NO_INTERRUPT:
            if any(pc in i.jb_pcs for i in infos):
                continue
            iters = totals.interp_counts.get((code, pc), 0) if totals is not None else 0
            cold.append((dec.line_at(dec.args[pc]) or dec.line_at(pc), iters))
    if any(i.compiled is not None for i in infos):
        where = _busiest_line(code, dec, totals)
        return ("the code around its compiled loop, and the loop's exits" + where,
                "the code before and after a compiled loop runs interpreted, and so does the "
                "rest of an iteration that leaves the trace: a guard failing often there "
                "(see the guards) or a loop entered often for few iterations")
    if cold:
        line, iters = max(cold, key=lambda c: c[1])
        t = f" (--jit-threshold {threshold})" if threshold else ""
        return (f"its loop at line {line} ran {iters} iterations in all, never enough to be "
                f"recorded{t}", "a loop is compiled after --jit-threshold iterations; lower "
                "it to compile shorter loops")
    if dec.is_gen:
        return ("a generator resumed by the interpreter (by host code: map(), next(), "
                "str.join()..., or by a consumer whose loop is not compiled)",
                "a generator runs in the trace of the `for` loop that consumes it (sum(), "
                "min(), max(), any(), all(), list(), sorted()... of it loop in the VM too): "
                "consume it so")
    if code.co_name in code.co_names:
        return ("recursive function: the JIT compiles loops, not recursion",
                "recursion runs interpreted; a loop (with an explicit stack) is compiled")
    return ("no loop of its own, and not called from a compiled loop (calls from "
            "interpreted code run interpreted)",
            "a function is compiled only as part of a loop that calls it: the loops "
            "calling it are not compiled")


def _busiest_line(code, dec, totals) -> str:
    """", most at line N (x%)": where ``code`` interprets most."""
    if totals is None:
        return ""
    lines = {}
    for (c, pc), n in totals.interp_counts.items():
        if c is code:
            line = dec.line_at(pc)
            lines[line] = lines.get(line, 0) + n
    total = sum(lines.values())
    if not total:
        return ""
    line, n = max(lines.items(), key=lambda kv: kv[1])
    return f", most at line {line} ({100 * n / total:.0f}%)"


def _functions(totals) -> list:
    if totals is None:
        return []
    out = []
    for code, (interp, native) in totals.by_code.items():
        n = interp + native
        out.append({"code": code.co_qualname, "file": code.co_filename,
                    "line": code.co_firstlineno, "instructions": n, "native": native,
                    "native_share": native / n if n else None})
    out.sort(key=lambda d: -d["instructions"])
    return out


# ---------------------------------------------------------------------------
# text


def short_path(path) -> str:
    """``path`` relative to the working directory when it is below it."""
    if not path:
        return "?"
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return rel if not rel.startswith("..") else path


def pct_text(x) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def n_text(x) -> str:
    return "—" if x is None else f"{x:,}"


_short, _pct, _n = short_path, pct_text, n_text


def render(d: dict, title: str = "") -> str:
    """The text ``pyjit explain`` prints."""
    out = [f"pyjit explain{': ' + title if title else ''}"]
    if d["native_share"] is not None:
        out.append(f"native share: {_pct(d['native_share'])} of {_n(d['instructions'])} "
                   "bytecode instructions ran in compiled traces")
    loops = d["loops"]
    ncomp = sum(1 for l in loops if l["status"] == "compiled")
    ctime = sum(l["compile_s"] for l in loops)
    out.append(f"loops: {len(loops)} hot, {ncomp} compiled, {len(loops) - ncomp} not compiled; "
               f"compile time {ctime * 1e3:.1f} ms")
    total = d["instructions"]

    nc = d["not_compiled"]
    if nc:
        out += ["", "Hot loops not compiled (most instructions interpreted first):"]
        for k, l in enumerate(nc[:TOP], 1):
            out.append(f"  {k}. {_short(l['file'])}:{l['line']}  loop in {l['code']}()  -- "
                       f"{_status(l)}")
            if l["interpreted"] is not None:
                share = f" ({_pct(l['interpreted'] / total)} of the run)" if total else ""
                out.append(f"       {_n(l['interpreted'])} instructions interpreted{share}")
            out.append(f"       why:  {l['why']}")
            src = _abort_source(l)
            if src:
                out.append(f"             {src}")
            if l["hint"]:
                out.append(f"       hint: {l['hint']}")
        if len(nc) > TOP:
            out.append(f"  ... and {len(nc) - TOP} more (--json lists them all)")

    interp = d["interpreted"]
    if interp:
        out += ["", "Code interpreted for other reasons:"]
        for e in interp[:TOP]:
            out.append(f"  {_short(e['file'])}:{e['line']}  {e['code']}():  "
                       f"{_n(e['interpreted'])} instructions ({_pct(e['share_of_run'])})")
            out.append(f"       why:  {e['why']}")
            out.append(f"       hint: {e['hint']}")

    guards = [g for g in d["guards"] if not g["normal"]]
    if guards:
        out += ["", "Hot guard failures:"]
        for g in guards[:TOP]:
            out.append(f"  {_short(g['file'])}:{g['guard_line']}  {g['op']} in {g['code']}(): "
                       f"{_n(g['count'])} failures, "
                       f"{'bridged' if g['bridge'] else 'no bridge'}")
            out.append(f"       {g['what']}{_seen(g)}")
            if g["source"]:
                out.append(f"       {g['guard_line']:5d} | {g['source'].strip()}")
            if g["hint"] and not g["bridge"]:
                out.append(f"       hint: {g['hint']}")

    if d["invalidations"]:
        out += ["", "Invalidations (every trace dropped):"]
        for e in d["invalidations"][:TOP]:
            out.append(f"  at {e['t']:.3f} s: {e['what']} ({e['traces']} traces dropped)")

    comp = [l for l in loops if l["compilations"]]
    if comp:
        out += ["", "Compile time per loop:"]
        for l in sorted(comp, key=lambda l: -l["compile_s"])[:TOP]:
            out.append(f"  {_short(l['file'])}:{l['line']}  loop in {l['code']}(): "
                       f"{l['compilations']} compilation(s), {l['compile_s'] * 1e3:.1f} ms "
                       f"(record {l['record_s'] * 1e3:.1f} ms, optimize "
                       f"{l['optimize_s'] * 1e3:.1f} ms), {l['bridges']} bridge(s)")

    if d["functions"]:
        out += ["", "Native share per function (most instructions first):"]
        for e in d["functions"][:TOP]:
            out.append(f"  {_pct(e['native_share']):>6}  of {_n(e['instructions']):>14}  "
                       f"{e['code']} ({_short(e['file'])}:{e['line']})")
    return "\n".join(out) + "\n"


def _status(l) -> str:
    n = sum(a["count"] for a in l["aborts"])
    if l["status"] == "blacklisted":
        return f"blacklisted{f' after {n} aborted recordings' if n else ''}"
    if l["status"] == "dropped":
        return "trace dropped (a guard kept failing)"
    if l["status"] == "aborted":
        return f"{n} aborted recording(s)"
    return l["status"]


def _abort_source(l):
    for a in l["aborts"] + l["bridge_aborts"]:
        if a["source"] and a["at_line"]:
            return f"{a['at_line']:5d} | {a['source'].strip()}"
    return None


def write(d: dict, path: str | None, as_json: bool, title: str = "") -> None:
    """Write the explanation to ``path`` (None: stderr) as text or JSON."""
    import sys
    text = json.dumps(d, indent=2) + "\n" if as_json else render(d, title)
    if path is None or path == "-":
        sys.stdout.flush()   # (the program's output first)
        sys.stderr.write(text)
    else:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)


# ---------------------------------------------------------------------------
# the native share in --stats / --stats-json (no collector: the observer's state)

def share_summary(observer, top=5) -> dict | None:
    """The native share and the code objects interpreting most, with why."""
    totals = observer.totals()
    if totals is None:
        return None
    threshold = getattr(observer.config, "threshold", None)
    infos = {}
    for n, info in getattr(observer, "loops", {}).values():
        infos.setdefault(info.code, []).append((n, info))
    worst = sorted(totals.by_code.items(), key=lambda kv: -kv[1][0])[:top]
    tops = []
    for code, (interp, native) in worst:
        if not interp:
            continue
        tops.append({"code": code.co_qualname, "file": code.co_filename,
                     "line": code.co_firstlineno, "interpreted": interp,
                     "why": _code_why(code, infos.get(code, []), observer, totals, threshold)})
    return {"share": totals.share, "instructions": totals.total,
            "native_instructions": totals.native, "gen_resumes": totals.gen_resumes,
            "interpreted_instructions": totals.interpreted, "top_interpreted": tops}


def _code_why(code, loops, observer, totals, threshold) -> str:
    reasons = []
    for n, info in loops:
        if info.compiled is None:
            r = _not_compiled(n, info, observer)
            if getattr(info, "function", False):
                reasons.append(f"function trace not compiled: {r}")
                continue
            line = decode(code).line_at(info.header)
            reasons.append(f"loop at line {line} not compiled: {r}")
    if reasons:
        return "; ".join(reasons)
    return why_interpreted(code, [i for _, i in loops], totals, threshold)[0]


def _not_compiled(n, info, observer) -> str:
    """Why loop ``n`` has no code at the program's end: its compile was still
    under way (the compile thread's, in the background), or what the driver
    last decided of it."""
    before = observer.last_reason.get(n)
    c = getattr(info, "pending", None)
    if c is not None:
        job = getattr(c.loop, "job", None)
        pipeline = getattr(c.loop, "pipeline", None)
        what = f"{pipeline} pipeline" if pipeline else "the backend"
        if job is not None and job.done:
            r = (f"its code ({what}) was ready but not installed: no safe point of the "
                 f"program came after it was ready")
        else:
            r = f"its compile ({what}) was queued and had not finished when the program ended"
            jobs = sys.modules.get("pyjit.jit.llvm.jobs")
            where = jobs.where_left(job) if jobs is not None and job is not None else None
            if where is not None:
                r += f" ({where})"
        return r + (f" (recorded again after: {before})" if before else "")
    if before is not None:
        return before
    if getattr(info, "stopped_at", None) is not None:
        # (nest.handed_over: not an abort, so no event names it)
        line = decode(info.code).line_at(info.stopped_at)
        return (f"its recordings stopped at an inner loop's header ({info.stops} times, "
                f"last at line {line}): its body runs in the inner loops' nest bridges "
                f"and the interpreter between their exits, never a trace of its own")
    return ("hot, but no recording of it finished (another loop was being recorded, or "
            "the program ended during its recording)")


def share_lines(summary) -> list[str]:
    """``--stats`` lines for the native share."""
    if summary is None:
        return []
    total = summary["instructions"]
    lines = [f"  native share {_pct(summary['share'])} of {_n(total)} bytecode instructions "
             f"(native {_n(summary['native_instructions'])}, interpreted "
             f"{_n(summary['interpreted_instructions'])})",
             f"  generator resumptions inside traces {_n(summary.get('gen_resumes', 0))}"]
    if summary["top_interpreted"]:
        lines.append("  interpreted most:")
        for e in summary["top_interpreted"]:
            share = f" ({_pct(e['interpreted'] / total)})" if total else ""
            lines.append(f"    {e['interpreted']:12,d}{share}  {e['code']} "
                         f"({_short(e['file'])}:{e['line']}): {e['why']}")
    return lines
