"""Leaving a trace: rebuild the interpreter's frames from a guard's snapshot.

A snapshot lists frames outermost first.  The first is the loop's own frame,
which exists: the slots the trace knows are written back, its stack replaced.
Each further frame was inlined by the recorder and exists only in the trace:
it is made again -- a real :class:`pyjit.frame.Frame` of the snapshot's
function, its locals and stack from the snapshot -- and how it is attached to
the frame before it is its *kind* (``ir.FRAME_KINDS``):

* ``call`` and ``init`` frames are linked as the callee of the frame before
  it, which is left after its instruction (after its CALL): pushed with
  :func:`pyjit.frame.push`, as the interpreter's own calls push them; an
  ``init`` frame is :func:`pyjit.calls.enter_init`'s -- its return makes the
  new object the call's value, its caller keeps the call's arguments until it
  is gone, and its caller's ``lasti`` is the CALL itself (CPython 3.11 does not
  inline class calls);
* a ``nested`` frame is a dunder method that an instruction of the frame
  before it called, the instruction not finished: its caller is left *at*
  that instruction with its operands on the stack.  The nested frame (with
  the frames linked after it) is run to its return in a nested eval loop --
  as the host's slot call would have run it -- and the instruction is then
  finished with what it returned or raised (:mod:`.protocols`).

The interpreter continues with the innermost frame of the first segment at
the snapshot's pc (its ``resume_pc``: a call sequence interrupted after its
KW_NAMES resumes at the KW_NAMES).  An exception an op raised is raised at the
snapshot's pc itself: by the caller of :func:`restore`, or thrown into the
nested eval loop when the innermost frame runs in one.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)


from pyjit import opcodes as O
from pyjit.calls import enter_init
from pyjit.frame import Frame, push, push_entry
from pyjit.generators import _ASend, _origin_depth, make_generator
from pyjit.null import NULL

from . import protocols
from .ir import FRAME_KINDS
from . import virtuals
from .virtuals import build, has_virtuals


_AFTER_CALL = 1 + O.OPS["CALL"].cache  # a CALL's next unit, past its caches
_CALL_FUNCTION_EX = O.CALL_FUNCTION_EX


def _call_pc(dec, resume_pc):
    """The call instruction that continues at ``resume_pc``: a CALL_FUNCTION_EX
    (``C(*args)``, no caches) or a CALL."""
    return resume_pc - 1 if dec.ops[resume_pc - 1] == _CALL_FUNCTION_EX else \
        resume_pc - _AFTER_CALL


def restore(f, snap, values, ts, exc=None, link=False):
    """Write ``snap`` (its values, in ``Snapshot.values()`` order, from
    ``values``) into frame ``f`` and the frames it inlined.  Returns the frame
    the interpreter continues with (``.pc`` set).  ``exc``: the exception an op
    raised at the snapshot's innermost frame -- the caller raises it there,
    unless the snapshot has nested frames: then it is thrown into the innermost
    here, and what is returned is the frame to continue with, or ``(frame, pc,
    exception)`` when an exception comes out of the nested frames (raised at
    their caller's instruction).  ``link``: generators the trace resumed (kind
    ``gen``) are not run on but linked to their consumer's frame (``back``),
    for a bridge's recording to start in them (``exc`` None)."""
    it = iter(values)
    memo = {}       # the objects of the snapshot's virtuals, made once each (virtuals.build)
    frames = snap.frames
    top = frames[0]
    fast = f.fast
    for slot, v in top.locals.items():
        fast[slot] = build(v, it, memo)
    f.stack[:] = [build(v, it, memo) for v in top.stack]
    last = len(frames) - 1
    f.pc = top.pc if last else f.dec.resume_pc(top.pc)
    cur = f
    frames_made = []     # the nested frames so far, outermost first
    segments = []        # (caller, nested entry frame) of each nested segment
    for n, fs in enumerate(frames[1:], 1):
        # (the frame's own reference to its function, when the trace has one: the
        # snapshot holds the function weakly)
        func = next(it) if fs.fref is not None else fs.func
        locs = [(slot, build(v, it, memo)) for slot, v in fs.locals.items()]
        stack = [build(v, it, memo) for v in fs.stack]
        extra = [build(v, it, memo) for v in fs.extra]
        kind = fs.kind
        if kind == "gen" or kind == "agen" or kind == "sgen":
            # a generator the trace resumed: its own frame (the snapshot's function
            # is the recorded generator's) gets the state, and is run on (nested)
            nf = extra[0].frame
            func = nf.func
        nfast = [NULL] * func.dec.nlocalsplus
        for slot, v in locs:
            nfast[slot] = v
        if kind == "agen" and cur.stack[-1] is None:
            # (its __anext__() awaitable, never made in the trace, started --
            # a step the trace resumed by SEND is the heap's, in the slot:
            # record/agen.py's send_step)
            step = _ASend(extra[0], None)
            step.state = 1
            cur.stack[-1] = step
        if kind == "gen" or kind == "agen" or kind == "sgen":
            nf.fast[:] = nfast
            push_entry(nf, ts)
            if link:
                # (a bridge's recording walks the frames from the innermost;
                # the recorder unlinks it again at the yield)
                nf.back = cur
            else:
                segments.append((cur, nf, kind))
        elif kind == "await":
            # `await f(...)` of a coroutine the trace never built (record/awaiting.py):
            # made now, started, in its caller's placeholder slot at the SEND; the
            # SEND is finished in the interpreter (run on, or linked for a bridge)
            nf = Frame(func, nfast)
            coro = _made_by(nf, cur, f, frames_made) if _origin_depth() else \
                make_generator(nf)
            coro.started = True
            cur.stack[-1] = coro
            if link:
                coro.running = True
                nf = push(cur, nf, ts, cur.pc, cur.pc)
            else:
                push_entry(nf, ts)
                segments.append((cur, nf, kind))
        elif not FRAME_KINDS[kind].linked:
            # the caller stays at its instruction; this frame runs nested, the
            # entry frame of a nested eval loop (protocols.run_nested), as the
            # host's slot call enters it -- or, for a bridge's recording, is
            # pushed as the recorder pushes it, a call of its caller's
            # instruction (the recorder finishes the instruction at its return:
            # protocols.BRIDGED; a recording that stops hands it to run_nested)
            if link and kind in protocols.BRIDGED:
                nf = push(cur, Frame(func, nfast), ts, cur.pc, cur.pc)
            else:
                nf = Frame(func, nfast)
                push_entry(nf, ts)
                segments.append((cur, nf, kind))
        elif kind == "init":
            # C(...): the new object, then the arguments its caller holds
            # (reversed), as the interpreter's class call pushes __init__
            nf = enter_init(cur, _call_pc(cur.dec, cur.pc), func, extra[0], nfast, ts,
                            extra[1:], cur.pc)
        else:
            # the caller stopped after its instruction: lasti is its last unit
            nf = push(cur, Frame(func, nfast), ts, cur.pc, cur.pc - 1)
        frames_made.append(nf)
        nf.stack = stack
        nf.pc = fs.pc if n != last or exc is not None else func.dec.resume_pc(fs.pc)
        cur = nf
    if link:
        virtuals.REAL_AT_LINK = {k for k in memo if type(k) is tuple}
    if not segments:
        return cur      # (an exception is the caller's to raise, where the op raised)
    # innermost segment first: run each nested frame to its return, then let
    # its caller's instruction finish with the result (or the exception)
    return protocols.run_nested(segments, cur, ts, exc)


def _made_by(nf, cur, f, made):
    """The coroutine of new frame ``nf`` made by ``cur`` (``f``'s nested
    frames ``made`` so far, unlinked: they run nested) while origin tracking is
    on: its ``cr_origin`` computed with the frames linked as the interpreter
    has them when the creator calls (``frames.creators``)."""
    links = [(g, g.back, g.lasti) for g in made]
    lasti = f.lasti
    f.lasti = f.pc      # (each caller at its instruction: its line)
    caller = f
    for g in made:
        g.back = caller
        g.lasti = g.pc
        caller = g
    nf.back = cur
    try:
        return make_generator(nf)
    finally:
        nf.back = None
        f.lasti = lasti
        for g, back, lasti in links:
            g.back = back
            g.lasti = lasti


def compile_restore(snap, dec):
    """A function ``(f, buf, ts, exc) -> frame or (frame, pc, exc)`` that restores
    ``snap`` from the values a backend stored in ``buf[1:]`` into a frame of the
    loop's code (``dec``): the common one-frame case without the general walk
    (every trace exit pays for this)."""
    if len(snap.frames) > 1 or has_virtuals(snap):
        def restore_frames(f, buf, ts, exc):
            return restore(f, snap, buf[1:], ts, exc)
        return restore_frames
    top = snap.frames[0]
    slots = tuple(top.locals)
    first_stack = 1 + len(slots)
    end = first_stack + len(top.stack)
    pc = dec.resume_pc(top.pc)
    # (written out for this exit's slots: no loop, no tuple of pairs to walk)
    stores = "".join(f"        fast[{slot}] = buf[{i}]\n"
                     for slot, i in zip(slots, range(1, first_stack)))
    return _made("restore_one", f"def restore_one(f, buf, ts, exc):\n"
                 f"        fast = f.fast\n{stores}"
                 f"        f.stack[:] = buf[{first_stack}:{end}]\n"
                 f"        f.pc = pc\n"
                 f"        return f\n", pc=pc)


_MAKERS: dict = {}   # source -> the function that makes it, given its free values


def _made(name, src, **free):
    """Function ``name`` defined by ``src`` (indented 4 deeper than a ``def``
    at the top), reading ``free``'s names as closure values.  The source is
    compiled once per shape (every exit with the same slots shares it: a
    compile costs ~100-300 us, a closure made from it nothing)."""
    maker = _MAKERS.get(src)
    if maker is None:
        args = ", ".join(sorted(free))
        ns = {"__builtins__": __builtins__}
        exec(compile(f"def make({args}):\n    {src.lstrip()}    return {name}\n",
                     f"<pyjit {name}>", "exec"), ns)
        maker = _MAKERS[src] = ns["make"]
    return maker(**free)


def compile_reader(slots, pad):
    """Functions ``read(f) -> buf``: the trace's inputs read from frame ``f`` at
    the loop header (``slots``: the stack entries, bottom up, then locals; the
    frame's namespace ``f.locals``, ``("m", 0)``, for a module-level loop), and
    ``unread(f, buf)``, which puts them back (the trace never ran).

    The locals and the stack entries are *moved*: their frame slots are unbound
    (the stack emptied) while the trace runs (every exit writes them back), so
    the only references are the trace's own and a value dies when the program
    rebinds its variable -- or pops it, as ``break`` pops a ``for`` loop's
    iterator -- inside the trace, as in the interpreter.  (A stack entry copied,
    not moved, kept an abandoned generator alive past ``del g`` in a bridge
    that ran on: its ``finally`` ran at the exit, a statement late.)  (A frame
    view of the running loop's frame shows those locals missing: see
    notes/jit.md.)  ``pad``: the Nones each buf gets after the inputs (the list
    itself: its owner grows it in place when the code's exits need more)."""
    if ("m", 0) in slots:
        return _general_reader(slots, pad)
    nstack = 0
    while nstack < len(slots) and slots[nstack] == ("s", nstack):
        nstack += 1
    rest = slots[nstack:]
    locs = [slot for kind, slot in rest]
    assert all(kind == "l" for kind, _ in rest), slots
    # (written out for these slots: at the header the stack holds exactly the
    # trace's stack inputs; the locals read, then unbound)
    reads = "".join(f", fast[{k}]" for k in locs)
    unbind = f"        {' = '.join(f'fast[{k}]' for k in locs)} = Null\n" if locs else ""
    read = _made("read", f"def read(f):\n"
                 f"        stack = f.stack\n"
                 f"        fast = f.fast\n"
                 f"        buf = [None, *stack{reads}]\n"
                 f"        stack.clear()\n{unbind}"
                 f"        buf += pad\n"
                 f"        return buf\n", Null=NULL, pad=pad)

    def unread(f, buf):
        f.stack[:] = buf[1:1 + nstack]
        fast = f.fast
        for i, k in enumerate(locs, 1 + nstack):
            fast[k] = buf[i]
    return read, unread


def _general_reader(slots, pad):
    """compile_reader's, slot by slot (a module-level loop's: rarely entered)."""

    def read(f, Null=NULL):
        buf = [None]
        fast = f.fast
        for kind, k in slots:
            if kind == "s":
                buf.append(f.stack[k])
            elif kind == "l":
                buf.append(fast[k])
                fast[k] = Null
            else:
                buf.append(f.locals)
        f.stack.clear()    # (moved: see compile_reader)
        buf += pad
        return buf

    def unread(f, buf):
        fast = f.fast
        stack = f.stack
        for i, (kind, k) in enumerate(slots, 1):
            if kind == "l":
                fast[k] = buf[i]
            elif kind == "s":
                stack.append(buf[i])
    return read, unread
