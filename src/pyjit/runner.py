"""Run a program the way ``python3`` would, with its code in the VM.

Sets up ``__main__``, ``sys.argv``, ``sys.path[0]``, the import hook and the
recursion limit; runs the code; then handles the outcome as CPython's
``pymain`` does: an uncaught exception is printed by ``sys.excepthook``
(with pyjit's own frames removed) and exits 1, ``SystemExit`` is left to the
host (same messages and codes), ``KeyboardInterrupt`` ends the process by
SIGINT (exit status 130 in a shell).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import atexit
import builtins
import importlib.machinery
import importlib.util
import os
import signal
import sys
import types

from . import deferred, frames, hostroom, importer, tiers, tracebacks, tracing
from .errors import VMError
from .frame import RecursionLimit, thread_state
from .typelookup import (exc_context, exc_traceback, set_exc_traceback, type_dict,
                         type_flags, type_name)


# ---------------------------------------------------------------------------
# the recursion limit: the user sees CPython's limit on VM frames; the host's is
# the same plus a margin, and each host->VM entry gives back the host frames
# pyjit used (pyjit.hostroom), so that C code recursing by itself stops where it
# would in CPython.  (Without the host's counter, the old way: the host's limit
# far above, which host->VM entries never reach -- nor does C code.)

_host_setrecursionlimit = sys.setrecursionlimit
_HOST_FACTOR = 8  # host frames and C-level guards per host->VM re-entry, with room
_HOST_MARGIN = 400


def host_limit(limit):
    """The host's recursion limit for the program's ``limit``."""
    if hostroom.OK:
        return limit + hostroom.MARGIN
    return limit * _HOST_FACTOR + _HOST_MARGIN


def _getrecursionlimit():
    return RecursionLimit.value


def _setrecursionlimit(limit):
    if not issubclass(type(limit), int):
        raise TypeError("'float' object cannot be interpreted as an integer"
                        if issubclass(type(limit), float) else
                        f"'{type_name(type(limit))}' object cannot be interpreted as an integer")
    if limit < 1:
        raise ValueError("recursion limit must be greater or equal than 1")
    depth = thread_state().depth + 1  # CPython counts this call too
    if limit <= depth:
        raise RecursionError(f"cannot set the recursion limit to {limit} at the recursion "
                             f"depth {depth}: the limit is too low")
    _host_setrecursionlimit(host_limit(limit))
    RecursionLimit.value = limit
    nc = sys.modules.get("pyjit.jit.nativecall")
    if nc is not None:
        nc.COUNTERS[nc.LIMIT] = limit   # (native call sites read the limit there)


def _install_runtime(options=None):
    # The tier, and everything the VM would import lazily, are imported now: a
    # first import while the program runs would change sys.modules under a loop
    # iterating over it.  (llvmlite, ~30 ms, is the exception: imported at the
    # first compile.)
    tier = tiers.select(_make_tier(options))
    importer.install()
    tracing.native(importer.host_exec, importer._host_exec)
    tracing.native(importer.host_eval, importer._host_eval)
    # host code that executes the program's code (runpy, cProfile, pdb, timeit,
    # doctest, loaders...) runs it in the VM
    importer.install_host_exec()
    import warnings
    tracing.native(frames.getframe, sys._getframe)
    tracing.native(frames.warn, warnings.warn)
    frames.install()
    tracing.install()
    # coverage's C tracer sets the host's hook in C (it would see pyjit's frames);
    # its Python tracer calls sys.settrace, which reports the program's
    os.environ.setdefault("COVERAGE_CORE", "pytrace")
    if "_lsprof" not in sys.modules:
        # cProfile's profiler, from the program's events (the C one sees pyjit's frames)
        from . import lsprof
        sys.modules["_lsprof"] = lsprof
    RecursionLimit.value = sys.getrecursionlimit()
    _host_setrecursionlimit(host_limit(RecursionLimit.value))
    sys.getrecursionlimit = tracing.native(_getrecursionlimit, sys.getrecursionlimit)
    sys.setrecursionlimit = tracing.native(_setrecursionlimit, sys.setrecursionlimit)
    # registered before the program runs: they run after everything it does (LIFO)
    atexit.register(tier.finish)
    _resume_gc(options)
    to_stderr = bool(getattr(options, "stats", False))
    json_path = getattr(options, "stats_json", None)
    if to_stderr or json_path:
        atexit.register(_report_stats, tier, to_stderr, json_path)


def _resume_gc(options):
    """The collector, paused while pyjit started (cli.cmd_run), runs again --
    over the program's objects: what the start-up made is frozen
    (vmbuiltins.freeze_startup)."""
    if getattr(options, "gc_paused", False):
        options.gc_paused = False
        import gc
        from .vmbuiltins import freeze_startup
        freeze_startup()
        gc.enable()


def _make_tier(options):
    """The tier object ``--tier`` names, with its options."""
    name = getattr(options, "tier", "jit")
    if name == "interp":
        from .interp import Interp
        return Interp()
    # (explain and the report count instructions for the native share too)
    tier_options = dict(
        warmup=getattr(options, "specialize_warmup", None),
        stats=bool(getattr(options, "stats", False) or getattr(options, "stats_json", None)
                   or getattr(options, "explain", None) or getattr(options, "jit_report", None)
                   or getattr(options, "native_share", False)),   # (the Python API's)
        blocks=not getattr(options, "no_blocks", False),
        blocks_log=_log_file(getattr(options, "blocks_log", None)))
    if name == "specialize":
        from .specialize import Specialize
        return Specialize(**tier_options)
    from .jit import driver, observer
    from .jit.tier import Jit
    tier = Jit(**tier_options,
               threshold=getattr(options, "jit_threshold", None),
               function_threshold=getattr(options, "jit_function_threshold", None),
               trace_limit=getattr(options, "trace_limit", None),
               passes=getattr(options, "jit_opt", None),
               backend=getattr(options, "jit_backend", None),
               log=_log_file(getattr(options, "jit_log", None)),
               log_llvm=bool(getattr(options, "jit_log_llvm", False)),
               events=bool(getattr(options, "jit_events", None)),
               log_passes=bool(getattr(options, "jit_log_passes", False)),
               sync=bool(getattr(options, "jit_sync", False)),
               cache=not getattr(options, "no_jit_cache", False),
               cache_dir=getattr(options, "jit_cache", None),
               tier_up=getattr(options, "jit_tier_up", None))
    observer.install(options, driver.Config, sys.argv, "jit")   # --jit-events, explain, report, --verify
    return tier


def _log_file(path):
    """A ``--*-log FILE`` option: None, stderr for ``-``, or the file opened."""
    if not path:
        return None
    return sys.stderr if path == "-" else open(path, "w", encoding="utf-8")


def _report_stats(tier, to_stderr, json_path):
    if tier.stats_dict() is None:
        return  # (tier interp counts nothing)
    if to_stderr:
        sys.stderr.write(tier.stats_report())
    if json_path:
        import json
        with open(json_path, "w", encoding="utf-8") as fh:
            json.dump(tier.stats_dict(), fh, indent=2, sort_keys=True)
            fh.write("\n")


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
        set_exc_traceback(exc, tracebacks.strip(exc_traceback(exc)))
        if issubclass(type(exc), BaseExceptionGroup):
            for sub in exc.exceptions:
                _clean_chain(sub, seen)
        if exc.__cause__ is not None:
            _clean_chain(exc.__cause__, seen)
        exc = exc_context(exc)


@frames.mark_bottom
def _execute(main, body) -> int:
    """Run ``body()`` (the program) as CPython's pymain would run it."""
    # Registered before the program runs, so it runs after the program's own
    # atexit handlers (LIFO).
    atexit.register(_finalize_main, main)
    try:
        try:
            body()
        finally:
            # finalizers the compile thread deferred (pyjit.deferred) ran before
            # the program's end in CPython
            deferred.drain()
    except (SystemExit, VMError):
        raise  # (a VMError is pyjit's bug: its whole traceback, pyjit's frames too)
    except BaseException as e:  # uncaught: print as CPython does
        _clean_chain(e)
        exc = e
    else:
        return 0
    try:
        sys.excepthook(type(exc), exc, exc_traceback(exc))
    except BaseException as hook_err:
        sys.stderr.write("Error in sys.excepthook:\n")
        _clean_chain(hook_err)
        sys.__excepthook__(type(hook_err), hook_err, exc_traceback(hook_err))
        sys.stderr.write("\nOriginal exception was:\n")
        sys.__excepthook__(type(exc), exc, exc_traceback(exc))
    if issubclass(type(exc), KeyboardInterrupt):
        _die_by_sigint()
    return 1


def _run_code_in(code, main):
    from .vmbuiltins import run_code
    return _execute(main, lambda: run_code(code, main.__dict__, main.__dict__))


def _finalize_main(main):
    """Release ``__main__``'s globals at exit, close to CPython's finalization.

    CPython's last collection finds the main namespace garbage (a cycle
    through its functions) and runs the finalizers there -- ``__del__``,
    suspended generators' ``finally`` -- with every global still bound; then
    the dict is cleared.  Emulated here, after the program's atexit handlers
    while pyjit's own modules are intact (the finalizers run VM code): one
    collection for what was garbage already; then the namespace's objects that
    finalize (a ``__del__``, a suspended generator), in insertion order, each
    released while the rest -- modules, functions, classes, data -- stays
    bound; then containers holding such objects directly; then the dict is
    cleared (clearing it first made those ``__del__`` methods raise NameError).
    The order of finalizers within CPython's collection follows its generation
    lists, which nothing here can reproduce in general (notes/design.md).
    Not when a suspended frame's trace function holds the namespace: CPython's
    collector never frees it then (frames.held_by_frame_traces)."""
    deferred.drain()
    d = main.__dict__
    if frames.held_by_frame_traces(d):
        # the host's own collector would free it at its exit: keep it, as CPython
        import ctypes
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(d))
        return
    import gc
    gc.collect()
    _finalize_in_gc_order(d)
    for pick in (_finalizes, _holds_finalizing):
        for name in [k for k, v in d.items() if type(k) is str and k[:2] != "__" and pick(v)]:
            d.pop(name, None)
    d.clear()


def _finalize_in_gc_order(d) -> None:
    """CPython's last collection finds ``__main__``'s namespace garbage and runs
    every finalizer there (``finalize_garbage``) before it frees anything, in
    the order of the collector's list -- allocation order, as reshuffled by the
    full collection just before (an object reached only through one allocated
    after it is moved to the list's end: ``z = D(4, D(5))`` finalizes 5 after
    every other object of the namespace).  The host's collector keeps the same
    list for the program's objects, and ``gc.collect()`` above reshuffled it
    the same way: so the finalizing objects reachable from the namespace
    (through containers and instances; not modules, classes, functions) are
    finalized in that list's order (``PyObject_CallFinalizer``: once, marked as
    CPython's collector marks them), all kept alive until the last has run;
    releasing them afterwards runs no ``__del__`` again."""
    import gc
    from .function import Function
    from .generators import _GenBase
    skip = (type, types.ModuleType, types.FunctionType, Function, types.CodeType,
            types.FrameType, types.BuiltinFunctionType)
    found, seen, todo = [], {id(d)}, [v for v in d.values() if gc.is_tracked(v)]
    budget = _WALK_BUDGET   # (a program's big data: released as before, not walked)
    try:
        while todo:
            o = todo.pop()
            if id(o) in seen:
                continue
            seen.add(id(o))
            t = type(o)     # (never isinstance(): a dead weak proxy raises)
            if issubclass(t, skip):
                continue
            if _finalizes(o) and type_flags(t) & _HAVE_GC:   # (else no "finalized" mark)
                found.append(o)
            mod = type_dict(t).get("__module__")
            if issubclass(t, _GenBase) or (type(mod) is str and (
                    mod in ("pyjit", "jit") or mod.startswith(("pyjit.", "jit.")))):
                continue    # (pyjit's own objects: not walked)
            if t is dict and "__builtins__" in o:    # (another module's namespace)
                continue
            refs = gc.get_referents(o)
            budget -= len(refs)
            if budget < 0:
                return
            todo.extend(x for x in refs if gc.is_tracked(x))
    except Exception:       # (the program's objects: whatever they do, exit goes on)
        return
    if len(found) < 2:
        return      # (one: released as before, the same order)
    want = {id(o) for o in found}
    order = {}
    for gen in (2, 1, 0):
        for o in gc.get_objects(gen):
            if id(o) in want and id(o) not in order:
                order[id(o)] = len(order)
    found.sort(key=lambda o: order.get(id(o), len(order)))
    import ctypes
    call = ctypes.pythonapi.PyObject_CallFinalizer
    call.argtypes, call.restype = (ctypes.py_object,), None
    for o in found:
        call(ctypes.py_object(o))   # (by hand: ctypes' conversion asks o its __class__)


_HAVE_GC = 1 << 14     # Py_TPFLAGS_HAVE_GC
_WALK_BUDGET = 200_000


def _finalizes(obj) -> bool:
    """Does ``obj`` run code when it dies (a ``__del__``; a generator, coroutine
    or async generator that has not finished)?"""
    from .generators import _GenBase
    cls = type(obj)     # (never obj's own attributes: a dead weak proxy raises)
    if issubclass(cls, _GenBase):    # (closing one not started or finished runs nothing)
        return obj.started and obj.frame is not None and obj.frame.pc >= 0
    try:
        return hasattr(cls, "__del__")
    except Exception:   # (a metaclass's __getattr__)
        return False


def _holds_finalizing(obj) -> bool:
    if type(obj) in (list, tuple, set, frozenset):
        return any(_finalizes(x) for x in obj)
    if type(obj) is dict:
        return any(_finalizes(x) for x in obj.values())
    return False


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
        set_exc_traceback(e, None)  # CPython reports a compile error with no traceback
        sys.excepthook(type(e), e, None)
        return None


def _absolute(path):
    # CPython makes the script path absolute without normalizing it ("/d/./x.py").
    return path if os.path.isabs(path) else os.path.join(os.getcwd(), path)


def run_file(path: str, args: list[str], options=None) -> int:
    if path == "-":
        return _run_source(sys.stdin.buffer.read(), "<stdin>", ["-"] + list(args), options)
    abspath = _absolute(path)
    if os.path.isdir(abspath):
        return _run_directory(path, abspath, args, options)
    try:
        with open(abspath, "rb") as fh:
            source = fh.read()
    except OSError as e:
        sys.stderr.write(f"pyjit: can't open file {abspath!r}: [Errno {e.errno}] {e.strerror}\n")
        _resume_gc(options)
        return 2
    sys.argv[:] = [path] + list(args)
    sys.path[0] = os.path.dirname(os.path.realpath(abspath))
    _install_runtime(options)
    code = _compile_or_report(source, abspath)
    if code is None:
        return 1
    loader = importlib.machinery.SourceFileLoader("__main__", abspath)
    return _run_code_in(code, _new_main(abspath, loader))


def _run_source(source, filename, argv, options):
    sys.argv[:] = argv
    sys.path[0] = ""
    _install_runtime(options)
    code = _compile_or_report(source, filename)
    if code is None:
        return 1
    main = _new_main(filename if filename == "<stdin>" else None,
                     loader=importlib.machinery.BuiltinImporter)
    if filename == "<string>":
        del main.__dict__["__annotations__"]  # as `python3 -c` has none
    importer.add_program_namespace(main.__dict__)
    return _run_code_in(code, main)


def run_command(source: str, args: list[str], options=None) -> int:
    return _run_source(source, "<string>", ["-c"] + list(args), options)


def _run_directory(path, abspath, args, options):
    """``python3 DIR``: run DIR/__main__.py with DIR first on sys.path (as runpy does)."""
    import runpy
    sys.argv[:] = [path] + list(args)
    sys.path[0] = abspath
    _install_runtime(options)
    main = _new_main()
    try:
        runpy._get_main_module_details(runpy._Error)
    except runpy._Error as e:
        sys.stderr.write(f"pyjit: {e}\n")
        return 1
    return _execute(main, lambda: runpy._run_module_as_main("__main__", alter_argv=False))


def run_module(name: str, args: list[str], options=None) -> int:
    """``python3 -m NAME``: runpy runs it; a user module's body runs in the VM
    (pyjit's loader hands runpy a trampoline), so the frames are CPython's."""
    import runpy
    sys.argv[:] = ["-m"] + list(args)  # runpy puts the module's path in argv[0]
    sys.path[0] = os.getcwd()
    _install_runtime(options)
    main = _new_main()
    try:
        runpy._get_module_details(name, runpy._Error)
    except runpy._Error as e:
        sys.stderr.write(f"pyjit: {e}\n")
        return 1
    return _execute(main, lambda: runpy._run_module_as_main(name))
