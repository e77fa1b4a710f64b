"""Virtual objects: what a snapshot says of an object the trace never built.

The optimizer's ``virtualize`` pass (:mod:`pyjit.jit.opt.virtualize`) removes
allocations whose object does not escape the trace: its fields live in trace
values.  A guard exit (or a raising op) that names such an object in its
snapshot -- a local, a stack entry, an inlined ``__init__``'s ``self`` --
must hand the interpreter a real object, so the snapshot names a
:class:`Virtual` there: the class and the fields, each a trace value or
another Virtual (nested objects).

Backends never see one: :meth:`Virtual.leaves` flattens it into the trace
values exits store (``FrameSnap.values()`` yields the leaves), and
:func:`build` -- run by :mod:`pyjit.jit.resume` on the exit's values -- makes
the object again, in Python, as the trace would have made it: the fields'
objects first (innermost virtuals first), then the object, its fields stored
in the order the trace stored them (an instance's inline values keep the
insertion order of its ``__dict__``).  A virtual named twice in one exit (a
local and a stack entry) is built once: they share ``key``, and ``build``
keeps the objects it made per exit.  The buffer's references are owned by
the exit's Python list, so every reference count is the interpreter's own.

A local the loop carries whose value the jump passes as a virtual object (a
``p = p.add(d)`` loop) is carried as its fields (label args) plus one more
label arg, the *real* one: the entry value in the first iteration, :data:`MARK`
in the others.  Snapshots name it as a Virtual whose ``real`` is that label
arg: an exit that finds MARK there builds the object from the fields, else it
hands over the real object -- the first iteration's is the one the
interpreter had, whatever else refers to it.

No trace value of this module's: it imports nothing of the IR (ir.py imports it).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import itertools
from typing import NamedTuple

from pyjit.frame import Frame
from pyjit.generators import make_generator


class Field(NamedTuple):
    """How an instance's field is stored (the op that stored it, its operands)."""
    op: str          # "setattr_slot" or "setattr_values"
    name: object     # the attribute's name: the op's name operand (a Const)
    index: object    # its offset / inline index operand (a Const)


_keys = itertools.count(1)


class _Mark:
    """What a carried virtual's real label arg holds after the first iteration."""
    __slots__ = ()
    __name__ = "VIRTUAL"

    def __repr__(self):
        return "<virtual object>"


MARK = _Mark()


class Virtual:
    """An object a snapshot names that the trace did not build.

    ``kind`` "tuple": ``values`` are the items; ``kind`` "instance": an
    instance of ``cls`` (``object.__new__``), ``fields[k]`` says how
    ``values[k]`` is stored; ``kind`` "coro": a coroutine suspended at a
    yield that an inlined ``await`` frame reached (record/suspension.py) --
    ``cls`` holds ``(yield unit, number of locals)``, ``values`` the
    function, the frame's locals, then its stack.  ``key`` is the object's identity: copies of a
    snapshot (the passes map their values) keep it."""
    __slots__ = ("key", "kind", "cls", "fields", "values", "real")
    type = "r"

    def __init__(self, kind, cls, fields, values, key=None, real=None):
        self.key = next(_keys) if key is None else key
        self.kind = kind
        self.cls = cls          # a Const: the class (tuple for "tuple")
        self.fields = tuple(fields)
        self.values = list(values)
        self.real = real        # a carried local's label arg (see the module docstring)

    def leaves(self):
        """The trace values the object is made of, depth first, in the order
        exits store them (``real`` first)."""
        if self.real is not None:
            yield self.real
        for v in self.values:
            if isinstance(v, Virtual):
                yield from v.leaves()
            else:
                yield v

    def map(self, get) -> "Virtual":
        return Virtual(self.kind, self.cls, self.fields, [mapv(get, v) for v in self.values],
                       self.key, None if self.real is None else get(self.real))

    def __repr__(self):
        return f"<Virtual {self.kind} #{self.key}>"


def mapv(get, v):
    """``get`` applied to a snapshot value: to a Virtual's leaves, keeping its key."""
    return v.map(get) if isinstance(v, Virtual) else get(v)


def leaves(v):
    """A snapshot value's trace values (itself, unless it is a Virtual)."""
    if isinstance(v, Virtual):
        yield from v.leaves()
    else:
        yield v


# ---------------------------------------------------------------------------
# leaving the trace


def build(v, it, memo):
    """The object snapshot value ``v`` stands for, its leaves read from
    iterator ``it`` (the exit's values); ``memo``: key -> object made by this exit."""
    if not isinstance(v, Virtual):
        return next(it)
    real = MARK if v.real is None else next(it)
    # (a plain value inline: a suspension's exit builds coroutines of many locals)
    vals = [next(it) if x.__class__ is not Virtual else build(x, it, memo)
            for x in v.values]
    if real is not MARK:
        memo[(v.key, "real")] = True
        return real
    obj = memo.get(v.key)
    if obj is None:
        obj = memo[v.key] = make(v, vals)
    return obj


def make(v: Virtual, vals):
    """Virtual ``v``'s object from its fields' objects: what the removed ops did."""
    if v.kind == "tuple":
        return tuple(vals)
    if v.kind == "coro":
        return _suspended(v.cls.value, vals)
    obj = object.__new__(v.cls.value)
    for f, x in zip(v.fields, vals):
        # the recorder emitted these only where the generic setattr is what
        # runs (no __setattr__, no descriptor of the name): the same here
        object.__setattr__(obj, f.name.value, x)
    return obj


def _suspended(where, vals):
    """A coroutine suspended at the YIELD_VALUE at unit ``pc`` (``where``:
    ``(pc, nlocals)``), from its function, locals and stack: what the
    interpreter leaves after the yield (``frame.suspend``: on after it, its
    ``lasti`` the yield; started, not running, no handled exception)."""
    pc, n = where
    f = Frame(vals[0], vals[1:1 + n])
    f.stack = vals[1 + n:]
    f.lasti = pc
    f.pc = pc + 1
    coro = make_generator(f)
    coro.started = True
    return coro


# the keys of the carried virtuals the last restore for a bridge's recording
# found real (resume.restore, link=True): the bridge's recording follows that
# case (jit/record/core.py), on the thread that restored
REAL_AT_LINK: set = set()


def has_virtuals(snap) -> bool:
    return any(isinstance(v, Virtual) for fr in snap.frames
               for v in itertools.chain(fr.locals.values(), fr.stack, fr.extra))


# ---------------------------------------------------------------------------
# text form: V<key>[$Cls;slot:$'x':16=p3;values:$'y':1=V<key2>[...]] (tuples:
# V<key>[$tuple;p3;4]).  No spaces, commas, braces: a snapshot's syntax splits on those.


def format_virtual(v: Virtual, name, keys: dict) -> str:
    """``name`` prints a trace value; ``keys`` numbers the virtuals of one
    trace in the order printed (the text does not depend on other traces)."""
    parts = [name(v.cls)] + ([] if v.real is None else ["?" + name(v.real)])
    if v.kind in _HEADS:
        parts.insert(0, v.kind)
    for k, x in enumerate(v.values):
        s = format_virtual(x, name, keys) if isinstance(x, Virtual) else name(x)
        if v.kind == "instance":
            f = v.fields[k]
            s = f"{'slot' if f.op == 'setattr_slot' else 'values'}:{name(f.name)}:{name(f.index)}={s}"
        parts.append(s)
    return f"V{keys.setdefault(v.key, len(keys))}[" + ";".join(parts) + "]"


class _Head(str):
    """The first token of a "coro" virtual's text: its kind."""


_HEADS = {k: _Head(k) for k in ("coro",)}


def parse_virtual(text: str, value, seen: dict):
    """The Virtual of ``format_virtual``'s text; ``value`` parses a plain token;
    ``seen``: key text -> Virtual (one object per key within a trace)."""
    pos = 0

    def one():
        nonlocal pos
        if not text.startswith("V", pos) or "[" not in text[pos:]:
            end = pos
            while end < len(text) and text[end] not in ";]":
                end += 1
            tok, pos = text[pos:end], end
            return _HEADS[tok] if tok in _HEADS else value(tok)
        open_ = text.index("[", pos)
        key = text[pos + 1:open_]
        pos = open_ + 1
        items, real = [], None
        while True:
            start = pos
            if text.startswith("?", pos):
                pos += 1
                real = one()
            elif text.startswith(("slot:", "values:"), pos):
                how, rest = text[pos:].split(":", 1)
                nm, rest2 = rest.split(":", 1)
                idx = rest2.split("=", 1)[0]
                pos = start + len(how) + 1 + len(nm) + 1 + len(idx) + 1
                items.append((Field("setattr_slot" if how == "slot" else "setattr_values",
                                    value(nm), value(idx)), one()))
            else:
                items.append((None, one()))
            if text[pos] == "]":
                pos += 1
                break
            pos += 1      # ';'
        cls = items[0][1]
        rest = items[1:]
        if type(cls) is _Head:
            v = Virtual(str(cls), rest[0][1], (), [x for _, x in rest[1:]])
            if key in seen:
                v.key = seen[key].key
            else:
                seen[key] = v
            return v
        kind = "instance" if any(f is not None for f, _ in rest) or \
            getattr(cls, "value", None) is not tuple else "tuple"
        fields = [f for f, _ in rest] if kind == "instance" else []
        v = Virtual(kind, cls, fields, [x for _, x in rest], real=real)
        if key in seen:
            v.key = seen[key].key
        else:
            seen[key] = v
        return v

    return one()


__all__ = ["Virtual", "Field", "MARK", "mapv", "leaves", "build", "make", "has_virtuals",
           "format_virtual", "parse_virtual"]
