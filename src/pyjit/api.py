"""pyjit from a normal Python process: ``@pyjit.jit``, ``status``, ``set_param``, hooks, ``explain``.

::

    import pyjit

    @pyjit.jit                        # or @pyjit.jit(tier="jit", threshold=200)
    def work(n):
        ...

    work(10**6)                       # runs in pyjit's VM, hot loops compiled
    pyjit.status()                    # traces, native share (with statistics), memory
    pyjit.explain(work)               # what `pyjit explain` says, as a dict

A decorated function is replaced by a :class:`Jitted` wrapper.  Its first call
sets the VM up in this process (once: the tier, with statistics or not, is the
process's; ``set_param`` changes thresholds and limits at any time) and turns
the *program's* functions it can reach into VM functions: the decorated
function and what its code names -- globals, and attributes of program
modules it names -- that are program functions or classes (every method,
static and class method and property of a class) are rebound, where they are
found, to VM functions made from the same code, globals, defaults and closure,
and so on through the code of those, transitively: what the function calls in
program code runs in the VM, as under ``pyjit run``.  (An object of a program
class that reaches the function only as an argument keeps its class's native
methods unless that class is named somewhere on the way.)  "Program code" is code from a file outside the
standard library, site-packages and pyjit itself (the import hook's rule).
The VM functions are host callables with ``types.FunctionType``'s surface, so
the rest of the process keeps calling them as before (they run in the VM).
Standard-library and installed-package code, and code generated with ``exec``
by libraries, runs natively, as under ``pyjit run``; so do program modules
imported only later (no import hook is installed in the process).

Results and exceptions are the normal ones (tracebacks show the program's
frames, not pyjit's); generators, recursion and callbacks from host code work
as in ``pyjit run``.  The recursion limit pyjit enforces is the one the
process had when pyjit was set up (the host's own limit is raised to leave room
for host-to-VM entries).

Importing :mod:`pyjit` does not import this module; the VM, the JIT and
llvmlite are imported by the first call of a jitted function (llvmlite by the
first compile).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.id = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import functools
import sys
import threading
import types
from .typelookup import type_name

TIERS = ("interp", "specialize", "jit")

_lock = threading.RLock()
_state = None          # _Runtime once the VM is set up
_params = {"tier": "jit", "stats": False, "threshold": None, "trace_limit": None,
           "backend": None}
_hooks = {"compile": [], "abort": [], "guard_failure": []}


class _Runtime:
    def __init__(self, tier, stats):
        self.tier = tier
        self.stats = stats
        self.converted: dict[int, object] = {}   # id(host function) -> VM function
        self.keep: list = []                     # the host functions (their ids stay theirs)
        self.walked: set[int] = set()            # code objects whose names were followed
        self.classes: set[int] = set()           # program classes converted
        self.modules: set[int] = set()           # program modules whose attributes were
        self.observer = None
        self.collector = None


# ---------------------------------------------------------------------------
# parameters and hooks


def set_param(name: str, value) -> None:
    """Set a JIT parameter: ``threshold`` (iterations before a loop is traced),
    ``trace_limit`` (longest trace, in IR ops), ``backend`` ("llvm" or "interp")
    at any time; ``tier`` and ``stats`` (count instructions: the native share in
    :func:`status`, slower interpretation) before the first jitted call."""
    if name not in _params:
        raise ValueError(f"pyjit: unknown parameter {name!r}; the parameters are "
                         f"{sorted(_params)}")
    if name in ("threshold", "trace_limit"):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"pyjit: {name} must be an int of at least 1, not {value!r}")
    elif name == "backend":
        if value not in ("llvm", "interp"):
            raise ValueError(f"pyjit: backend must be 'llvm' or 'interp', not {value!r}")
    elif name == "tier":
        if value not in TIERS:
            raise ValueError(f"pyjit: tier must be one of {TIERS}, not {value!r}")
    elif name == "stats":
        value = bool(value)
    with _lock:
        if name in ("tier", "stats") and _state is not None and \
                getattr(_state, name) != value:
            raise RuntimeError(f"pyjit: {name} is chosen once per process, before the "
                               f"first jitted call (it is {getattr(_state, name)!r})")
        _params[name] = value
        if _state is not None:
            _apply_params()


def _apply_params():
    if _state.tier != "jit":
        return
    from .jit import driver
    from .specialize import specializer
    c = driver.Config
    if _params["threshold"] is not None:
        c.threshold = specializer.CONFIG.jit_threshold = _params["threshold"]
    if _params["trace_limit"] is not None:
        c.trace_limit = _params["trace_limit"]
    if _params["backend"] is not None:
        c.backend = _params["backend"]


def _hook(kind):
    def register(fn):
        """Call ``fn(event)`` (a dict of the event log's schema, notes/observability.md)
        at each such event; returns ``fn`` (usable as a decorator)."""
        if not callable(fn):
            raise TypeError(f"pyjit: a hook must be callable, not {type_name(type(fn))}")
        _hooks[kind].append(fn)
        return fn
    register.__name__ = f"on_{kind}"
    return register


on_compile = _hook("compile")
on_abort = _hook("abort")
on_guard_failure = _hook("guard_failure")
_HOOK_OF = {"trace_compiled": "compile", "trace_aborted": "abort", "bridge_aborted": "abort",
            "guard_failure": "guard_failure"}


def _dispatch(event, objects):
    kind = _HOOK_OF.get(event["event"])
    if kind is None:
        return
    for fn in list(_hooks[kind]):
        try:
            fn(dict(event))
        except Exception as e:   # a hook's bug must not break the JIT running the program
            sys.stderr.write(f"pyjit: exception in an on_{kind} hook {fn!r}: "
                             f"{type_name(type(e))}: {e}\n")


# ---------------------------------------------------------------------------
# setting the VM up


def _runtime():
    global _state
    with _lock:
        if _state is not None:
            return _state
        tier, stats = _params["tier"], _params["stats"]
        opts = types.SimpleNamespace(tier=tier, stats=False, stats_json=None,
                                     native_share=stats, no_blocks=False,
                                     specialize_warmup=None,
                                     jit_threshold=_params["threshold"],
                                     trace_limit=_params["trace_limit"],
                                     jit_backend=_params["backend"], jit_log=None,
                                     jit_log_llvm=False, blocks_log=None)
        from . import frames, runner, tiers
        from .frame import RecursionLimit
        st = _Runtime(tier, stats)
        tiers.select(runner._make_tier(opts))
        frames.install()
        RecursionLimit.value = sys.getrecursionlimit()
        sys.setrecursionlimit(max(sys.getrecursionlimit(),
                                  RecursionLimit.value * runner._HOST_FACTOR
                                  + runner._HOST_MARGIN))
        if tier == "jit":
            from .jit import driver, explain, observer
            c = driver.Config
            if c.stats is None:
                c.stats = driver.JitStats()      # (counters only: cheap)
            obs = c.observer
            if not isinstance(obs, observer.EventObserver):
                obs = c.observer = observer.EventObserver(c)
                obs.start(sys.argv, tier)
            st.collector = explain.Collector()
            obs.subscribe(st.collector)
            obs.subscribe(_dispatch)
            st.observer = obs
        _state = st
        _apply_params()
        return st


# ---------------------------------------------------------------------------
# program code becomes VM code


_native_roots = None


def _is_program_file(filename: str) -> bool:
    """Code from a file outside the standard library, site-packages and pyjit."""
    global _native_roots
    if not filename or filename.startswith("<"):
        return False
    import os
    if _native_roots is None:
        from .importer import _native_roots as roots
        _native_roots = roots()
    return not (os.path.realpath(filename) + os.sep).startswith(_native_roots)


def _vm_function(st, fn):
    """The VM function for host function ``fn`` (made once)."""
    vf = st.converted.get(id(fn))
    if vf is not None:
        return vf
    from .function import Function
    vf = Function(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__,
                  fn.__kwdefaults__, dict(fn.__annotations__) if fn.__annotations__ else None,
                  fn.__qualname__)
    vf.doc = fn.__doc__
    vf.module = fn.__module__
    vf.__dict__.update(fn.__dict__)
    st.converted[id(fn)] = vf
    st.keep.append(fn)
    return vf


def _convertible(obj) -> bool:
    return type(obj) is types.FunctionType and _is_program_file(obj.__code__.co_filename)


def _convert_value(st, v, todo):
    """The VM version of ``v`` (a program function, or a descriptor wrapping
    one), or None; what the new function's code reaches goes to ``todo``."""
    if isinstance(v, Jitted):
        v = v.__wrapped__
    if _convertible(v):
        todo.append(v)
        return _vm_function(st, v)
    if isinstance(v, (staticmethod, classmethod)) and _convertible(v.__func__):
        todo.append(v.__func__)
        return type(v)(_vm_function(st, v.__func__))
    if isinstance(v, property) and any(_convertible(f) for f in (v.fget, v.fset, v.fdel)):
        parts = []
        for f in (v.fget, v.fset, v.fdel):
            if _convertible(f):
                todo.append(f)
                f = _vm_function(st, f)
            parts.append(f)
        return property(*parts, v.__doc__)
    return None


def _convert_class(st, cls, todo):
    """Every method of a program class (which of them a call reaches is not
    known before it runs)."""
    if id(cls) in st.classes:
        return
    st.classes.add(id(cls))
    st.keep.append(cls)
    for name, v in list(vars(cls).items()):
        new = _convert_value(st, v, todo)
        if new is not None:
            try:
                setattr(cls, name, new)
            except (TypeError, AttributeError):
                pass   # (a class that refuses: that method stays native)
        elif isinstance(v, type) and _is_program_class(v):
            _convert_class(st, v, todo)
    for base in cls.__mro__[1:]:
        if _is_program_class(base):
            _convert_class(st, base, todo)


def _convert_reachable(st, fn):
    """Rebind, where they are found, the program functions and classes that
    ``fn``'s code names (globals, and attributes of program modules), then what
    their code names, transitively."""
    todo = [fn]
    while todo:
        f = todo.pop()
        code = getattr(f, "__code__", None)
        if code is None or id(code) in st.walked:
            continue
        st.walked.add(id(code))
        st.keep.append(code)
        g = f.__globals__
        names = set()
        codes = [code]
        while codes:
            c = codes.pop()
            names.update(c.co_names)
            codes.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
        for name in names:
            v = g.get(name)
            if v is None:
                continue
            _convert_name(st, g, name, v, todo, names)


def _convert_name(st, ns, name, v, todo, names):
    new = _convert_value(st, v, todo)
    if new is not None:
        ns[name] = new
    elif isinstance(v, type) and _is_program_class(v):
        _convert_class(st, v, todo)
    elif isinstance(v, types.ModuleType) and _is_program_file(getattr(v, "__file__", "") or ""):
        if id(v) in st.modules:
            return
        st.modules.add(id(v))
        d = vars(v)
        for attr in names:       # (mod.f: attribute names are in co_names too)
            w = d.get(attr)
            if w is not None and not isinstance(w, types.ModuleType):
                _convert_name(st, d, attr, w, todo, names)


def _is_program_class(cls) -> bool:
    mod = sys.modules.get(getattr(cls, "__module__", None) or "")
    return mod is not None and _is_program_file(getattr(mod, "__file__", None) or "")


# ---------------------------------------------------------------------------
# the decorator


class Jitted:
    """A function to be run by pyjit (what ``@pyjit.jit`` returns)."""

    def __init__(self, fn, threshold=None):
        if type(fn) is not types.FunctionType:
            raise TypeError(f"pyjit.jit: unsupported: {type_name(type(fn))} objects "
                            "(decorate a plain def or lambda)")
        functools.update_wrapper(self, fn)
        self._threshold = threshold
        self._vm = None

    def _prepare(self):
        st = _runtime()
        fn = self.__wrapped__
        with _lock:
            vf = _vm_function(st, fn)
            _convert_reachable(st, fn)
            g = fn.__globals__
            if g.get(fn.__name__) is self:
                g[fn.__name__] = vf   # (VM code calling it pushes a frame: no host entry)
            self._vm = vf
        return vf

    def __call__(self, *args, **kwargs):
        try:
            vf = self._vm or self._prepare()
            if self._threshold is None:
                return vf(*args, **kwargs)
            return _with_threshold(self._threshold, vf, args, kwargs)
        except BaseException as e:
            from .tracebacks import leave_vm
            leave_vm(e)     # (no pyjit frame, this one included, in what the caller sees)
            raise

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return types.MethodType(self, obj)

    def __repr__(self):
        return f"<pyjit.jit {self.__wrapped__.__qualname__}>"


def _with_threshold(threshold, vf, args, kwargs):
    """Call with a loop threshold of its own (code first run during the call
    counts its loops from it; afterwards the process's threshold is back)."""
    if _state.tier != "jit":
        return vf(*args, **kwargs)
    from .jit import driver
    from .specialize import specializer
    with _lock:
        saved = driver.Config.threshold, specializer.CONFIG.jit_threshold
        driver.Config.threshold = specializer.CONFIG.jit_threshold = threshold
    try:
        return vf(*args, **kwargs)
    finally:
        with _lock:
            driver.Config.threshold, specializer.CONFIG.jit_threshold = saved


def jit(fn=None, *, tier=None, threshold=None):
    """Run ``fn`` (and the program code it calls) in pyjit's VM.  As ``@pyjit.jit``
    or ``@pyjit.jit(tier="jit", threshold=N)``: ``tier`` is the process's (chosen
    by the first jitted call; a different one later is an error), ``threshold``
    applies to the loops first run during calls of this function."""
    if tier is not None:
        set_param("tier", tier)
    if threshold is not None and (not isinstance(threshold, int) or threshold < 1):
        raise ValueError(f"pyjit.jit: threshold must be an int of at least 1, not {threshold!r}")
    if fn is None:
        return lambda f: Jitted(f, threshold)
    return Jitted(fn, threshold)


# ---------------------------------------------------------------------------
# what happened


def status() -> dict:
    """What the JIT did so far in this process: loops, traces, bridges, entries,
    exits, time, native code and memory, and the native share (with
    ``set_param("stats", True)``; None otherwise)."""
    st = _state
    if st is None:
        return {"tier": _params["tier"], "running": False}
    out = {"tier": st.tier, "running": True, "native_share": None}
    if st.tier != "jit":
        return out
    from .jit import driver
    s = driver.Config.stats
    loops, functions = {}, {}
    for n, info in st.observer.loops.values():
        key = "compiled" if info.compiled is not None else "not compiled"
        # (function traces apart: most hot functions are sent back -- compiled
        # only where calls of them are native -- which says nothing of the loops)
        d = functions if info.function else loops
        d[key] = d.get(key, 0) + 1
    out.update({"loops": loops, "function_traces": functions,
                "traces_compiled": s.compiled, "aborted": s.aborted,
                "blacklisted": s.blacklisted, "bridges": s.bridges, "entries": s.entries,
                "guard_exits": s.exits, "exceptions": s.exceptions,
                "record_s": s.record_time, "optimize_s": s.optimize_time,
                "compile_s": s.compile_time,
                "memory": {"native_code_bytes": s.code_size}})
    totals = st.observer.totals()
    if totals is not None:
        out["native_share"] = totals.share
        out["instructions"] = totals.total
    out["memory"].update(_memory())
    return out


def _memory() -> dict:
    """The quickened arrays and caches pyjit keeps per code object."""
    from .decode import _decoded
    n = arrays = caches = 0
    for dec in list(_decoded.values()):
        q = dec.extra
        if q is None or not hasattr(q, "caches"):
            continue
        n += 1
        arrays += sys.getsizeof(q.ops) + sys.getsizeof(q.counters)
        caches += sys.getsizeof(q.caches) + sum(sys.getsizeof(c) for c in q.caches
                                                 if c is not None)
    return {"code_objects": n, "quickened_arrays_bytes": arrays, "caches_bytes": caches}


def explain(func=None) -> dict:
    """What ``pyjit explain`` says about this process so far (``--json``'s dict);
    with ``func``, only about the code it reaches (its own, its nested functions',
    and the program functions it names, transitively)."""
    st = _state
    if st is None or st.tier != "jit":
        raise RuntimeError("pyjit.explain: nothing ran under tier jit in this process yet")
    from .jit import driver
    from .jit import explain as ex
    d = ex.analyze(st.collector, st.observer, st.observer.totals(), driver.Config.threshold)
    if func is None:
        return d
    codes = _reached(func)
    names = {c.co_qualname for c in codes}
    files = {c.co_filename for c in codes}

    def mine(e):
        return e.get("code") in names and e.get("file") in files
    for key in ("loops", "not_compiled", "interpreted", "guards", "functions"):
        d[key] = [e for e in d[key] if mine(e)]
    return d


def _reached(func):
    """The code objects ``func`` reaches by name (globals) and nesting."""
    if isinstance(func, Jitted):
        func = func._vm or func.__wrapped__
    code = getattr(func, "__code__", None)
    if code is None:
        raise TypeError(f"pyjit.explain: not a function: {func!r}")
    g = func.__globals__
    out, todo = set(), [code]
    while todo:
        c = todo.pop()
        if c in out:
            continue
        out.add(c)
        for k in c.co_consts:
            if isinstance(k, types.CodeType):
                todo.append(k)
        for name in c.co_names:
            v = g.get(name)
            v = getattr(v, "_vm", None) or v
            vc = getattr(v, "__code__", None)
            if isinstance(vc, types.CodeType) and _is_program_file(vc.co_filename):
                todo.append(vc)
    return out
