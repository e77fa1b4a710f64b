"""The recorder's entry: records a hot loop (or a bridge) into IR, one instruction at a time.

The recorder executes the loop's instructions itself, on the real frames,
and emits for each the IR ops that do what the instruction did for the
values it saw (:mod:`.record.core` says how, and owns the state).  What one
instruction records is its handler, ``rec_<NAME>``, in the module of its
family:

* :mod:`.record.stack` -- locals, constants, the value stack, cells;
* :mod:`.record.arith` -- arithmetic and comparisons;
* :mod:`.record.branches` -- truth tests, conditional jumps, back-edges;
* :mod:`.record.iteration` -- GET_ITER, FOR_ITER;
* :mod:`.record.containers` -- subscripts, tuples, lists, slices, unpacking;
* :mod:`.record.builders` -- building dicts, sets and strings (f-strings);
* :mod:`.record.attributes` -- globals and module attributes;
* :mod:`.record.names` -- namespaces of module-level and class-body loops, imports;
* :mod:`.record.contexts` -- ``with``;
* :mod:`.record.patterns` -- ``match``;
* :mod:`.record.objects` -- attributes and methods of objects, instantiation, ``super()``;
* :mod:`.record.calls` -- calls of every shape (:mod:`.record.binding` binds
  their arguments);
* :mod:`.record.inline` -- entering inlined frames and returning from them;
* :mod:`.record.awaiting` -- ``await f(...)`` of a coroutine made for it, inlined;
* :mod:`.record.resumption`, :mod:`.record.agen` -- generators and async
  generators resumed by the loop (``for``, ``async for``);
* :mod:`.record.closures` -- functions made in the loop (MAKE_FUNCTION), cells;
* :mod:`.record.dunders` -- dunder methods instructions call, inlined as nested
  frames (and RAISE_VARARGS: StopIteration ending an inlined ``__next__``).

:data:`DISPATCH` (opcode -> handler) is built here once, and checked at
import: every handler names a real instruction and no instruction has two.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import opcodes as O
from pyjit.null import NULL

from .record import (agen, arith, attributes, awaiting, branches, builders, calls, closures,
                     containers, contexts, dunders, inline, iteration, names, objects,
                     patterns, resumption, stack)
from .record.loopstop import back_at as _back_at
from .record.core import NO_INLINE, Recorder, Recording, has_backedge

FAMILIES = (stack, arith, branches, iteration, containers, builders, attributes, objects, calls,
            inline, closures, dunders, names, contexts, patterns, resumption, awaiting, agen)


def _dispatch_table() -> list:
    """opcode -> handler (None: the recording aborts at that instruction)."""
    table = [None] * 256
    where: dict[str, str] = {}
    for module in FAMILIES:
        for name, fn in vars(module).items():
            if not name.startswith("rec_"):
                continue
            op = name[len("rec_"):]
            if op not in O.OPS:
                raise AssertionError(f"{module.__name__}.{name} names no instruction")
            if op in where:
                raise AssertionError(f"{op} is recorded by both {where[op]} and "
                                     f"{module.__name__}")
            where[op] = module.__name__
            table[O.OPS[op].code] = fn
    return table


DISPATCH = _dispatch_table()


def record_loop(f, header: int, ts, limit: int, abort_at=None, inner=None,
                stop_at=None, function=False, resumes=False) -> Recording:
    """Record one iteration of the loop whose header is ``header`` in frame ``f``
    (``abort_at``: fault injection, jit/faults.py -- abort before that instruction;
    ``inner``: the headers of the loops inside it, ``stop_at(pc)`` the LoopInfo of
    the one there if the recording is to stop at it -- rec.inner -- else None);
    ``function``: a function's body from ``header`` (after its RESUME) to its return."""
    r = Recorder(DISPATCH, f, header, ts, limit)
    r.abort_at = abort_at
    r.back_at = _back_at
    if inner:
        r.inner_headers = inner
        r.stop_at = stop_at
    r.function = function
    r.resumes = resumes
    if function:
        r.unbound_at_entry = frozenset(k for k, v in enumerate(f.fast) if v is NULL)
        # the locals bound at entry (the parameters) are the inputs, in index order,
        # read or not: native call sites pass the parameters so (jit/nativecall.py)
        for k, v in enumerate(f.fast):
            if v is not NULL:
                r.top.locals[k] = r._new_input(("l", k))
    return r.run()


def record_bridge(trace, snap, frame, ts, header: int, limit: int, abort_at=None,
                  function=False, tail=None, resumes=False, guard=None) -> Recording:
    """Record a bridge of ``trace`` from a failing guard (see
    :meth:`.record.core.Recorder.for_bridge`) back to the loop's header --
    ``function``: of a function trace, to the function's return."""
    r = Recorder.for_bridge(DISPATCH, trace, snap, frame, ts, header, limit, guard)
    r.abort_at = abort_at
    r.back_at = _back_at
    r.tail = tail
    if function:
        r.function = True
        r.resumes = resumes
        top = frame
        for _ in snap.frames[1:]:
            top = top.back
        # (every local the trace knows is in the snapshot: the others are unbound)
        r.unbound_at_entry = frozenset(k for k, v in enumerate(top.fast) if v is NULL)
    return r.run()


__all__ = ["DISPATCH", "NO_INLINE", "Recording", "has_backedge", "record_bridge",
           "record_loop"]
