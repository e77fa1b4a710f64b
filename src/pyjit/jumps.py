"""Assigning ``frame.f_lineno`` from a trace function: a debugger's ``jump``.

CPython 3.11's ``frame_setlineno`` (Objects/frameobject.c), over the VM's
decoded instructions (the same unit indices as ``co_code``): which events allow
a jump, the target line (the first line with code not before the one asked),
and whether the value stack at the target is compatible with the frame's --
found by the same abstract interpretation (``mark_stacks``: each stack entry
is an iterator, a handled exception, an object, a NULL or a saved lasti) --
with CPython's error messages.  The jump pops the values the target does not
have; a popped handled exception becomes the thread's handled exception again
(as POP_EXCEPT would do).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from . import opcodes as O
from .decode import code_memo, decode
from .excstate import saved_exc, set_exc_info

# the kinds of stack entries (frameobject.c's ``Kind``), three bits each
ITERATOR, EXCEPT, OBJECT, NULL_, LASTI = 1, 2, 3, 4, 5
_BITS = 3
_MASK = (1 << _BITS) - 1
UNINITIALIZED = -2
OVERFLOWED = -1
_MAX_ENTRIES = 63 // _BITS
_WILL_OVERFLOW = 1 << ((_MAX_ENTRIES - 1) * _BITS)

_CONDITIONAL = frozenset(getattr(O, n) for n in (
    "POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE", "POP_JUMP_FORWARD_IF_NONE",
    "POP_JUMP_FORWARD_IF_NOT_NONE", "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE",
    "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE"))
_OR_POP = frozenset((O.JUMP_IF_FALSE_OR_POP, O.JUMP_IF_TRUE_OR_POP))
_JUMPS = frozenset((O.JUMP_FORWARD, O.JUMP_BACKWARD, O.JUMP_BACKWARD_NO_INTERRUPT))
_ENDS = frozenset((O.RETURN_VALUE, O.RAISE_VARARGS, O.RERAISE))


def _push(stack, kind):
    if stack >= _WILL_OVERFLOW or stack < 0:
        return OVERFLOWED
    return (stack << _BITS) | kind


def _pop(stack):
    return stack >> _BITS


def _peek(stack, n):
    return (stack >> (_BITS * (n - 1))) & _MASK


def _swap(stack, n):
    to_swap = _peek(stack, n)
    top = stack & _MASK
    shift = _BITS * (n - 1)
    low = (stack & ~(_MASK << shift)) | (top << shift)
    return (low & ~_MASK) | to_swap


def _pop_to_level(stack, level):
    if level == 0:
        return 0
    level_max = _MASK << ((level - 1) * _BITS)
    while stack > level_max:
        stack = _pop(stack)
    return stack


def mark_stacks(code):
    """The kinds of the values on the stack before each unit (``mark_stacks``)."""
    dec = decode(code)
    ops, args = dec.ops, dec.args
    n = len(ops)
    stacks = [UNINITIALIZED] * (n + 1)
    stacks[0] = 0
    if code.co_flags & (O.CO_GENERATOR | O.CO_COROUTINE | O.CO_ASYNC_GENERATOR):
        stacks[0] = _push(0, OBJECT)  # generators get sent None while starting
    todo = True
    while todo:
        todo = False
        for i in range(n):
            nxt = stacks[i]
            if nxt == UNINITIALIZED:
                continue
            op = ops[i]
            if op in _CONDITIONAL or op in _OR_POP:
                j = args[i]
                if stacks[j] == UNINITIALIZED and j < i:
                    todo = True
                if op in _OR_POP:
                    target = nxt
                    nxt = _pop(nxt)
                else:
                    nxt = _pop(nxt)
                    target = nxt
                stacks[j] = target
                stacks[i + 1] = nxt
            elif op == O.SEND:
                stacks[args[i]] = _pop(nxt)
                stacks[i + 1] = nxt
            elif op in _JUMPS:
                j = args[i]
                if stacks[j] == UNINITIALIZED and j < i:
                    todo = True
                stacks[j] = nxt
            elif op == O.GET_ITER or op == O.GET_AITER:
                stacks[i + 1] = _push(_pop(nxt), ITERATOR)
            elif op == O.FOR_ITER:
                stacks[i + 1] = _push(nxt, OBJECT)
                stacks[args[i]] = _pop(nxt)
            elif op == O.END_ASYNC_FOR:
                stacks[i + 1] = _pop(_pop(nxt))
            elif op == O.PUSH_EXC_INFO:
                stacks[i + 1] = _push(nxt, EXCEPT)
            elif op == O.POP_EXCEPT:
                stacks[i + 1] = _pop(nxt)
            elif op in _ENDS:
                pass  # the end of a block
            elif op == O.PUSH_NULL:
                stacks[i + 1] = _push(nxt, NULL_)
            elif op == O.LOAD_GLOBAL:
                if args[i] & 1:
                    nxt = _push(nxt, NULL_)
                stacks[i + 1] = _push(nxt, OBJECT)
            elif op == O.LOAD_METHOD:
                stacks[i + 1] = _push(_push(_pop(nxt), NULL_), OBJECT)
            elif op == O.PRECALL:
                stacks[i + 1] = nxt  # (CALL pops the call's operands: see there)
            elif op == O.CALL:
                for _ in range(args[i] + 2):
                    nxt = _pop(nxt)
                stacks[i + 1] = _push(nxt, OBJECT)
            elif op == O.SWAP:
                stacks[i + 1] = _swap(nxt, args[i])
            elif op == O.COPY:
                stacks[i + 1] = _push(nxt, _peek(nxt, args[i]))
            else:
                info = O.BY_CODE[op]
                delta = 0 if info is None or op == O.EXTENDED_ARG else _effect(info, args[i])
                while delta < 0:
                    nxt = _pop(nxt)
                    delta += 1
                while delta > 0:
                    nxt = _push(nxt, OBJECT)
                    delta -= 1
                stacks[i + 1] = nxt
        for e in dec.exc_entries:
            if stacks[e.start] != UNINITIALIZED and stacks[e.target] == UNINITIALIZED:
                todo = True
                target = _pop_to_level(stacks[e.start], e.depth)
                if e.lasti:
                    target = _push(target, LASTI)
                stacks[e.target] = _push(target, EXCEPT)
    return stacks


def _effect(info, arg):
    """``PyCompile_OpcodeStackEffect``: the larger of the jump's and the fall-through's."""
    return max(info.stack_effect(arg, False), info.stack_effect(arg, True))


def _compatible_kind(frm, to):
    if to == 0:
        return False
    if to == OBJECT:
        return frm != NULL_
    if to == NULL_:
        return True
    return frm == to


def _compatible(frm, to):
    if frm < 0 or to < 0:
        return False
    while frm > to:
        frm = _pop(frm)
    while frm:
        if not _compatible_kind(frm & _MASK, to & _MASK):
            return False
        frm = _pop(frm)
        to = _pop(to)
    return to == 0


def _explain(to):
    if to == OVERFLOWED:
        return "stack is too deep to analyze"
    if to == UNINITIALIZED:
        return "can't jump into an exception handler, or code may be unreachable"
    kind = to & _MASK
    if kind == EXCEPT:
        return "can't jump into an 'except' block as there's no exception"
    if kind == LASTI:
        return "can't jump into a re-raising block as there's no location"
    if kind == ITERATOR:
        return "can't jump into the body of a for loop"
    return "incompatible stacks"


def _line_starts(code, n):
    """``marklines``: the line each unit starts (or -1)."""
    starts = [-1] * n
    last = -1
    for start, _end, line in code.co_lines():
        if line is not None and line != last:
            starts[start // 2] = line
            last = line
    return starts


def jump_target(code, pc, event, new_lineno):
    """Where a trace function's ``frame.f_lineno = new_lineno`` goes: (unit,
    stack the target expects, stack at ``pc``), or ValueError with CPython's
    message.  ``event``: the event being reported to a hook for this frame
    (None: none), ``pc``: the frame's current unit."""
    if type(new_lineno) is not int:
        raise ValueError("lineno must be an integer")
    if event == "exception":
        raise ValueError("can only jump from a 'line' trace event")
    if event == "call" or event is None:
        # (outside a hook CPython's tstate->tracing_what is 0: PyTrace_CALL)
        raise ValueError("can't jump from the 'call' trace event of a new frame")
    if event == "return":  # (a frame returning or unwound: see "yield")
        raise ValueError("can only jump from a 'line' trace event")
    if event != "line" and event != "yield":
        raise ValueError("f_lineno can only be set by a trace function")
    if not -2 ** 31 <= new_lineno < 2 ** 31:
        raise ValueError("lineno out of range")
    if new_lineno < code.co_firstlineno:
        raise ValueError(f"line {new_lineno} comes before the current code block")
    n = len(code.co_code) // 2
    lines = _line_starts(code, n)
    candidates = [ln for ln in lines if ln >= new_lineno]
    if not candidates:
        raise ValueError(f"line {new_lineno} comes after the current code block")
    line = min(candidates)
    stacks = mark_stacks(code)
    best_stack, best = OVERFLOWED, -1
    start = stacks[pc]
    err, msg = -1, "cannot find bytecode for specified line"
    for i in range(n):
        if lines[i] == line:
            target = stacks[i]
            if _compatible(start, target):
                err = 0
                if target > best_stack:
                    best_stack, best = target, i
            elif err < 0:
                if start == OVERFLOWED:
                    msg = "stack to deep to analyze"
                elif start == UNINITIALIZED:
                    msg = "can't jump from unreachable code"
                else:
                    msg = _explain(target)
                    err = 1
    if err:
        raise ValueError(msg)
    return best, best_stack, start


def _depth(stack):
    d = 0
    while stack > 0:
        stack = _pop(stack)
        d += 1
    return d


def jump(f, pc, event, new_lineno):
    """Jump VM frame ``f`` (stopped at unit ``pc``) to ``new_lineno``: pops the
    values the target does not have; returns the unit to run next.

    From a yield's ``return`` event (``event`` "yield") the value yielded is
    still on the stack (the loop pops it when the frame suspends) but not in
    the target's: CPython has already popped it ("account for value popped by
    yield"); it stays on top, the values under it go."""
    if event == "yield" and not f.fast and len(f.stack) <= 1:
        # CPython 3.11 takes a frame with nothing in its locals and stack (the
        # yielded value popped) for a cleared one (``_PyFrame_GetState``'s
        # ``stacktop == 0``), not a suspended one
        event = "return"
    target, best_stack, start = jump_target(f.code, pc, event, new_lineno)
    stack = f.stack
    yielded = ()
    if event == "yield":
        yielded = (stack.pop(),)
        start = _pop(start)
    while _depth(start) > _depth(best_stack):
        v = stack.pop()
        if start & _MASK == EXCEPT:
            set_exc_info(saved_exc(f, v))  # the handled exception before the except block's
        start = _pop(start)
    stack.extend(yielded)
    return target


# a code's stacks: generators ask at a yield (see in_handler)
_stacks = code_memo(mark_stacks, 1000)


def in_outer_handler(code, pc):
    """At an except block's PUSH_EXC_INFO (unit ``pc``, the exception being
    handled on top of the stack): is the block inside another ``except``
    block of the same code?"""
    st = _pop(_stacks(code)[pc])
    while st > 0:
        if st & _MASK == EXCEPT:
            return True
        st = _pop(st)
    return False


def in_handler(code, pc):
    """Is unit ``pc`` of ``code`` inside an ``except`` block (a handled
    exception saved on the stack by PUSH_EXC_INFO)?  A generator suspended
    there keeps its handled exception (CPython's ``gi_exc_state``)."""
    st = _stacks(code)[pc]
    while st > 0:
        if st & _MASK == EXCEPT:
            return True
        st = _pop(st)
    return False
