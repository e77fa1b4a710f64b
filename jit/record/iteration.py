"""Recording iteration.

GET_ITER, and FOR_ITER: inline ops for range/list/tuple iterators, else
``call_iternext``.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from . import dunders, lazy, resumption
from .core import LOOP_EXIT, Abort, Raised

_RANGE_ITER = type(iter(range(0)))
_LIST_ITER = type(iter([]))
_TUPLE_ITER = type(iter(()))


def rec_GET_ITER(r, f, dec, pc, arg):
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
