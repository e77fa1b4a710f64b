"""The driver's settings (:class:`Config`, set from the command line by the tier
object) and what every part of the driver reports through them: the log
(``--jit-log``) and the count of each exit of compiled code (``--stats``, the
observers)."""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import os

from . import ir
from . import observer


class Config:
    """Set by the tier object (:class:`pyjit.jit.tier.Jit`) from the command line."""
    threshold = 1000
    # calls before a function without a loop is traced from entry to return (0:
    # never).  Its trace is compiled only where calls of it are native
    # (nativecall.unpaid: a recursion, a native call site); the count chosen by
    # measurement (notes/performance.md, "function traces on by default")
    FUNCTION_THRESHOLD = 1000
    function_threshold = FUNCTION_THRESHOLD
    trace_limit = 2000   # (LLVM's compile time grows faster than linearly with size)
    backend = "llvm"
    log = None           # an open text file, or None
    log_llvm = False
    log_passes = False   # --jit-log-passes: the trace after every optimizer pass
    passes = None        # optimizer passes (None: all)
    verify = False       # run the IR verifier on every trace (tests)
    stats = None         # JitStats when --stats or --stats-json
    observer = observer.NULL   # told of every event (--jit-events, explain, report, API)
    shadow = None        # --verify: runs each compiled trace beside its recording
    # --jit-sync: compile on the main thread, at once (deterministic); PYJIT_JIT_SYNC=1
    # makes it the default (the test suite's, which runs the corpus both ways)
    sync = os.environ.get("PYJIT_JIT_SYNC", "0") not in ("", "0")
    cache = True         # the persistent code cache (--no-jit-cache: off)
    cache_dir = None     # --jit-cache DIR (None: the default, llvm.cache.default_dir())
    tier_up = True       # compile loops that stay hot again, optimized (warmup.TIER_UP_AFTER)


def log(text):
    log = Config.log
    if log is not None:
        log.write(text)


def log_trace(title, trace):
    """Log a trace's text (formatting it only when there is a log: traces are big)."""
    if Config.log is not None:
        Config.log.write(f"{title}\n{ir.format(trace)}")
