"""Handlers: control flow the loops do not run inline -- no-ops, jumps,
conditional jumps on None, short-circuit jumps, iteration.  Each returns the
unit it jumps to, or None to go on."""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from ..errors import VMError


def NOP(f, arg):
    return None


# RESUME: CPython's eval-breaker and tracing hook, nothing in pyjit.  KW_NAMES:
# its names are the CALL's, read from the decoded code (Decoded.kwnames).
RESUME = EXTENDED_ARG = KW_NAMES = NOP


def CACHE(f, arg):
    raise VMError("executed a CACHE unit")


# ---------------------------------------------------------------------------
# jumps (returning the next unit when they jump)

def JUMP_FORWARD(f, arg):
    return arg


JUMP_BACKWARD_NO_INTERRUPT = JUMP_FORWARD


def FOR_ITER(f, arg):
    s = f.stack
    try:
        s.append(next(s[-1]))
    except StopIteration:
        s.pop()
        return arg
    return None


def POP_JUMP_FORWARD_IF_NONE(f, arg):
    if f.stack.pop() is None:
        return arg
    return None


def POP_JUMP_FORWARD_IF_NOT_NONE(f, arg):
    if f.stack.pop() is not None:
        return arg
    return None


POP_JUMP_BACKWARD_IF_NONE = POP_JUMP_FORWARD_IF_NONE
POP_JUMP_BACKWARD_IF_NOT_NONE = POP_JUMP_FORWARD_IF_NOT_NONE


def JUMP_IF_FALSE_OR_POP(f, arg):
    s = f.stack
    if not s[-1]:
        return arg
    s.pop()
    return None


def JUMP_IF_TRUE_OR_POP(f, arg):
    s = f.stack
    if s[-1]:
        return arg
    s.pop()
    return None


# ---------------------------------------------------------------------------
# iteration

def GET_ITER(f, arg):
    s = f.stack
    s[-1] = iter(s[-1])
