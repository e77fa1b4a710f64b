"""The opcode table (pyjit.opcodes) against the host's own ``opcode`` and ``dis``.

Every fact the table declares is compared with CPython 3.11's: numbers, inline
cache sizes, jump kinds, what the oparg indexes, stack effects and the PEP 659
families.  A wrong entry fails here instead of silently miscomputing.
"""

import collections
import dis
import inspect
import opcode

import pytest

from pyjit import opcodes as O
from pyjit.opcodes import Arg, Jump

TABLE = O._TABLE
BY_NAME = {info.name: info for info in TABLE}
# opargs exercised for stack effects: small counts, every flag-word bit pattern
# of 4 bits, byte boundaries (EXTENDED_ARG) and a wide value
ARGS = list(range(0, 20)) + [31, 127, 255, 256, 257, 0x1234, 0xFFFF, 0x10203]


# ---------------------------------------------------------------------------
# names and numbers

def test_every_host_opcode_is_in_the_table_with_the_same_number():
    for name, code in opcode.opmap.items():
        assert name in BY_NAME, name
        assert BY_NAME[name].code == code, name


def test_table_declares_nothing_the_host_does_not_have():
    for info in TABLE:
        assert opcode.opmap.get(info.name) == info.code, info.name
        assert opcode.opname[info.code] == info.name


def test_nothing_declared_twice():
    names = [info.name for info in TABLE]
    codes = [info.code for info in TABLE]
    assert [n for n, c in collections.Counter(names).items() if c > 1] == []
    assert [n for n, c in collections.Counter(codes).items() if c > 1] == []
    family_members = [spec for info in TABLE for spec in info.family]
    assert [n for n, c in collections.Counter(family_members).items() if c > 1] == []
    assert not set(family_members) & set(names)  # a specialized form is never a base op


def test_derived_tables():
    assert len(O.BY_CODE) == 256 and len(O.CACHE_ENTRIES) == 256
    assert O.OPS == BY_NAME
    for code in range(256):
        info = O.BY_CODE[code]
        if opcode.opname[code].startswith("<"):
            assert info is None, code
        else:
            assert info is not None and info.code == code and info.name == opcode.opname[code]
        assert O.CACHE_ENTRIES[code] == (info.cache if info else 0)
    for info in TABLE:  # module-level constants: opcodes.LOAD_FAST == 124
        assert getattr(O, info.name) == info.code
    assert O.HAVE_ARGUMENT == opcode.HAVE_ARGUMENT
    assert O.NUM_OPCODES == 256


def test_table_is_in_opcode_order():
    codes = [info.code for info in TABLE]
    assert codes == sorted(codes)


# ---------------------------------------------------------------------------
# inline caches

def test_cache_entries_match_host():
    for code in range(256):
        assert O.CACHE_ENTRIES[code] == opcode._inline_cache_entries[code], opcode.opname[code]


def test_cache_entries_match_host_cache_format():
    for name, fmt in opcode._cache_format.items():
        assert BY_NAME[name].cache == sum(fmt.values()), name
    for info in TABLE:
        if info.cache:
            assert info.name in opcode._cache_format, info.name


# ---------------------------------------------------------------------------
# jump kind and argument kind

def test_relative_jumps():
    assert opcode.hasjabs == []  # 3.11 has only relative jumps
    jumps = {info.code for info in TABLE if info.jump is not Jump.NONE}
    assert jumps == set(opcode.hasjrel)
    for info in TABLE:
        if info.jump is Jump.NONE:
            continue
        backward = "JUMP_BACKWARD" in info.name  # dis._is_backward_jump
        assert info.jump is (Jump.BACKWARD if backward else Jump.FORWARD), info.name
        assert info.arg is Arg.JUMP, info.name
        assert info.cache == 0, info.name  # targets are relative to the next unit


def test_argument_kinds_match_dis_lists():
    def codes(*kinds):
        return {info.code for info in TABLE if info.arg in kinds}

    assert codes(Arg.CONST) == set(opcode.hasconst)
    assert codes(Arg.NAME, Arg.GLOBAL) == set(opcode.hasname)
    assert codes(Arg.GLOBAL) == {opcode.opmap["LOAD_GLOBAL"]}
    assert codes(Arg.LOCAL) == set(opcode.haslocal)
    assert codes(Arg.FREE) == set(opcode.hasfree)
    assert codes(Arg.COMPARE) == set(opcode.hascompare)
    assert codes(Arg.JUMP) == set(opcode.hasjrel)
    assert codes(Arg.BINOP) == {opcode.opmap["BINARY_OP"]}
    assert codes(Arg.FORMAT) == {opcode.opmap["FORMAT_VALUE"]}


def test_oparg_presence_matches_have_argument():
    for info in TABLE:
        if info.code < opcode.HAVE_ARGUMENT:
            assert info.arg is Arg.NONE, info.name
        else:
            assert info.arg is not Arg.NONE, info.name


def test_operator_tables():
    assert [sym for sym, _ in O.BINARY_OPS] == [sym for _, sym in opcode._nb_ops]
    assert [inplace for _, inplace in O.BINARY_OPS] == \
        ["INPLACE" in name for name, _ in opcode._nb_ops]
    assert list(O.COMPARE_OPS) == list(dis.cmp_op)


def test_binary_op_table_means_what_its_symbol_does():
    import ctypes
    for arg, b in enumerate(O.BINARY_OP_TABLE):
        plain = O.BINARY_OP_TABLE[b.base]
        assert not plain.inplace and b.symbol == plain.symbol + ("=" if b.inplace else "")
        assert b.name == plain.name and (b.int_op, b.float_op) == (plain.int_op, plain.float_op)
        # NB_* names: NB_ADD / NB_INPLACE_ADD; CPython's failure names say the same words
        assert opcode._nb_ops[arg][0] == "NB_" + "INPLACE_" * b.inplace + \
            b.name.upper().replace(" ", "_")
        assert b.capi == "PyNumber_" + "InPlace" * b.inplace + \
            b.name.title().replace(" ", "")
        assert getattr(ctypes.pythonapi, b.capi)
        if plain.symbol == "@":
            continue                 # (no builtin type implements it)
        x, y = 7, 3
        env = {"x": x, "y": y}
        if b.inplace:
            exec(f"x {b.symbol} y", env)
            assert b.function(x, y) == env["x"]
        else:
            assert b.function(x, y) == eval(f"x {b.symbol} y", env)
    for c in O.COMPARE_OP_TABLE:
        for x, y in ((1, 2), (2, 2), (3, 2)):
            assert c.function(x, y) == eval(f"x {c.symbol} y")


def test_code_flags():
    for name in ("OPTIMIZED", "NEWLOCALS", "VARARGS", "VARKEYWORDS", "NESTED", "GENERATOR",
                 "NOFREE", "COROUTINE", "ITERABLE_COROUTINE", "ASYNC_GENERATOR"):
        assert getattr(O, "CO_" + name) == getattr(inspect, "CO_" + name), name


# ---------------------------------------------------------------------------
# stack effects

def _host_effect(info, arg, jump):
    if info.code < opcode.HAVE_ARGUMENT:
        return dis.stack_effect(info.code, jump=jump)
    return dis.stack_effect(info.code, arg, jump=jump)


@pytest.mark.parametrize("info", TABLE, ids=[i.name for i in TABLE])
def test_stack_effect_matches_dis(info):
    args = ARGS if info.code >= opcode.HAVE_ARGUMENT else [0]
    checked = 0
    for arg in args:
        for jump in (True, False, None):
            try:
                expected = _host_effect(info, arg, jump)
            except ValueError:  # dis does not define it for this op/arg
                continue
            if jump is None:  # dis: the maximum over both branches
                got = max(info.stack_effect(arg, True), info.stack_effect(arg, False))
            else:
                got = info.stack_effect(arg, jump)
            assert got == expected, (info.name, arg, jump)
            checked += 1
    assert checked > 0, f"dis defines no stack effect for {info.name}"


def test_stack_effect_of_branches_differ_where_dis_says_so():
    # the branch-dependent ones must really be functions of `jump`
    for info in TABLE:
        arg = 3
        host_differs = _host_effect(info, arg, True) != _host_effect(info, arg, False) \
            if info.code >= opcode.HAVE_ARGUMENT else False
        ours_differ = info.stack_effect(arg, True) != info.stack_effect(arg, False)
        assert host_differs == ours_differ, info.name


def test_stack_effect_default_arguments():
    assert O.OPS["POP_TOP"].stack_effect() == -1
    assert O.OPS["BUILD_TUPLE"].stack_effect(3) == -2
    assert O.OPS["FOR_ITER"].stack_effect(5, jump=False) == 1


# ---------------------------------------------------------------------------
# PEP 659 families

def test_families_match_host_specializations():
    for info in TABLE:
        host = opcode._specializations.get(info.name, [])
        assert list(info.family) == list(host), info.name
    assert sorted(spec for info in TABLE for spec in info.family) == \
        sorted(opcode._specialized_instructions)


def test_specialized_forms_have_no_number_clash_with_base_ops():
    # dis numbers specialized forms into the unused slots; none may be a base opcode
    for spec in opcode._specialized_instructions:
        slot = dis._all_opmap[spec]
        assert O.BY_CODE[slot] is None, spec
