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
entries are not counted: they are given back.  The program's units between
two VM frames (library frames, C guards: :func:`hop`) are added to the VM depth
while the entry runs, so the VM's own checks count them as CPython does.  The room is
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

# Host units pyjit itself uses at the least between the start of one run and a
# nested entry (the loop's frame, the recursion guard of calling a Function
# instance, its ``__call__``, ``frame.enter``: 4).  When more were used, the
# host frames in between are looked at (:func:`hop`, :func:`walk`): the
# program's units -- the frames of the library code it called, and the C
# guards not pyjit's own -- count as VM depth while the entry runs
# (``frame._enter_counting``; notes/design.md, "Recursion through library code").
ENTRY_COST = 4

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


# Host codes of pyjit's own whose frame was entered through a C recursion guard
# pyjit adds (CPython's call would not take it), by id: ``Function.__call__``
# (host code calling a Function instance: ``_PyObject_MakeTpCall``'s guard;
# CPython calls a function's vectorcall) and the LLVM backend's ``Code.enter``
# (its call of the native code, a METH_O builtin, takes one).  Set there.
GUARDED: dict = {}


def guarded(code):
    """Code ``code`` of pyjit's own is entered through a guard of pyjit's."""
    GUARDED[id(code)] = 1
    _kept.append(code)
    _mine.pop(id(code), None)


def walk(frame, stop, ts=None):
    """``(frames, library, pure)`` from ``frame`` back to the first one running
    code ``stop`` (the enclosing entry's), that one excluded: how many host
    frames there are; how many of them are not pyjit's (the program's library
    code, which CPython counts too) less the C guards pyjit's own frames took
    (:data:`GUARDED`); whether all are pyjit's.  ``ts``: the thread's state,
    whose ``walked`` keeps the count from the innermost :data:`ANCHOR` frame."""
    n = 0
    lib = 0
    pure = True
    mine = _mine
    guarded = GUARDED
    anchor = ANCHOR[0] if ts is not None else None
    while frame is not None:
        code = frame.f_code
        if code is stop:
            break
        n += 1
        if code is anchor:   # (pyjit's own: not counted)
            w = ts.walked
            if w is None or w[0] != id(frame):
                w = ts.walked = (id(frame),) + walk(frame.f_back, stop)
            return n + w[1], lib + w[2], pure and w[3]
        m = mine.get(id(code))   # (by id: a code object's hash hashes its bytecode)
        if m is None:
            m = mine[id(code)] = (0 if code.co_filename.startswith(_DIRS)
                                  else 1) - guarded.get(id(code), 0)
            _kept.append(code)   # (its id stays its own)
        if m > 0:
            pure = False
        lib += m
        frame = frame.f_back
    return n, lib, pure


# The walks of hops with no library frame, by the code of the frame that called
# the entry's caller (a loop's handler: the frames below it are the loop's):
# ``(frames, library)`` -- taken again when the frame that many levels down
# still runs the enclosing entry's code (so a host frame is materialized for
# the handler only, not for each frame of the walk: ~1 us a host->VM entry).
_paths: dict = {}


def hop(stop, ts, up=3):
    """:func:`walk` from the frame ``up`` levels above this one (the entry's
    caller) back to code ``stop``: ``(frames, library)``."""
    try:
        key = id(_getframe(up + 1).f_code)
        p = _paths.get(key)
        if p is not None and _getframe(up + (p >> 16)).f_code is stop:
            return p >> 16, (p & 0xffff) - 0x8000
    except ValueError:   # (the stack is not that deep)
        key = None
    frame = _getframe(up)
    n, lib, pure = walk(frame, stop, ts)
    if pure and key is not None and n < 0x8000 and -0x8000 < lib < 0x8000:
        if key not in _paths:
            _kept.append(_getframe(up + 1).f_code)   # (its id stays its own)
        # (an int, not a tuple: no container the collector counts -- the
        # program's finalizer order at exit follows its collections' timing)
        _paths[key] = (n << 16) | (lib + 0x8000)
    return n, lib


def library_frames(frame, stop, ts=None):
    """The library frames of :func:`walk` (pyjit's guards subtracted)."""
    return walk(frame, stop, ts)[1]


CALL = " while calling a Python object"


def _is_entry(frame):
    """Was host ``frame`` called from C (3.11's ``_PyInterpreterFrame.is_entry``)?"""
    iframe = ctypes.c_void_p.from_address(id(frame) + 24).value   # (PyFrameObject.f_frame)
    if ctypes.c_void_p.from_address(iframe + 32).value != id(frame.f_code):
        return True   # (not the layout known: taken as called from C)
    return ctypes.c_bool.from_address(iframe + 68).value


def hop_units(frame, stop, k, slot):
    """The ``k`` program units of a hop (:func:`walk`: from ``frame`` back to
    code ``stop``), in the order CPython takes them as far as they can be told
    (notes/design.md, "Recursion through library code"): each as ``(message,
    frames)`` -- the RecursionError's message if that unit reaches the limit,
    and the library frames from it on (which CPython's traceback would not
    have).  A library frame is a frame unit; the C guards (``k`` less the
    library frames) come in the gap before the first library frame called from
    C by library code, and the last one (``slot``: the message of the guard
    CPython takes right before calling the entered slot, or None), those of a
    slot's call last of all."""
    lib = []
    while frame is not None and frame.f_code is not stop:
        if not frame.f_code.co_filename.startswith(_DIRS):
            lib.append(frame)
        frame = frame.f_back
    lib.reverse()   # (outer first)
    guards = max(k - len(lib), 0)
    gap = None   # (index in lib of the first C gap between library frames)
    for i in range(1, len(lib)):
        if lib[i].f_back is lib[i - 1] and _is_entry(lib[i]):
            gap = i
            break
    last = guards if gap is None or (slot is not None and guards <= 1) else (1 if slot else 0)
    units = []
    for i, fr in enumerate(lib):
        if i == gap:
            units += [(" while calling a Python object", lib[i:])] * (guards - last)
        units.append(("", lib[i:]))
    for i in range(last):
        units.append((slot if slot is not None and (i or last == 1) else CALL, []))
    return units


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
