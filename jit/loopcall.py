"""Native calls of a loop's compiled code from a function trace (``call_loop``; issue #13).

A recursive function with a loop (nqueens' ``solve``, json_tree's ``dumps``,
sorting's ``merge_sort``, raytrace's ``Scene.trace``) is called natively
(``call_assembler``, :mod:`.nativecall`) through a *function trace* that runs
the function's prologue and first iteration and then enters the loop's own
compiled code: the recording of a function trace stops where the function's
frame comes back to a loop header by a back-edge (every local the body assigns
is bound there, as the loop's trace expects at its label) and the loop has
code (:func:`.record.loopstop.stop`), with::

    v = call_loop(fn, LoopCallee, layout, values...)
    finish(v)

``layout`` says which frame slot each value is (the locals bound at the
header, in index order, then the value stack).  At run time (:func:`call`,
the op's meaning in both backends):

* the loop's current code is entered with its input slots read from those
  values, *without* a depth increment of its own: the function trace's frame
  (counted by the ``call_assembler`` that runs it) is the frame;
* a return (a loop-end or returning bridge's ``finish``) gives the value;
* any other exit rebuilds the function's frame from the exit's snapshot as a
  new entry frame (its depth is the function trace's: the count is moved to
  it while it runs) and the interpreter runs it to its return -- counted,
  bridged and dropped as :func:`.driver.enter` does for its exits;
* no code (dropped, being compiled), the recursion limit, the native stack
  bound, a hook: the frame is built at the header and interpreted.

An exception leaving that frame has its traceback entry already: the
function trace leaves *without* rebuilding its frame (``nativecall.returned``
re-raises it), so every level shows once, as in CPython; entered from the
interpreter, whose frame exists, the trace's exit re-raises it there as
RERAISE does -- no second entry, no handler run twice (:func:`reraise`).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import ctypes
import weakref

from pyjit import opcodes as O
from pyjit.frame import Frame, RecursionLimit, push_entry, thread_state
from pyjit.excstate import Reraise
from pyjit.null import NULL
from pyjit.tracebacks import strip

from . import nativecall as NC
from .loops import DOOMED, LoopInfo


class LoopCallee:
    """A loop (its :class:`.loops.LoopInfo`) as ``call_loop`` sites see it.

    ``cell`` (C memory) is laid out as a :class:`.nativecall.Callee`'s, which
    the LLVM call sites read the same way (jit/llvm/native.py), plus [6]: the
    version of the code's input slots (an index into ``versions``) -- a call
    site passes the values in the order of the version it was compiled for,
    and takes the fast path only while the loop's code has that one."""
    __slots__ = ("info", "calls", "returns", "fallbacks", "cell", "cell_address",
                 "versions", "history", "sites", "stale", "dooms", "codeless", "__weakref__")

    def __init__(self, info):
        self.info = info
        self.calls = 0       # runs of its code from call_loop in Python (tests)
        self.returns = 0     # ... that returned there
        self.fallbacks = 0   # ... interpreted from the header (no code, too deep)
        self.cell = (ctypes.c_int64 * 7)()
        self.cell_address = ctypes.addressof(self.cell)
        self.versions = []   # the slot tuples of the loop's codes, in order seen
        self.history = []    # every Compiled and exit table published (see nativecall.sweep)
        self.sites = []      # the LoopInfos whose code has a call site of it (note_sites)
        self.stale = 0       # calls from a site compiled for another version (see call)
        self.dooms = 0       # times its callers were dropped for that
        self.codeless = False   # a site was compiled while the loop had no code (see call)
        self.install(info.compiled)

    def __repr__(self):
        return f"<loop {self.info.name}>"

    def version(self, c) -> int:
        slots = tuple(c.trace.slots[:c.ninputs])
        if slots not in self.versions:
            self.versions.append(slots)
        return self.versions.index(slots)

    def install(self, c) -> None:
        """``c`` is the loop's code now (None: it has none)."""
        self.cell[0] = 0
        if c is not None:
            self.refresh(c)

    def refresh(self, c) -> None:
        """``c``'s exits as the native call sites see them (see Callee.refresh)."""
        if c is not self.info.compiled:
            return
        n = len(c.guard_ops)
        table = (ctypes.c_int64 * max(n, 1))()
        for g in range(n):
            plan = _plan(c, g) if g in c.returns else None
            table[g] = plan[0] if plan is not None else -1
        NC.stale = True
        self.history += [c, table]
        job = getattr(c.loop, "job", None)
        cell = self.cell
        cell[0] = 0
        cell[1] = id(c)
        cell[2] = self.info.max_depth
        cell[3] = ctypes.addressof(table)
        cell[4] = n
        cell[6] = self.version(c)
        cell[0] = job.addr if job is not None and job.addr else 0

    def sweep(self) -> None:
        c = self.info.compiled
        self.history = self.history[-2:] if c is not None and self.cell[0] else []


_callees: dict = {}   # id(LoopInfo) -> LoopCallee (the LoopInfo lives as long as its code)


def installed(info, c) -> None:
    """The driver installed (``c``) or dropped (None) the loop's code."""
    lc = _callees.get(id(info))
    if lc is not None and lc.info is info:
        lc.install(c)


def refreshed(info, c) -> None:
    """A bridge was attached to ``c``, the loop's code."""
    lc = _callees.get(id(info))
    if lc is not None and lc.info is info:
        lc.refresh(c)


def _sweep():
    for lc in _callees.values():
        lc.sweep()


NC.SWEEPERS.append(_sweep)


# Calls that came to :func:`call` from native code compiled for another version
# of the loop's input slots (the loop's code was compiled again with other
# slots -- a bridge compiled into it carried more locals -- after the site was
# compiled): past this many the calling traces are dropped, to be recorded and
# compiled again for the version the loop has now.  Every such call costs a
# run through Python: nqueens' solve, whose function trace calls its loop,
# ran 5x slower (1.5 s a run against 0.3) when its loop's code changed
# version after the function trace was compiled -- which the compile thread's
# timing decided, one run in three.
STALE_CALLS = 64
MAX_DOOMS = 2    # (times a loop's callers are dropped for it: no churn if it keeps changing)


def note_sites(info, ops) -> None:
    """``info``'s code (its trace, or a bridge attached to it: ``ops``) calls
    the loops its ``call_loop``/``call_loop_in`` ops name."""
    for op in ops:
        if op.name == "call_loop" or op.name == "call_loop_in":
            lc = op.args[1].value
            if type(lc) is LoopCallee and not any(s is info for s in lc.sites):
                lc.sites.append(info)
        if op.bridge is not None:
            note_sites(info, op.bridge)


def _stale_call(lc) -> None:
    """A native call site of ``lc`` took the slow path while the loop's code is
    published (a stale version): after ``STALE_CALLS`` of them its callers'
    traces are doomed (dropped and recorded again at the driver's next safe
    point, jit/driver.py ``_reap``)."""
    if (len(lc.versions) < 2 and not lc.codeless) or lc.dooms >= MAX_DOOMS:
        # (one version ever and no site compiled without code: every site has
        # it -- the slow path was taken for another reason, the eval breaker set
        # by a thread waiting for the GIL)
        return
    lc.stale += 1
    if lc.stale < STALE_CALLS:
        return
    lc.stale = 0
    lc.dooms += 1
    lc.codeless = False
    sites, lc.sites = lc.sites, []
    for s in sites:
        if s.trace is not None:
            DOOMED.append((s, s.trace, f"a loop it calls ({lc.info.name}) has new code"))


def callee(info) -> LoopCallee:
    lc = _callees.get(id(info))
    if lc is None or lc.info is not info:
        lc = _callees[id(info)] = LoopCallee(info)
    return lc


# -- recording ---------------------------------------------------------------------


def loop_at(f, pc):
    """The LoopInfo of the loop whose header is ``pc`` in frame ``f``'s code, if
    it has a back-edge counting (not blacklisted)."""
    q = f.dec.extra
    if q is None:
        return None
    for jb in _back_edges(f.code).get(pc, ()):
        info = q.caches[jb]
        if isinstance(info, LoopInfo) and not info.function and info.header == pc:
            return info
    return None


_edges: dict = {}


def headers(code):
    """Loop header pc -> the back-edges to it, in ``code``."""
    return _back_edges(code)


def _back_edges(code):
    e = _edges.get(code)
    if e is None:
        from pyjit.decode import decode
        dec = decode(code)
        e = {}
        for pc, op in enumerate(dec.ops):
            d = O.BY_CODE[op]
            if d is not None and d.jump is O.Jump.BACKWARD:
                e.setdefault(dec.args[pc], []).append(pc)
        e = _edges[code] = {h: tuple(v) for h, v in e.items()}
    return e


# -- running -----------------------------------------------------------------------


def _frame(fn, info, layout, values):
    nf = Frame(fn, [NULL] * fn.dec.nlocalsplus)
    fast, stack = nf.fast, nf.stack
    for (kind, k), v in zip(layout, values):
        if kind == "l":
            fast[k] = v
        else:
            stack.append(v)
    nf.pc = info.header
    return nf


def call(fn, lc, layout, *values, counters=NC.COUNTERS, limit=RecursionLimit):
    """``call_loop``'s meaning (see the module doc): the function's frame at the
    loop's header, as ``layout`` and ``values`` say, run to its return."""
    info = lc.info
    ts = thread_state()
    moved = counters[NC.OWNER_TS] != id(ts) or counters[NC.LIMIT] != limit.value
    if moved:
        NC.own(ts)    # (as nativecall.call: the native call sites' fast path is this thread's)
    nf = _frame(fn, info, layout, values)
    values = None
    c = info.compiled
    lc.calls += 1
    if c is None or ts.depth + info.max_depth >= limit.value or \
            counters[NC.NATIVE_DEPTH] >= NC.MAX_NATIVE_DEPTH or ts.hooks:
        lc.fallbacks += 1
        return _run(nf, ts)
    if lc.cell[0] and not moved:
        _stale_call(lc)   # (published: the native site's version is not the code's)
    buf = c.read(nf)
    # (info.entries, not c.entries: the send-back rule weighs entries from the
    # interpreter, which cost what this native call does not)
    info.entries += 1
    counters[NC.NATIVE_DEPTH] += 1
    exc = NC.run(c, buf, ts, fn)
    counters[NC.NATIVE_DEPTH] -= 1
    return _exited(info, c, buf, exc, nf, ts, lc)


def call_in(fn, lc, layout, k, *values):
    """``call_loop_in``'s meaning: :func:`call` from a frame the trace inlined,
    ``k`` frames deep (jit/record/loopstop.py, ``call_inner``).  Those frames
    are levels the interpreter would count: the depth is ``k`` higher while
    the loop's code -- or the interpreter, for its exits -- runs the frame."""
    return NC.deeper(k, call, fn, lc, layout, *values)


def left_in(c, fn, buf, x, lc, layout, k, *values):
    """:func:`left` for ``call_loop_in`` (the native call's depth is restored by now)."""
    return NC.deeper(k, left, c, fn, buf, x, lc, layout, *values)


def _exited(info, c, buf, exc, nf, ts, lc=None):
    g = buf[0]
    if g.__class__ is not int or g < 0:
        if exc is None:
            raise SystemError(f"pyjit: the trace of {info.name} returned by no exit")
        raise exc
    if g in c.returns and exc is None and lc is not None:
        plan = _plan(c, g)
        if plan is not None:
            lc.returns += 1
            end, drops = plan
            v = buf[end]
            for i in drops:
                buf[i] = None
            return v
    d = ts.depth
    ts.depth -= 1     # (nf's depth is the function trace's: see _run)
    try:
        push_entry(nf, ts)
        r = on_exit(info, c, g, exc, buf, nf, ts)
        buf = None
        return NC.go_on(r, ts)
    except BaseException as e:
        _note(e, nf)
        raise
    finally:
        ts.depth = d      # (as nativecall.finish_interpreted: restored inner frames)


_plans = weakref.WeakKeyDictionary()   # Compiled -> {exit: plan} (see nativecall.Callee.ret)


def _plan(c, g):
    """How return ``g`` of the loop's code ``c`` gives its value: (buf index of
    the value, buf indices to drop in the interpreter's order), or None if its
    snapshot is not one frame with only the value on its stack."""
    plans = _plans.get(c)
    if plans is None:
        plans = _plans[c] = {}
    plan = plans.get(g, False)
    if plan is False:
        plan = plans[g] = NC.return_plan(c.snaps[g])
    return plan


def _run(nf, ts):
    """The interpreter runs the function's frame ``nf`` to its return, as an
    entry frame whose depth is the function trace's own (already counted by
    its native call)."""
    ts.depth -= 1
    try:
        push_entry(nf, ts)
        return NC._go(nf, ts, None)
    except BaseException as e:
        _note(e, nf)
        raise
    finally:
        ts.depth += 1


# (id of the exception, the pc) of the last exception that left a function's
# frame run here: where it left (see reraise).  By id: a reference would keep
# the exception -- its traceback's frames -- alive past the program's use.
_left_at = [0, 0]


def _note(e, nf):
    _left_at[0] = id(e)
    _left_at[1] = nf.lasti


def reraise(f, exc, pc):
    """The function trace entered from the interpreter (frame ``f``) left at its
    ``call_loop`` raising ``exc``: the frame the loop's exit rebuilt ran and the
    exception left it, with its traceback entry.  ``f`` is left without a second
    one and without running its handlers again: a re-raise (``Reraise``, as
    RERAISE's) at the pc where it left that frame -- no handler there (it left)
    and the entry's line stays.  ``(frame, pc, exception)``, as
    :func:`.driver.enter` returns; ``pc`` (the op's) if it did not come from one."""
    if _left_at[0] != id(exc):
        return (f, pc, exc)
    at = _left_at[1]
    _left_at[0] = 0
    # (the entries of pyjit's own frames it passed on the way here go, as a
    # raise's unwind drops them: a re-raise keeps the traceback as it is)
    exc.__traceback__ = strip(exc.__traceback__)
    return (f, at, Reraise(exc, at))


def left(c, fn, buf, x, lc, layout, *values):
    """The LLVM backend's native call of the loop's code ``c`` left it by an
    exit that is not a return it handles (``x``: the exit's number) or raised
    (``x``: the exception): the function's frame is rebuilt (the slots the
    loop did not read from ``values``) and run to its return; its value."""
    info = c.info
    ts = thread_state()
    nf = _frame(fn, info, layout, values)
    values = None
    c.read(nf)     # (what the code read is in buf: the frame's slots as at an entry)
    return _exited(info, c, buf, None if x.__class__ is int else x, nf, ts)


def on_exit(info, c, g, exc, buf, nf, ts):
    """Set by :mod:`.loopexit`: exit ``g`` of the loop's code other than a
    return, restored into ``nf`` (pushed as an entry frame here); returns the
    frame to run on, or ``(frame, pc, exception)``."""
    raise NotImplementedError
