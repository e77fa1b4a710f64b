"""What each IR op becomes in LLVM IR: ``emit_<op>(e, op, args)``, one per op of ``ir.OPS``.

``e`` is the :class:`~.emitter.Emitter` writing the function; ``args`` are the
op's operands as LLVM values (text); an emitter returns its result's LLVM
value (None for kind v).  Checks that leave the trace go through
``e.guard`` / ``e.check_raise``.  :data:`EMITTERS` (op name -> emitter) is
built once, here, and checked against the op table at import.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import opcodes as O

from .. import ir
from . import CompileError
from .builders import EMITTERS as _BUILDER_EMITTERS
from .calls import new_ref as _new_ref, status as _status, vectorcall as _vectorcall
from .layout import (BINOP_FUNCS, CAPI, CELL_REF, CFUNC_ML, DICT_VERSION, EVAL_BREAKER,
                     FLOAT_VALUE, I64_MIN, LIKELY, LIST_ITEMS, LONG_DIGITS, OB_SIZE, OB_TYPE, RANGEITER_FIELDS,
                     RANGEITER_INLINE, SEQITER_INDEX, SEQITER_SEQ, SMALL_INT_STRIDE, TUPLE_ITEMS,
                     TYPE_VERSION, addr, function, process_int, raw_addr)
from .loopcall import EMITTERS as _LOOPCALL_EMITTERS
from .native import EMITTERS as _NATIVE_EMITTERS
from .objects import EMITTERS as _OBJECT_EMITTERS


# -- guards ----------------------------------------------------------------


def emit_guard_true(e, op, a):
    e.guard(a[0])


def emit_guard_false(e, op, a):
    e.guard(e.let(f"xor i1 {a[0]}, true"))


def emit_leave(e, op, a):
    e.guard("false")


def emit_finish(e, op, a):
    e.guard("false")   # (the exit stores the snapshot: the value on the frame's stack)


def _and_alive(e, op, ok):
    """``ok`` and, if the guard's constant is weak, it is alive (a new object at
    a dead one's address must not pass)."""
    c = op.args[1]
    if isinstance(c, ir.WeakConst):
        return e.let(f"and i1 {ok}, {e.alive(c)}")
    return ok


def emit_guard_class(e, op, a):
    t = e.load("ptr", a[0], OB_TYPE)
    e.guard(_and_alive(e, op, e.let(f"icmp eq ptr {t}, {a[1]}")))


def emit_guard_value(e, op, a):
    e.guard(_and_alive(e, op, e.let(f"icmp eq ptr {a[0]}, {a[1]}")))


def emit_check_interrupt(e, op, a):
    """One load and a branch per path; when the flag is set (rarely), a call of
    the tick function, then the exception exit if it raised, else the exit."""
    if not EVAL_BREAKER:   # (the probe failed: never leave)
        return
    flag = e.let(f"load atomic i32, ptr {raw_addr(EVAL_BREAKER)} monotonic, align 4")
    slow, cont = e.label("interrupt"), e.label("no_interrupt")
    e.put(f"br i1 {e.let(f'icmp eq i32 {flag}, 0')}, label %{cont}, label %{slow}, {LIKELY}")
    e.start(slow)
    r = e.call("PyObject_CallNoArgs", a[0])
    e.check_raise(e.let(f"icmp eq ptr {r}, null"))
    e.decref(r)
    e.guard("false")
    e.put(f"br label %{cont}")   # (unreachable: the guard above always leaves)
    e.start(cont)


def emit_guard_method_def(e, op, a):
    ml = e.load("i64", a[0], CFUNC_ML)
    e.guard(e.let(f"icmp eq i64 {ml}, {_process_int(op.args[1], a[1])}"))


def emit_const_ref(e, op, a):
    e.incref(a[0])
    return a[0]


def emit_guard_nonnull(e, op, a):
    e.guard(e.let(f"icmp ne ptr {a[0]}, null"))


def emit_guard_isnull(e, op, a):
    e.guard(e.let(f"icmp eq ptr {a[0]}, null"))


def emit_guard_dict_version(e, op, a):
    v = e.load("i64", a[0], DICT_VERSION)
    e.guard(e.let(f"icmp eq i64 {v}, {_process_int(op.args[1], a[1])}"))


def emit_guard_type_version(e, op, a):
    v = e.let(f"zext i32 {e.load('i32', a[0], TYPE_VERSION)} to i64")
    e.guard(e.let(f"icmp eq i64 {v}, {_process_int(op.args[1], a[1])}"))


def _process_int(v, text):
    """An i64 operand that is a fact of this process (a version, an address):
    relocated when constant (see layout.Relocations), so cached code fits
    another run."""
    return process_int(v.value) if isinstance(v, ir.Const) else text


def emit_guard_len(e, op, a):
    n = e.load("i64", a[0], OB_SIZE)
    e.guard(e.let(f"icmp eq i64 {n}, {a[1]}"))


# -- boxing ----------------------------------------------------------------


def emit_unbox_int(e, op, a):
    """3.11 ints: ob_size = sign * number of 30-bit digits.  0..2 digits
    always fit; 3 digits fit if the magnitude is <= 2**63 - 1 (2**63 when
    negative); more never do.  The class is checked too (the op's meaning:
    an exact int): opt/unbox moves an unbox of a label arg the body never
    guarded into the preamble without a guard_class -- a temporary the body
    only writes, unbound (pyjit's NULL object) at an entry from the header."""
    p = a[0]
    if not (isinstance(op.args[0], ir.Const) and type(op.args[0].value) is int):
        e.guard(e.let(f"icmp eq ptr {e.load('ptr', p, OB_TYPE)}, {addr(int)}"))
    size = e.load("i64", p, OB_SIZE)
    neg = e.let(f"icmp slt i64 {size}, 0")
    ndig = e.let(f"select i1 {neg}, i64 {e.let(f'sub i64 0, {size}')}, i64 {size}")
    digits = e.field(p, LONG_DIGITS)
    small, big, two, three, join = (e.label(x) for x in
                                    ("ui_small", "ui_big", "ui_two", "ui_three", "ui_join"))
    e.put(f"br i1 {e.let(f'icmp ule i64 {ndig}, 1')}, label %{small}, label %{big}, "
          f"{LIKELY}")

    def digit(j):
        d = e.let(f"load i32, ptr {e.let(f'getelementptr i32, ptr {digits}, i64 {j}')}")
        return e.let(f"zext i32 {d} to i64")

    e.start(small)                 # one digit is always allocated (0 has it too)
    m1 = e.let(f"select i1 {e.let(f'icmp eq i64 {ndig}, 0')}, i64 0, i64 {digit(0)}")
    e.put(f"br label %{join}")
    e.start(big)
    e.put(f"br i1 {e.let(f'icmp eq i64 {ndig}, 2')}, label %{two}, label %{three}")
    e.start(two)
    m2 = e.let(f"or i64 {e.let(f'shl i64 {digit(1)}, 30')}, {digit(0)}")
    e.put(f"br label %{join}")
    e.start(three)
    e.guard(e.let(f"icmp eq i64 {ndig}, 3"))
    d2 = digit(2)
    low = e.let(f"or i64 {e.let(f'shl i64 {digit(1)}, 30')}, {digit(0)}")
    m3 = e.let(f"or i64 {e.let(f'shl i64 {d2}, 60')}, {low}")
    limit = e.let(f"select i1 {neg}, i64 {I64_MIN}, i64 {(1 << 63) - 1}")
    fits = e.let(f"and i1 {e.let(f'icmp ule i64 {d2}, 8')}, "
                 f"{e.let(f'icmp ule i64 {m3}, {limit}')}")
    e.guard(fits)
    three_end = e.block
    e.put(f"br label %{join}")
    e.start(join)
    m = e.let(f"phi i64 [{m1}, %{small}], [{m2}, %{two}], [{m3}, %{three_end}]")
    return e.let(f"select i1 {neg}, i64 {e.let(f'sub i64 0, {m}')}, i64 {m}")


def emit_box_int(e, op, a):
    """CPython's cached object for -5..256 taken inline (a reference more), the
    call for the others: an argument such as fib's ``n - 1`` is mostly small."""
    if SMALL_INT_STRIDE is None:
        return e.call("PyLong_FromLongLong", a[0])
    small, big, join = e.label("bi_small"), e.label("bi_call"), e.label("bi")
    shifted = e.let(f"add i64 {a[0]}, 5")
    e.put(f"br i1 {e.let(f'icmp ult i64 {shifted}, 262')}, label %{small}, label %{big}")
    e.start(small)
    o1 = e.let(f"getelementptr i8, ptr {addr(0)}, i64 "
               f"{e.let(f'mul i64 {a[0]}, {SMALL_INT_STRIDE}')}")
    e.incref(o1)
    e.put(f"br label %{join}")
    e.start(big)
    o2 = e.call("PyLong_FromLongLong", a[0])
    big_end = e.block
    e.put(f"br label %{join}")
    e.start(join)
    return e.let(f"phi ptr [{o1}, %{small}], [{o2}, %{big_end}]")


def emit_unbox_float(e, op, a):
    return e.load("double", a[0], FLOAT_VALUE)


def emit_box_float(e, op, a):
    return e.call("PyFloat_FromDouble", a[0])


def emit_box_bool(e, op, a):
    p = e.let(f"select i1 {a[0]}, ptr {addr(True)}, ptr {addr(False)}")
    e.incref(p)
    return p


# -- machine integers ----------------------------------------------------


def _ovf(e, intrinsic, a):
    pair = e.call(intrinsic, a[0], a[1])
    ovf = e.let(f"extractvalue {{i64, i1}} {pair}, 1")
    e.guard(e.let(f"xor i1 {ovf}, true"))
    return e.let(f"extractvalue {{i64, i1}} {pair}, 0")


def emit_int_add_ovf(e, op, a):
    return _ovf(e, "llvm.sadd.with.overflow.i64", a)


def emit_int_sub_ovf(e, op, a):
    return _ovf(e, "llvm.ssub.with.overflow.i64", a)


def emit_int_mul_ovf(e, op, a):
    return _ovf(e, "llvm.smul.with.overflow.i64", a)


# (nsw: the optimizer proved no signed overflow, LLVM may rely on it)
def emit_int_add(e, op, a):
    return e.let(f"add nsw i64 {a[0]}, {a[1]}")


def emit_int_sub(e, op, a):
    return e.let(f"sub nsw i64 {a[0]}, {a[1]}")


def emit_int_mul(e, op, a):
    return e.let(f"mul nsw i64 {a[0]}, {a[1]}")


def _signs_differ(e, r, y):
    """i1: remainder r is nonzero and its sign differs from divisor y's."""
    differ = e.let(f"icmp slt i64 {e.let(f'xor i64 {r}, {y}')}, 0")
    return e.let(f"and i1 {e.let(f'icmp ne i64 {r}, 0')}, {differ}")


def emit_int_floordiv(e, op, a):
    x, y = a
    e.guard(e.let(f"icmp ne i64 {y}, 0"))
    ovf = e.let(f"and i1 {e.let(f'icmp eq i64 {x}, {I64_MIN}')}, "
                f"{e.let(f'icmp eq i64 {y}, -1')}")
    e.guard(e.let(f"xor i1 {ovf}, true"))
    q = e.let(f"sdiv i64 {x}, {y}")
    r = e.let(f"srem i64 {x}, {y}")
    # C truncates toward zero; Python floors: one less when the signs differ
    adjust = _signs_differ(e, r, y)
    return e.let(f"sub i64 {q}, {e.let(f'zext i1 {adjust} to i64')}")


def emit_int_mod(e, op, a):
    x, y = a
    e.guard(e.let(f"icmp ne i64 {y}, 0"))
    # x % -1 is 0, but srem INT64_MIN, -1 traps on x86: divide by 1 instead
    ysafe = e.let(f"select i1 {e.let(f'icmp eq i64 {y}, -1')}, i64 1, i64 {y}")
    r = e.let(f"srem i64 {x}, {ysafe}")
    adjust = _signs_differ(e, r, y)
    return e.let(f"select i1 {adjust}, i64 {e.let(f'add i64 {r}, {y}')}, i64 {r}")


def emit_int_neg_ovf(e, op, a):
    e.guard(e.let(f"icmp ne i64 {a[0]}, {I64_MIN}"))
    return e.let(f"sub i64 0, {a[0]}")


def emit_int_rshift(e, op, a):
    x, n = a
    e.guard(e.let(f"icmp sge i64 {n}, 0"))        # a negative count raises
    # counts past 63 give 0 or -1, as an arithmetic shift by 63 does
    k = e.let(f"select i1 {e.let(f'icmp ugt i64 {n}, 63')}, i64 63, i64 {n}")
    return e.let(f"ashr i64 {x}, {k}")


def emit_int_lshift_ovf(e, op, a):
    x, n = a
    e.guard(e.let(f"icmp ult i64 {n}, 64"))       # negative (raises) or too far
    r = e.let(f"shl i64 {x}, {n}")
    e.guard(e.let(f"icmp eq i64 {e.let(f'ashr i64 {r}, {n}')}, {x}"))
    return r


def emit_int_and(e, op, a):
    return e.let(f"and i64 {a[0]}, {a[1]}")


def emit_int_or(e, op, a):
    return e.let(f"or i64 {a[0]}, {a[1]}")


def emit_int_xor(e, op, a):
    return e.let(f"xor i64 {a[0]}, {a[1]}")


def emit_int_is_true(e, op, a):
    return e.let(f"icmp ne i64 {a[0]}, 0")


def emit_int_to_float(e, op, a):
    return e.let(f"sitofp i64 {a[0]} to double")


def emit_float_to_int(e, op, a):
    # -2**63 <= x < 2**63 (ordered compares: nan leaves), then truncation toward
    # zero, as int(x); both bounds are exact doubles
    lo = e.let(f"fcmp oge double {a[0]}, 0xC3E0000000000000")
    hi = e.let(f"fcmp olt double {a[0]}, 0x43E0000000000000")
    e.guard(e.let(f"and i1 {lo}, {hi}"))
    return e.let(f"fptosi double {a[0]} to i64")


def emit_float_pow(e, op, a):
    # CPython's float ** float for a finite base > 0 and a finite exponent is
    # libm's pow (the one the process has), or OverflowError for an inf result;
    # nobuiltin: LLVM must not rewrite the call (pow(x, 2.0) -> x * x, pow(x, -1.0)
    # -> 1 / x are not always pow's rounding)
    x, y = a
    ok = e.let(f"fcmp ogt double {x}, 0.0")
    ok = e.let(f"and i1 {ok}, {e.let(f'fcmp olt double {x}, 0x7FF0000000000000')}")
    ok = e.let(f"and i1 {ok}, {e.let(f'fcmp olt double {y}, 0x7FF0000000000000')}")
    e.guard(e.let(f"and i1 {ok}, {e.let(f'fcmp ogt double {y}, 0xFFF0000000000000')}"))
    r = e.let(f"call double {function('pow')}(double {x}, double {y}) nobuiltin")
    e.guard(e.let(f"fcmp olt double {r}, 0x7FF0000000000000"))
    return r


# -- doubles (IEEE, no fast-math: exactly CPython's float) ---------------


def emit_float_add(e, op, a):
    return e.let(f"fadd double {a[0]}, {a[1]}")


def emit_float_sub(e, op, a):
    return e.let(f"fsub double {a[0]}, {a[1]}")


def emit_float_mul(e, op, a):
    return e.let(f"fmul double {a[0]}, {a[1]}")


def emit_float_truediv(e, op, a):
    e.guard(e.let(f"fcmp une double {a[1]}, 0.0"))    # +0.0 and -0.0 leave; nan divides
    return e.let(f"fdiv double {a[0]}, {a[1]}")


def emit_float_neg(e, op, a):
    return e.let(f"fneg double {a[0]}")


def emit_float_is_true(e, op, a):
    return e.let(f"fcmp une double {a[0]}, 0.0")          # nan is true


def emit_bool_not(e, op, a):
    return e.let(f"xor i1 {a[0]}, true")


def emit_ptr_eq(e, op, a):
    return e.let(f"icmp eq ptr {a[0]}, {a[1]}")


# -- containers with a known layout ----------------------------------------


def emit_list_getitem(e, op, a):
    lst, i = a
    n = e.load("i64", lst, OB_SIZE)
    e.guard(e.let(f"icmp ult i64 {i}, {n}"))          # unsigned: also i >= 0
    items = e.load("ptr", lst, LIST_ITEMS)                # re-read: lists move
    v = e.load("ptr", e.item(items, i))
    e.incref(v)
    return v


def emit_list_setitem(e, op, a):
    lst, i, v = a
    n = e.load("i64", lst, OB_SIZE)
    e.guard(e.let(f"icmp ult i64 {i}, {n}"))
    e.incref(v)
    at = e.item(e.load("ptr", lst, LIST_ITEMS), i)
    old = e.load("ptr", at)
    e.put(f"store ptr {v}, ptr {at}")
    e.decref(old)                          # last: a __del__ sees the list updated


def emit_tuple_getitem(e, op, a):
    v = e.load("ptr", e.item(e.field(a[0], TUPLE_ITEMS), a[1]))
    e.incref(v)
    return v


def emit_cell_get(e, op, a):
    v = e.load("ptr", a[0], CELL_REF)
    e.guard(e.let(f"icmp ne ptr {v}, null"))      # empty: the interpreter raises
    e.incref(v)
    return v


def emit_cell_set(e, op, a):
    cell, v = a
    e.incref(v)
    at = e.field(cell, CELL_REF)
    old = e.load("ptr", at)
    e.put(f"store ptr {v}, ptr {at}")
    e.if_nonnull(old, e.decref)        # last: a __del__ sees the cell updated


def emit_count(e, op, a):
    # (statistics: a path's runs, for the native share; the address is a ctypes int64)
    at = (raw_addr(op.args[0].value) if isinstance(op.args[0], ir.Const)
          else e.let(f"inttoptr i64 {a[0]} to ptr"))
    n = e.load("i64", at)
    e.put(f"store i64 {e.let(f'add i64 {n}, 1')}, ptr {at}")


def emit_frame_end(e, op, a):
    pass   # (no code: the values it names die after it, in its order -- ownership.RefPlan)


def emit_len_list(e, op, a):
    return e.load("i64", a[0], OB_SIZE)


def emit_rangeiter_next(e, op, a):
    it = a[0]
    if not RANGEITER_INLINE:
        v = e.call("PyIter_Next", it)
        e.guard(e.let(f"icmp ne ptr {v}, null"))
        n = e.call("PyLong_AsLongLong", v)
        e.decref(v)
        return n
    f_index, f_start, f_step, f_len = (e.field(it, off) for off in RANGEITER_FIELDS)
    index = e.load("i64", f_index)
    e.guard(e.let(f"icmp slt i64 {index}, {e.load('i64', f_len)}"))
    e.put(f"store i64 {e.let(f'add i64 {index}, 1')}, ptr {f_index}")
    # wrapping arithmetic, as rangeobject.c does it in unsigned long
    step = e.let(f"mul i64 {index}, {e.load('i64', f_step)}")
    return e.let(f"add i64 {e.load('i64', f_start)}, {step}")


def _seqiter_next(e, it, item_addr):
    """list/tuple iterator: inline while the index is in range; otherwise the
    type's own tp_iternext (through PyIter_Next), which clears it_seq at the
    end as CPython does; NULL from it leaves the trace."""
    seq = e.load("ptr", it, SEQITER_SEQ)
    check, fast, slow, join = (e.label(x) for x in ("it_check", "it_fast", "it_slow",
                                                     "it_join"))
    e.put(f"br i1 {e.let(f'icmp ne ptr {seq}, null')}, label %{check}, label %{slow}, "
          f"{LIKELY}")
    e.start(check)
    f_index = e.field(it, SEQITER_INDEX)
    index = e.load("i64", f_index)
    inrange = e.let(f"icmp slt i64 {index}, {e.load('i64', seq, OB_SIZE)}")
    e.put(f"br i1 {inrange}, label %{fast}, label %{slow}, {LIKELY}")
    e.start(fast)
    v1 = e.load("ptr", item_addr(seq, index))
    e.incref(v1)
    e.put(f"store i64 {e.let(f'add i64 {index}, 1')}, ptr {f_index}")
    fast_end = e.block
    e.put(f"br label %{join}")
    e.start(slow)
    v2 = e.call("PyIter_Next", it)
    e.guard(e.let(f"icmp ne ptr {v2}, null"))
    slow_end = e.block
    e.put(f"br label %{join}")
    e.start(join)
    return e.let(f"phi ptr [{v1}, %{fast_end}], [{v2}, %{slow_end}]")


def emit_listiter_next(e, op, a):
    return _seqiter_next(e, a[0], lambda seq, i: e.item(e.load("ptr", seq, LIST_ITEMS), i))


def emit_tupleiter_next(e, op, a):
    return _seqiter_next(e, a[0], lambda seq, i: e.item(e.field(seq, TUPLE_ITEMS), i))


# -- generic operations: the C-API -----------------------------------------


def emit_call_binop(e, op, a):
    n = e.const_int(op.args[0], "call_binop's operator")
    fn = BINOP_FUNCS[n]
    extra = (addr(None),) if fn.endswith("Power") else ()
    return _new_ref(e, fn, a[1], a[2], *extra)


def emit_call_compare(e, op, a):
    n = e.const_int(op.args[0], "call_compare's operator")
    if not 0 <= n < len(O.COMPARE_OP_TABLE):
        raise CompileError(f"compare op {n}")
    # (COMPARE_OP's oparg is the C-API's op number, Py_LT ... Py_GE)
    return _new_ref(e, "PyObject_RichCompare", a[1], a[2], str(n))


def emit_call_unary(e, op, a):
    n = e.const_int(op.args[0], "call_unary's operator")
    if not 0 <= n < len(ir.UNARY_OPS):
        raise CompileError(f"unary op {n}")
    fn = ir.UNARY_OPS[n].capi
    if CAPI[fn][0] == "i32":              # a truth (PyObject_Not): 1, 0, or -1 raised
        r = _status(e, fn, a[1])
        p = e.let(f"select i1 {e.let(f'icmp sgt i32 {r}, 0')}, "
                  f"ptr {addr(True)}, ptr {addr(False)}")
        e.incref(p)
        return p
    return _new_ref(e, fn, a[1])


def emit_call_truth(e, op, a):
    r = _status(e, "PyObject_IsTrue", a[0])
    return e.let(f"icmp sgt i32 {r}, 0")


def emit_call_contains(e, op, a):
    r = _status(e, "PySequence_Contains", a[1], a[0])     # (container, item)
    return e.let(f"icmp sgt i32 {r}, 0")


def emit_call_getattr(e, op, a):
    return _new_ref(e, "PyObject_GetAttr", a[0], a[1])


def emit_call_setattr(e, op, a):
    _status(e, "PyObject_SetAttr", a[0], a[1], a[2])


def emit_call_getitem(e, op, a):
    return _new_ref(e, "PyObject_GetItem", a[0], a[1])


def emit_call_setitem(e, op, a):
    _status(e, "PyObject_SetItem", a[0], a[1], a[2])


def emit_call_delitem(e, op, a):
    _status(e, "PyObject_DelItem", a[0], a[1])


def emit_call_iternext(e, op, a):
    """PyIter_Next; NULL without an error is "exhausted" (the result is
    NULL: a guard_nonnull follows).  Not an iterator: builtins.next raises
    the TypeError CPython's next() does."""
    it = a[0]
    isiter, notiter, join = (e.label(x) for x in ("in_iter", "in_notiter", "in_join"))
    r = e.call("PyIter_Check", it)
    e.put(f"br i1 {e.let(f'icmp ne i32 {r}, 0')}, label %{isiter}, "
          f"label %{notiter}, {LIKELY}")
    e.start(isiter)
    v1 = e.call("PyIter_Next", it)
    e.put(f"br label %{join}")
    e.start(notiter)
    v2 = _vectorcall(e, addr(next), [it], "null")
    e.put(f"br label %{join}")
    e.start(join)
    v = e.let(f"phi ptr [{v1}, %{isiter}], [{v2}, %{notiter}]")
    null, cont = e.label("in_null"), e.label("in_done")
    e.put(f"br i1 {e.let(f'icmp eq ptr {v}, null')}, label %{null}, label %{cont}")
    e.start(null)
    e.check_raise(e.let(f"icmp ne ptr {e.call('PyErr_Occurred')}, null"))
    e.put(f"br label %{cont}")
    e.start(cont)
    return v


def emit_call_getiter(e, op, a):
    return _new_ref(e, "PyObject_GetIter", a[0])


def emit_call(e, op, a):
    v = _vectorcall(e, a[0], a[1:], "null")
    e.check_raise(e.let(f"icmp eq ptr {v}, null"))
    return v


def emit_call_kw(e, op, a):
    fn, kwnames, args = a[0], a[1], a[2:]
    names = op.args[1]
    if isinstance(names, ir.Const):
        if type(names.value) is not tuple or len(names.value) > len(args):
            raise CompileError("call_kw's kwnames must be a tuple of at most nargs names")
        npos = str(len(args) - len(names.value))
        if not names.value:
            kwnames = "null"
    else:      # a tuple known only at run time
        nkw = e.load("i64", kwnames, OB_SIZE)
        npos = e.let(f"sub i64 {len(args)}, {nkw}")
        kwnames = e.let(f"select i1 {e.let(f'icmp eq i64 {nkw}, 0')}, ptr null, "
                        f"ptr {kwnames}")
    v = _vectorcall(e, fn, args, kwnames, npos)
    e.check_raise(e.let(f"icmp eq ptr {v}, null"))
    return v


def emit_build_tuple(e, op, a):
    t = _new_ref(e, "PyTuple_New", str(len(a)))
    items = e.field(t, TUPLE_ITEMS)
    for j, v in enumerate(a):
        e.incref(v)
        e.put(f"store ptr {v}, ptr {e.item(items, str(j))}")
    return t


def emit_build_list(e, op, a):
    lst = _new_ref(e, "PyList_New", str(len(a)))
    if a:
        items = e.load("ptr", lst, LIST_ITEMS)
        for j, v in enumerate(a):
            e.incref(v)
            e.put(f"store ptr {v}, ptr {e.item(items, str(j))}")
    return lst


# comparisons: ints signed; floats ordered (false with a nan) except != (true)
# (LLVM's predicate for each COMPARE_OP symbol of opcodes.COMPARE_OP_TABLE)
_ICMP = {"<": "slt", "<=": "sle", "==": "eq", "!=": "ne", ">": "sgt", ">=": "sge"}
_FCMP = {"<": "olt", "<=": "ole", "==": "oeq", "!=": "une", ">": "ogt", ">=": "oge"}


def _comparison(kind, ty, cond):
    def emit(e, op, a):
        return e.let(f"{kind} {cond} {ty} {a[0]}, {a[1]}")
    return emit


# ---------------------------------------------------------------------------
# the dispatch table: op name -> emitter, checked against ir.OPS at import (the
# structural ops, label and jump, are the emitter's own: Emitter.emit_path)

EMITTERS = ir.handler_table("the LLVM backend", [
    *((name[len("emit_"):], fn) for name, fn in list(globals().items())
      if name.startswith("emit_")),
    *_OBJECT_EMITTERS.items(),
    *_BUILDER_EMITTERS.items(),
    *_NATIVE_EMITTERS.items(),
    *_LOOPCALL_EMITTERS.items(),
    *((c.int_op, _comparison("icmp", "i64", _ICMP[c.symbol])) for c in O.COMPARE_OP_TABLE),
    *((c.float_op, _comparison("fcmp", "double", _FCMP[c.symbol])) for c in O.COMPARE_OP_TABLE),
])
