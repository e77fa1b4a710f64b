"""The host's recursion room, kept where CPython's would be.

CPython 3.11 counts Python frames and C-level recursion guards (``repr`` of a
nested list, ``isinstance`` of nested tuples, ``ExceptionGroup.split``, the
compiler's symbol table...) against one per-thread counter,
``tstate->recursion_remaining``.  Under pyjit, VM frames are counted by the VM
(:attr:`pyjit.frame.ThreadState.depth`, against the user-visible limit) and use
no host frames, while each host->VM entry uses a few host frames of pyjit's own
(``Function.__call__``, ``frame.enter``, the tier's loop...).  So that C code
recursing by itself stops about where it would in CPython -- the program's
limit minus its depth -- the host's room is set at each host->VM entry
(:func:`pyjit.frame.enter`, a generator resumed by host code) to

    limit + MARGIN - (VM depth + host units the program used: C guards and
    host frames of the library code it called)

and given back when the entry returns.  pyjit's own host frames between two
entries (``ENTRY_COST``) are not counted: they are given back.  The room is
only ever raised (never below what the host has anyway), so VM frames a run
pushed since it was entered are not charged to C code it calls directly
(charging them would cost every VM call): C code there recurses deeper than in
CPython by at most the frames the current run pushed.

Not API: 3.11's ``PyThreadState`` starts ``{prev, next, interp, int
_initialized, int _static, int recursion_remaining, int recursion_limit, ...}``;
the offsets are checked once (the fields move with a Python call and with
``Py_SetRecursionLimit``) and the mechanism is off if they do not match.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.id = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import ctypes
import importlib.util
import os
import sys

# Host room given beyond the program's own: pyjit's internal frames inside a run
# (helpers of the loops, the recorder, traceback building) use it when the
# program is at its limit.  C code recursing by itself goes this much deeper than
# in CPython.
MARGIN = 10

# The least room an entry gives: near its limit the program's own room is all
# but gone, and pyjit's frames between two entries (the loop's, a helper's,
# Function.__call__, enter: ~10, more while recording) must still fit, so that a
# recursion through host code stops at the VM's check -- CPython's message --
# not at a host guard inside pyjit.  (C code recursing by itself within FLOOR
# levels of the program's limit goes up to FLOOR levels deeper than in CPython.)
FLOOR = 50

# Host units pyjit itself uses between the start of one run and a nested entry
# (the outer loop's frame and a helper of it, the recursion guard of calling a
# Function instance, its ``__call__``, ``frame.enter``: 5; 7
# with two C guards of the program, as ``repr`` has).  When more were
# used, the host frames in between are looked at (:func:`library_frames`), so
# that only the program's -- frames of the library code it called -- are
# counted: a pyjit frame counted would charge every level of a recursion
# through host code.  (C guards are not counted: they are not seen.)
ENTRY_COST = 8

# Host room lent to pyjit's own deep work that runs wherever the program is
# (optimizing and compiling a trace, the compile thread): it needs room the
# program's limit does not leave near the limit.
SPARE = 1000

_REMAINING = 32   # offsetof(PyThreadState, recursion_remaining) in 3.11
_LIMIT = 36       # offsetof(PyThreadState, recursion_limit)

_api = ctypes.pythonapi
_api.PyThreadState_Get.restype = ctypes.c_void_p


def _views():
    ts = _api.PyThreadState_Get()
    return (ctypes.c_int.from_address(ts + _REMAINING),
            ctypes.c_int.from_address(ts + _LIMIT))


def _probe() -> bool:
    remaining, limit = _views()
    if limit.value != sys.getrecursionlimit():
        return False

    def inner():
        return remaining.value
    outer = remaining.value
    return inner() == outer - 1


_getframe = sys._getframe


def _pyjit_dirs():
    """pyjit's source directories (``pyjit.jit`` may be another: package-dir)."""
    dirs = [os.path.dirname(os.path.abspath(__file__))]
    try:
        spec = importlib.util.find_spec("pyjit.jit")   # (not imported: its directory)
        dirs += list(spec.submodule_search_locations or ())
    except (ImportError, AttributeError):
        pass
    return tuple(os.path.abspath(d) + os.sep for d in dirs)


_DIRS = _pyjit_dirs()
_mine: dict = {}   # id(host code) -> is it pyjit's own
_kept: list = []   # those codes


# The host code of pyjit's native-code entry (``jit.driver.enter``, set there):
# the frames below one of its frames do not change while it runs, so what
# a walk counted from it to the enclosing entry is kept in ``ThreadState.walked``
# (``(id(frame), count)``), which that function sets to None when it starts and
# gives back its caller's when it ends -- every coroutine resumed by the
# scheduler's native loop (host ``send()``) walks only the frames above it.
ANCHOR = [None]


def library_frames(frame, stop, ts=None):
    """How many host frames from ``frame`` back to the first one running code
    ``stop`` (the enclosing entry's) are not pyjit's: the program's library
    code, which CPython counts too.  ``ts``: the thread's state, whose
    ``walked`` keeps the count from the innermost :data:`ANCHOR` frame."""
    n = 0
    mine = _mine
    anchor = ANCHOR[0] if ts is not None else None
    while frame is not None:
        code = frame.f_code
        if code is stop:
            break
        if code is anchor:   # (pyjit's own: not counted)
            w = ts.walked
            if w is not None and w[0] == id(frame):
                return n + w[1]
            k = library_frames(frame.f_back, stop)
            ts.walked = (id(frame), k)
            return n + k
        m = mine.get(id(code))   # (by id: a code object's hash hashes its bytecode)
        if m is None:
            m = mine[id(code)] = code.co_filename.startswith(_DIRS)
            _kept.append(code)   # (its id stays its own)
        if not m:
            n += 1
        frame = frame.f_back
    return n


OK = sys.version_info[:2] == (3, 11) and _probe()


def view():
    """A ctypes view of this thread's ``recursion_remaining`` (None: not known)."""
    return _views()[0] if OK else None


class spare:
    """``with spare():`` pyjit's own work gets :data:`SPARE` more host room
    (given back at the end: a limit set meanwhile stays applied)."""
    __slots__ = ("room",)

    def __enter__(self):
        self.room = room = view()
        if room is not None:
            room.value += SPARE

    def __exit__(self, *exc):
        if self.room is not None:
            self.room.value -= SPARE


def spared(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` with :data:`SPARE` more host room (:class:`spare`):
    pyjit's own deep work (optimizing, compiling) where the program may be at
    its recursion limit."""
    with spare():
        return fn(*args, **kwargs)
