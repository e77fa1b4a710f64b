"""Handlers: values on the stack -- unary operators, subscripts, slices,
identity and membership, building containers, unpacking, formatting."""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from .. import hostroom as _hostroom
from ..function import NULL, funcstr
from ..typelookup import type_name

def UNARY_POSITIVE(f, arg):
    s = f.stack
    s[-1] = +s[-1]


def UNARY_NEGATIVE(f, arg):
    s = f.stack
    s[-1] = -s[-1]


def UNARY_NOT(f, arg):
    s = f.stack
    s[-1] = not s[-1]


def UNARY_INVERT(f, arg):
    s = f.stack
    s[-1] = ~s[-1]


def SWAP(f, arg):
    s = f.stack
    s[-1], s[-arg] = s[-arg], s[-1]


def COPY(f, arg):
    s = f.stack
    s.append(s[-arg])


def BINARY_SUBSCR(f, arg):
    s = f.stack
    k = s.pop()
    s[-1] = s[-1][k]


def STORE_SUBSCR(f, arg):
    s = f.stack
    k = s.pop()
    c = s.pop()
    c[k] = s.pop()


def DELETE_SUBSCR(f, arg):
    s = f.stack
    k = s.pop()
    del s.pop()[k]


def BUILD_SLICE(f, arg):
    s = f.stack
    if arg == 3:
        st = s.pop()
        b = s.pop()
        s[-1] = slice(s[-1], b, st)
    else:
        b = s.pop()
        s[-1] = slice(s[-1], b)


def IS_OP(f, arg):
    s = f.stack
    r = s.pop()
    s[-1] = (s[-1] is r) ^ bool(arg)


def CONTAINS_OP(f, arg):
    s = f.stack
    r = s.pop()
    s[-1] = (s[-1] in r) ^ bool(arg)


def GET_LEN(f, arg):
    s = f.stack
    s.append(len(s[-1]))


# ---------------------------------------------------------------------------
# building containers

def BUILD_TUPLE(f, arg):
    s = f.stack
    if arg:
        t = tuple(s[-arg:])
        del s[-arg:]
    else:
        t = ()
    s.append(t)


def BUILD_LIST(f, arg):
    s = f.stack
    if arg:
        t = s[-arg:]
        del s[-arg:]
    else:
        t = []
    s.append(t)


def BUILD_SET(f, arg):
    s = f.stack
    r = set()
    if arg:
        for v in s[-arg:]:
            r.add(v)
        del s[-arg:]
    s.append(r)


def BUILD_MAP(f, arg):
    s = f.stack
    d = {}
    if arg:
        items = s[-2 * arg:]
        del s[-2 * arg:]
        for i in range(0, 2 * arg, 2):
            d[items[i]] = items[i + 1]
    s.append(d)


def BUILD_CONST_KEY_MAP(f, arg):
    s = f.stack
    keys = s.pop()
    vals = s[-arg:] if arg else []
    if arg:
        del s[-arg:]
    d = {}
    for k, v in zip(keys, vals):
        d[k] = v
    s.append(d)


def BUILD_STRING(f, arg):
    s = f.stack
    if arg:
        r = "".join(s[-arg:])
        del s[-arg:]
    else:
        r = ""
    s.append(r)


def _pop_into(add):
    """A handler: pop a value, ``add(the container arg below, value)`` (the
    container: an exact list or set the compiler's code built)."""
    def handler(f, arg):
        s = f.stack
        v = s.pop()
        add(s[-arg], v)
    return handler


LIST_APPEND = _pop_into(list.append)
SET_ADD = _pop_into(set.add)
SET_UPDATE = _pop_into(set.update)


def MAP_ADD(f, arg):
    s = f.stack
    v = s.pop()
    k = s.pop()
    s[-arg][k] = v


def LIST_EXTEND(f, arg):
    s = f.stack
    v = s.pop()
    if not hasattr(type(v), "__iter__") and not hasattr(type(v), "__getitem__"):
        raise TypeError(f"Value after * must be an iterable, not {type_name(type(v))}")
    s[-arg].extend(v)


def LIST_TO_TUPLE(f, arg):
    s = f.stack
    s[-1] = tuple(s[-1])


def DICT_UPDATE(f, arg):
    s = f.stack
    v = s.pop()
    if not hasattr(v, "keys"):
        raise TypeError(f"'{type_name(type(v))}' object is not a mapping")
    s[-arg].update(v)


def DICT_MERGE(f, arg):
    # f(**a, **b): a duplicate keyword is an error, reported as CPython's format_kwargs_error
    s = f.stack
    v = s.pop()
    d = s[-arg]
    func = s[-arg - 2] if s[-arg - 3] is NULL else s[-arg - 3]
    if not hasattr(v, "keys"):
        raise TypeError(f"{funcstr(func)} argument after ** must be a mapping, "
                        f"not {type_name(type(v))}")
    keys = v.keys()
    for k in keys:
        if k in d:
            raise TypeError(f"{funcstr(func)} got multiple values for keyword argument '{k}'")
        d[k] = v[k]


# ---------------------------------------------------------------------------
# unpacking

def UNPACK_SEQUENCE(f, arg):
    s = f.stack
    seq = s.pop()
    t = type(seq)
    if (t is tuple or t is list) and len(seq) == arg:
        s.extend(seq[::-1])
        return
    if not hasattr(type(seq), "__iter__") and not hasattr(type(seq), "__getitem__"):
        raise TypeError(f"cannot unpack non-iterable {type_name(type(seq))} object")
    it = iter(seq)
    items = []
    for v in it:
        items.append(v)
        if len(items) > arg:
            raise ValueError(f"too many values to unpack (expected {arg})")
    if len(items) < arg:
        raise ValueError(f"not enough values to unpack (expected {arg}, got {len(items)})")
    s.extend(items[::-1])


def UNPACK_EX(f, arg):
    s = f.stack
    before, after = arg & 0xFF, arg >> 8
    seq = s.pop()
    if not hasattr(type(seq), "__iter__") and not hasattr(type(seq), "__getitem__"):
        raise TypeError(f"cannot unpack non-iterable {type_name(type(seq))} object")
    items = list(iter(seq))  # (as unpack_iterable: a length hint of the iterator, not __len__)
    if len(items) < before + after:
        raise ValueError(f"not enough values to unpack (expected at least {before + after}, "
                         f"got {len(items)})")
    mid = items[before:len(items) - after]
    res = items[:before] + [mid] + items[len(items) - after:]
    s.extend(res[::-1])


# ---------------------------------------------------------------------------
# formatting

_CONVERSIONS = (None, str, repr, ascii)


def FORMAT_VALUE(f, arg):
    s = f.stack
    spec = s.pop() if arg & 0x04 else ""
    v = s.pop()
    conv = _CONVERSIONS[arg & 0x03]
    if conv is not None:
        v = conv(v)
    if type(v) is str and not spec:
        s.append(v)
    else:
        s.append(format(v, spec))


# (its call of str/repr/ascii/format takes a recursion guard where CPython's
# FORMAT_VALUE calls PyObject_Repr ... itself: pyjit.hostroom.walk)
_hostroom.guarded(FORMAT_VALUE.__code__)
