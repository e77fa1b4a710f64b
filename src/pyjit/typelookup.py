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
# The attribute syntax where the class has neither hook (the usual, and ~3x
# cheaper than calling a descriptor's __get__ from Python).
_TB = BaseException.__dict__["__traceback__"]
_CTX = BaseException.__dict__["__context__"]
_CAUSE = BaseException.__dict__["__cause__"]
_EXC_GETATTRIBUTE = BaseException.__getattribute__   # (an exception class's own, if no hook)
_EXC_SETATTR = BaseException.__setattr__


# (each tests its class inline: these run at every exception's every frame)
def exc_traceback(e):
    t = type(e)
    if type(t) is type and t.__getattribute__ is _EXC_GETATTRIBUTE:
        return e.__traceback__
    return _TB.__get__(e)


def exc_context(e):
    t = type(e)
    if type(t) is type and t.__getattribute__ is _EXC_GETATTRIBUTE:
        return e.__context__
    return _CTX.__get__(e)


def set_exc_traceback(e, tb):
    t = type(e)
    if type(t) is type and t.__setattr__ is _EXC_SETATTR:
        e.__traceback__ = tb
    else:
        _TB.__set__(e, tb)


def set_exc_context(e, ctx):
    t = type(e)
    if type(t) is type and t.__setattr__ is _EXC_SETATTR:
        e.__context__ = ctx
    else:
        _CTX.__set__(e, ctx)


def set_exc_cause(e, cause):     # (and __suppress_context__, as the attribute does)
    t = type(e)
    if type(t) is type and t.__setattr__ is _EXC_SETATTR:
        e.__cause__ = cause
    else:
        _CAUSE.__set__(e, cause)


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
