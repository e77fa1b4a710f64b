"""Opcode handlers: every instruction the eval loops do not run inline, one function each.

Each handler is named after its opcode and called as ``handler(frame, arg)``.
It returns ``None`` to continue with the next instruction, or the unit index
to jump to.  Handlers never switch frames: the instructions that push, pop or
suspend VM frames (CALL, RETURN_VALUE, YIELD_VALUE...) are the loops' own, run
through :mod:`pyjit.calls` and :mod:`pyjit.frame`.

The handlers live in one module per concern -- :mod:`.values`, :mod:`.names`,
:mod:`.flow`, :mod:`.exceptions`, :mod:`.coroutines`, :mod:`.matching` -- and
:data:`HANDLERS` (opcode -> handler) is built here by name, checked at import:
every handler names a real opcode, no opcode has two, and every opcode is
either handled here or in :data:`INLINE`.
"""

from __future__ import annotations

from .. import opcodes
from . import coroutines, exceptions, flow, matching, names, values
from .names import load_global_slow, name_error, unbound_free, unbound_local  # noqa: F401  (for the loops)

_MODULES = (values, names, flow, exceptions, coroutines, matching)

# Executed by the eval loops themselves: frame switches (calls, returns,
# generators) and the hottest instructions.
INLINE = frozenset({
    "LOAD_FAST", "STORE_FAST", "LOAD_CONST", "LOAD_GLOBAL", "BINARY_OP", "COMPARE_OP",
    "POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE", "POP_JUMP_BACKWARD_IF_FALSE",
    "POP_JUMP_BACKWARD_IF_TRUE", "JUMP_BACKWARD",
    "LOAD_ATTR", "LOAD_METHOD", "PRECALL", "CALL", "CALL_FUNCTION_EX",
    "RETURN_VALUE", "POP_TOP", "PUSH_NULL", "RETURN_GENERATOR", "YIELD_VALUE", "SEND",
})


def _table():
    by_name = {}
    for mod in _MODULES:
        for name, fn in vars(mod).items():
            if not (name.isupper() and callable(fn)) or name.startswith("_"):
                continue
            assert name in opcodes.OPS, f"{mod.__name__}.{name} names no opcode"
            assert name not in by_name, f"{name} is handled twice"
            by_name[name] = fn
    table = [None] * 256
    for info in opcodes.BY_CODE:
        if info is None:
            continue
        if info.name in INLINE:
            assert info.name not in by_name, f"{info.name} is inline and has a handler"
            continue
        assert info.name in by_name, f"{info.name} has no handler"
        table[info.code] = by_name[info.name]
    assert INLINE <= set(opcodes.OPS), INLINE - set(opcodes.OPS)
    return by_name, table


_BY_NAME, HANDLERS = _table()
globals().update(_BY_NAME)  # handlers.IS_OP etc., for code that calls one directly
