"""Tier specialize's instructions that run as table calls: ``NAME(frame, pc) -> next pc``.

Every adaptive and specialized form that does not switch frames or read the
loop's pending keyword names is a function here named after the form; the
eval loop (:mod:`.loop`) calls ``TABLE[op](f, pc)``.  (In a Python eval loop
one table call costs about as much as three ``op ==`` tests of an if chain,
so all but the handful of hottest instructions are cheaper this way.)

A specialized form checks its guards (the fields of its cache, declared in
``opcodes.SPECIALIZED``), acts, and on a miss runs the generic operation after
telling the specializer (which deopts it after enough misses).  An adaptive
form counts down, then asks the specializer to rewrite it and re-runs the
instruction at the same pc.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from .. import handlers as H
from .. import opcodes as O
from ..calls import enter_init
from ..frame import Frame, push
from ..guards import CHECK as _CHECK
from ..null import NULL
from . import specializer as S

_miss = S.miss
_compares = O.COMPARE_OP_FUNCTIONS
_getattr = getattr
_setattr = setattr
_GENERIC = H.HANDLERS
_UNPACK = H.HANDLERS[O.UNPACK_SEQUENCE]

# hit counts per opcode, or None when statistics are off (set by Specialize.run)
hits = None


def _hit(op):
    hits[op] += 1


def _count(q, pc, op, operands):
    """The form's guards (``guards.CHECK``) on ``operands``: a hit (counted with
    statistics on) or a miss for the specializer."""
    if _CHECK[op](q.caches[pc], *operands):
        if hits is not None:
            hits[op] += 1
    else:
        _miss(q, pc)


# ---------------------------------------------------------------------------
# locals (the one superinstruction the loop does not run itself)

def STORE_FAST__STORE_FAST(f, pc):
    args = f.dec.args
    s = f.stack
    f.fast[args[pc]] = s.pop()
    f.fast[args[pc + 1]] = s.pop()
    return pc + 2


# ---------------------------------------------------------------------------
# COMPARE_OP (its specialized forms, fused with the jump after them, are the loop's)

def COMPARE_OP_ADAPTIVE(f, pc):
    q = f.dec.extra
    s = f.stack
    if q.counters[pc]:
        q.counters[pc] -= 1
        r = s.pop()
        s[-1] = _compare(f.dec.args[pc], s[-1], r)
        return f.dec.nexts[pc]
    S.specialize_COMPARE_OP(q, pc, f.dec, s[-2], s[-1])
    return pc


def COMPARE_OP(f, pc):
    # a compare no form fits (not followed by a conditional jump): generic
    s = f.stack
    r = s.pop()
    s[-1] = _compare(f.dec.args[pc], s[-1], r)
    return f.dec.nexts[pc]


def _compare(op, a, b):
    # (the comparison itself, not the operator module's function: host code runs
    # these handlers unquickened for their first 8 calls, where a builtin's call
    # takes a C recursion guard that a host->VM entry -- __eq__ called back --
    # would count as the program's: pyjit.hostroom; a Python call takes none)
    if op == 2:
        return a == b
    if op == 3:
        return a != b
    if op == 0:
        return a < b
    if op == 1:
        return a <= b
    if op == 4:
        return a > b
    return a >= b


# ---------------------------------------------------------------------------
# attributes

def _load_cached_attr(f, pc):
    """LOAD_ATTR/LOAD_METHOD of a module's or a class's attribute.  The action is
    the generic lookup; the guard (that object, its dict's/type's version) only
    feeds statistics and the JIT."""
    dec = f.dec
    q = dec.extra
    s = f.stack
    o = s[-1]
    op = q.ops[pc]
    name = f.names[dec.args[pc]]
    if hits is not None:
        _count(q, pc, op, (o, name) if op == O.LOAD_METHOD_MODULE or
               op == O.LOAD_METHOD_CLASS else (o,))
    v = _getattr(o, name)
    if op == O.LOAD_METHOD_MODULE or op == O.LOAD_METHOD_CLASS:
        s[-1] = NULL
        s.append(v)
    else:
        s[-1] = v
    return dec.nexts[pc]


LOAD_ATTR_MODULE = LOAD_ATTR_CLASS = LOAD_METHOD_MODULE = LOAD_METHOD_CLASS = _load_cached_attr


def LOAD_METHOD_ADAPTIVE(f, pc):
    q = f.dec.extra
    s = f.stack
    if q.counters[pc]:
        q.counters[pc] -= 1
        s.append(_getattr(s[-1], f.names[f.dec.args[pc]]))
        s[-2] = NULL
        return f.dec.nexts[pc]
    S.specialize_LOAD_METHOD(q, pc, f, s[-1])
    return pc


def STORE_ATTR_ADAPTIVE(f, pc):
    q = f.dec.extra
    s = f.stack
    if q.counters[pc]:
        q.counters[pc] -= 1
        o = s.pop()
        _setattr(o, f.names[f.dec.args[pc]], s.pop())
        return f.dec.nexts[pc]
    S.specialize_STORE_ATTR(q, pc, f, s[-1])
    return pc


def _store_attr_typed(f, pc):
    dec = f.dec
    s = f.stack
    o = s.pop()
    if hits is not None:  # (the action is generic: the guard feeds statistics only)
        _count(dec.extra, pc, dec.extra.ops[pc], (o,))
    _setattr(o, f.names[dec.args[pc]], s.pop())
    return dec.nexts[pc]


STORE_ATTR_INSTANCE_VALUE = STORE_ATTR_SLOT = _store_attr_typed


# ---------------------------------------------------------------------------
# subscripts and unpacking

def BINARY_SUBSCR_ADAPTIVE(f, pc):
    q = f.dec.extra
    s = f.stack
    if q.counters[pc]:
        q.counters[pc] -= 1
        k = s.pop()
        s[-1] = s[-1][k]
        return f.dec.nexts[pc]
    S.specialize_BINARY_SUBSCR(q, pc, s[-2], s[-1])
    return pc


def _binary_subscr(f, pc):
    dec = f.dec
    q = dec.extra
    s = f.stack
    k = s.pop()
    c = s[-1]
    op = q.ops[pc]
    if not _CHECK[op](q.caches[pc], c, k):  # (misses count with statistics off too)
        _miss(q, pc)
    elif hits is not None:
        hits[op] += 1
    s[-1] = c[k]
    return dec.nexts[pc]


BINARY_SUBSCR_LIST_INT = BINARY_SUBSCR_TUPLE_INT = BINARY_SUBSCR_DICT = _binary_subscr


def STORE_SUBSCR_ADAPTIVE(f, pc):
    q = f.dec.extra
    s = f.stack
    if q.counters[pc]:
        q.counters[pc] -= 1
        k = s.pop()
        c = s.pop()
        c[k] = s.pop()
        return f.dec.nexts[pc]
    S.specialize_STORE_SUBSCR(q, pc, s[-2], s[-1])
    return pc


def _store_subscr(f, pc):
    dec = f.dec
    s = f.stack
    k = s.pop()
    c = s.pop()
    q = dec.extra
    op = q.ops[pc]
    if not _CHECK[op](q.caches[pc], c, k):
        _miss(q, pc)
    elif hits is not None:
        hits[op] += 1
    c[k] = s.pop()
    return dec.nexts[pc]


STORE_SUBSCR_LIST_INT = STORE_SUBSCR_DICT = _store_subscr


def UNPACK_SEQUENCE_ADAPTIVE(f, pc):
    q = f.dec.extra
    if q.counters[pc]:
        q.counters[pc] -= 1
        _UNPACK(f, f.dec.args[pc])
        return f.dec.nexts[pc]
    S.specialize_UNPACK_SEQUENCE(q, pc, f.dec, f.stack[-1])
    return pc


def UNPACK_SEQUENCE_TWO_TUPLE(f, pc):
    s = f.stack
    o = s[-1]
    q = f.dec.extra
    if _CHECK[O.UNPACK_SEQUENCE_TWO_TUPLE](q.caches[pc], o, 2):
        s[-1] = o[1]
        s.append(o[0])
        if hits is not None:
            _hit(O.UNPACK_SEQUENCE_TWO_TUPLE)
    else:
        _miss(f.dec.extra, pc)
        _UNPACK(f, f.dec.args[pc])
    return f.dec.nexts[pc]


def _unpack(f, pc):
    dec = f.dec
    s = f.stack
    o = s[-1]
    op = dec.extra.ops[pc]
    if _CHECK[op](dec.extra.caches[pc], o, dec.args[pc]):
        del s[-1]
        s.extend(o[::-1])
        if hits is not None:
            _hit(op)
    else:
        _miss(dec.extra, pc)
        _UNPACK(f, dec.args[pc])
    return dec.nexts[pc]


UNPACK_SEQUENCE_TUPLE = UNPACK_SEQUENCE_LIST = _unpack


# ---------------------------------------------------------------------------
# calls to host callables, done at PRECALL (the CALL after it is skipped).
# A call site's keyword names are static (a KW_NAMES precedes the PRECALL or
# not), and these forms are only made where there are none.

def PRECALL_ADAPTIVE(f, pc):
    q = f.dec.extra
    if q.counters[pc]:
        q.counters[pc] -= 1
        return f.dec.nexts[pc]
    S.specialize_PRECALL(q, pc, f.stack, f.dec.args[pc], f.dec.kwnames[f.dec.nexts[pc]])
    return pc


def PRECALL_BOUND_METHOD(f, pc):
    # [NULL, bound method, args] -> [function, self, args]
    dec = f.dec
    s = f.stack
    argc = dec.args[pc]
    n = len(s)
    fn = s[n - 1 - argc]
    if _CHECK[O.PRECALL_BOUND_METHOD](None, s[n - 2 - argc], fn):
        s[n - 2 - argc] = fn.__func__
        s[n - 1 - argc] = fn.__self__
        if hits is not None:
            _hit(O.PRECALL_BOUND_METHOD)
    else:
        _miss(dec.extra, pc)
    return dec.nexts[pc]


def _precall_one(f, pc):
    # [NULL, callable, arg] -> result
    dec = f.dec
    s = f.stack
    c = dec.extra.caches[pc]
    if _CHECK[dec.extra.ops[pc]](c, s[-3], s[-2]):
        fn = c[0]
        if hits is not None:
            _hit(dec.extra.ops[pc])
        r = fn(s[-1])
        del s[-2:]
        s[-1] = r
        return dec.nexts[dec.nexts[pc]]
    _miss(dec.extra, pc)
    return dec.nexts[pc]


PRECALL_NO_KW_LEN = PRECALL_NO_KW_TYPE_1 = PRECALL_NO_KW_STR_1 = PRECALL_NO_KW_TUPLE_1 = \
    PRECALL_NO_KW_BUILTIN_O = _precall_one


def _precall_method_o(f, pc):
    # [method descriptor, self, arg] -> result
    dec = f.dec
    s = f.stack
    c = dec.extra.caches[pc]
    op = dec.extra.ops[pc]
    if _CHECK[op](c, s[-3], s[-2]):
        fn = c[0]
        if hits is not None:
            _hit(op)
        r = fn(s[-2], s[-1])
        del s[-2:]
        s[-1] = r
        return dec.nexts[dec.nexts[pc]]
    _miss(dec.extra, pc)
    return dec.nexts[pc]


PRECALL_NO_KW_LIST_APPEND = PRECALL_NO_KW_METHOD_DESCRIPTOR_O = _precall_method_o


def _precall_n(f, pc):
    # [NULL, callable, args...] or [callable, self, args...] -> result
    dec = f.dec
    s = f.stack
    argc = dec.args[pc]
    n = len(s)
    c = dec.extra.caches[pc]
    op = dec.extra.ops[pc]
    first = s[n - 2 - argc]
    if not _CHECK[op](c, first, s[n - 1 - argc]):
        _miss(dec.extra, pc)
        return dec.nexts[pc]
    if hits is not None:
        _hit(op)
    fn = c[0]
    start = n - 1 - argc if first is fn else n - argc  # (with self, or after the NULL)
    first = None
    r = fn(*s[start:])
    del s[n - 1 - argc:]
    s[-1] = r
    return dec.nexts[dec.nexts[pc]]


PRECALL_NO_KW_ISINSTANCE = PRECALL_NO_KW_BUILTIN_FAST = PRECALL_BUILTIN_CLASS = \
    PRECALL_NO_KW_METHOD_DESCRIPTOR_NOARGS = PRECALL_NO_KW_METHOD_DESCRIPTOR_FAST = _precall_n


# ---------------------------------------------------------------------------
# forms that push a frame: the loop calls these, ``(f, stack, pc, ts) -> frame
# pushed, or None`` (on a miss the generic operation ran instead)

def alloc_and_enter_init(f, stack, pc, ts):
    """CALL_ALLOC_AND_ENTER_INIT: ``C(args)`` of a plain class, object.__new__ and a
    frame for its VM ``__init__``; None on a miss (the loop makes the generic call)."""
    dec = f.dec
    q = dec.extra
    argc = dec.args[pc]
    n = len(stack)
    c = q.caches[pc]
    cls = stack[n - 1 - argc]
    if _CHECK[O.CALL_ALLOC_AND_ENTER_INIT](c, cls, stack[n - 2 - argc], argc):
        # the class is alive (on the stack) and unchanged: its __init__ is the one
        # seen, with the code seen (no keyword names: the specializer refuses them)
        if hits is not None:
            _hit(O.CALL_ALLOC_AND_ENTER_INIT)
        obj = object.__new__(cls)
        held = stack[n - argc:]
        fast = [obj]
        fast.extend(held)
        held.reverse()  # (the arguments, last first: see enter_init)
        del stack[n - 2 - argc:]
        init = c[3]()
        fast.extend([NULL] * (init.dec.nlocalsplus - len(fast)))
        return enter_init(f, pc, init, obj, fast, ts, held)
    _miss(q, pc)
    return None


def getitem_frame(f, stack, pc, ts):
    """BINARY_SUBSCR_GETITEM: ``o[k]`` whose ``__getitem__`` is a VM function runs
    it in a frame; on a miss the generic subscript (None: no frame)."""
    dec = f.dec
    q = dec.extra
    k = stack[-1]
    o = stack[-2]
    c = q.caches[pc]
    if _CHECK[O.BINARY_SUBSCR_GETITEM](c, o, k):
        if hits is not None:
            _hit(O.BINARY_SUBSCR_GETITEM)
        fn = c[3]()
        del stack[-2:]
        fast = [o, k]
        fast.extend([NULL] * (fn.dec.nlocalsplus - 2))
        resume = dec.nexts[pc]
        return push(f, Frame(fn, fast), ts, resume, resume - 1)  # (inlined: the last cache unit)
    _miss(q, pc)
    del stack[-1]
    stack[-1] = o[k]
    return None


def RESUME_QUICK(f, pc):
    return pc + 1


# base instructions that are cheaper as a table call than deep in the loop's chain
def COPY(f, pc):
    s = f.stack
    s.append(s[-f.dec.args[pc]])
    return pc + 1


def SWAP(f, pc):
    s = f.stack
    i = -f.dec.args[pc]
    s[-1], s[i] = s[i], s[-1]
    return pc + 1


def PUSH_NULL(f, pc):
    f.stack.append(NULL)
    return pc + 1


def POP_TOP(f, pc):
    f.stack.pop()
    return pc + 1


# ---------------------------------------------------------------------------
# the table, by name (checked with the loop's own forms: see loop.RUN_BY_LOOP)

def _table():
    table = [None] * 256
    for name, fn in globals().items():
        if name.isupper() and callable(fn) and not name.startswith("_"):
            assert name in O.SPEC or name in O.OPS, f"forms.{name} names no instruction"
            table[O.SPEC[name].code if name in O.SPEC else O.OPS[name].code] = fn
    return table


TABLE = _table()
