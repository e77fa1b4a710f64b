"""Guard removal: guards implied by what earlier guards (or construction) proved.

What it removes (the second guard of each pair; the first one stays, so what it
proved still holds and a later guard may still rely on it -- the two imply each
other):

* ``guard_class(p, T)`` when the class of ``p`` is known to be ``T``: from an
  earlier ``guard_class(p, T)``, ``guard_value(p, c)`` with ``type(c) is T``,
  ``unbox_int(p)`` (it checks for an exact int), or construction (``box_int`` ->
  int, ``box_float`` -> float, ``box_bool`` -> bool, ``build_tuple`` -> tuple,
  ``build_list`` -> list);
* ``guard_value(p, c)`` after ``guard_value(p, c)``, or when ``p`` is
  ``const_ref(c)``;
* ``guard_nonnull(p)`` when ``p`` passed a guard_class/guard_value or was built
  by a box/build op;
* ``guard_true(b)`` / ``guard_false(b)`` after the same guard on ``b``;
* ``guard_len(p, n)`` after ``guard_len(p, n)``: always on a tuple (immutable);
  on anything else (a list) only with no op with ``effects`` in between;
* ``guard_no_dict(p)`` / ``guard_shared_keys(T, n)`` duplicates (an object's
  ``__dict__`` materialized, a class's instances given a new attribute name:
  only code does either), only with no op that may run code in between;
* ``guard_dict_version`` / ``guard_type_version`` duplicates, only with no
  ``effects`` op in between (a call can write a dict or a type) -- on a
  constant dict or type too (the globals, a class the recorder looked a
  method up in: every inlined call checks it again).

It also decides ``ptr_eq`` from that knowledge (the same value; a known constant;
classes known to differ -- a box is never the NULL marker), so the recorder's
"is this input slot unbound" checks on values of known class go away.

* ``guard_class(p, C)`` after ``p = new_instance(C)`` (no code can reach the
  new object before the trace hands it on; like any user-object class, the
  fact lasts until an op that may run code).

Which knowledge lasts
---------------------
The class of an instance of an immutable type (int, float, tuple, list ...)
never changes; the class of a user object can (``obj.__class__ = C``), so such
a fact, like dict/type versions and list lengths, is dropped at every op that
may run program code (``heap.runs_code``: an op with effects other than the
builtin iterators' next and the statistics counter; a store runs none when it is
the first into a field of an object ``new_instance`` made here, ``heap.first_store``:
``__init__``'s stores keep what is known; nor when the value it replaces is known
-- read or stored earlier, ``heap.HeapFacts`` -- and of a class whose instances
run no code when they die, ``heap.INERT``: ``self.done = True`` over a bool read
before, ``self.count = n + 1`` over an int -- so a method's guards on ``self`` after
such a store, inlined, go: richards' bridges, which the pipeline does not optimize,
checked ``self``'s class and type version again after each such store).  Identity (``guard_value``) and non-nullness never change.

Knowledge is forward-only.  At the label it is cut: a label arg is a new value
in every iteration, so what the preamble proved about it is forgotten; a value
defined before the label that is not a label arg is the same in every iteration
(loop-invariant), so its lasting facts carry into the body -- and its mutable
facts (versions, list lengths, user-object classes) carry only if the body has
no op with effects (else the previous iteration's body lies between).

Contract: every rule shrinks or keeps the trace, never grows it.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from ..ir import Const, const_bool
from .base import Pass, class_is_fixed, label_index
from .heap import STORES, HeapFacts, first_store, inert_call, runs_code


def _key(v):
    """What makes two operands the same value: a constant's value, else identity."""
    return (True, v) if isinstance(v, Const) else (False, id(v))


class GuardFacts:
    """What the ops seen so far proved (the rules of the module docstring), op by
    op: :meth:`implied` says a guard adds nothing, :meth:`learn` takes in an op
    that was kept.  The one statement of those rules: the ``guards`` pass runs
    them over a whole trace; the recorder (``record.core.Recorder.emit``) runs
    them while recording, so that a guard an earlier op of the same recording
    implies is never recorded (it would count against the trace limit, and a
    bridge -- not optimized by the pipeline -- would run it).

    Facts are keyed by the ``id`` of trace values: every value a fact names is
    kept alive here (``_pinned``), so an id cannot be reused by another value."""

    def __init__(self, heap=None):
        # the fields' known values (a store over an INERT one runs no code): the
        # recorder's own HeapFacts, which it feeds, or one fed here (the pass)
        self._own_heap = heap is None
        self.heap = HeapFacts() if heap is None else heap
        self.cls: dict[int, type] = {}          # id -> exact class
        self.value: dict[int, object] = {}      # id -> the object it is (guard_value)
        self.nonnull: set[int] = set()
        self.bools: dict[int, bool] = {}        # id -> truth proved by guard_true/false
        self.length: dict[int, tuple] = {}      # id -> _key of its length
        # the ids whose class / length an op with effects may change (forgotten
        # there without a walk over all facts: the recorder learns op by op)
        self._mutable_cls: list = []
        self._mutable_len: list = []
        # _key(dict or type) -> _key of its version (constants are the common case)
        self.dict_version: dict[tuple, tuple] = {}
        self.type_version: dict[tuple, tuple] = {}
        self.shared_keys: dict[tuple, tuple] = {}   # _key(class) -> _key(its count)
        self.no_dict: set[int] = set()          # ids whose __dict__ is not materialized
        self.fresh: dict[int, set] = {}         # heap.first_store's objects made here
        self._pinned: list = []

    # -- what is known -----------------------------------------------------------

    def known_class(self, v):
        if isinstance(v, Const):
            t = type(v.value)
            return t if class_is_fixed(t) else None
        return self.cls.get(id(v))

    def class_now(self, v):
        return type(v.value) if isinstance(v, Const) else self.cls.get(id(v))

    def known_value(self, v):
        """(True, obj) when ``v`` is known to be ``obj``, else (False, None)."""
        if isinstance(v, Const):
            return True, v.value
        if id(v) in self.value:
            return True, self.value[id(v)]
        return False, None

    def learn_class(self, v, t):
        if not isinstance(v, Const) and id(v) not in self.cls:
            self._pinned.append(v)
            self.cls[id(v)] = t
            if not class_is_fixed(t):
                self._mutable_cls.append(id(v))
            if t is not object:     # an object() sentinel could stand for NULL
                self.nonnull.add(id(v))

    def forget_mutable(self):
        """An op with effects ran: versions, list lengths, user-object classes may differ."""
        self.dict_version.clear()
        self.type_version.clear()
        self.shared_keys.clear()
        self.no_dict.clear()
        for k in self._mutable_len:
            if self.cls.get(k) is not tuple:
                self.length.pop(k, None)
        for k in self._mutable_cls:
            self.cls.pop(k, None)
        self._mutable_len.clear()
        self._mutable_cls.clear()

    # -- the rules -----------------------------------------------------------------

    def implied(self, op) -> bool:
        """Does what is known make guard ``op`` always pass?  (False for any other op.)"""
        rule = _IMPLIED.get(op.name)
        return rule is not None and rule(self, *op.args)

    def learn(self, op) -> None:
        """Op ``op`` is kept (emitted), after the ops already seen."""
        rule = _LEARN.get(op.name)
        if rule is not None:
            rule(self, op, *op.args)
        elif op.name in STORES:
            if not first_store(self.fresh, op) and \
                    not self.heap.drops_inert(op, self.known_class):
                self.forget_mutable()
        elif runs_code(op) and not inert_call(op, self.known_class):
            self.forget_mutable()
        if self._own_heap:
            self.heap.learn(op)

    def _pin(self, v):
        if not isinstance(v, Const):
            self._pinned.append(v)

    def _same_version(self, facts, p, n):
        return facts.get(_key(p)) == _key(n)

    def _set_version(self, facts, p, n):
        self._pin(p)
        self._pin(n)
        facts[_key(p)] = _key(n)


def _bool_implied(expect):
    def rule(facts, b):
        if isinstance(b, Const):
            return b.value is expect    # (another constant: always fails, stays)
        return facts.bools.get(id(b)) is expect
    return rule


def _bool_learn(expect):
    def rule(facts, op, b):
        if not isinstance(b, Const):
            facts._pin(b)
            facts.bools.setdefault(id(b), expect)
    return rule


def _learn_guard_class(facts, op, p, t):
    if isinstance(t, Const) and facts.known_class(p) is None:
        facts.learn_class(p, t.value)


def _learn_guard_value(facts, op, p, c):
    if isinstance(c, Const) and not isinstance(p, Const) and id(p) not in facts.value:
        facts._pin(p)
        facts.value[id(p)] = c.value
        facts.nonnull.add(id(p))
        if class_is_fixed(type(c.value)):
            facts.learn_class(p, type(c.value))


def _learn_const_ref(facts, op, c):
    facts._pin(op)
    facts.value[id(op)] = c.value
    facts.nonnull.add(id(op))


def _learn_nonnull(facts, op, p):
    if not isinstance(p, Const):
        facts._pin(p)
        facts.nonnull.add(id(p))


def _learn_len(facts, op, p, n):
    if not isinstance(p, Const):
        facts._pin(p)
        facts._pin(n)
        facts.length[id(p)] = _key(n)
        facts._mutable_len.append(id(p))


def _learn_built(t):
    def rule(facts, op, *args):
        facts.learn_class(op, t)
        if t is tuple or t is list:
            facts.length[id(op)] = _key(Const(len(args), "i"))
            facts._mutable_len.append(id(op))
    return rule


def _learn_no_dict(facts, op, p):
    if not isinstance(p, Const):
        facts._pin(p)
        facts.no_dict.add(id(p))


def _learn_new_instance(facts, op, cls):
    facts.forget_mutable()              # (an allocation may collect garbage: code)
    facts._pin(op)
    facts.fresh[id(op)] = set()
    if isinstance(cls, Const):          # (no code can reach the new object yet)
        facts.learn_class(op, cls.value)


_IMPLIED = {
    "guard_class": lambda facts, p, t: isinstance(t, Const) and facts.known_class(p) is t.value,
    "guard_value": lambda facts, p, c: isinstance(c, Const) and (
        facts.known_value(p)[0] and facts.known_value(p)[1] is c.value),
    "guard_nonnull": lambda facts, p: isinstance(p, Const) or id(p) in facts.nonnull,
    "guard_true": _bool_implied(True),
    "guard_false": _bool_implied(False),
    # (a constant list's length: constfold's business)
    "guard_len": lambda facts, p, n: not isinstance(p, Const) and
        facts.length.get(id(p)) == _key(n),
    "guard_dict_version": lambda facts, p, n: facts._same_version(facts.dict_version, p, n),
    "guard_type_version": lambda facts, p, n: facts._same_version(facts.type_version, p, n),
    "guard_shared_keys": lambda facts, p, n: facts._same_version(facts.shared_keys, p, n),
    "guard_no_dict": lambda facts, p: not isinstance(p, Const) and id(p) in facts.no_dict,
}

_LEARN = {
    "guard_class": _learn_guard_class,
    "guard_value": _learn_guard_value,
    "const_ref": _learn_const_ref,
    "guard_nonnull": _learn_nonnull,
    "guard_true": _bool_learn(True),
    "guard_false": _bool_learn(False),
    "guard_len": _learn_len,
    "guard_dict_version": lambda facts, op, p, n: facts._set_version(facts.dict_version, p, n),
    "guard_type_version": lambda facts, op, p, n: facts._set_version(facts.type_version, p, n),
    "guard_shared_keys": lambda facts, op, p, n: facts._set_version(facts.shared_keys, p, n),
    "guard_no_dict": _learn_no_dict,
    "new_instance": _learn_new_instance,
    # passing it proves an exact int
    "unbox_int": lambda facts, op, p: facts.learn_class(p, int),
    "box_int": _learn_built(int),
    "box_float": _learn_built(float),
    "box_bool": _learn_built(bool),
    "build_tuple": _learn_built(tuple),
    "build_list": _learn_built(list),
    "build_slice": _learn_built(slice),
}


def facts_at(trace, guard) -> GuardFacts:
    """What holds whenever ``guard`` (an op of ``trace`` or of one of its
    bridges) fails: the facts of the ops run before it on its path -- the
    loop's body from its label (the preamble's facts are of an earlier
    iteration), each bridge on the way from its guard (which failed: nothing
    learned of it).  A bridge's recording starts from these (the recorder's
    ``emit``): the pipeline never optimizes a bridge, and without them it
    checked again the classes, versions and shapes its parent had just
    checked -- a third of richards' bridge ops.  The facts keep their own
    HeapFacts, fed by the path and then the bridge's ops, which only decides
    whether a store runs code (the old value a field of the path holds): the
    recorder's, which forwards loads, starts from nothing (a value the path
    loaded is not the bridge's unless its snapshot passes it).  Nothing known
    if the guard is not found (the trace was replaced)."""
    path = _path_to(trace.ops, guard)
    facts = GuardFacts()
    if path is not None:
        start = 0
        for k, op in enumerate(path):
            if op.name == "label":
                start = k + 1
        for op in path[start:]:
            if not facts.implied(op):
                facts.learn(op)
    return facts


def _path_to(ops, guard):
    """The ops run before ``guard`` fails, in order (None: not in ``ops`` or their bridges)."""
    for i, op in enumerate(ops):
        if op is guard:
            return ops[:i]
        if op.bridge is not None:
            sub = _path_to(op.bridge, guard)
            if sub is not None:
                return ops[:i] + sub      # (op failed: its bridge ran)
    return None


class OptGuards(Pass):
    """Removes guards that earlier guards or construction already proved."""

    name = "guards"

    def start(self):
        self.facts = GuardFacts()
        k = label_index(self.trace)
        self.body_effects = any(runs_code(op) for op in self.trace.ops[k + 1:])

    def enter_body(self, label):
        facts = self.facts
        if self.body_effects:
            facts.forget_mutable()
        keep = {k for k in self.before_label if not self.varies(k)}
        for known in (facts.cls, facts.value, facts.bools, facts.length):
            for k in [k for k in known if k not in keep]:
                del known[k]
        for known in (facts.dict_version, facts.type_version, facts.shared_keys):
            for k in [k for k in known if not (k[0] or k[1] in keep)]:
                del known[k]
        facts.nonnull &= keep
        facts.no_dict &= keep
        facts.fresh.clear()     # (a later iteration's store finds the field set)
        facts.heap = HeapFacts()    # (the heap pass's rule: nothing known across the label)

    def default(self, op):
        if self.facts.implied(op):
            return
        self.emit(op)
        self.facts.learn(op)

    # -- identity decided by knowledge ----------------------------------------------------

    def optimize_ptr_eq(self, op):
        a, b = op.args
        result = None
        if _key(a) == _key(b):
            result = True
        else:
            ka, va = self.facts.known_value(a)
            kb, vb = self.facts.known_value(b)
            if ka and kb:
                result = va is vb
            else:
                # a constant's class as it is now: it cannot become (or stop
                # being) a fixed class, so a difference with a fixed class decides
                ta, tb = self.facts.class_now(a), self.facts.class_now(b)
                if ta is not None and tb is not None and ta is not tb \
                        and (class_is_fixed(ta) or class_is_fixed(tb)):
                    result = False
        if result is None or not self.make_equal_to(op, const_bool(result)):
            self.emit(op)
