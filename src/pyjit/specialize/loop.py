"""The eval loop of tier specialize: interp's loop over quickened instructions.

Same frames, calls, exception unwinding and generator protocol as
:func:`pyjit.interp.run` (which this replaces when the tier is on); the
difference is the instruction array: each code object's :class:`Quickened`
copy, whose adaptive instructions count down and specialize in place
(:mod:`.specializer`), and whose specialized instructions check their guards,
act, or on a miss run the generic operation (and after enough misses deopt).

Branch order is by dynamic frequency, measured by counting the instructions
executed over the whole benchmark suite (each ``op ==`` test costs ~7 ns):
arithmetic forms, LOAD_FAST, one table call for the other specialized forms
(:mod:`.forms`), constants, calls and returns (one group test), the locals
superinstructions, attributes, globals, back-edges (fused with the FOR_ITER
they return to), compares; then the interp tier's generic handlers; the rest.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import sys
import types

from .. import handlers as H
from .. import interp as I
from .. import opcodes as O
from ..function import Function, bind_args
from ..null import NULL
from . import blocks
from . import forms
from . import specializer as S

_MethodType = types.MethodType
_Frame = I.Frame
_plain_init = I._plain_init
_recursion_error = I.recursion_error
_unwind = I._unwind

# (tier jit only: imported when it is installed, so found in sys.modules -- not
# with an import statement, whose importlib code would call builtins that a
# running program may have replaced)
def _jit_backedge(f, pc, ts):
    driver = sys.modules["pyjit.jit.driver"]
    global _jit_backedge
    _jit_backedge = driver.backedge
    return driver.backedge(f, pc, ts)


def _jit_header(f, pc, ts):
    driver = sys.modules["pyjit.jit.driver"]
    global _jit_header
    _jit_header = driver.header
    return driver.header(f, pc, ts)


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


def _kinds(*names):
    """A 256-entry membership table: ``KIND[op]`` is one list index, cheaper than
    several ``op ==`` tests (specialized opcodes are not contiguous)."""
    codes = {getattr(O, n) for n in names}
    return tuple(op in codes for op in range(256))


_BINOP_FORMS = _kinds("BINARY_OP", "BINARY_OP_ADAPTIVE", "BINARY_OP_ADD_INT", "BINARY_OP_SUBTRACT_INT", "BINARY_OP_MULTIPLY_INT",
                      "BINARY_OP_ADD_FLOAT", "BINARY_OP_SUBTRACT_FLOAT",
                      "BINARY_OP_MULTIPLY_FLOAT", "BINARY_OP_ADD_UNICODE",
                      "BINARY_OP_INPLACE_ADD_UNICODE")
_BINOP_TYPE = {O.BINARY_OP_ADD_INT: int, O.BINARY_OP_SUBTRACT_INT: int,
               O.BINARY_OP_MULTIPLY_INT: int, O.BINARY_OP_ADD_FLOAT: float,
               O.BINARY_OP_SUBTRACT_FLOAT: float, O.BINARY_OP_MULTIPLY_FLOAT: float,
               O.BINARY_OP_ADD_UNICODE: str, O.BINARY_OP_INPLACE_ADD_UNICODE: str,
               O.COMPARE_OP_INT_JUMP: int, O.COMPARE_OP_FLOAT_JUMP: float,
               O.COMPARE_OP_STR_JUMP: str}
_CMP_FORMS = _kinds("COMPARE_OP_INT_JUMP", "COMPARE_OP_FLOAT_JUMP", "COMPARE_OP_STR_JUMP")
_ITER_FORMS = _kinds("FOR_ITER_ADAPTIVE", "FOR_ITER_LIST", "FOR_ITER_TUPLE", "FOR_ITER_RANGE")
_ATTR_FORMS = _kinds("LOAD_ATTR_ADAPTIVE", "LOAD_ATTR_INSTANCE_VALUE", "LOAD_ATTR_SLOT",
                     "LOAD_ATTR_WITH_HINT")
_METHOD_FORMS = _kinds("LOAD_METHOD_WITH_VALUES", "LOAD_METHOD_NO_DICT", "LOAD_METHOD_WITH_DICT")
_GLOBAL_FORMS = _kinds("LOAD_GLOBAL_ADAPTIVE", "LOAD_GLOBAL_MODULE", "LOAD_GLOBAL_BUILTIN")


_NEVER = (False,) * 256


def _guard_binop(q, pc, op, left, right, hits):
    """Statistics only: did a BINARY_OP/COMPARE_OP form's operands match it?"""
    t = _BINOP_TYPE[op]
    if type(left) is t and type(right) is t:
        hits[op] += 1
    else:
        S.miss(q, pc)


def _guard_typed(q, pc, op, o, hits):
    """Statistics only: a form whose cache starts with the type it saw."""
    if (type(o) is S.ITER_TYPE[op]) if op in S.ITER_TYPE else (
            id(type(o)) == q.caches[pc][0]):
        hits[op] += 1
    else:
        S.miss(q, pc)


def _guard_global(f, q, pc, op, hits):
    c = q.caches[pc]
    if op == O.LOAD_GLOBAL_MODULE:
        ok = id(f.globals) == c[0] and c[1].value == c[2]
    else:
        ok = (id(f.globals) == c[0] and c[1].value == c[2] and id(f.builtins) == c[3]
              and c[4].value == c[5])
    if ok:
        hits[op] += 1
    else:
        S.miss(q, pc)


def run(f, ts, throw=None, *,
        LOAD_FAST=O.LOAD_FAST, STORE_FAST=O.STORE_FAST, LOAD_CONST=O.LOAD_CONST,
        LF_LF=O.LOAD_FAST__LOAD_FAST, LF_LC=O.LOAD_FAST__LOAD_CONST,
        LC_LF=O.LOAD_CONST__LOAD_FAST, SF_LF=O.STORE_FAST__LOAD_FAST,
        JUMP_BACKWARD=O.JUMP_BACKWARD_QUICK, BS_GETITEM=O.BINARY_SUBSCR_GETITEM,
        BINARY_OP_ADAPTIVE=O.BINARY_OP_ADAPTIVE, FOR_ITER_ADAPTIVE=O.FOR_ITER_ADAPTIVE,
        LOAD_ATTR_ADAPTIVE=O.LOAD_ATTR_ADAPTIVE, LOAD_GLOBAL_ADAPTIVE=O.LOAD_GLOBAL_ADAPTIVE,
        PC_PYFUNC=O.PRECALL_PYFUNC,
        LM_NO_DICT=O.LOAD_METHOD_NO_DICT,
        CALL_EXACT=O.CALL_PY_EXACT_ARGS, CALL_DEFAULTS=O.CALL_PY_WITH_DEFAULTS,
        CALL_ADAPTIVE=O.CALL_ADAPTIVE,
        KW_NAMES=O.KW_NAMES, RETURN_VALUE=O.RETURN_VALUE,
        PJ_F_FALSE=O.POP_JUMP_FORWARD_IF_FALSE, PJ_F_TRUE=O.POP_JUMP_FORWARD_IF_TRUE,
        PJ_B_FALSE=O.POP_JUMP_BACKWARD_IF_FALSE, PJ_B_TRUE=O.POP_JUMP_BACKWARD_IF_TRUE,
        CALL_FUNCTION_EX=O.CALL_FUNCTION_EX, RETURN_GENERATOR=O.RETURN_GENERATOR,
        YIELD_VALUE=O.YIELD_VALUE, SEND=O.SEND, Null=NULL,
        limit=I.RecursionLimit, Frame=_Frame, getattr_=getattr, Func=Function,
        miss=S.miss, CONFIG=S.CONFIG, TABLE=forms.TABLE, form_block=blocks.form,
        BINOP_FORMS=_BINOP_FORMS, CMP_FORMS=_CMP_FORMS, ITER_FORMS=_ITER_FORMS,
        ATTR_FORMS=_ATTR_FORMS, METHOD_FORMS=_METHOD_FORMS, GLOBAL_FORMS=_GLOBAL_FORMS,
        ITER_SPECIALIZED=_kinds("FOR_ITER_LIST", "FOR_ITER_TUPLE", "FOR_ITER_RANGE"),
        CALL_GROUP=_kinds("PRECALL_PYFUNC", "CALL_PY_EXACT_ARGS", "CALL_PY_WITH_DEFAULTS",
                          "CALL_ALLOC_AND_ENTER_INIT", "RETURN_VALUE", "CALL_ADAPTIVE",
                          "KW_NAMES", "BINARY_SUBSCR_GETITEM", "CALL_FUNCTION_EX",
                          "RETURN_GENERATOR", "YIELD_VALUE", "SEND"),
        CALL_ALLOC_INIT=O.CALL_ALLOC_AND_ENTER_INIT, object_new=object.__new__,
        JUMP_BACKWARD_JIT=O.JUMP_BACKWARD_JIT,
        JIT_FORMS=_kinds("POP_JUMP_BACKWARD_IF_FALSE_JIT", "POP_JUMP_BACKWARD_IF_TRUE_JIT",
                         "POP_JUMP_BACKWARD_IF_NONE_JIT", "POP_JUMP_BACKWARD_IF_NOT_NONE_JIT",
                         "FOR_ITER_JIT"), FOR_ITER_JIT=O.FOR_ITER_JIT,
        PJB_FALSE_JIT=O.POP_JUMP_BACKWARD_IF_FALSE_JIT, PJB_TRUE_JIT=O.POP_JUMP_BACKWARD_IF_TRUE_JIT,
        PJB_NONE_JIT=O.POP_JUMP_BACKWARD_IF_NONE_JIT):
    """Run ``f`` (an entry frame, already counted in ``ts.depth``) to its return.

    With ``throw``, first raise that exception at ``f.lasti`` (generator.throw).

    Arithmetic, compare, iteration, attribute and global forms act with the
    generic operation (in this host that is also the fastest one), so their
    guards decide nothing and are checked only for ``--stats``; the forms whose
    action relies on a guard (cached methods, direct frame pushes, host calls at
    PRECALL) always check it.
    """
    binops = I.BINOPS
    compares = I.COMPARES
    handlers = HANDLERS
    stats = CONFIG.stats
    counting = stats is not None
    hits = stats.hits if counting else None
    forms.hits = hits
    # With statistics on, FOR_ITER forms must count their hits themselves.
    FUSE_ITER = _NEVER if counting else ITER_SPECIALIZED
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
        blocks = q.blocks
        args = dec.args
        nexts = dec.nexts
        stack = f.stack
        fast = f.fast
        pc = f.pc
        try:
            while True:
                b = blocks[pc]
                if b is not None:
                    # a leader: run its block (blocks.py), or count towards forming it
                    # (with --stats every unit counts down here: its executions)
                    if b.__class__ is not int:
                        pc = -1  # (if the block raises: it saved its pc in f.pc)
                        pc = b(f, stack, fast)
                        if pc >= 0:
                            continue  # at the next leader
                        pc = ~pc  # an instruction the block leaves to the loop
                    elif b:
                        blocks[pc] = b - 1
                    else:
                        form_block(q, f, pc)
                        continue
                op = ops[pc]
                if BINOP_FORMS[op]:
                    # the adaptive form and the specialized ones share the action
                    if op == BINARY_OP_ADAPTIVE:
                        if counters[pc]:
                            counters[pc] -= 1
                        else:
                            S.specialize_BINARY_OP(q, pc, dec, stack[-2], stack[-1])
                    elif counting and op in _BINOP_TYPE:  # (not the plain BINARY_OP)
                        _guard_binop(q, pc, op, stack[-2], stack[-1], hits)
                    r = stack.pop()
                    stack[-1] = binops[args[pc]](stack[-1], r)
                    r = None
                    pc = nexts[pc]
                elif op == LOAD_FAST:
                    v = fast[args[pc]]
                    if v is Null:
                        raise H.unbound_local(f.code, args[pc])
                    stack.append(v)
                    v = None
                    pc += 1
                elif TABLE[op] is not None:
                    # the other adaptive and specialized forms (forms.py)
                    pc = TABLE[op](f, pc)
                elif op == LOAD_CONST:
                    stack.append(f.consts[args[pc]])
                    pc += 1
                elif CALL_GROUP[op]:
                    # calls, returns and frame switches: one test for the group
                    if op == PC_PYFUNC:  # no-op before a VM call: go on to the CALL
                        if counting:
                            hits[op] += 1
                        pc = nexts[pc]
                        op = ops[pc]
                    if op == CALL_EXACT or op == CALL_DEFAULTS:
                        argc = args[pc]
                        n = len(stack)
                        c = caches[pc]
                        if stack[n - 2 - argc] is Null:
                            fn = stack[n - 1 - argc]
                            start = n - argc
                        else:
                            fn = stack[n - 2 - argc]
                            start = n - 1 - argc
                        nargs = n - start  # with self: LOAD_METHOD may or may not push one
                        if type(fn) is Func and fn.code is c[0] and kwnames is None and (
                                nargs == c[0].co_argcount if op == CALL_EXACT else
                                fn.defaults is not None and
                                c[0].co_argcount - len(fn.defaults) <= nargs
                                <= c[0].co_argcount):
                            if counting:
                                hits[op] += 1
                            cargs = stack[start:]
                            del stack[n - 2 - argc:]
                            if op == CALL_DEFAULTS:
                                d = fn.defaults
                                cargs.extend(d[len(d) - (c[0].co_argcount - len(cargs)):])
                                d = None
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
                    elif op == CALL_ALLOC_INIT:
                        # C(args) of a plain class: object.__new__ + a frame for its VM __init__
                        argc = args[pc]
                        n = len(stack)
                        c = caches[pc]
                        fn = stack[n - 1 - argc]
                        if id(fn) == c[0] and stack[n - 2 - argc] is Null and \
                                c[1].value == c[2] and kwnames is None and \
                                c[3]().code is c[4]:
                            # the class is alive (on the stack) and unchanged: its
                            # __init__ is the one seen, with the code seen
                            if counting:
                                hits[op] += 1
                            o = object_new(fn)
                            cargs = [o]
                            cargs.extend(stack[n - argc:])
                            del stack[n - 2 - argc:]
                            fn = c[3]()
                            cargs.extend([Null] * (fn.dec.nlocalsplus - len(cargs)))
                            nf = Frame(fn, cargs)
                            nf.init_self = o
                            o = None
                            if ts.depth >= limit.value:
                                raise I.recursion_error()
                            ts.depth += 1
                            f.lasti = pc  # a class call is not inlined by CPython 3.11
                            f.pc = nexts[pc]
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
                        if id(type(o)) == c[0] and c[1].value == c[2] and \
                                c[3]().code is c[4]:
                            if counting:
                                hits[op] += 1
                            fn = c[3]()
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
                    elif op == CALL_FUNCTION_EX:
                        nf = I.call_function_ex(f, stack, pc, args[pc], ts)
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
                elif op == SF_LF:
                    fast[args[pc]] = stack.pop()
                    pc += 1
                    v = fast[args[pc]]
                    if v is Null:
                        raise H.unbound_local(f.code, args[pc])
                    stack.append(v)
                    v = None
                    pc += 1
                elif ATTR_FORMS[op]:
                    if op == LOAD_ATTR_ADAPTIVE:
                        if counters[pc]:
                            counters[pc] -= 1
                        else:
                            S.specialize_LOAD_ATTR(q, pc, f, stack[-1])
                            continue  # LOAD_ATTR_MODULE/CLASS act differently: re-dispatch
                    elif counting:
                        _guard_typed(q, pc, op, stack[-1], hits)
                    stack[-1] = getattr_(stack[-1], f.names[args[pc]])
                    pc = nexts[pc]
                elif GLOBAL_FORMS[op]:
                    if op == LOAD_GLOBAL_ADAPTIVE:
                        if counters[pc]:
                            counters[pc] -= 1
                        else:
                            S.specialize_LOAD_GLOBAL(q, pc, f)
                    elif counting:
                        _guard_global(f, q, pc, op, hits)
                    a = args[pc]
                    if a & 1:
                        stack.append(Null)
                    v = f.globals.get(f.names[a >> 1], Null)
                    if v is Null:
                        v = f.builtins.get(f.names[a >> 1], Null)
                        if v is Null:
                            raise H._name_error(f.names[a >> 1])
                    stack.append(v)
                    v = None
                    pc = nexts[pc]
                elif op == LF_LC:
                    v = fast[args[pc]]
                    if v is Null:
                        raise H.unbound_local(f.code, args[pc])
                    stack.append(v)
                    v = None
                    stack.append(f.consts[args[pc + 1]])
                    pc += 2
                elif op == JUMP_BACKWARD:
                    pc = args[pc]
                    if FUSE_ITER[ops[pc]] and blocks[pc] is None:
                        # back at the loop's FOR_ITER (specialized, stats off): run it
                        # now, and the STORE_FAST of the loop variable after it,
                        # saving two dispatches per iteration
                        try:
                            v = next(stack[-1])
                        except StopIteration:
                            stack.pop()
                            pc = args[pc]
                        else:
                            pc += 1
                            if ops[pc] == STORE_FAST:
                                fast[args[pc]] = v
                                pc += 1
                            else:
                                stack.append(v)
                            v = None
                elif op == JUMP_BACKWARD_JIT or JIT_FORMS[op]:
                    # tier jit: count the loop's iterations; then record it, or
                    # run its compiled trace (the driver says what comes next)
                    if op == FOR_ITER_JIT:
                        # the header of a loop with a trace, reached from before
                        # the loop: run the trace from the first iteration
                        r = _jit_header(f, pc, ts)
                        if r is None:
                            try:
                                stack.append(next(stack[-1]))
                                pc += 1
                            except StopIteration:
                                stack.pop()
                                pc = args[pc]
                            continue
                    else:
                        if op != JUMP_BACKWARD_JIT:
                            # a while loop's conditional back-edge: not taken, no iteration
                            v = stack.pop()
                            if op == PJB_FALSE_JIT:
                                v = not v
                            elif op == PJB_TRUE_JIT:
                                v = bool(v)
                            elif op == PJB_NONE_JIT:
                                v = v is None
                            else:
                                v = v is not None
                            if not v:
                                pc += 1
                                continue
                            v = None
                        if counters[pc]:
                            counters[pc] -= 1
                            pc = args[pc]
                            continue
                        r = _jit_backedge(f, pc, ts)
                    if r is None:
                        pc = args[pc]
                    elif r.__class__ is Frame:
                        f = r
                        r = None
                        break
                    else:  # the program's exception, raised at (frame, pc)
                        f, pc, r = r
                        v = r
                        r = None
                        raise v
                elif CMP_FORMS[op]:
                    # fused with the conditional jump after it; cache: (jump if, target)
                    r = stack.pop()
                    o = stack.pop()
                    c = caches[pc]  # (before the guard: a deopt clears it)
                    if counting:
                        _guard_binop(q, pc, op, o, r, hits)
                    if compares[args[pc]](o, r):
                        pc = c[1] if c[0] else nexts[pc] + 1
                    else:
                        pc = nexts[pc] + 1 if c[0] else c[1]
                    o = r = c = None
                elif op == STORE_FAST:
                    fast[args[pc]] = stack.pop()
                    pc += 1
                elif ITER_FORMS[op]:
                    if op == FOR_ITER_ADAPTIVE:
                        if counters[pc]:
                            counters[pc] -= 1
                        else:
                            S.specialize_FOR_ITER(q, pc, stack[-1])
                    elif counting:
                        _guard_typed(q, pc, op, stack[-1], hits)
                    try:
                        stack.append(next(stack[-1]))
                        pc += 1
                    except StopIteration:
                        stack.pop()
                        pc = args[pc]
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
                elif METHOD_FORMS[op]:
                    # [self] -> [method, self]: no bound method is made.  The action
                    # uses the cached method: the guard always runs.
                    o = stack[-1]
                    c = caches[pc]
                    if id(type(o)) == c[0] and c[1].value == c[2] and (
                            op == LM_NO_DICT or f.names[args[pc]] not in o.__dict__):
                        # the type is alive (o is) and unchanged: it holds the method
                        stack[-1] = c[3]() if c[4] else c[3]
                        stack.append(o)
                        if counting:
                            hits[op] += 1
                    else:
                        miss(q, pc)
                        stack.append(getattr_(o, f.names[args[pc]]))
                        stack[-2] = Null
                    o = c = None
                    pc = nexts[pc]
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
                # -- the loop's own: frame switches and pending keyword names -------
                else:
                    raise SystemError(f"pyjit: no handler for opcode {op}")
            continue  # a frame switch: reload the locals above
        except BaseException as e:
            exc = e
        # Unwind outside the host's except block (see interp.run).
        if pc < 0:  # raised in a block, at the instruction it saved
            pc = f.pc
        f.lasti = pc
        try:
            f = _unwind(f, pc, exc, ts)
        finally:
            exc = None  # see interp.run: no cycle through this frame's traceback entry
        kwnames = None
