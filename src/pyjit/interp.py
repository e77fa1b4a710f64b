"""Tier interp: pyjit's eval loop over decoded CPython 3.11 bytecode.

:class:`Interp` is the tier object; its :meth:`~Interp.run` executes VM frames
until its *entry* frame returns (or yields, for generators).  Python-to-Python
calls push a frame and continue in the same loop, so user recursion never
recurses on the host stack; only host->VM entries (:func:`pyjit.frame.enter`,
generator resumption) start a nested ``run``.

Hot instructions are executed inline in the loop (local variables, no
per-instruction allocation); the rest go through :data:`pyjit.handlers.HANDLERS`.
Calls, returns and generators are :mod:`pyjit.calls`' and :mod:`pyjit.frame`'s,
shared with tier specialize; so is exception unwinding (:func:`pyjit.frame.unwind`).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from . import handlers as H
from . import opcodes as O
from .calls import call, call_ex, return_generator, send
from .errors import VMError
from .frame import pop, suspend, unwind
from .null import NULL
from .tiers import Tier
from .traceloop import run as traced

HANDLERS = H.HANDLERS
_unbound_local = H.unbound_local
_name_error = H.name_error


class Interp(Tier):
    """Tier interp: every instruction through one plain if-chain."""

    name = "interp"

    def run(self, f, ts, throw=None, *,
            LOAD_FAST=O.LOAD_FAST, STORE_FAST=O.STORE_FAST, LOAD_CONST=O.LOAD_CONST,
            LOAD_GLOBAL=O.LOAD_GLOBAL, BINARY_OP=O.BINARY_OP, COMPARE_OP=O.COMPARE_OP,
            LOAD_ATTR=O.LOAD_ATTR, LOAD_METHOD=O.LOAD_METHOD, PRECALL=O.PRECALL,
            CALL=O.CALL, RETURN_VALUE=O.RETURN_VALUE, POP_TOP=O.POP_TOP,
            PUSH_NULL=O.PUSH_NULL, JUMP_BACKWARD=O.JUMP_BACKWARD, JUMP_FORWARD=O.JUMP_FORWARD,
            JUMP_BACKWARD_NO_INTERRUPT=O.JUMP_BACKWARD_NO_INTERRUPT, SEND=O.SEND, Null=NULL,
            PJ_F_FALSE=O.POP_JUMP_FORWARD_IF_FALSE, PJ_F_TRUE=O.POP_JUMP_FORWARD_IF_TRUE,
            PJ_B_FALSE=O.POP_JUMP_BACKWARD_IF_FALSE, PJ_B_TRUE=O.POP_JUMP_BACKWARD_IF_TRUE,
            CALL_FUNCTION_EX=O.CALL_FUNCTION_EX, RETURN_GENERATOR=O.RETURN_GENERATOR,
            YIELD_VALUE=O.YIELD_VALUE):
        """Run ``f`` (an entry frame, already counted in ``ts.depth``) to its return.

        With ``throw``, first raise that exception at ``f.lasti`` (generator.throw).
        """
        if ts.hooks:  # a trace or profile hook is set: the traced loop runs the frames
            nf, f = f, None  # (frame views skip a loop whose ``f`` is None)
            return traced(nf, ts, throw)
        binops = BINOPS
        compares = COMPARES
        handlers = HANDLERS
        if throw is not None:
            f = unwind(f, f.lasti, throw, ts)
        while True:
            if ts.hooks:  # (a frame switch: tested once per call and return)
                nf, f = f, None
                return traced(nf, ts)
            # (Re)entering a frame.  Drop the temporaries of the last frame: an
            # object must die when CPython would drop it (__del__, weakrefs).
            v = r = nf = None
            dec = f.dec
            ops, args, nexts = dec.ops, dec.args, dec.nexts
            pc = f.pc  # (before fast, whose last reference may go: see frame.release)
            stack, fast = f.stack, f.fast
            try:
                while True:
                    op = ops[pc]
                    if op == LOAD_FAST:
                        v = fast[args[pc]]
                        if v is Null:
                            raise _unbound_local(f.code, args[pc])
                        pc += 1
                        stack.append(v)
                        v = None  # no stale references: __del__ runs when CPython's would
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
                                raise _name_error(name)
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
                    elif op == JUMP_BACKWARD or op == JUMP_FORWARD or \
                            op == JUMP_BACKWARD_NO_INTERRUPT:
                        pc = args[pc]
                    elif handlers[op] is not None:
                        # Everything not executed inline below: one table call.  (Each
                        # ``op ==`` test costs ~7 ns; an op past the whole chain paid
                        # ~200 ns before its handler ran.)
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
                        nf = call(f, stack, pc, args[pc], ts)
                        if nf is None:  # a host callable: its result is on the stack
                            if ts.hooks:
                                # it set a hook (breakpoint(), sys.settrace): this
                                # frame goes on in the traced loop
                                f.lasti = pc
                                f.pc = nexts[pc]
                                break  # (the frame switch hands it over, outside this try)
                            pc = nexts[pc]
                        else:
                            f = nf
                            break
                    elif op == POP_TOP:
                        stack.pop()
                        pc += 1
                    elif op == RETURN_VALUE:
                        f = pop(f, stack.pop(), ts)
                        if f is None:  # the entry frame: its value is on its stack
                            return stack.pop()
                        break
                    elif op == PUSH_NULL:
                        stack.append(Null)
                        pc += 1
                    elif op == CALL_FUNCTION_EX:
                        nf = call_ex(f, stack, pc, args[pc], ts)
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
                        suspend(f, pc, ts)  # (a generator's frame: always an entry frame)
                        return stack.pop()
                    elif op == SEND:
                        pc = send(stack, pc, args[pc])
                    else:
                        raise VMError(f"no handler for opcode {op}")
                continue  # a frame switch: reload the locals above
            except VMError:
                raise  # pyjit's own failure: never the program's to handle
            except BaseException as e:
                exc = e
            # Unwind outside the host's except block, so the host's "handled exception"
            # stays what the VM's PUSH_EXC_INFO/POP_EXCEPT made it (see excstate).
            try:
                f = unwind(f, pc, exc, ts)
            finally:
                # When the exception leaves ``run``, this frame is in its traceback:
                # holding it here would make a cycle keeping every VM frame alive.
                exc = None


# ---------------------------------------------------------------------------
# operator tables (indexed by oparg), from opcodes.BINARY_OP_TABLE / COMPARE_OP_TABLE
BINOPS = tuple(b.function for b in O.BINARY_OP_TABLE)
COMPARES = tuple(c.function for c in O.COMPARE_OP_TABLE)

# The loops advance these by 1 without consulting ``nexts`` (FOR_ITER: tier
# specialize's back-edge fusion): they must have no caches.
for _name in ("LOAD_FAST", "LOAD_CONST", "STORE_FAST", "POP_TOP", "PUSH_NULL",
              "FOR_ITER", "CALL_FUNCTION_EX", "RETURN_GENERATOR", "YIELD_VALUE", "SEND",
              "POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE"):
    assert O.OPS[_name].cache == 0, _name
del _name
