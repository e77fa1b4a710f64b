"""Recording ``for x in map(f, ...)`` and ``for x in filter(f, ...)`` with a VM function ``f``.

A ``map`` or ``filter`` object's ``__next__`` is C code that calls ``f`` -- a
VM function, hence pyjit's own Python code, entered from native code on every
iteration of a trace that calls the object's ``tp_iternext``.  The recorder
sees through the two instead: it reads the object's C fields (its iterators
and its function, :mod:`..llvm.layout`), takes the next item of each iterator
as FOR_ITER over that iterator would, and inlines the call of ``f`` as a
nested frame of the FOR_ITER (``ir.FRAME_KINDS``), so the loop's body and
``f``'s are one trace.  The objects stay the C ones (``type(m) is map``,
pickling, ``__length_hint__``): only how their step is recorded changes.

What CPython's C code does is what the trace does, in its order:

* ``map``: one item from each iterator in turn, then ``f(*items)``; the map
  ends when any iterator does (the items taken from the ones before it are
  gone, as in CPython) and when ``f`` raises StopIteration;
* ``filter``: one item, ``f(item)``, then its truth: true -- FOR_ITER pushes
  the item; false -- the step starts again with the next item (the trace goes
  back to the FOR_ITER: where it is the loop's header, a rejected item ends
  the iteration, and the other path is a bridge).

Leaving the trace inside ``f`` finishes FOR_ITER as the C code would
(:mod:`..protocols`, kinds ``next`` and ``filter``).  Not seen through: other
callables (C functions, classes, bound methods: the C step calls them
natively anyway), ``filter(None, ...)``, and a ``map`` over several iterators
unless all but the first are range, list or tuple iterators with an item
left (a later one running out while recording would leave the earlier ones
advanced with no trace of it).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit.function import Function

from ..ir import const_int, const_ptr
from ..llvm import layout as L
from .binding import bind
from .branches import truth
from .core import BRIDGE_RETURNS, LOOP_EXIT, Abort, Raised, atomic
from .dunders import next_result, no_check
from .inline import identify, inlines, push_frame
from pyjit.typelookup import type_in

_SEQ_ITERS = (type(iter(range(0))), type(iter([])), type(iter(())))
_TRUTHS = (bool, int, float, type(None))   # results whose truth runs no code (recording.truth)


def for_iter(r, f, dec, pc, it, vit, next_op) -> bool:
    """FOR_ITER at ``pc`` over ``it`` (trace value ``vit``): seen through if a
    ``map`` or ``filter`` of a VM function.  ``next_op(r, v, type, done)`` is the
    trace's next item of a plain iterator.  False: not here."""
    t = type(it)
    if not L.LAZY_INLINE or (t is not map and t is not filter):
        return False
    fn, *iters = it.__reduce__()[1]
    if type(fn) is not Function or fn.dec.is_gen:
        return False
    if type_in(type(iters[0]), _SEQ_ITERS) and not iters[0].__length_hint__():
        return False   # (it ends here: FOR_ITER's own recording of an end, f not called)
    if t is map and not all(type_in(type(i), _SEQ_ITERS) and i.__length_hint__() > 0
                            for i in iters[1:]):
        return False
    if not inlines(r, fn):
        return False
    snap = r.before()
    r.guard_class(vit, t)
    if t is map:
        vseq = r.emit("getattr_slot", [vit, const_ptr("iters"), const_int(L.MAP_ITERS)], snap)
        r.emit("guard_len", [vseq, const_int(len(iters))], snap)
        vits = [r.emit("tuple_getitem", [vseq, const_int(k)]) for k in range(len(iters))]
        vfn = r.emit("getattr_slot", [vit, const_ptr("func"), const_int(L.MAP_FUNC)], snap)
    else:
        vits = [r.emit("getattr_slot", [vit, const_ptr("it"), const_int(L.FILTER_IT)], snap)]
        vfn = r.emit("getattr_slot", [vit, const_ptr("func"), const_int(L.FILTER_FUNC)], snap)
    fref, fixed = identify(r, fn, vfn, snap)
    if not _binds_plainly(fn, fixed, len(iters)):
        return False
    # Once an item is taken, no guard may resume before FOR_ITER: the
    # interpreter would run map.__next__ again and lose that item.  So the
    # iterators' classes are checked before the first next(), and f must bind
    # its arguments without a guard (_binds_plainly); what follows is f's frame.
    for i, vi in zip(iters, vits):
        if type_in(type(i), _SEQ_ITERS):
            r.guard_class(vi, type(i))
    done = r.snapshot(pc=dec.args[pc], drop=1)   # exhausted: the object popped, after the loop
    items, vitems = [], []
    for i, vi in zip(iters, vits):
        r.f.lasti = pc
        try:
            items.append(next(i))
        except StopIteration:
            # (only the first can run out here: nothing was taken yet)
            if pc == r.header and len(r.shadows) == 1:
                raise Abort(LOOP_EXIT, retry=True) from None
            raise Abort("a map or filter ended inside the trace (an inner loop over it ended)")
        except BaseException as e:
            raise Raised(e) from None
        vitems.append(next_op(r, vi, type(i), done))
    if t is filter:
        # the item waits on the caller's stack while f runs: FOR_ITER's result
        # if f says so (protocols._filter: leaving the trace inside f)
        f.stack.append(items[0])
        r.push(vitems[0])
    fast, vfast = bind(r, fn, fref, fixed, items, vitems)
    callee = push_frame(r, fn, fref, fast, vfast, pc, kind="next" if t is map else "filter",
                        lasti=pc)
    callee.on_return = (no_check, next_result) if t is map else _filter_returns()
    return True


def _binds_plainly(fn, fixed, nargs) -> bool:
    """Does binding ``nargs`` positional arguments to ``fn`` only move values?
    (No keyword-only parameters; any missing parameter has a default the trace
    holds as a constant -- else binding reads the defaults behind guards.)"""
    code = fn.code
    if code.co_kwonlyargcount:
        return False
    missing = code.co_argcount - nargs
    if missing <= 0:
        return True
    dflt = fn.defaults or ()
    return fixed and len(dflt) >= missing and all(atomic(d) for d in dflt[-missing:])


def _filter_returns():
    truth_of = []

    def check(r, v, vv):
        # (in f, at its return: the truth of a result whose truth runs no code
        # cannot raise, so it may be taken here, under f's frame; the guards on
        # its type leave the trace inside f, and protocols._filter finishes)
        truth_of.append(truth(r, v, vv) if type_in(type(v), _TRUTHS) else None)

    def finish(r, f, v, vv):
        pc = f.pc
        known = truth_of.pop()
        if known is None:
            # __bool__ or __len__ runs after f returned, as filter_next calls it:
            # an exception there is FOR_ITER's (the item still on the stack)
            kept = r.call_host(bool, v)
            b = r.emit("call_truth", [vv], r.snapshot(pc=pc))
        else:
            b, kept = known
        if kept:
            # false instead: the next item (FOR_ITER again, the object on the stack)
            r.emit("guard_true", [b], r.snapshot(pc=pc, drop=1))
            r.next(pc + 1)
        else:
            # true instead: the item is FOR_ITER's result
            r.emit("guard_false", [b], r.snapshot(pc=pc + 1))
            f.stack.pop()
            r.pop()
            r.next(pc)
    return check, finish


# a bridge starting inside f (or inside a program iterator's __next__, whose
# return is map's: the value is FOR_ITER's result)
BRIDGE_RETURNS["next"] = lambda: (no_check, next_result)
BRIDGE_RETURNS["filter"] = _filter_returns
