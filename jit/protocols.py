"""Finishing an instruction whose dunder method a trace inlined, after leaving the trace.

A *nested* inlined frame (``ir.FRAME_KINDS``) is a method of a program class
that an instruction calls through the host's type slots: ``a + b`` calls
``__add__``, ``for x in it`` calls ``__next__``, ``if obj:`` calls
``__bool__``...  When a trace is left inside one, :mod:`.resume` runs the
method (and the frames it inlined) to its return in a nested eval loop -- as
the slot call would have -- and :func:`finish` then does what the instruction
does with the result: what CPython's C code does after the slot returned (the
reflected operand when ``__add__`` returned NotImplemented, the check that
``__bool__`` returned a bool, the end of the loop on StopIteration...).

The recorder inlines only the cases whose rest is written here (operands of
the method's class or of a builtin type, no subclass relations that would make
CPython try the other operand first); :mod:`.record.dunders` has the
record-time side of each kind.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import opcodes as O
from pyjit import tiers
from pyjit.generators import AsyncGenWrapped
from pyjit.null import NULL
from pyjit.tracebacks import leave_vm
from pyjit.typelookup import type_name

_exception = __import__("sys").exception
_index = __import__("operator").index
_MAXSIZE = __import__("sys").maxsize

def binop_methods(oparg):
    """BINARY_OP's oparg -> (symbol, method, reflected method, in-place method or None),
    from the opcode table."""
    b = O.BINARY_OP_TABLE[oparg]
    return b.symbol, b.method, b.rmethod, b.imethod


def _unsupported(oparg, a, b):
    sym = O.BINARY_OPS[oparg][0]
    return TypeError(f"unsupported operand type(s) for {sym}: '{type_name(type(a))}' and "
                     f"'{type_name(type(b))}'")


def binop_rest(oparg, a, b, kind):
    """``a <op> b`` after the method the recorder inlined -- ``binop``: a's
    ``__add__``, ``ibinop``: a's ``__iadd__``, ``rbinop``: b's ``__radd__`` --
    returned NotImplemented (CPython's binary_op1, for the operand types the
    recorder inlines: a of a program class and b of the same or a builtin type,
    or a a builtin number)."""
    _, name, rname, _ = binop_methods(oparg)
    if kind == "ibinop":
        m = getattr(type(a), name, None)
        if m is not None:
            r = m(a, b)
            if r is not NotImplemented:
                return r
    if kind != "rbinop" and type(b) is not type(a):
        reflected = getattr(type(b), rname, None)
        if reflected is not None:
            r = reflected(b, a)
            if r is not NotImplemented:
                return r
    raise _unsupported(oparg, a, b)


def len_value(v):
    """``len(obj)``'s value when ``obj.__len__()`` returned ``v``: CPython's
    slot_sq_length -- ``v.__index__()`` unless an int (TypeError if it has none),
    ValueError if negative, OverflowError if it does not fit a Py_ssize_t; an
    exact int (PyLong_FromSsize_t: a bool or an int subclass gives its value)."""
    v = _index(v)
    if v < 0:
        raise ValueError("__len__() should return >= 0")
    if v > _MAXSIZE:
        raise OverflowError("cannot fit 'int' into an index-sized integer")
    return v


def compare_rest(oparg, a, b):
    """``a <op> b`` after ``a.__op__(b)`` returned NotImplemented (do_richcompare)."""
    op = O.COMPARE_OP_TABLE[oparg]
    sym = op.symbol
    m = getattr(type(b), op.reflected, None)
    if m is not None:
        r = m(b, a)
        if r is not NotImplemented:
            return r
    if oparg == 2:
        return a is b
    if oparg == 3:
        return a is not b
    raise TypeError(f"'{sym}' not supported between instances of '{type_name(type(a))}' and "
                    f"'{type_name(type(b))}'")


# -- each kind: finish the caller's instruction (caller.pc) with the method's
#    result; return the frame to continue in, or (frame, pc, exception)


def _binop(caller, result, kind):
    pc = caller.pc
    s = caller.stack
    if result is NotImplemented:
        oparg = caller.dec.args[pc]
        result = binop_rest(oparg, s[-2], s[-1], kind)
    del s[-2:]
    s.append(result)
    caller.pc = caller.dec.nexts[pc]
    return caller


def _compare(caller, result, kind):
    pc = caller.pc
    s = caller.stack
    if result is NotImplemented:
        result = compare_rest(caller.dec.args[pc], s[-2], s[-1])
    del s[-2:]
    s.append(result)
    caller.pc = caller.dec.nexts[pc]
    return caller


def _unary(caller, result, kind):
    caller.stack[-1] = result
    caller.pc = caller.dec.nexts[caller.pc]
    return caller


def _bool(caller, result, kind):
    if type(result) is not bool:
        raise TypeError(f"__bool__ should return bool, returned {type_name(type(result))}")
    return _truth_jump(caller, result)


def _lenbool(caller, result, kind):
    # (a truth test by __len__: PyObject_IsTrue's mp_length, slot_sq_length's checks)
    return _truth_jump(caller, len_value(result) != 0)


def _truth_jump(caller, t):
    """The caller's POP_JUMP_*_IF_TRUE/FALSE finished with the truth ``t`` of its operand."""
    pc = caller.pc
    dec = caller.dec
    caller.stack.pop()
    jump_if = O.BY_CODE[dec.ops[pc]].name.endswith("_IF_TRUE")
    caller.pc = dec.args[pc] if t is jump_if else pc + 1
    return caller


def _next(caller, result, kind):
    caller.stack.append(result)
    caller.pc = caller.pc + 1
    return caller


def _filter(caller, result, kind):
    # (the item is on the stack, above the filter object: filter_next's test)
    if result:
        caller.pc = caller.pc + 1        # the item is FOR_ITER's result
    else:
        caller.stack.pop()               # FOR_ITER again: the next item
    return caller


def _iter(caller, result, kind):
    if not hasattr(type(result), "__next__"):
        raise TypeError(f"iter() returned non-iterator of type '{type_name(type(result))}'")
    caller.stack[-1] = result
    caller.pc = caller.pc + 1
    return caller


def _setitem(caller, result, kind):
    del caller.stack[-3:]
    caller.pc = caller.dec.nexts[caller.pc]
    return caller


def _delitem(caller, result, kind):
    del caller.stack[-2:]
    caller.pc = caller.dec.nexts[caller.pc]
    return caller


def _contains(caller, result, kind):
    pc = caller.pc
    t = bool(result)
    del caller.stack[-2:]
    caller.stack.append(t is not bool(caller.dec.args[pc]))
    caller.pc = pc + 1
    return caller


def _len(caller, result, kind):
    # (CALL of the builtin len: its callable, NULL or not, and argument popped)
    n = len_value(result)
    pc = caller.pc
    del caller.stack[-(caller.dec.args[pc] + 2):]
    caller.stack.append(n)
    caller.pc = caller.dec.nexts[pc]
    return caller


def _sent(caller, result, kind):
    # SEND of an await the trace inlined (record/awaiting.py): (returned, value)
    # from Coroutine._run -- the SEND's target with the return value, else the
    # YIELD_VALUE after it with what the coroutine yielded (CPython's SEND)
    returned, r = result
    pc = caller.pc
    if returned:
        caller.stack[-1] = r
        caller.pc = caller.dec.args[pc]
    else:
        caller.stack.append(r)
        caller.pc = pc + 1
    return caller


FINISH = {"binop": _binop, "ibinop": _binop, "rbinop": _binop, "compare": _compare,
          "unary": _unary,
          "bool": _bool, "next": _next, "iter": _iter, "setitem": _setitem, "delitem": _delitem,
          "contains": _contains, "len": _len, "lenbool": _lenbool,
          "gen": _next, "filter": _filter, "await": _sent,
          "agen": _sent, "sgen": _sent}


# Nested kinds a bridge's recording can start inside (the recorder knows what
# their return does: record/resumption.py for ``gen``, record/lazy.py for the
# others): their exits may get bridges, the frame linked to its caller for the
# recording (resume.restore(link=True)) rather than run to its return.
BRIDGED = frozenset({"gen", "next", "filter", "await", "agen", "sgen"})


def _resumed(gen, inner, ts, exc):
    """The rest of ``next(gen)`` after a trace (or a recording) left inside the
    resumption it began (jit/record/resumption.py): run the generator's frame to
    its next yield or return, as ``Generator.__next__`` does; the value
    yielded, or StopIteration (ends the loop)."""
    try:
        returned, r = gen._run(inner, ts, exc, _exception())
    except BaseException as e:
        leave_vm(e)
        raise
    if returned:
        raise StopIteration
    return r


def _anext(step, inner, ts, exc):
    """The rest of an ``async for`` step after a trace (or a recording) left inside
    the async generator's resumption it began (jit/record/agen.py): what
    ``_ASend.send`` does after resuming -- ``(True, value)`` for a yield (the
    SEND's result), ``(False, value)`` for an await inside that suspends,
    StopAsyncIteration for its return."""
    gen = step.gen
    try:
        try:
            returned, r = gen._run(inner, ts, exc, _exception())
        except BaseException:
            step.state = 2
            gen.running_async = False
            raise
        if returned:
            step.state = 2
            gen.closed = True
            gen.running_async = False
            raise StopAsyncIteration
    except BaseException as e:
        leave_vm(e)      # (as _ASend.send's host_entry)
        raise
    if type(r) is AsyncGenWrapped:
        step.state = 2
        gen.running_async = False
        return True, r.value
    return False, r


def finish(caller, kind, result, exc):
    """The instruction at ``caller.pc`` called a method of kind ``kind``, which
    returned ``result`` or raised ``exc``: do the rest of the instruction."""
    if exc is not None:
        if kind == "filter":
            caller.stack.pop()                       # (the item: filter_next dropped it)
        if kind in ("next", "gen", "filter") and issubclass(type(exc), StopIteration):
            caller.stack.pop()                       # the loop ends (FOR_ITER)
            caller.pc = caller.dec.args[caller.pc]
            return caller
        return (caller, caller.pc, exc)
    try:
        return FINISH[kind](caller, result, kind)
    except BaseException as e:
        if kind == "filter":
            caller.stack.pop()                       # (its truth raised: the item dropped)
        return (caller, caller.pc, e)


def raised_at(frame, pc, exc):
    """An op raised ``exc`` with ``frame`` at its instruction ``pc`` (a trace's
    raising exit outside nested frames): ``(frame, pc, exc)`` to raise there --
    except a StopIteration at a FOR_ITER, which ends the loop, as CPython's
    FOR_ITER ends it on any StopIteration from tp_iternext (a ``__next__`` the
    trace called natively: :mod:`.record.dunders`).  The frame to go on with then."""
    if isinstance(exc, StopIteration) and frame.dec.ops[pc] == O.FOR_ITER:
        frame.stack.pop()                    # (the iterator)
        frame.pc = frame.dec.args[pc]
        return frame
    return (frame, pc, exc)


def run_nested(segments, inner, ts, exc=None):
    """Run the nested frames of ``segments`` (``(caller, entry, kind)``, outermost
    first; ``inner``: the innermost frame, at its pc -- raising ``exc`` there if
    given) each to its return in a nested eval loop, finishing each caller's
    instruction.  Returns the frame to continue with, or ``(frame, pc, exc)``."""
    run = (tiers.active or tiers.selected()).run
    # Frame views (pyjit.frames): while a segment's entry runs, its caller --
    # at its instruction -- is where this host frame stands (``caller``, read by
    # jit.positions.nested: not the recorder's or the trace's stale position),
    # and the entries of the segments still to run are linked to their callers
    # as the calls they stand for, so the logical stack goes on down to the
    # frame the trace or recording left.
    for caller, entry, kind in segments:
        entry.back = caller
    for caller, entry, kind in reversed(segments):
        # an entry frame of the nested loop, as frame.push_entry makes one (resume
        # pushed it so; a recording that stopped inside it had pushed it as a call)
        entry.entry = True
        entry.back = None
        if exc is not None:
            inner.lasti = inner.pc
        try:
            if kind == "gen":
                # the generator's own resumption goes on (Generator.__next__'s end)
                result = _resumed(caller.stack[-1], inner, ts, exc)
            elif kind == "agen":
                result = _anext(caller.stack[-1], inner, ts, exc)
            elif kind == "await" or kind == "sgen":
                # the coroutine's (generator's) resumption by SEND goes on
                # (Coroutine._resume's end)
                result = caller.stack[-1]._run(inner, ts, exc, _exception())
            else:
                result = run(inner, ts, exc)
            exc = None
        except BaseException as e:
            result, exc = NULL, e
        r = finish(caller, kind, result, exc)
        exc = None
        if r.__class__ is tuple:
            caller, _, exc = r
        inner = caller
    if exc is not None:
        return (inner, inner.pc, exc)
    return inner


def is_nested(kind) -> bool:
    return kind in FINISH
