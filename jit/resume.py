"""Leaving a trace: rebuild the interpreter's frames from a guard's snapshot.

A snapshot lists frames outermost first.  The first is the loop's own frame,
which exists: the slots the trace knows are written back, its stack replaced.
Each further frame was inlined by the recorder and exists only in the trace:
it is made again -- a real :class:`pyjit.frame.Frame` of the snapshot's
function, its locals and stack from the snapshot -- and pushed as the callee
of the frame before it, which is left just after its CALL (as the
interpreter's inlined calls leave it: :func:`pyjit.frame.push`).  The interpreter continues with the
innermost frame at the snapshot's pc (its ``resume_pc``: a call sequence
interrupted after its KW_NAMES resumes at the KW_NAMES).  An exception an op
raised is raised at the snapshot's pc itself.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import operator

from pyjit.frame import Frame, push
from pyjit.null import NULL


def restore(f, snap, values, ts):
    """Write ``snap`` (its values, in ``Snapshot.values()`` order, from
    ``values``) into frame ``f`` and the frames it inlined; returns the frame
    the interpreter continues with (``.pc`` set)."""
    it = iter(values)
    frames = snap.frames
    top = frames[0]
    fast = f.fast
    for slot in top.locals:
        fast[slot] = next(it)
    f.stack[:] = [next(it) for _ in top.stack]
    f.pc = top.pc if len(frames) > 1 else f.dec.resume_pc(top.pc)
    cur = f
    for fs in frames[1:]:
        # (the frame's own reference to its function, when the trace has one: the
        # snapshot holds the function weakly)
        func = next(it) if fs.fref is not None else fs.func
        nfast = [NULL] * func.dec.nlocalsplus
        for slot in fs.locals:
            nfast[slot] = next(it)
        nf = Frame(func, nfast)
        nf.stack = [next(it) for _ in fs.stack]
        # the caller stopped at its CALL: lasti is the CALL's last cache unit
        cur = push(cur, nf, ts, cur.pc, cur.pc - 1)
        nf.pc = fs.pc if fs is not frames[-1] else func.dec.resume_pc(fs.pc)
    return cur


def compile_restore(snap, dec):
    """A function ``(f, buf, ts) -> frame`` that restores ``snap`` from the values
    a backend stored in ``buf[1:]`` into a frame of the loop's code (``dec``):
    the common one-frame case without the general walk (every trace exit pays
    for this)."""
    if len(snap.frames) > 1:
        def restore_frames(f, buf, ts):
            return restore(f, snap, buf[1:], ts)
        return restore_frames
    top = snap.frames[0]
    slots = tuple(top.locals)
    first_stack = 1 + len(slots)
    end = first_stack + len(top.stack)
    pc = dec.resume_pc(top.pc)
    pairs = tuple(zip(slots, range(1, first_stack)))

    def restore_one(f, buf, ts):
        fast = f.fast
        for slot, i in pairs:
            fast[slot] = buf[i]
        f.stack[:] = buf[first_stack:end]
        f.pc = pc
        return f
    return restore_one


def compile_reader(slots, buf_len):
    """Functions ``read(f) -> buf``: the trace's inputs read from frame ``f`` at
    the loop header (``slots``: the stack entries, bottom up, then locals), and
    ``unread(f, buf)``, which puts them back (the trace never ran).

    The locals are *moved*: their frame slots are unbound while the trace runs
    (every exit writes them back), so the only references are the trace's own
    and a value dies when the program rebinds its variable inside the trace, as
    in the interpreter.  (A frame view of the running loop's frame shows those
    locals missing: see notes/jit.md.)"""
    nstack = 0
    while nstack < len(slots) and slots[nstack] == ("s", nstack):
        nstack += 1
    locs = [slot for kind, slot in slots[nstack:]]
    assert all(kind == "l" for kind, _ in slots[nstack:]), slots
    pad = [None] * (buf_len - 1 - len(slots))
    if len(locs) >= 2:
        get = operator.itemgetter(*locs)
    elif locs:
        k = locs[0]

        def get(fast):
            return (fast[k],)
    else:
        def get(fast):
            return ()

    def read(f, Null=NULL):
        # (at the header the stack holds exactly the trace's stack inputs)
        buf = [None]
        buf += f.stack
        fast = f.fast
        buf += get(fast)
        for k in locs:
            fast[k] = Null
        buf += pad
        return buf

    def unread(f, buf):
        fast = f.fast
        for i, k in enumerate(locs, 1 + nstack):
            fast[k] = buf[i]
    return read, unread
