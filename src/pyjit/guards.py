"""Guard kinds: what a specialized form checks before it acts, each defined once.

A specialized form (``pyjit.opcodes.SPECIALIZED``) declares its guards as data:
``Guard(kind, operands, param, fields)`` -- a kind from :data:`KINDS`, the
instruction operands it tests (named per family in :data:`OPERANDS`: ``left``,
``owner``, ``callable``...), a constant of the form (``int`` for
BINARY_OP_ADD_INT) and, for kinds that occur twice in one cache, the prefix of
the cache fields it reads (``globals_``/``builtins_``).  Each kind is

* one **test**: a Python expression over ``{operand}``s, ``{param}`` and the
  cache ``{field}``s it reads; from it come the **check** the specialize loop
  and its table forms run (:data:`CHECK`: per form, one function compiled from
  the conjunction of its guards' tests at import, ``check(cache, *operands)``)
  and the **source** blocks write inline (:func:`source`: the same test over
  the block's own names, the cache's values as constants);
* one **IR emitter** (:func:`emit_ir`): the trace guards that hold the same
  facts for tier jit's recorder (``guard_class``, ``guard_type_version``...),
  written against a small builder so that this module needs nothing of
  ``pyjit.jit``.

Forms whose action is the generic operation check their guards only for
``--stats``; forms whose action relies on them (cached methods, frames pushed
directly, builtins called at PRECALL) always do.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import re
import types
from typing import Callable, NamedTuple

from . import codecache
from . import opcodes as O
from .function import Function
from .null import NULL


class Kind(NamedTuple):
    name: str
    operands: int      # how many operands the test reads: {o}, then {o2}
    fields: tuple      # cache fields it reads (after the use's prefix)
    test: str          # Python source of the condition
    ir: Callable       # ir(b, values, live, fields, param): emit the IR guards
    doc: str = ""


# ---------------------------------------------------------------------------
# IR emitters.  ``b`` is the recorder's builder: ``b.guard(opname, args)``,
# ``b.ptr(obj)`` (a constant object), ``b.num(n)`` (a constant int); ``vals``
# the operands' IR values, ``live`` their values now, ``c`` the fields read
# (a dict), ``param`` the form's constant.  An emitter returning False cannot
# express its guard in IR (the recorder then guards otherwise or aborts).

def _ir_exact(b, vals, live, c, param):
    b.guard("guard_class", [vals[0], b.ptr(param)])


def _ir_type_version(b, vals, live, c, param):
    t = type(live[0])
    b.guard("guard_class", [vals[0], b.ptr(t)])
    b.guard("guard_type_version", [b.ptr(t), b.num(c["type_version"])])


def _ir_class_version(b, vals, live, c, param):
    cls = live[0]
    b.guard("guard_value", [vals[0], b.ptr(cls)])
    b.guard("guard_type_version", [b.ptr(cls), b.num(c["type_version"])])


def _ir_module_version(b, vals, live, c, param):
    mod = live[0]
    b.guard("guard_value", [vals[0], b.ptr(mod)])
    b.guard("guard_dict_version", [b.ptr(mod.__dict__), b.num(c["dict_version"])])


def _ir_dict_version(b, vals, live, c, param):
    # the frame's globals/builtins: the trace holds them as constants already
    b.guard("guard_dict_version", [b.ptr(live[0]), b.num(c["version"])])


def _ir_is(b, vals, live, c, param):
    b.guard("guard_value", [vals[0], b.ptr(c["callable"])])


def _ir_len(b, vals, live, c, param):
    b.guard("guard_len", [vals[0], b.num(live[1])])


def _ir_identity(b, vals, live, c, param):
    # the function (or class) itself: its code, defaults and arity are then facts
    b.guard("guard_value", [vals[0], b.ptr(live[0])])


def _ir_implied(b, vals, live, c, param):
    """Implied by the guards before it (a function or class guarded by identity,
    whose code, defaults and ``__init__`` cannot change without the version or
    the invalidation of every trace: ``function._changed``)."""


def _ir_none(b, vals, live, c, param):
    return False


# ---------------------------------------------------------------------------
# the kinds

KINDS = {k.name: k for k in (
    Kind("EXACT", 1, (), "type({o}) is {param}", _ir_exact,
         "the operand's type is exactly the form's (no subclass)"),
    Kind("TYPE_VERSION", 1, ("type_id", "type_version_reader", "type_version"),
         "id(type({o})) == {type_id} and {type_version_reader}.value == {type_version}",
         _ir_type_version,
         "the operand's type is the one seen, unchanged since (its tp_version_tag)"),
    Kind("NOT_IN_DICT", 2, (), "NotShadowed({o}, {o2})", _ir_none,
         "the name (second operand) does not shadow the method in the instance dict"),
    Kind("CLASS_VERSION", 1, ("class_id", "type_version_reader", "type_version"),
         "id({o}) == {class_id} and {type_version_reader}.value == {type_version}",
         _ir_class_version, "the operand is the class seen, unchanged since"),
    Kind("MODULE_VERSION", 1, ("module_id", "dict_id", "dict_version_reader", "dict_version"),
         "id({o}) == {module_id} and type({o}) is ModuleType and id({o}.__dict__) == {dict_id}"
         " and {dict_version_reader}.value == {dict_version}", _ir_module_version,
         "the operand is the module seen, its dict unchanged since"),
    Kind("DICT_VERSION", 1, ("id", "version_reader", "version"),
         "id({o}) == {id} and {version_reader}.value == {version}", _ir_dict_version,
         "the namespace dict is the one seen, unchanged since (ma_version_tag)"),
    Kind("IS", 1, ("callable",), "{o} is {callable}", _ir_is,
         "the operand is the cached object"),
    Kind("IS_NULL", 1, (), "{o} is NULL", _ir_none, "the stack slot holds NULL"),
    Kind("CALLS", 2, ("callable",),
         "{o} is {callable} or ({o} is NULL and {o2} is {callable})", _ir_none,
         "the call's callable is the cached one, below its self or above a NULL"),
    Kind("LEN", 2, (), "len({o}) == {o2}", _ir_len, "the sequence has the count's length"),
    Kind("FUNCTION_CODE", 1, ("code",), "type({o}) is Function and {o}.code is {code}",
         _ir_identity, "a VM function with the code seen (closures made in a loop share it)"),
    Kind("ARITY", 1, ("code",), "{o} == {code}.co_argcount", _ir_implied,
         "as many positional arguments as the code's parameters"),
    Kind("DEFAULTS_COVER", 2, ("code",),
         "{o}.defaults is not None and {code}.co_argcount - len({o}.defaults) <= {o2} "
         "<= {code}.co_argcount", _ir_implied,
         "the function's defaults supply the parameters missing from the arguments"),
    Kind("REF_CODE", 0, ("ref", "code"), "{ref}().code is {code}", _ir_implied,
         "the (weakly cached) function still has the code seen"),
)}

# What each family's guards may test, in the order checks take them: the
# instruction's stack operands (``below``: CALL's slot under the callable, NULL
# or -- with a self -- the callable itself; ``first``/``second``: PRECALL's two
# slots under the arguments), the frame's namespaces, the attribute name, the
# oparg (``count``), the positional arguments (``nargs``).
OPERANDS = {
    "BINARY_OP": ("left", "right"),
    "COMPARE_OP": ("left", "right"),
    "BINARY_SUBSCR": ("container", "sub"),
    "STORE_SUBSCR": ("container", "sub"),
    "LOAD_ATTR": ("owner",),
    "STORE_ATTR": ("owner",),
    "LOAD_METHOD": ("owner", "name"),
    "LOAD_GLOBAL": ("globals", "builtins"),
    "FOR_ITER": ("iterator",),
    "UNPACK_SEQUENCE": ("seq", "count"),
    "CALL": ("callable", "below", "nargs"),
    "PRECALL": ("first", "second"),
}
# What tests name besides operands, fields and builtins (type, id, len).
def NotShadowed(o, name):
    """``name not in o.__dict__``.  Under tier jit without materializing an
    instance's managed dict (reading ``o.__dict__`` does, and the recorder's
    fast paths for the object's attributes and methods need its inline values:
    ``layout.in_inline_values``, ~5x the cost of the dict lookup, so only there:
    tier jit sets ``KEEP_INLINE_VALUES``)."""
    if KEEP_INLINE_VALUES:
        found = _in_values(o, name)
        if found is not None:
            return not found
    return name not in o.__dict__


KEEP_INLINE_VALUES = False
_FLAGS = __import__("__future__").annotations.compiler_flag   # (compile() inherited it here)


def keep_inline_values():
    """Tier jit: the checks read instances' inline values, not their ``__dict__``."""
    global KEEP_INLINE_VALUES, _in_values
    from pyjit.jit.llvm.layout import in_inline_values as _in_values   # (ctypes only)
    KEEP_INLINE_VALUES = True


_in_values = None
_NAMESPACE = {"ModuleType": types.ModuleType, "Function": Function, "NULL": NULL,
              "NotShadowed": NotShadowed, "__builtins__": __builtins__}
_OTHER_NAMES = re.compile(r"\b(ModuleType|Function|NotShadowed)\b")
_FIELD = re.compile(r"\{(\w+)\}")


def _fill(kind, guard, operand, field, param):
    """The kind's test with ``{o}``/``{o2}`` from ``operand(name)``, each cache field
    from ``field(prefixed name)``, ``{param}`` from ``param()``."""
    ops = guard.operands

    def one(m):
        name = m.group(1)
        if name == "o":
            return operand(ops[0])
        if name == "o2":
            return operand(ops[1])
        if name == "param":
            return param()
        assert name in kind.fields, (kind.name, name)
        return field(guard.fields + name)
    return _FIELD.sub(one, kind.test)


# ---------------------------------------------------------------------------
# checks, compiled at import (one compile for all forms: start-up time)

def _check_source(form, consts):
    """``def check_<FORM>(c, <operands>): return <the guards' tests>``; the form's
    constants go into ``consts`` under names the source uses."""
    operands = OPERANDS[form.base]
    tests = []
    for g in form.guards:
        def param(g=g):
            name = f"p{len(consts)}"
            consts[name] = g.param
            return name
        tests.append("(" + _fill(KINDS[g.kind], g, lambda n: n,
                                 lambda f: f"c[{form.cache.index(f)}]", param) + ")")
    return f"def check_{form.name}(c, {', '.join(operands)}):\n    return {' and '.join(tests)}\n"


def _compile_checks():
    """Every form's check, compiled together (one compile: start-up time)."""
    ns = dict(_NAMESPACE)
    forms = [form for form in O.SPECIALIZED if form.guards]
    src = "".join(_check_source(form, ns) for form in forms)
    exec(codecache.compiled(src, "<pyjit.guards checks>", _FLAGS), ns)   # (kept: start-up time)
    table = [None] * 256
    for form in forms:
        table[form.code] = ns[f"check_{form.name}"]
    return table


def _check_declarations():
    for form in O.SPECIALIZED:
        operands = OPERANDS.get(form.base, ())
        for g in form.guards:
            kind = KINDS.get(g.kind)
            assert kind is not None, f"{form.name}: no guard kind {g.kind}"
            assert len(g.operands) == kind.operands, (form.name, g)
            assert set(g.operands) <= set(operands), (form.name, g, operands)
            for f in kind.fields:
                assert g.fields + f in form.cache, f"{form.name} caches no {g.fields + f}"
            assert ("{param}" in kind.test) == (g.param is not None), (form.name, g)


_check_declarations()
# specialized opcode -> check(cache, *operands of its family), for forms with guards
CHECK = _compile_checks()


# ---------------------------------------------------------------------------
# block source and IR

def source(op, names, const, cache):
    """The guards of form ``op`` as a Python condition for a block: ``names`` maps
    the family's operands to source (the block's locals), ``const(value)`` makes
    a constant (a literal or a closure name); ``cache`` is the form's cache."""
    form = O.FORM_BY_CODE[op]
    tests = []
    for g in form.guards:
        tests.append("(" + _fill(KINDS[g.kind], g, names.__getitem__,
                                 lambda f: const(cache[form.cache.index(f)]),
                                 lambda g=g: const(g.param)) + ")")
    # (blocks have NULL; the other names tests use become the block's constants)
    return _OTHER_NAMES.sub(lambda m: const(_NAMESPACE[m.group(1)]), " and ".join(tests))


def emit_ir(op, b, vals, live, cache):
    """Emit the IR guards of form ``op`` for operands ``vals`` (IR values, in the
    family's order) whose values are ``live`` now; False if some guard has no IR
    form (see the emitters above)."""
    form = O.FORM_BY_CODE[op]
    operands = OPERANDS[form.base]
    for g in form.guards:
        kind = KINDS[g.kind]
        idx = [operands.index(n) for n in g.operands]
        c = {f: cache[form.cache.index(g.fields + f)] for f in kind.fields}
        if kind.ir(b, [vals[i] for i in idx], [live[i] for i in idx], c, g.param) is False:
            return False
    return True
