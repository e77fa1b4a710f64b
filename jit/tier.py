"""Tier jit, as a tier object: tier specialize with the JIT's hooks at loop back-edges.

In tier jit the quickener makes every loop back-edge a ``*_JIT`` form that
counts the loop's iterations (:mod:`pyjit.specialize.specializer`); when the
count runs out the specialize loop calls :meth:`Jit.backedge`, and at the header
of a loop that has a trace :meth:`Jit.header` -- the driver's
:func:`~.driver.backedge` and :func:`~.driver.header`, which record, compile
and enter traces (:mod:`.driver`).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.id = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import generators, guards
from pyjit.decode import _decoded
from pyjit.specialize import Specialize

from . import driver
from . import lifecycle
from . import functions
from .loops import LoopInfo, rearm
from . import loopexit  # noqa: F401  (sets loopcall.on_exit)
from . import nativecall, positions
from . import protocols
from . import later
from . import warmup as _warmup   # (the name warmup is the specializer's option here)


class Jit(Specialize):
    name = "jit"

    def __init__(self, warmup=None, stats=False, blocks=True, blocks_log=None, *,
                 threshold=None, trace_limit=None, backend=None, log=None, log_llvm=False,
                 events=False, sync=False, cache=True, cache_dir=None, tier_up=None,
                 passes=None, log_passes=False, function_threshold=None):
        """The specialize tier's options, then the JIT's (``--jit-threshold``,
        ``--trace-limit``, ``--jit-backend``, ``--jit-log`` (an open file or
        None), ``--jit-log-llvm``, ``--jit-opt`` (``passes``: see
        ``opt.select``), ``--jit-log-passes``; ``events``: the JIT counts its
        figures for the event log even without ``stats``; the warm-up's
        (:mod:`.warmup`): ``--jit-sync``, ``--jit-cache DIR`` / ``--no-jit-cache``
        (``cache``), ``--jit-tier-up N`` (iterations of the first code before the
        loop is compiled again optimized; 0: never))."""
        super().__init__(warmup, stats, blocks, blocks_log)
        guards.keep_inline_values()   # (the recorder's attribute fast paths need them)
        jc = driver.Config
        jc.threshold = threshold or jc.threshold
        jc.trace_limit = trace_limit or jc.trace_limit
        jc.backend = backend or jc.backend
        if passes is not None:
            from . import opt
            jc.passes = opt.select(passes)
        jc.log = log
        jc.log_llvm = log_llvm
        jc.log_passes = log_passes
        jc.stats = driver.JitStats() if stats or events else None
        jc.sync = jc.sync or sync
        jc.cache = cache
        jc.cache_dir = cache_dir
        if tier_up is not None:
            jc.tier_up = tier_up > 0
            _warmup.TIER_UP_AFTER = max(tier_up, 1)
        _warmup.TIER_UP_PAYS = tier_up is None   # (N given: after N, as counted)
        later.note_baseline()   # (the recorder is imported when a loop gets hot: jit/later.py)
        later.on_load(self._see_recordings)
        self.config.jit_threshold = jc.threshold  # (the quickener makes *_JIT back-edges)
        # (and RESUME_JIT function entries; 0: no function traces)
        jc.function_threshold = jc.FUNCTION_THRESHOLD if function_threshold is None \
            else max(function_threshold, 0)
        self.config.jit_function_threshold = jc.function_threshold or None
        # coroutines resumed by host code (send) enter their resumption traces
        # without an eval loop first (jit/functions.resumed)
        generators.RESUMED = functions.resumed if jc.function_threshold else None

    backedge = staticmethod(driver.backedge)
    header = staticmethod(driver.header)
    function_entry = staticmethod(functions.function_entry)
    # frame views see into the recorder's real frames and the frames a trace inlined
    compiled_runners = {driver._enter.__code__: positions.running,
                        protocols.run_nested.__code__: positions.nested,
                        nativecall.run.__code__: positions.native}

    @classmethod
    def _see_recordings(cls):
        from .recorder import Recorder
        cls.compiled_runners[Recorder.run.__code__] = positions.recording

    def function_changed(self, reason):
        """Drop every compiled trace (a function's code or defaults changed: inlined
        callees are identified by their function object only)."""
        # traces live in caches of quickened code; walking them all is rare enough
        n = 0
        for dec in list(_decoded.values()):
            q = dec.extra
            if q is None:
                continue
            for k, c in enumerate(q.caches):
                if isinstance(c, LoopInfo) and c.jb_pc == k and \
                        (c.compiled is not None or c.pending is not None):
                    lifecycle.forget(c, q)
                    rearm(c, q, driver.Config.threshold)
                    n += 1
        driver.Config.observer.invalidated(reason, n)

    def stats_report(self):
        return super().stats_report() + driver.Config.stats.report() + "\n"

    def stats_dict(self):
        d = super().stats_dict()
        d["jit"] = driver.Config.stats.as_dict()  # (the JIT's figures join the specializer's)
        return d

    def finish(self):
        driver.finish()
