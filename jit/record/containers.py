"""Recording containers.

Subscripts of lists and tuples, building tuples, lists and slices,
LIST_APPEND, UNPACK_SEQUENCE.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import handlers as H

from ..ir import Const, const_int, const_ptr
from . import calls, dunders, objects
from .core import atomic


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
    m = objects.dunder_function(r, c, vc, "__getitem__", r.before())
    if m is not None:
        # as BINARY_SUBSCR_GETITEM: __getitem__(c, k) inlined, its value pushed
        return calls.call_function(r, f, pc, m, const_ptr(m), [c, k], [vc, vk], (), 2,
                                   dec.nexts[pc])
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
    if dunders.setitem(r, f, dec, pc, c, k, v, vc, vk, vv):
        return
    r.generic(f, pc, arg, "call_setitem", [vc, vk, vv], 3, push=False)


def rec_DELETE_SUBSCR(r, f, dec, pc, arg):
    if dunders.delitem(r, f, dec, pc, f.stack[-2], f.stack[-1], r.peek(2), r.peek(1)):
        return
    r.generic(f, pc, arg, "call_delitem", [r.peek(2), r.peek(1)], 2, push=False)


def rec_BUILD_TUPLE(r, f, dec, pc, arg):
    items = r.shadows[-1].stack[len(r.shadows[-1].stack) - arg:] if arg else []
    r.generic(f, pc, arg, "build_tuple", items, arg)


def rec_BUILD_LIST(r, f, dec, pc, arg):
    items = r.shadows[-1].stack[len(r.shadows[-1].stack) - arg:] if arg else []
    r.generic(f, pc, arg, "build_list", items, arg)


def rec_BUILD_SLICE(r, f, dec, pc, arg):
    # PySlice_New(start, stop[, step]), as ceval's BUILD_SLICE (before: a generic
    # call of the type ``slice``, its arguments packed in a tuple and unpacked)
    n = 3 if arg == 3 else 2
    items = r.shadows[-1].stack[len(r.shadows[-1].stack) - n:]
    r.generic(f, pc, arg, "build_slice", items, n)


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
    # any other iterable: its items one by one, as CPython takes them (at most
    # one more than expected), raising its ValueErrors
    snap = r.before()
    r.call_host(H.UNPACK_SEQUENCE, f, arg)
    if atomic(t):
        r.guard_class(v, t)
    it = r.emit("call_getiter", [v], snap)
    items = [r.emit("unpack_next", [it, const_int(arg), const_int(k)], snap)
             for k in range(arg)]
    r.emit("unpack_end", [it, const_int(arg)], snap)
    r.pop()
    for item in reversed(items):
        r.push(item)
    r.next(dec.nexts[pc])


def rec_UNPACK_EX(r, f, dec, pc, arg):
    """``a, *b, c = seq``: any length; the items around the starred one by index
    from the end, the starred one a slice."""
    before, after = arg & 0xFF, arg >> 8
    seq = f.stack[-1]
    v = r.peek()
    t = type(seq)
    snap = r.before()
    r.call_host(H.UNPACK_EX, f, arg)
    if atomic(t):
        r.guard_class(v, t)
    if t is not list and t is not tuple:
        v = r.emit("call_list", [v], snap)     # (as CPython: the rest of it as a list)
        t = list
    r.emit("unpack_check", [v, const_int(before), const_int(after)], snap)
    n = r.emit("len_list", [v])
    get = "tuple_getitem" if t is tuple else "list_getitem"

    def item(i):
        return r.emit(get, [v, i], snap if get == "list_getitem" else None)
    items = [item(const_int(k)) for k in range(before)]
    hi = r.emit("int_sub_ovf", [n, const_int(after)], snap) if after else n
    items.append(r.emit("list_slice", [v, const_int(before), hi], snap))
    for k in range(after):
        items.append(item(r.emit("int_add_ovf", [hi, const_int(k)], snap) if k else hi))
    r.pop()
    for x in reversed(items):
        r.push(x)
    r.next(pc + 1)


def rec_GET_LEN(r, f, dec, pc, arg):
    o = f.stack[-1]
    v = r.peek()
    if type(o) is list or type(o) is tuple:
        r.guard_class(v, type(o))
        n = r.emit("len_list", [v])
    else:
        n = r.emit("call_len", [v], r.before())
    f.stack.append(r.call_host(len, o))
    r.push(r.emit("box_int", [n]))
    r.next(pc + 1)
