"""What CPython finds on a type, written once: ``_PyType_Lookup`` (a name in the
MRO's dicts, no descriptor called) and the data-descriptor test.  The
specializer, the handlers, the recorder and the trace interpreter ask these."""

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how pyjit itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from .null import NULL

# A class's slots as CPython's C code reads them: never through its metaclass's
# __getattribute__ (``t.__mro__`` on a class whose metaclass defines one runs the
# program's hook, which may count, log or raise: pyjit's own looks must not be
# seen), and "is a class" as PyType_Check (``isinstance(o, type)`` asks a
# non-class ``o`` for its ``__class__``, through ``o``'s __getattribute__).
_MRO = type.__dict__["__mro__"].__get__
_DICT = type.__dict__["__dict__"].__get__
_FLAGS = type.__dict__["__flags__"].__get__
_NAME = type.__dict__["__name__"].__get__


def type_mro(t):
    return t.__mro__ if type(t) is type else _MRO(t)


def type_dict(t):
    return t.__dict__ if type(t) is type else _DICT(t)


def type_flags(t):
    return t.__flags__ if type(t) is type else _FLAGS(t)


def type_name(t):
    """``t.__name__`` (tp_name, as CPython's messages name a type)."""
    return t.__name__ if type(t) is type else _NAME(t)


def type_slot(t, name):
    """Another of ``type``'s attributes of ``t`` (``__dictoffset__``, ...)."""
    return type.__dict__[name].__get__(t)


def type_in(t, classes):
    """``t in classes`` for a set of classes made by ``type`` (builtin ones):
    a class whose metaclass is another is in none, and is not hashed (its
    metaclass's __hash__ and __eq__ are the program's)."""
    return type(t) is type and t in classes


def is_type(o):
    """PyType_Check(o)."""
    return type(o) is type or issubclass(type(o), type)


# An exception's traceback and context as the C API reads them
# (PyException_GetTraceback/GetContext): not through its class's __getattribute__.
exc_traceback = BaseException.__dict__["__traceback__"].__get__
exc_context = BaseException.__dict__["__context__"].__get__
set_exc_traceback = BaseException.__dict__["__traceback__"].__set__
set_exc_context = BaseException.__dict__["__context__"].__set__
set_exc_cause = BaseException.__dict__["__cause__"].__set__   # (and __suppress_context__)


def class_lookup(t, name):
    """``name`` in ``t``'s MRO dicts (what _PyType_Lookup finds), or NULL."""
    for k in type_mro(t):
        d = k.__dict__ if type(k) is type else _DICT(k)
        if name in d:
            return d[name]
    return NULL


def is_data_descriptor(v):
    t = type(v)
    return hasattr(t, "__set__") or hasattr(t, "__delete__")
