"""What the IR ops building containers and strings become in LLVM IR
(``emit_<op>``, merged into :data:`.ops.EMITTERS`).

BUILD_SET, BUILD_SLICE, BUILD_STRING, FORMAT_VALUE, LIST_EXTEND, LIST_TO_TUPLE, SET_ADD,
SET_UPDATE, DICT_UPDATE, ``len()``, and the unpacking ops: C-API calls, and on
the cold paths of unpacking, :mod:`..runtime`'s helpers raising CPython's
messages (the interpreter makes them, not the C-API).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

from .. import runtime
from . import CompileError
from .calls import new_ref, status, status_dropping, vectorcall
from .layout import LIKELY, NEXT_NOT_IMPLEMENTED, OB_SIZE, OB_TYPE, TP_ITERNEXT, addr, raw_addr

_CONVERSIONS = (None, "PyObject_Str", "PyObject_Repr", "PyObject_ASCII")


def emit_build_set(e, op, a):
    s = new_ref(e, "PySet_New", "null")
    for v in a:
        status_dropping(e, s, "PySet_Add", s, v)
    return s


def emit_build_string(e, op, a):
    e.argv_size = max(e.argv_size, len(a) + 1)
    for j, v in enumerate(a):
        e.put(f"store ptr {v}, ptr {e.item('%argv', str(j + 1))}")
    return new_ref(e, "_PyUnicode_JoinArray", addr(""), e.item("%argv", "1"), str(len(a)))


def emit_call_format(e, op, a):
    n = e.const_int(op.args[0], "FORMAT_VALUE's conversion")
    if not 0 <= n < len(_CONVERSIONS):
        raise CompileError(f"conversion {n}")
    if n == 0:
        return new_ref(e, "PyObject_Format", a[1], a[2])
    c = new_ref(e, _CONVERSIONS[n], a[1])
    r = e.call("PyObject_Format", c, a[2])
    e.decref(c)
    e.check_raise(e.let(f"icmp eq ptr {r}, null"))
    return r


def emit_list_extend(e, op, a):
    r = new_ref(e, "_PyList_Extend", a[0], a[1])
    e.decref(r)                                 # (None)


def emit_list_to_tuple(e, op, a):
    return new_ref(e, "PyList_AsTuple", a[0])


def emit_call_list(e, op, a):
    return new_ref(e, "PySequence_List", a[0])


def emit_set_add(e, op, a):
    status(e, "PySet_Add", a[0], a[1])


def emit_set_update(e, op, a):
    status(e, "_PySet_Update", a[0], a[1])


def emit_dict_update(e, op, a):
    status(e, "PyDict_Update", a[0], a[1])


def emit_call_len(e, op, a):
    n = e.call("PyObject_Size", a[0])
    e.check_raise(e.let(f"icmp slt i64 {n}, 0"))
    return n


def emit_build_slice(e, op, a):
    """BUILD_SLICE as CPython's ceval does it: PySlice_New (no step: NULL)."""
    return new_ref(e, "PySlice_New", a[0], a[1], a[2] if len(a) == 3 else "null")


def emit_list_slice(e, op, a):
    seq, lo, hi = a
    is_list = e.let(f"icmp eq ptr {e.load('ptr', seq, OB_TYPE)}, {addr(list)}")
    lb, tb, join = e.label("sl_list"), e.label("sl_tuple"), e.label("sl_join")
    e.put(f"br i1 {is_list}, label %{lb}, label %{tb}")
    e.start(lb)
    v1 = e.call("PyList_GetSlice", seq, lo, hi)
    e.put(f"br label %{join}")
    e.start(tb)
    t = new_ref(e, "PyTuple_GetSlice", seq, lo, hi)
    v2 = e.call("PySequence_List", t)
    e.decref(t)
    t_end = e.block
    e.put(f"br label %{join}")
    e.start(join)
    v = e.let(f"phi ptr [{v1}, %{lb}], [{v2}, %{t_end}]")
    e.check_raise(e.let(f"icmp eq ptr {v}, null"))
    return v


def _raise_with(e, helper, ints):
    """Cold path: call ``helper`` (a :mod:`..runtime` function, which raises)
    with the i64 values ``ints`` boxed, and leave by the exception exit."""
    boxed = [e.call("PyLong_FromLongLong", v) for v in ints]
    vectorcall(e, addr(helper), boxed, "null")
    for b in boxed:
        e.call("Py_DecRef", b)
    e.check_raise("true")


def emit_unpack_next(e, op, a):
    it, expected, k = a
    v = e.call("PyIter_Next", it)
    ok, cold, err, short = (e.label(x) for x in ("un_ok", "un_cold", "un_err", "un_short"))
    e.put(f"br i1 {e.let(f'icmp ne ptr {v}, null')}, label %{ok}, label %{cold}, {LIKELY}")
    e.start(cold)
    occurred = e.call("PyErr_Occurred")
    e.put(f"br i1 {e.let(f'icmp ne ptr {occurred}, null')}, label %{err}, label %{short}")
    e.start(err)
    e.check_raise("true")
    e.put(f"br label %{ok}")
    e.start(short)
    _raise_with(e, runtime.unpack_error, [expected, k, "0"])
    e.put(f"br label %{ok}")
    e.start(ok)
    return v


def emit_unpack_end(e, op, a):
    it, expected = a
    v = e.call("PyIter_Next", it)
    more, none, done = e.label("ue_more"), e.label("ue_none"), e.label("ue_done")
    e.put(f"br i1 {e.let(f'icmp ne ptr {v}, null')}, label %{more}, label %{none}")
    e.start(more)
    e.decref(v)
    _raise_with(e, runtime.unpack_too_many, [expected])
    e.put(f"br label %{done}")
    e.start(none)
    e.check_raise(e.let(f"icmp ne ptr {e.call('PyErr_Occurred')}, null"))
    e.put(f"br label %{done}")
    e.start(done)


def emit_unpack_check(e, op, a):
    lst, before, after = a
    n = e.load("i64", lst, OB_SIZE)
    need = e.let(f"add i64 {before}, {after}")
    ok, short = e.label("uc_ok"), e.label("uc_short")
    e.put(f"br i1 {e.let(f'icmp sge i64 {n}, {need}')}, label %{ok}, label %{short}, {LIKELY}")
    e.start(short)
    _raise_with(e, runtime.unpack_error, [need, n, "1"])
    e.put(f"br label %{ok}")
    e.start(ok)


def emit_dunder_result(e, op, a):
    """The method's value as it is when it is the usual one (runtime.dunder_fast:
    not NotImplemented; None from ``__init__``; a bool from ``__bool__`` or
    ``__contains__``; from ``__iter__`` an iterator: PyIter_Check; from
    ``__len__`` an exact int of at most one digit, not negative: ob_size 0 or 1);
    else runtime.dunder_rest's (a call from native code, which may raise)."""
    _, v, x, y = a
    code = e.const_int(op.args[0], "dunder_result's code")
    kind = code >> 8
    if kind == runtime.INIT_KIND:
        ok = e.let(f"icmp eq ptr {v}, {addr(None)}")
    elif kind in (runtime.BOOL_KIND, runtime.CONTAINS_KIND):
        ok = e.let(f"or i1 {e.let(f'icmp eq ptr {v}, {addr(True)}')}, "
                   f"{e.let(f'icmp eq ptr {v}, {addr(False)}')}")
    elif kind == runtime.ITER_KIND:     # (PyIter_Check)
        nxt = e.load("ptr", e.load("ptr", v, OB_TYPE), TP_ITERNEXT)
        ok = e.let(f"and i1 {e.let(f'icmp ne ptr {nxt}, null')}, "
                   f"{e.let(f'icmp ne ptr {nxt}, {raw_addr(NEXT_NOT_IMPLEMENTED)}')}")
    elif kind == runtime.LEN_KIND:
        # (a bigger int, a bool, an int subclass: the cold path, len_value)
        exact = e.let(f"icmp eq ptr {e.load('ptr', v, OB_TYPE)}, {addr(int)}")
        small = e.let(f"icmp ule i64 {e.load('i64', v, OB_SIZE)}, 1")
        ok = e.let(f"and i1 {exact}, {small}")
    else:
        ok = e.let(f"icmp ne ptr {v}, {addr(NotImplemented)}")
    fast, slow, join = e.label("dr_fast"), e.label("dr_slow"), e.label("dr_join")
    e.put(f"br i1 {ok}, label %{fast}, label %{slow}, {LIKELY}")
    e.start(fast)
    e.incref(v)
    e.put(f"br label %{join}")
    e.start(slow)
    boxed = e.call("PyLong_FromLongLong", str(code))
    r = vectorcall(e, addr(runtime.dunder_rest), [boxed, v, x, y], "null")
    e.call("Py_DecRef", boxed)
    e.check_raise(e.let(f"icmp eq ptr {r}, null"))
    slow_end = e.block
    e.put(f"br label %{join}")
    e.start(join)
    return e.let(f"phi ptr [{v}, %{fast}], [{r}, %{slow_end}]")


EMITTERS = {name[len("emit_"):]: fn for name, fn in list(globals().items())
            if name.startswith("emit_")}
