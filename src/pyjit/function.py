"""pyjit function objects and argument binding.

MAKE_FUNCTION builds a :class:`Function`: a host callable whose ``__call__``
enters the VM, so host code calling user code (``sorted(key=f)``, slot
wrappers calling ``__eq__``, ``unittest``) still runs it in pyjit.  The VM
itself never goes through ``__call__``: it binds arguments with
:func:`bind_args` and pushes a frame.

The object mirrors ``types.FunctionType``'s surface (``__code__``,
``__globals__``, ``__defaults__``, ``__kwdefaults__``, ``__closure__``,
``__name__``, ``__qualname__``, ``__module__``, ``__doc__``, ``__dict__``,
``__annotations__``, ``__get__``, ``__signature__``, repr, pickling by name,
atomic copy).  What still differs is listed in notes/design.md.

Argument-binding errors are reported by the host itself: a *shim* function
with the same signature (but a body that does nothing) is called with the same
arguments, so the TypeError text is exactly CPython's.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import types

from . import hostroom as _hostroom, tiers
from .deferred import defer as _defer, drain as _drain, queue as _deferred_queue
from .decode import decode
from .errors import VMError
from .frame import Frame, enter, push_entry, thread_state, _tls
from .native import STATE as _native
from .null import NULL
from .opcodes import CO_VARARGS, CO_VARKEYWORDS
from .tracebacks import leave_vm as _leave_vm
from .typelookup import type_name

_MethodType = types.MethodType

SHIM_FILENAME = "<pyjit-shim>"
# RESUME 0; LOAD_CONST 0; RETURN_VALUE
_SHIM_BODY = bytes([151, 0, 100, 0, 83, 0])


def _is_simple(code):
    """bind_args' fast path applies: only positional parameters."""
    return not (code.co_flags & (CO_VARARGS | CO_VARKEYWORDS)) and code.co_kwonlyargcount == 0


def _changed(func, attr):
    """A function's code or defaults changed: compiled traces inlined functions
    by identity, with the code and defaults they had (tier jit drops them all)."""
    tiers.function_changed(f"{func.qualname}.{attr} was assigned")


class Function:
    """A function defined by code that pyjit runs."""

    __slots__ = ("code", "dec", "globals", "builtins", "defaults", "kwdefaults", "closure",
                 "name", "qualname", "doc", "module", "annotations", "__dict__",
                 "__weakref__", "simple")

    def __init__(self, code, globals_, name=None, defaults=None, closure=None,
                 kwdefaults=None, annotations=None, qualname=None):
        self.code = code
        self.dec = decode(code)
        self.globals = globals_
        b = globals_.get("__builtins__", None)
        if b is None:
            import builtins as b
        self.builtins = b if issubclass(type(b), dict) else b.__dict__
        self.defaults = defaults
        self.kwdefaults = kwdefaults
        self.closure = closure
        self.name = name if name is not None else code.co_name
        self.qualname = qualname if qualname is not None else code.co_qualname
        consts = code.co_consts
        self.doc = consts[0] if consts and issubclass(type(consts[0]), str) else None
        self.module = globals_.get("__name__")
        self.annotations = annotations
        # Fast path of bind_args: exactly co_argcount positionals and nothing else.
        self.simple = _is_simple(code)

    # Code that asks isinstance(f, types.FunctionType) / inspect.isfunction(f)
    # means "a Python function", which this is; everything that check guards
    # (__code__, __defaults__, ...) is mirrored below. type(f) stays the truth.
    @property
    def __class__(self):
        return types.FunctionType

    # -- calling from host code: enter the VM --------------------------------
    def __call__(self, *args, **kwargs):
        try:
            ts = _tls.ts
        except AttributeError:
            ts = thread_state()
        if ts.internal:
            # a finalizer reached on a thread of pyjit's own (a collection the
            # compile thread started): a program thread runs it (pyjit.deferred)
            _defer(self, args, kwargs, self)
            return None
        loop = _native.loop
        if loop is not None:
            # called from a compiled trace (statistics on): count it; the
            # interpreter's own calls inside are not native code's
            loop.pycalls += 1
            _native.loop = None
            try:
                return self.__call__(*args, **kwargs)
            finally:
                _native.loop = loop
        try:
            f = Frame(self, bind_args(self, args, kwargs, self.dec.nlocalsplus))
            push_entry(f, ts)
            r = enter(f, ts)
        except BaseException as e:
            f = None
            # Host code called us and may print the traceback: no pyjit frames in it.
            _leave_vm(e)
            raise
        f = None    # (the frame, and the locals it let go, die now: as the call's argument did)
        if _deferred_queue:
            # (back in host code that called the program's code: finalizers a
            # pyjit thread deferred may run here)
            _drain()
        return r

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return _MethodType(self, obj)

    # -- types.FunctionType's attributes -------------------------------------
    @property
    def __code__(self):
        return self.code

    @__code__.setter
    def __code__(self, code):
        if not isinstance(code, types.CodeType):
            raise TypeError("__code__ must be set to a code object")
        nfree = len(code.co_freevars)
        nclosure = 0 if self.closure is None else len(self.closure)
        if nfree != nclosure:
            raise ValueError(f"{self.name}() requires a code object with {nclosure} free vars,"
                             f" not {nfree}")
        self.code = code
        self.dec = decode(code)
        self.simple = _is_simple(code)
        _changed(self, "__code__")

    @property
    def __globals__(self):
        return self.globals

    @property
    def __builtins__(self):
        return self.builtins

    @property
    def __closure__(self):
        return self.closure

    def _get_defaults(self):
        return self.defaults

    def _set_defaults(self, v):
        if v is not None and not issubclass(type(v), tuple):
            raise TypeError("__defaults__ must be set to a tuple object")
        self.defaults = v
        _changed(self, "__defaults__")

    def _del_defaults(self):
        self.defaults = None
        _changed(self, "__defaults__")

    __defaults__ = property(_get_defaults, _set_defaults, _del_defaults)

    def _get_kwdefaults(self):
        return self.kwdefaults

    def _set_kwdefaults(self, v):
        if v is not None and not issubclass(type(v), dict):
            raise TypeError("__kwdefaults__ must be set to a dict object")
        self.kwdefaults = v

    def _del_kwdefaults(self):
        self.kwdefaults = None

    __kwdefaults__ = property(_get_kwdefaults, _set_kwdefaults, _del_kwdefaults)

    def _get_name(self):
        return self.name

    def _set_name(self, v):
        if not issubclass(type(v), str):
            raise TypeError("__name__ must be set to a string object")
        self.name = v

    def _del_name(self):
        raise TypeError("__name__ must be set to a string object")

    __name__ = property(_get_name, _set_name, _del_name)

    def _get_doc(self):
        return self.doc

    def _set_doc(self, v):
        self.doc = v

    def _del_doc(self):
        self.doc = None

    __doc__ = property(_get_doc, _set_doc, _del_doc)


    def _get_annotations(self):
        if self.annotations is None:
            self.annotations = {}
        return self.annotations

    def _set_annotations(self, v):
        if v is not None and not issubclass(type(v), dict):
            raise TypeError("__annotations__ must be set to a dict object")
        self.annotations = v

    def _del_annotations(self):
        self.annotations = None

    __annotations__ = property(_get_annotations, _set_annotations, _del_annotations)

    @property
    def __signature__(self):
        import inspect
        return inspect.signature(self.host_equivalent())

    @property
    def __text_signature__(self):
        return None

    def host_equivalent(self):
        """A real ``types.FunctionType`` with this function's code and state (never called
        by pyjit; for introspection by host libraries such as ``inspect``)."""
        f = types.FunctionType(self.code, self.globals, self.name, self.defaults, self.closure)
        f.__kwdefaults__ = self.kwdefaults
        f.__qualname__ = self.qualname
        f.__annotations__ = self._get_annotations()
        f.__doc__ = self.doc
        f.__module__ = self.module
        return f

    def __repr__(self):
        return f"<function {self.qualname} at {id(self):#x}>"

    def __reduce__(self):
        return self.qualname  # pickled by reference, like a def

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


# (host code calls a Function instance through _PyObject_MakeTpCall's recursion
# guard, a function through its vectorcall: pyjit.hostroom.walk)
_hostroom.guarded(Function.__call__.__code__)


def funcstr(func):
    """CPython's _PyObject_FunctionStr: how call errors name a callable."""
    try:
        qualname = func.__qualname__
    except AttributeError:
        return str(func)
    module = getattr(func, "__module__", None)
    if module is not None and module != "builtins":
        return f"{module}.{qualname}()"
    return f"{qualname}()"


def set_instance_descriptor(cls, name, descriptor):
    """Put ``descriptor`` in ``cls``'s own dict under ``name``.

    For ``__qualname__``: a class body cannot define it (it names the class,
    and ``type.__setattr__`` would too), but instances of functions and
    generators have one.  A ``__getattr__`` fallback would do, at a price: a
    class with ``__getattr__`` gets the slow attribute-lookup hook for *every*
    attribute (~16 ns each, and the host cannot specialize those loads), and a
    ``__setattr__`` makes every store a Python call.  So the descriptor goes
    into the dict itself, and the type's attribute cache is told.
    """
    import ctypes
    import gc
    (real_dict,) = [d for d in gc.get_referents(cls.__dict__) if type(d) is dict]
    real_dict[name] = descriptor
    ctypes.pythonapi.PyType_Modified(ctypes.py_object(cls))


def _get_qualname(self):
    return self.qualname


def _set_qualname(self, value):
    if not issubclass(type(value), str):
        raise TypeError("__qualname__ must be set to a string object")
    self.qualname = value


def _del_qualname(self):
    raise TypeError("__qualname__ must be set to a string object")


# A writable ``__qualname__`` kept in ``self.qualname``: functions', and
# generators', coroutines' and async generators' (pyjit.generators).
QUALNAME = property(_get_qualname, _set_qualname, _del_qualname)
set_instance_descriptor(Function, "__qualname__", QUALNAME)

# ``__dict__`` as a function's (``PyObject_GenericSetDict``): it can be
# replaced by a dict only, and not deleted.  (Attribute lookups find the
# instance dict by the type's dict offset, not through this descriptor.)
_INSTANCE_DICT = Function.__dict__["__dict__"]


def _get_dict(self):
    return _INSTANCE_DICT.__get__(self, Function)


def _set_dict(self, value):
    if not issubclass(type(value), dict):
        raise TypeError(f"__dict__ must be set to a dictionary, not a '{type_name(type(value))}'")
    _INSTANCE_DICT.__set__(self, value)


def _del_dict(self):
    raise TypeError("cannot delete __dict__")


set_instance_descriptor(Function, "__dict__", property(_get_dict, _set_dict, _del_dict))

# The host names the type in messages ("'function' object is not subscriptable")
# and reprs: call it what CPython calls its functions.
Function.__name__ = Function.__qualname__ = "function"


class _ModuleSlot(str):
    """``__module__``: the class's (``type(f).__module__``: ``'builtins'``, as
    for CPython's static function type) and its instances' (``f.__module__``,
    kept in ``self.module``) in one class-dict entry.

    A heap type's ``__module__`` is its dict's ``'__module__'`` entry, returned
    as it is; an instance's lookup finds the same entry and, as it is a data
    descriptor, calls it.  A plain property there made ``type(f).__module__``
    the property object.
    """

    __slots__ = ()

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return obj.module

    def __set__(self, obj, value):
        obj.module = value

    def __delete__(self, obj):
        obj.module = None


set_instance_descriptor(Function, "__module__", _ModuleSlot("builtins"))




def _mark_method_descriptor(cls):
    """Set Py_TPFLAGS_METHOD_DESCRIPTOR on ``cls``, as real functions have it.

    The host's method lookups (``obj.m()`` in host code, slot wrappers such as
    ``__del__``/``__eq__``) then call ``f(obj, ...)`` instead of building a
    bound method first: faster, and what hooks see (``sys.unraisablehook``'s
    ``object`` is the function) is what CPython shows.  ``tp_flags`` is
    located by matching ``cls.__flags__``, never assumed.
    """
    import ctypes
    flag = 1 << 17  # Py_TPFLAGS_METHOD_DESCRIPTOR
    for offset in range(8, 512, 8):
        word = ctypes.c_ulong.from_address(id(cls) + offset)
        if word.value == cls.__flags__:
            word.value |= flag
            assert cls.__flags__ & flag
            return
    raise VMError("cannot find tp_flags")  # pragma: no cover


_mark_method_descriptor(Function)


# ---------------------------------------------------------------------------
# Argument binding (CPython's initialize_locals)

class BindError(Exception):
    """Internal: binding failed; the host shim reports the exact TypeError."""


def _shim(func):
    """A host function with ``func``'s signature whose body does nothing."""
    code = func.code
    shim_code = code.replace(co_code=_SHIM_BODY, co_linetable=b"", co_exceptiontable=b"",
                             co_freevars=(), co_cellvars=(), co_filename=SHIM_FILENAME,
                             co_consts=code.co_consts or (None,),
                             co_flags=code.co_flags & (CO_VARARGS | CO_VARKEYWORDS | 0x3))
    f = types.FunctionType(shim_code, {}, func.name, func.defaults)
    f.__kwdefaults__ = func.kwdefaults
    f.__qualname__ = func.qualname
    return f


def binding_error(func, args, kwargs):
    """Raise the TypeError CPython raises for this failed call."""
    _shim(func)(*args, **(kwargs or {}))
    raise VMError(f"{func.qualname}(): pyjit refused arguments its shim accepted")


def bind_args(func, args, kwargs, nlocalsplus):
    """Return the new frame's fast-locals list for ``func(*args, **kwargs)``.

    ``kwargs`` is a dict or None; ``args`` a tuple, or a list the caller gives
    up (it may become the locals).  Mirrors CPython 3.11's initialize_locals.
    """
    code = func.code
    argcount = code.co_argcount
    nargs = len(args)
    if func.simple and not kwargs and nargs == argcount:
        # (a list of arguments is the caller's own, made for this call: it becomes
        # the frame's locals; a tuple, from host code, is copied)
        fast = args if args.__class__ is list else list(args)
        fast.extend(func.dec.unbound_rest)
        return fast
    fast = [NULL] * nlocalsplus
    kwonly = code.co_kwonlyargcount
    total = argcount + kwonly
    flags = code.co_flags
    kwdict = None
    if flags & CO_VARKEYWORDS:
        kwdict = {}
        fast[total + (1 if flags & CO_VARARGS else 0)] = kwdict
    n = nargs if nargs < argcount else argcount
    fast[:n] = args[:n]
    if flags & CO_VARARGS:
        fast[total] = tuple(args[n:])
    elif nargs > argcount:
        binding_error(func, args, kwargs)
    if kwargs:
        kwindex = func.dec.kwindex
        for name, value in kwargs.items():
            j = kwindex.get(name) if type(name) is str else None
            if j is None:
                if kwdict is None or type(name) is not str:
                    binding_error(func, args, kwargs)
                kwdict[name] = value
            elif fast[j] is not NULL:
                binding_error(func, args, kwargs)
            else:
                fast[j] = value
    if nargs < argcount:
        defaults = func.defaults or ()
        m = argcount - len(defaults)
        for i in range(nargs, argcount):
            if fast[i] is NULL:
                if i >= m:
                    fast[i] = defaults[i - m]
                else:
                    binding_error(func, args, kwargs)
    if kwonly:
        kwdefaults = func.kwdefaults
        varnames = code.co_varnames
        for i in range(argcount, total):
            if fast[i] is NULL:
                if kwdefaults is not None and varnames[i] in kwdefaults:
                    fast[i] = kwdefaults[varnames[i]]
                else:
                    binding_error(func, args, kwargs)
    return fast

