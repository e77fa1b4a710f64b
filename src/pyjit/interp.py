"""Tier interp: pyjit's eval loop over decoded CPython 3.11 bytecode.

:class:`Interp` is the tier object; its :meth:`~Interp.run` executes VM frames
until its *entry* frame returns (or yields, for generators).  Python-to-Python
calls push a frame and continue in the same loop, so user recursion never
recurses on the host stack; only host->VM entries (:func:`pyjit.frame.enter`,
generator resumption) start a nested ``run``.

Hot instructions are executed inline in the loop (local variables, no
per-instruction allocation); the rest go through :data:`pyjit.handlers.HANDLERS`.
The loop is generated from :data:`pyjit.loopsrc.PLAIN` (shared with the traced
loop, :mod:`pyjit.traceloop`, which fills the same template's slots with the
hooks' events).  Calls, returns and generators are :mod:`pyjit.calls`' and
:mod:`pyjit.frame`'s, shared with tier specialize; so is exception unwinding
(:func:`pyjit.frame.unwind`).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from . import opcodes as O
from .loopsrc import PLAIN, build, plain_namespace
from .tiers import Tier
from .traceloop import run as traced

# What tier interp's loop puts in PLAIN's slots (see pyjit.loopsrc).
_SLOTS = {
    "prologue": "$to_traced(throw)",
    "throw": "exc = throw",
    "switch": "$to_traced",
    "reload": "",
    "event": "",
    "for_iter": "",
    "call": "$generic_call",
    "call_ex": """\
        nf = call_ex(f, stack, pc, args[pc], ts)
        if nf is None:
            pc += 1
        else:
            f = nf
            break
        """,
    "return_event": "",
    "yield_jump": "",
    "send": """\
        nf = send_push(f, stack, pc, ts)
        if nf is None:
            pc = send(stack, pc, args[pc])
        else:
            f = nf
            break
        """,
}


class Interp(Tier):
    """Tier interp: every instruction through one plain if-chain."""

    name = "interp"

    # Run ``f`` (an entry frame, already counted in ``ts.depth``) to its return;
    # with ``throw``, first raise that exception at ``f.lasti`` (generator.throw).
    run = staticmethod(build(PLAIN, "run", plain_namespace(__name__, traced=traced), _SLOTS))


# The loops advance these by 1 without consulting ``nexts`` (FOR_ITER: tier
# specialize's back-edge fusion): they must have no caches.
for _name in ("LOAD_FAST", "LOAD_CONST", "STORE_FAST", "POP_TOP", "PUSH_NULL",
              "FOR_ITER", "CALL_FUNCTION_EX", "RETURN_GENERATOR", "YIELD_VALUE", "SEND",
              "POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE"):
    assert O.OPS[_name].cache == 0, _name
del _name
