"""Inlining: entering a VM function's frame while recording, and returning from it.

A call the recorder inlines becomes a real frame (the program runs for real
while recording; an abort anywhere leaves the interpreter a consistent state)
whose instructions are recorded into the same trace.  How the frame was
entered is its *kind* (``ir.FRAME_KINDS``), which says what its return does:

* ``call`` -- the value is pushed on the caller's stack (CALL, property
  getters, ``__getitem__`` ...);
* ``init`` -- ``__init__`` of a class call: the return value must be None, the
  new object is pushed;
* nested kinds -- a dunder method an instruction calls: the caller stays at
  the instruction with its operands on the stack, and the frame's
  ``on_return`` checks the value (in the method) then finishes the instruction
  with it (in the caller): :mod:`.dunders`.

Which calls are not inlined (:func:`refusal`): generator functions and
recursion (the next issue's native calls), calls nested deeper than
:data:`MAX_INLINE_DEPTH`, and callees whose inlining made a trace too long
(:data:`NO_INLINE`: their loops run too many iterations to unroll;
``toolong.CALLED``: the biggest part of a recording too long) -- those are
called, natively where the callee can have a function trace.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit.calls import enter_init
from pyjit.frame import Frame, RecursionLimit, pop, push
from pyjit import opcodes as O
from pyjit.function import Function
from pyjit.null import NULL

from .. import ir
from ..ir import Const, Op, const_ptr
from .binding import function_slot
from . import genmake, toolong
from .core import CLOSED, NO_INLINE, Abort, Shadow, has_backedge, is_ref_of

MAX_INLINE_DEPTH = 12
_RESUME = O.RESUME
_BOXES = frozenset(ir.BOX_CLASS)   # (their objects run no code when they die)

def refusal(r, fn, awaited=False):
    """Why a call of VM function ``fn`` is not inlined (None: it is).  Returns
    ``(reason, abort)``: abort -- the recording stops (what a residual call
    would make slower than the interpreter); else the trace calls it.
    ``awaited``: ``await fn(...)`` of a coroutine function (:mod:`.awaiting`)."""
    name = fn.__name__
    if r.ts.depth + 1 >= RecursionLimit.value:
        # (checked here, before the caller pops the call's operands: an abort in
        # push_frame would leave the interpreter a CALL without them)
        return "recursion limit", True
    if fn.dec.is_gen and not awaited and not genmake.plain(fn):
        return f"call of generator function {name}()", True
    top = r.shadows[0].frame.func
    if (top is not None and top.code is fn.code) or any(
            sh.func is not None and sh.func.code is fn.code for sh in r.shadows[1:]):
        # Recursion.  Through the host a call costs more than the interpreter's
        # own (measured: fib 224 ms vs 117 ms): where the loop's own function
        # recurses (nqueens, tree walks), the recursion is the loop's work and
        # the recording stops -- the next issue's native calls make it a call
        # of compiled code.  A recursive function with a loop that the loop
        # inlined (raytrace's trace() reflecting a ray) is called: its loop has
        # a trace of its own, and the loop around keeps its.
        return f"recursive call of {name}()", (
            not has_backedge(fn) or (top is not None and top.code is fn.code))
    if fn.code in NO_INLINE:
        return f"{name}() loops too long to inline", False
    if fn.code in toolong.CALLED:
        return f"{name}() too long to inline: called", False
    if len(r.shadows) > MAX_INLINE_DEPTH:
        return f"calls nested deeper than {MAX_INLINE_DEPTH} at {name}()", False
    return None


def inlines(r, fn) -> bool:
    """Is a call of ``fn`` inlined here?  False: the trace calls it; a refusal
    that stops the recording raises its Abort."""
    why = refusal(r, fn)
    if why is None:
        return True
    if why[1]:
        raise Abort(why[0])
    return False


def identify(r, fn, vfn, snap):
    """Guard that ``vfn`` is the function ``fn`` the recording calls.  Returns
    ``(fref, fixed)``: the trace value the inlined frame holds its function by
    (and reads it from), and whether it is ``fn`` itself (else any function with
    ``fn``'s code and globals: a closure or lambda made anew each iteration, as
    CPython's CALL_PY_EXACT_ARGS caches the code, not the function)."""
    if is_ref_of(vfn, fn):
        return (vfn if isinstance(vfn, Op) else r.emit("const_ref", [vfn])), True
    if isinstance(vfn, Op) and vfn.name == "type_lookup":
        return vfn, True       # (a class attribute: its class's version is guarded)
    if _named_in_module(fn):
        r.emit("guard_value", [vfn, const_ptr(fn)], snap)
        return vfn, True
    r.guard_class(vfn, Function)
    code = function_slot(r, vfn, "code")
    r.emit("guard_value", [code, const_ptr(fn.code)], snap)
    g = function_slot(r, vfn, "globals")
    vg = r.dict_ref(fn.globals)
    if isinstance(vg, Const):
        r.emit("guard_value", [g, vg], snap)
    else:
        r.emit("guard_true", [r.emit("ptr_eq", [g, vg])], snap)
    return vfn, False


def _named_in_module(fn) -> bool:
    """Is ``fn`` a function its module binds by name (a ``def`` at top level),
    which lives as long as the module?  Anything else -- a closure, a function
    made in a function, a lambda (at module level too: ``key=lambda r: r.age`` in
    a loop is a new object per iteration) -- is identified by its code, else
    its identity guard fails and its weak constant dies each time it is made
    again (the trace is dropped and recorded again, over and over)."""
    return fn.closure is None and "<locals>" not in fn.qualname and \
        type(fn.globals) is dict and fn.globals.get(fn.__name__) is fn


def push_frame(r, fn, fref, fast, vfast, ret_pc, *, kind="call", lasti=None,
               outside=None, extra=()):
    """Enter ``fn``'s frame (locals ``fast``, their trace values ``vfast``; its
    reference to its function the trace value ``fref``) from the current frame,
    which continues at ``ret_pc`` when it returns (for a nested frame: at the
    instruction itself) and shows ``lasti`` meanwhile (default: ``ret_pc - 1``,
    the last unit of the instruction).  The caller has already popped what the
    call consumed.  ``outside``: ``(new object, held arguments)`` of a class
    call's ``__init__`` (kind ``init``), pushed as :func:`pyjit.calls.enter_init`
    pushes it.  Returns the callee's shadow."""
    ts = r.ts
    if ts.depth + 1 >= RecursionLimit.value:
        raise Abort("recursion limit")   # (so the push below cannot raise RecursionError)
    f = r.f
    if outside is not None:
        nf = enter_init(f, lasti, fn, outside[0], fast, ts, outside[1], ret_pc)
    else:
        nf = push(f, Frame(fn, fast), ts, ret_pc, ret_pc - 1 if lasti is None else lasti)
    if nf.pc == 0 and nf.dec.entry_pc == 0 and nf.dec.ops[0] == _RESUME:
        # (a function whose calls the JIT counts starts at its RESUME_JIT: inlined,
        # its frame starts past it as in the other tiers -- the call is not one
        # the interpreter counts, nor an instruction the native share counts)
        nf.pc = 1
    r.shadows[-1].ret_pc = ret_pc
    callee = Shadow(nf, dict(vfast), [], fn, fref, kind, extra)
    r.shadows.append(callee)
    toolong.entered(r, callee)
    r.max_depth = max(r.max_depth, len(r.shadows) - 1)
    r.f = nf
    r.next(nf.pc)
    return callee


def frame_end(r, callee):
    """``callee``'s frame returns: the trace lets go of its values as CPython
    releases a returning frame's locals -- in index order, then (a class call)
    the arguments its caller held."""
    held = callee.extra[:0:-1] if callee.kind == "init" else []
    end = [v for v in [callee.locals[k] for k in sorted(callee.locals)] + held
           if not isinstance(v, Const) and v.type == ir.R and
           not (isinstance(v, Op) and v.name in _BOXES)]
    if end:
        r.emit("frame_end", end)


def pop_frame(r, result, vresult):
    """The current inlined frame returned ``result`` (trace value ``vresult``):
    back in its caller, which gets the value as the frame's kind says (an
    ``init`` frame's call gives the new object: :func:`pyjit.frame.pop`)."""
    callee = r.shadows.pop()
    frame_end(r, callee)
    toolong.returned(r, callee)
    f = r.f
    back = pop(f, result, r.ts)   # (as the interpreter returns: the value on back's stack)
    _let_go(f)
    r.f = back
    caller = r.shadows[-1]
    if callee.on_return is not None:
        # a nested frame: its caller's instruction is not finished; it gets the value
        # (what it emits is the caller's instruction's: its line, its snapshots)
        r.pc = back.pc
        r._before = None
        callee.on_return[1](r, back, back.stack.pop(), vresult)
        return
    caller.stack.append(vresult)
    r.next(back.pc)


def _let_go(f):
    """Returned frame ``f``'s locals go now, as CPython clears a returning frame
    with no frame object (released reversed by ``frame.pop``: the list frees them
    in index order).  The interpreter drops such a frame at once; here it may be
    one an exit rebuilt, which the driver's exit path (and this recording's
    caller) hold until the recording ends -- its objects would outlive their
    last use by the rest of the iteration (a ``__del__``, a weakref callback
    late).  A frame a view holds keeps them: the view reads them, as CPython's
    frame object owns a returned frame's locals."""
    view = getattr(f, "view", None)
    if view is None or view() is None:
        f.fast.clear()


def rec_RETURN_VALUE(r, f, dec, pc, arg):
    if len(r.shadows) == 1:
        if not r.function and r.label is None:
            # (the recorded iteration took the rare path: the next may not)
            raise Abort("return from the loop's frame", retry=True)
        # a function trace's end, or a loop's bridge whose path returns from the
        # loop's frame (a search loop's ``return i``): it leaves at this
        # instruction with the value on the stack, and the interpreter returns
        # (the frame's locals die in its order, as without the trace)
        snap = r.snapshot()
        snap.restart = False   # (fault injection: not a guard that could hold)
        r.emit("finish", [r.peek()], snap)
        return CLOSED
    sh = r.shadows[-1]
    v = f.stack[-1]
    vv = r.peek()
    if sh.kind == "init":
        if v is not None:
            raise Abort("__init__ returned a value")   # (the interpreter raises)
        if not isinstance(vv, Const):
            r.emit("guard_value", [vv, const_ptr(None)], r.before())
        vv = sh.extra[0]   # (the call's value: frame.pop gives the object for None)
    elif sh.on_return is not None:
        # (a nested frame: what its caller needs of it; True: it did the return
        # itself -- a generator's, record.resumption)
        if sh.on_return[0](r, v, vv):
            return
    elif sh.kind in ("gen", "agen"):   # (a bridge's: record.resumption)
        raise Abort("a generator returned inside the trace (an inner loop over it ended)")
    f.stack.pop()
    r.pop()
    pop_frame(r, v, vv)


def uncounted(f) -> bool:
    """Is ``f`` the inlined frame of a see-through builtin whose call CPython
    counts no recursion level for (``outside`` ``(NULL, [], True)``)?"""
    o = f.outside
    return o.__class__ is tuple and len(o) > 2 and o[0] is NULL and not o[1]


def inlined_depth(r) -> int:
    """The recursion levels the interpreter would count for the frames the
    trace inlined, up to the one recording now (the trace's own frame is
    counted by whoever entered it): what a call made from here -- natively,
    ``call_assembler_in``/``call_loop_in`` -- adds to the thread's depth."""
    return len(r.shadows) - 1 - sum(uncounted(s.frame) for s in r.shadows[1:])
