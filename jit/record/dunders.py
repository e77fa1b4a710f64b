"""Recording dunder methods of program classes that instructions call: inlined as nested frames.

``a + b`` on an instance of a class the program defines calls its ``__add__``
through the host's type slot; so do comparisons (``__lt__``...), unary
operators, truth tests (``__bool__``), iteration (``__iter__``, ``__next__``),
``__setitem__``, ``__delitem__``, ``__contains__`` and the builtin ``len``
(``__len__``, through ``sq_length``).  The recorder inlines the method as a
*nested* frame (``ir.FRAME_KINDS``): the instruction stays where it is, its
operands on the stack, until the method returns; then the instruction is
finished with the result -- here while recording, by :mod:`..protocols` when
the trace is left inside the method.

Each case is inlined only when CPython's slot logic reduces to calling that
one method first: the operand's class is guarded (with its version), and for
binary operators and comparisons the other operand is of the same class or of
a builtin type (so no reflected method of a subclass comes first).  The
unusual outcomes (NotImplemented, a ``__bool__`` that does not return a bool)
are guards before the method's return, whose leaving finishes the instruction
in :mod:`..protocols`.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import handlers as H
from pyjit import opcodes as O
from pyjit.frame import FINISHED, release
from pyjit.function import Function
from pyjit.null import NULL
from pyjit.specialize import versions as V
from pyjit.typelookup import type_flags, type_mro, type_name

from ..ir import FRAME_KINDS, Const, const_bool, const_ptr
from ..nativecall import callee_of
from ..llvm import layout as L
from ..protocols import binop_methods
from ..runtime import DUNDER_KINDS as KINDS, dunder_fast
from .binding import bind
from .core import LOOP_EXIT, Abort, Raised, atomic
from .inline import inlines, push_frame
from .natively import call_natively, finish_slot_call
from .toolong import CALLABLE_KINDS
from .objects import class_lookup, class_value, guard_type

_NUMBERS = (int, float, complex, bool)


def _program_class(t):
    """A class the program defined, whose slots call its (VM) methods: a heap
    type with object's attribute lookup, whose bases are all program classes
    (no builtin base whose C slots would come into play)."""
    return bool(type_flags(t) & L.TPFLAGS_HEAPTYPE) and atomic(t) and V.VERSIONS_OK and \
        V.generic_getattr(t) and V.type_version(t) != 0 and \
        all(k is object or type_flags(k) & L.TPFLAGS_HEAPTYPE for k in type_mro(t))


def _method(t, name):
    """``t``'s method ``name`` if it is a VM function the recording can inline."""
    m = class_lookup(t, name)
    return m if type(m) is Function and not m.dec.is_gen else None


def _enter(r, f, pc, kind, fn, obj, vobj, args, vargs, check, finish):
    """Inline ``fn(obj, *args)`` as a nested frame of ``kind`` for the
    instruction at ``pc`` (its class already guarded, operands left on the
    stack).  ``check(r, result, vresult)`` runs at the method's return, in it;
    ``finish(r, caller_frame, result, vresult)`` after, in the caller."""
    if not inlines(r, fn):
        return _native(r, f, pc, kind, fn, obj, vobj, args, vargs, finish)
    snap = r.before()
    guard_type(r, vobj, obj, snap)
    fref = class_value(r, type(obj), fn.__name__, fn, snap)
    fast, vfast = bind(r, fn, fref, True, [obj] + args, [vobj] + vargs)
    callee = push_frame(r, fn, fref, fast, vfast, pc, kind=kind, lasti=pc)
    callee.on_return = (check, finish)
    return True


def _native(r, f, pc, kind, fn, obj, vobj, args, vargs, finish):
    """``fn`` is not inlined here (a recording too long blamed it,
    ``toolong.CALLED``; calls nested too deep): it is called natively -- its own
    function trace, entered by ``call_assembler`` (:mod:`.natively`) -- with the
    instruction's snapshot (the method's exception leaves at the instruction),
    and ``dunder_result`` finishes the instruction where CPython's slot does more
    than pass the value on (:data:`_SLOT_KINDS`).  False: not such a method or
    no function trace (the instruction's generic op, which calls the method
    through the host)."""
    cal = callee_of(fn) if kind in _NATIVE_KINDS else None
    if cal is None or kind == "next" and not all(
            FRAME_KINDS[sh.kind].linked for sh in r.shadows[1:]):
        # (a trace left raising inside a nested frame raises in its eval loop,
        # where protocols.raised_at does not end the loop)
        return False
    snap = r.before()
    guard_type(r, vobj, obj, snap)
    fref = class_value(r, type(obj), fn.__name__, fn, snap)
    try:
        value, vvalue = call_natively(r, fn, fref, True, cal, [obj] + args, [vobj] + vargs,
                                      (), snap)
    except Raised as e:
        if kind != "next" or not isinstance(e.exc, StopIteration):
            raise
        # __next__ ended the loop (it ran: the interpreter goes on after the loop,
        # as FOR_ITER does); no op says "the call raised", so the path is not kept
        f.stack.pop()
        r.pop()
        r.next(f.dec.args[pc])
        if pc == r.header and len(r.shadows) == 1:
            raise Abort(LOOP_EXIT, retry=True) from None
        raise Abort("a __next__ called natively ended its loop") from None
    if kind in _OPERANDS:
        s = r.shadows[-1].stack
        value, vvalue = finish_slot_call(r, kind, f.dec.args[pc], value, vvalue,
                                         f.stack[-2], f.stack[-1], s[-2], s[-1], snap)
    elif kind in _SLOT_KINDS:
        none = const_ptr(None)
        value, vvalue = finish_slot_call(r, kind, 0, value, vvalue, None, None, none, none,
                                         snap)
    f.pc = pc   # (what finish reads: the caller's pc when an inlined method returns)
    finish(r, f, value, vvalue)
    return True


# Kinds called natively when not inlined: with the instruction's two operands
# for dunder_result's cold path; with a check of the value alone (a bool from
# __bool__ / __contains__ -- the truth of another value for the latter --, an
# iterator from __iter__; len's __len__ does its own in its finish, _len_finish,
# for both paths); the value as it is (unary operators, __setitem__,
# __delitem__, __next__ -- whose StopIteration, raised at the FOR_ITER, ends the
# loop there: protocols.raised_at).
_OPERANDS = frozenset(("binop", "ibinop", "rbinop", "compare"))
_SLOT_KINDS = frozenset(("bool", "contains", "iter"))
_NATIVE_KINDS = CALLABLE_KINDS     # (those of its kinds: the frames a recording can blame)


def no_check(r, v, vv):
    pass


def _not_notimplemented(r, v, vv):
    if v is NotImplemented:
        raise Abort("a dunder method returned NotImplemented")
    if not isinstance(vv, Const):
        r.emit("guard_false", [r.emit("ptr_eq", [vv, const_ptr(NotImplemented)])], r.before())


def _a_bool(r, v, vv):
    if type(v) is not bool:
        raise Abort(f"__bool__ or __contains__ returned a {type_name(type(v))}")
    r.guard_class(vv, bool)


def _replace(npop, advance, push=True):
    """Pop the instruction's ``npop`` operands, push the result (unless not
    ``push``), go on at ``advance(dec, pc)``."""
    def finish(r, f, v, vv):
        pc = f.pc
        del f.stack[len(f.stack) - npop:]
        s = r.shadows[-1].stack
        del s[len(s) - npop:]
        if push:
            f.stack.append(v)
            s.append(vv)
        r.next(advance(f.dec, pc))
    return finish


def _after(dec, pc):
    return dec.nexts[pc]


# -- the instructions -------------------------------------------------------


def binop(r, f, dec, pc, arg, a, b, va, vb):
    """BINARY_OP on an instance of a program class (either side)."""
    sym, name, rname, iname = binop_methods(arg)
    if sym in ("**", "**="):
        return False              # (pow's three-argument form: left generic)
    ta, tb = type(a), type(b)
    if _program_class(ta) and (tb is ta or not type_flags(tb) & L.TPFLAGS_HEAPTYPE):
        kind = "binop"
        m = NULL if iname is None else class_lookup(ta, iname)
        if m is not NULL:          # a += b with __iadd__: that first
            kind = "ibinop"
            m = _method(ta, iname)
        else:
            m = _method(ta, name)
        if m is None:
            return False
        # (b's class even when it is a's: a subclass of a's class with its own
        # reflected method would come first -- CPython's binary_op1)
        r.guard_class(vb, tb)
        return _enter(r, f, pc, kind, m, a, va, [b], [vb], _not_notimplemented,
                      _replace(2, _after))
    if ta in _NUMBERS and _program_class(tb) and iname is None:
        m = _method(tb, rname)
        if m is None:
            return False
        r.guard_class(va, ta)
        return _enter(r, f, pc, "rbinop", m, b, vb, [a], [va], _not_notimplemented,
                      _replace(2, _after))
    return False


def compare(r, f, dec, pc, arg, a, b, va, vb):
    ta, tb = type(a), type(b)
    if not (_program_class(ta) and (tb is ta or not type_flags(tb) & L.TPFLAGS_HEAPTYPE)):
        return False
    m = _method(ta, O.COMPARE_OP_TABLE[arg].method)
    if m is None:
        return False
    r.guard_class(vb, tb)   # (a subclass's reflected method comes first: do_richcompare)
    return _enter(r, f, pc, "compare", m, a, va, [b], [vb], _not_notimplemented,
                  _replace(2, _after))


def unary(r, f, dec, pc, name, o, vo):
    if not _program_class(type(o)):
        return False
    m = _method(type(o), name)
    return m is not None and _enter(r, f, pc, "unary", m, o, vo, [], [], no_check,
                                    _replace(1, _after))


def setitem(r, f, dec, pc, c, k, v, vc, vk, vv):
    if not _program_class(type(c)):
        return False
    m = _method(type(c), "__setitem__")
    return m is not None and _enter(r, f, pc, "setitem", m, c, vc, [k, v], [vk, vv], no_check,
                                    _replace(3, _after, push=False))


def delitem(r, f, dec, pc, c, k, vc, vk):
    if not _program_class(type(c)):
        return False
    m = _method(type(c), "__delitem__")
    return m is not None and _enter(r, f, pc, "delitem", m, c, vc, [k], [vk], no_check,
                                    _replace(2, _after, push=False))


def contains(r, f, dec, pc, arg, item, c, vitem, vc):
    if not _program_class(type(c)):
        return False
    m = _method(type(c), "__contains__")
    if m is None:
        return False

    def finish(r, f, v, vv):
        pc = f.pc
        del f.stack[-2:]
        s = r.shadows[-1].stack
        del s[-2:]
        t = v is not bool(arg)
        f.stack.append(t)
        b = r.emit("ptr_eq", [vv, const_ptr(True)]) if not isinstance(vv, Const) \
            else const_bool(vv.value)
        if arg:
            b = r.emit("bool_not", [b])
        s.append(r.emit("box_bool", [b]))
        r.next(pc + 1)
    return _enter(r, f, pc, "contains", m, c, vc, [item], [vitem], _a_bool, finish)


def get_iter(r, f, dec, pc, o, vo):
    if not _program_class(type(o)):
        return False
    m = _method(type(o), "__iter__")
    if m is None:
        return False

    def check(r, v, vv):
        if not hasattr(type(v), "__next__") or not atomic(type(v)):
            raise Abort("__iter__ returned a non-iterator")
        r.guard_class(vv, type(v))
    return _enter(r, f, pc, "iter", m, o, vo, [], [], check, _replace(1, lambda d, pc: pc + 1))


def for_iter(r, f, dec, pc, it, vit):
    """FOR_ITER over an iterator of a program class: ``__next__`` inlined."""
    if not _program_class(type(it)):
        return False
    m = _method(type(it), "__next__")
    if m is None:
        return False

    return _enter(r, f, pc, "next", m, it, vit, [], [], no_check, next_result)


def next_result(r, f, v, vv):
    """A nested frame of FOR_ITER (``__next__``, map's function) returned ``v``:
    FOR_ITER's result, the loop goes on after it."""
    f.stack.append(v)
    r.push(vv)
    r.next(f.pc + 1)


def truth_jump(r, f, dec, pc, arg, jump_if, o, vo):
    """POP_JUMP_FORWARD_IF_TRUE/FALSE on an object whose class has ``__bool__``,
    or no ``__bool__`` and a ``__len__`` (CPython's PyObject_IsTrue then calls
    ``mp_length``: ``slot_sq_length``'s checks, true when not 0)."""
    if not _program_class(type(o)):
        return False
    kind, check = "bool", _a_bool
    m = _method(type(o), "__bool__")
    if m is None:
        if class_lookup(type(o), "__bool__") is not NULL:
            return False           # (not a VM function: the generic truth op)
        kind, check = "lenbool", _len_fast
        m = _method(type(o), "__len__")
        if m is None:
            return False

    def finish(r, f, v, vv):
        pc = f.pc
        if kind == "lenbool":
            # (the length checked at the jump, raising there: _len_finish's way)
            none = const_ptr(None)
            snap = r.before()
            v, vv = finish_slot_call(r, "len", 0, v, vv, None, None, none, none, snap)
            vv = r.emit("call_truth", [vv], snap)
            v = v != 0
        taken = v is jump_if
        f.stack.pop()
        r.pop()
        snap = r.snapshot(pc=pc + 1 if taken else arg)
        if kind == "lenbool":
            r.emit("guard_true" if v else "guard_false", [vv], snap)
        elif not isinstance(vv, Const):
            b = r.emit("ptr_eq", [vv, const_ptr(True)])
            r.emit("guard_true" if v else "guard_false", [b], snap)
        r.next(arg if taken else pc + 1)
    return _enter(r, f, pc, kind, m, o, vo, [], [], check, finish)


def len_method(f, pc, o):
    """``len(o)`` -- a CALL of the builtin len at ``pc`` -- calls ``o``'s
    ``__len__`` (a VM function) through the host's ``sq_length`` slot: that
    method, or None.  (Only CALL: :mod:`..protocols` finishes the instruction
    from its oparg; ``len(*args)`` stays a residual call.)"""
    if f.dec.ops[pc] != O.CALL or not _program_class(type(o)):
        return None
    return _method(type(o), "__len__")


def length(r, f, pc, m, o, vo):
    """``len(o)``, the builtin ``len`` guarded: ``m`` (``o``'s ``__len__``)
    inlined as a nested frame, or called natively; its value checked as
    ``slot_sq_length`` does (``protocols.len_value``) by ``dunder_result``."""
    return _enter(r, f, pc, "len", m, o, vo, [], [], _len_fast, _len_finish)


_LEN_CODE = KINDS["len"] * 256


def _len_fast(r, v, vv):
    # (the rare values -- an __index__ to call, an error to raise -- are left to
    # the interpreter; dunder_result in the caller checks each later value)
    if not dunder_fast(_LEN_CODE, v):
        raise Abort(f"__len__ returned a {type_name(type(v))} that is not a length")


def _len_finish(r, f, v, vv):
    """The CALL of len gets ``__len__``'s value ``v``: checked by ``dunder_result``
    with the CALL's snapshot (an exception leaves raising at the CALL, as
    slot_sq_length's does; the method is not run again), whether the method was
    inlined (``v`` passed :func:`_len_fast`) or called natively (``v`` as the
    method returned it: the cold path now, ``finish_slot_call``)."""
    pc = f.pc
    none = const_ptr(None)
    v, vv = finish_slot_call(r, "len", 0, v, vv, None, None, none, none, r.before())
    n = f.dec.args[pc] + 2      # (the callable, NULL or not, and the argument)
    del f.stack[len(f.stack) - n:]
    s = r.shadows[-1].stack
    del s[len(s) - n:]
    f.stack.append(v)
    s.append(vv)
    r.next(f.dec.nexts[pc])


def stop_iteration(r, f, dec, pc, exc):
    """``raise StopIteration`` in an inlined ``__next__`` (nothing between to
    catch it): the caller's loop ends, recorded as the path the trace takes --
    the guards that led here say when it does."""
    sh = r.shadows[-1]
    if sh.kind != "next" or dec.handlers[pc] is not None or not (
            exc is StopIteration or type(exc) is StopIteration and not exc.args):
        return False
    return True



def rec_RAISE_VARARGS(r, f, dec, pc, arg):
    if arg == 1 and stop_iteration(r, f, dec, pc, f.stack[-1]):
        # the inlined __next__ ends its caller's loop (nothing is recorded: the
        # guards that led here say when)
        back = f.back
        if len(r.shadows) == 2 and back.pc == r.header:
            raise Abort(LOOP_EXIT, retry=True)   # (in __next__: it raises, the loop ends)
        r.shadows.pop()
        r.ts.depth -= 1   # (the frame is left as frame.unwind leaves one the exception passes)
        f.pc = FINISHED
        release(f)
        r.f = back
        back.stack.pop()
        r.pop()
        r.next(back.dec.args[back.pc])
        return
    r.call_host(H.RAISE_VARARGS, f, arg)     # (raises: the recording stops there)
    raise Abort("RAISE_VARARGS did not raise")
