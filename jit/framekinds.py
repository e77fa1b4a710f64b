"""How an inlined frame was entered: the frame kinds of snapshots (``FrameSnap.kind``).

A kind says what the frame's return does and how leaving the trace rebuilds it
(:mod:`.resume`, :mod:`.protocols`); see notes/jit.md, "Inlined frames".
(Out of :mod:`.ir`, which re-exports them, to keep that module small.)"""

from __future__ import annotations

from typing import NamedTuple


class FrameKind(NamedTuple):
    """How an inlined frame was entered (see notes/jit.md, "Inlined frames")."""
    name: str
    linked: bool     # resume links it as its caller's callee, else runs it to its return
    nextra: int      # values in FrameSnap.extra (-1: it varies, see the kind's doc)
    doc: str


FRAME_KINDS = {k.name: k for k in (
    FrameKind("call", True, 0, "CALL (and any instruction whose callee's return pushes its "
              "value: property getters, __getitem__, __enter__); the caller is after the "
              "instruction"),
    FrameKind("init", True, -1, "__init__ of a class call: extra = the new object, which the "
              "return pushes (the return value must be None), then the call's arguments, "
              "last first, which its caller holds until the frame is gone"),
    # nested kinds: a method of a program class that an instruction calls through a
    # type slot, the instruction not finished -- its caller is *at* the instruction,
    # its operands still on the stack (jit/protocols.py finishes it)
    FrameKind("binop", False, 0, "BINARY_OP: the left operand's __add__"),
    FrameKind("ibinop", False, 0, "BINARY_OP, in place: the left operand's __iadd__"),
    FrameKind("rbinop", False, 0, "BINARY_OP: the right operand's reflected __radd__"),
    FrameKind("compare", False, 0, "COMPARE_OP: the left operand's __lt__, __eq__..."),
    FrameKind("unary", False, 0, "UNARY_NEGATIVE/POSITIVE/INVERT: __neg__, __pos__, __invert__"),
    FrameKind("bool", False, 0, "a conditional jump's truth test: __bool__"),
    FrameKind("next", False, 0, "FOR_ITER: __next__ (StopIteration ends the loop)"),
    FrameKind("iter", False, 0, "GET_ITER: __iter__ (its result must be an iterator)"),
    FrameKind("setitem", False, 0, "STORE_SUBSCR: __setitem__ (its result dropped)"),
    FrameKind("delitem", False, 0, "DELETE_SUBSCR: __delitem__ (its result dropped)"),
    FrameKind("contains", False, 0, "CONTAINS_OP: the container's __contains__"),
    FrameKind("len", False, 0, "CALL of the builtin len (CALL's operands on the stack): "
              "__len__ (its result checked as slot_sq_length does)"),
    FrameKind("lenbool", False, 0, "a conditional jump's truth test of an object with "
              "__len__ and no __bool__: __len__ (checked as for len, true when not 0)"),
    FrameKind("filter", False, 0, "FOR_ITER over filter(f, ...): f, the item on its stack (lazy.py)"),
    FrameKind("gen", False, 1, "FOR_ITER over a VM generator: its own suspended frame resumed "
              "(extra = the generator), run to its next yield (jit/record/resumption.py)"),
    FrameKind("sgen", False, 1, "SEND of None to a VM generator (an awaitable's __await__, "
              "awaited): its own frame resumed (extra = the generator), run to its next yield "
              "-- the SEND's yielded value (jit/record/suspension.py)"),
    FrameKind("await", False, 0, "SEND of `await f(...)`: the coroutine f(...) made and "
              "awaited in the trace, never built there -- its caller's stack holds a "
              "placeholder, resume makes the coroutine (jit/record/awaiting.py)"),
    FrameKind("agen", False, 1, "SEND of `async for` over a VM async generator: its own "
              "suspended frame resumed (extra = the generator), run to its next yield; its "
              "__anext__() awaitable is a placeholder (jit/record/agen.py)"),
)}
