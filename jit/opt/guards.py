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
* ``guard_dict_version`` / ``guard_type_version`` duplicates, only with no
  ``effects`` op in between (a call can write a dict or a type) -- on a
  constant dict or type too (the globals, a class the recorder looked a
  method up in: every inlined call checks it again).

It also decides ``ptr_eq`` from that knowledge (the same value; a known constant;
classes known to differ -- a box is never the NULL marker), so the recorder's
"is this input slot unbound" checks on values of known class go away.

Which knowledge lasts
---------------------
The class of an instance of an immutable type (int, float, tuple, list ...)
never changes; the class of a user object can (``obj.__class__ = C``), so such
a fact, like dict/type versions and list lengths, is dropped at every op that
may run program code (``heap.runs_code``: an op with effects other than the
builtin iterators' next and the statistics counter).  Identity (``guard_value``) and non-nullness never change.

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
__builtins__ = dict(vars(__import__("builtins")))

from ..ir import Const, const_bool
from .base import Pass, class_is_fixed, label_index
from .heap import runs_code


def _key(v):
    """What makes two operands the same value: a constant's value, else identity."""
    return (True, v) if isinstance(v, Const) else (False, id(v))


class OptGuards(Pass):
    """Removes guards that earlier guards or construction already proved."""

    name = "guards"

    def start(self):
        self.cls: dict[int, type] = {}          # id -> exact class
        self.value: dict[int, object] = {}      # id -> the object it is (guard_value)
        self.nonnull: set[int] = set()
        self.bools: dict[int, bool] = {}        # id -> truth proved by guard_true/false
        self.length: dict[int, tuple] = {}      # id -> _key of its length
        # _key(dict or type) -> _key of its version (constants are the common case)
        self.dict_version: dict[tuple, tuple] = {}
        self.type_version: dict[tuple, tuple] = {}
        k = label_index(self.trace)
        self.body_effects = any(runs_code(op) for op in self.trace.ops[k + 1:])

    # -- what is known -----------------------------------------------------------

    def known_class(self, v):
        if isinstance(v, Const):
            t = type(v.value)
            return t if class_is_fixed(t) else None
        return self.cls.get(id(v))

    def _class_now(self, v):
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
            self.cls[id(v)] = t
            if t is not object:     # an object() sentinel could stand for NULL
                self.nonnull.add(id(v))

    def forget_mutable(self):
        """An op with effects ran: versions, list lengths, user-object classes may differ."""
        self.dict_version.clear()
        self.type_version.clear()
        self.length = {k: n for k, n in self.length.items() if self.cls.get(k) is tuple}
        self.cls = {k: t for k, t in self.cls.items() if class_is_fixed(t)}

    def enter_body(self, label):
        if self.body_effects:
            self.forget_mutable()
        keep = {k for k in self.before_label if not self.varies(k)}
        for facts in (self.cls, self.value, self.bools, self.length):
            for k in [k for k in facts if k not in keep]:
                del facts[k]
        for facts in (self.dict_version, self.type_version):
            for k in [k for k in facts if not (k[0] or k[1] in keep)]:
                del facts[k]
        self.nonnull &= keep

    def default(self, op):
        self.emit(op)
        if runs_code(op):
            self.forget_mutable()

    # -- class and value guards --------------------------------------------------

    def optimize_guard_class(self, op):
        p, t = op.args
        if not isinstance(t, Const):
            return self.emit(op)
        known = self.known_class(p)
        if known is t.value:
            return
        self.emit(op)
        if known is None:
            self.learn_class(p, t.value)

    def optimize_guard_value(self, op):
        p, c = op.args
        if not isinstance(c, Const):
            return self.emit(op)
        known, obj = self.known_value(p)
        if known and obj is c.value:
            return
        self.emit(op)
        if not known and not isinstance(p, Const):
            self.value[id(p)] = c.value
            self.nonnull.add(id(p))
            if class_is_fixed(type(c.value)):
                self.learn_class(p, type(c.value))

    def optimize_const_ref(self, op):
        self.emit(op)                       # a reference to the constant it reads
        self.value[id(op)] = op.args[0].value
        self.nonnull.add(id(op))

    def optimize_guard_nonnull(self, op):
        p = op.args[0]
        if isinstance(p, Const) or id(p) in self.nonnull:
            return
        self.emit(op)
        self.nonnull.add(id(p))

    # -- branch guards -------------------------------------------------------------

    def _bool_guard(self, op, expect: bool):
        b = op.args[0]
        if isinstance(b, Const):
            if b.value is expect:
                return
            return self.emit(op)    # always fails: stays
        if self.bools.get(id(b)) is expect:
            return
        self.emit(op)
        self.bools.setdefault(id(b), expect)

    def optimize_guard_true(self, op):
        self._bool_guard(op, True)

    def optimize_guard_false(self, op):
        self._bool_guard(op, False)

    # -- length and version guards ---------------------------------------------------

    def _dup_guard(self, op, facts, key):
        p, n = op.args
        if facts.get(key(p)) == _key(n):
            return
        self.emit(op)
        facts[key(p)] = _key(n)

    def optimize_guard_len(self, op):
        if isinstance(op.args[0], Const):
            return self.emit(op)    # a constant list's length: constfold's business
        self._dup_guard(op, self.length, id)

    def optimize_guard_dict_version(self, op):
        self._dup_guard(op, self.dict_version, _key)

    def optimize_guard_type_version(self, op):
        self._dup_guard(op, self.type_version, _key)

    # -- values of known class by construction ------------------------------------------

    def optimize_unbox_int(self, op):
        self.emit(op)                       # passing it proves an exact int
        self.learn_class(op.args[0], int)

    def optimize_box_int(self, op):
        self.emit(op)
        self.learn_class(op, int)

    def optimize_box_float(self, op):
        self.emit(op)
        self.learn_class(op, float)

    def optimize_box_bool(self, op):
        self.emit(op)
        self.learn_class(op, bool)

    def optimize_build_tuple(self, op):
        self.emit(op)
        self.learn_class(op, tuple)
        self.length[id(op)] = _key(Const(len(op.args), "i"))

    def optimize_build_list(self, op):
        self.emit(op)
        self.learn_class(op, list)
        self.length[id(op)] = _key(Const(len(op.args), "i"))

    # -- identity decided by knowledge ----------------------------------------------------

    def optimize_ptr_eq(self, op):
        a, b = op.args
        result = None
        if _key(a) == _key(b):
            result = True
        else:
            ka, va = self.known_value(a)
            kb, vb = self.known_value(b)
            if ka and kb:
                result = va is vb
            else:
                # a constant's class as it is now: it cannot become (or stop
                # being) a fixed class, so a difference with a fixed class decides
                ta, tb = self._class_now(a), self._class_now(b)
                if ta is not None and tb is not None and ta is not tb \
                        and (class_is_fixed(ta) or class_is_fixed(tb)):
                    result = False
        if result is None or not self.make_equal_to(op, const_bool(result)):
            self.emit(op)
