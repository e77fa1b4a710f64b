"""The VM's NULL: an empty local slot, or the marker under a callable on the stack
(CPython's C NULL).  A module of its own so every part of the runtime can
import it without import cycles."""


class _Null:
    __slots__ = ()

    def __repr__(self):
        return "NULL"


NULL = _Null()


def _untrack(obj):
    """Take ``obj`` out of the collector's lists: ``gc.get_objects()`` (which a
    program may iterate, storing each object in a local) must not give the
    program the VM's NULL -- a local holding it is unbound.  It refers to
    nothing, so it can never be part of a cycle."""
    import ctypes
    ctypes.pythonapi.PyObject_GC_UnTrack(ctypes.py_object(obj))


_untrack(NULL)
