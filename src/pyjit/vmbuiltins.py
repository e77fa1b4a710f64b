"""Builtins that look at their caller's frame, re-implemented for VM frames.

``globals()``, ``locals()``, ``vars()``, ``dir()``, zero-argument ``super()``,
``exec``/``eval`` (the code runs in the VM) and ``__build_class__`` read the
*calling Python frame*; called natively from the VM they would see pyjit's own
host frames.  The call protocol (:mod:`pyjit.calls`) looks every non-VM callee
up in :data:`SPECIAL` (by identity) and calls these instead, passing the
calling VM frame.  Called from host code (e.g. ``map(locals, ...)``) they
keep their native behaviour.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import builtins
import gc
import types

from . import clevel
from .deferred import drain as _drain, queue as _deferred
from .frame import Frame, enter, thread_state
from .frames import frame_locals
from .function import NULL, Function
from .awaitables import get_awaitable
from .generators import Coroutine
from .typelookup import class_lookup, is_type, type_dict, type_mro, type_name

_CellType = types.CellType
_FUTURE_FLAGS = 0x1FE0000  # CO_FUTURE_* bits: what exec/eval/compile inherit


def _no_kwargs(name, kwargs):
    if kwargs:
        raise TypeError(f"{name}() takes no keyword arguments")


def _globals(f, fn, args, kwargs):
    _no_kwargs("globals", kwargs)
    if args:
        raise TypeError(f"globals() takes no arguments ({len(args)} given)")
    return f.globals


def _locals(f, fn, args, kwargs):
    _no_kwargs("locals", kwargs)
    if args:
        raise TypeError(f"locals() takes no arguments ({len(args)} given)")
    return frame_locals(f)


def _vars(f, fn, args, kwargs):
    if args or kwargs:
        return fn(*args, **(kwargs or {}))
    return frame_locals(f)


def _dir(f, fn, args, kwargs):
    if args or kwargs:
        return fn(*args, **(kwargs or {}))
    # the keys of the locals as PyMapping_Keys gives them: a mapping's keys()
    loc = frame_locals(f)
    if type(loc) is dict:
        return sorted(loc)
    keys = loc.keys()
    it = None
    try:
        it = iter(keys)
    except TypeError:
        pass
    if it is None:
        raise TypeError(f"{type_name(type(loc))}.keys() returned a non-iterable "
                        f"(type {type_name(type(keys))})")
    names = list(it)
    names.sort()
    return names


def _super(f, fn, args, kwargs):
    if args or kwargs:
        return fn(*args, **(kwargs or {}))
    code = f.code
    if code.co_argcount == 0:
        raise RuntimeError("super(): no arguments")
    first = f.fast[0]
    if type(first) is _CellType and code.co_varnames[0] in code.co_cellvars:
        try:
            first = first.cell_contents
        except ValueError:
            first = NULL
    if first is NULL:
        raise RuntimeError("super(): arg[0] deleted")
    try:
        i = code.co_freevars.index("__class__")
    except ValueError:
        raise RuntimeError("super(): __class__ cell not found") from None
    cell = f.fast[f.dec.nlocalsplus - len(code.co_freevars) + i]
    try:
        klass = cell.cell_contents
    except ValueError:
        raise RuntimeError("super(): empty __class__ cell") from None
    if not is_type(klass):
        raise RuntimeError(f"super(): __class__ is not a type ({type_name(type(klass))})")
    return super(klass, first)


# ---------------------------------------------------------------------------
# exec / eval

def _code_for(f, source, filename, mode, fname):
    if isinstance(source, types.CodeType):
        return source
    if not issubclass(type(source), (str, bytes, bytearray)):
        # (_Py_SourceAsString: any object with a buffer, copied)
        try:
            source = bytes(memoryview(source))
        except TypeError:
            pass
    if issubclass(type(source), (str, bytes, bytearray)):
        if mode == "eval":
            if issubclass(type(source), str):
                source = source.lstrip(" \t")
            else:
                source = bytes(source).lstrip(b" \t")
        return compile(source, filename, mode, f.code.co_flags & _FUTURE_FLAGS, True)
    if mode == "eval":
        raise TypeError("eval() arg 1 must be a string, bytes or code object")
    raise TypeError("exec() arg 1 must be a string, bytes or code object")


def _is_mapping(o):
    """``PyMapping_Check``: the type has ``__getitem__`` (no isinstance() on
    collections.abc.Mapping, whose Python code trace hooks would see)."""
    for k in type_mro(type(o)):
        if "__getitem__" in type_dict(k):
            return True
    return False


def _resolve_namespaces(f, fname, g, loc):
    if g is not None and not issubclass(type(g), dict):
        kind = "globals must be a real dict; try eval(expr, {}, mapping)" if fname == "eval" \
            else f"globals must be a dict, not {type_name(type(g))}"
        raise TypeError(f"{fname}() {kind}" if fname == "exec" else f"{kind}")
    if loc is not None and not _is_mapping(loc):
        raise TypeError(f"locals must be a mapping")
    if g is None:
        g = f.globals
        if loc is None:
            loc = frame_locals(f)
    elif loc is None:
        loc = g
    if "__builtins__" not in g:
        g["__builtins__"] = f.builtins
    return g, loc


def run_code(code, g, loc, closure=None):
    """Run a module-like code object in the VM with the given namespaces."""
    if "__builtins__" not in g:  # as the host's exec() does
        g["__builtins__"] = builtins.__dict__
    func = Function(code, g, closure=None if closure is None else tuple(closure))
    return enter(Frame(func, [NULL] * func.dec.nlocalsplus, loc))


def _check_closure(source, closure):
    """exec()'s ``closure``: for a code object with free variables exactly a
    tuple of that many cells, for others none (``builtin_exec_impl``)."""
    if type(source) is not types.CodeType:
        if closure is not None:
            raise TypeError("closure can only be used when source is a code object")
        return
    nfree = len(source.co_freevars)
    if not nfree:
        if closure is not None:
            raise TypeError("cannot use a closure with this code object")
    elif not (type(closure) is tuple and len(closure) == nfree
              and all(type(c) is _CellType for c in closure)):
        raise TypeError(f"code object requires a closure of exactly length {nfree}")


def _exec(f, fn, args, kwargs):
    closure = None
    if kwargs:
        kwargs = dict(kwargs)
        closure = kwargs.pop("closure", None)
        if kwargs:
            return fn(*args, **kwargs)  # let the host report the bad keyword
    if not 1 <= len(args) <= 3:
        return fn(*args)
    source, g, loc = (list(args) + [None, None])[:3]
    g, loc = _resolve_namespaces(f, "exec", g, loc)
    _check_closure(source, closure)
    code = _code_for(f, source, "<string>", "exec", "exec")
    ts = _c_level(f)
    try:
        if code.co_freevars:
            func = Function(code, g, closure=closure)
            enter(Frame(func, [NULL] * func.dec.nlocalsplus, loc))
        else:
            run_code(code, g, loc)
    finally:
        if ts is not None:
            ts.depth -= 1
    return None


def _c_level(f):
    """exec() and eval() are C calls that take a recursion level while the code
    runs (CPython 3.11's ``cfunction_vectorcall_FASTCALL_KEYWORDS``), so the
    code they run is a level deeper (:mod:`pyjit.clevel`) -- but for a call
    from warm code, whose specialized form (``PRECALL_BUILTIN_FAST_WITH_KEYWORDS``)
    skips the check: CPython quickens a code object at its 8th start or back
    edge and specializes the call at its next run, which pyjit approximates by
    the calls of exec/eval from the code object ``f`` runs (the 8th and later
    are not counted; traced code always is: CPython runs it generic).  Takes
    the level if it counts: returns the thread state then (to give it back), else None."""
    ts = thread_state()
    key = id(f.code)
    runs = _EXEC_RUNS.get(key, 0)
    if runs < 7 or (ts.hooks and not ts.tracing):
        if runs < 7:
            if len(_EXEC_RUNS) > 4096:
                _EXEC_RUNS.clear()
            _EXEC_RUNS[key] = runs + 1
        clevel.level(ts, clevel.CALL_MESSAGE)
        return ts
    return None


# id(code object) -> its calls of exec/eval (up to 7: pyjit's stand-in for CPython's warm-up)
_EXEC_RUNS: dict = {}


clevel.SELF_COUNTED.update((id(builtins.exec), id(builtins.eval)))


_COMPILE_PARAMS = ("source", "filename", "mode", "flags", "dont_inherit", "optimize")


def _compile(f, fn, args, kwargs):
    """``compile()`` inherits the future flags of the *calling VM frame* (the
    host's would be pyjit's own module's: ``annotations``)."""
    bound = dict(zip(_COMPILE_PARAMS, args))
    if len(args) > len(_COMPILE_PARAMS) or (kwargs and (
            set(kwargs) & set(bound) or not set(kwargs) <= set(_COMPILE_PARAMS) | {"_feature_version"})):
        return fn(*args, **(kwargs or {}))  # the host reports it
    if kwargs:
        bound.update(kwargs)
    if not bound.get("dont_inherit", False):
        bound["flags"] = bound.get("flags", 0) | (f.code.co_flags & _FUTURE_FLAGS)
        bound["dont_inherit"] = True
    return fn(**bound)


def _eval(f, fn, args, kwargs):
    if kwargs or not 1 <= len(args) <= 3:
        return fn(*args, **(kwargs or {}))
    source, g, loc = (list(args) + [None, None])[:3]
    g, loc = _resolve_namespaces(f, "eval", g, loc)
    code = _code_for(f, source, "<string>", "eval", "eval")
    if code.co_freevars:
        raise TypeError("code object passed to eval() may not contain free variables")
    ts = _c_level(f)
    try:
        return run_code(code, g, loc)
    finally:
        if ts is not None:
            ts.depth -= 1


# ---------------------------------------------------------------------------
# classes

# CPython's __build_class__ does these in C; types.resolve_bases and
# types._calculate_meta would look names up in the program's (patchable)
# builtins, so pyjit has its own.

def _resolve_bases(bases):
    """PEP 560 ``__mro_entries__`` (Python/bltinmodule.c, update_bases)."""
    new_bases = []
    changed = False
    for base in bases:
        if not is_type(base):
            meth = getattr(base, "__mro_entries__", None)
            if meth is not None:
                entries = meth(bases)
                if not issubclass(type(entries), tuple):
                    raise TypeError("__mro_entries__ must return a tuple")
                new_bases.extend(entries)
                changed = True
                continue
        new_bases.append(base)
    return tuple(new_bases) if changed else bases


def _calculate_meta(meta, bases):
    """The most derived metaclass (Objects/typeobject.c, _PyType_CalculateMetaclass)."""
    winner = meta
    for base in bases:
        base_meta = type(base)
        if issubclass(winner, base_meta):
            continue
        if issubclass(base_meta, winner):
            winner = base_meta
            continue
        raise TypeError("metaclass conflict: the metaclass of a derived class must be a "
                        "(non-strict) subclass of the metaclasses of all its bases")
    return winner


def build_class(func, name, /, *bases, **kwds):
    """``builtins.__build_class__`` for class bodies compiled to VM functions."""
    if not isinstance(func, Function):
        raise TypeError("__build_class__: func must be a function")
    if not issubclass(type(name), str):
        raise TypeError("__build_class__: name is not a string")
    orig_bases = bases
    bases = _resolve_bases(bases)
    meta = kwds.pop("metaclass", None)
    if meta is None:
        meta = type(bases[0]) if bases else type
        is_class = True
    else:
        is_class = is_type(meta)
    if is_class:
        meta = _calculate_meta(meta, bases)
    prep = getattr(meta, "__prepare__", None)
    ns = prep(name, bases, **kwds) if prep is not None else {}
    if not _is_mapping(ns):
        who = f"{meta.__name__}.__prepare__()" if is_class else "<metaclass>.__prepare__()"
        raise TypeError(f"{who} must return a mapping, not {type_name(type(ns))}")
    cell = enter(Frame(func, [NULL] * func.dec.nlocalsplus, ns))
    # type.__new__ only wraps real functions; do it for VM functions
    for special, wrap in (("__init_subclass__", classmethod), ("__class_getitem__", classmethod),
                          ("__new__", staticmethod)):
        try:
            v = ns[special]
        except KeyError:
            continue
        if type(v) is Function:
            ns[special] = wrap(v)
    if bases is not orig_bases and bases != orig_bases:
        ns["__orig_bases__"] = orig_bases
    cls = meta(name, bases, ns, **kwds)
    if is_type(cls) and type(cell) is _CellType:
        try:
            cell_cls = cell.cell_contents
        except ValueError:
            raise RuntimeError(f"__class__ not set defining {name!r} as {cls!r}. Was "
                               "__classcell__ propagated to type.__new__?") from None
        if cell_cls is not cls:
            raise TypeError(f"__class__ set to {cell_cls!r} defining {name!r} as {cls!r}")
    return cls


def _build_class(f, fn, args, kwargs):
    return build_class(*args, **(kwargs or {}))


def _with_module(f, ns):
    """type.__new__ takes ``__module__`` from the *calling frame's* globals when
    the namespace has none; for VM callers that is the VM frame's."""
    if issubclass(type(ns), dict) and "__module__" not in ns and "__name__" in f.globals:
        ns = dict(ns)
        ns["__module__"] = f.globals["__name__"]
    return ns


def _type(f, fn, args, kwargs):
    if len(args) == 3:
        args = [args[0], args[1], _with_module(f, args[2])]
    return type(*args, **(kwargs or {}))


def _type_new(f, fn, args, kwargs):
    if len(args) == 4:
        args = [args[0], args[1], args[2], _with_module(f, args[3])]
    return type.__new__(*args, **(kwargs or {}))


def _function(f, fn, args, kwargs):
    """``function(code, globals, ...)`` (``type(f)(...)``): with no
    ``__builtins__`` in ``globals`` the new function gets the calling frame's
    builtins (CPython's ``_PyEval_BuiltinsFromGlobals``, bpo-42990), for a VM
    caller the VM frame's."""
    func = fn(*args, **(kwargs or {}))
    g = func.globals
    if issubclass(type(g), dict) and "__builtins__" not in g:
        func.builtins = f.builtins
    return func


class AnextAwaitable:
    """What ``anext(iterator, default)`` returns for VM code (CPython's
    ``anext_awaitable``, whose C code does not know pyjit's generators and
    coroutines (:mod:`pyjit.generators`)): each step asks the awaitable that ``__anext__()`` returned
    for its iterator (``anextawaitable_getiter``: a ``@types.coroutine``
    generator is one) and goes on with it; its StopAsyncIteration becomes
    StopIteration(default)."""
    __slots__ = ("wrapped", "default")

    def __init__(self, wrapped, default):
        self.wrapped = wrapped
        self.default = default

    def _iter(self):
        it = get_awaitable(self.wrapped, 0)
        if type(it) is Coroutine:
            return it.__await__()
        return it

    def _proxy(self, meth, *args):
        it = self._iter()
        try:
            return getattr(it, meth)(*args)
        except StopAsyncIteration:
            pass
        raise StopIteration(self.default)  # (outside the except: no context)

    def __await__(self):
        return self

    def __iter__(self):
        return self

    def __next__(self):
        return self._proxy("__next__")

    def send(self, value):
        return self._proxy("send", value)

    def throw(self, *args):
        return self._proxy("throw", *args)

    def close(self):
        return self._proxy("close")

    def __reduce__(self):
        raise TypeError("cannot pickle 'anext_awaitable' object")


AnextAwaitable.__name__ = AnextAwaitable.__qualname__ = "anext_awaitable"


def _anext(f, fn, args, kwargs):
    """``anext(iterator, default)``: an awaitable pyjit's generators and
    coroutines work with (:class:`AnextAwaitable`)."""
    if kwargs or len(args) != 2:
        return fn(*args, **(kwargs or {}))
    ait, default = args
    anext_ = class_lookup(type(ait), "__anext__")
    if anext_ is NULL:
        raise TypeError(f"'{type_name(type(ait))}' object is not an async iterator")
    get = getattr(type(anext_), "__get__", None)
    awaitable = (anext_ if get is None else get(anext_, ait, type(ait)))()
    return AnextAwaitable(awaitable, default)


def collect(*args, **kwargs):
    """``gc.collect()`` from the program's code: first the finalizers a
    collection on pyjit's compile thread queued (:mod:`pyjit.deferred`) -- in
    CPython that collection was the program's, and had run them before
    ``gc.collect()`` returned --, then the collection, which frees what they
    kept alive (a cycle with a ``__del__`` the queue held) in the same call."""
    if _deferred:
        _drain()
    return _gc_collect_host(*args, **kwargs)


_gc_collect_host = gc.collect


def _gc_collect(f, fn, args, kwargs):
    return collect(*args, **(kwargs or {}))


def stand_in(function, builtin):
    """``function`` (pyjit's) replaces ``builtin`` while a program runs: VM code
    calling it gets the builtin's handler, if it has one."""
    h = SPECIAL.get(id(builtin))
    if h is not None:
        SPECIAL[id(function)] = h
    return function


# id(builtin) -> handler(calling VM frame, builtin, args list, kwargs dict or None)
SPECIAL = {
    id(type): _type,
    id(type.__new__): _type_new,
    id(builtins.globals): _globals,
    id(builtins.locals): _locals,
    id(builtins.vars): _vars,
    id(builtins.dir): _dir,
    id(builtins.super): _super,
    id(builtins.exec): _exec,
    id(builtins.eval): _eval,
    id(builtins.compile): _compile,
    id(builtins.__build_class__): _build_class,
    id(Function): _function,
    id(builtins.anext): _anext,
    id(gc.collect): _gc_collect,
}

# builtins of SPECIAL whose handler needs no calling frame: the function a
# trace calls in their place
FRAMELESS = {id(gc.collect): collect}


# ``pyjit run`` freezes what its start-up made (gc.freeze, runner._resume_gc):
# no collection -- the host's final ones at exit included -- walks pyjit's and
# the standard library's modules again (a full collection of a short tier-jit
# run walked ~30,000 objects, most of them theirs).  The program's calls that
# would see frozen objects, or their count, thaw them first: from then on the
# collector is CPython's.
FROZEN = [False]


def freeze_startup():
    gc.freeze()
    FROZEN[0] = True


def _thawed(fn):
    def thawed(*args, **kwargs):
        if FROZEN[0]:
            FROZEN[0] = False
            gc.unfreeze()
        return fn(*args, **kwargs)
    return thawed


_THAWING = {id(fn): _thawed(fn) for fn in (gc.get_objects, gc.get_referrers, gc.get_freeze_count,
                                           gc.freeze, gc.unfreeze)}
SPECIAL.update({i: (lambda f, fn, args, kwargs, call=call: call(*args, **(kwargs or {})))
                for i, call in _THAWING.items()})
FRAMELESS.update(_THAWING)
