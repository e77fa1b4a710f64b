"""Must-be-bound locals: the dataflow that lets generated code skip LOAD_FAST's check.

For every unit of a code object, the fast locals assigned on every path that
reaches it (CPython 3.12 runs the same analysis to emit LOAD_FAST instead of
LOAD_FAST_CHECK; 3.11's LOAD_FAST always checks).  A block's LOAD_FAST of such
a local needs no unbound check (:mod:`.blockgen`).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from .. import opcodes as O

_JUMPS = frozenset(code for code, info in enumerate(O.BY_CODE)
                   if info is not None and info.jump is not O.Jump.NONE)

_NO_FALLTHROUGH = frozenset(getattr(O, n) for n in (
    "JUMP_FORWARD", "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT", "RETURN_VALUE",
    "RAISE_VARARGS", "RERAISE"))
_bound_cache: dict = {}


def bound_locals(dec):
    """Per unit, a bit mask of the fast locals bound whenever it runs: the
    must-be-assigned dataflow (CPython 3.12 does it to emit LOAD_FAST without
    the unbound check; 3.11's LOAD_FAST always checks).  A block's LOAD_FAST of
    such a local needs no check."""
    r = _bound_cache.get(id(dec))
    if r is not None and r[0] is dec:
        return r[1]
    code = dec.code
    ops, args, nexts, handlers = dec.ops, dec.args, dec.nexts, dec.handlers
    n = len(ops)
    nargs = code.co_argcount + code.co_kwonlyargcount + \
        bool(code.co_flags & O.CO_VARARGS) + bool(code.co_flags & O.CO_VARKEYWORDS)
    state = [0] * n
    seen = [False] * n
    entry = dec.entry_pc if n else 0
    work = [entry]
    state[entry] = (1 << nargs) - 1
    seen[entry] = True
    STORE, DELETE = O.STORE_FAST, O.DELETE_FAST
    while work:
        pc = work.pop()
        op = ops[pc]
        cur = state[pc]
        h = handlers[pc]
        if h is not None:  # (an exception leaves with the state before the instruction)
            succ = [(h[0], cur)]
        else:
            succ = []
        if op == STORE:
            cur |= 1 << args[pc]
        elif op == DELETE:
            cur &= ~(1 << args[pc])
        if op in _JUMPS:
            succ.append((args[pc], cur))
        if op not in _NO_FALLTHROUGH and nexts[pc] < n:
            succ.append((nexts[pc], cur))
        for t, st in succ:
            new = st if not seen[t] else state[t] & st
            if not seen[t] or new != state[t]:
                seen[t] = True
                state[t] = new
                work.append(t)
    state = [st if seen[j] else 0 for j, st in enumerate(state)]
    _bound_cache[id(dec)] = (dec, state)
    return state
