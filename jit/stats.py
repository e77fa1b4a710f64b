"""``--stats`` for tier jit: what the JIT did, counted (:class:`JitStats`).

The driver counts into ``Config.stats`` (None when statistics are off: each
site tests it); ``report()`` is what ``--stats`` prints at exit and
``as_dict()`` what ``--stats-json`` writes under ``"jit"``.  The warm-up's
decisions (issue #15) are counted here too: where compiling happened and
what the persistent cache answered, bridges attached to slots or compiled
into their loop again, tier-ups, generalized variables, loops sent back to
tier specialize, compiles refused by a budget.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.id = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import ctypes


class JitStats:
    config = None   # the driver's Config (set by the driver: this module does not import it)

    def __init__(self):
        self.traced = 0
        self.compiled = 0
        self.aborted = 0
        self.abort_reasons: dict[str, int] = {}
        self.blacklisted = 0
        self.entries = 0
        self.exits = 0
        self.exceptions = 0
        self.guard_failures: dict[str, int] = {}
        self.record_time = 0.0
        self.optimize_time = 0.0
        self.compile_time = 0.0
        self.code_size = 0
        self.retraces = 0
        self.bridges = 0
        self.bridge_aborts = 0
        self.ops_recorded = 0
        self.ops_optimized = 0
        # per optimizer pass: [ops removed, guards removed, ops moved out of the body]
        # (virtualize: then allocations removed)
        self.opt_counts: dict[str, list] = {}
        # warm-up (issue #15)
        self.compile_thread_time = 0.0   # of compile_time: LLVM work on the compile thread
        self.cache_hits = 0              # compiles answered by the persistent cache
        self.bridges_attached = 0        # bridges compiled on their own, into their slot
        self.recompiles = 0              # loops compiled again to take a bridge inside
        self.tier_ups = 0                # loops compiled again, optimized, having stayed hot
        self.generalized = 0             # variables generalized from machine values to objects
        self.sent_back = 0               # loops sent back to tier specialize (cost > savings)
        self.postponed = 0               # loops hot under a caller's bridge in flight (bridgewait)
        self.budget_refusals = 0         # compiles refused by a compile or code budget
        self.function_traces = 0   # of ``compiled``: function traces (entry to return)
        self.function_returns = 0  # function trace runs that reached their return
        self.callee_exits = 0      # native calls whose callee left its code (jit/nativecall.py)
        self.loops: list = []    # the LoopInfo of every loop compiled (native calls)

    def native_calls(self):
        """``(calls into pyjit's Python code from native code, trace iterations)``
        over all loops, and the loops with calls, most per iteration first."""
        calls = sum(i.pycalls for i in self.loops)
        iters = sum(_iterations(i) for i in self.loops)
        worst = sorted((i for i in self.loops if i.pycalls),
                       key=lambda i: -i.pycalls / max(_iterations(i), 1))
        return calls, iters, worst

    def as_dict(self):
        """For --stats-json (names as the bench report reads them)."""
        d = dict(vars(self))
        calls, iters, _ = self.native_calls()
        del d["loops"]
        d["native_pycalls"], d["native_iterations"] = calls, iters
        for k in ("record_time", "optimize_time", "compile_time", "compile_thread_time"):
            d[k + "_s"] = d.pop(k)
        d["loops_compiled"] = d.pop("compiled")
        d["native_code_bytes"] = d.pop("code_size")
        from . import explain
        d["native_share"] = explain.share_summary(self.config.observer)
        d["cache"] = _cache_stats()
        return d

    def report(self) -> str:
        Config = self.config
        lines = ["jit:",
                 f"  loops traced {self.traced}, compiled {self.compiled}, aborted {self.aborted}, "
                 f"blacklisted {self.blacklisted}, retraced {self.retraces}",
                 f"  function traces compiled {self.function_traces}, runs to their return "
                 f"{self.function_returns + _native('returns')}; native calls "
                 f"{_native('calls')}, their callees finished in the interpreter "
                 f"{self.callee_exits}",
                 f"  bridges recorded {self.bridges}, aborted {self.bridge_aborts}; attached "
                 f"to their slot {self.bridges_attached}, compiled into their loop again "
                 f"{self.recompiles}",
                 f"  trace ops recorded {self.ops_recorded}, after optimization {self.ops_optimized}",
                 "  optimizer, per pass (ops removed/guards removed/moved out of the body): "
                 + ", ".join(f"{k} {r}/{g}/{m}" + (f" ({a[0]} allocations removed)" if a else "")
                             for k, (r, g, m, *a) in self.opt_counts.items()),
                 f"  entries {self.entries}, guard exits {self.exits}, exceptions {self.exceptions}",
                 f"  time recording {self.record_time * 1e3:.1f} ms, optimizing "
                 f"{self.optimize_time * 1e3:.1f} ms, compiling {self.compile_time * 1e3:.1f} ms "
                 f"({self.compile_thread_time * 1e3:.1f} ms of it on the compile thread)",
                 f"  warm-up: tier-ups {self.tier_ups}, generalized variables "
                 f"{self.generalized}, sent back to tier specialize {self.sent_back}, "
                 f"refused by a budget {self.budget_refusals}, loops postponed under a "
                 f"caller's bridge being compiled {self.postponed}",
                 _cache_line(),
                 f"  native code {self.code_size} bytes ({Config.backend} backend)"]
        from . import explain
        lines += explain.share_lines(explain.share_summary(Config.observer))
        calls, iters, worst = self.native_calls()
        lines.append(f"  trace iterations {iters}; calls from native code into pyjit's Python "
                     f"code {calls} ({calls / max(iters, 1):.3f} per iteration)")
        for info in worst[:10]:
            n = _iterations(info)
            lines.append(f"    {info.pycalls / max(n, 1):8.3f}  {info.name} "
                         f"({info.pycalls} calls, {n} iterations)")
        if self.abort_reasons:
            lines.append("  aborts:")
            for reason, n in sorted(self.abort_reasons.items(), key=lambda kv: -kv[1]):
                lines.append(f"    {n:8d}  {reason}")
        if self.guard_failures:
            lines.append("  guard failures (top 20):")
            for where, n in sorted(self.guard_failures.items(), key=lambda kv: -kv[1])[:20]:
                lines.append(f"    {n:8d}  {where}")
        return "\n".join(lines)




def _native(what) -> int:
    import sys
    nc = sys.modules.get("pyjit.jit.nativecall")
    return 0 if nc is None else getattr(nc, what)()


def _cache_stats():
    import sys
    jobs = sys.modules.get("pyjit.jit.llvm.jobs")
    cache = jobs.CACHE if jobs is not None else None
    return None if cache is None else {"directory": cache.dir, **cache.stats()}


def _cache_line() -> str:
    c = _cache_stats()
    if c is None:
        return "  code cache: off (or nothing compiled)"
    return (f"  code cache {c['directory']}: hits {c['hits']}, misses {c['misses']}, "
            f"stored {c['stores']}, bad entries recompiled {c['bad']}, evicted {c['evicted']}")


def _iterations(info) -> int:
    """Iterations a loop's native code ran (each path's runs end at the label)."""
    return sum(ctypes.c_int64.from_address(a).value for a in info.count_cells)


def count_cells(trace):
    """The counters the native share's ``count`` ops of ``trace`` increment
    (one per path: the loop's body, each bridge)."""
    pending = [trace.ops]
    while pending:
        for op in pending.pop():
            if op.name == "count":
                yield op.args[0].value
            if op.bridge is not None:
                pending.append(op.bridge)


def count_exit(c, info, g, exc, buf):
    """Count an exit of loop ``info``'s code ``c`` by its exit ``g`` (the driver's)."""
    stats = JitStats.config.stats
    stats.entries += 1
    if g in c.returns and exc is None:
        # a function trace's return, or a loop's path returning from its frame:
        # no guard failed
        if info.function:
            stats.function_returns += 1
        else:
            stats.exits += 1
        return
    if exc is not None:
        stats.exceptions += 1
    else:
        stats.exits += 1
    op = c.guard_ops[g]
    where = f"{info.code.co_name}:{op.line} {op.name} (guard {g})"
    stats.guard_failures[where] = stats.guard_failures.get(where, 0) + 1
    JitStats.config.observer.guard_failed(info, c, g, exc, buf)
