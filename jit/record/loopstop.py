"""A function trace's recording back at its loop's header: it calls the loop's code (``call_loop``).

:mod:`..recorder` hands :func:`stop` to the recorder of a function trace (or of
its bridge); the recorder calls it when its own frame comes back to a loop
header by a back-edge (jit/loopcall.py says why there).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import opcodes as O
from pyjit.null import NULL

from .. import ir
from .. import nativecall
from ..bridgewait import Waiting, new_slots_coming
from ..ir import FrameSnap, Snapshot, const_ptr
from ..loopcall import callee, loop_at
from .core import Abort, Raised
from .inline import frame_end, inlined_depth, uncounted as _uncounted

_RETURN_VALUE = O.OPS["RETURN_VALUE"].code
_SEND = O.OPS["SEND"].code
_FOR_ITER, _FOR_ITER_JIT = O.OPS["FOR_ITER"].code, O.FOR_ITER_JIT


def made_once(fn) -> bool:
    """Is ``fn`` a ``def`` at module or class level, made once (not a closure,
    comprehension or lambda, made anew each time its definition runs)?
    ``call_loop``/``call_loop_in`` name the function as a weak constant (the
    frame they build reads its globals from it), valid for as long as it lives;
    a function made anew dies after each call while the trace, keyed by the
    code, is entered again with the next one before the driver drops it
    (a comprehension's function trace read a dead constant)."""
    return fn.closure is None and "<locals>" not in fn.qualname and \
        not fn.__name__.startswith("<")


def stop(r, f, pc) -> bool:
    """Record ``call_loop`` of the loop at header ``pc`` (of ``f``, the
    function's frame) with the frame's values there, and ``finish`` with its
    value (True); an :class:`Abort` if the loop has no code to call yet (it may
    have next time: a retry).  False: the loop never gets code (blacklisted:
    mostly a loop of a few iterations per visit -- json_tree's lists, a
    node's items), the recording goes on through it, unrolled for the trip
    count it sees (another count is a guard failure, bridged like a path;
    bounded by the trace limit and the bridges per place)."""
    info = loop_at(f, pc)
    if info is not None and info.dead:
        return False      # (a loop that never gets code is unrolled, whatever the function)
    if not made_once(f.func):
        raise Abort(f"the function's loop at line {f.dec.line_at(pc)}: its function "
                    f"is made anew (a closure, comprehension or lambda)")
    if info is None:
        return False
    if info.compiled is None:
        raise Abort(Waiting(f"the function's loop at line {f.dec.line_at(pc)} has no code "
                            f"yet", info), retry=True)
    if info.pending is not None and new_slots_coming(info):
        raise Abort(Waiting(f"the function's loop at line {f.dec.line_at(pc)} is being "
                            f"compiled again for other variables", info), retry=True)
    layout, values = _frame_values(r.top)
    op = r.emit("call_loop", [const_ptr(f.func), const_ptr(callee(info)),
                              const_ptr(tuple(layout))] + values, r.before())
    # (the value is the function's: its frame returns it -- at one of its
    # RETURN_VALUEs, which one does not matter to the interpreter's return)
    ret = max(k for k, o in enumerate(f.dec.ops) if o == _RETURN_VALUE)
    r.emit("finish", [op], Snapshot([FrameSnap(None, ret, {}, [op])]))
    return True


def at_header(r, f, pc) -> bool:
    """A resumption trace's frame (a coroutine resumed after an await: jit/
    functions.py) is back at its loop's header ``pc``: the trace ends there
    (``finish`` with the frame's state at the header, where the interpreter
    goes on -- a FOR_ITER header with code enters the loop's trace, as from
    before the loop).  True.

    A ``for`` loop with no code (every iteration suspends: its back-edge
    is taken only inside this trace, so its counter never runs out) is
    recorded on instead, once: through the iteration to the suspension -- the
    awaitable's call and generator made as a suspending bridge makes them
    (record/suspension.py), ``finish`` at the coroutine's own yield -- or back
    at the header (None: on)."""
    if not r.past_header and f.dec.ops[pc] == _FOR_ITER and \
            f.dec.extra.ops[pc] != _FOR_ITER_JIT:    # (jit/loops.head_enters: no code)
        r.past_header = True
        return None
    snap = r.snapshot(pc=pc)
    snap.restart = False
    r.emit("finish", [const_ptr(None)], snap)
    return True


def _frame_values(sh):
    """The slots of ``sh``'s frame bound at the header (its locals by index, then
    its stack), and their trace values."""
    layout, values = [], []
    for k in sorted(sh.locals):
        v = sh.locals[k]
        if isinstance(v, ir.Const) and v.value is NULL:
            continue    # (unbound here: the loop's code gets NULL for it, if it reads it)
        layout.append(("l", k))
        values.append(v)
    for j, v in enumerate(sh.stack):
        layout.append(("s", j))
        values.append(v)
    return layout, values


def back_at(r, f, pc):
    """Frame ``f`` of the recording is back at loop header ``pc`` by a back-edge.
    True: the recording ends there (a function trace's own frame: :func:`stop`);
    False: an inlined frame's loop was called (:func:`call_inner`) and the
    recording goes on in its caller; None: it goes on through the loop."""
    if len(r.shadows) == 1:
        if r.resumes:
            # (an await's JUMP_BACKWARD_NO_INTERRUPT back to its SEND is no loop)
            return None if f.dec.ops[pc] == _SEND else at_header(r, f, pc)
        return True if r.function and stop(r, f, pc) else None
    if r.shadows[-1].kind == "sgen" and f.dec.ops[pc] != _SEND:
        # a coroutine resumed by a SEND in the trace (its heap frame: no
        # call_loop builds it) back at a loop header whose code exists: that
        # loop runs until the coroutine suspends -- unrolled, the recording ran
        # on to "trace too long" (2,000 ops, ~50 ms each retry: bm_async_gen's
        # main resumed in its async comprehension).  Its own resumption trace
        # enters that code when the interpreter resumes it.
        info = loop_at(f, pc)
        if info is not None and info.compiled is not None:
            raise Abort("a loop with code of a coroutine resumed in the trace")
    return False if call_inner(r, f, pc) else None


# An inlined loop whose iteration is shorter than this (bytecode instructions, its
# own trace's recorded path) is unrolled rather than called: a native call costs
# what a few dozen instructions do, and a short body unrolled keeps the trace
# short (bm_short_loops' digits and pairs, 8-12 instructions an iteration: 17 ms
# unrolled, 26 ms called); a long one -- raytrace's nearest, an intersect inlined
# in each iteration, 60-70 -- unrolled makes every bridge after it long.
CALLED_BODY = 30


def call_inner(r, f, pc) -> bool:
    """An inlined frame (``f``, a plain call's) is back at the header ``pc`` of a
    loop with code of its own: rather than unrolling the loop into the trace --
    one guard per iteration it ran here, a bridge per other trip count, each
    running to the end of the trace (raytrace's ``Scene.trace`` inlining
    ``nearest`` and ``shadowed``: bridges past the limit) -- the trace calls the
    loop's code with the frame's values there, which runs the frame to its
    return (``v = call_loop_in(fn, LoopCallee, layout, depth, values...)``,
    jit/loopcall.py), and the recording goes on in the caller with ``v``.

    The frame itself is run to its return by the interpreter now (what the trace
    will do); an exception leaving it is the caller's at its call, as a residual
    call's -- the op's snapshot is the callers' there.  False (the loop is
    unrolled as before): a frame of another kind (nested, generator, ``__init__``),
    a loop without code (never hot by itself, blacklisted, being compiled), or
    one whose body is short (``CALLED_BODY``)."""
    sh = r.shadows[-1]
    caller = r.shadows[-2]
    back = f.back
    # A see-through builtin's frame (pyjit.seethrough: sum() over a generator
    # made in the loop -- spectral_norm's) is called as a plain call's is; one
    # CPython counts no level for (its ``outside`` says so: jit/record/calls.py,
    # _see_through) is no level here either.
    uncounted = _uncounted(f)
    if sh.frame is not f or sh.kind != "call" or sh.on_return is not None or \
            (f.outside is not None and not uncounted) or f.entry or back is None or \
            back is not caller.frame:
        return False
    # (a function made anew -- a closure, comprehension or lambda -- is named by
    # the trace value the inlined frame holds it by, not by a weak constant:
    # see made_once)
    vfn = const_ptr(f.func) if made_once(f.func) else sh.fref
    if vfn is None or (not made_once(f.func) and any(
            s.frame.code in nativecall._recursive for s in r.shadows[:-1])):
        # (a comprehension's loop inside a recursion -- json_tree's transform
        # through its dict and list comprehensions -- called at every level ran
        # 4x slower than unrolled: not called there)
        return False
    info = loop_at(f, pc)
    if info is None or info.dead or info.compiled is None or info.path_len < CALLED_BODY:
        return False
    layout, values = _frame_values(sh)
    # (the levels the interpreter counts while the frame runs: the inlined
    # frames', the called one's own unless uncounted)
    depth = inlined_depth(r)
    frames = [s.snap(s.ret_pc) for s in r.shadows[:-2]] + [caller.snap(back.lasti)]
    op = r.emit("call_loop_in", [vfn, const_ptr(callee(info)),
                                 const_ptr(tuple(layout)), const_ptr(depth)] + values,
                Snapshot(frames))
    op.instr = len(r.path)
    # the frame runs to its return as the entry frame of an eval loop of its own
    # (pop() leaves the value on its stack), its caller then given the value as
    # the interpreter's return gives it
    f.pc = pc
    f.entry = True
    if uncounted:
        f.outside = None
    # (meanwhile the frame is an eval loop's, not the recording's: frame views
    # see it there, at its own position -- jit/positions.py, recording)
    r.inner = f
    try:
        v = nativecall._go(f, r.ts, None)
    except BaseException as e:
        exc = e
    else:
        exc = None
    finally:
        r.inner = None
    if uncounted:
        r.ts.depth += 1   # (an entry frame's return gave a level back: it had none)
    f.entry = False
    if exc is None:
        frame_end(r, sh)
    r.shadows.pop()
    r.f = back
    if exc is not None:
        r.pc = back.lasti     # (the caller raises it at its call: run() hands it over)
        raise Raised(exc)
    back.stack.append(v)
    caller.stack.append(op)
    r.next(caller.ret_pc)
    return True
