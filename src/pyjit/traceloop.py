"""The traced loop: VM frames run here while a trace or profile hook is set.

Every tier's loop tests ``ts.hooks`` (:class:`pyjit.frame.ThreadState`) where it
already switches frames -- entering ``run``, reloading a frame after a call or
return, and after a host call (which may have set a hook: ``breakpoint()``,
``sys.settrace``) -- and hands its frames to :func:`run` while it is true.  So
with a hook set nothing runs specialized: no quickened forms, no blocks, no
compiled trace is entered or recorded.  This loop runs the plain instructions
(the code object's own, :attr:`Decoded.ops <pyjit.decode.Decoded>`, at the same
unit indices as every tier's) and reports CPython 3.11's events before each one
(:mod:`pyjit.tracing`); when the hooks are removed it hands the frames back to
the tier's loop at its next frame switch.

A hand-back nests one host call (the tier's ``run`` inside this one's); a
program that sets and removes a hook over and over would nest without bound,
so past :data:`_HAND_BACK` nested traced loops on a thread, this loop keeps
its frames until its entry frame returns.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from . import handlers as H
from . import opcodes as O
from . import tiers
from . import tracing as T
from .calls import call, call_ex, return_generator, send
from .errors import VMError
from .frame import pop, suspend, unwind
from .frames import register_loop
from .null import NULL

HANDLERS = H.HANDLERS
BINOPS = tuple(b.function for b in O.BINARY_OP_TABLE)
COMPARES = tuple(c.function for c in O.COMPARE_OP_TABLE)
_HAND_BACK = 8


def run(f, ts, throw=None):
    """A tier's ``run`` (:meth:`pyjit.tiers.Tier.run`), with the hooks' events."""
    ts.nest += 1
    try:
        return _run(f, ts, throw)
    finally:
        ts.nest -= 1


@register_loop
def _run(f, ts, throw, *,
         LOAD_FAST=O.LOAD_FAST, STORE_FAST=O.STORE_FAST, LOAD_CONST=O.LOAD_CONST,
         LOAD_GLOBAL=O.LOAD_GLOBAL, BINARY_OP=O.BINARY_OP, COMPARE_OP=O.COMPARE_OP,
         LOAD_ATTR=O.LOAD_ATTR, LOAD_METHOD=O.LOAD_METHOD, PRECALL=O.PRECALL,
         CALL=O.CALL, RETURN_VALUE=O.RETURN_VALUE, POP_TOP=O.POP_TOP,
         PUSH_NULL=O.PUSH_NULL, JUMP_BACKWARD=O.JUMP_BACKWARD, RESUME=O.RESUME,
         SEND=O.SEND, FOR_ITER=O.FOR_ITER, Null=NULL,
         PJ_F_FALSE=O.POP_JUMP_FORWARD_IF_FALSE, PJ_F_TRUE=O.POP_JUMP_FORWARD_IF_TRUE,
         PJ_B_FALSE=O.POP_JUMP_BACKWARD_IF_FALSE, PJ_B_TRUE=O.POP_JUMP_BACKWARD_IF_TRUE,
         CALL_FUNCTION_EX=O.CALL_FUNCTION_EX, RETURN_GENERATOR=O.RETURN_GENERATOR,
         YIELD_VALUE=O.YIELD_VALUE, hook=T.unwind_hook):
    # (the locals ``f`` and ``pc`` are read by frame views: pyjit.frames._vm_state)
    binops = BINOPS
    compares = COMPARES
    handlers = HANDLERS
    exc = None
    pc = f.lasti
    if throw is not None:
        # generator.throw(): the frame resumes (a 'call' event), then raises
        exc = throw
        if ts.hooks and not ts.tracing:
            try:
                T.call_event(f, ts, pc)
            except BaseException as e:
                exc = e
    while True:
        if exc is None:
            if not ts.hooks and ts.nest <= _HAND_BACK:
                # the hooks were removed: the tier's own loop takes the frames back
                nf, f = f, None  # (frame views skip a loop whose ``f`` is None)
                return tiers.active.run(nf, ts)
            v = r = nf = c = None
            dec = f.dec
            ops, args, nexts = dec.ops, dec.args, dec.nexts
            first = dec.first_traceable
            pc = f.pc
            if pc == 1 and dec.entry_pc == 1:
                pc = 0  # a new frame: run the RESUME the other loops skip (its 'call')
            prev = f.lasti
            stack, fast = f.stack, f.fast
            try:
                while True:
                    op = ops[pc]
                    if ts.hooks and not ts.tracing and pc >= first:
                        if op == RESUME:
                            T.call_event(f, ts, pc)
                        elif ts.trace is not None:
                            T.line_event(f, ts, pc, prev, first)
                    prev = pc
                    if op == LOAD_FAST:
                        v = fast[args[pc]]
                        if v is Null:
                            raise H.unbound_local(f.code, args[pc])
                        pc += 1
                        stack.append(v)
                        v = None
                    elif op == LOAD_CONST:
                        stack.append(f.consts[args[pc]])
                        pc += 1
                    elif op == STORE_FAST:
                        fast[args[pc]] = stack.pop()
                        pc += 1
                    elif op == LOAD_GLOBAL:
                        a = args[pc]
                        if a & 1:
                            stack.append(Null)
                        name = f.names[a >> 1]
                        v = f.globals.get(name, Null)
                        if v is Null:
                            v = f.builtins.get(name, Null)
                            if v is Null:
                                raise H.name_error(name)
                        stack.append(v)
                        v = None
                        pc = nexts[pc]
                    elif op == BINARY_OP:
                        r = stack.pop()
                        stack[-1] = binops[args[pc]](stack[-1], r)
                        r = None
                        pc = nexts[pc]
                    elif op == COMPARE_OP:
                        r = stack.pop()
                        stack[-1] = compares[args[pc]](stack[-1], r)
                        r = None
                        pc = nexts[pc]
                    elif op == PJ_F_FALSE or op == PJ_B_FALSE:
                        pc = pc + 1 if stack.pop() else args[pc]
                    elif op == PJ_F_TRUE or op == PJ_B_TRUE:
                        pc = args[pc] if stack.pop() else pc + 1
                    elif op == JUMP_BACKWARD:
                        pc = args[pc]
                    elif op == FOR_ITER and ts.trace is not None and not ts.tracing \
                            and not dec.hidden:
                        v = stack[-1]
                        r = handlers[op](f, args[pc])
                        if r is None:
                            pc = nexts[pc]
                        else:
                            T.for_iter_stop(f, ts, pc, v)
                            pc = r
                        v = None
                    elif handlers[op] is not None:
                        r = handlers[op](f, args[pc])
                        pc = nexts[pc] if r is None else r
                    elif op == LOAD_ATTR:
                        stack[-1] = getattr(stack[-1], f.names[args[pc]])
                        pc = nexts[pc]
                    elif op == LOAD_METHOD:
                        stack.append(getattr(stack[-1], f.names[args[pc]]))
                        stack[-2] = Null
                        pc = nexts[pc]
                    elif op == PRECALL:
                        pc = nexts[pc]
                    elif op == CALL:
                        if ts.profile is not None and not ts.tracing and not dec.hidden:
                            # a builtin's call: c_call, then c_return or c_exception
                            a = args[pc]
                            n = len(stack)
                            if stack[n - 2 - a] is Null:
                                c = T.c_function(stack[n - 1 - a], n - a, a, stack)
                            else:
                                c = T.c_function(stack[n - 2 - a], n - 1 - a, a + 1, stack)
                        if c is None:
                            nf = call(f, stack, pc, args[pc], ts)
                        else:
                            nf = _profiled(call, f, stack, pc, args[pc], ts, c,
                                           stack[len(stack) - 2 - args[pc]:])
                            c = None
                        if nf is None:
                            pc = nexts[pc]
                        else:
                            f = nf
                            break
                    elif op == POP_TOP:
                        stack.pop()
                        pc += 1
                    elif op == RETURN_VALUE:
                        if ts.hooks and not ts.tracing and not dec.hidden:
                            T.return_event(f, ts, pc, stack[-1])
                        f = pop(f, stack.pop(), ts)
                        if f is None:
                            return stack.pop()
                        break
                    elif op == PUSH_NULL:
                        stack.append(Null)
                        pc += 1
                    elif op == CALL_FUNCTION_EX:
                        if ts.profile is not None and not ts.tracing and not dec.hidden:
                            a = -3 if args[pc] & 1 else -2
                            c = T.c_function_ex(stack[a], stack[a + 1])
                        if c is None:
                            nf = call_ex(f, stack, pc, args[pc], ts)
                        else:
                            nf = _profiled(call_ex, f, stack, pc, args[pc], ts, c,
                                           stack[-4 if args[pc] & 1 else -3:])
                            c = None
                        if nf is None:
                            pc += 1
                        else:
                            f = nf
                            break
                    elif op == RETURN_GENERATOR:
                        f = return_generator(f, pc, ts)
                        if f is None:
                            return stack.pop()
                        break
                    elif op == YIELD_VALUE:
                        if ts.hooks and not ts.tracing:
                            T.return_event(f, ts, pc, stack[-1])
                        suspend(f, pc, ts)
                        return stack.pop()
                    elif op == SEND:
                        if ts.trace is not None and not ts.tracing:
                            v = stack[-1]      # what is sent
                            nf = stack[-2]     # the delegate
                            r = send(stack, pc, args[pc])
                            if r == args[pc]:  # the delegate returned (its value on the stack)
                                T.send_stop(f, ts, pc, nf, v, stack[-1])
                            pc = r
                            v = nf = None
                        else:
                            pc = send(stack, pc, args[pc])
                    else:
                        raise VMError(f"no handler for opcode {op}")
                continue  # a frame switch: reload the locals above
            except VMError:
                raise
            except BaseException as e:
                exc = e
        try:
            f = unwind(f, pc, exc, ts, hook)
        finally:
            exc = None  # (see Interp.run: no cycle through this frame's traceback entry)


def _profiled(do_call, f, stack, pc, arg, ts, c, held):
    """A call of builtin ``c`` between its profile events (``do_call``: the
    loop's CALL or CALL_FUNCTION_EX).  ``held``: the callable and arguments,
    which CPython's stack keeps until after the c_return or c_exception event
    (a generator argument is closed after it, not before)."""
    T.c_event(f, ts, pc, "c_call", c)
    err = None
    try:
        nf = do_call(f, stack, pc, arg, ts)
    except BaseException as e:
        err = e
    if err is not None:
        # (outside the except block: the hook sees the program's handled exception)
        try:
            if ts.profile is not None:
                T.c_event(f, ts, pc, "c_exception", c)
        except BaseException:
            pass  # CPython's call_trace_protected: the call's exception wins
        del held[:]
        try:
            raise err
        finally:
            err = None
    if ts.profile is not None:
        T.c_event(f, ts, pc, "c_return", c)
    del held[:]
    return nf
