"""Native calls the recorder makes of a VM function: ``call_assembler``.

:func:`call_natively` is the part every such call shares -- a CALL of a VM
function (:mod:`.calls`), a class's ``__init__`` (:mod:`.objects`), a dunder
method an instruction calls through a type slot (:mod:`.dunders`): the
callee's parameters bound here, the function called now (by the
interpreter), and the op that calls its function trace (:mod:`..nativecall`).

A call through a type slot or a class call does more than return the
method's value: ``__add__``'s NotImplemented makes CPython try the reflected
method (or raise TypeError), ``__init__`` must return None.  After the
native call, ``dunder_result`` (:data:`KINDS`: what its code means) gives the
instruction's value -- the method's, or what :func:`..runtime.dunder_rest`
makes of it on the cold path (:mod:`..protocols`' rules, as a trace left inside
the method finishes the instruction).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit.null import NULL

from .. import ir
from ..ir import const_int, const_ptr
from ..runtime import DUNDER_KINDS as KINDS, dunder_fast, dunder_rest
from .binding import bind, function_slot
from .core import Abort
from .inline import inlined_depth


def call_natively(r, fn, fref, fixed, cal, args, vargs, kwnames, snap):
    """``fn(*args)`` (the last ``len(kwnames)`` by keyword) called natively:
    ``fref`` is the trace value of the function (``fixed``: it is ``fn``
    itself, see ``inline.identify``), ``cal`` its ``nativecall.Callee``.
    Returns ``(result, op)``: the call's value now and its trace value.  (Any
    Abort comes before the call: the instruction has not run then.)"""
    fast, vfast = bind(r, fn, fref, fixed, args, vargs, kwnames)
    n = cal.nparams
    if any(v is NULL for v in fast[:n]) or any(v is not NULL for v in fast[n:]) or \
            any(k not in vfast for k in range(n)):
        raise Abort(f"native call of {fn.__name__}(): its frame is not its parameters")
    if kwnames:
        nk = len(kwnames)
        pos, kw = args[:len(args) - nk], dict(zip(kwnames, args[len(args) - nk:]))
        result = r.call_host(lambda: fn(*pos, **kw))
    else:
        result = r.call_host(fn, *args)
    # (the frames this call is made from that the trace inlined count while the
    # callee runs, as the interpreter counts them: recursion through an inlined
    # frame -- list(deep(n - 1) for ...) -- reached twice CPython's depth)
    k = inlined_depth(r)
    values = entry_values(r, fref, cal, vfast, snap)
    if k:
        op = r.emit("call_assembler_in", [fref, const_ptr(cal), const_ptr(k)] + values, snap)
    else:
        op = r.emit("call_assembler", [fref, const_ptr(cal)] + values, snap)
    return result, op


def finish_slot_call(r, kind, oparg, result, vresult, a, b, va, vb, snap):
    """What the instruction makes of a method it called natively through a
    slot (``kind`` of :data:`KINDS`; ``a``/``b``: the instruction's operands,
    in its order; None for ``__bool__``/``__contains__``/``__iter__``):
    ``(value, trace value)``.  The unusual outcome (NotImplemented, a value
    from ``__init__``, a non-bool from ``__bool__``...: ``runtime.dunder_fast``)
    is the cold path of the ``dunder_result`` op, done here too if it is this
    one's."""
    code = KINDS[kind] * 256 + oparg
    if not dunder_fast(code, result):
        result = r.call_host(dunder_rest, code, result, a, b)
    return result, r.emit("dunder_result", [const_int(code), vresult, va, vb], snap)


def entry_values(r, fref, cal, vfast, snap):
    """The values of ``cal.entry`` (the callee's frame at its RESUME) for a call
    of the function ``fref`` with its parameters ``vfast``: what the callee's
    prologue would make -- a parameter that is a cell variable in a new cell
    (MAKE_CELL), a new empty cell per other cell variable, the closure's cells
    (COPY_FREE_VARS: read from the function called, whichever it is)."""
    vals = [vfast[k] for k in range(cal.nparams)]
    for k in cal.param_cells:
        vals[k] = r.emit("new_cell", [vals[k]], snap)
    for _ in cal.new_cells:
        vals.append(r.emit("new_cell", [ir.NULL_CONST], snap))
    if cal.nfree:
        closure = function_slot(r, fref, "closure")
        r.guard_class(closure, tuple)
        r.emit("guard_len", [closure, const_int(cal.nfree)], snap)
        vals += [r.emit("tuple_getitem", [closure, const_int(i)]) for i in range(cal.nfree)]
    return vals

