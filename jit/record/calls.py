"""Recording calls and returns: inlined VM functions, residual calls, RETURN_VALUE.

A call of a VM function that qualifies (:func:`_refusal`) is inlined: a real
frame is pushed and recording goes on in it; other calls are generic ops, or
abort when going through the host would be slower than the interpreter.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import types

from pyjit import opcodes as O
from pyjit.calls import _REAL_FUNCTION_ONLY as _HOST_ONLY, plain_init
from pyjit.frame import Frame, RecursionLimit, pop, push
from pyjit.function import Function
from pyjit.null import NULL
from pyjit.vmbuiltins import SPECIAL

from .. import ir
from ..ir import Const, Op, const_int, const_ptr
from .core import Abort, Shadow, atomic

_MethodType = types.MethodType
_REAL_FUNCTION_ONLY = {name for name, _ in _HOST_ONLY}
MAX_INLINE_DEPTH = 8


def rec_KW_NAMES(r, f, dec, pc, arg):
    r.kwnames = f.consts[arg]
    r.next(pc + 1)


def rec_CALL(r, f, dec, pc, arg):
    kwnames = r.kwnames
    r.kwnames = None
    argc = arg
    s = f.stack
    sh = r.shadows[-1].stack
    n = len(s)
    if s[n - 2 - argc] is NULL:
        fn, vfn = s[n - 1 - argc], sh[n - 1 - argc]
        cargs, vargs = s[n - argc:], sh[n - argc:]
    else:
        fn, vfn = s[n - 2 - argc], sh[n - 2 - argc]
        cargs, vargs = s[n - 1 - argc:], sh[n - 1 - argc:]
    snap = r.before()
    tfn = type(fn)
    if tfn is _MethodType and type(fn.__func__) is Function and kwnames is None and \
            _refusal(r, fn.__func__, len(cargs) + 1) is None:
        # a bound VM method: call its function with self first
        if not isinstance(vfn, Const):
            r.emit("guard_class", [vfn, const_ptr(_MethodType)], snap)
            vfunc = r.emit("call_getattr", [vfn, const_ptr("__func__")], snap)
            vself = r.emit("call_getattr", [vfn, const_ptr("__self__")], snap)
        elif atomic(fn.__self__):
            vfunc, vself = r.const_value(fn.__func__), r.const_value(fn.__self__)
        else:
            raise Abort("bound method constant")
        return _inline(r, f, dec, pc, fn.__func__, vfunc, [fn.__self__] + cargs, [vself] + vargs, snap)
    if tfn is Function and _refusal(r, fn, len(cargs), kwnames) is None:
        return _inline(r, f, dec, pc, fn, vfn, cargs, vargs, snap)
    # Otherwise a residual call.  For a VM callee that is worth it only when it
    # loops (its loops get traces of their own): entering the VM from the host
    # costs more than the interpreter's own call, so a trace making recursive
    # calls, instantiating VM classes or starting generators through the host
    # would run slower than the interpreter -- those recordings abort.
    if tfn is _MethodType and type(fn.__func__) is Function:
        why = _refusal(r, fn.__func__, len(cargs) + 1)
        if why != "a loop inside":
            raise Abort(f"call of a VM method: {why}")
    elif tfn is Function:
        why = _refusal(r, fn, len(cargs))
        if why != "a loop inside":
            raise Abort(f"call of a VM function: {why}")
    elif tfn is type and plain_init(fn) is not None:
        raise Abort("instantiation of a VM class")
    if id(fn) in SPECIAL and not (fn is type and argc == 1 and not kwnames):
        # (type(x) is a plain call: only type(name, bases, ns) needs the frame)
        raise Abort(f"call of {getattr(fn, '__name__', '?')}() needs the frame")
    if tfn is types.BuiltinMethodType and fn.__name__ in _REAL_FUNCTION_ONLY:
        raise Abort("call of a builtin that may want real functions")
    _guard_callee(r, fn, vfn, snap)
    # executed here the interpreter's way
    del s[n - 2 - argc:]
    if kwnames:
        nk = len(kwnames)
        kw = dict(zip(kwnames, cargs[len(cargs) - nk:]))
        pos = cargs[:len(cargs) - nk]
        result = r.call_host(lambda: fn(*pos, **kw))
        op = r.emit("call_kw", [vfn, const_ptr(kwnames)] + vargs, snap)
    else:
        result = r.call_host(fn, *cargs)
        op = r.emit("call", [vfn] + vargs, snap)
    del sh[n - 2 - argc:]
    s.append(result)
    sh.append(op)
    r.next(dec.nexts[pc])



def _is_ref_of(v, obj):
    """Is trace value ``v`` the constant ``obj`` (or the reference made of it)?"""
    if isinstance(v, Const):
        return v.value is obj
    return isinstance(v, Op) and v.name == "const_ref" and v.args[0].value is obj


def _guard_callee(r, fn, vfn, snap):
    """A generic call does what the interpreter's CALL did only for callees like
    this one: the interpreter treats some callables its own way (VM functions,
    builtins that need the caller's frame such as ``eval``/``locals``/``super``,
    builtins that want real functions).  Guard what was called, as tightly as
    its kind allows while polymorphic sites of ordinary callables stay on trace."""
    if _is_ref_of(vfn, fn):
        return  # a constant: its identity holds behind the guard that produced it
    t = type(fn)
    if isinstance(fn, type) or (t is types.BuiltinFunctionType and (
            type(fn.__self__) is types.ModuleType or fn.__self__ is None
            or fn.__name__ == "__new__")):
        # classes, module functions and T.__new__ are single objects (a bound
        # builtin of an instance is made anew at each attribute access)
        r.emit("guard_value", [vfn, const_ptr(fn)], snap)
    elif isinstance(fn, types.BuiltinFunctionType):
        # a builtin bound to an instance (``lst.append``): its C function
        r.emit("guard_class", [vfn, const_ptr(t)], snap)
        r.emit("guard_method_def", [vfn, const_int(ir.method_def(fn))], snap)
    else:
        r.emit("guard_class", [vfn, const_ptr(t)], snap)


_HAS_LOOP: dict = {}   # code -> does it contain a backward jump?


def _has_loop(fn):
    code = fn.code
    r = _HAS_LOOP.get(code)
    if r is None:
        dec = fn.dec
        r = _HAS_LOOP[code] = any(
            O.BY_CODE[op] is not None and O.BY_CODE[op].jump is O.Jump.BACKWARD
            for op in dec.ops)
    return r


def _refusal(r, fn, nargs, kwnames=None):
    """Why a call of VM function ``fn`` with ``nargs`` arguments is not inlined
    (None: it is)."""
    code = fn.code
    if _has_loop(fn):
        return "a loop inside"   # its loop gets a trace of its own
    if kwnames:
        return "keyword arguments"
    if fn.dec.is_gen:
        return "generator function"
    if len(r.shadows) > MAX_INLINE_DEPTH:
        return "call too deep"
    if any(sh.func is fn for sh in r.shadows):
        return "recursive call"
    if code.co_flags & (O.CO_VARARGS | O.CO_VARKEYWORDS) or code.co_kwonlyargcount:
        return "* or ** parameters"
    if code.co_cellvars or code.co_freevars:
        return "closure cells"
    argcount = code.co_argcount
    defaults = fn.defaults or ()
    if not (argcount - len(defaults) <= nargs <= argcount):
        return "wrong number of arguments"
    used = defaults[len(defaults) - (argcount - nargs):] if nargs < argcount else ()
    if not all(atomic(d) for d in used):
        return "default argument value not a constant"
    return None


def _inline(r, f, dec, pc, fn, vfn, cargs, vargs, snap):
    """Enter ``fn`` as a real frame and keep recording in it (``_refusal`` said yes)."""
    code = fn.code
    fdec = fn.dec
    nargs = len(cargs)
    argcount = code.co_argcount
    defaults = fn.defaults or ()
    used = defaults[len(defaults) - (argcount - nargs):] if nargs < argcount else ()
    ts = r.ts
    if ts.depth + 1 >= RecursionLimit.value:
        raise Abort("recursion limit")  # (so push below cannot raise RecursionError)
    if not _is_ref_of(vfn, fn):
        r.emit("guard_value", [vfn, const_ptr(fn)], snap)
    if isinstance(vfn, Const):
        vfn = r.emit("const_ref", [vfn])   # (the frame's own reference)
    # the frame, as the interpreter's CALL_PY_* makes it
    fast = list(cargs)
    if nargs < argcount:
        fast.extend(defaults[len(defaults) - (argcount - nargs):])
    vfast = list(vargs) + [r.const_value(d) for d in used]
    fast.extend([NULL] * (fdec.nlocalsplus - len(fast)))
    nf = Frame(fn, fast)
    # pop [NULL or self, callable, args...] from the caller's stack and its shadow
    argc = dec.args[pc]
    s = f.stack
    sh = r.shadows[-1]
    del s[len(s) - 2 - argc:]
    del sh.stack[len(sh.stack) - 2 - argc:]
    resume = dec.nexts[pc]
    push(f, nf, ts, resume, resume - 1)  # (as the interpreter's CALL_PY_* pushes it)
    sh.ret_pc = f.pc
    callee = Shadow(nf, {k: v for k, v in enumerate(vfast)}, [], fn, vfn)
    r.shadows.append(callee)
    r.max_depth = max(r.max_depth, len(r.shadows) - 1)
    r.f = nf
    r.next(nf.pc)


def rec_RETURN_VALUE(r, f, dec, pc, arg):
    if len(r.shadows) == 1:
        raise Abort("return from the loop's frame")
    if f.outside is not None:
        raise Abort("return from a call CPython does not inline (__init__, f(*args))")
    vv = r.pop()
    r.shadows.pop()
    back = pop(f, f.stack.pop(), r.ts)  # (as the interpreter returns)
    r.shadows[-1].stack.append(vv)
    r.f = back
    r.next(back.pc)
