"""Guard kinds (pyjit.guards): each specialized form's guards, declared once in the
opcode table, give the loop's check, the blocks' source and the JIT's IR guards;
here the three agree on operands that pass and operands that fail, and the IR
they emit is valid trace IR (ops of pyjit.jit.ir, guards, with their operand
counts)."""

import types
import weakref

import pytest

from pyjit import guards, opcodes as O
from pyjit.function import Function
from pyjit.jit import ir
from pyjit.null import NULL
from pyjit.specialize.versions import dict_version_reader, type_version, type_version_reader


class C:
    def __init__(self):
        self.x = 1

    def m(self):
        return 1


class D:
    pass


class Slotted:
    __slots__ = ("a",)


def _type_cache(t, *more):
    type_version(t)  # (assigns a version tag if the type has none yet)
    r = type_version_reader(t)
    return (id(t), r, r.value) + more


def _dict_cache(d):
    r = dict_version_reader(d)
    return (id(d), r, r.value)


def _vm_function(src, name, defaults=None):
    g = {"__builtins__": __builtins__}
    code = compile(src, "<guards>", "exec")
    fcode = next(c for c in code.co_consts if isinstance(c, types.CodeType) and c.co_name == name)
    return Function(fcode, g, defaults=defaults)


_F2 = _vm_function("def f(a, b): pass", "f")
_F2D = _vm_function("def f(a, b=1, c=2): pass", "f", defaults=(1, 2))
_INIT = _vm_function("def __init__(self, a): pass", "__init__")


class WithInit:
    pass


WithInit.__init__ = _INIT
_GLOBALS = {"a": 1}
_BUILTINS = {"len": len}
_MOD = types.ModuleType("m")


def _samples():
    """(form name, cache, operands that pass, operands that fail)."""
    c = C()
    shadowed = C()
    shadowed.__dict__["m"] = 0
    yield "BINARY_OP_ADD_INT", None, (1, 2), (1, 2.0)
    yield "BINARY_OP_ADD_FLOAT", None, (1.0, 2.0), (True, 2.0)
    yield "COMPARE_OP_STR_JUMP", (False, 9), ("a", "b"), ("a", b"b")
    yield "BINARY_SUBSCR_LIST_INT", None, ([1], 0), ((1,), 0)
    yield "BINARY_SUBSCR_DICT", None, ({}, "k"), ([], 0)
    yield "STORE_SUBSCR_LIST_INT", None, ([1], 0), ([1], True)
    yield "FOR_ITER_RANGE", None, (iter(range(3)),), (iter([]),)
    yield "UNPACK_SEQUENCE_TUPLE", None, ((1, 2, 3), 3), ((1, 2), 3)
    yield "UNPACK_SEQUENCE_LIST", None, ([1, 2], 2), ((1, 2), 2)
    yield "LOAD_ATTR_INSTANCE_VALUE", _type_cache(C), (c,), (D(),)
    yield "LOAD_ATTR_SLOT", _type_cache(Slotted), (Slotted(),), (c,)
    yield "STORE_ATTR_INSTANCE_VALUE", _type_cache(C), (c,), (D(),)
    yield "LOAD_ATTR_CLASS", _type_cache(C), (C,), (D,)
    d = _MOD.__dict__
    r = dict_version_reader(d)
    yield "LOAD_ATTR_MODULE", (id(_MOD), id(d), r, r.value), (_MOD,), (types,)
    yield "LOAD_METHOD_WITH_VALUES", _type_cache(C, weakref.ref(C.m), True), (c, "m"), \
        (shadowed, "m")
    yield "LOAD_METHOD_NO_DICT", _type_cache(C, weakref.ref(C.m), True), (c, "m"), ("s", "m")
    yield "LOAD_GLOBAL_MODULE", _dict_cache(_GLOBALS), (_GLOBALS, _BUILTINS), \
        ({"a": 1}, _BUILTINS)
    yield "LOAD_GLOBAL_BUILTIN", _dict_cache(_GLOBALS) + _dict_cache(_BUILTINS), \
        (_GLOBALS, _BUILTINS), (_GLOBALS, {"len": len})
    yield "PRECALL_NO_KW_LEN", (len,), (NULL, len), (NULL, str)
    yield "PRECALL_NO_KW_LIST_APPEND", (list.append,), (list.append, []), (list.append, ())
    yield "PRECALL_BUILTIN_CLASS", (int,), (NULL, int), (NULL, str)
    yield "PRECALL_NO_KW_METHOD_DESCRIPTOR_FAST", (str.split,), (str.split, "a b"), (NULL, "x")
    yield "PRECALL_BOUND_METHOD", None, (NULL, c.m), (NULL, C.m)
    yield "CALL_PY_EXACT_ARGS", (_F2.code,), (_F2, NULL, 2), (_F2, NULL, 3)
    yield "CALL_PY_WITH_DEFAULTS", (_F2D.code,), (_F2D, NULL, 2), (_F2, NULL, 2)
    yield "CALL_ALLOC_AND_ENTER_INIT", _type_cache(WithInit, weakref.ref(_INIT), _INIT.code), \
        (WithInit, NULL, 1), (WithInit, WithInit, 1)
    yield "BINARY_SUBSCR_GETITEM", _type_cache(C, weakref.ref(_F2), _F2.code), (c, 0), (D(), 0)


SAMPLES = list(_samples())


def _block_source_value(op, cache, operands):
    """Evaluate the blocks' source of ``op``'s guards with the operands in locals."""
    form = O.FORM_BY_CODE[op]
    names = {n: f"v{i}" for i, n in enumerate(guards.OPERANDS[form.base])}
    consts = {}

    def const(value):
        name = f"k{len(consts)}"
        consts[name] = value
        return name
    src = guards.source(op, names, const, cache)
    env = dict(consts, NULL=NULL)
    env.update({f"v{i}": v for i, v in enumerate(operands)})
    return eval(compile(src, "<block guard>", "eval"), env)


@pytest.mark.parametrize("name,cache,good,bad", SAMPLES, ids=[s[0] for s in SAMPLES])
def test_check_and_block_source_agree(name, cache, good, bad):
    op = O.SPEC[name].code
    check = guards.CHECK[op]
    assert check(cache, *good) is True
    assert not check(cache, *bad)
    assert _block_source_value(op, cache, good) is True
    assert not _block_source_value(op, cache, bad)


def test_a_changed_version_fails_the_guards():
    class E:
        pass
    e = E()
    op = O.LOAD_ATTR_INSTANCE_VALUE
    cache = _type_cache(E)
    assert guards.CHECK[op](cache, e)
    E.y = 1  # (any change to the type: a new version tag)
    assert not guards.CHECK[op](cache, e)
    assert not _block_source_value(op, cache, (e,))
    g = {"a": 1}
    op = O.LOAD_GLOBAL_MODULE
    cache = _dict_cache(g)
    assert guards.CHECK[op](cache, g, _BUILTINS)
    g["b"] = 2
    assert not guards.CHECK[op](cache, g, _BUILTINS)


def test_every_form_with_guards_has_a_check_and_only_those():
    for form in O.SPECIALIZED:
        assert (guards.CHECK[form.code] is not None) == bool(form.guards), form.name
    # the forms whose action relies on their guards declare some
    for name in ("LOAD_METHOD_WITH_VALUES", "CALL_PY_EXACT_ARGS", "PRECALL_NO_KW_LEN",
                 "CALL_ALLOC_AND_ENTER_INIT", "BINARY_SUBSCR_GETITEM"):
        assert O.SPEC[name].guards, name


class _Builder:
    """The recorder's side of guards.emit_ir, checking each op against ir.OPS."""

    def __init__(self):
        self.ops = []

    def guard(self, name, args):
        opdef = ir.OPS[name]
        assert opdef.guard, name
        assert len(args) == len(opdef.args), (name, args)
        for kind, a in zip(opdef.args, args):
            assert a[0] == kind, (name, a)
        self.ops.append(name)

    def ptr(self, obj):
        return ("r", obj)

    def num(self, n):
        assert type(n) is int
        return ("i", n)


@pytest.mark.parametrize("name,cache,good,bad", SAMPLES, ids=[s[0] for s in SAMPLES])
def test_ir_emitters_write_valid_guards(name, cache, good, bad):
    op = O.SPEC[name].code
    b = _Builder()
    vals = [("r", f"p{i}") for i in range(len(good))]
    emitted = guards.emit_ir(op, b, vals, good, cache)
    form = O.SPEC[name]
    kinds = {g.kind for g in form.guards}
    if emitted:
        assert b.ops, name
    else:  # a kind with no IR form (the recorder guards another way or aborts)
        assert kinds & {"NOT_IN_DICT", "IS_NULL", "CALLS"}, (name, kinds)
    if "TYPE_VERSION" in kinds and emitted:
        assert b.ops[:2] == ["guard_class", "guard_type_version"]
    if "EXACT" in kinds and emitted:
        assert "guard_class" in b.ops
