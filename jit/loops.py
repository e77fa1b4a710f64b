"""A loop's state as the driver keeps it: :class:`LoopInfo` (one per loop
header, shared by all its back-edges), the back-edges found from the code, and
their counters set together."""

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import weakref

from pyjit import opcodes as O
from pyjit.decode import decode
from pyjit.specialize import specializer as S

from . import ir
from .protocols import BRIDGED


class LoopInfo:
    """One loop (a JUMP_BACKWARD_JIT instruction) of one code object."""
    __slots__ = ("code", "jb_pc", "jb_pcs", "header", "trace", "aborts", "retraces", "suspends",
                 "entries", "max_depth", "name", "retries", "pycalls", "count_cells",
                 "bridge_aborts", "site_bridges", "nbridges", "end", "q", "compiled", "watch",
                 "pending", "spent_s", "code_bytes", "keep_boxed", "variant", "generalized",
                 "path_len", "bridge_ops",
                 "fault_j", "fault_bridge_j", "spans", "inner", "handovers", "stops", "stopped_at",
                 "dead",
                 "function", "resumes", "from_interp", "closed", "patience", "tail", "bridge_waits",
                 "headers", "unbound_entries", "waits_for", "recording_waits")

    def __init__(self, code, jb_pc, header, q, function=False):
        self.code = code
        self.q = q                # the code's Quickened (its ops, counters, caches)
        self.jb_pc = jb_pc        # the back-edge that found the loop hot
        self.header = header
        self.trace = None         # the trace compiled (with its bridges), or None
        self.aborts = 0
        self.retries = 0
        self.pycalls = 0          # calls from its native code into pyjit's Python (stats)
        # the counters (addresses) of its paths' count ops (statistics): what
        # its native code ran, loop body and bridges (jit/nativeshare.py)
        self.count_cells: set = set()
        self.retraces = 0
        self.entries = 0
        self.compiled = None      # the current Compiled, while a trace exists
        self.watch = ()           # weakrefs to the trace's weak constants (see _install)
        self.fault_j = self.fault_bridge_j = 0   # fault injection's sweep (jit/faults.py)
        self.max_depth = 0
        self.bridge_aborts = {}   # id(guard op) -> aborted bridge recordings
        self.bridge_waits = {}    # id(guard op) -> (loop whose code it waits for, waits): bridgewait
        # a function whose own recording waits for its loop's code, and how often
        # it did (bridgewait.recording_waits)
        self.waits_for = None
        self.recording_waits = 0
        self.site_bridges = {}    # guard_site(guard op) -> bridges recorded from there
        # id(guard op) -> the op, whose path suspends the coroutine the loop runs
        # in (its bridge's recording reached an await that yields: record/awaiting.py)
        self.suspends = {}
        self.nbridges = 0
        self.pending = None       # a Compiled whose code is being made (first, again, tier-up)
        self.spent_s = 0.0        # LLVM work spent on this loop, estimated (warmup budgets)
        self.code_bytes = 0
        self.keep_boxed = frozenset()   # input slots generalized to objects (see _generalize)
        # header entries left for an unbound temporary, and the loop's entries
        # and iterations when the first of them came (lifecycle.unbound_at_header)
        self.unbound_entries = [0, 0, None]
        self.variant = frozenset()      # slots a bridge assigns: never loop-invariant (ditto)
        self.generalized = 0
        self.path_len = 1         # bytecode instructions of the recorded iteration
        self.bridge_ops = 0       # IR ops in the bridges recorded for it (warmup budget)
        # a function trace (driver.function_entry): jb_pc is the function's
        # RESUME_JIT, header the instruction after it; the trace ends at a return
        self.function = function
        # a resumption trace (jit/functions.py): a coroutine's frame from the RESUME
        # after an await's yield (jb_pc) to its loop's header
        self.resumes = False
        # a function trace's entries from the interpreter and the native calls
        # they made; closed: no longer entered from there (functions._entered)
        self.from_interp = [0, 0]
        self.closed = False
        self.patience = 0         # (judgements waited for a native caller: functions._entered)
        # every back-edge to the header (a function trace: its RESUME_JIT)
        headers = self.headers = _headers(code)
        self.jb_pcs = (jb_pc,) if function else headers.get(header, ())
        self.end = max(self.jb_pcs, default=header)
        # the loops of the same code enclosing this one, as (header, last back-edge):
        # leaving this loop into one of them is a path of the nest (see in_nest)
        self.spans = tuple((h, max(jbs)) for h, jbs in headers.items()
                           if h < header and max(jbs) > self.end)
        # the headers of the loops inside this one, each with its back-edges: the
        # recording stops at one whose loop has code (driver._stop_at_inner)
        self.inner = {h: jbs for h, jbs in headers.items() if header < h <= self.end}
        # past this pc a function's code has no loop: leaving there, the frame runs
        # straight to its return (see ends_in_return); None: not a function's code
        self.tail = max((max(jbs) for jbs in headers.values()), default=header) \
            if code.co_flags & O.CO_NEWLOCALS and not function else None
        self.handovers = 0        # recordings stopped at an inner loop not compiled yet
        self.stops = 0            # recordings stopped at an inner loop (nest.handed_over)
        self.stopped_at = None    # ... the header of the last one (explain: why no trace)
        self.dead = False         # blacklisted (or sent back): never compiled again
        where = "function" if function else f"loop at {header}"
        self.name = f"{code.co_name} ({code.co_filename}:{code.co_firstlineno}) {where}"


def _headers(code):
    """Every loop header of ``code`` with the back-edges that jump to it."""
    dec = decode(code)
    out = {}
    for pc, op in enumerate(dec.ops):
        d = O.BY_CODE[op]
        if d is not None and d.jump is O.Jump.BACKWARD:
            out.setdefault(dec.args[pc], []).append(pc)
    return {h: tuple(jbs) for h, jbs in out.items()}


# the counted back-edges (the eval loop calls backedge() at zero)
JIT_EDGES = frozenset(S.JIT_BACK_EDGES.values()) | {O.JUMP_BACKWARD_JIT}


def rearm(info, q, n):
    """Set the counter of every back-edge of the loop (0: each enters the trace)."""
    for pc in info.jb_pcs:
        if q.caches[pc] is info:
            q.counters[pc] = n


def slot_worthy(info, op):
    """Does this guard's exit get a slot for a bridge attached later?  (A guard
    of the loop's body whose failure stays in the loop or its nest -- the
    backend asks only about those after the label -- and is a path, not an
    exception.)"""
    return op.snapshot is not None and not op.opdef.raises and \
        op.name not in ("check_interrupt", "leave", "finish") and \
        (info.function or in_loop(info, op.snapshot) or in_nest(info, op.snapshot)
         or ends_in_return(info, op.snapshot))


def in_loop(info, snap):
    """Does leaving through this snapshot stay inside the loop (a changed type or
    path, not the loop's end)?"""
    if len(snap.frames) > 1:
        return True
    return info.header <= snap.frames[0].pc <= info.end


def in_nest(info, snap):
    """Does leaving through this snapshot end the loop into a loop enclosing it
    in the same frame (the inner loop of a nest ended, or broke out)?  Such an
    exit gets a bridge like a path of the body: it runs the rest of the outer
    loop's body, its back-edge and header, and closes at this loop's header
    when the outer body enters it again (notes/jit.md, "Nested loops")."""
    if len(snap.frames) > 1:
        return False
    pc = snap.frames[0].pc
    return any(h <= pc <= e for h, e in info.spans) and not in_loop(info, snap)


def ends_in_return(info, snap):
    """Does leaving through this snapshot end the loop (its iterator ran out, its
    test failed, a ``break``) into code that has no loop left up to the function's
    return?  Such an exit gets a bridge like a path of the body, through that code
    to the return (``finish``): a loop called again and again (a recursion's
    level, a method) runs its epilogue natively.  (With a loop after it the bridge
    would unroll that one.)"""
    if info.tail is None or len(snap.frames) != 1:
        return False
    pc = snap.frames[0].pc
    return pc > info.tail or (not in_loop(info, snap) and _straight(info.code, pc))


# the instructions after which the next one does not run (the frame's flow)
_STOPS = frozenset(O.OPS[n].code for n in ("JUMP_FORWARD", "RETURN_VALUE", "RAISE_VARARGS",
                                           "RERAISE"))
_straights = weakref.WeakKeyDictionary()   # code -> {pc: _straight's answer}


def _straight(code, pc) -> bool:
    """Does every path from ``pc`` (jumps followed, exceptions not) reach a
    return without a back-edge?  A loop's end that jumps past a later loop
    of its function (json_tree's ``summarize``: the dict loop's end goes to
    the return, past the list loop of the next ``elif``) has no loop left
    on its way to the return either, though its pc is not past every one."""
    known = _straights.get(code)
    if known is None:
        known = _straights[code] = {}
    r = known.get(pc)
    if r is None:
        dec = decode(code)
        seen, todo, r = set(), [pc], True
        while todo and r:
            p = todo.pop()
            if p in seen or p >= len(dec.ops):
                continue
            seen.add(p)
            op = dec.ops[p]
            d = O.BY_CODE[op]
            if d is not None and d.jump is O.Jump.BACKWARD:
                r = False
            elif d is not None and d.jump is O.Jump.FORWARD:
                todo.append(dec.args[p])
            if op not in _STOPS:
                todo.append(p + 1)
        known[pc] = r
    return r


DOOMED: list = []   # (LoopInfo, its trace) whose weak constants died: see driver._reap


def watch(info, trace, bridge=None) -> None:
    """Watch the objects ``trace`` (or a ``bridge`` attached to it) names weakly
    -- functions, classes: when one dies the trace's guards can never hold
    again, and it is doomed -- dropped at the driver's next safe point (a
    weakref callback runs wherever the object dies, inside a garbage collection
    any allocation may start, amid the driver's own work on the loop).  One dead
    already -- gone while the code compiled on the compile thread -- dooms it at
    once (it would keep what it names strongly, an exec namespace, alive)."""
    def dead(_ref, doomed=DOOMED):   # (bound: at exit it may run after globals are cleared)
        doomed.append((info, trace))
    part = trace if bridge is None else ir.Trace([], bridge)
    refs = [weakref.ref(obj, dead) for obj in ir.weak_consts(part)]
    info.watch = refs if bridge is None else list(info.watch) + refs
    if any(a.value is ir.DEAD for a in ir.weak_args(part)):
        dead(None)


_GET_ANEXT = O.OPS["GET_ANEXT"].code


def head_enters(info, q, on):
    """Make the loop's header (a FOR_ITER, or an async for's GET_ANEXT) enter the
    trace, or stop doing so."""
    h = info.header
    base = decode(info.code).ops[h]
    if info.function or (base != O.FOR_ITER and base != _GET_ANEXT):
        return
    if on:
        q.ops[h] = O.FOR_ITER_JIT if base == O.FOR_ITER else O.GET_ANEXT_JIT
        q.caches[h] = info
    elif q.caches[h] is info:
        q.ops[h] = S.ADAPTIVE_OF.get(O.FOR_ITER_LIST, O.FOR_ITER) if base == O.FOR_ITER \
            else _GET_ANEXT
        q.caches[h] = None
        q.counters[h] = S.CONFIG.warmup


# bridges from guards of one kind at one place (a bridge's own guard there
# failing in turn: a class mutated every iteration, a value that keeps
# changing); past this the place is megamorphic and stays interpreted
MAX_SITE_BRIDGES = 4


def bridgeable(info, op, supported, linked=False):
    """A guard of the loop's body (not of the preamble) whose failure is a path
    the loop takes, not an exception (``supported``: the backend attaches
    bridges).  ``linked``: exits inside nested frames of the kinds
    ``protocols.BRIDGED`` count, which resume links for the recording."""
    if op.snapshot is None or op.opdef.raises or op.name == "finish" or not supported:
        return False
    if any(not ir.FRAME_KINDS[fr.kind].linked and not (linked and fr.kind in BRIDGED)
           for fr in op.snapshot.frames):
        return False   # (leaving it finishes an instruction in Python: no bridge from there)
    if info.site_bridges.get(guard_site(op), 0) >= MAX_SITE_BRIDGES:
        return False
    trace = info.trace
    label = trace.label()
    main = trace.ops
    if op in main:
        return main.index(op) > main.index(label)
    return True   # inside a bridge: after the label


def guard_site(op):
    """Where a guard checks what: its kind and its place in the inlined frames."""
    return op.name, tuple(fr.pc for fr in op.snapshot.frames)
