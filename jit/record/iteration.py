"""Recording iteration.

GET_ITER, and FOR_ITER: inline ops for range/list/tuple iterators, else
``call_iternext``; ``yield from`` a range/list/tuple iterator inside a
generator the trace resumes.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import types

from pyjit.generators import Coroutine, Generator, _ASend

from . import agen, dunders, lazy, resumption
from .core import LOOP_EXIT, Abort, Raised
from pyjit.typelookup import type_in

_RANGE_ITER = type(iter(range(0)))
_LIST_ITER = type(iter([]))
_TUPLE_ITER = type(iter(()))


def rec_GET_ITER(r, f, dec, pc, arg):
    if type(f.stack[-1]) is Generator:
        # a generator is its own iterator (Generator.__iter__ returns it): no call
        # through the host into pyjit's Python method (json_tree: max(genexpr))
        r.guard_class(r.peek(), Generator)
        r.next(dec.nexts[pc])
        return
    if not dunders.get_iter(r, f, dec, pc, f.stack[-1], r.peek()):
        r.generic(f, pc, arg, "call_getiter", [r.peek()], 1)


def _iter_next_op(r, v, t, done):
    """The trace's next item of iterator ``v`` (of type ``t``); leaving by
    ``done`` when it is exhausted."""
    if t is _RANGE_ITER or t is _LIST_ITER or t is _TUPLE_ITER:
        r.guard_class(v, t)
        if t is _RANGE_ITER:
            return r.emit("box_int", [r.emit("rangeiter_next", [v], done)])
        return r.emit("listiter_next" if t is _LIST_ITER else "tupleiter_next", [v], done)
    res = r.emit("call_iternext", [v], r.before())
    r.emit("guard_nonnull", [res], done)
    return res


def rec_FOR_ITER(r, f, dec, pc, arg):
    it = f.stack[-1]
    v = r.peek()
    if dunders.for_iter(r, f, dec, pc, it, v) or resumption.for_iter(r, f, dec, pc, it, v) \
            or lazy.for_iter(r, f, dec, pc, it, v, _iter_next_op):
        return
    done = r.snapshot(pc=arg, drop=1)   # exhausted: the iterator popped, after the loop
    before = r.before()
    r.f.lasti = pc
    try:
        value = next(it)
    except StopIteration:
        if pc == r.header and len(r.shadows) == 1:
            raise Abort(LOOP_EXIT, retry=True) from None
        # An inner loop ends here (recording unrolls inner loops): the trace
        # checks that it ends here too.  If it does not, the item is on the
        # stack after FOR_ITER where the interpreter goes on.
        p = r.emit("call_iternext", [v], before)
        goes_on = r.snapshot(pc=dec.nexts[pc])
        goes_on.frames[-1].stack.append(p)
        r.emit("guard_isnull", [p], goes_on)
        f.stack.pop()
        r.pop()
        r.next(arg)
        return
    except BaseException as e:
        raise Raised(e) from None
    f.stack.append(value)
    r.push(_iter_next_op(r, v, type(it), done))
    r.next(dec.nexts[pc])


# -- ``yield from`` a plain iterator, inside a generator resumed in the trace
# (jit/record/resumption.py): the generator's SEND loop (SEND; YIELD_VALUE;
# RESUME 2; JUMP_BACKWARD_NO_INTERRUPT) with None sent -- a FOR_ITER's
# resumption, or the loop's first step -- is the delegate's next item, as
# Generator._resume runs it (pyjit.generators.send: next() for an iterator sent
# None).  A delegate that is a generator or anything else is not recorded.

PLAIN_ITERATORS = resumption.PLAIN_ITERATORS
_NOT_ITERATED = (Generator, Coroutine, types.GeneratorType, types.CoroutineType)


def rec_GET_YIELD_FROM_ITER(r, f, dec, pc, arg):
    t = type(f.stack[-1])
    if r.shadows[-1].kind != "gen" or type_in(t, _NOT_ITERATED):
        raise Abort("unsupported instruction GET_YIELD_FROM_ITER")
    r.guard_class(r.peek(), t)     # (the type decides: a generator would be kept as it is)
    rec_GET_ITER(r, f, dec, pc, arg)


def rec_SEND(r, f, dec, pc, arg):
    recv = f.stack[-2]
    t = type(recv)
    if (t is Generator or t is Coroutine) and resumption.send(r, f, pc, recv):
        return      # (an awaitable's __await__: record/suspension.py)
    if t is _ASend and agen.send_step(r, f, pc, recv):
        return      # (an async generator's step suspended in an await)
    if r.shadows[-1].kind != "gen" or not type_in(t, PLAIN_ITERATORS) or \
            f.stack[-1] is not None or not r.is_ref(r.peek(), None):
        raise Abort("unsupported instruction SEND")
    vrecv = r.peek(2)
    # exhausted: the SEND's result (None, an iterator's StopIteration value) on
    # the stack in the receiver's place, the frame on at the SEND's target
    done = r.snapshot(pc=arg, drop=2)
    done.frames[-1].stack.append(r.const_value(None))
    before = r.before()
    try:
        value = next(recv)
    except StopIteration:
        # ends here while recording: the trace checks that it ends here too (if
        # not, the item is on the stack at the YIELD_VALUE after SEND)
        p = r.emit("call_iternext", [vrecv], before)
        goes_on = r.snapshot(pc=pc + 1, drop=1)
        goes_on.frames[-1].stack.append(p)
        r.emit("guard_isnull", [p], goes_on)
        f.stack.pop()
        f.stack[-1] = None
        r.pop()
        r.pop()
        r.push(r.const_value(None))
        r.next(arg)
        return
    except BaseException as e:
        raise Raised(e) from None
    f.stack[-1] = value
    r.pop()
    r.push(_iter_next_op(r, vrecv, t, done))
    r.next(pc + 1)


def rec_JUMP_BACKWARD_NO_INTERRUPT(r, f, dec, pc, arg):
    if len(r.shadows) == 1 and not r.resumes:
        raise Abort("unsupported instruction JUMP_BACKWARD_NO_INTERRUPT")
    r.next(arg)     # (back to the SEND of a generator's yield-from loop)
