"""Allocations that cannot collect garbage: ``new_instance``'s room check.

An allocation of a GC-tracked object (``object.__new__`` of a program class)
runs a collection of generation 0 when the generation's count passes its
threshold (CPython 3.11's ``_PyObject_GC_Link``), and a collection runs program
code: ``__del__`` of unreachable objects, weakref callbacks, ``gc.callbacks``,
a suspended generator's ``finally`` -- code that may reassign any class
attribute, any ``__class__``, any global.  So before this module every
``new_instance`` was a barrier to what a trace knows (classes, type and dict
versions, field values proved again after each ``Vector(...)``).

The allocation cannot collect when ``count < threshold`` before it (the count
goes up by one; the collection needs it *above* the threshold) or the
threshold is 0 (automatic collection off).  ``new_instance`` checks that first
and leaves the trace, before allocating, when it does not hold (the
interpreter then runs the instruction, and the collection, itself): the op
runs no program code, exactly, and the optimizer's and the recorder's facts
last across it (``opt.heap.RUNS_NO_CODE``).

Not API: 3.11's ``struct gc_generation`` is ``{PyGC_Head head; int threshold;
int count;}`` inside the interpreter state, so the count is the int after the
threshold ``gc.set_threshold`` writes; the threshold's address is found by
moving it and watching the interpreter state (as ``llvm.layout`` finds the
eval breaker).  0 when the probe fails: then ``new_instance`` checks nothing
and stays a barrier (:data:`EXACT` False).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins must not change how the JIT itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import ctypes
import gc


def _gen0_threshold_address() -> int:
    api = ctypes.pythonapi
    get_interp = api.PyInterpreterState_Get
    get_interp.restype = ctypes.c_void_p
    base = get_interp()
    old = gc.get_threshold()
    span = 1 << 14

    def ints():
        return [ctypes.c_int32.from_address(base + off).value for off in range(0, span, 4)]
    found = []
    try:
        for probe in (old[0] + 7919, old[0] + 104729):
            gc.set_threshold(probe, *old[1:])
            found.append({k for k, v in enumerate(ints()) if v == probe})
    finally:
        gc.set_threshold(*old)
    hits = found[0] & found[1] & {k for k, v in enumerate(ints()) if v == old[0]}
    if len(hits) != 1:
        return 0
    address = base + 4 * hits.pop()
    count = ctypes.c_int32.from_address(address + 4)
    if count.value != gc.get_count()[0]:
        return 0
    return address


# the address of generation 0's threshold (its count is the int after it); 0: unknown
THRESHOLD = _gen0_threshold_address()
EXACT = bool(THRESHOLD)

_threshold = ctypes.c_int32.from_address(THRESHOLD) if THRESHOLD else None
_count = ctypes.c_int32.from_address(THRESHOLD + 4) if THRESHOLD else None


def room() -> bool:
    """Can the next GC-tracked allocation not collect (the trace interpreter's check)?"""
    if _threshold is None:
        return True
    t = _threshold.value
    return t == 0 or _count.value < t


__all__ = ["THRESHOLD", "EXACT", "room"]
