"""Quickening and specialization decisions (CPython's Python/specialize.c).

:func:`quicken` gives a code object its tier-2 instruction array: every
specializable instruction becomes its family's ``*_ADAPTIVE`` form with a
warm-up counter, and 3.11's superinstructions are formed.  When an adaptive
instruction's counter runs out, the eval loop calls this module's
``specialize_<FAMILY>`` with the live operands; it rewrites the instruction in
place to a specialized form and fills its cache (fields as declared in
``opcodes.SPECIALIZED``), or records why not (a named failure kind) and backs
the counter off exponentially.  A specialized instruction that misses too often
is sent back to the adaptive form (:func:`deopt`).

Correctness never rests on a guard here: every specialized form's action is
either exactly what its guards make valid, or the generic operation.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import types
import weakref

from .. import guards as _guards
from .. import opcodes as O
from ..calls import plain_init
from ..function import Function
from ..seethrough import SeeThrough
from ..vmbuiltins import SPECIAL
from ..null import NULL
from ..typelookup import class_lookup as _class_lookup
from ..typelookup import is_data_descriptor as _is_data_descriptor
from ..typelookup import is_type as _is_type, type_flags as _type_flags, type_name
from ..typelookup import type_slot as _type_slot
from . import blocks
from .stats import Stats
from .versions import (VERSIONS_OK, dict_version_reader, generic_getattr, generic_setattr,
                       type_version, type_version_reader)

# ---------------------------------------------------------------------------
# counters (3.11: adaptive_counter_start / adaptive_counter_backoff / miss_counter_start)

WARMUP = 8              # executions before the first attempt (--specialize-warmup)
MISS_LIMIT = 53         # misses a specialized form takes before it deopts
BACKOFF_MAX = 12        # exponent cap: at most 4095 executions between attempts


class Config:
    warmup = WARMUP
    stats: Stats | None = None
    jit_threshold: int | None = None   # tier jit: back-edges count down from this
    # tier jit: calls of a function without a loop count down from this (None: no
    # function traces)
    jit_function_threshold: int | None = None
    blocks = True   # form blocks (dynamic superinstructions, blocks.py); --no-blocks

    def blocks_on(self):
        """Blocks are formed unless statistics are on (they count each specialized
        execution in the loop).  Under tier jit, a block leaves every JIT back-edge
        to the loop, which counts it, records the loop and enters its trace."""
        return self.blocks and self.stats is None


CONFIG = Config()


class Quickened:
    """Tier-2 state of one code object, kept on its Decoded (``dec.extra``)."""

    __slots__ = ("ops", "counters", "backoff", "caches", "blocks", "drops", "unstable")

    def __init__(self, dec):
        n = len(dec.ops)
        self.ops = list(dec.ops)
        self.counters = [0] * n
        self.backoff = [0] * n
        self.caches = [None] * n
        # per unit: None, a leader's countdown (int) or its block (blocks.py)
        self.blocks = [None] * n
        self.drops = {}       # leader -> times its block was dropped
        self.unstable = set() # units whose guard kept failing in blocks: no guard next time


_ADAPTIVE = {O.OPS[form.base].code: form.code for form in O.SPECIALIZED
             if form.name.endswith("_ADAPTIVE")}
_QUICK = {O.RESUME: O.RESUME_QUICK, O.JUMP_BACKWARD: O.JUMP_BACKWARD_QUICK,
          O.EXTENDED_ARG: O.EXTENDED_ARG_QUICK}
_SUPER = {
    (O.LOAD_FAST, O.LOAD_FAST): O.LOAD_FAST__LOAD_FAST,
    (O.LOAD_FAST, O.LOAD_CONST): O.LOAD_FAST__LOAD_CONST,
    (O.LOAD_CONST, O.LOAD_FAST): O.LOAD_CONST__LOAD_FAST,
    (O.STORE_FAST, O.LOAD_FAST): O.STORE_FAST__LOAD_FAST,
    (O.STORE_FAST, O.STORE_FAST): O.STORE_FAST__STORE_FAST,
}
# tier jit: the conditional back-edges of while loops count towards tracing too
JIT_BACK_EDGES = {O.POP_JUMP_BACKWARD_IF_FALSE: O.POP_JUMP_BACKWARD_IF_FALSE_JIT,
                  O.POP_JUMP_BACKWARD_IF_TRUE: O.POP_JUMP_BACKWARD_IF_TRUE_JIT,
                  O.POP_JUMP_BACKWARD_IF_NONE: O.POP_JUMP_BACKWARD_IF_NONE_JIT,
                  O.POP_JUMP_BACKWARD_IF_NOT_NONE: O.POP_JUMP_BACKWARD_IF_NOT_NONE_JIT}
_JIT_BACK_EDGE_FORMS = frozenset(JIT_BACK_EDGES.values())
ADAPTIVE_OF = {form.code: _ADAPTIVE[O.OPS[form.base].code] for form in O.SPECIALIZED
               if O.OPS[form.base].code in _ADAPTIVE}


def _function_traceable(dec) -> bool:
    """Tier jit traces a function from entry to return (RESUME_JIT) if it is a
    plain function (not a generator or coroutine, not module or class code).
    A function with a loop is traced from its entry to its loop's header, where
    its trace calls the loop's own code (jit/loopcall.py): so that a recursion
    through it (or a trace calling it) runs natively -- not pyjit's see-through
    builtins with a loop (``dec.hidden``: their frames stand for a host call,
    whose depth and arguments a frame rebuilt at the loop's exit would not keep)."""
    code = dec.code
    if dec.is_gen or not code.co_flags & O.CO_OPTIMIZED:
        return False
    return not (dec.hidden and any(
        O.BY_CODE[op] is not None and O.BY_CODE[op].jump is O.Jump.BACKWARD for op in dec.ops))


def quicken(dec) -> Quickened:
    q = Quickened(dec)
    ops, nexts = dec.ops, dec.nexts
    qops, counters = q.ops, q.counters
    warmup = CONFIG.warmup
    i, n = 0, len(ops)
    while i < n:
        op = ops[i]
        a = _ADAPTIVE.get(op)
        if a is not None:
            never = _never_specializes(dec, i, op)
            if never is None:
                qops[i] = a
                counters[i] = warmup
            elif CONFIG.stats is not None:
                CONFIG.stats.failure(O.BY_CODE[op].name, never)  # once, at quickening
        elif op in _QUICK:
            qops[i] = _QUICK[op]
            if op == O.RESUME and dec.args[i] == 0 and CONFIG.jit_function_threshold \
                    and _function_traceable(dec):
                qops[i] = O.RESUME_JIT
                counters[i] = CONFIG.jit_function_threshold
            if op == O.RESUME and dec.args[i] == 3 and CONFIG.jit_function_threshold \
                    and dec.code.co_flags & O.CO_COROUTINE:
                # (tier jit: a coroutine resumed after an await's yield -- a
                # resumption trace from there, jit/functions.py)
                qops[i] = O.RESUME_JIT
                counters[i] = CONFIG.jit_function_threshold
            if op == O.JUMP_BACKWARD and CONFIG.jit_threshold is not None:
                qops[i] = O.JUMP_BACKWARD_JIT
                counters[i] = CONFIG.jit_threshold
        elif op in JIT_BACK_EDGES and CONFIG.jit_threshold is not None:
            qops[i] = JIT_BACK_EDGES[op]
            counters[i] = CONFIG.jit_threshold
        elif i + 1 < n:
            s = _SUPER.get((op, ops[i + 1]))
            if s is not None:
                qops[i] = s
        i = nexts[i]
    if CONFIG.blocks_on():
        blocks.seed(q, dec, warmup)
    elif CONFIG.stats is not None:
        CONFIG.stats.count_units(dec, q)   # (the native share's interpreted side)
    if q.ops[0] == O.RESUME_JIT:
        # new frames start at the RESUME (not past it, as in the other tiers), so
        # that it counts the calls (blocks were seeded past it: the loop runs it)
        dec.entry_pc = 0
    dec.extra = q
    if CONFIG.stats is not None:
        CONFIG.stats.quickened.append(q)
    return q


def _never_specializes(dec, i, op):
    """The failure reason if no form could ever take this instruction, whatever
    its operands, else None.  Such instructions stay the base instruction
    (generic, no counter: in this VM counting down and failing again costs more
    than it does in C); --stats records the reason once per site.  BINARY_OP
    has forms only for + - * (and their in-place versions); COMPARE_OP's forms
    are fused with a conditional jump that must follow it."""
    if op == O.BINARY_OP:
        binop = O.BINARY_OP_TABLE[dec.args[i]]
        plain = O.BINARY_OP_TABLE[binop.base].symbol
        return None if plain in _BINOP_SPECIALIZABLE else binop.name
    if op == O.COMPARE_OP:
        nxt = dec.nexts[i]
        if nxt >= len(dec.ops) or dec.ops[nxt] not in _JUMPS:
            return "not followed by a conditional jump"
    return None


# ---------------------------------------------------------------------------
# outcomes

def _success(q, pc, form_code, cache, family):
    # (the backoff exponent is kept: a site that keeps deopting waits longer each time)
    q.ops[pc] = form_code
    q.caches[pc] = cache
    q.counters[pc] = MISS_LIMIT
    if CONFIG.stats is not None:
        CONFIG.stats.success(family)


def _failure(q, pc, family, reason):
    b = q.backoff[pc]
    if b < BACKOFF_MAX:
        b += 1
        q.backoff[pc] = b
    q.counters[pc] = (1 << b) - 1
    if CONFIG.stats is not None:
        CONFIG.stats.failure(family, reason)


def miss(q, pc):
    """A specialized instruction's guard failed (the caller runs the generic path)."""
    op = q.ops[pc]
    st = CONFIG.stats
    if st is not None:
        st.misses[op] += 1
    c = q.counters[pc] - 1
    if c > 0:
        q.counters[pc] = c
        return
    # too many misses: back to the adaptive form, with backoff
    if st is not None:
        st.deopts[op] += 1
    q.ops[pc] = ADAPTIVE_OF[op]
    q.caches[pc] = None
    b = min(q.backoff[pc] + 1, BACKOFF_MAX)
    q.backoff[pc] = b
    q.counters[pc] = (1 << b) - 1


# ---------------------------------------------------------------------------
# BINARY_OP

# (plain operation's symbol, operand type) -> specialized form; the in-place
# forms share them
_BINOP_FORMS = {
    ("+", int): O.BINARY_OP_ADD_INT, ("+", float): O.BINARY_OP_ADD_FLOAT,
    ("+", str): O.BINARY_OP_ADD_UNICODE,
    ("*", int): O.BINARY_OP_MULTIPLY_INT, ("*", float): O.BINARY_OP_MULTIPLY_FLOAT,
    ("-", int): O.BINARY_OP_SUBTRACT_INT, ("-", float): O.BINARY_OP_SUBTRACT_FLOAT,
}
_BINOP_SPECIALIZABLE = frozenset(sym for sym, _ in _BINOP_FORMS)


def specialize_BINARY_OP(q, pc, dec, left, right):
    arg = dec.args[pc]
    binop = O.BINARY_OP_TABLE[arg]
    plain = O.BINARY_OP_TABLE[binop.base].symbol   # in-place forms share the plain ones
    tl, tr = type(left), type(right)
    form = _BINOP_FORMS.get((plain, tl)) if tl is tr else None
    if form is None:
        name = binop.name
        if plain in _BINOP_SPECIALIZABLE:
            reason = f"{name} different types" if tl is not tr else f"{name} other"
        else:
            reason = name
        return _failure(q, pc, "BINARY_OP", reason)
    if form == O.BINARY_OP_ADD_UNICODE and binop.symbol == "+=":
        nxt = dec.nexts[pc]
        if nxt < len(dec.ops) and dec.ops[nxt] == O.STORE_FAST:
            form = O.BINARY_OP_INPLACE_ADD_UNICODE
    _success(q, pc, form, None, "BINARY_OP")


# ---------------------------------------------------------------------------
# COMPARE_OP (fused with the conditional jump that follows, as 3.11 does)

_JUMPS = {O.POP_JUMP_FORWARD_IF_FALSE: False, O.POP_JUMP_BACKWARD_IF_FALSE: False,
          O.POP_JUMP_FORWARD_IF_TRUE: True, O.POP_JUMP_BACKWARD_IF_TRUE: True}


def specialize_COMPARE_OP(q, pc, dec, left, right):
    nxt = dec.nexts[pc]
    jump_if = _JUMPS.get(dec.ops[nxt]) if nxt < len(dec.ops) else None
    if jump_if is None:
        return _failure(q, pc, "COMPARE_OP", "not followed by a conditional jump")
    if q.ops[nxt] in _JIT_BACK_EDGE_FORMS:
        # a fused compare takes the jump itself: the while loop's back-edge would
        # never count its iterations, and tier jit would never see the loop
        return _failure(q, pc, "COMPARE_OP", "followed by a JIT back-edge")
    tl = type(left)
    if tl is not type(right):
        return _failure(q, pc, "COMPARE_OP", "different types")
    if tl is int:
        form = O.COMPARE_OP_INT_JUMP
    elif tl is float:
        form = O.COMPARE_OP_FLOAT_JUMP
    elif tl is str:
        if O.COMPARE_OPS[dec.args[pc]] not in ("==", "!="):
            return _failure(q, pc, "COMPARE_OP", "string ordering")
        form = O.COMPARE_OP_STR_JUMP
    else:
        return _failure(q, pc, "COMPARE_OP", "other types")
    # cache: (jump when the comparison is this, target); falling through = nxt + 1
    _success(q, pc, form, (jump_if, dec.args[nxt]), "COMPARE_OP")


# ---------------------------------------------------------------------------
# LOAD_GLOBAL

def specialize_LOAD_GLOBAL(q, pc, f):
    if not VERSIONS_OK:
        return _failure(q, pc, "LOAD_GLOBAL", "no version tags")
    g, b = f.globals, f.builtins
    if type(g) is not dict or type(b) is not dict:
        return _failure(q, pc, "LOAD_GLOBAL", "non-dict namespace")
    name = f.names[f.dec.args[pc] >> 1]
    gr = dict_version_reader(g)
    gv = gr.value
    # Caches hold ids, versions, code objects and weak references, never an
    # object a program could see die (see versions.py).
    if name in g:
        return _success(q, pc, O.LOAD_GLOBAL_MODULE, (id(g), gr, gv), "LOAD_GLOBAL")
    if name in b:
        br = dict_version_reader(b)
        return _success(q, pc, O.LOAD_GLOBAL_BUILTIN, (id(g), gr, gv, id(b), br, br.value),
                        "LOAD_GLOBAL")
    _failure(q, pc, "LOAD_GLOBAL", "not found")


# ---------------------------------------------------------------------------
# attributes

_object_getattribute = object.__getattribute__
_object_setattr = object.__setattr__
_type_getattribute = type.__getattribute__
_MemberDescriptor = types.MemberDescriptorType
_MethodDescriptor = types.MethodDescriptorType
_ModuleType = types.ModuleType
_HEAPTYPE = 1 << 9


def _instance_kind(o, name, family):
    """(type, reason-or-None, class attribute) for an instance attribute access."""
    t = type(o)
    if not VERSIONS_OK:
        return t, "no version tags", NULL
    if not generic_getattr(t):
        return t, "overridden __getattribute__ or __getattr__", NULL
    if type_version(t) == 0:
        return t, "no type version", NULL
    return t, None, _class_lookup(t, name)


# a family's forms for an attribute of a module, of a class
_OWNER_FORMS = {"LOAD_ATTR": (O.LOAD_ATTR_MODULE, O.LOAD_ATTR_CLASS),
                "LOAD_METHOD": (O.LOAD_METHOD_MODULE, O.LOAD_METHOD_CLASS)}


def _specialize_attribute(q, pc, f, o, family, instance):
    """LOAD_ATTR and LOAD_METHOD (``family``): an attribute of a module or a class
    specializes here; an instance's, if it may, by ``instance(q, pc, o, name,
    type, class attribute)``."""
    name = f.names[f.dec.args[pc]]
    t = type(o)
    if t is _ModuleType:
        return _specialize_module_attr(q, pc, o, name, _OWNER_FORMS[family][0], family)
    if issubclass(t, type):
        return _specialize_class_attr(q, pc, o, name, _OWNER_FORMS[family][1], family)
    t, reason, cattr = _instance_kind(o, name, family)
    if reason is not None:
        return _failure(q, pc, family, reason)
    instance(q, pc, o, name, t, cattr)


def specialize_LOAD_ATTR(q, pc, f, o):
    _specialize_attribute(q, pc, f, o, "LOAD_ATTR", _instance_attr)


_MANAGED_DICT = 1 << 4     # Py_TPFLAGS_MANAGED_DICT (3.11)
_NO_DICT = object()


def _in_instance_dict(o, name):
    """Is ``name`` in ``o``'s instance ``__dict__`` (``_NO_DICT``: o has none)?

    Under tier jit without reading ``o.__dict__`` where that would
    materialize it (``layout.in_inline_values``): the JIT's attribute and
    method fast paths (``getattr_values``, a method no instance attribute
    shadows) need the object's inline values, so a loop whose objects the
    specializer once looked at would read and call their attributes
    generically.  Tier specialize reads ``__dict__`` as before (the order in
    which the collector finalizes a cycle depends on which objects have a
    dict: tests/programs/class_del_refcount.py)."""
    if _guards.KEEP_INLINE_VALUES and _type_flags(type(o)) & _MANAGED_DICT:
        found = _guards._in_values(o, name)      # (layout.in_inline_values)
        if found is not None:
            return found
    try:
        d = _object_getattribute(o, "__dict__")
    except AttributeError:
        return _NO_DICT
    return name in d if type(d) is dict else _NO_DICT


def _instance_attr(q, pc, o, name, t, cattr):
    tr = type_version_reader(t)
    if cattr is not NULL and _is_data_descriptor(cattr):
        if type(cattr) is _MemberDescriptor:
            return _success(q, pc, O.LOAD_ATTR_SLOT, (id(t), tr, tr.value), "LOAD_ATTR")
        return _failure(q, pc, "LOAD_ATTR",
                        "attr is a property" if type(cattr) is property
                        else "overriding descriptor")
    found = _in_instance_dict(o, name)
    if found is _NO_DICT:
        return _failure(q, pc, "LOAD_ATTR", "no instance dict")
    if not found:
        if cattr is NULL:
            return _failure(q, pc, "LOAD_ATTR", "attribute not found" if
                            _class_lookup(t, "__getattr__") is NULL else "has __getattr__")
        return _failure(q, pc, "LOAD_ATTR", "method" if hasattr(type(cattr), "__get__")
                        else "class attribute")
    _success(q, pc, O.LOAD_ATTR_INSTANCE_VALUE, (id(t), tr, tr.value), "LOAD_ATTR")


def _specialize_module_attr(q, pc, mod, name, form, family):
    d = mod.__dict__
    if not VERSIONS_OK:
        return _failure(q, pc, family, "no version tags")
    if name not in d:
        return _failure(q, pc, family, "module attribute not found")
    r = dict_version_reader(d)
    _success(q, pc, form, (id(mod), id(d), r, r.value), family)


def _specialize_class_attr(q, pc, cls, name, form, family):
    meta = type(cls)
    if meta is not type:
        return _failure(q, pc, family, "metaclass")
    if not VERSIONS_OK or type_version(cls) == 0:
        return _failure(q, pc, family, "no type version")
    v = _class_lookup(cls, name)
    if v is NULL:
        return _failure(q, pc, family, "attribute not found")
    if _class_lookup(meta, name) is not NULL:
        return _failure(q, pc, family, "metaclass attribute")
    tv = type(v)
    if hasattr(tv, "__get__") and tv is not Function:
        return _failure(q, pc, family, "attr is a descriptor")
    tr = type_version_reader(cls)
    _success(q, pc, form, (id(cls), tr, tr.value), family)


def specialize_LOAD_METHOD(q, pc, f, o):
    _specialize_attribute(q, pc, f, o, "LOAD_METHOD", _instance_method)


def _instance_method(q, pc, o, name, t, cattr):
    tc = type(cattr)
    if tc is Function:
        method = weakref.ref(cattr)  # alive while the type's version holds: its class has it
    elif tc is _MethodDescriptor and not (_type_flags(t) & _HEAPTYPE):
        method = cattr  # a static type's method: never freed
    else:
        return _failure(q, pc, "LOAD_METHOD", "not a method" if cattr is not NULL
                        else "attribute not found")
    tr = type_version_reader(t)
    cache = (id(t), tr, tr.value, method, tc is Function)
    found = _in_instance_dict(o, name)
    if found is _NO_DICT:
        if _type_slot(t, "__dictoffset__") == 0:
            return _success(q, pc, O.LOAD_METHOD_NO_DICT, cache, "LOAD_METHOD")
        return _failure(q, pc, "LOAD_METHOD", "no instance dict")
    if found:
        return _failure(q, pc, "LOAD_METHOD", "shadowed by instance attribute")
    _success(q, pc, O.LOAD_METHOD_WITH_VALUES, cache, "LOAD_METHOD")


def specialize_STORE_ATTR(q, pc, f, o):
    name = f.names[f.dec.args[pc]]
    t = type(o)
    if not VERSIONS_OK:
        return _failure(q, pc, "STORE_ATTR", "no version tags")
    if not generic_setattr(t):
        return _failure(q, pc, "STORE_ATTR", "overridden __setattr__")
    if issubclass(t, (type, _ModuleType)):
        return _failure(q, pc, "STORE_ATTR", "class or module")
    if not VERSIONS_OK or type_version(t) == 0:
        return _failure(q, pc, "STORE_ATTR", "no type version")
    cattr = _class_lookup(t, name)
    tr = type_version_reader(t)
    if cattr is not NULL and _is_data_descriptor(cattr):
        if type(cattr) is _MemberDescriptor:
            return _success(q, pc, O.STORE_ATTR_SLOT, (id(t), tr, tr.value), "STORE_ATTR")
        return _failure(q, pc, "STORE_ATTR", "attr is a property" if type(cattr) is property
                        else "overriding descriptor")
    if _in_instance_dict(o, name) is _NO_DICT:
        return _failure(q, pc, "STORE_ATTR", "no instance dict")
    _success(q, pc, O.STORE_ATTR_INSTANCE_VALUE, (id(t), tr, tr.value), "STORE_ATTR")


# ---------------------------------------------------------------------------
# subscripts, unpacking, iteration

def specialize_BINARY_SUBSCR(q, pc, container, sub):
    tc = type(container)
    if tc is list:
        if type(sub) is int:
            return _success(q, pc, O.BINARY_SUBSCR_LIST_INT, None, "BINARY_SUBSCR")
        return _failure(q, pc, "BINARY_SUBSCR", "list slice" if type(sub) is slice
                        else "list non-int")
    if tc is tuple:
        if type(sub) is int:
            return _success(q, pc, O.BINARY_SUBSCR_TUPLE_INT, None, "BINARY_SUBSCR")
        return _failure(q, pc, "BINARY_SUBSCR", "tuple slice" if type(sub) is slice
                        else "tuple non-int")
    if tc is dict:
        return _success(q, pc, O.BINARY_SUBSCR_DICT, None, "BINARY_SUBSCR")
    getitem = _class_lookup(tc, "__getitem__")
    if type(getitem) is Function:
        if not (_type_flags(tc) & _HEAPTYPE) or not VERSIONS_OK or type_version(tc) == 0:
            return _failure(q, pc, "BINARY_SUBSCR", "no type version")
        code = getitem.code
        if not getitem.simple or code.co_argcount != 2 or getitem.dec.is_gen:
            return _failure(q, pc, "BINARY_SUBSCR", "__getitem__ signature")
        tr = type_version_reader(tc)
        return _success(q, pc, O.BINARY_SUBSCR_GETITEM,
                        (id(tc), tr, tr.value, weakref.ref(getitem), code), "BINARY_SUBSCR")
    _failure(q, pc, "BINARY_SUBSCR", "str" if tc is str else "other type")


def specialize_STORE_SUBSCR(q, pc, container, sub):
    tc = type(container)
    if tc is list and type(sub) is int:
        return _success(q, pc, O.STORE_SUBSCR_LIST_INT, None, "STORE_SUBSCR")
    if tc is dict:
        return _success(q, pc, O.STORE_SUBSCR_DICT, None, "STORE_SUBSCR")
    _failure(q, pc, "STORE_SUBSCR", "list non-int" if tc is list else "other type")


def specialize_UNPACK_SEQUENCE(q, pc, dec, seq):
    n = dec.args[pc]
    t = type(seq)
    if t is tuple:
        if len(seq) != n:
            return _failure(q, pc, "UNPACK_SEQUENCE", "wrong length")
        form = O.UNPACK_SEQUENCE_TWO_TUPLE if n == 2 else O.UNPACK_SEQUENCE_TUPLE
        return _success(q, pc, form, None, "UNPACK_SEQUENCE")
    if t is list:
        if len(seq) != n:
            return _failure(q, pc, "UNPACK_SEQUENCE", "wrong length")
        return _success(q, pc, O.UNPACK_SEQUENCE_LIST, None, "UNPACK_SEQUENCE")
    _failure(q, pc, "UNPACK_SEQUENCE", "other type")


_ITER_FORMS = {type(iter([])): O.FOR_ITER_LIST, type(iter(())): O.FOR_ITER_TUPLE,
               type(iter(range(0))): O.FOR_ITER_RANGE}


def specialize_FOR_ITER(q, pc, it):
    form = _ITER_FORMS.get(type(it))
    if form is None:
        return _failure(q, pc, "FOR_ITER", "generator" if type_name(type(it)) == "generator"
                        else "other iterator")
    _success(q, pc, form, None, "FOR_ITER")


# ---------------------------------------------------------------------------
# calls

_BUILTIN_FN = types.BuiltinFunctionType
_ONE_ARG = {len: O.PRECALL_NO_KW_LEN, str: O.PRECALL_NO_KW_STR_1,
            tuple: O.PRECALL_NO_KW_TUPLE_1, type: O.PRECALL_NO_KW_TYPE_1}
_list_append = list.append


def specialize_PRECALL(q, pc, stack, argc, kwnames):
    n = len(stack)
    has_self = stack[n - 2 - argc] is not NULL
    fn = stack[n - 2 - argc] if has_self else stack[n - 1 - argc]
    nargs = argc + has_self
    t = type(fn)
    if t is types.MethodType:
        return _success(q, pc, O.PRECALL_BOUND_METHOD, None, "PRECALL")
    if t is Function or (t is type and plain_init(fn) is not None):
        return _success(q, pc, O.PRECALL_PYFUNC, None, "PRECALL")
    if kwnames is not None:
        return _failure(q, pc, "PRECALL", "kwnames")
    sp = SPECIAL.get(id(fn))
    if sp is not None and not (fn is type and nargs == 1) and not (
            type(sp) is SeeThrough and sp.select(stack[n - argc - has_self:], ()) is None):
        # (a see-through builtin called with host arguments specializes as the
        # builtin it is: a later call with a VM generator runs the C builtin, which
        # is CPython's behaviour too, just not traced)
        return _failure(q, pc, "PRECALL", "needs the calling frame")
    if nargs == 1 and not has_self and (t is _BUILTIN_FN or t is type) and fn in _ONE_ARG:
        return _success(q, pc, _ONE_ARG[fn], (fn,), "PRECALL")
    if fn is isinstance and nargs == 2 and not has_self:
        return _success(q, pc, O.PRECALL_NO_KW_ISINSTANCE, (fn,), "PRECALL")
    if t is _MethodDescriptor and has_self:
        if fn is _list_append and nargs == 2 and type(stack[n - 2]) is list:
            return _success(q, pc, O.PRECALL_NO_KW_LIST_APPEND, (fn,), "PRECALL")
        form = {1: O.PRECALL_NO_KW_METHOD_DESCRIPTOR_NOARGS,
                2: O.PRECALL_NO_KW_METHOD_DESCRIPTOR_O}.get(
                    nargs, O.PRECALL_NO_KW_METHOD_DESCRIPTOR_FAST)
        return _success(q, pc, form, (fn,), "PRECALL")
    if has_self:
        return _failure(q, pc, "PRECALL", "other callable")
    if t is _MethodDescriptor:
        return _success(q, pc, O.PRECALL_NO_KW_BUILTIN_FAST, (fn,), "PRECALL")
    if t is _BUILTIN_FN:
        if type(fn.__self__) is not _ModuleType:
            # a bound method of some object: a new object at every call
            return _failure(q, pc, "PRECALL", "bound builtin method")
        form = O.PRECALL_NO_KW_BUILTIN_O if nargs == 1 else O.PRECALL_NO_KW_BUILTIN_FAST
        return _success(q, pc, form, (fn,), "PRECALL")
    if t is type and not (fn.__flags__ & _HEAPTYPE):
        return _success(q, pc, O.PRECALL_BUILTIN_CLASS, (fn,), "PRECALL")
    _failure(q, pc, "PRECALL", "class" if _is_type(fn) else "other callable")


def specialize_CALL(q, pc, stack, argc, kwnames):
    n = len(stack)
    has_self = stack[n - 2 - argc] is not NULL
    fn = stack[n - 2 - argc] if has_self else stack[n - 1 - argc]
    nargs = argc + has_self
    if type(fn) is type and not has_self:
        return _specialize_class_call(q, pc, fn, nargs, kwnames)
    if type(fn) is not Function:
        return _failure(q, pc, "CALL", "bound method" if type(fn) is types.MethodType
                        else "not a VM function")
    if kwnames is not None:
        return _failure(q, pc, "CALL", "kwnames")
    if not fn.simple:
        return _failure(q, pc, "CALL", "complex parameters")
    code = fn.code
    argcount = code.co_argcount
    # the guard is on the code (any function with it will do: closures made in
    # a loop share it); the function itself is not kept
    if nargs == argcount:
        return _success(q, pc, O.CALL_PY_EXACT_ARGS, (code,), "CALL")
    defaults = fn.defaults
    if defaults and argcount - len(defaults) <= nargs < argcount:
        return _success(q, pc, O.CALL_PY_WITH_DEFAULTS, (code,), "CALL")
    _failure(q, pc, "CALL", "wrong number of arguments")


def _specialize_class_call(q, pc, cls, nargs, kwnames):
    init = plain_init(cls)
    if init is None:
        return _failure(q, pc, "CALL", "class with its own __new__ or a host __init__")
    if kwnames is not None:
        return _failure(q, pc, "CALL", "kwnames")
    if not init.simple or init.code.co_argcount != nargs + 1 or init.dec.is_gen:
        return _failure(q, pc, "CALL", "__init__ signature")
    if not VERSIONS_OK or type_version(cls) == 0:
        return _failure(q, pc, "CALL", "no type version")
    tr = type_version_reader(cls)
    _success(q, pc, O.CALL_ALLOC_AND_ENTER_INIT,
             (id(cls), tr, tr.value, weakref.ref(init), init.code), "CALL")
