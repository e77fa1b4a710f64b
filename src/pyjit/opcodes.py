"""The opcode table: every CPython 3.11 instruction declared once.

This is pyjit's single source of truth about bytecode (as CPython's
``Python/bytecodes.c`` is for CPython 3.12+).  The decoder, both interpreter
tiers, ``pyjit dis``, the specializer and the JIT recorder all read it.  A test
(``tests/test_opcodes.py``) checks every field against the host's ``opcode``
and ``dis`` modules, so a wrong entry fails loudly instead of miscomputing.

Each entry says:

* ``name``/``code``  -- as in ``opcode.opmap``;
* ``cache``          -- inline CACHE code units that follow the instruction;
* ``effect``         -- net stack effect: an int, or ``f(arg, jump)`` where
  ``jump`` is True/False for the taken/not-taken branch;
* ``jump``           -- ``Jump.FORWARD``/``Jump.BACKWARD`` for relative jumps
  (target = next unit after the caches +/- arg), else ``Jump.NONE``;
* ``arg``            -- what the oparg indexes: ``Arg.CONST``/``NAME``/``LOCAL``/
  ``FREE`` (localsplus index)/``COMPARE``/``BINOP``/...;
* ``family``         -- the specialized forms CPython 3.11 quickens it into
  (PEP 659); tier specialize owns their cache layouts.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.id = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import enum
import operator
import sys
import types
from typing import Callable, NamedTuple, Union

if sys.version_info[:2] != (3, 11):  # opcode numbers and semantics are per-version
    raise ImportError(
        f"pyjit runs CPython 3.11 bytecode; this is Python {sys.version_info[0]}.{sys.version_info[1]}"
    )


class Jump(enum.Enum):
    NONE = 0
    FORWARD = 1
    BACKWARD = 2


class Arg(enum.Enum):
    NONE = "none"      # oparg unused (always 0)
    INT = "int"        # a count or flag word
    CONST = "const"    # index into co_consts
    NAME = "name"      # index into co_names
    GLOBAL = "global"  # co_names[arg >> 1]; low bit: push NULL first
    LOCAL = "local"    # index into co_varnames (fast locals)
    FREE = "free"      # index into localsplus (cells and free variables)
    COMPARE = "compare"  # index into dis.cmp_op
    BINOP = "binop"    # index into BINARY_OP's operator table
    JUMP = "jump"      # relative jump distance in code units
    FORMAT = "format"  # FORMAT_VALUE conversion/spec flags


Effect = Union[int, Callable[[int, bool], int]]


class OpInfo(NamedTuple):
    name: str
    code: int
    effect: Effect
    cache: int = 0
    jump: Jump = Jump.NONE
    arg: Arg = Arg.NONE
    family: tuple = ()

    def stack_effect(self, arg: int = 0, jump: bool = False) -> int:
        e = self.effect
        return e if isinstance(e, int) else e(arg, jump)


def _popcount4(arg, jump):
    return -bin(arg & 0x0F).count("1")


F, B = Jump.FORWARD, Jump.BACKWARD

# name, code, effect, cache, jump, arg, family
_TABLE = [
    OpInfo("CACHE", 0, 0),
    OpInfo("POP_TOP", 1, -1),
    OpInfo("PUSH_NULL", 2, 1),
    OpInfo("NOP", 9, 0),
    OpInfo("UNARY_POSITIVE", 10, 0),
    OpInfo("UNARY_NEGATIVE", 11, 0),
    OpInfo("UNARY_NOT", 12, 0),
    OpInfo("UNARY_INVERT", 15, 0),
    OpInfo("BINARY_SUBSCR", 25, -1, cache=4, family=(
        "BINARY_SUBSCR_ADAPTIVE", "BINARY_SUBSCR_DICT", "BINARY_SUBSCR_GETITEM",
        "BINARY_SUBSCR_LIST_INT", "BINARY_SUBSCR_TUPLE_INT")),
    OpInfo("GET_LEN", 30, 1),
    OpInfo("MATCH_MAPPING", 31, 1),
    OpInfo("MATCH_SEQUENCE", 32, 1),
    OpInfo("MATCH_KEYS", 33, 1),
    OpInfo("PUSH_EXC_INFO", 35, 1),
    OpInfo("CHECK_EXC_MATCH", 36, 0),
    OpInfo("CHECK_EG_MATCH", 37, 0),
    OpInfo("WITH_EXCEPT_START", 49, 1),
    OpInfo("GET_AITER", 50, 0),
    OpInfo("GET_ANEXT", 51, 1),
    OpInfo("BEFORE_ASYNC_WITH", 52, 1),
    OpInfo("BEFORE_WITH", 53, 1),
    OpInfo("END_ASYNC_FOR", 54, -2),
    OpInfo("STORE_SUBSCR", 60, -3, cache=1, family=(
        "STORE_SUBSCR_ADAPTIVE", "STORE_SUBSCR_DICT", "STORE_SUBSCR_LIST_INT")),
    OpInfo("DELETE_SUBSCR", 61, -2),
    OpInfo("GET_ITER", 68, 0),
    OpInfo("GET_YIELD_FROM_ITER", 69, 0),
    OpInfo("PRINT_EXPR", 70, -1),
    OpInfo("LOAD_BUILD_CLASS", 71, 1),
    OpInfo("LOAD_ASSERTION_ERROR", 74, 1),
    OpInfo("RETURN_GENERATOR", 75, 0),
    OpInfo("LIST_TO_TUPLE", 82, 0),
    OpInfo("RETURN_VALUE", 83, -1),
    OpInfo("IMPORT_STAR", 84, -1),
    OpInfo("SETUP_ANNOTATIONS", 85, 0),
    OpInfo("YIELD_VALUE", 86, 0),
    OpInfo("ASYNC_GEN_WRAP", 87, 0),
    OpInfo("PREP_RERAISE_STAR", 88, -1),
    OpInfo("POP_EXCEPT", 89, -1),
    OpInfo("STORE_NAME", 90, -1, arg=Arg.NAME),
    OpInfo("DELETE_NAME", 91, 0, arg=Arg.NAME),
    OpInfo("UNPACK_SEQUENCE", 92, lambda a, j: a - 1, cache=1, arg=Arg.INT, family=(
        "UNPACK_SEQUENCE_ADAPTIVE", "UNPACK_SEQUENCE_LIST", "UNPACK_SEQUENCE_TUPLE",
        "UNPACK_SEQUENCE_TWO_TUPLE")),
    OpInfo("FOR_ITER", 93, lambda a, j: -1 if j else 1, jump=F, arg=Arg.JUMP),
    OpInfo("UNPACK_EX", 94, lambda a, j: (a & 0xFF) + (a >> 8), arg=Arg.INT),
    OpInfo("STORE_ATTR", 95, -2, cache=4, arg=Arg.NAME, family=(
        "STORE_ATTR_ADAPTIVE", "STORE_ATTR_INSTANCE_VALUE", "STORE_ATTR_SLOT",
        "STORE_ATTR_WITH_HINT")),
    OpInfo("DELETE_ATTR", 96, -1, arg=Arg.NAME),
    OpInfo("STORE_GLOBAL", 97, -1, arg=Arg.NAME),
    OpInfo("DELETE_GLOBAL", 98, 0, arg=Arg.NAME),
    OpInfo("SWAP", 99, 0, arg=Arg.INT),
    OpInfo("LOAD_CONST", 100, 1, arg=Arg.CONST, family=("LOAD_CONST__LOAD_FAST",)),
    OpInfo("LOAD_NAME", 101, 1, arg=Arg.NAME),
    OpInfo("BUILD_TUPLE", 102, lambda a, j: 1 - a, arg=Arg.INT),
    OpInfo("BUILD_LIST", 103, lambda a, j: 1 - a, arg=Arg.INT),
    OpInfo("BUILD_SET", 104, lambda a, j: 1 - a, arg=Arg.INT),
    OpInfo("BUILD_MAP", 105, lambda a, j: 1 - 2 * a, arg=Arg.INT),
    OpInfo("LOAD_ATTR", 106, 0, cache=4, arg=Arg.NAME, family=(
        "LOAD_ATTR_ADAPTIVE", "LOAD_ATTR_INSTANCE_VALUE", "LOAD_ATTR_MODULE",
        "LOAD_ATTR_SLOT", "LOAD_ATTR_WITH_HINT")),
    OpInfo("COMPARE_OP", 107, -1, cache=2, arg=Arg.COMPARE, family=(
        "COMPARE_OP_ADAPTIVE", "COMPARE_OP_FLOAT_JUMP", "COMPARE_OP_INT_JUMP",
        "COMPARE_OP_STR_JUMP")),
    OpInfo("IMPORT_NAME", 108, -1, arg=Arg.NAME),
    OpInfo("IMPORT_FROM", 109, 1, arg=Arg.NAME),
    OpInfo("JUMP_FORWARD", 110, 0, jump=F, arg=Arg.JUMP),
    OpInfo("JUMP_IF_FALSE_OR_POP", 111, lambda a, j: 0 if j else -1, jump=F, arg=Arg.JUMP),
    OpInfo("JUMP_IF_TRUE_OR_POP", 112, lambda a, j: 0 if j else -1, jump=F, arg=Arg.JUMP),
    OpInfo("POP_JUMP_FORWARD_IF_FALSE", 114, -1, jump=F, arg=Arg.JUMP),
    OpInfo("POP_JUMP_FORWARD_IF_TRUE", 115, -1, jump=F, arg=Arg.JUMP),
    OpInfo("LOAD_GLOBAL", 116, lambda a, j: 1 + (a & 1), cache=5, arg=Arg.GLOBAL, family=(
        "LOAD_GLOBAL_ADAPTIVE", "LOAD_GLOBAL_BUILTIN", "LOAD_GLOBAL_MODULE")),
    OpInfo("IS_OP", 117, -1, arg=Arg.INT),
    OpInfo("CONTAINS_OP", 118, -1, arg=Arg.INT),
    OpInfo("RERAISE", 119, -1, arg=Arg.INT),
    OpInfo("COPY", 120, 1, arg=Arg.INT),
    OpInfo("BINARY_OP", 122, -1, cache=1, arg=Arg.BINOP, family=(
        "BINARY_OP_ADAPTIVE", "BINARY_OP_ADD_FLOAT", "BINARY_OP_ADD_INT",
        "BINARY_OP_ADD_UNICODE", "BINARY_OP_INPLACE_ADD_UNICODE",
        "BINARY_OP_MULTIPLY_FLOAT", "BINARY_OP_MULTIPLY_INT",
        "BINARY_OP_SUBTRACT_FLOAT", "BINARY_OP_SUBTRACT_INT")),
    OpInfo("SEND", 123, lambda a, j: -1 if j else 0, jump=F, arg=Arg.JUMP),
    OpInfo("LOAD_FAST", 124, 1, arg=Arg.LOCAL, family=(
        "LOAD_FAST__LOAD_CONST", "LOAD_FAST__LOAD_FAST")),
    OpInfo("STORE_FAST", 125, -1, arg=Arg.LOCAL, family=(
        "STORE_FAST__LOAD_FAST", "STORE_FAST__STORE_FAST")),
    OpInfo("DELETE_FAST", 126, 0, arg=Arg.LOCAL),
    OpInfo("POP_JUMP_FORWARD_IF_NOT_NONE", 128, -1, jump=F, arg=Arg.JUMP),
    OpInfo("POP_JUMP_FORWARD_IF_NONE", 129, -1, jump=F, arg=Arg.JUMP),
    OpInfo("RAISE_VARARGS", 130, lambda a, j: -a, arg=Arg.INT),
    OpInfo("GET_AWAITABLE", 131, 0, arg=Arg.INT),
    OpInfo("MAKE_FUNCTION", 132, _popcount4, arg=Arg.INT),
    OpInfo("BUILD_SLICE", 133, lambda a, j: -2 if a == 3 else -1, arg=Arg.INT),
    OpInfo("JUMP_BACKWARD_NO_INTERRUPT", 134, 0, jump=B, arg=Arg.JUMP),
    OpInfo("MAKE_CELL", 135, 0, arg=Arg.FREE),
    OpInfo("LOAD_CLOSURE", 136, 1, arg=Arg.FREE),
    OpInfo("LOAD_DEREF", 137, 1, arg=Arg.FREE),
    OpInfo("STORE_DEREF", 138, -1, arg=Arg.FREE),
    OpInfo("DELETE_DEREF", 139, 0, arg=Arg.FREE),
    OpInfo("JUMP_BACKWARD", 140, 0, jump=B, arg=Arg.JUMP, family=("JUMP_BACKWARD_QUICK",)),
    OpInfo("CALL_FUNCTION_EX", 142, lambda a, j: -2 - (a & 1), arg=Arg.INT),
    OpInfo("EXTENDED_ARG", 144, 0, arg=Arg.INT, family=("EXTENDED_ARG_QUICK",)),
    OpInfo("LIST_APPEND", 145, -1, arg=Arg.INT),
    OpInfo("SET_ADD", 146, -1, arg=Arg.INT),
    OpInfo("MAP_ADD", 147, -2, arg=Arg.INT),
    OpInfo("LOAD_CLASSDEREF", 148, 1, arg=Arg.FREE),
    OpInfo("COPY_FREE_VARS", 149, 0, arg=Arg.INT),
    OpInfo("RESUME", 151, 0, arg=Arg.INT, family=("RESUME_QUICK",)),
    OpInfo("MATCH_CLASS", 152, -2, arg=Arg.INT),
    OpInfo("FORMAT_VALUE", 155, lambda a, j: -1 if (a & 0x04) else 0, arg=Arg.FORMAT),
    OpInfo("BUILD_CONST_KEY_MAP", 156, lambda a, j: -a, arg=Arg.INT),
    OpInfo("BUILD_STRING", 157, lambda a, j: 1 - a, arg=Arg.INT),
    OpInfo("LOAD_METHOD", 160, 1, cache=10, arg=Arg.NAME, family=(
        "LOAD_METHOD_ADAPTIVE", "LOAD_METHOD_CLASS", "LOAD_METHOD_MODULE",
        "LOAD_METHOD_NO_DICT", "LOAD_METHOD_WITH_DICT", "LOAD_METHOD_WITH_VALUES")),
    OpInfo("LIST_EXTEND", 162, -1, arg=Arg.INT),
    OpInfo("SET_UPDATE", 163, -1, arg=Arg.INT),
    OpInfo("DICT_MERGE", 164, -1, arg=Arg.INT),
    OpInfo("DICT_UPDATE", 165, -1, arg=Arg.INT),
    OpInfo("PRECALL", 166, lambda a, j: -a, cache=1, arg=Arg.INT, family=(
        "PRECALL_ADAPTIVE", "PRECALL_BOUND_METHOD", "PRECALL_BUILTIN_CLASS",
        "PRECALL_BUILTIN_FAST_WITH_KEYWORDS", "PRECALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS",
        "PRECALL_NO_KW_BUILTIN_FAST", "PRECALL_NO_KW_BUILTIN_O", "PRECALL_NO_KW_ISINSTANCE",
        "PRECALL_NO_KW_LEN", "PRECALL_NO_KW_LIST_APPEND", "PRECALL_NO_KW_METHOD_DESCRIPTOR_FAST",
        "PRECALL_NO_KW_METHOD_DESCRIPTOR_NOARGS", "PRECALL_NO_KW_METHOD_DESCRIPTOR_O",
        "PRECALL_NO_KW_STR_1", "PRECALL_NO_KW_TUPLE_1", "PRECALL_NO_KW_TYPE_1",
        "PRECALL_PYFUNC")),
    OpInfo("CALL", 171, -1, cache=4, arg=Arg.INT, family=(
        "CALL_ADAPTIVE", "CALL_PY_EXACT_ARGS", "CALL_PY_WITH_DEFAULTS")),
    OpInfo("KW_NAMES", 172, 0, arg=Arg.CONST),
    OpInfo("POP_JUMP_BACKWARD_IF_NOT_NONE", 173, -1, jump=B, arg=Arg.JUMP),
    OpInfo("POP_JUMP_BACKWARD_IF_NONE", 174, -1, jump=B, arg=Arg.JUMP),
    OpInfo("POP_JUMP_BACKWARD_IF_FALSE", 175, -1, jump=B, arg=Arg.JUMP),
    OpInfo("POP_JUMP_BACKWARD_IF_TRUE", 176, -1, jump=B, arg=Arg.JUMP),
]

# ---------------------------------------------------------------------------
# Derived tables (built once; nothing else re-declares these facts)

OPS: dict[str, OpInfo] = {info.name: info for info in _TABLE}
BY_CODE: list = [None] * 256
for _info in _TABLE:
    assert BY_CODE[_info.code] is None, _info
    BY_CODE[_info.code] = _info
    globals()[_info.name] = _info.code  # opcodes.LOAD_FAST == 124, for handlers and tests
del _info

CACHE_ENTRIES = [0] * 256
for _info in _TABLE:
    CACHE_ENTRIES[_info.code] = _info.cache
del _info

# ---------------------------------------------------------------------------
# Specialized forms (tier specialize, PEP 659)
#
# CPython 3.11's forms keep 3.11's numbers (the unused opcode slots, in the
# order of opcode._specialized_instructions, as dis numbers them); pyjit's own
# extra forms take the next free slots.  A form shares its base instruction's
# argument, stack effect and inline-cache units.  ``cache`` names the fields the
# specializer stores for the form; ``guards`` are what the form checks before it
# acts, as data: each a guard kind of ``pyjit.guards`` (which turns them into the
# loop's checks, the blocks' source and the JIT's IR), the operands it tests (by
# the names ``guards.OPERANDS`` gives the family's), the form's constant it
# compares with, and the prefix of the cache fields it reads when a kind occurs
# twice.  3.11 forms pyjit never makes keep their numbers (``dis`` names them)
# with ``produced=False``: no executor may exist for them (checked by the
# specialize loop at import).

class Guard(NamedTuple):
    kind: str
    operands: tuple
    param: object = None
    fields: str = ""


def G(kind, *operands, param=None, fields=""):
    return Guard(kind, operands, param, fields)


class SpecForm(NamedTuple):
    name: str
    base: str
    cache: tuple = ()
    guards: tuple = ()
    code: int = 0  # assigned below
    produced: bool = True
    doc: str = ""


def _both(t):
    return (G("EXACT", "left", param=t), G("EXACT", "right", param=t))


# Caches hold ids, versions, code objects and weak references: never an object
# whose lifetime a program could observe (see specialize/versions.py).
_T = ("type_id", "type_version_reader", "type_version")
_C = ("class_id", "type_version_reader", "type_version")
_M = ("module_id", "dict_id", "dict_version_reader", "dict_version")
_TYPE, _CLASS, _MODULE = G("TYPE_VERSION", "owner"), G("CLASS_VERSION", "owner"), \
    G("MODULE_VERSION", "owner")
# PRECALL's stack: [first, second, args...] is [NULL, callable, ...] or
# [callable, self, ...]; the forms that call a builtin guard on the cached one.
_CALLS = (G("CALLS", "first", "second"),)
_ONE = (G("IS_NULL", "first"), G("IS", "second"))
_LIST_ITER, _TUPLE_ITER, _RANGE_ITER = type(iter([])), type(iter(())), type(iter(range(0)))
_SPECIALIZED_DECL = [
    # adaptive forms: count down, then try to specialize
    SpecForm("BINARY_OP_ADAPTIVE", "BINARY_OP"),
    SpecForm("BINARY_OP_ADD_FLOAT", "BINARY_OP", (), _both(float)),
    SpecForm("BINARY_OP_ADD_INT", "BINARY_OP", (), _both(int)),
    SpecForm("BINARY_OP_ADD_UNICODE", "BINARY_OP", (), _both(str)),
    SpecForm("BINARY_OP_INPLACE_ADD_UNICODE", "BINARY_OP", (), _both(str)),
    SpecForm("BINARY_OP_MULTIPLY_FLOAT", "BINARY_OP", (), _both(float)),
    SpecForm("BINARY_OP_MULTIPLY_INT", "BINARY_OP", (), _both(int)),
    SpecForm("BINARY_OP_SUBTRACT_FLOAT", "BINARY_OP", (), _both(float)),
    SpecForm("BINARY_OP_SUBTRACT_INT", "BINARY_OP", (), _both(int)),
    SpecForm("BINARY_SUBSCR_ADAPTIVE", "BINARY_SUBSCR"),
    SpecForm("BINARY_SUBSCR_DICT", "BINARY_SUBSCR", (), (G("EXACT", "container", param=dict),)),
    SpecForm("BINARY_SUBSCR_GETITEM", "BINARY_SUBSCR", _T + ("getitem_ref", "getitem_code"),
             (G("TYPE_VERSION", "container"), G("REF_CODE", fields="getitem_")),
             doc="__getitem__ is a VM function: a frame for it"),
    SpecForm("BINARY_SUBSCR_LIST_INT", "BINARY_SUBSCR", (),
             (G("EXACT", "container", param=list), G("EXACT", "sub", param=int))),
    SpecForm("BINARY_SUBSCR_TUPLE_INT", "BINARY_SUBSCR", (),
             (G("EXACT", "container", param=tuple), G("EXACT", "sub", param=int))),
    SpecForm("CALL_ADAPTIVE", "CALL"),
    SpecForm("CALL_PY_EXACT_ARGS", "CALL", ("code",),
             (G("FUNCTION_CODE", "callable"), G("ARITY", "nargs"))),
    SpecForm("CALL_PY_WITH_DEFAULTS", "CALL", ("code",),
             (G("FUNCTION_CODE", "callable"), G("DEFAULTS_COVER", "callable", "nargs"))),
    SpecForm("COMPARE_OP_ADAPTIVE", "COMPARE_OP"),
    SpecForm("COMPARE_OP_FLOAT_JUMP", "COMPARE_OP", ("jump_op", "target"), _both(float),
             doc="fused with the conditional jump after it"),
    SpecForm("COMPARE_OP_INT_JUMP", "COMPARE_OP", ("jump_op", "target"), _both(int),
             doc="fused with the conditional jump after it"),
    SpecForm("COMPARE_OP_STR_JUMP", "COMPARE_OP", ("jump_op", "target"), _both(str),
             doc="fused with the conditional jump after it"),
    SpecForm("EXTENDED_ARG_QUICK", "EXTENDED_ARG"),
    SpecForm("JUMP_BACKWARD_QUICK", "JUMP_BACKWARD"),
    SpecForm("LOAD_ATTR_ADAPTIVE", "LOAD_ATTR"),
    SpecForm("LOAD_ATTR_INSTANCE_VALUE", "LOAD_ATTR", _T, (_TYPE,),
             doc="no data descriptor for the name"),
    SpecForm("LOAD_ATTR_MODULE", "LOAD_ATTR", _M, (_MODULE,)),
    SpecForm("LOAD_ATTR_SLOT", "LOAD_ATTR", _T, (_TYPE,), doc="the name is a __slots__ member"),
    SpecForm("LOAD_ATTR_WITH_HINT", "LOAD_ATTR", produced=False),  # (LOAD_ATTR_INSTANCE_VALUE)
    SpecForm("LOAD_CONST__LOAD_FAST", "LOAD_CONST", doc="superinstruction"),
    SpecForm("LOAD_FAST__LOAD_CONST", "LOAD_FAST", doc="superinstruction"),
    SpecForm("LOAD_FAST__LOAD_FAST", "LOAD_FAST", doc="superinstruction"),
    SpecForm("LOAD_GLOBAL_ADAPTIVE", "LOAD_GLOBAL"),
    SpecForm("LOAD_GLOBAL_BUILTIN", "LOAD_GLOBAL", (
        "globals_id", "globals_version_reader", "globals_version", "builtins_id",
        "builtins_version_reader", "builtins_version"),
        (G("DICT_VERSION", "globals", fields="globals_"),
         G("DICT_VERSION", "builtins", fields="builtins_"))),
    SpecForm("LOAD_GLOBAL_MODULE", "LOAD_GLOBAL", (
        "globals_id", "globals_version_reader", "globals_version"),
        (G("DICT_VERSION", "globals", fields="globals_"),)),
    SpecForm("LOAD_METHOD_ADAPTIVE", "LOAD_METHOD"),
    SpecForm("LOAD_METHOD_CLASS", "LOAD_METHOD", _C, (_CLASS,)),
    SpecForm("LOAD_METHOD_MODULE", "LOAD_METHOD", _M, (_MODULE,)),
    SpecForm("LOAD_METHOD_NO_DICT", "LOAD_METHOD", _T + ("method", "method_is_weak"), (_TYPE,),
             doc="instances have no __dict__"),
    SpecForm("LOAD_METHOD_WITH_DICT", "LOAD_METHOD", produced=False),  # (LOAD_METHOD_WITH_VALUES)
    SpecForm("LOAD_METHOD_WITH_VALUES", "LOAD_METHOD", _T + ("method", "method_is_weak"),
             (_TYPE, G("NOT_IN_DICT", "owner", "name"))),
    SpecForm("PRECALL_ADAPTIVE", "PRECALL"),
    SpecForm("PRECALL_BOUND_METHOD", "PRECALL", (),
             (G("IS_NULL", "first"), G("EXACT", "second", param=types.MethodType))),
    SpecForm("PRECALL_BUILTIN_CLASS", "PRECALL", ("callable",), _CALLS,
             doc="that builtin type"),
    # (keyword calls are never specialized at PRECALL: CALL's generic path binds them)
    SpecForm("PRECALL_BUILTIN_FAST_WITH_KEYWORDS", "PRECALL", produced=False),
    SpecForm("PRECALL_METHOD_DESCRIPTOR_FAST_WITH_KEYWORDS", "PRECALL", produced=False),
    SpecForm("PRECALL_NO_KW_BUILTIN_FAST", "PRECALL", ("callable",), _CALLS),
    SpecForm("PRECALL_NO_KW_BUILTIN_O", "PRECALL", ("callable",), _ONE,
             doc="one argument"),
    SpecForm("PRECALL_NO_KW_ISINSTANCE", "PRECALL", ("callable",), _CALLS),
    SpecForm("PRECALL_NO_KW_LEN", "PRECALL", ("callable",), _ONE),
    SpecForm("PRECALL_NO_KW_LIST_APPEND", "PRECALL", ("callable",),
             (G("IS", "first"), G("EXACT", "second", param=list)), doc="on an exact list"),
    SpecForm("PRECALL_NO_KW_METHOD_DESCRIPTOR_FAST", "PRECALL", ("callable",), _CALLS),
    SpecForm("PRECALL_NO_KW_METHOD_DESCRIPTOR_NOARGS", "PRECALL", ("callable",), _CALLS,
             doc="self only"),
    SpecForm("PRECALL_NO_KW_METHOD_DESCRIPTOR_O", "PRECALL", ("callable",), (G("IS", "first"),),
             doc="self and one argument"),
    SpecForm("PRECALL_NO_KW_STR_1", "PRECALL", ("callable",), _ONE),
    SpecForm("PRECALL_NO_KW_TUPLE_1", "PRECALL", ("callable",), _ONE),
    SpecForm("PRECALL_NO_KW_TYPE_1", "PRECALL", ("callable",), _ONE),
    SpecForm("PRECALL_PYFUNC", "PRECALL",
             doc="callable is a VM function, or a class whose instances a VM __init__ sets "
                 "up: the CALL after it guards"),
    SpecForm("RESUME_QUICK", "RESUME"),
    SpecForm("STORE_ATTR_ADAPTIVE", "STORE_ATTR"),
    SpecForm("STORE_ATTR_INSTANCE_VALUE", "STORE_ATTR", _T, (_TYPE,),
             doc="no data descriptor for the name"),
    SpecForm("STORE_ATTR_SLOT", "STORE_ATTR", _T, (_TYPE,), doc="the name is a __slots__ member"),
    SpecForm("STORE_ATTR_WITH_HINT", "STORE_ATTR", produced=False),  # (STORE_ATTR_INSTANCE_VALUE)
    SpecForm("STORE_FAST__LOAD_FAST", "STORE_FAST", doc="superinstruction"),
    SpecForm("STORE_FAST__STORE_FAST", "STORE_FAST", doc="superinstruction"),
    SpecForm("STORE_SUBSCR_ADAPTIVE", "STORE_SUBSCR"),
    SpecForm("STORE_SUBSCR_DICT", "STORE_SUBSCR", (), (G("EXACT", "container", param=dict),)),
    SpecForm("STORE_SUBSCR_LIST_INT", "STORE_SUBSCR", (),
             (G("EXACT", "container", param=list), G("EXACT", "sub", param=int))),
    SpecForm("UNPACK_SEQUENCE_ADAPTIVE", "UNPACK_SEQUENCE"),
    SpecForm("UNPACK_SEQUENCE_LIST", "UNPACK_SEQUENCE", (),
             (G("EXACT", "seq", param=list), G("LEN", "seq", "count"))),
    SpecForm("UNPACK_SEQUENCE_TUPLE", "UNPACK_SEQUENCE", (),
             (G("EXACT", "seq", param=tuple), G("LEN", "seq", "count"))),
    SpecForm("UNPACK_SEQUENCE_TWO_TUPLE", "UNPACK_SEQUENCE", (),
             (G("EXACT", "seq", param=tuple), G("LEN", "seq", "count"))),
]
# pyjit's own forms, beyond 3.11's set (names as CPython 3.12 has them where it does)
_EXTRA_DECL = [
    SpecForm("FOR_ITER_ADAPTIVE", "FOR_ITER"),
    SpecForm("FOR_ITER_LIST", "FOR_ITER", (), (G("EXACT", "iterator", param=_LIST_ITER),)),
    SpecForm("FOR_ITER_TUPLE", "FOR_ITER", (), (G("EXACT", "iterator", param=_TUPLE_ITER),)),
    SpecForm("FOR_ITER_RANGE", "FOR_ITER", (), (G("EXACT", "iterator", param=_RANGE_ITER),)),
    SpecForm("LOAD_ATTR_CLASS", "LOAD_ATTR", _C, (_CLASS,)),
    SpecForm("JUMP_BACKWARD_JIT", "JUMP_BACKWARD", ("loop_info",),
             doc="tier jit: counts the loop's iterations down (counter), then records the "
                 "loop and enters its compiled trace on every back-edge"),
    SpecForm("POP_JUMP_BACKWARD_IF_FALSE_JIT", "POP_JUMP_BACKWARD_IF_FALSE", ("loop_info",),
             doc="tier jit: a conditional back-edge (while loops), counted as JUMP_BACKWARD_JIT"),
    SpecForm("POP_JUMP_BACKWARD_IF_TRUE_JIT", "POP_JUMP_BACKWARD_IF_TRUE", ("loop_info",),
             doc="tier jit: a conditional back-edge (while loops), counted as JUMP_BACKWARD_JIT"),
    SpecForm("POP_JUMP_BACKWARD_IF_NONE_JIT", "POP_JUMP_BACKWARD_IF_NONE", ("loop_info",),
             doc="tier jit: a conditional back-edge (while loops), counted as JUMP_BACKWARD_JIT"),
    SpecForm("POP_JUMP_BACKWARD_IF_NOT_NONE_JIT", "POP_JUMP_BACKWARD_IF_NOT_NONE", ("loop_info",),
             doc="tier jit: a conditional back-edge (while loops), counted as JUMP_BACKWARD_JIT"),
    SpecForm("RESUME_JIT", "RESUME", ("loop_info",),
             doc="tier jit: a function's entry (not a generator's, no loop of its own) "
                 "counts its calls down, then the JIT records a trace from entry to "
                 "return and enters it on every call"),
    SpecForm("FOR_ITER_JIT", "FOR_ITER", ("loop_info",),
             doc="tier jit: the header of a loop with a compiled trace; reached from before "
                 "the loop it enters the trace, so the first iteration runs compiled too"),
    SpecForm("GET_ANEXT_JIT", "GET_ANEXT", ("loop_info",),
             doc="tier jit: the header of an async for loop with a compiled trace; as "
                 "FOR_ITER_JIT, reached from before the loop it enters the trace"),
    SpecForm("CALL_ALLOC_AND_ENTER_INIT", "CALL", _C + ("init_ref", "init_code"),
             (G("CLASS_VERSION", "callable"), G("IS_NULL", "below"),
              G("REF_CODE", fields="init_")),
             doc="object.__new__ and a frame for the class's VM __init__"),
]


def _number_specialized():
    free = [c for c in range(1, 256) if BY_CODE[c] is None]
    forms = []
    for slot, form in zip(free, _SPECIALIZED_DECL + _EXTRA_DECL):
        forms.append(form._replace(code=slot))
    return forms


SPECIALIZED: list = _number_specialized()
SPEC: dict = {form.name: form for form in SPECIALIZED}
assert len(SPEC) == len(SPECIALIZED)
FORM_BY_CODE: list = [None] * 256  # specialized opcode -> its SpecForm
for _form in SPECIALIZED:
    FORM_BY_CODE[_form.code] = _form
del _form
for _form in SPECIALIZED:
    assert _form.base in OPS, _form
    globals()[_form.name] = _form.code  # opcodes.BINARY_OP_ADD_INT, as for base ops
del _form

# Every opcode number, base or specialized -> an OpInfo (a specialized form's
# entry is its base's, renamed): what dis listings and stack-effect code need.
ALL_BY_CODE: list = list(BY_CODE)
for _form in SPECIALIZED:
    ALL_BY_CODE[_form.code] = OPS[_form.base]._replace(name=_form.name, code=_form.code,
                                                        family=())
del _form
# specialized opcode -> its base opcode (CPython's _PyOpcode_Deopt)
DEOPT: list = list(range(256))
for _form in SPECIALIZED:
    DEOPT[_form.code] = OPS[_form.base].code
del _form

HAVE_ARGUMENT = 90  # opcodes >= this carry a meaningful oparg (as in 3.11)
NUM_OPCODES = 256

# ---------------------------------------------------------------------------
# What BINARY_OP's and COMPARE_OP's opargs mean: one table each, every map that
# any tier or the JIT needs (symbols, host operators, C-API functions, the JIT's
# machine ops) is derived from them.


class BinaryOp(NamedTuple):
    """One BINARY_OP oparg."""
    symbol: str              # "+", or "+=" for the in-place form
    inplace: bool
    base: int                # the oparg of the plain form (itself if not in-place)
    name: str                # CPython's name of the operation ("floor divide")
    function: Callable       # the host's operator (operator.add / operator.iadd)
    capi: str                # the C-API function (PyNumber_Add / PyNumber_InPlaceAdd)
    int_op: str | None       # the JIT's IR op for two exact ints (None: generic)
    float_op: str | None     # ... for floats (int/float mixes converted to float)
    method: str              # the left operand's method ("__add__")
    rmethod: str             # the right operand's reflected method ("__radd__")
    imethod: str | None      # the in-place method ("__iadd__"; None for the plain form)


# The plain operations in 3.11's NB_* order (the oparg): symbol, name, operator,
# in-place operator, C-API name after "PyNumber_" / "PyNumber_InPlace", IR ops,
# the dunder's stem ("add": __add__, __radd__, __iadd__).
# ints and floats are immutable, so an in-place form computes what the plain one does
# and has the same IR ops.
_BINARY_PLAIN = (
    ("+", "add", operator.add, operator.iadd, "Add", "int_add_ovf", "float_add", "add"),
    ("&", "and", operator.and_, operator.iand, "And", "int_and", None, "and"),
    ("//", "floor divide", operator.floordiv, operator.ifloordiv, "FloorDivide",
     "int_floordiv", None, "floordiv"),
    ("<<", "lshift", operator.lshift, operator.ilshift, "Lshift", "int_lshift_ovf", None,
     "lshift"),
    ("@", "matrix multiply", operator.matmul, operator.imatmul, "MatrixMultiply", None, None,
     "matmul"),
    ("*", "multiply", operator.mul, operator.imul, "Multiply", "int_mul_ovf", "float_mul", "mul"),
    ("%", "remainder", operator.mod, operator.imod, "Remainder", "int_mod", None, "mod"),
    ("|", "or", operator.or_, operator.ior, "Or", "int_or", None, "or"),
    ("**", "power", operator.pow, operator.ipow, "Power", None, None, "pow"),
    (">>", "rshift", operator.rshift, operator.irshift, "Rshift", "int_rshift", None, "rshift"),
    ("-", "subtract", operator.sub, operator.isub, "Subtract", "int_sub_ovf", "float_sub", "sub"),
    ("/", "true divide", operator.truediv, operator.itruediv, "TrueDivide", None,
     "float_truediv", "truediv"),
    ("^", "xor", operator.xor, operator.ixor, "Xor", "int_xor", None, "xor"),
)

# BINARY_OP's oparg -> its meaning: the plain forms, then the in-place forms in
# the same order (13 + k is k's in-place form, as in 3.11's NB_INPLACE_*)
BINARY_OP_TABLE = tuple(
    BinaryOp(sym, False, k, name, fn, "PyNumber_" + capi, int_op, float_op,
             f"__{stem}__", f"__r{stem}__", None)
    for k, (sym, name, fn, _, capi, int_op, float_op, stem) in enumerate(_BINARY_PLAIN)
) + tuple(
    BinaryOp(sym + "=", True, k, name, ifn, "PyNumber_InPlace" + capi, int_op, float_op,
             f"__{stem}__", f"__r{stem}__", f"__i{stem}__")
    for k, (sym, name, _, ifn, capi, int_op, float_op, stem) in enumerate(_BINARY_PLAIN)
)
# (symbol, in-place) per oparg
BINARY_OPS = tuple((b.symbol, b.inplace) for b in BINARY_OP_TABLE)
# the host's operator per oparg (the eval loops', the recorder's)
BINARY_OP_FUNCTIONS = tuple(b.function for b in BINARY_OP_TABLE)


class CompareOp(NamedTuple):
    """One COMPARE_OP oparg (also the C-API's rich comparison op, Py_LT...)."""
    symbol: str              # "<"
    function: Callable       # the host's operator (operator.lt)
    int_op: str              # the JIT's IR op comparing two machine ints
    float_op: str            # ... two doubles
    method: str              # the left operand's method ("__lt__")
    swapped: int             # the oparg with the operands swapped (a < b is b > a)
    reflected: str           # the right operand's method tried next ("__gt__")


# symbol, operator, name, the swapped comparison's name (CPython's _Py_SwappedOp)
_COMPARE_ROWS = (
    ("<", operator.lt, "lt", "gt"), ("<=", operator.le, "le", "ge"),
    ("==", operator.eq, "eq", "eq"), ("!=", operator.ne, "ne", "ne"),
    (">", operator.gt, "gt", "lt"), (">=", operator.ge, "ge", "le"),
)
_COMPARE_INDEX = {row[2]: k for k, row in enumerate(_COMPARE_ROWS)}
COMPARE_OP_TABLE = tuple(
    CompareOp(sym, fn, f"int_{name}", f"float_{name}", f"__{name}__", _COMPARE_INDEX[swap],
              f"__{swap}__")
    for sym, fn, name, swap in _COMPARE_ROWS)
COMPARE_OPS = tuple(c.symbol for c in COMPARE_OP_TABLE)
COMPARE_OP_FUNCTIONS = tuple(c.function for c in COMPARE_OP_TABLE)

# code flags used by the runtime
CO_OPTIMIZED = 0x0001
CO_NEWLOCALS = 0x0002
CO_VARARGS = 0x0004
CO_VARKEYWORDS = 0x0008
CO_NESTED = 0x0010
CO_GENERATOR = 0x0020
CO_NOFREE = 0x0040
CO_COROUTINE = 0x0080
CO_ITERABLE_COROUTINE = 0x0100
CO_ASYNC_GENERATOR = 0x0200
