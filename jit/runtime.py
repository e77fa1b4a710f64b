"""Python functions compiled traces call on their cold paths.

Native code raises most exceptions through the C-API; where CPython's message
comes from the interpreter itself (unpacking), it calls one of these, which
raise it.  Each counts as a call from native code into pyjit's Python code
(``--stats``), but runs only when the program raises.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import native
from pyjit.null import NULL
from pyjit.typelookup import class_lookup, type_name

_MAXSIZE = __import__("sys").maxsize


def unpack_error(expected, got, at_least):
    """UNPACK_SEQUENCE / UNPACK_EX found too few values."""
    native.counted()
    more = "at least " if at_least else ""
    raise ValueError(f"not enough values to unpack (expected {more}{expected}, got {got})")


def unpack_too_many(expected):
    native.counted()
    raise ValueError(f"too many values to unpack (expected {expected})")


# ``dunder_result``'s code: kind * 256 + the instruction's oparg
# (record/natively.py: a method an instruction called natively through a slot)
DUNDER_KINDS = {"binop": 0, "ibinop": 1, "rbinop": 2, "compare": 3, "init": 4,
                "bool": 5, "contains": 6, "iter": 7, "len": 8}
_KIND_NAMES = {k: name for name, k in DUNDER_KINDS.items()}
INIT_KIND = DUNDER_KINDS["init"]
BOOL_KIND = DUNDER_KINDS["bool"]
CONTAINS_KIND = DUNDER_KINDS["contains"]
ITER_KIND = DUNDER_KINDS["iter"]
LEN_KIND = DUNDER_KINDS["len"]


def dunder_fast(code, v):
    """Whether ``v`` is the instruction's value as it is (``dunder_result``'s
    fast path; the LLVM backend tests the same inline): not NotImplemented for
    an operator, None from ``__init__``, a bool from ``__bool__`` or
    ``__contains__``, an iterator from ``__iter__``, an int that fits a
    Py_ssize_t and is not negative from ``__len__``."""
    kind = code >> 8
    if kind <= DUNDER_KINDS["compare"]:
        return v is not NotImplemented
    if kind == INIT_KIND:
        return v is None
    if kind == ITER_KIND:
        # (PyIter_Check reads the type's slot: found in the MRO's dicts, no
        # metaclass __getattribute__ run -- pyjit.typelookup)
        return class_lookup(type(v), "__next__") is not NULL
    if kind == LEN_KIND:
        return type(v) is int and 0 <= v <= _MAXSIZE
    return v is True or v is False


def dunder_rest(code, v, a, b):
    """``dunder_result``'s cold path: the method returned NotImplemented (the
    reflected method, else TypeError: :mod:`.protocols`), ``__init__``
    returned a value (TypeError), ``__bool__`` a non-bool (TypeError),
    ``__contains__`` a non-bool (its truth, as ``slot_sq_contains``),
    ``__iter__`` a non-iterator (TypeError), ``__len__`` anything but an int
    in range (``protocols.len_value``).  ``a``/``b``: the instruction's operands."""
    from .protocols import binop_rest, compare_rest, len_value
    native.counted()
    kind, oparg = divmod(code, 256)
    if dunder_fast(code, v):
        return v
    if kind == INIT_KIND:
        raise TypeError(f"__init__() should return None, not '{type_name(type(v))}'")
    if kind == BOOL_KIND:
        raise TypeError(f"__bool__ should return bool, returned {type_name(type(v))}")
    if kind == CONTAINS_KIND:
        return bool(v)
    if kind == LEN_KIND:
        return len_value(v)
    if kind == ITER_KIND:
        raise TypeError(f"iter() returned non-iterator of type '{type_name(type(v))}'")
    if kind == DUNDER_KINDS["compare"]:
        return compare_rest(oparg, a, b)
    return binop_rest(oparg, a, b, _KIND_NAMES[kind])


def dunder_result(code, v, a, b):
    """``dunder_result``'s meaning (the trace interpreter's; the LLVM backend
    tests the fast case inline)."""
    if dunder_fast(code, v):
        return v
    return dunder_rest(code, v, a, b)
