"""Recording containers.

Subscripts of lists and tuples, building tuples, lists and slices,
LIST_APPEND, UNPACK_SEQUENCE.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from pyjit import handlers as H
from pyjit.function import Function

from ..ir import Const, const_int, const_ptr
from .core import Abort


def rec_BINARY_SUBSCR(r, f, dec, pc, arg):
    c, k = f.stack[-2], f.stack[-1]
    vc, vk = r.peek(2), r.peek(1)
    tc = type(c)
    if (tc is list or (tc is tuple and isinstance(vk, Const))) and type(k) is int \
            and 0 <= k < len(c):
        r.guard_class(vc, tc)
        r.guard_class(vk, int)
        mk = r.unbox_int(vk, k)
        if tc is list:
            res = r.emit("list_getitem", [vc, mk], r.before())
        else:
            res = r.emit("tuple_getitem", [vc, _checked_index(r, vc, mk, len(c))])
        del f.stack[-1]
        f.stack[-1] = c[k]
        r.pop()
        r.pop()
        r.push(res)
        r.next(dec.nexts[pc])
        return
    if hasattr(tc, "__getitem__") and type(getattr(tc, "__getitem__")) is Function:
        raise Abort("__getitem__ of a VM class")
    r.generic(f, pc, arg, "call_getitem", [vc, vk], 2)


def _checked_index(r, vt, mk, n):
    """A constant tuple index: in range once the tuple's length is guarded."""
    if not isinstance(vt, Const):
        r.emit("guard_len", [vt, const_int(n)], r.before())
    return mk


def rec_STORE_SUBSCR(r, f, dec, pc, arg):
    v, c, k = f.stack[-3], f.stack[-2], f.stack[-1]
    vv, vc, vk = r.peek(3), r.peek(2), r.peek(1)
    if type(c) is list and type(k) is int and 0 <= k < len(c):
        r.guard_class(vc, list)
        r.guard_class(vk, int)
        mk = r.unbox_int(vk, k)
        r.emit("list_setitem", [vc, mk, vv], r.before())
        del f.stack[-3:]
        c[k] = v
        for _ in range(3):
            r.pop()
        r.next(dec.nexts[pc])
        return
    r.generic(f, pc, arg, "call_setitem", [vc, vk, vv], 3, push=False)


def rec_DELETE_SUBSCR(r, f, dec, pc, arg):
    r.generic(f, pc, arg, "call_delitem", [r.peek(2), r.peek(1)], 2, push=False)


def rec_BUILD_TUPLE(r, f, dec, pc, arg):
    items = r.shadows[-1].stack[len(r.shadows[-1].stack) - arg:] if arg else []
    r.generic(f, pc, arg, "build_tuple", items, arg)


def rec_BUILD_LIST(r, f, dec, pc, arg):
    items = r.shadows[-1].stack[len(r.shadows[-1].stack) - arg:] if arg else []
    r.generic(f, pc, arg, "build_list", items, arg)


def rec_BUILD_SLICE(r, f, dec, pc, arg):
    # slice(start, stop[, step]): the type's own call does what BUILD_SLICE does
    n = 3 if arg == 3 else 2
    items = r.shadows[-1].stack[len(r.shadows[-1].stack) - n:]
    r.generic(f, pc, arg, "call", [const_ptr(slice)] + items, n)


def rec_LIST_APPEND(r, f, dec, pc, arg):
    v = r.peek(1)
    lst = r.peek(arg + 1)
    snap = r.before()
    r.call_host(H.LIST_APPEND, f, arg)
    r.pop()
    r.emit("call", [const_ptr(list.append), lst, v], snap)
    r.next(pc + 1)


def rec_UNPACK_SEQUENCE(r, f, dec, pc, arg):
    seq = f.stack[-1]
    v = r.peek()
    t = type(seq)
    if (t is tuple or t is list) and len(seq) == arg:
        r.guard_class(v, t)
        if not isinstance(v, Const):
            r.emit("guard_len", [v, const_int(arg)], r.before())
        items = []
        for k in range(arg):
            if isinstance(v, Const):
                items.append(r.const_value(seq[k]))
            elif t is tuple:
                items.append(r.emit("tuple_getitem", [v, const_int(k)]))
            else:
                items.append(r.emit("list_getitem", [v, const_int(k)], r.before()))
        f.stack.pop()
        f.stack.extend(seq[::-1])
        r.pop()
        for item in reversed(items):
            r.push(item)
        r.next(dec.nexts[pc])
        return
    raise Abort(f"unpacking a {t.__name__}")
