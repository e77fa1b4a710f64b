"""Run a program the way ``python3`` would, with its code in the VM.

Sets up ``__main__``, ``sys.argv``, ``sys.path[0]``, the import hook and the
recursion limit; runs the code; then handles the outcome as CPython's
``pymain`` does: an uncaught exception is printed by ``sys.excepthook``
(with pyjit's own frames removed) and exits 1, ``SystemExit`` is left to the
host (same messages and codes), ``KeyboardInterrupt`` ends the process by
SIGINT (exit status 130 in a shell).
"""

from __future__ import annotations

import atexit
import builtins
import importlib.machinery
import importlib.util
import os
import signal
import sys
import types

from . import frames, importer, interp, tracebacks

TIERS = ("interp", "specialize", "jit")


# ---------------------------------------------------------------------------
# the recursion limit: the user sees CPython's limit on VM frames; the host's
# is kept higher because host->VM entries use a few host frames each.

_host_setrecursionlimit = sys.setrecursionlimit
_HOST_FACTOR = 4
_HOST_MARGIN = 400


def _getrecursionlimit():
    return interp.RecursionLimit.value


def _setrecursionlimit(limit):
    if not isinstance(limit, int):
        raise TypeError("'float' object cannot be interpreted as an integer"
                        if isinstance(limit, float) else
                        f"'{type(limit).__name__}' object cannot be interpreted as an integer")
    if limit < 1:
        raise ValueError("recursion limit must be greater or equal than 1")
    depth = interp.thread_state().depth
    if limit <= depth:
        raise RecursionError(f"cannot set the recursion limit to {limit} at the recursion "
                             f"depth {depth}: the limit is too low")
    _host_setrecursionlimit(limit * _HOST_FACTOR + _HOST_MARGIN)
    interp.RecursionLimit.value = limit


def _install_runtime():
    from . import vmbuiltins  # noqa: F401  (fills interp.SPECIAL)
    # Everything the VM imports lazily is imported now: a first import while the
    # program runs would change sys.modules under a loop iterating over it.
    from . import generators  # noqa: F401
    importer.install()
    frames.install()
    interp.RecursionLimit.value = sys.getrecursionlimit()
    _host_setrecursionlimit(interp.RecursionLimit.value * _HOST_FACTOR + _HOST_MARGIN)
    sys.getrecursionlimit = _getrecursionlimit
    sys.setrecursionlimit = _setrecursionlimit


# ---------------------------------------------------------------------------

def _new_main(file=None, loader=None, spec=None):
    main = types.ModuleType("__main__")
    d = main.__dict__
    d["__builtins__"] = builtins
    d["__annotations__"] = {}
    if file is not None:
        d["__file__"] = file
        d["__cached__"] = None
    d["__loader__"] = loader
    d["__spec__"] = spec
    d["__package__"] = spec.parent if spec is not None else None
    sys.modules["__main__"] = main
    return main


def _clean_chain(exc, seen=None):
    """Strip pyjit frames from ``exc`` and the exceptions chained to it."""
    seen = seen if seen is not None else set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        exc.__traceback__ = tracebacks.strip(exc.__traceback__)
        if isinstance(exc, BaseExceptionGroup):
            for sub in exc.exceptions:
                _clean_chain(sub, seen)
        if exc.__cause__ is not None:
            _clean_chain(exc.__cause__, seen)
        exc = exc.__context__


@frames.mark_bottom
def _execute(code, main) -> int:
    from .vmbuiltins import run_code
    # Registered before the program runs, so it runs after the program's own
    # atexit handlers (LIFO).
    atexit.register(_finalize_main, main)
    try:
        run_code(code, main.__dict__, main.__dict__)
    except SystemExit:
        raise
    except BaseException as e:  # uncaught: print as CPython does
        _clean_chain(e)
        exc = e
    else:
        return 0
    try:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    except BaseException as hook_err:
        sys.stderr.write("Error in sys.excepthook:\n")
        _clean_chain(hook_err)
        sys.__excepthook__(type(hook_err), hook_err, hook_err.__traceback__)
        sys.stderr.write("\nOriginal exception was:\n")
        sys.__excepthook__(type(exc), exc, exc.__traceback__)
    if isinstance(exc, KeyboardInterrupt):
        _die_by_sigint()
    return 1


def _finalize_main(main):
    """Release ``__main__``'s globals at exit as CPython's finalization does.

    CPython frees the main module's namespace (a cycle through its functions)
    with the garbage collector, which clears the dict in insertion order while
    the rest of the runtime still works; objects there see ``__del__`` then.
    pyjit's caches also hold the globals (traceback shell frames), and pyjit's
    own modules must still be intact when those finalizers run VM code, so do
    it here, after the program's atexit handlers."""
    tracebacks.forget_shells()
    main.__dict__.clear()


def _die_by_sigint():
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)


def _compile_or_report(source, filename):
    try:
        return compile(source, filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as e:
        sys.excepthook(type(e), e, None)
        return None


def run_file(path: str, args: list[str], tier: str = "jit") -> int:
    abspath = os.path.abspath(path)
    try:
        with open(abspath, "rb") as fh:
            source = fh.read()
    except OSError as e:
        sys.stderr.write(f"pyjit: can't open file {abspath!r}: [Errno {e.errno}] {e.strerror}\n")
        return 2
    if os.path.isdir(abspath):
        sys.stderr.write(f"pyjit: unsupported: running a directory ({abspath!r})\n")
        return 2
    sys.argv[:] = [path] + list(args)
    sys.path[0] = os.path.dirname(os.path.realpath(abspath))
    _install_runtime()
    code = _compile_or_report(source, abspath)
    if code is None:
        return 1
    loader = importlib.machinery.SourceFileLoader("__main__", abspath)
    main = _new_main(abspath, loader)
    return _execute(code, main)


def run_command(source: str, args: list[str], tier: str = "jit") -> int:
    sys.argv[:] = ["-c"] + list(args)
    sys.path[0] = ""
    _install_runtime()
    code = _compile_or_report(source, "<string>")
    if code is None:
        return 1
    main = _new_main(loader=importlib.machinery.BuiltinImporter)
    del main.__dict__["__annotations__"]
    return _execute(code, main)


def run_module(name: str, args: list[str], tier: str = "jit") -> int:
    sys.path[0] = os.getcwd()
    _install_runtime()
    try:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations is not None:
            spec = importlib.util.find_spec(name + ".__main__")
    except (ImportError, ValueError) as e:
        sys.stderr.write(f"pyjit: Error while finding module specification for {name!r} "
                         f"({type(e).__name__}: {e})\n")
        return 1
    if spec is None or spec.loader is None:
        sys.stderr.write(f"pyjit: No module named {name}\n")
        return 1
    code = spec.loader.get_code(spec.name)
    if code is None:
        sys.stderr.write(f"pyjit: No code object available for {name}\n")
        return 1
    sys.argv[:] = [spec.origin] + list(args)
    main = _new_main(spec.origin, spec.loader, spec)
    return _execute(code, main)
