"""Handlers: structural pattern matching (``match`` statements)."""

from __future__ import annotations

from ..typelookup import is_type, type_flags, type_mro, type_name

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

# CPython tests the subject's type flags, which collections.abc's register()
# and class creation (from the base) set: no isinstance(), which would run
# abc's Python code (seen by trace hooks) and follow virtual subclassing further
_TPFLAGS_SEQUENCE = 1 << 5
_TPFLAGS_MAPPING = 1 << 6

# ---------------------------------------------------------------------------
# pattern matching

def MATCH_MAPPING(f, arg):
    s = f.stack
    s.append(bool(type_flags(type(s[-1])) & _TPFLAGS_MAPPING))


def MATCH_SEQUENCE(f, arg):
    s = f.stack
    s.append(bool(type_flags(type(s[-1])) & _TPFLAGS_SEQUENCE))


def MATCH_KEYS(f, arg):
    s = f.stack
    keys = s[-1]
    subject = s[-2]
    if not keys:
        s.append(())
        return
    get = subject.get
    dummy = object()
    seen = set()
    values = []
    for k in keys:
        if k in seen:
            raise ValueError(f"mapping pattern checks duplicate key ({k!r})")
        seen.add(k)
        v = get(k, dummy)
        if v is dummy:
            s.append(None)
            return
        values.append(v)
    s.append(tuple(values))


def MATCH_CLASS(f, arg):
    s = f.stack
    names = s.pop()
    cls = s.pop()
    subject = s.pop()
    s.append(match_class(subject, cls, arg, names))


_MATCH_SELF = (bool, bytearray, bytes, dict, float, frozenset, int, list, set, str, tuple)


def match_class(subject, cls, nargs, kwnames):
    if not is_type(cls):
        raise TypeError(f"called match pattern must be a type")
    if not isinstance(subject, cls):
        return None
    seen = []
    attrs = []
    match_self = False
    if nargs:
        try:
            match_args = cls.__match_args__
        except AttributeError:
            match_args = None
        if match_args is None:
            match_self = any(c in _MATCH_SELF for c in type_mro(cls)) and \
                any(issubclass(cls, c) for c in _MATCH_SELF)
            allowed = 1 if match_self else 0
            if nargs > allowed:
                plural = "" if allowed == 1 else "s"
                raise TypeError(f"{cls.__name__}() accepts {allowed} positional sub-pattern{plural}"
                                f" ({nargs} given)")
        else:
            if not issubclass(type(match_args), tuple):
                raise TypeError(f"{cls.__name__}.__match_args__ must be a tuple (got "
                                f"{type_name(type(match_args))})")
            if nargs > len(match_args):
                plural = "" if len(match_args) == 1 else "s"
                raise TypeError(f"{cls.__name__}() accepts {len(match_args)} positional "
                                f"sub-pattern{plural} ({nargs} given)")
        for i in range(nargs):
            if match_self:
                attrs.append(subject)
                continue
            name = match_args[i]
            if not issubclass(type(name), str):
                raise TypeError(f"__match_args__ elements must be strings (got "
                                f"{type_name(type(name))})")
            if name in seen:
                raise TypeError(f"{cls.__name__}() got multiple sub-patterns for attribute "
                                f"{name!r}")
            seen.append(name)
            try:
                attrs.append(getattr(subject, name))
            except AttributeError:
                return None
    for name in kwnames:
        if name in seen:
            raise TypeError(f"{cls.__name__}() got multiple sub-patterns for attribute {name!r}")
        seen.append(name)
        try:
            attrs.append(getattr(subject, name))
        except AttributeError:
            return None
    return tuple(attrs)
