"""Recording ``match`` statements: MATCH_SEQUENCE, MATCH_MAPPING, MATCH_KEYS, MATCH_CLASS.

Whether a subject is a sequence, a mapping or an instance of a class depends
on its type only: the subject's class is guarded (and its version, for a
program class) and the answer is a constant.  A class pattern's attributes are
read by the paths objects use (inline values, slots: guards that leave the
trace before the instruction if an attribute is missing -- no other code runs,
so the instruction can run again); a mapping pattern's keys are looked up in an
exact dict, each guarded present (or, where the match failed, absent).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import handlers as H
from pyjit.specialize import versions as V
from pyjit.typelookup import type_flags, type_name

from ..ir import Const, const_int, const_ptr
from ..llvm import layout as L
from .core import Abort, atomic, is_ref_of, kind_guard
from .objects import find_attr


def _guard_type(r, v, o, snap):
    """The subject's (``o``'s) class, and its version if the program made it
    (abc registrations and bases decide sequence/mapping/instance: both fixed)."""
    t = type(o)
    if not atomic(t):
        raise Abort(f"match on an instance of {t.__name__}")
    if not type_flags(t) & L.TPFLAGS_HEAPTYPE:
        kind_guard(r, "EXACT", [v], [o], snap, param=t)
        return
    ver = V.type_version(t) if V.VERSIONS_OK else 0
    if not ver:
        raise Abort(f"match on an instance of {t.__name__}, which has no version")
    kind_guard(r, "TYPE_VERSION", [v], [o], snap, type_version=ver)


def _type_test(r, f, pc, arg, handler):
    o = f.stack[-1]
    _guard_type(r, r.peek(), o, r.before())
    r.call_host(handler, f, arg)
    r.push(const_ptr(f.stack[-1]))
    r.next(pc + 1)


def rec_MATCH_SEQUENCE(r, f, dec, pc, arg):
    _type_test(r, f, pc, arg, H.MATCH_SEQUENCE)


def rec_MATCH_MAPPING(r, f, dec, pc, arg):
    _type_test(r, f, pc, arg, H.MATCH_MAPPING)


def rec_MATCH_KEYS(r, f, dec, pc, arg):
    subject, keys = f.stack[-2], f.stack[-1]
    vsubject, vkeys = r.peek(2), r.peek(1)
    if type(subject) is not dict:
        raise Abort(f"a mapping pattern on a {type_name(type(subject))} (not a dict)")
    if not isinstance(vkeys, Const):
        raise Abort("a mapping pattern with keys that are not constants")
    snap = r.before()
    r.call_host(H.MATCH_KEYS, f, arg)
    result = f.stack[-1]
    if not isinstance(vsubject, Const):
        r.emit("guard_class", [vsubject, const_ptr(dict)], snap)
    values = []
    for k in keys:
        v = r.emit("dict_getitem", [vsubject, const_ptr(k)], snap)
        if k not in subject:
            r.emit("guard_isnull", [v], snap)
            break
        r.emit("guard_nonnull", [v], snap)
        values.append(v)
    if result is None:
        r.push(const_ptr(None))
    else:
        r.push(r.emit("build_tuple", values, snap) if values else const_ptr(()))
    r.next(pc + 1)


def rec_MATCH_CLASS(r, f, dec, pc, arg):
    subject, cls, names = f.stack[-3], f.stack[-2], f.stack[-1]
    vsubject, vcls, vnames = r.peek(3), r.peek(2), r.peek(1)
    if not isinstance(vnames, Const) or type(cls) is not type or not atomic(cls):
        raise Abort("a class pattern with a class that is not a plain class constant")
    snap = r.before()
    if not is_ref_of(vcls, cls):
        r.emit("guard_value", [vcls, const_ptr(cls)], snap)
    _guard_type(r, vsubject, subject, snap)
    if type_flags(cls) & L.TPFLAGS_HEAPTYPE:         # (its __match_args__)
        ver = V.type_version(cls) if V.VERSIONS_OK else 0
        if not ver:
            raise Abort("a class pattern with a class that has no version")
        r.emit("guard_type_version", [const_ptr(cls), const_int(ver)], snap)
    r.call_host(H.MATCH_CLASS, f, arg)
    result = f.stack[-1]
    values = []
    if result is not None:
        attrs = _attribute_names(subject, cls, arg, names)
        for name, value in zip(attrs, result):
            if name is None:
                values.append(vsubject)            # match_self: int(x), str(s)...
                continue
            found = find_attr(r, subject, vsubject, name, snap)
            if found is None or found.value is None:
                raise Abort(f"a class pattern reads attribute {name!r} through a descriptor")
            values.append(found.value)
    for _ in range(3):
        r.pop()
    r.push(r.emit("build_tuple", values, snap) if result is not None else const_ptr(None))
    r.next(pc + 1)


def _attribute_names(subject, cls, nargs, kwnames):
    """The attribute each value of match_class's result was read from (None:
    the subject itself)."""
    out = []
    if nargs:
        match_args = getattr(cls, "__match_args__", None)
        if match_args is None:
            out += [None] * nargs
        else:
            out += list(match_args[:nargs])
    return out + list(kwnames)
