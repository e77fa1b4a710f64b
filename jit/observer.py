"""What the JIT driver did, as events: the one place the driver reports to.

The driver calls one method of ``Config.observer`` at each thing it does
(a loop gets hot, a recording closes or aborts, a trace is compiled, a guard
fails, a loop is blacklisted...).  :class:`Observer` itself does nothing, so a
run that observes nothing pays a method call at those rare places (guard
failures are only reported with statistics on).  :class:`EventObserver` turns
each call into an event of :mod:`.events`' schema and hands it to its
subscribers -- the ``--jit-events`` writer, ``pyjit explain``'s and the
report's :class:`pyjit.jit.explain.Collector`, the Python API's hooks -- with
the objects behind it (loop info, traces) for those that want more than JSON.
When statistics count instructions it also instruments each recorded path
for the native share (:mod:`.nativeshare`).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.id = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import sys
import time

from pyjit import opcodes as O
from pyjit.decode import decode
from pyjit.function import Function

from . import events, hints, ir, nativeshare
from pyjit.typelookup import is_type, type_name

SAMPLE_ALL = 10    # a guard's first failures each make an event; then powers of two


class Observer:
    """The driver's calls (see the module doc); this one ignores them."""

    share = None   # NativeShare, when statistics count instructions
    # do the calls' objects outlive them (a recorded trace handed on, the
    # optimizer must not change it in place)?
    keeps_traces = False

    def totals(self):
        """The run's native share so far (None: statistics do not count instructions)."""
        return None

    def loop_hot(self, info): pass
    def recorded(self, info, rec, seconds): pass
    def aborted(self, info, reason, stage, rec): pass
    def optimized(self, info, recorded, trace, seconds): pass
    def installed(self, info, trace, compiled, seconds): pass
    def compile_queued(self, info, pipeline, done): pass
    def bridge_attached(self, info, guard, compiled, bridge): pass
    def tier_up(self, info, refused): pass
    def generalized(self, info, reason): pass
    def sent_back(self, info, reason): pass
    def bridge_recorded(self, info, guard, rec, seconds): pass
    def bridge_aborted(self, info, guard, rec, reason): pass
    def guard_failed(self, info, compiled, g, exc, buf): pass
    def dropped(self, info, reason="a guard keeps failing"): pass
    def blacklisted(self, info, reason): pass
    def invalidated(self, what, traces): pass
    def finish(self): pass


NULL = Observer()


def loop_fields(info) -> dict:
    code = info.code
    # (function: a function trace -- a function with a loop has both)
    return {"loop": 0, "code": code.co_qualname, "file": code.co_filename,
            "line": decode(code).line_at(info.header) or code.co_firstlineno,
            "function": bool(info.function)}


class EventObserver(Observer):
    keeps_traces = True    # (subscribers get the objects)

    def __init__(self, config, share=None):
        self.config = config          # the driver's Config (backend, threshold)
        self.share = share
        self.t0 = time.perf_counter()
        self.subscribers = []         # callables (event, objects)
        self.loops = {}               # id(info) -> (number, info)
        self.trace_of = {}            # id(info) -> number of its current trace
        self.ntraces = 0
        self.guards = {}              # id(op) -> (number, op)
        self.guard_counts = {}        # guard number -> failures so far
        self.finished = False
        self.at_finish = []           # callables (totals) run by finish()
        self.last_reason = {}         # loop number -> why it is not compiled (latest)

    # -- plumbing --------------------------------------------------------------

    def subscribe(self, fn) -> None:
        self.subscribers.append(fn)

    def emit(self, kind, fields, objects=None) -> dict:
        event = {"event": kind, "t": round(time.perf_counter() - self.t0, 6), **fields}
        for fn in self.subscribers:
            fn(event, objects or {})
        return event

    def start(self, argv, tier) -> None:
        c = self.config
        from pyjit import __version__
        self.emit("start", {"schema_version": events.SCHEMA_VERSION,
                            "pyjit_version": __version__,
                            "python": sys.version.split()[0], "argv": list(argv),
                            "tier": tier, "backend": c.backend, "threshold": c.threshold,
                            "trace_limit": c.trace_limit})

    def _loop(self, info) -> dict:
        n = self.loops.get(id(info))
        if n is None:
            n = len(self.loops) + 1
            self.loops[id(info)] = (n, info)
        else:
            n = n[0]
        d = loop_fields(info)
        d["loop"] = n
        return d

    def _guard(self, op) -> int:
        g = self.guards.get(id(op))
        if g is None:
            g = (len(self.guards) + 1, op)
            self.guards[id(op)] = g
        return g[0]

    def _trace(self, info) -> int:
        return self.trace_of.get(id(info), 0)

    # -- the driver's calls ----------------------------------------------------------

    def loop_hot(self, info):
        self.emit("loop_hot", {**self._loop(info), "threshold": self.config.threshold},
                  {"info": info})

    def recorded(self, info, rec, seconds):
        if rec.trace is None:
            return   # (aborted() reports it)
        self.ntraces += 1
        self.trace_of[id(info)] = self.ntraces
        if self.share is not None:
            self.share.count_loop(rec.trace, rec.path)
        self.emit("trace_recorded", {**self._loop(info), "trace": self.ntraces,
                                     "ops": len(rec.trace.ops),
                                     "instructions": len(rec.path),
                                     "record_s": seconds},
                  {"info": info, "recorded": rec.trace, "path": rec.path})

    def aborted(self, info, reason, stage, rec):
        e = self.emit("trace_aborted", {**self._loop(info), **_where(reason, rec),
                                        "aborts": info.aborts, "stage": stage}, {"info": info})
        at = f" at line {e['at_line']}" if e["at_line"] else ""
        self.last_reason[e["loop"]] = f"{reason}{at}"

    def optimized(self, info, recorded, trace, seconds):
        self.emit("trace_optimized", {**self._loop(info), "trace": self._trace(info),
                                      "ops_before": len(recorded.ops),
                                      "ops_after": len(trace.ops), "optimize_s": seconds},
                  {"info": info, "recorded": recorded, "optimized": trace})

    def installed(self, info, trace, compiled, seconds):
        if self.share is not None:
            self.share.compiled_exits(compiled, trace)
        nbridges = sum(1 for op in compiled.guard_ops if op.bridge is not None)
        loop = compiled.loop
        self.emit("trace_compiled", {**self._loop(info), "trace": self._trace(info),
                                     "backend": self.config.backend, "compile_s": seconds,
                                     "code_bytes": loop.code_size,
                                     "guards": len(compiled.guard_ops), "bridges": nbridges,
                                     "pipeline": getattr(loop, "pipeline", "interp"),
                                     "cached": bool(getattr(loop, "cached", False))},
                  {"info": info, "trace": trace, "compiled": compiled,
                   "guard_ids": [self._guard(op) for op in compiled.guard_ops]})

    def bridge_recorded(self, info, guard, rec, seconds):
        if self.share is not None:
            self.share.count_bridge(info.trace, guard, rec.bridge, rec.path)
        self.emit("bridge_recorded", {**self._loop(info), "trace": self._trace(info),
                                      "guard": self._guard(guard), "guard_op": guard.name,
                                      "guard_line": guard.line, "ops": len(rec.bridge),
                                      "instructions": len(rec.path), "record_s": seconds},
                  {"info": info, "guard_op": guard, "bridge": rec.bridge})

    def compile_queued(self, info, pipeline, done):
        self.emit("compile_queued", {**self._loop(info), "trace": self._trace(info),
                                     "pipeline": pipeline, "at_once": done}, {"info": info})

    def bridge_attached(self, info, guard, compiled, bridge):
        if self.share is not None:
            # (the compilation's trace: the loop may have dropped its own meanwhile --
            # a bridge attached after the driver forgot the trace, its code still running)
            self.share.compiled_exits(compiled, compiled.trace)
        self.emit("bridge_attached", {**self._loop(info), "trace": self._trace(info),
                                      "guard": self._guard(guard), "guard_op": guard.name,
                                      "compile_s": bridge.compile_seconds
                                      + bridge.generate_seconds,
                                      "code_bytes": bridge.code_size,
                                      "pipeline": getattr(bridge, "pipeline", "interp"),
                                      "cached": bool(bridge.cached)},
                  {"info": info, "guard_op": guard, "compiled": compiled})

    def tier_up(self, info, refused):
        self.emit("tier_up", {**self._loop(info), "trace": self._trace(info),
                              "queued": refused is None, "reason": refused}, {"info": info})

    def generalized(self, info, reason):
        e = self.emit("generalized", {**self._loop(info), "reason": reason}, {"info": info})
        self.last_reason[e["loop"]] = reason

    def sent_back(self, info, reason):
        e = self.emit("sent_back", {**self._loop(info), "reason": reason}, {"info": info})
        self.last_reason[e["loop"]] = reason

    def bridge_aborted(self, info, guard, rec, reason):
        self.emit("bridge_aborted", {**self._loop(info), **_where(reason, rec),
                                     "trace": self._trace(info), "guard": self._guard(guard),
                                     "guard_op": guard.name, "guard_line": guard.line},
                  {"info": info, "guard_op": guard})

    def guard_failed(self, info, compiled, g, exc, buf):
        op = compiled.guard_ops[g]
        gid = self._guard(op)
        n = self.guard_counts[gid] = self.guard_counts.get(gid, 0) + 1
        if n > SAMPLE_ALL and n & (n - 1):
            return
        exc_name = type_name(type(exc)) if exc is not None else None
        assumed, seen = _assumed_seen(op, buf) if exc is None else (None, None)
        self.emit("guard_failure", {**self._loop(info), "trace": self._trace(info),
                                    "guard": gid, "op": op.name, "guard_line": op.line,
                                    "guard_file": info.code.co_filename
                                    if len(op.snapshot.frames) == 1
                                    else _innermost_file(op.snapshot),
                                    "count": n, "sampled": n > SAMPLE_ALL,
                                    "bridge": op.bridge is not None, "exception": exc_name,
                                    "assumed": assumed, "seen": seen,
                                    "what": hints.guard_what(op.name, exc_name).text},
                  {"info": info, "guard_op": op})

    def dropped(self, info, reason="a guard keeps failing"):
        e = self.emit("trace_dropped", {**self._loop(info), "reason": reason,
                                        "retraces": info.retraces}, {"info": info})
        self.last_reason[e["loop"]] = e["reason"]

    def blacklisted(self, info, reason):
        self.emit("blacklisted", {**self._loop(info), "reason": reason}, {"info": info})

    def invalidated(self, what, traces):
        self.emit("invalidated", {"what": what, "traces": traces})

    def totals(self):
        from pyjit.specialize import specializer
        st = specializer.CONFIG.stats
        if self.share is None or st is None:
            return None
        return nativeshare.Totals(nativeshare.interpreted_counts(st), self.share.native_counts())

    def finish(self):
        """At exit (once): the ``end`` event, then what waits for the end (explain's
        text, the report, closing the log)."""
        if self.finished:
            return
        self.finished = True
        totals = self.totals()
        stats = self.config.stats
        self.emit("end", {"loops": len(self.loops), "traces_compiled": self.ntraces,
                          "entries": stats.entries if stats is not None else None,
                          "instructions": totals.total if totals is not None else None,
                          "native_instructions": totals.native if totals is not None else None,
                          "native_share": totals.share if totals is not None else None})
        for fn in self.at_finish:
            fn(totals)


# ---------------------------------------------------------------------------
# what an event says about where and why


def _where(reason, rec) -> dict:
    """An abort's fields: the reason, its hint, and the instruction it stopped at."""
    d = {"reason": reason, "at_code": None, "at_file": None, "at_line": None,
         "at_instruction": None, "callee": None}
    f = getattr(rec, "frame", None)
    detail = None
    if f is not None and f.pc is not None and f.pc >= 0:
        dec = f.dec
        pc = f.pc
        d["at_code"] = f.code.co_qualname
        d["at_file"] = f.code.co_filename
        d["at_line"] = dec.line_at(pc)
        op = O.BY_CODE[dec.ops[pc]] if pc < len(dec.ops) else None
        d["at_instruction"] = op.name if op is not None else None
        d["callee"], detail, call = _callee(f, dec, pc)
        if call is not None:   # (a call sequence resumes at its KW_NAMES or PRECALL)
            d["at_instruction"] = "CALL"
    h = hints.abort_hint(reason, d["callee"], detail)
    d["reason_kind"] = h.kind
    d["hint"] = h.text
    return d


def _callee(f, dec, pc):
    """At a call sequence (KW_NAMES, PRECALL, CALL): the callable's name and,
    for a program function, what about its parameters a trace cannot inline."""
    ops, n = dec.ops, len(dec.ops)
    while pc < n and ops[pc] in (O.KW_NAMES, O.PRECALL, O.EXTENDED_ARG):
        pc = dec.nexts[pc]
    if pc >= n or ops[pc] != O.CALL:
        return None, None, None
    call = pc
    argc = dec.args[pc]
    s = f.stack
    if len(s) < argc + 2:
        return None, None, call
    fn = s[-1 - argc] if s[-2 - argc] is _null() else s[-2 - argc]
    fn = getattr(fn, "__func__", fn) if type_name(type(fn)) == "method" else fn
    if type(fn) is Function:
        code = fn.code
        parts = []
        if code.co_kwonlyargcount:
            names = code.co_varnames[code.co_argcount:code.co_argcount + code.co_kwonlyargcount]
            parts.append("keyword-only parameter" + ("s " if len(names) > 1 else " ")
                         + ", ".join(names))
        if code.co_flags & O.CO_VARARGS:
            parts.append("*args")
        if code.co_flags & O.CO_VARKEYWORDS:
            parts.append("**kwargs")
        return f"{fn.qualname} (line {code.co_firstlineno})", " and ".join(parts) or None, call
    if is_type(fn):
        return type.__getattribute__(fn, "__qualname__"), None, call
    return None, None, call


def _null():
    from pyjit.null import NULL
    return NULL


def _innermost_file(snap):
    fr = snap.frames[-1]
    return fr.func.code.co_filename if fr.func is not None else "?"


def _type_name(v) -> str:
    return type.__getattribute__(type(v), "__name__")


def _assumed_seen(op, buf):
    """For a type or value guard: what the trace assumed and what came instead
    (type names only: nothing of the program's code runs here)."""
    name = op.name
    if name not in ("guard_class", "guard_value", "unbox_int") or not op.args:
        return None, None
    assumed = None
    if name == "guard_class":
        assumed = ir.const_label(op.args[1].value).lstrip("$")
    elif name == "guard_value":
        assumed = ir.const_label(op.args[1].value).lstrip("$")
    else:
        assumed = "int (64 bits)"
    seen = None
    arg = op.args[0]
    if isinstance(arg, ir.Const):
        v, found = arg.value, True
    else:
        found = False
        for k, v in enumerate(op.snapshot.values()):
            if v is arg:
                found = 1 + k < len(buf)
                v = buf[1 + k] if found else None
                break
    if found:
        seen = _type_name(v)
        if type(v) is int:
            seen = f"int ({v.bit_length()} bits)"
        elif name == "guard_value" and type(v) is Function:
            seen = f"function {v.qualname}"
    return assumed, seen


# ---------------------------------------------------------------------------
# setting it up from the command line


def install(options, config, argv=(), tier="jit"):
    """Make ``config.observer`` what the options ask for (the runner calls this once):
    ``--jit-events FILE``, ``pyjit explain`` (``options.explain``: (as_json, path)),
    ``--jit-report DIR``, ``--verify``; statistics that count instructions (the
    specializer's, on with ``--stats``, ``--stats-json``, explain and report) add
    the native share's counters.  Returns the observer."""
    from pyjit.specialize import specializer
    counting = specializer.CONFIG.stats is not None
    events_path = getattr(options, "jit_events", None)
    explain_to = getattr(options, "explain", None)
    report_dir = getattr(options, "jit_report", None)
    verify = getattr(options, "verify", False)
    if not (counting or events_path or explain_to or report_dir or verify):
        return config.observer
    obs = EventObserver(config, share=nativeshare.NativeShare() if counting else None)
    config.observer = obs
    if verify:
        from .opt import PIPELINE
        from .verify import Shadow
        config.shadow = Shadow(config.passes or PIPELINE)
        # compiled at once: a loop's code, tier-up and bridges land where the
        # lockstep expects them (from the compile thread, a bridge in the trace
        # but not yet in the code, or code of an older compile, left by exits the
        # shadow could not number)
        config.sync = True
        obs.subscribe(config.shadow)   # (it needs each loop's recorded trace)
    if events_path:
        writer = events.JsonLinesWriter(events_path)
        obs.subscribe(writer)
        obs.at_finish.append(lambda totals: writer.close())
    if explain_to or report_dir:
        from . import explain
        collector = explain.Collector()
        obs.subscribe(collector)
        title = " ".join(argv)
        if explain_to:
            as_json, path = explain_to

            def write_explanation(totals):
                d = explain.analyze(collector, obs, totals, config.threshold)
                explain.write(d, path, as_json, title)
            obs.at_finish.insert(0, write_explanation)
        if report_dir:
            def write_report(totals):
                from .report import write
                write(report_dir, collector, obs, totals, title=title,
                      threshold=config.threshold)
            obs.at_finish.insert(0, write_report)
    obs.start(argv, tier)
    return obs
