"""Recording the instructions that build containers and strings.

BUILD_MAP, BUILD_CONST_KEY_MAP, BUILD_SET, BUILD_STRING, FORMAT_VALUE (the
f-string pair), LIST_EXTEND, LIST_TO_TUPLE, SET_ADD, MAP_ADD, SET_UPDATE,
DICT_UPDATE, DICT_MERGE.  Each is executed by the interpreter's own handler
while recording and becomes the C-API operation that does the same.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import handlers as H

from ..ir import Const, Op, const_int, const_ptr
from .calls import mapping_items
from .core import Abort, atomic
from pyjit.typelookup import type_name


def _top(r, n):
    sh = r.shadows[-1].stack
    return sh[len(sh) - n:] if n else []


def rec_BUILD_MAP(r, f, dec, pc, arg):
    r.generic(f, pc, arg, "build_map", _top(r, 2 * arg), 2 * arg)


def rec_BUILD_CONST_KEY_MAP(r, f, dec, pc, arg):
    keys = r.peek()
    if not isinstance(keys, Const):
        raise Abort("BUILD_CONST_KEY_MAP with keys that are not a constant")
    values = _top(r, arg + 1)[:-1]
    items = [v for k, x in zip(keys.value, values) for v in (const_ptr(k), x)]
    r.generic(f, pc, arg, "build_map", items, arg + 1)


def rec_BUILD_SET(r, f, dec, pc, arg):
    r.generic(f, pc, arg, "build_set", _top(r, arg), arg)


def rec_BUILD_STRING(r, f, dec, pc, arg):
    r.generic(f, pc, arg, "build_string", _top(r, arg), arg)


def rec_FORMAT_VALUE(r, f, dec, pc, arg):
    has_spec = bool(arg & 0x04)
    conv = arg & 0x03
    value = f.stack[-1 - has_spec]
    vvalue = r.peek(1 + has_spec)
    vspec = r.peek() if has_spec else const_ptr("")
    if not has_spec and not conv and type(value) is str:
        r.guard_class(vvalue, str)      # (a str is its own format: no op)
        r.next(pc + 1)
        return
    r.generic(f, pc, arg, "call_format", [const_int(conv), vvalue, vspec], 1 + has_spec)


def rec_LIST_EXTEND(r, f, dec, pc, arg):
    _iterable_type(r, f.stack[-1], r.peek())
    r.generic(f, pc, arg, "list_extend", [r.peek(arg + 1), r.peek()], 1, push=False)


def _iterable_type(r, value, v):
    """Its class guarded: the message an operand that is not iterable gets
    depends on its type (it was iterable while recording)."""
    if atomic(type(value)):
        r.guard_class(v, type(value))


def rec_LIST_TO_TUPLE(r, f, dec, pc, arg):
    r.generic(f, pc, arg, "list_to_tuple", [r.peek()], 1)


def rec_SET_ADD(r, f, dec, pc, arg):
    r.generic(f, pc, arg, "set_add", [r.peek(arg + 1), r.peek()], 1, push=False)


def rec_MAP_ADD(r, f, dec, pc, arg):
    r.generic(f, pc, arg, "call_setitem", [r.peek(arg + 2), r.peek(2), r.peek()], 2,
              push=False)


def rec_SET_UPDATE(r, f, dec, pc, arg):
    _iterable_type(r, f.stack[-1], r.peek())
    r.generic(f, pc, arg, "set_update", [r.peek(arg + 1), r.peek()], 1, push=False)


def rec_DICT_UPDATE(r, f, dec, pc, arg):
    _iterable_type(r, f.stack[-1], r.peek())
    r.generic(f, pc, arg, "dict_update", [r.peek(arg + 1), r.peek()], 1, push=False)


def rec_DICT_MERGE(r, f, dec, pc, arg):
    """``f(..., **m)``: the keyword dict being built gets ``m``'s items.  Its keys
    (constants so far) and ``m``'s (guarded) are known, so no key can be
    passed twice: the trace builds the whole dict again with them."""
    vd, vm = r.peek(arg + 1), r.peek()
    m = f.stack[-1]
    if not (isinstance(vd, Op) and vd.name == "build_map" and
            all(isinstance(k, Const) for k in vd.args[0::2])):
        raise Abort("f(**m) into a dict of keys the recording does not know")
    if type(m) is not dict or not all(type(k) is str for k in m):
        raise Abort(f"f(**m) of a {type_name(type(m))}")
    names = tuple(m)
    snap = r.before()
    r.call_host(H.DICT_MERGE, f, arg)     # (raises for a key passed twice)
    values = mapping_items(r, m, vm, names)
    items = list(vd.args) + [v for k, x in zip(names, values) for v in (const_ptr(k), x)]
    new = r.emit("build_map", items, snap)
    sh = r.shadows[-1].stack
    sh.pop()
    sh[len(sh) - arg] = new
    r.next(pc + 1)

