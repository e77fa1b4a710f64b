"""The host's "currently handled exception", kept equal to the VM's.

CPython keeps the exception being handled in the thread state
(``sys.exception()``); host code that user code calls inside an ``except``
block (``traceback.print_exc()``, ``logging.exception()``, implicit exception
chaining in C code) reads it there.  The VM's PUSH_EXC_INFO/POP_EXCEPT
therefore set the host's value with ``PyErr_SetExcInfo``, so VM and host agree
and implicit chaining (``__context__``) happens exactly as in CPython.

Also here: :class:`Reraise`, the handlers' internal signal for a re-raise
(RERAISE, bare ``raise``), which must not add a traceback entry; and
``except*``'s re-raise computation, which is CPython's own C function.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import ctypes
from .typelookup import _EXC_GETATTRIBUTE, exc_context, exc_traceback

_api = ctypes.pythonapi
_set = _api.PyErr_SetExcInfo
_set.argtypes = [ctypes.c_void_p, ctypes.py_object, ctypes.c_void_p]
_set.restype = None
_incref = _api.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None
# (an object with __getattribute__ wrapped in py_object by hand: ctypes' own
# conversion asks isinstance(o, py_object), and so o for its __class__)
_P = ctypes.py_object


class _Callers:
    """What a generator's PUSH_EXC_INFO saves when it has no handled exception
    of its own (CPython: its ``gi_exc_state`` is None, so the thread's handled
    exception is its caller's, whichever caller resumes it): POP_EXCEPT
    restores the handled exception of the caller of the resumption running
    then (``Frame.callers``, set by the generator), not the one at the
    PUSH_EXC_INFO."""
    __slots__ = ()

    def __repr__(self):
        return "CALLERS"


CALLERS = _Callers()


def saved_exc(f, v):
    """The handled exception PUSH_EXC_INFO saved as ``v`` in frame ``f``."""
    if v is CALLERS:
        return getattr(f, "callers", None)
    return v


def set_exc_info(value):
    """Make ``value`` (an exception or None) the host's handled exception."""
    t = type(value)
    if value is not None and (type(t) is not type or t.__getattribute__ is not _EXC_GETATTRIBUTE):
        value = _P(value)
    _incref(value)  # PyErr_SetExcInfo steals the reference
    _set(None, value, None)


# ---------------------------------------------------------------------------
# except*: CPython's _PyExc_PrepReraiseStar (Objects/exceptions.c), which the
# host does not export.

def _leaf_ids(e, out):
    if e is None:
        return
    if issubclass(type(e), BaseExceptionGroup):
        for x in e.exceptions:
            _leaf_ids(x, out)
    else:
        out.add(id(e))


def _same_traceback(ta, tb):
    """CPython compares the traceback objects.  pyjit's first entry of a
    traceback is a snapshot of its frame, and a RERAISE on another line
    replaces that entry with one showing the frame there
    (:func:`pyjit.tracebacks.moved`): the same rest of the chain, the same
    ``tb_lasti``/``tb_lineno``, is still the same traceback.  (A traceback of
    an exception raised anew differs in those: another instruction, or an
    entry on top of the old chain.)"""
    if ta is tb:
        return True
    if (ta is None or tb is None or ta.tb_next is not tb.tb_next
            or ta.tb_lasti != tb.tb_lasti or ta.tb_lineno != tb.tb_lineno):
        return False
    # (each snapshot has a code object of its own: the same function's, as moved() checks)
    ca, cb = ta.tb_frame.f_code, tb.tb_frame.f_code
    return (ca.co_qualname == cb.co_qualname and ca.co_filename == cb.co_filename
            and ca.co_firstlineno == cb.co_firstlineno)


def _same_metadata(a, b):
    # (CPython 3.11 also compares the exceptions' C field ``notes``, which
    # nothing sets: ``__notes__`` lives in the instance dict -- notes added in
    # a handler do not make a re-raise a new exception)
    return (_same_traceback(exc_traceback(a), exc_traceback(b))
            and a.__cause__ is b.__cause__
            and exc_context(a) is exc_context(b))


def prep_reraise_star(orig, excs):
    """The exception an ``except*`` construct raises at its end (or None).

    ``excs`` lists what each clause raised or re-raised.  Re-raised leaves keep
    their nesting in ``orig``; newly raised exceptions become siblings.
    """
    if not excs:
        return None
    if not issubclass(type(orig), BaseExceptionGroup):
        return excs[0]  # a naked exception was wrapped: one clause ran at most
    raised, reraised = [], []
    for e in excs:
        if e is None:
            continue
        (reraised if _same_metadata(e, orig) else raised).append(e)
    keep = set()
    for e in reraised:
        _leaf_ids(e, keep)
    reraised_eg = orig.split(lambda leaf: id(leaf) in keep)[0] if keep else None
    if not raised:
        return reraised_eg
    if reraised_eg is not None:
        raised.append(reraised_eg)
    if len(raised) > 1:
        return BaseExceptionGroup("", raised)
    return raised[0]


def _thrower():
    yield  # never runs: raise_no_chain throws into the unstarted generator


_restore = _api.PyErr_Restore
_restore.argtypes = [ctypes.py_object, ctypes.py_object, ctypes.py_object]
_restore.restype = None


def raise_no_chain(exc):
    """Raise ``exc`` leaving its ``__context__`` alone.

    A ``raise`` statement chains the host's handled exception into
    ``__context__``; propagating an exception out of a VM frame must not (the
    VM chained it when it was raised).  ``generator.throw`` raises with
    ``PyErr_Restore``, which does not chain; the generator's own frame added to
    the traceback is pyjit-internal and stripped like the others.
    """
    if issubclass(type(exc), StopIteration):
        # PEP 479 would turn it into RuntimeError leaving the generator: set the
        # error indicator directly; ctypes raises what a pythonapi call left set.
        tb = exc_traceback(exc)
        for o in (type(exc), exc, tb):
            _incref(_P(o))  # PyErr_Restore steals the references
        try:
            _restore(_P(type(exc)), _P(exc), _P(tb))
        finally:
            exc = tb = o = None  # this frame is in the traceback: no cycle through it
        raise AssertionError("unreachable: PyErr_Restore set an exception")
    try:
        _thrower().throw(exc)
    finally:
        exc = None


class Reraise(BaseException):
    """Internal: re-raise ``exc`` without adding a traceback entry for this frame."""

    __slots__ = ("exc", "lasti")

    def __init__(self, exc, lasti=None):
        self.exc = exc
        self.lasti = lasti  # RERAISE 1: where the frame reports itself (trace hooks)
