"""The eval loop of tier specialize: interp's loop over quickened instructions.

Same frames, calls, exception unwinding and generator protocol as
:func:`pyjit.interp.run` (which this replaces when the tier is on); the
difference is the instruction array: each code object's :class:`Quickened`
copy, whose adaptive instructions count down and specialize in place
(:mod:`.specializer`), and whose specialized instructions check their guards,
act, or on a miss run the generic operation (and after enough misses deopt).

Branch order is by dynamic frequency: locals and constants, then the
specialized arithmetic/compare forms, then attribute, global and call forms,
then the generic instructions; everything else goes through the interp tier's
handler table (by base opcode).
"""

from __future__ import annotations

import types

from .. import handlers as H
from .. import interp as I
from .. import opcodes as O
from ..function import Function, bind_args
from ..null import NULL
from . import forms
from . import specializer as S

_MethodType = types.MethodType
_Frame = I.Frame
_plain_init = I._plain_init
_recursion_error = I.recursion_error
_unwind = I._unwind

# Generic handlers by any opcode (a specialized or quick form runs its base's).
HANDLERS = [H.HANDLERS[O.DEOPT[op]] for op in range(256)]


def _call_generic(f, stack, pc, argc, kwnames, ts):
    """CALL done the interp tier's way.  Returns the frame to switch to, or None
    when the result is already on the stack."""
    n = len(stack)
    if stack[n - 2 - argc] is NULL:
        fn = stack[n - 1 - argc]
        cargs = stack[n - argc:]
    else:
        fn = stack[n - 2 - argc]
        cargs = stack[n - 1 - argc:]
    del stack[n - 2 - argc:]
    kwargs = None
    if kwnames is not None:
        nk = len(kwnames)
        kwargs = dict(zip(kwnames, cargs[len(cargs) - nk:]))
        del cargs[len(cargs) - nk:]
    tfn = type(fn)
    if tfn is _MethodType and type(fn.__func__) is Function:
        cargs.insert(0, fn.__self__)
        fn = fn.__func__
        tfn = Function
    if tfn is Function:
        nf = _Frame(fn, bind_args(fn, cargs, kwargs, fn.dec.nlocalsplus))
        return _push(f, nf, pc, ts, f.dec.nexts[pc])
    if tfn is type:
        init = _plain_init(fn)
        if init is not None:
            obj = object.__new__(fn)
            cargs.insert(0, obj)
            nf = _Frame(init, bind_args(init, cargs, kwargs, init.dec.nlocalsplus))
            nf.init_self = obj
            if ts.depth >= I.RecursionLimit.value:
                raise _recursion_error()
            ts.depth += 1
            f.lasti = pc
            f.pc = f.dec.nexts[pc]
            nf.back = f
            return nf
    sp = I.SPECIAL.get(id(fn))
    if sp is not None:
        stack.append(sp(f, fn, cargs, kwargs))
    elif kwargs:
        stack.append(fn(*cargs, **kwargs))
    else:
        try:
            r = fn(*cargs)
        except TypeError as e:
            if not I._wants_real_function(fn, cargs, e):
                raise
            r = NULL
        if r is NULL:
            r = fn(*I._host_callables(cargs))
        stack.append(r)
    return None


def _push(f, nf, pc, ts, resume_pc):
    """Make ``nf`` (called by ``f`` at ``pc``) the running frame."""
    if ts.depth >= I.RecursionLimit.value:
        raise _recursion_error()
    ts.depth += 1
    f.pc = resume_pc
    f.lasti = resume_pc - 1  # CPython's inlined call: lasti is CALL's last cache unit
    nf.back = f
    return nf


def run(f, ts, throw=None, *,
        LOAD_FAST=O.LOAD_FAST, STORE_FAST=O.STORE_FAST, LOAD_CONST=O.LOAD_CONST,
        LF_LF=O.LOAD_FAST__LOAD_FAST, LF_LC=O.LOAD_FAST__LOAD_CONST,
        LC_LF=O.LOAD_CONST__LOAD_FAST, SF_LF=O.STORE_FAST__LOAD_FAST,
        BS_GETITEM=O.BINARY_SUBSCR_GETITEM,
        PC_PYFUNC=O.PRECALL_PYFUNC, PC_BOUND=O.PRECALL_BOUND_METHOD,
        PC_LEN=O.PRECALL_NO_KW_LEN, PC_ISINSTANCE=O.PRECALL_NO_KW_ISINSTANCE,
        PC_TYPE_1=O.PRECALL_NO_KW_TYPE_1, PC_STR_1=O.PRECALL_NO_KW_STR_1,
        PC_TUPLE_1=O.PRECALL_NO_KW_TUPLE_1, PC_BUILTIN_O=O.PRECALL_NO_KW_BUILTIN_O,
        PC_BUILTIN_FAST=O.PRECALL_NO_KW_BUILTIN_FAST, PC_CLASS=O.PRECALL_BUILTIN_CLASS,
        PC_APPEND=O.PRECALL_NO_KW_LIST_APPEND,
        PC_MD_NOARGS=O.PRECALL_NO_KW_METHOD_DESCRIPTOR_NOARGS,
        PC_MD_O=O.PRECALL_NO_KW_METHOD_DESCRIPTOR_O,
        PC_MD_FAST=O.PRECALL_NO_KW_METHOD_DESCRIPTOR_FAST,
        PRECALL_ADAPTIVE=O.PRECALL_ADAPTIVE,
        CALL_EXACT=O.CALL_PY_EXACT_ARGS, CALL_DEFAULTS=O.CALL_PY_WITH_DEFAULTS,
        CALL_ADAPTIVE=O.CALL_ADAPTIVE,
        KW_NAMES=O.KW_NAMES, RETURN_VALUE=O.RETURN_VALUE, POP_TOP=O.POP_TOP,
        PUSH_NULL=O.PUSH_NULL, FOR_ITER=O.FOR_ITER,
        JUMP_FORWARD=O.JUMP_FORWARD, JUMP_BACKWARD_NO_INTERRUPT=O.JUMP_BACKWARD_NO_INTERRUPT,
        PJ_F_FALSE=O.POP_JUMP_FORWARD_IF_FALSE, PJ_F_TRUE=O.POP_JUMP_FORWARD_IF_TRUE,
        PJ_B_FALSE=O.POP_JUMP_BACKWARD_IF_FALSE, PJ_B_TRUE=O.POP_JUMP_BACKWARD_IF_TRUE,
        PJ_F_NONE=O.POP_JUMP_FORWARD_IF_NONE, PJ_F_NOT_NONE=O.POP_JUMP_FORWARD_IF_NOT_NONE,
        PJ_B_NONE=O.POP_JUMP_BACKWARD_IF_NONE, PJ_B_NOT_NONE=O.POP_JUMP_BACKWARD_IF_NOT_NONE,
        JIF_OR_POP=O.JUMP_IF_FALSE_OR_POP, JIT_OR_POP=O.JUMP_IF_TRUE_OR_POP,
        CALL_FUNCTION_EX=O.CALL_FUNCTION_EX, RETURN_GENERATOR=O.RETURN_GENERATOR,
        YIELD_VALUE=O.YIELD_VALUE, SEND=O.SEND, Null=NULL,
        MethodType=_MethodType, limit=I.RecursionLimit, Frame=_Frame,
        miss=S.miss, CONFIG=S.CONFIG, TABLE=forms.TABLE):
    """Run ``f`` (an entry frame, already counted in ``ts.depth``) to its return.

    With ``throw``, first raise that exception at ``f.lasti`` (generator.throw).
    """
    compares = I.COMPARES
    handlers = HANDLERS
    stats = CONFIG.stats
    counting = stats is not None
    hits = stats.hits if counting else None
    forms.hits = hits
    if throw is not None:
        f = _unwind(f, f.lasti, throw, ts)
    kwnames = None
    while True:
        # (Re)entering a frame.  Drop the temporaries of the last call/return:
        # an object must die when CPython would drop it (__del__, weakrefs).
        v = r = o = c = fn = cargs = nf = gen = back = None
        dec = f.dec
        q = dec.extra
        if q is None:
            q = S.quicken(dec)
        ops = q.ops
        caches = q.caches
        counters = q.counters
        args = dec.args
        nexts = dec.nexts
        stack = f.stack
        fast = f.fast
        pc = f.pc
        try:
            while True:
                op = ops[pc]
                if op == LOAD_FAST:
                    v = fast[args[pc]]
                    if v is Null:
                        raise H.unbound_local(f.code, args[pc])
                    stack.append(v)
                    v = None
                    pc += 1
                elif op == LF_LF:
                    v = fast[args[pc]]
                    if v is Null:
                        raise H.unbound_local(f.code, args[pc])
                    stack.append(v)
                    pc += 1
                    v = fast[args[pc]]
                    if v is Null:
                        raise H.unbound_local(f.code, args[pc])
                    stack.append(v)
                    v = None
                    pc += 1
                elif op == STORE_FAST:
                    fast[args[pc]] = stack.pop()
                    pc += 1
                elif op == LOAD_CONST:
                    stack.append(f.consts[args[pc]])
                    pc += 1
                elif op == LF_LC:
                    v = fast[args[pc]]
                    if v is Null:
                        raise H.unbound_local(f.code, args[pc])
                    stack.append(v)
                    v = None
                    stack.append(f.consts[args[pc + 1]])
                    pc += 2
                elif op == SF_LF:
                    fast[args[pc]] = stack.pop()
                    pc += 1
                    v = fast[args[pc]]
                    if v is Null:
                        raise H.unbound_local(f.code, args[pc])
                    stack.append(v)
                    v = None
                    pc += 1
                elif TABLE[op] is not None:
                    # adaptive and specialized forms (see forms.py): one table call
                    pc = TABLE[op](f, pc)
                elif op == PJ_F_FALSE or op == PJ_B_FALSE:
                    if stack.pop():
                        pc += 1
                    else:
                        pc = args[pc]
                elif op == PJ_F_TRUE or op == PJ_B_TRUE:
                    if stack.pop():
                        pc = args[pc]
                    else:
                        pc += 1
                elif handlers[op] is not None:
                    r = handlers[op](f, args[pc])
                    pc = nexts[pc] if r is None else r
                # -- calls: they switch frames or read the pending keyword names --
                elif op == CALL_EXACT or op == CALL_DEFAULTS:
                    argc = args[pc]
                    n = len(stack)
                    c = caches[pc]
                    if stack[n - 2 - argc] is Null:
                        fn = stack[n - 1 - argc]
                        start = n - argc
                    else:
                        fn = stack[n - 2 - argc]
                        start = n - 1 - argc
                    if fn is c[0] and fn.code is c[1] and kwnames is None and (
                            op == CALL_EXACT or fn.defaults is c[2]):
                        if counting:
                            hits[op] += 1
                        cargs = stack[start:]
                        del stack[n - 2 - argc:]
                        if op == CALL_DEFAULTS:
                            d = c[2]
                            cargs.extend(d[len(d) - (c[1].co_argcount - len(cargs)):])
                        cargs.extend([Null] * (fn.dec.nlocalsplus - len(cargs)))
                        nf = Frame(fn, cargs)
                        if ts.depth >= limit.value:
                            raise I.recursion_error()
                        ts.depth += 1
                        f.pc = nexts[pc]
                        f.lasti = f.pc - 1
                        nf.back = f
                        f = nf
                        break
                    miss(q, pc)
                    c = fn = None
                    nf = _call_generic(f, stack, pc, argc, kwnames, ts)
                    kwnames = None
                    if nf is not None:
                        f = nf
                        break
                    pc = nexts[pc]
                elif op == RETURN_VALUE:
                    v = stack.pop()
                    if f.init_self is not Null:
                        if v is not None:
                            raise TypeError(f"__init__() should return None, not "
                                            f"'{type(v).__name__}'")
                        v = f.init_self
                    ts.depth -= 1
                    if f.entry:
                        f.pc = -1
                        return v
                    f = f.back
                    f.stack.append(v)
                    break
                elif op == PC_PYFUNC:
                    pc = nexts[pc]
                elif op == PC_BOUND:
                    argc = args[pc]
                    n = len(stack)
                    fn = stack[n - 1 - argc]
                    if stack[n - 2 - argc] is Null and type(fn) is MethodType:
                        stack[n - 2 - argc] = fn.__func__
                        stack[n - 1 - argc] = fn.__self__
                        if counting:
                            hits[op] += 1
                    else:
                        miss(q, pc)
                    fn = None
                    pc = nexts[pc]
                elif op == PC_LEN or op == PC_TYPE_1 or op == PC_STR_1 or op == PC_TUPLE_1 \
                        or op == PC_BUILTIN_O:
                    # one argument: [NULL, callable, arg]
                    fn = caches[pc][0]
                    if stack[-2] is fn and stack[-3] is Null and kwnames is None:
                        if counting:
                            hits[op] += 1
                        r = fn(stack[-1])
                        del stack[-2:]
                        stack[-1] = r
                        r = fn = None
                        pc = nexts[nexts[pc]]  # the CALL after this PRECALL is done too
                    else:
                        miss(q, pc)
                        fn = None
                        pc = nexts[pc]
                elif op == PC_APPEND or op == PC_MD_O:
                    # [method descriptor, self, arg]
                    fn = caches[pc][0]
                    if stack[-3] is fn and kwnames is None and (
                            op == PC_MD_O or type(stack[-2]) is list):
                        if counting:
                            hits[op] += 1
                        r = fn(stack[-2], stack[-1])
                        del stack[-2:]
                        stack[-1] = r
                        r = fn = None
                        pc = nexts[nexts[pc]]
                    else:
                        miss(q, pc)
                        fn = None
                        pc = nexts[pc]
                elif op == PC_ISINSTANCE or op == PC_BUILTIN_FAST or op == PC_CLASS \
                        or op == PC_MD_NOARGS or op == PC_MD_FAST:
                    argc = args[pc]
                    n = len(stack)
                    fn = caches[pc][0]
                    if kwnames is None and (stack[n - 2 - argc] is fn or (
                            stack[n - 1 - argc] is fn and stack[n - 2 - argc] is Null)):
                        if counting:
                            hits[op] += 1
                        start = n - 1 - argc if stack[n - 2 - argc] is fn else n - argc
                        r = fn(*stack[start:])
                        del stack[n - 1 - argc:]
                        stack[-1] = r
                        r = fn = None
                        pc = nexts[nexts[pc]]
                    else:
                        miss(q, pc)
                        fn = None
                        pc = nexts[pc]
                elif op == PRECALL_ADAPTIVE:
                    if counters[pc]:
                        counters[pc] -= 1
                        pc = nexts[pc]
                    else:
                        S.specialize_PRECALL(q, pc, stack, args[pc], kwnames)
                elif op == CALL_ADAPTIVE:
                    if counters[pc]:
                        counters[pc] -= 1
                        nf = _call_generic(f, stack, pc, args[pc], kwnames, ts)
                        kwnames = None
                        if nf is not None:
                            f = nf
                            break
                        pc = nexts[pc]
                    else:
                        S.specialize_CALL(q, pc, stack, args[pc], kwnames)
                elif op == KW_NAMES:
                    kwnames = f.consts[args[pc]]
                    pc += 1
                elif op == BS_GETITEM:
                    r = stack[-1]
                    o = stack[-2]
                    c = caches[pc]
                    if type(o) is c[0] and c[1].value == c[2]:
                        if counting:
                            hits[op] += 1
                        fn = c[3]
                        del stack[-2:]
                        cargs = [o, r]
                        cargs.extend([Null] * (fn.dec.nlocalsplus - 2))
                        nf = Frame(fn, cargs)
                        o = r = c = None
                        if ts.depth >= limit.value:
                            raise I.recursion_error()
                        ts.depth += 1
                        f.pc = nexts[pc]
                        f.lasti = f.pc - 1  # inlined call: the last cache unit
                        nf.back = f
                        f = nf
                        break
                    miss(q, pc)
                    del stack[-1]
                    stack[-1] = o[r]
                    o = r = c = None
                    pc = nexts[pc]
                elif op == LC_LF:
                    stack.append(f.consts[args[pc]])
                    pc += 1
                    v = fast[args[pc]]
                    if v is Null:
                        raise H.unbound_local(f.code, args[pc])
                    stack.append(v)
                    v = None
                    pc += 1
                # -- the rest of interp's inline instructions ---------------------
                elif op == PUSH_NULL:
                    stack.append(Null)
                    pc += 1
                elif op == POP_TOP:
                    stack.pop()
                    pc += 1
                elif op == JUMP_FORWARD or op == JUMP_BACKWARD_NO_INTERRUPT:
                    pc = args[pc]
                elif op == FOR_ITER:
                    try:
                        stack.append(next(stack[-1]))
                        pc += 1
                    except StopIteration:
                        stack.pop()
                        pc = args[pc]
                elif op == PJ_F_NONE or op == PJ_B_NONE:
                    if stack.pop() is None:
                        pc = args[pc]
                    else:
                        pc += 1
                elif op == PJ_F_NOT_NONE or op == PJ_B_NOT_NONE:
                    if stack.pop() is not None:
                        pc = args[pc]
                    else:
                        pc += 1
                elif op == JIF_OR_POP:
                    if stack[-1]:
                        stack.pop()
                        pc += 1
                    else:
                        pc = args[pc]
                elif op == JIT_OR_POP:
                    if stack[-1]:
                        pc = args[pc]
                    else:
                        stack.pop()
                        pc += 1
                elif op == CALL_FUNCTION_EX:
                    nf = _call_function_ex(f, stack, pc, args[pc], ts)
                    if nf is not None:
                        f = nf
                        break
                    pc += 1
                elif op == RETURN_GENERATOR:
                    f.lasti = pc
                    f.pc = pc + 1
                    gen = I._gen.make_generator(f)
                    ts.depth -= 1
                    back = f.back
                    f.back = None
                    if f.entry:
                        f.entry = False
                        return gen
                    f = back
                    f.stack.append(gen)
                    break
                elif op == YIELD_VALUE:
                    v = stack.pop()
                    f.lasti = pc
                    f.pc = pc + 1
                    ts.depth -= 1
                    return v
                elif op == SEND:
                    v = stack.pop()
                    done, r = I._gen.send(stack[-1], v)
                    v = None
                    if done:
                        stack[-1] = r
                        pc = args[pc]
                    else:
                        stack.append(r)
                        pc += 1
                    r = None
                else:
                    raise SystemError(f"pyjit: no handler for opcode {op}")
            continue  # a frame switch: reload the locals above
        except BaseException as e:
            exc = e
        # Unwind outside the host's except block (see interp.run).
        f.lasti = pc
        try:
            f = _unwind(f, pc, exc, ts)
        finally:
            exc = None  # see interp.run: no cycle through this frame's traceback entry
        kwnames = None


def _call_function_ex(f, stack, pc, arg, ts):
    kwargs = stack.pop() if arg & 1 else None
    cargs = stack.pop()
    fn = stack.pop()
    stack.pop()  # the NULL below the callable
    if kwargs is not None and type(kwargs) is not dict:
        kwargs = I._merge_kwargs(fn, kwargs)
    if type(cargs) is not tuple:
        cargs = I._star_args(fn, cargs)
    tfn = type(fn)
    if tfn is _MethodType and type(fn.__func__) is Function:
        cargs = (fn.__self__,) + cargs
        fn = fn.__func__
        tfn = Function
    if tfn is Function:
        nf = _Frame(fn, bind_args(fn, cargs, kwargs, fn.dec.nlocalsplus))
        if ts.depth >= I.RecursionLimit.value:
            raise _recursion_error()
        ts.depth += 1
        f.lasti = pc
        f.pc = pc + 1
        nf.back = f
        return nf
    sp = I.SPECIAL.get(id(fn))
    if sp is not None:
        stack.append(sp(f, fn, list(cargs), kwargs))
    elif kwargs:
        stack.append(fn(*cargs, **kwargs))
    else:
        stack.append(fn(*cargs))
    return None
