"""What CPython finds on a type, written once: ``_PyType_Lookup`` (a name in the
MRO's dicts, no descriptor called) and the data-descriptor test.  The
specializer, the handlers, the recorder and the trace interpreter ask these."""

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how pyjit itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from .null import NULL


def class_lookup(t, name):
    """``name`` in ``t``'s MRO dicts (what _PyType_Lookup finds), or NULL."""
    for k in t.__mro__:
        d = k.__dict__
        if name in d:
            return d[name]
    return NULL


def is_data_descriptor(v):
    t = type(v)
    return hasattr(t, "__set__") or hasattr(t, "__delete__")
