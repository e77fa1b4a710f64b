"""Where a running trace or recording is, for frame views (``pyjit.frames``):
registered for the host frames of ``driver._enter`` (what ``driver.enter``
runs, once per entry), ``Recorder.run`` and ``protocols.run_nested`` (see
``jit.tier``)."""

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import ctypes

from pyjit.decode import decode

from . import nativecall as NC

_cast, _object = ctypes.cast, ctypes.py_object


def running(host):
    """Where the trace an :func:`driver.enter` (host frame ``host``) runs is now, for
    frame views (pyjit.frames): the snapshot of the last op that called out,
    whose exit number the code published in ``buf[0]`` -- the loop's frame at
    its pc, and the frames the trace inlined there."""
    d = host.f_locals
    c, buf, f = d.get("c"), d.get("buf"), d.get("f")
    d.clear()   # (a snapshot dict of enter's locals: it must not keep them alive)
    if c is None or f is None or type(buf) is not list or not buf:
        return None
    g = buf[0]
    if type(g) is not int or not 0 <= -1 - g < len(c.snaps):
        return None   # nothing called out yet: the loop's frame at its back-edge
    frames = c.snaps[-1 - g].frames
    if c.guard_ops[-1 - g].name == "call_loop":
        # the function's frame is the loop's code's now (see _callee): not shown
        # here -- its view is the one the native callee or the interpreter gives
        return f, None, _calls_from(buf, [])
    inlined = _inlined(frames, f.func, [])
    _calls_from(buf, inlined)
    return f, frames[0].pc, inlined


def _inlined(frames, outer, out):
    """``out`` with (function, pc) of each frame a snapshot's ``frames`` inlined
    (``frames[1:]``), outermost first; ``outer``: the function of ``frames[0]``."""
    for fs in frames[1:]:
        fn = fs.func
        if fn is None and fs.code is not None and outer is not None:
            # a generator's frame names the generator function recorded, which
            # may be gone -- a generator expression's, made anew each time --:
            # its code, with the globals of the code that made it
            fn = _CodeOnly(fs.code, outer)
        if fn is not None:
            out.append((fn, fs.pc))
            outer = fn
    return out


def _callee(c, buf, fn, out):
    """``out`` with the frames of a native callee -- ``fn``'s frame, and the
    frames its code inlined -- where its code ``c`` running on ``buf`` is now;
    False if that code has left (an exit taken: the interpreter runs the
    rest, on frames of its own)."""
    g = buf[0] if buf else None
    if type(g) is not int:
        out.append((fn, c.info.header))   # nothing called out yet: at its entry
        return True
    if g >= 0 or -1 - g >= len(c.snaps):
        return False
    frames = c.snaps[-1 - g].frames
    if c.guard_ops[-1 - g].name != "call_loop":
        # (a call_loop's callee, the loop's code, runs this very frame -- a
        # function trace's own, its only one there: that code, or the
        # interpreter running the frame its exit rebuilt, shows it)
        out.append((fn, frames[0].pc))
        _inlined(frames, fn, out)
    return True


def _calls_from(buf, out):
    """``out`` with the frames of the native calls in progress that the code
    running on ``buf`` made by the LLVM call sites' fast path -- none of them
    has a host frame -- and those made by their code in turn, outermost first
    (their records: nativecall.RUNNING)."""
    counters = NC.COUNTERS
    n = counters[NC.NATIVE_DEPTH]
    if n <= 0:
        return out
    rec, k = NC.RUNNING, NC.RECORD
    by_caller = {}
    for d in range(min(n, NC.MAX_NATIVE_DEPTH)):
        p = rec[k * d]
        if p:
            by_caller[p] = d
    b = id(buf)
    while b in by_caller:
        d = by_caller.pop(b)
        # (the caller's buf is alive -- its code runs -- so this record is of its
        # call in progress: the call clears it as it returns)
        cb, c, fn = (_cast(rec[k * d + j], _object).value for j in (1, 2, 3))
        if not _callee(c, cb, fn, out):
            break
        b = id(cb)
    return out


def native(host):
    """Where the native callee run from Python (host frame ``host`` of
    :func:`.nativecall.run`: call_assembler's and call_loop's slow path, every
    native call of the trace interpreter) is now: its function's frame and the
    frames its code inlined, on top of the caller's frames (no VM frame: the
    first element of the position is None)."""
    d = host.f_locals
    c, buf, fn = d.get("c"), d.get("buf"), d.get("fn")
    d.clear()
    if c is None or fn is None or type(buf) is not list:
        return None
    out = []
    if not _callee(c, buf, fn, out):
        return None
    return None, None, _calls_from(buf, out)


class _CodeOnly:
    """What a frame view reads of a function (``code``, ``dec``, ``globals``,
    ``builtins``) for an inlined generator frame whose function is gone."""
    __slots__ = ("code", "dec", "globals", "builtins")

    def __init__(self, code, outer):
        self.code = code
        self.dec = decode(code)
        self.globals = outer.globals
        self.builtins = outer.builtins


def recording(host):
    """The same for a recording (host frame of ``Recorder.run``): the recorder
    runs the loop on real frames, the innermost at the instruction recorded."""
    d = host.f_locals
    r = d.get("self")
    d.clear()
    if r is None or r.f is None:
        return None   # (it stopped: the frames it left run in nested eval loops)
    if getattr(r, "inner", None) is r.f:
        return None   # (its frame runs in an eval loop of its own: loopstop.call_inner)
    return r.f, r.pc, []


def nested(host):
    """The same for :func:`protocols.run_nested` (host frame ``host``), which runs
    nested frames that a trace or a recording left (a dunder an unfinished
    instruction called, ``__init__``, a resumed generator...) each in a nested
    eval loop: the caller of the one running, at its instruction.  (Above the
    trace's or recording's host frame: their own positions are stale then --
    the recording stopped inside the frame now running.)"""
    d = host.f_locals
    caller = d.get("caller")
    d.clear()
    return None if caller is None else (caller, caller.pc, [])
