"""``call_assembler`` in native code: a call of a function's compiled trace (jit/nativecall.py).

The fast path, when the callee's :class:`~pyjit.jit.nativecall.Callee` cell
has an entry (its code is LLVM code taking its parameters in order), this
thread owns the shared cell, the native nesting is below its bound and the
call stays under the recursion limit (counting the frames the callee's code
inlines)::

    ts.depth += 1 (an int from nativecall.DEPTH_INTS; its value read inline)
    native depth d += 1
    buf = POOL[d] if there (taken: NULL     one list per native depth, kept
          in its place), else a new list    with its room, emptied, between calls
    buf[:] = [None, args..., None...]       the callee's inputs (it takes them)
    r = entry(DIRECT, buf)                  the callee's C function (backend_llvm's
                                            protocol; DIRECT: see emitter._return_direct)
    depth restored
    r is RETURNED:                   the callee's return, direct: the result is
                                     buf[0] (its locals already released, in
                                     RETURN_VALUE order)
    r is exit g and table[g] >= 0:   a return through the exit runtime (a snapshot
                                     with a virtual object): the result is
                                     buf[table[g]]; the other values are released
                                     in buf order (the snapshot lists the locals
                                     by index: the interpreter's RETURN_VALUE order)
    then: buf emptied, back to POOL[d] if nothing else holds it and the place is free
    otherwise (another exit, or NULL: an op raised) nativecall.left(c, fn,
                                     buf, g or the exception) finishes the call in
                                     the interpreter and gives its result

Everything else -- no code, another thread, too deep, the eval breaker set (a
signal, a thread waiting for the GIL) -- is a vectorcall of
``nativecall.call``, which decides in Python (and makes the cell this
thread's).  A NULL result leaves through the op's exception exit, as ``call``.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit.frame import ThreadState

from .. import nativecall as NC
from . import CompileError
from .calls import vectorcall
from .layout import (DIRECT, RETURNED, EVAL_BREAKER, LIKELY, LIST_ALLOCATED, LIST_ITEMS,
                     LONG_DIGITS, OB_REFCNT, OB_SIZE, TSTATE_CURRENT, addr,
                     member_offset, raw_addr)

DEPTH_OFFSET = member_offset(ThreadState.__dict__["depth"])
MAX_PRESIZE = 32   # items of a call's buffer made ready for its return exit


def _counter(k):
    return raw_addr(NC.COUNTERS_ADDRESS + 8 * k)


def _depth_value(e, dobj):
    """The value of ``ts.depth`` (an int object): its one digit, read inline,
    when it has at most one (every depth below 2**30), else PyLong_AsLongLong."""
    size = e.load("i64", dobj, OB_SIZE)
    small, big, join = e.label("nc_d_small"), e.label("nc_d_big"), e.label("nc_d")
    e.put(f"br i1 {e.let(f'icmp ult i64 {size}, 2')}, label %{small}, label %{big}, {LIKELY}")
    e.start(small)
    digit = e.let(f"zext i32 {e.load('i32', dobj, LONG_DIGITS)} to i64")
    v1 = e.let(f"select i1 {e.let(f'icmp eq i64 {size}, 0')}, i64 0, i64 {digit}")
    e.put(f"br label %{join}")
    e.start(big)
    v2 = e.call("PyLong_AsLongLong", dobj)
    big_end = e.block
    e.put(f"br label %{join}")
    e.start(join)
    return e.let(f"phi i64 [{v1}, %{small}], [{v2}, %{big_end}]")


def _depth_object(e, n):
    """A new reference to the int ``n`` (i64): from nativecall's table of depth
    ints when below its size (no call), else PyLong_FromLongLong (NULL: failed)."""
    table, call, join = e.label("nc_i_table"), e.label("nc_i_new"), e.label("nc_i")
    e.put(f"br i1 {e.let(f'icmp ult i64 {n}, {len(NC.DEPTH_INTS)}')}, label %{table}, "
          f"label %{call}, {LIKELY}")
    e.start(table)
    o1 = e.load("ptr", e.let(f"getelementptr ptr, ptr {raw_addr(NC.DEPTH_INTS_ADDRESS)}, "
                             f"i64 {n}"))
    e.incref(o1)
    table_end = e.block
    e.put(f"br label %{join}")
    e.start(call)
    o2 = e.call("PyLong_FromLongLong", n)
    e.put(f"br label %{join}")
    e.start(join)
    return e.let(f"phi ptr [{o1}, %{table_end}], [{o2}, %{call}]")


def emit_call_assembler(e, op, a):
    fn, args = a[0], a[2:]
    cal = op.args[1].value
    if type(cal) is not NC.Callee or len(args) != len(cal.entry):
        raise CompileError("call_assembler's callee must be a constant Callee of its arity "
                           "(the slots bound at its entry)")
    return emit_native_call(
        e, fn, cal.cell_address, args, 2 + cal.nlocals, True, None,
        lambda: vectorcall(e, addr(NC.call), [fn, addr(cal)] + list(args), "null"),
        addr(NC.left), [])


def emit_native_call(e, fn, cell, args, presize, depth, version, slow_call, left, left_extra):
    """A native call of compiled code through a callee's ``cell`` (see the module
    doc), ``args`` its inputs.  ``depth``: the call counts a frame
    (``ts.depth + 1`` while it runs; call_assembler) -- else the caller's frame
    is the frame (call_loop, jit/llvm/loopcall.py); an int: that many frames
    (call_loop_in).  ``version``: the value
    ``cell[6]`` must hold for ``args``' order (None: not checked).
    ``slow_call()`` emits the call deciding in Python; ``left`` is called with
    ``(the Compiled, fn, buf, exit or exception, *left_extra)`` for the exits
    that are not returns."""
    e.argv_size = max(e.argv_size, len(args) + 3, 5 + len(left_extra))
    slow, fast, done = e.label("nc_slow"), e.label("nc_fast"), e.label("nc_done")
    results = []    # (value, block) for the phi at done

    def cell_load(ty, k):
        return e.load(ty, raw_addr(cell + 8 * k))

    def br_unless(ok, then):
        nxt = e.label("nc_ok")
        e.put(f"br i1 {ok}, label %{nxt}, label %{then}, {LIKELY}")
        e.start(nxt)

    def published():
        ok = e.let(f"icmp ne ptr {cell_load('ptr', 0)}, null")
        if version is not None:
            same = e.let(f"icmp eq i64 {cell_load('i64', 6)}, {version}")
            ok = e.let(f"and i1 {ok}, {same}")
        return ok

    br_unless(published(), slow)
    owner = e.load("i64", _counter(NC.OWNER_TSTATE))
    if TSTATE_CURRENT:    # (PyThreadState_Get's word, read as it reads it)
        me = e.let(f"load atomic i64, ptr {raw_addr(TSTATE_CURRENT)} monotonic, align 8")
    else:
        me = e.let(f"ptrtoint ptr {e.call('PyThreadState_Get')} to i64")
    br_unless(e.let(f"icmp eq i64 {owner}, {me}"), slow)
    if EVAL_BREAKER:
        # a signal, a thread waiting for the GIL, a pending call: nativecall.call
        # (Python: CPython handles the request as it runs it, as at a function's
        # entry -- a recursion of native calls would not otherwise stop for it)
        flag = e.let(f"load atomic i32, ptr {raw_addr(EVAL_BREAKER)} monotonic, align 4")
        br_unless(e.let(f"icmp eq i32 {flag}, 0"), slow)
    nd = e.load("i64", _counter(NC.NATIVE_DEPTH))
    br_unless(e.let(f"icmp slt i64 {nd}, {NC.MAX_NATIVE_DEPTH}"), slow)
    ts = e.let(f"inttoptr i64 {e.load('i64', _counter(NC.OWNER_TS))} to ptr")
    dslot = e.field(ts, DEPTH_OFFSET)
    dobj = e.load("ptr", dslot)
    d = _depth_value(e, dobj)
    need = e.let(f"add i64 {d}, {int(depth)}") if depth else d
    deepest = e.let(f"add i64 {need}, {cell_load('i64', 2)}")
    limit = e.load("i64", _counter(NC.LIMIT))
    br_unless(e.let(f"icmp slt i64 {deepest}, {limit}"), slow)
    e.put(f"br label %{fast}")

    # -- fast: the callee's code, called directly
    e.start(fast)
    if depth:
        dnew = _depth_object(e, need)
        e.check_raise(e.let(f"icmp eq ptr {dnew}, null"))
    # buf holds [None, args...]; its room is enough for the callee's return
    # exit's values too -- its locals, then the result: the exit runtime appends
    # them without growing the list an allocation at a time
    size = 1 + len(args)
    room_needed = max(size, presize) if presize <= MAX_PRESIZE else size
    # The buffer: this native depth's list from the pool if it is there, big
    # enough and only the pool's (an empty list keeping its room), else a new one.
    pslot = e.let(f"getelementptr ptr, ptr {raw_addr(NC.POOL_ADDRESS)}, i64 {nd}")
    pooled = e.load("ptr", pslot)
    try_pool, check, reuse, fresh = (e.label(x) for x in ("nc_pool", "nc_check", "nc_reuse",
                                                          "nc_new"))
    e.put(f"br i1 {e.let(f'icmp ne ptr {pooled}, null')}, label %{check}, label %{fresh}")
    e.start(check)
    room = e.load("i64", pooled, LIST_ALLOCATED)
    refs = e.load("i64", pooled, OB_REFCNT)
    fits = e.let(f"and i1 {e.let(f'icmp sge i64 {room}, {room_needed}')}, "
                 f"{e.let(f'icmp eq i64 {refs}, 1')}")
    e.put(f"br i1 {fits}, label %{reuse}, label %{fresh}, {LIKELY}")
    e.start(reuse)
    e.put(f"store ptr null, ptr {pslot}")      # (taken: a nested user finds none)
    e.put(f"store i64 {size}, ptr {e.field(pooled, OB_SIZE)}")
    e.put(f"br label %{try_pool}")
    e.start(fresh)
    newbuf = e.call("PyList_New", str(room_needed))
    nobuf, made = e.label("nc_nobuf"), e.label("nc_made")
    e.put(f"br i1 {e.let(f'icmp eq ptr {newbuf}, null')}, label %{nobuf}, label %{made}")
    e.start(made)
    e.put(f"store i64 {size}, ptr {e.field(newbuf, OB_SIZE)}")   # (the rest: room, NULL)
    fresh_end = e.block
    e.put(f"br label %{try_pool}")
    e.start(nobuf)
    if depth:
        e.call("Py_DecRef", dnew)
    e.check_raise("true")
    e.put(f"br label %{try_pool}")        # (unreachable: the exit above always leaves)
    nobuf_end = e.block
    e.start(try_pool)
    buf = e.let(f"phi ptr [{pooled}, %{reuse}], [{newbuf}, %{fresh_end}], "
                f"[{newbuf}, %{nobuf_end}]")
    items = e.load("ptr", buf, LIST_ITEMS)
    none = addr(None)
    e.incref(none)
    e.put(f"store ptr {none}, ptr {e.item(items, '0')}")
    for j, v in enumerate(args):
        e.incref(v)
        e.put(f"store ptr {v}, ptr {e.item(items, str(j + 1))}")
    # What the call uses of the callee's current code is read only now: the
    # allocations above may have run program code (a finalizer) that changed it;
    # from here to the end the native depth is one higher, which keeps what was
    # read alive (nativecall.sweep frees replaced code only at depth 0).
    ok = published()
    entry = cell_load("ptr", 0)
    undo, go = e.label("nc_undo"), e.label("nc_go")
    e.put(f"br i1 {ok}, label %{go}, label %{undo}")
    e.start(undo)
    e.call("Py_DecRef", buf)
    if depth:
        e.call("Py_DecRef", dnew)
    e.put(f"br label %{slow}")
    e.start(go)
    c_obj = cell_load("ptr", 1)          # (the Compiled whose code runs: its exits)
    table = cell_load("ptr", 3)
    ntable = cell_load("i64", 4)
    # the call in progress, for frame views (nativecall.RUNNING): the caller's
    # buf (this code's), the callee's, its code, its function; cleared as it returns
    rec = e.let(f"getelementptr ptr, ptr {raw_addr(NC.RUNNING_ADDRESS)}, "
                f"i64 {e.let(f'mul i64 {nd}, {NC.RECORD}')}")
    for j, v in enumerate(("%buf", buf, c_obj, fn)):
        at = rec if j == 0 else e.let(f"getelementptr ptr, ptr {rec}, i64 {j}")
        e.put(f"store ptr {v}, ptr {at}")
    if depth:
        e.put(f"store ptr {dnew}, ptr {dslot}")
    e.put(f"store i64 {e.let(f'add i64 {nd}, 1')}, ptr {_counter(NC.NATIVE_DEPTH)}")
    calls = _counter(NC.NATIVE_CALLS)
    ncalls = e.load("i64", calls)
    e.put(f"store i64 {e.let(f'add i64 {ncalls}, 1')}, ptr {calls}")
    r = e.let(f"call ptr {entry}(ptr inttoptr (i64 {DIRECT} to ptr), ptr {buf})")
    if depth:
        cur = e.load("ptr", dslot)
        e.put(f"store ptr {dobj}, ptr {dslot}")
        e.decref(cur)
    raised, got, direct = e.label("nc_raised"), e.label("nc_exit"), e.label("nc_returned")
    e.put(f"switch i64 {e.let(f'ptrtoint ptr {r} to i64')}, label %{got} "
          f"[i64 0, label %{raised} i64 {RETURNED}, label %{direct}]")

    # the callee's return, direct: the result is buf[0]; the rest -- the
    # inputs' places, None since the callee took them -- released unrolled
    # when buf has the size it was given (a path that stored an exit's values
    # may have grown it: then the loop below), the Nones in one decrement
    e.start(direct)
    items0 = e.load("ptr", buf, LIST_ITEMS)
    at0 = e.item(items0, "0")
    res0 = e.load("ptr", at0)
    e.put(f"store ptr null, ptr {at0}")
    direct_end = e.block
    drop, unrolled = e.label("nc_drop_all"), e.label("nc_drop_known")
    same = e.let(f"icmp eq i64 {e.load('i64', buf, OB_SIZE)}, {size}")
    e.put(f"br i1 {same}, label %{unrolled}, label %{drop}, {LIKELY}")
    e.start(unrolled)
    nones = "0"
    for j in range(1, size):
        ip = e.item(items0, str(j))
        item = e.load("ptr", ip)
        e.put(f"store ptr null, ptr {ip}")
        is_none = e.let(f"icmp eq ptr {item}, {none}")
        nones = e.let(f"add i64 {nones}, {e.let(f'zext i1 {is_none} to i64')}")
        other = e.let(f"select i1 {is_none}, ptr null, ptr {item}")
        e.if_nonnull(other, e.decref)
    if size > 1:     # (None is never freed: its count only goes down)
        at = e.field(none, OB_REFCNT)
        rc = e.load("i64", at)
        e.put(f"store i64 {e.let(f'sub i64 {rc}, {nones}')}, ptr {at}")
    unrolled_end = e.block
    empty = e.label("nc_emptied")
    e.put(f"br label %{empty}")

    # an exit: a return by the exit table, or the interpreter finishes the call
    e.start(got)
    g = e.call("PyLong_AsLongLong", r)
    look, other = e.label("nc_look"), e.label("nc_other")
    e.put(f"br i1 {e.let(f'icmp ult i64 {g}, {ntable}')}, label %{look}, label %{other}")
    e.start(look)
    pos = e.load("i64", e.let(f"getelementptr i64, ptr {table}, i64 {g}"))
    ret = e.label("nc_ret")
    e.put(f"br i1 {e.let(f'icmp sge i64 {pos}, 0')}, label %{ret}, label %{other}")
    e.start(ret)
    e.call("Py_DecRef", r)
    items = e.load("ptr", buf, LIST_ITEMS)   # (the exit may have grown buf)
    at = e.item(items, pos)
    res1 = e.load("ptr", at)
    e.put(f"store ptr null, ptr {at}")
    ret_end = e.block
    e.put(f"br label %{drop}")

    # the rest of buf released in buf order (NULL-safe: the result's place), buf
    # back to the pool (emptied) if nothing else holds it and the place is free
    e.start(drop)
    res = e.let(f"phi ptr [{res0}, %{direct_end}], [{res1}, %{ret_end}]")
    items = e.load("ptr", buf, LIST_ITEMS)
    size = e.load("i64", buf, OB_SIZE)
    head, body, end = e.label("nc_drop_head"), e.label("nc_drop"), e.label("nc_dropped")
    pre = e.block
    e.put(f"br label %{head}")
    e.start(head)
    i = e.tmp()
    i1 = e.tmp()
    at_phi = len(e.lines)
    e.put("")       # (the phi, written once the loop's latch block is known)
    e.put(f"br i1 {e.let(f'icmp slt i64 {i}, {size}')}, label %{body}, label %{end}")
    e.start(body)
    ip = e.item(items, i)
    item = e.load("ptr", ip)
    e.put(f"store ptr null, ptr {ip}")
    e.if_nonnull(item, e.decref)     # (inline: mostly None, the callee's inputs' places)
    e.put(f"{i1} = add i64 {i}, 1")
    e.lines[at_phi] = f"  {i} = phi i64 [0, %{pre}], [{i1}, %{e.block}]"
    e.put(f"br label %{head}")
    e.start(end)
    e.put(f"br label %{empty}")
    e.start(empty)
    res = e.let(f"phi ptr [{res0}, %{unrolled_end}], [{res}, %{end}]")
    e.put(f"store i64 0, ptr {e.field(buf, OB_SIZE)}")
    back, release, kept = e.label("nc_pool_back"), e.label("nc_release"), e.label("nc_kept")
    free = e.let(f"icmp eq ptr {e.load('ptr', pslot)}, null")
    only = e.let(f"icmp eq i64 {e.load('i64', buf, OB_REFCNT)}, 1")
    e.put(f"br i1 {e.let(f'and i1 {free}, {only}')}, label %{back}, label %{release}, {LIKELY}")
    e.start(back)
    e.put(f"store ptr {buf}, ptr {pslot}")
    e.put(f"br label %{kept}")
    e.start(release)
    e.call("Py_DecRef", buf)
    e.put(f"br label %{kept}")
    e.start(kept)
    e.put(f"store ptr null, ptr {rec}")
    returns = raw_addr(cell + 8 * 5)
    nret = e.load("i64", returns)
    e.put(f"store i64 {e.let(f'add i64 {nret}, 1')}, ptr {returns}")
    e.put(f"store i64 {nd}, ptr {_counter(NC.NATIVE_DEPTH)}")
    results.append((res, e.block))
    e.put(f"br label %{done}")

    # another exit (r is its number) or an exception: nativecall.left
    e.start(other)
    h1 = vectorcall(e, left, [c_obj, fn, buf, r] + left_extra, "null")
    e.call("Py_DecRef", r)
    e.call("Py_DecRef", buf)
    joined = e.label("nc_left")
    blocks = [(h1, e.block)]
    e.put(f"br label %{joined}")
    e.start(raised)
    ptrs = [e.item("%argv", str(k)) for k in (1, 2, 3)]
    for p in ptrs:
        e.put(f"store ptr null, ptr {p}")
    e.call("PyErr_Fetch", *ptrs)
    e.call("PyErr_NormalizeException", *ptrs)
    t, v, tb = (e.load("ptr", p) for p in ptrs)
    e.if_nonnull(tb, lambda x: e.call("PyException_SetTraceback", v, x))
    e.call("Py_DecRef", t)
    e.call("Py_DecRef", tb)
    h2 = vectorcall(e, left, [c_obj, fn, buf, v] + left_extra, "null")
    e.call("Py_DecRef", v)
    e.call("Py_DecRef", buf)
    blocks.append((h2, e.block))
    e.put(f"br label %{joined}")
    e.start(joined)
    h = e.let("phi ptr " + ", ".join(f"[{x}, %{b}]" for x, b in blocks))
    e.put(f"store ptr null, ptr {rec}")
    e.put(f"store i64 {nd}, ptr {_counter(NC.NATIVE_DEPTH)}")
    e.check_raise(e.let(f"icmp eq ptr {h}, null"))
    results.append((h, e.block))
    e.put(f"br label %{done}")

    # -- slow: nativecall.call decides (in Python)
    e.start(slow)
    s = slow_call()
    e.check_raise(e.let(f"icmp eq ptr {s}, null"))
    results.append((s, e.block))
    e.put(f"br label %{done}")

    e.start(done)
    return e.let("phi ptr " + ", ".join(f"[{x}, %{b}]" for x, b in results))


def emit_call_assembler_in(e, op, a):
    """``call_assembler_in``: from a frame the trace inlined, ``k`` levels deep
    (its 3rd argument): those levels count while the callee runs."""
    fn, args = a[0], a[3:]
    cal, k = op.args[1].value, op.args[2].value
    if type(cal) is not NC.Callee or len(args) != len(cal.entry) or type(k) is not int or k < 1:
        raise CompileError("call_assembler_in needs a constant Callee of its arity and a depth")
    return emit_native_call(
        e, fn, cal.cell_address, args, 2 + cal.nlocals, 1 + k, None,
        lambda: vectorcall(e, addr(NC.call_in), [fn, addr(cal), a[2]] + list(args), "null"),
        addr(NC.left_in), [a[1], a[2]])


EMITTERS = {"call_assembler": emit_call_assembler, "call_assembler_in": emit_call_assembler_in}
