"""Where a running trace or recording is, for frame views (``pyjit.frames``):
registered for the host frames of ``driver._enter`` (what ``driver.enter``
runs, once per entry), ``Recorder.run`` and ``protocols.run_nested`` (see
``jit.tier``)."""

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how pyjit itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from pyjit.decode import decode


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
    inlined = []
    outer = f.func
    for fs in frames[1:]:
        fn = fs.func
        if fn is None and fs.code is not None and outer is not None:
            # a generator's frame names the generator function recorded, which
            # may be gone -- a generator expression's, made anew each time --:
            # its code, with the globals of the code that made it
            fn = _CodeOnly(fs.code, outer)
        if fn is not None:
            inlined.append((fn, fs.pc))
            outer = fn
    return f, frames[0].pc, inlined


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
    # (none once it stopped: the frames it left run in nested eval loops)
    return None if r is None or r.f is None else (r.f, r.pc, [])


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
