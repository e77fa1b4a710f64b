"""The backend that compiles traces (``--jit-backend``): the LLVM one, imported
at the first compile (llvmlite takes ~30 ms to import: start-up stays the other
tiers'), or the trace interpreter (Python; the reference for op semantics)."""

from __future__ import annotations

from .config import Config

_llvm = None


def backend():
    global _llvm
    if Config.backend == "llvm":
        if _llvm is None:
            # the import statement, not sys.modules: another thread may be importing it
            from . import backend_llvm
            from .llvm import cache, jobs
            jobs.SYNC = Config.sync
            if Config.cache and jobs.CACHE is None:
                jobs.CACHE = cache.open_cache(Config.cache_dir)
            _llvm = backend_llvm
        return _llvm
    if _interp is None:         # (the trace interpreter too: imported when first used,
        _import_interp()        # with the program's patches of the builtins put back)
    return _interp


_interp = None


def _import_interp():
    global _interp
    import importlib
    from .pristine import pristine
    _interp = pristine(importlib.import_module, "pyjit.jit.traceinterp")
