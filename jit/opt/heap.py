"""Heap cache: a field, item or cell read again, with nothing in between that
could have changed it, reads the value the trace already has.

The heap ops are declared in :data:`LOADS` and :data:`STORES` (op name -> where
its object, field and value are); every other op is either known to run no
program code (:data:`RUNS_NO_CODE`: pure ops, guards, the builtin iterators'
``next``, loads, allocations without effects; a ``call`` of one of
:data:`INERT_CALLS` on values of INERT classes, :func:`inert_call`) or a
*barrier*: it may run any code (a C-API call, a program's method), so after it
nothing is known.

What it removes:

* a load of ``(object, field)`` known from an earlier load -- or from an
  earlier store, see below -- of the same object and field: its uses read the
  known value.  The load's own check (an index in bounds, a cell not empty, an
  attribute present) held when the value became known and nothing changed
  since, so the load goes with its guard.

What a store does to the cache:

* a store into a field of an object made in the trace (``new_instance``) that
  was not stored yet drops nothing (the field is absent): it runs no code;
* a store replaces the field's old value and drops the reference to it; if
  that was the last one, the old value's ``__del__`` (or a weakref callback)
  runs -- any code.  When the old value is known and of a class whose
  instances run no code when they die (int, float, bool, str, None:
  :data:`INERT`), the store runs none: the cache keeps what it knew (minus the
  entries the store may overwrite through another name: the same field of
  another object that may be the same object, another index of the same list
  that may be the same index) and learns the stored value.  Otherwise the store
  is a barrier and nothing is learned, not even the stored value (``__del__``
  could overwrite it).

Across the label everything is forgotten: a bridge may run any code between
two iterations.

Contract: every rule shrinks or keeps the trace, never grows it.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from typing import NamedTuple

from .. import ir
from ..ir import BOX_CLASS, Const
from .base import Pass, class_is_fixed


class Access(NamedTuple):
    """Where a heap op's object, field and (stores) value are among its operands.

    ``field`` is the family of the field ("item", "cell", "len", "attr" ...)
    and ``key`` the operand naming it within the family (None: one field per
    object); ``value`` the stored operand (stores only)."""
    obj: int
    field: str
    key: int | None = None
    value: int | None = None


LOADS = {
    "list_getitem": Access(0, "item", key=1),
    "len_list": Access(0, "len"),
    "cell_get": Access(0, "cell"),
    # a program object's attribute by name: an inline value or a __slots__
    # member (an object has one or the other for a name, under its class guard)
    "getattr_values": Access(0, "attr", key=1),
    "getattr_slot": Access(0, "attr", key=1),
    # what a class's MRO holds for a name (changes only when code assigns it)
    "type_lookup": Access(0, "mro", key=1),
}
STORES = {
    "list_setitem": Access(0, "item", key=1, value=2),
    "cell_set": Access(0, "cell", value=1),
    "setattr_values": Access(0, "attr", key=1, value=3),
    "setattr_slot": Access(0, "attr", key=1, value=3),
}

# ops with effects that run no program code: the builtin iterators' next (an
# exhausted one leaves the trace before anything drops the sequence) and the
# statistics counter
RUNS_NO_CODE = frozenset({"rangeiter_next", "listiter_next", "tupleiter_next", "count"})

# classes whose instances run no code when they die (no __del__, no weakrefs)
INERT = frozenset({int, float, bool, str, type(None)})

# builtins that, called with arguments of INERT classes only, run no program code
# and make no object the collector tracks (so start no collection, whose
# finalizers are code): richards' ``ord('A')`` and ``range(4)`` in a loop made
# the classes and versions its guards had proved be checked again after them
# (one that raises leaves the trace there: nothing after it runs)
INERT_CALLS = (range, ord, chr, abs, len, min, max)


def inert_call(op, class_of) -> bool:
    """Is ``op`` a ``call`` of one of :data:`INERT_CALLS` whose arguments are all
    of INERT classes (``class_of``: what is known of a value's class)?"""
    if op.name != "call" or not isinstance(op.args[0], Const):
        return False
    fn = op.args[0].value
    return any(fn is b for b in INERT_CALLS) and \
        all(class_of(a) in INERT for a in op.args[1:])

assert all(n in ir.OPS and not ir.OPS[n].effects for n in LOADS)
assert all(n in ir.OPS and ir.OPS[n].effects for n in STORES)
assert all(ir.OPS[n].effects for n in RUNS_NO_CODE)
# a store's field family is one a load reads (what it learns is read back by that load)
assert {a.field for a in STORES.values()} <= {a.field for a in LOADS.values()}


def runs_code(op) -> bool:
    """May ``op`` run program code (so change any object or dict or type)?
    Stores are decided by the heap pass, which knows the old values."""
    return op.opdef.effects and op.name not in RUNS_NO_CODE


def _key(v):
    return (True, v) if isinstance(v, Const) else (False, id(v))


def _field(acc: Access, op):
    return (acc.field, None if acc.key is None else _key(op.args[acc.key]))


def first_store(fresh: dict, op) -> bool:
    """Is store ``op`` the first into its field of an object ``new_instance``
    made in the trace (``fresh``: id of such an object -> the fields stored
    since)?  Then the field was absent: the store drops no value, so it runs
    no code.  Notes the store in ``fresh``.  (The heap pass and
    ``guards.GuardFacts`` -- hence the recorder -- decide a store by this.)"""
    acc = STORES[op.name]
    stored = fresh.get(id(op.args[acc.obj]))
    if stored is None:
        return False
    field = _field(acc, op)
    if field in stored:
        return False
    stored.add(field)
    return True


class HeapFacts:
    """What the ops seen so far left known of the heap (the rules of the module
    docstring), op by op: :meth:`known` is the value a load reads, if known;
    :meth:`learn` takes in an op that was kept.  The one statement of those
    rules: the heap pass runs them over a whole trace, the recorder
    (``record.core.Recorder.emit``) while recording -- a load it knows the
    value of is not recorded (its uses read the value).  Values a fact names
    are kept alive here (``_pinned``): facts are keyed by ``id``."""

    def __init__(self):
        self.cache: dict[tuple, object] = {}     # (obj key, field, key) -> value
        self.cls: dict[int, type] = {}           # id -> class of fixed-class values
        # objects new_instance made in this trace -> the fields stored since:
        # a field not stored yet is absent, so a store there drops nothing
        self.fresh: dict[int, set] = {}
        self._pinned: list = []

    def class_of(self, v):
        if isinstance(v, Const):
            return type(v.value)
        return self.cls.get(id(v))

    def _learn_class(self, v, t):
        if not isinstance(v, Const):
            self._pinned.append(v)
            self.cls[id(v)] = t

    @staticmethod
    def _where(acc: Access, op):
        key = None if acc.key is None else _key(op.args[acc.key])
        return (_key(op.args[acc.obj]), acc.field, key)

    def known(self, op):
        """The value load ``op`` reads, when an earlier load or store of the same
        field left it known; else None (and None for an op that is no load)."""
        acc = LOADS.get(op.name)
        return None if acc is None else self.cache.get(self._where(acc, op))

    def drops_inert(self, op, known_class=None) -> bool:
        """Does store ``op`` replace a known value of an INERT class (its death
        runs no code: the store runs none)?  Asked before the store is learned.
        ``known_class``: another source of class knowledge (``guards.GuardFacts``')."""
        old = self.cache.get(self._where(STORES[op.name], op))
        if old is None:
            return False
        return self.class_of(old) in INERT or \
            (known_class is not None and known_class(old) in INERT)

    def learn(self, op) -> None:
        """Op ``op`` is kept (emitted), after the ops already seen."""
        name = op.name
        if name in LOADS:
            self._pinned.append(op.args[LOADS[name].obj])
            self.cache[self._where(LOADS[name], op)] = op
        elif name in STORES:
            self._store(op)
        elif name == "guard_class":
            p, t = op.args
            if isinstance(t, Const) and class_is_fixed(t.value):
                self._learn_class(p, t.value)
        elif name == "unbox_int":
            self._learn_class(op.args[0], int)
        elif name in BOX_CLASS:
            self._learn_class(op, BOX_CLASS[name])
        else:
            if runs_code(op) and not inert_call(op, self.class_of):
                self.cache.clear()
            if name == "new_instance":     # (after it: an allocation may collect garbage)
                self._pinned.append(op)
                self.fresh[id(op)] = set()

    def _store(self, op):
        acc = STORES[op.name]
        where = self._where(acc, op)
        old = self.cache.get(where)
        first = first_store(self.fresh, op)
        if not first and (old is None or self.class_of(old) not in INERT):
            self.cache.clear()      # the old value's death may run any code
            return
        obj, field, key = where
        for other in list(self.cache):
            o, f, k = other
            if f != field or other == where:
                continue
            # another name for the same slot?  the same object under another
            # value (unless both are constants), or another index that may be equal
            same_obj = o == obj or not (o[0] and obj[0])
            same_key = k == key or k is None or key is None or not (k[0] and key[0])
            if same_obj and same_key:
                del self.cache[other]
        self._pinned.append(op.args[acc.obj])
        self.cache[where] = op.args[acc.value]


class OptHeap(Pass):
    """Forwards known field/item/cell values to later loads of them."""

    name = "heap"

    def start(self):
        self.facts = HeapFacts()

    def enter_body(self, label):
        self.facts.cache.clear()

    def default(self, op):
        known = self.facts.known(op)
        if known is not None and self.make_equal_to(op, known):
            return
        self.emit(op)
        self.facts.learn(op)


__all__ = ["OptHeap", "HeapFacts", "LOADS", "STORES", "RUNS_NO_CODE", "INERT", "INERT_CALLS",
           "inert_call", "runs_code", "first_store"]
