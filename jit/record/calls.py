"""Recording calls: CALL (with KW_NAMES), CALL_FUNCTION_EX, and what each callable becomes.

:func:`call` decides, from the callable the recording sees, what the trace
does -- guarded so that a later iteration calling something else leaves:

* a VM function, or a bound method of one: inlined (:mod:`.inline`) with its
  arguments bound at record time (:mod:`.binding`), whatever the call's shape
  (keywords, defaults, keyword-only parameters, ``*args``, ``**kwargs``);
* a class the program defined whose instances are made by ``object.__new__``:
  ``new_instance`` and its ``__init__`` inlined (:mod:`.objects`);
* an instance of a program class with a VM ``__call__``: that method inlined;
* ``functools.partial`` of a VM function: the function inlined with the
  partial's arguments first;
* ``super()`` without arguments: resolved while recording (:mod:`.objects`);
* a builtin with a VM-level implementation (:mod:`pyjit.seethrough`: ``sum``
  of a VM generator, ``max`` with a VM key...) where the interpreter would
  take it: the implementation, inlined like any VM function (its loop over
  the generator is a loop of the program's);
* anything else: a residual call (``call`` / ``call_kw`` / ``call_ex``), a
  C-API vectorcall.  Builtins that need the calling frame (``locals()``,
  ``exec``...) abort the recording.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import functools
import types

from pyjit.calls import _REAL_FUNCTION_ONLY as _HOST_ONLY
from pyjit.function import Function
from pyjit.null import NULL
from pyjit.seethrough import SeeThrough, arguments, for_site
from pyjit.typelookup import is_type, type_flags, type_name
from pyjit.vmbuiltins import FRAMELESS, SPECIAL

from .. import ir
from .. import nativecall
from ..ir import Const, Op, const_int, const_ptr
from . import awaiting, dunders, objects
from .binding import bind
from .core import NO_INLINE, Abort, is_ref_of
from .inline import identify, push_frame, refusal
from .natively import call_natively

_MethodType = types.MethodType
_partial = functools.partial
_REAL_FUNCTION_ONLY = {name for name, _ in _HOST_ONLY}
_HEAPTYPE = 1 << 9
_LEN = len     # (the builtin: this module's builtins are pyjit's snapshot)


def rec_KW_NAMES(r, f, dec, pc, arg):
    r.kwnames = f.consts[arg]
    r.next(pc + 1)


def rec_CALL(r, f, dec, pc, arg):
    kwnames = r.kwnames or ()
    r.kwnames = None
    s = f.stack
    sh = r.shadows[-1].stack
    n = len(s)
    base = n - 2 - arg
    if s[base] is NULL:
        fn, vfn = s[base + 1], sh[base + 1]
        cargs, vargs = s[base + 2:], sh[base + 2:]
    else:
        fn, vfn = s[base], sh[base]
        cargs, vargs = s[base + 1:], sh[base + 1:]
    call(r, f, pc, fn, vfn, cargs, vargs, kwnames, n - base, dec.nexts[pc])


def rec_CALL_FUNCTION_EX(r, f, dec, pc, arg):
    """``f(*args)`` / ``f(*args, **kwargs)``: the arguments' shape is guarded
    (a tuple or list of the length seen, a dict with the keys seen) and the
    call recorded as a call of that shape."""
    s = f.stack
    kwargs = s[-1] if arg & 1 else None
    cargs = s[-1 - (arg & 1)]
    fn = s[-2 - (arg & 1)]
    sh = r.shadows[-1].stack
    vkw = sh[-1] if arg & 1 else None
    vcargs = sh[-1 - (arg & 1)]
    vfn = sh[-2 - (arg & 1)]
    if type(cargs) not in (tuple, list) or (kwargs is not None and type(kwargs) is not dict):
        raise Abort(f"f(*args, **kwargs) with a {type_name(type(cargs))} and a "
                    f"{type_name(type(kwargs))}")
    vitems = sequence_items(r, cargs, vcargs)
    items = list(cargs)
    names = ()
    if kwargs:
        names = tuple(kwargs)
        if not all(type(k) is str for k in names):
            raise Abort("f(**kwargs) with keys that are not strings")
        items += [kwargs[k] for k in names]
        # (the keyword dict is the compiler's: built by BUILD_MAP or DICT_MERGE
        # for this call alone, so the op that built it says what it holds)
        vitems += mapping_items(r, kwargs, vkw, names, built_here=True)
    call(r, f, pc, fn, vfn, items, vitems, names, 3 + (arg & 1), pc + 1)


def sequence_items(r, seq, vseq):
    """The trace values of the items of a tuple or list ``seq`` (its length guarded)."""
    if isinstance(vseq, Op) and vseq.name == "build_tuple":
        return list(vseq.args)       # (a list may have changed since it was built)
    if isinstance(vseq, Const):
        return [r.const_value(x) for x in vseq.value]
    t = type(seq)
    r.guard_class(vseq, t)
    r.emit("guard_len", [vseq, const_int(len(seq))], r.before())
    if t is tuple:
        return [r.emit("tuple_getitem", [vseq, const_int(k)]) for k in range(len(seq))]
    return [r.emit("list_getitem", [vseq, const_int(k)], r.before()) for k in range(len(seq))]


def mapping_items(r, d, vd, names, built_here=False):
    """The trace values of ``d[name]`` for the keys ``names`` of dict ``d``, guarded
    to be exactly its keys -- or, ``built_here`` (a dict the compiler made for
    one call, no one else can have changed it), the values the op that built
    it was given."""
    if built_here and isinstance(vd, Op) and vd.name == "build_map" and \
            [a.value for a in vd.args[0::2] if isinstance(a, Const)] == list(names):
        return list(vd.args[1::2])
    r.guard_class(vd, dict)
    r.emit("guard_len", [vd, const_int(len(names))], r.before())
    out = []
    for name in names:
        v = r.emit("dict_getitem", [vd, const_ptr(name)], r.before())
        r.emit("guard_nonnull", [v], r.before())
        out.append(v)
    return out


# ---------------------------------------------------------------------------
# what is called


def call(r, f, pc, fn, vfn, cargs, vargs, kwnames, npop, ret_pc):
    """Record a call of ``fn`` (trace value ``vfn``) with ``cargs`` (the last
    ``len(kwnames)`` by keyword); the call's ``npop`` stack entries are still
    on the stack; the caller continues at ``ret_pc``."""
    snap = r.before()
    t = type(fn)
    if t is _MethodType and type(fn.__func__) is Function:
        vfunc, vself = unwrap_method(r, fn, vfn, snap)
        return call_function(r, f, pc, fn.__func__, vfunc, [fn.__self__] + cargs,
                             [vself] + vargs, kwnames, npop, ret_pc)
    if t is Function:
        return call_function(r, f, pc, fn, vfn, cargs, vargs, kwnames, npop, ret_pc)
    if t is type or (is_type(fn) and type(t) is type):
        if objects.call_class(r, f, pc, fn, vfn, cargs, vargs, kwnames, npop, ret_pc):
            return
    elif type_flags(t) & _HEAPTYPE:
        m = objects.dunder_function(r, fn, vfn, "__call__", snap)
        if m is not None:
            return call_function(r, f, pc, m, const_ptr(m), [fn] + cargs, [vfn] + vargs,
                                 kwnames, npop, ret_pc)
    elif t is _partial and type(fn.func) is Function:
        return _call_partial(r, f, pc, fn, vfn, cargs, vargs, kwnames, npop, ret_pc)
    elif fn is _LEN and not kwnames and _LEN(cargs) == 1:
        m = dunders.len_method(f, pc, cargs[0])
        if m is not None:
            guard_callee(r, fn, vfn, snap)
            if dunders.length(r, f, pc, m, cargs[0], vargs[0]):
                return
    if id(fn) in SPECIAL:
        alt = FRAMELESS.get(id(fn))
        if alt is not None:
            guard_callee(r, fn, vfn, snap)
            return residual(r, f, alt, const_ptr(alt), cargs, vargs, kwnames, npop, ret_pc,
                            snap)
        sp = SPECIAL[id(fn)]
        if type(sp) is SeeThrough:
            return _see_through(r, f, pc, fn, vfn, sp, cargs, vargs, kwnames, npop, ret_pc,
                                snap)
        if objects.call_special(r, f, pc, fn, vfn, cargs, vargs, kwnames, npop, ret_pc):
            return
        raise Abort(f"call of {getattr(fn, '__name__', '?')}() needs the calling frame")
    residual(r, f, fn, vfn, cargs, vargs, kwnames, npop, ret_pc, snap)


def _see_through(r, f, pc, fn, vfn, sp, cargs, vargs, kwnames, npop, ret_pc, snap):
    """A builtin with a VM-level implementation: that implementation, inlined,
    when the arguments select it as they do in the interpreter
    (:func:`pyjit.calls.see_through`) -- the classes that decided guarded --,
    else the C builtin.  (No hook is set while recording.)"""
    kwnames = tuple(kwnames)
    chosen = sp.select(cargs, kwnames)
    if chosen is None:
        return residual(r, f, fn, vfn, cargs, vargs, kwnames, npop, ret_pc, snap)
    impl, spec, guarded = chosen
    impl = for_site(impl, f.code, pc)
    why = refusal(r, impl)
    if why is not None:
        if why[1]:
            raise Abort(why[0])
        if impl.code in NO_INLINE:
            # its loop is too long to inline: the C builtin would call back into
            # the VM for every element (spectral_norm's sum() over a generator
            # made in the loop: 9 s per call against 0.6 s), where interpreting
            # this loop lets the implementation's own loop trace run it
            raise Abort(f"{fn.__name__}() over VM code loops too long to inline")
        # not inlined: the trace calls the C builtin (the implementation's frame
        # is never an entry frame: frames.visible counts on a caller)
        return residual(r, f, fn, vfn, cargs, vargs, kwnames, npop, ret_pc, snap)
    guard_callee(r, fn, vfn, snap)
    for i in guarded:
        r.guard_class(vargs[i], type(cargs[i]))
    npos = len(cargs) - len(kwnames)
    vimpl = []
    for s in spec:
        if type(s) is int:
            vimpl.append(vargs[s])
        elif s == "args":
            vimpl.append(r.emit("build_tuple", vargs[:npos], snap))
        else:
            vimpl.append(r.const_value(s[0]))
    call_function(r, f, pc, impl, const_ptr(impl), arguments(spec, cargs, npos), vimpl, (),
                  npop, ret_pc)
    nf = r.f
    if not sp.counted and nf is not f and nf.func is impl and nf.outside is None:
        # a call CPython makes without a recursion check: its frame is not a level
        # in the real execution either (pyjit.calls.see_through; frame.pop gives
        # the level back) -- counted, a recursion through it that the recording
        # hands back to the interpreter raised RecursionError a level early
        nf.outside = (NULL, [], True)
        r.ts.depth -= 1


def unwrap_method(r, fn, vfn, snap):
    """A bound method of a VM function: the trace values of its function and self."""
    if isinstance(vfn, Op) and vfn.name == "new_method":
        return vfn.args[0], vfn.args[1]
    if isinstance(vfn, Const):
        raise Abort("a bound method constant")
    r.emit("guard_class", [vfn, const_ptr(_MethodType)], snap)
    vfunc = r.emit("call_getattr", [vfn, const_ptr("__func__")], snap)
    vself = r.emit("call_getattr", [vfn, const_ptr("__self__")], snap)
    return vfunc, vself


def call_function(r, f, pc, fn, vfn, args, vargs, kwnames, npop, ret_pc):
    """A call of VM function ``fn``: inlined, or residual if :func:`.inline.refusal`
    says so."""
    awaited = fn.dec.is_gen and awaiting.send_pc(fn, f.dec, ret_pc) is not None
    why = refusal(r, fn, awaited)
    if awaited:
        # (not inlined, the coroutine would be made by a host call and awaited
        # generically: the recording stops instead)
        reason = why[0] if why is not None else awaiting.may_inline(fn)
        why = None if reason is None else (reason, True)
    snap = r.before()
    if why is not None:
        reason, abort = why
        cal = nativecall.callee_of(fn) if reason != "recursion limit" else None
        if cal is not None:
            # (recursion, or calls nested too deep to inline: the callee's own
            # function trace, entered natively)
            return native_call(r, f, fn, vfn, cal, args, vargs, kwnames, npop, ret_pc, snap)
        if abort:
            raise Abort(reason)
        return residual(r, f, fn, vfn, args, vargs, kwnames, npop, ret_pc, snap)
    fref, fixed = identify(r, fn, vfn, snap)
    fast, vfast = bind(r, fn, fref, fixed, args, vargs, kwnames)
    _pop(r, f, npop)
    push_frame(r, fn, fref, fast, vfast, ret_pc)


def native_call(r, f, fn, vfn, cal, args, vargs, kwnames, npop, ret_pc, snap):
    """``call_assembler``: the trace calls ``fn`` with its parameters bound here
    (:mod:`..nativecall`); it is called now too, by the interpreter."""
    fref, fixed = identify(r, fn, vfn, snap)
    result, op = call_natively(r, fn, fref, fixed, cal, args, vargs, kwnames, snap)
    _pop(r, f, npop)
    f.stack.append(result)
    r.push(op)
    r.next(ret_pc)


def _call_partial(r, f, pc, fn, vfn, cargs, vargs, kwnames, npop, ret_pc):
    """``partial(func, *args, **kw)(...)`` of a VM function: func inlined with
    the partial's arguments (read from it, their count and keys guarded) first."""
    snap = r.before()
    r.guard_class(vfn, _partial)
    vfunc = r.emit("call_getattr", [vfn, const_ptr("func")], snap)
    pargs = list(fn.args)
    vpargs = sequence_items(r, fn.args, r.emit("call_getattr", [vfn, const_ptr("args")], snap))
    kw = fn.keywords
    vkw = dict(zip(kw, mapping_items(
        r, kw, r.emit("call_getattr", [vfn, const_ptr("keywords")], snap), tuple(kw))))
    # func(*pargs, *cargs, **{**kw, **call's keywords}): a keyword of the call
    # overrides the partial's in its place
    npos = len(cargs) - len(kwnames)
    callkw = dict(zip(kwnames, zip(cargs[npos:], vargs[npos:])))
    names = tuple(kw) + tuple(k for k in kwnames if k not in kw)
    kvals = [callkw[k] if k in callkw else (kw[k], vkw[k]) for k in names]
    args = pargs + cargs[:npos] + [v for v, _ in kvals]
    vargs2 = vpargs + vargs[:npos] + [vv for _, vv in kvals]
    call_function(r, f, pc, fn.func, vfunc, args, vargs2, names, npop, ret_pc)


def guard_callee(r, fn, vfn, snap):
    """A generic call does what the interpreter's CALL did only for callees like
    this one: the interpreter treats some callables its own way (VM functions,
    builtins that need the caller's frame such as ``eval``/``locals``/``super``,
    builtins that want real functions).  Guard what was called, as tightly as
    its kind allows while polymorphic sites of ordinary callables stay on trace."""
    if is_ref_of(vfn, fn):
        return  # a constant: its identity holds behind the guard that produced it
    t = type(fn)
    if is_type(fn) or (t is types.BuiltinFunctionType and (
            type(fn.__self__) is types.ModuleType or fn.__self__ is None
            or fn.__name__ == "__new__")):
        # classes, module functions and T.__new__ are single objects (a bound
        # builtin of an instance is made anew at each attribute access)
        r.emit("guard_value", [vfn, const_ptr(fn)], snap)
    elif issubclass(type(fn), types.BuiltinFunctionType):
        # a builtin bound to an instance (``lst.append``): its C function
        r.emit("guard_class", [vfn, const_ptr(t)], snap)
        r.emit("guard_method_def", [vfn, const_int(ir.method_def(fn))], snap)
    else:
        r.emit("guard_class", [vfn, const_ptr(t)], snap)


def _pop(r, f, n):
    del f.stack[len(f.stack) - n:]
    sh = r.shadows[-1].stack
    del sh[len(sh) - n:]


def residual(r, f, fn, vfn, cargs, vargs, kwnames, npop, ret_pc, snap):
    """The trace calls ``fn`` (a C-API vectorcall); it is called now too."""
    if type(fn) is types.BuiltinMethodType and fn.__name__ in _REAL_FUNCTION_ONLY:
        raise Abort(f"call of {fn.__name__}(), which may want real functions")
    guard_callee(r, fn, vfn, snap)
    if kwnames:
        nk = len(kwnames)
        pos, kw = cargs[:len(cargs) - nk], dict(zip(kwnames, cargs[len(cargs) - nk:]))
        result = r.call_host(lambda: fn(*pos, **kw))
        op = r.emit("call_kw", [vfn, const_ptr(tuple(kwnames))] + vargs, snap)
    else:
        result = r.call_host(fn, *cargs)
        op = r.emit("call", [vfn] + vargs, snap)
    _pop(r, f, npop)
    f.stack.append(result)
    r.push(op)
    r.next(ret_pc)


