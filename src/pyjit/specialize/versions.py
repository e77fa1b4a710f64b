"""Dict and type versions: how specialized instructions notice mutation.

CPython 3.11 gives every dict a ``ma_version_tag`` that changes on every
mutation (a new value from a global counter) and every type a
``tp_version_tag`` that is reset when the type, or any class it inherits from,
is modified (and assigned again by the next attribute lookup on it).  Guards on
these catch any mutation -- by VM code, host code, ``setattr``, ``__dict__``
writes, ``__class__`` assignment on the guarded objects' type check -- with no
hooks to install.  pyjit reads the two fields through ctypes views made once
per dict/type.

The field offsets are 3.11's (64-bit); :func:`check_layout` verifies them at
import by observing the fields change, and if they do not behave, versioned
specializations are refused ("no version tags") rather than trusted.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import ctypes

_DICT_VERSION_OFFSET = 24   # PyDictObject: ob_refcnt, ob_type, ma_used, ma_version_tag
_TYPE_VERSION_OFFSET = 384  # PyTypeObject.tp_version_tag (after tp_del)
_TYPE_MRO_OFFSET = 344      # PyTypeObject.tp_mro: checked to confirm the layout
_TYPE_GETATTRO_OFFSET = 144  # PyTypeObject.tp_getattro
_TYPE_SETATTRO_OFFSET = 152  # PyTypeObject.tp_setattro

# address -> reader.  A reader is a view of raw memory at an address and keeps
# nothing alive (a cache must never extend an object's lifetime: __del__ and
# weakref callbacks would run late).  So a reader may only be read after a
# guard has shown that the object it was made for is alive at that address:
# ``id(live_object) == cached_id`` -- ids are unique among live objects.
_dict_readers: dict = {}
_type_readers: dict = {}


def dict_version_reader(d: dict):
    """A ctypes view whose ``.value`` is the version of the dict at ``id(d)``."""
    reader = _dict_readers.get(id(d))
    if reader is None:
        reader = _dict_readers[id(d)] = ctypes.c_uint64.from_address(
            id(d) + _DICT_VERSION_OFFSET)
    return reader


def type_version_reader(t: type):
    """A ctypes view whose ``.value`` is the version of the type at ``id(t)``."""
    reader = _type_readers.get(id(t))
    if reader is None:
        reader = _type_readers[id(t)] = ctypes.c_uint32.from_address(
            id(t) + _TYPE_VERSION_OFFSET)
    return reader


def type_version(t: type) -> int:
    """``t``'s version tag, assigned if it has none (0 means none could be)."""
    reader = type_version_reader(t)
    v = reader.value
    if v == 0:
        try:  # a lookup assigns a tag (type's own lookup: no metaclass __getattr__ runs)
            type.__getattribute__(t, "__pyjit_no_such_attribute__")
        except AttributeError:
            pass
        v = reader.value
    return v


def _slot(t, offset):
    return ctypes.c_void_p.from_address(id(t) + offset).value


def generic_getattr(t: type) -> bool:
    """Does ``t`` look attributes up with object's generic algorithm (no
    ``__getattribute__``/``__getattr__`` of its own)?  Static types list a
    ``__getattribute__`` wrapper in their dict even when it is the generic one,
    so compare the C slot itself."""
    return _slot(t, _TYPE_GETATTRO_OFFSET) == _GENERIC_GETATTRO


def generic_setattr(t: type) -> bool:
    return _slot(t, _TYPE_SETATTRO_OFFSET) == _GENERIC_SETATTRO


_GENERIC_GETATTRO = _slot(object, _TYPE_GETATTRO_OFFSET)
_GENERIC_SETATTRO = _slot(object, _TYPE_SETATTRO_OFFSET)


def check_layout() -> bool:
    """Do the version fields sit where we read them, and change when they should?"""
    class Probe:
        x = 1

    if ctypes.c_void_p.from_address(id(Probe) + _TYPE_MRO_OFFSET).value != id(Probe.__mro__):
        return False

    class Hooked:
        def __getattribute__(self, name):
            return 0

        def __setattr__(self, name, value):
            pass

    if not (generic_getattr(list) and generic_getattr(Probe) and not generic_getattr(Hooked)
            and generic_setattr(Probe) and not generic_setattr(Hooked)):
        return False
    before = type_version(Probe)
    Probe.y = 2
    if before == 0 or type_version_reader(Probe).value != 0 or type_version(Probe) in (0, before):
        return False
    d = {}
    r = dict_version_reader(d)
    v0 = r.value
    d["k"] = 1
    v1 = r.value
    d.get("k")
    ok = v1 != v0 and r.value == v1
    del _dict_readers[id(d)], _type_readers[id(Probe)]
    return ok


VERSIONS_OK = check_layout()
