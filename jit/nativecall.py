"""Native calls between compiled code (PyPy's ``call_assembler``; issue #14).

A trace that calls a VM function with a function trace of its own (recursion
above all: ``fib(n - 1)`` inside fib's trace) records ``call_assembler(fn,
callee, args...)`` instead of aborting or calling through the host: the
arguments are the values of the callee's parameters, bound at record time
(:mod:`.record.binding`), and ``callee`` is the function's :class:`Callee`,
one per code object, which says whether compiled code exists for it now.

At run time (:func:`call`, the op's meaning; the LLVM backend inlines its fast
path) the call is one of:

* **native**: the callee's compiled trace is entered directly with the
  arguments as its inputs -- no VM frame is built.  Its ``finish`` exit gives
  the result; the locals its snapshot holds die in the order the
  interpreter's RETURN_VALUE would release them.
* **finished in the interpreter**: any other exit (a guard failed, an op
  raised) rebuilds the callee's frame from the exit's snapshot as a new entry
  frame and runs it to its return in the VM (:func:`finish_interpreted`); its
  value goes back to the caller's trace, which goes on; its exception leaves
  the caller's trace at the call op, as a residual call's does.
* **interpreted**: no compiled code, or the call would pass the recursion
  limit counting the frames the callee's trace inlines, or the native stack
  is too deep (:data:`MAX_NATIVE_DEPTH`): the function is run by the
  interpreter from its entry, where the limit check (RecursionError, its
  message, its traceback) is the interpreter's own.

Depth: a native callee counts as a frame -- ``ThreadState.depth`` is one
higher while it runs, as the interpreter's call would make it -- so every
check the VM makes inside (a residual call, an interpreted fallback) sees
the depth CPython would have.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import ctypes
from types import CodeType

from pyjit import opcodes as O
from pyjit.frame import Frame, RecursionLimit, enter, lend, push_entry, thread_state
from pyjit.null import NULL
from pyjit.tracebacks import leave_vm

# Native callees nested on the C stack (all threads together: counting another
# thread's only makes the fallback come sooner).  Each level is a trace's
# native frame (a few hundred bytes); past this the call is interpreted, whose
# frames the host's own recursion limit accounts for.
MAX_NATIVE_DEPTH = 400


# What native code reads and updates in place (C memory; the LLVM backend's
# call sites, jit/llvm/ops.py): [native callees nested now, native calls made,
# the PyThreadState* of the thread whose ThreadState is next, that ThreadState
# object (a native callee counts in its ``depth``: ``DEPTH_OFFSET``), the
# recursion limit (RecursionLimit.value, mirrored by :func:`own`)].  Another
# thread's native code finds another PyThreadState there and calls
# :func:`call`, which makes the cell its own.
COUNTERS = (ctypes.c_int64 * 5)()
NATIVE_DEPTH, NATIVE_CALLS, OWNER_TSTATE, OWNER_TS, LIMIT = range(5)
COUNTERS_ADDRESS = ctypes.addressof(COUNTERS)
# The LLVM call sites' buffers, one per native depth (C memory: a list's
# address, NULL if none): a call at native depth d takes POOL[d] if it is
# there (NULL while taken), sets its length, and puts it back emptied -- with
# its room -- when the callee returned and nothing else holds it: no list is
# allocated per call (jit/llvm/native.py).  The pool owns the lists it holds.
POOL = (ctypes.c_void_p * MAX_NATIVE_DEPTH)()
POOL_ADDRESS = ctypes.addressof(POOL)
# The native calls in progress that no host frame shows (the LLVM call sites'
# fast path), for frame views (jit/positions.py): at native depth d,
# RUNNING[4d:4d+4] = [the caller's buf, the callee's buf, the Compiled whose
# code runs, the callee's function] (addresses), stored as the call starts; the
# first is cleared (0) as it returns.  A call made from Python (:func:`run`)
# is in its host frame instead.  The caller's buf chains the records to the
# code that made them: the views walk from a trace's buf to the calls it made.
RECORD = 4
RUNNING = (ctypes.c_void_p * (RECORD * MAX_NATIVE_DEPTH))()
RUNNING_ADDRESS = ctypes.addressof(RUNNING)
# The int objects of the depths native code stores in ``ThreadState.depth``
# (their addresses, for it to take one without a call; the list keeps them).
_DEPTHS = list(range(1024))
DEPTH_INTS = (ctypes.c_void_p * len(_DEPTHS))(*map(id, _DEPTHS))
DEPTH_INTS_ADDRESS = ctypes.addressof(DEPTH_INTS)
_PyThreadState_Get = ctypes.pythonapi.PyThreadState_Get
_PyThreadState_Get.restype = ctypes.c_void_p
_PyThreadState_Get.argtypes = []
_owner = [None]        # (keeps the ThreadState whose address is in the cell alive)


def own(ts, counters=COUNTERS) -> None:
    """This thread (ThreadState ``ts``) runs native code now: the cell is its."""
    _owner[0] = ts
    # (while a trace or profile hook is set no native code takes the fast path:
    # call() interprets the calls, whose events the hooks see)
    counters[OWNER_TSTATE] = 0 if ts.hooks else _PyThreadState_Get()
    counters[OWNER_TS] = id(ts)
    counters[LIMIT] = RecursionLimit.value


def on_exit(c, g, exc, buf, nf, ts):
    """Set by the driver (``driver.callee_left``): exit ``g`` of a callee's
    code other than its return -- counted, the state written into ``nf`` (the
    callee's new entry frame) and the frames it inlined; returns the frame to
    run on, or ``(frame, pc, exception)``: raise it there."""
    raise NotImplementedError


def calls() -> int:
    """Native calls made so far (--stats)."""
    return COUNTERS[NATIVE_CALLS]


def returns() -> int:
    """Native calls whose callee's code ran to its return (--stats)."""
    return sum(cal.cell[5] for cal in _callees.values())


class Callee:
    """A function's code as native call sites see it: its compiled function
    trace (``compiled``, a :class:`.warmup.Compiled`, or None) and how to enter
    it (``order``: the parameter index of each of the trace's inputs; None when
    the trace's inputs are not exactly the parameters)."""
    __slots__ = ("code", "nparams", "nlocals", "info", "compiled", "order", "rets",
                 "cell", "cell_address", "table", "history", "resume_pc", "entry",
                 "param_cells", "new_cells", "nfree", "__weakref__")

    def __init__(self, code, nparams, nlocals, dec=None):
        self.code = code
        self.nparams = nparams
        self.nlocals = nlocals
        # The frame at the function's RESUME (after its prologue's MAKE_CELL and
        # COPY_FREE_VARS, 3.11): ``entry`` -- the slots bound there, in index
        # order: the parameters, then the cells of the cell variables that are
        # not parameters, then the free variables' cells (the closure's).  A
        # call site passes a value for each (``call_assembler``'s arguments): a
        # parameter that is a cell variable wrapped in a new cell
        # (``param_cells``), a new empty cell for each of ``new_cells``, the
        # closure's cells for the ``nfree`` free variables.  Its function trace
        # (recorded at that RESUME) has exactly these slots as inputs.
        self.resume_pc = 0
        self.param_cells = self.new_cells = ()
        self.nfree = 0
        if dec is not None and (code.co_cellvars or code.co_freevars):
            self.resume_pc = dec.first_traceable
            names = dec.localsplus_names
            cells = set(code.co_cellvars)
            self.param_cells = tuple(k for k in range(nparams) if names[k] in cells)
            self.nfree = len(code.co_freevars)
            self.new_cells = tuple(range(dec.cell_start, dec.nlocalsplus - self.nfree))
        self.entry = tuple(range(nparams))
        if self.resume_pc:
            self.entry += tuple(range(dec.cell_start, nlocals))
        self.info = None      # the function trace's LoopInfo, once the function is hot
        self.compiled = None
        self.order = None
        # exit number of a return (finish) -> (buf index of the result, buf
        # indices to drop, in the order the interpreter releases them)
        self.rets = {}
        # what native call sites read (C memory): [entry (the code's C function;
        # 0: call() decides), the Compiled (its address), frames its code inlines
        # (max_depth), the exit table's address, its length, returns taken
        # natively]; the exit table: the buf index of each exit's result, or -1
        # if the exit is not a return (see ret)
        self.cell = (ctypes.c_int64 * 6)()
        self.cell_address = ctypes.addressof(self.cell)
        self.table = None
        self.history = []     # every Compiled and exit table made (native frames may still use them)

    def install(self, info, c) -> None:
        """``c`` is now the function's code (None: it has none)."""
        global stale
        stale = True
        self.info = info
        self.compiled = None
        self.table = None
        self.order = None
        self.rets = {}
        self.cell[0] = 0
        if c is None or not c.returns:
            return
        slots = list(c.trace.slots)
        if sorted(slots) != [("l", k) for k in self.entry]:
            return    # (a slot bound at entry the trace never reads, or a stack input)
        at = {k: i for i, k in enumerate(self.entry)}
        self.order = tuple(at[k] for _, k in slots)
        self.compiled = c
        self.history.append(c)
        self.refresh(c)

    def refresh(self, c) -> None:
        """``c``'s exits (a bridge attached adds some) as native call sites see
        them; its entry for them if its inputs are the parameters in order."""
        if c is not self.compiled:
            return
        n = len(c.guard_ops)
        table = (ctypes.c_int64 * max(n, 1))()
        for g in range(n):
            plan = self.ret(c, g) if g in c.returns else None
            table[g] = plan[0] if plan is not None else -1
        # (native frames still running read the table they loaded before
        # their call: every table stays alive, as the Compileds do, until sweep)
        global stale
        stale = True
        self.history.append(table)
        self.table = table
        job = getattr(c.loop, "job", None)
        cell = self.cell
        cell[1] = id(c)
        cell[2] = self.info.max_depth
        cell[3] = ctypes.addressof(table)
        cell[4] = n
        # (the native fast path passes the arguments in entry order)
        cell[0] = job.addr if job is not None and job.addr and \
            self.order == tuple(range(len(self.entry))) else 0

    def ret(self, c, g):
        """How exit ``g`` of ``c`` (a return) gives its result (see ``rets``);
        None if its snapshot is not one frame with only the value on its stack."""
        plan = self.rets.get(g, False)
        if plan is False:
            plan = self.rets[g] = return_plan(c.snaps[g])
        return plan


def return_plan(snap):
    """How a return exit with snapshot ``snap`` gives its value: (buf index of the
    value, buf indices to drop in the interpreter's order), or None if the
    snapshot is not one frame with only the value on its stack."""
    if len(snap.frames) != 1 or len(snap.frames[0].stack) != 1:
        return None
    locs = list(snap.frames[0].locals)
    # the interpreter's RETURN_VALUE pops the value, then releases the locals in
    # index order
    drops = tuple(1 + i for _, i in sorted((k, i) for i, k in enumerate(locs)))
    return (1 + len(locs), drops)


# id(code) -> Callee (its code kept alive by it).  Not the code itself: equal code
# objects (the same source compiled twice, in two files or two exec calls:
# co_filename is no part of code equality) are two functions, each with its own
# trace, globals and constants
_callees: dict = {}


def callee_of(fn) -> Callee | None:
    """The :class:`Callee` of VM function ``fn`` if a native call of it can be
    recorded: a plain function whose calls the JIT counts (its ``RESUME`` is
    ``RESUME_JIT``: function traces are on; a loop's code it calls through
    ``call_loop``, jit/loopcall.py).  Its frame at that RESUME is its
    parameters, its cells and its closure's cells (``Callee.entry``), then
    unbound locals."""
    code = fn.code
    cal = _callees.get(id(code))
    if cal is not None:
        return cal
    dec = fn.dec
    q = dec.extra
    pc = resume_pc(dec)
    if q is None or pc is None or q.ops[pc] != O.RESUME_JIT:
        return None
    nparams = code.co_argcount + code.co_kwonlyargcount + \
        bool(code.co_flags & O.CO_VARARGS) + bool(code.co_flags & O.CO_VARKEYWORDS)
    cal = _callees[id(code)] = Callee(code, nparams, dec.nlocalsplus, dec)
    info = q.caches[pc]   # (the RESUME_JIT's LoopInfo: the function is hot already)
    if info is not None and info.compiled is not None:
        cal.install(info, info.compiled)
    return cal


_PROLOGUE = frozenset((O.OPS["MAKE_CELL"].code, O.OPS["COPY_FREE_VARS"].code))


def resume_pc(dec):
    """The pc of the RESUME that starts a function's body (its function trace's
    header): 0, or past the prologue of a function with cells or free variables
    (MAKE_CELL, COPY_FREE_VARS); None if anything else comes before it."""
    pc = dec.first_traceable
    if pc >= len(dec.ops) or any(op not in _PROLOGUE for op in dec.ops[:pc]):
        return None
    return pc


def installed(info, c) -> None:
    """The driver installed (``c``) or dropped (None) a function trace."""
    cal = _callees.get(id(info.code))
    if cal is not None:
        cal.install(info, c)
        sweep()   # (at once if no native callee runs: what it replaced may die now)


stale = False    # some Callee's history holds code or tables it no longer publishes


def sweep(counters=COUNTERS) -> None:
    """Let go of the code and exit tables the callees no longer publish -- only
    with no native callee running (their frames read them by address).  Called
    by the interpreter's function entries: a dropped trace's constants must not
    outlive it (the program sees their reference counts)."""
    global stale
    if counters[NATIVE_DEPTH]:
        return
    stale = False
    for cal in _callees.values():
        cal.history = [x for x in (cal.compiled, cal.table) if x is not None]
    for sweep_more in SWEEPERS:
        sweep_more()


SWEEPERS: list = []   # (jit/loopcall.py: the loops' cells keep what they published too)


def refreshed(info, c) -> None:
    """A bridge was attached to ``c``, the function's code."""
    cal = _callees.get(id(info.code))
    if cal is not None:
        cal.refresh(c)


def unpaid(info, trace) -> str | None:
    """Why the function trace ``trace`` of ``info`` would cost more than it saves
    (None: it pays).  It pays where calls of it are native: its trace calls
    compiled code itself (``call_assembler``: a recursion, whose every level is
    then a native call), or a native call site of another trace calls it.
    A recursive function pays too where its trace is of a base case: the
    recursive path's bridge calls it natively.  Entered only from the
    interpreter, a function trace pays for its entry and
    exit in Python (``driver.enter``: its inputs read, its frame restored at its
    return) what interpreting a few hundred instructions costs, and more where
    its guards fail: richards' and deltablue's small methods, called from the
    interpreted exits of their schedulers' loops, ran ~4x slower through their
    traces, and deltablue's long ones (200-470 instructions, polymorphic: a
    bridge per receiver class) still ~1.4x slower (notes/performance.md) -- so
    the length of the body does not make it pay either.
    A function with a loop pays too (its trace ends in ``call_loop``: the loop's
    code entered natively, jit/loopcall.py): entered from the interpreter it
    costs one entry, as its loop's trace did, and kept, it is what a caller's
    trace calls natively (``callee_of`` needs the function's calls still
    counted: sent back, deltablue's ``Plan.execute`` -- 2 to 200 iterations a
    call, its callers' loops recorded after it was -- was called through the host
    from every trace, and those loops were sent back for it)."""
    if code_reached(info.code) or info.code in _recursive or \
            any(op.name in ("call_assembler", "call_assembler_in", "call_loop")
                for op in trace.ops):
        return None
    if info.code.co_name in info.code.co_names and \
            any(op.name == "call_loop_in" for op in trace.ops):
        return None    # (see _NATIVE_LOOPS)
    return (f"its trace ({info.path_len} instructions) makes no native call and no "
            f"trace calls it natively: entering and leaving it from the interpreter "
            f"costs more than interpreting it")


# _NATIVE_LOOPS: a function trace that calls an inlined function's loop natively
# (call_loop_in) -- the loop entered without an interpreter's entry -- and whose
# function may call itself (its code names itself: ``self.trace(...)``, a global
# function's own name) pays as a recursive one does: its recursive path's bridge
# will make native calls of it (raytrace's Scene.trace, recorded on a ray that
# misses: 2x faster steady with its trace kept).  Not every such trace: deltablue's
# planner methods, called from the interpreter, compiled 3 more long traces (first
# call 1.7 -> 4.4 s CPU under --jit-sync) for no steady gain.

# Codes of functions that were running recursively (a frame of theirs among the
# callers) when their trace was recorded: the recording may have followed the
# base case (fib's ``n < 2``, most calls), whose trace makes no native call --
# the recursive path's bridge will (see unpaid).
_recursive: set = set()
MAX_STACK_LOOK = 64


def note_recursion(f) -> None:
    """``f`` (a function's new frame) is about to be recorded: is its code
    running among its callers (up to MAX_STACK_LOOK frames up)?"""
    code = f.code
    b = f.back
    n = MAX_STACK_LOOK
    while b is not None and n:
        if b.code is code:
            _recursive.add(code)
            return
        b = b.back
        n -= 1
    if code not in _recursive and names_itself(f):
        _recursive.add(code)


def names_itself(f) -> bool:
    """Does the function of frame ``f`` call itself by its global name from its
    code or from a code nested in it (a generator expression, comprehension or
    lambda)?  The callers' frames do not show such a recursion where it passes
    through host code: json_tree's ``depth`` recurses through
    ``max(depth(v) for v in ...)``, whose generator frame is resumed from the
    builtin's loop -- an entry frame, with no caller to walk to."""
    fn = f.func
    name = f.code.co_name
    g = f.globals
    if fn is None or type(g) is not dict or g.get(name) is not fn:
        return False
    todo = [f.code]
    while todo:
        c = todo.pop()
        if name in c.co_names:
            return True
        todo.extend(k for k in c.co_consts if isinstance(k, CodeType))
    return False


def code_reached(code) -> bool:
    """Has a trace recorded a native call of ``code``'s function?"""
    return id(code) in _callees


def native_returns(info) -> int:
    """Runs of ``info``'s function trace that native call sites' code saw return."""
    cal = _callees.get(id(info.code))
    return 0 if cal is None else cal.cell[5]


def call(fn, cal, *args, counters=COUNTERS):
    """``call_assembler``'s meaning: ``fn(*args)`` with ``args`` its parameters'
    values, natively when the callee has code (see the module doc).  (The LLVM
    backend's code calls it when its own fast path does not apply.)"""
    ts = thread_state()
    if counters[OWNER_TS] != id(ts) or counters[LIMIT] != RecursionLimit.value:
        own(ts)
    c = cal.compiled
    if c is None or ts.depth + 1 + cal.info.max_depth >= RecursionLimit.value or \
            counters[0] >= MAX_NATIVE_DEPTH or ts.hooks:
        return interpreted(fn, cal, args, ts)
    buf = [None]
    buf += [args[k] for k in cal.order]
    args = None
    ts.depth += 1
    counters[0] += 1
    counters[1] += 1
    exc = run(c, buf, ts, fn)
    counters[0] -= 1
    ts.depth -= 1
    return returned(fn, cal, c, buf, exc, ts)


def deeper(k, run, *args):
    """``run(*args)`` with the thread's depth ``k`` higher meanwhile: a native
    call made from frames a trace inlined (``k`` of them the interpreter would
    count, record/inline.inlined_depth) -- ``call_assembler_in`` here,
    ``call_loop_in`` (jit/loopcall.py) -- runs its callee, natively or not, at
    the depth those frames give it."""
    ts = thread_state()
    ts.depth += k
    try:
        return run(*args)
    finally:
        ts.depth -= k


def call_in(fn, cal, k, *args):
    """``call_assembler_in``'s meaning: :func:`call` from a frame the trace inlined."""
    return deeper(k, call, fn, cal, *args)


def left_in(c, fn, buf, x, cal, k):
    """:func:`left` for ``call_assembler_in`` (the native call's depth is restored by now)."""
    return deeper(k, left, c, fn, buf, x)


def run(c, buf, ts, fn):
    """Run compiled code ``c`` on ``buf`` for a native call of ``fn`` made from
    Python: the program's exception if an op raised it, else None.  The host
    frames this call used (the trace interpreter's, or native code's call of this
    function) are given back while it runs, as at a host->VM entry (frame.enter).
    (Frame views find ``c``, ``buf`` and ``fn`` in this frame: positions.native.)"""
    give = lend(ts)
    ts.base -= give   # (host units given: the entries it makes count from there)
    exc = None
    try:
        c.loop.enter(buf)
    except BaseException as e:   # an op raised: the program's exception
        exc = e
    if give:
        ts.room.value -= give
        ts.base += give
    return exc


def left(c, fn, buf, x):
    """The LLVM backend's native call of ``c``'s code left it by an exit other
    than a return (``x``: the exit's number) or raised (``x``: the exception):
    its result, as :func:`returned`."""
    if x.__class__ is int:
        return returned(fn, _callees[id(c.info.code)], c, buf, None, thread_state())
    return returned(fn, _callees[id(c.info.code)], c, buf, x, thread_state())


def returned(fn, cal, c, buf, exc, ts):
    """The callee's code left with ``buf`` (and ``exc``, if an op raised): its
    result, from its return or from the interpreter running the rest."""
    g = buf[0]
    if g.__class__ is not int or g < 0:
        # no exit taken: an asynchronous exception came before the code ran
        # (raised at the call, which never started)
        if exc is None:
            raise SystemError(f"pyjit: the trace of {c.info.name} returned by no exit")
        raise exc
    if exc is not None and c.guard_ops[g].name == "call_loop":
        # the loop's code left and the interpreter ran the function's frame,
        # which the exception left: its traceback entry is there already
        c.info.entries += 1
        raise exc
    if g in c.returns and exc is None:
        plan = cal.ret(c, g)
        if plan is not None:
            c.info.entries += 1
            c.entries += 1
            cal.cell[5] += 1
            end, drops = plan
            v = buf[end]
            for i in drops:
                buf[i] = None
            return v
    return finish_interpreted(fn, c, g, buf, exc, ts)


def finish_interpreted(fn, c, g, buf, exc, ts):
    """Exit ``g`` of the callee's code: its frame is rebuilt from the exit's
    snapshot and run to its return by the interpreter; its value (or exception)."""
    nf = Frame(fn, [NULL] * c.dec.nlocalsplus)
    d = ts.depth
    push_entry(nf, ts)
    try:
        r = on_exit(c, g, exc, buf, nf, ts)
        buf = None
        return go_on(r, ts)
    finally:
        # (an exception: frame.enter counts down the frame it ran, the inner
        # one an exit restored -- not ``nf`` and the frames between: the depth
        # grew by one per such exit, and RecursionError came ever earlier)
        ts.depth = d


def go_on(r, ts):
    """The interpreter goes on from an exit's restore (``r``, what ``on_exit``
    gave: the frame to run, or ``(frame, pc, exc)`` to raise ``exc`` at ``pc``)
    and runs it to its return: its value (or exception)."""
    if r.__class__ is tuple:
        inner, pc, exc = r
        inner.pc = inner.lasti = pc
    else:
        inner, exc = r, None
    return _go(inner, ts, exc)


def interpreted(fn, cal, args, ts):
    """The interpreter's call of ``fn`` with the slots bound at its RESUME
    (``cal.entry``) bound to ``args``: from that RESUME (past its prologue,
    which the call site did: the cells are made, the closure's read)."""
    if not cal.resume_pc:
        fast = list(args)
        fast += [NULL] * (cal.nlocals - len(fast))
        return _run(Frame(fn, fast), ts, None)
    fast = [NULL] * cal.nlocals
    for k, v in zip(cal.entry, args):
        fast[k] = v
    nf = Frame(fn, fast)
    nf.pc = cal.resume_pc
    return _run(nf, ts, None)


def _run(nf, ts, exc):
    try:
        push_entry(nf, ts)
    except BaseException as e:
        leave_vm(e)
        raise
    return _go(nf, ts, exc)


def _go(inner, ts, exc):
    # (as Function.__call__: host code -- here native code -- called the VM)
    try:
        return enter(inner, ts, exc)
    except BaseException as e:
        leave_vm(e)
        raise
