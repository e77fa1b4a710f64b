"""Tier specialize's eval loop: interp's loop over quickened instructions.

:class:`Specialize` is the tier object.  Same frames, calls, exception
unwinding and generator protocol as tier interp (:mod:`pyjit.frame`,
:mod:`pyjit.calls`); the difference is the instruction array: each code
object's :class:`Quickened` copy, whose adaptive instructions count down and
specialize in place (:mod:`.specializer`), whose specialized instructions check
their guards, act, or on a miss run the generic operation (and after enough
misses deopt), and whose warm runs become blocks (:mod:`.blocks`).

Branch order is by dynamic frequency, measured by counting the instructions
executed over the whole benchmark suite (each ``op ==`` test costs ~7 ns):
arithmetic forms, LOAD_FAST, one table call for the other specialized forms
(:mod:`.forms`), constants, calls and returns (one group test), the locals
superinstructions, attributes, globals, back-edges (fused with the FOR_ITER
they return to), compares; then the interp tier's generic handlers; the rest.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from .. import handlers as H
from .. import opcodes as O
from ..calls import call, call_ex, return_generator, send, send_push
from ..errors import VMError
from ..frame import Frame, gen_yielded, pop, push, suspend, unwind
from ..guards import CHECK
from ..loopsrc import build, hand_over  # noqa: F401  (the loop's $to_traced)
from ..null import NULL
from ..tiers import Tier
from ..traceloop import run as traced
from . import blocks as _blocks
from . import forms
from . import specializer as S
from .stats import Stats

unbound_local = H.unbound_local
name_error = H.name_error
load_global_slow = H.load_global_slow

def _no_handler(f, arg):
    raise VMError(f"tier specialize has no handler for an instruction of {f.code.co_name}")


# Generic handlers by any opcode (a specialized or quick form runs its base's);
# the loop reaches this table last, after everything it runs itself.
HANDLERS = [H.HANDLERS[O.DEOPT[op]] or _no_handler for op in range(256)]


# The specialized forms this loop executes itself (the others: forms.TABLE, one
# table call each; the check at the end of this module says every form the
# specializer makes has exactly one of the two).
RUN_BY_LOOP = frozenset({
    # switch frames
    "CALL_ADAPTIVE", "CALL_PY_EXACT_ARGS", "CALL_PY_WITH_DEFAULTS", "BINARY_SUBSCR_GETITEM",
    "CALL_ALLOC_AND_ENTER_INIT", "PRECALL_PYFUNC",
    # the hottest: inline in the loop's chain
    "LOAD_FAST__LOAD_FAST", "LOAD_FAST__LOAD_CONST", "STORE_FAST__LOAD_FAST",
    "BINARY_OP_ADAPTIVE", "BINARY_OP_ADD_FLOAT", "BINARY_OP_ADD_INT", "BINARY_OP_ADD_UNICODE",
    "BINARY_OP_INPLACE_ADD_UNICODE", "BINARY_OP_MULTIPLY_FLOAT", "BINARY_OP_MULTIPLY_INT",
    "BINARY_OP_SUBTRACT_FLOAT", "BINARY_OP_SUBTRACT_INT",
    "COMPARE_OP_FLOAT_JUMP", "COMPARE_OP_INT_JUMP", "COMPARE_OP_STR_JUMP",
    "JUMP_BACKWARD_QUICK", "FOR_ITER_ADAPTIVE", "FOR_ITER_LIST", "FOR_ITER_TUPLE",
    "FOR_ITER_RANGE", "LOAD_ATTR_ADAPTIVE", "LOAD_ATTR_INSTANCE_VALUE", "LOAD_ATTR_SLOT",
    "LOAD_METHOD_NO_DICT", "LOAD_METHOD_WITH_VALUES",
    "LOAD_GLOBAL_ADAPTIVE", "LOAD_GLOBAL_BUILTIN", "LOAD_GLOBAL_MODULE",
    # tier jit's back-edges and loop headers (the JIT's hooks)
    "JUMP_BACKWARD_JIT", "POP_JUMP_BACKWARD_IF_FALSE_JIT", "POP_JUMP_BACKWARD_IF_TRUE_JIT",
    "POP_JUMP_BACKWARD_IF_NONE_JIT", "POP_JUMP_BACKWARD_IF_NOT_NONE_JIT", "FOR_ITER_JIT",
    "GET_ANEXT_JIT", "RESUME_JIT",
    # may raise at its second instruction: the loop must know that pc
    "LOAD_CONST__LOAD_FAST",
    # run by the generic handler of its base instruction
    "EXTENDED_ARG_QUICK",
})


def _kinds(*names):
    """A 256-entry membership table: ``KIND[op]`` is one list index, cheaper than
    several ``op ==`` tests (specialized opcodes are not contiguous)."""
    for n in names:
        assert n in O.OPS or n in RUN_BY_LOOP, f"{n}: not a base op nor a form run by the loop"
    codes = {getattr(O, n) for n in names}
    return tuple(op in codes for op in range(256))


_BINOP_FORMS = _kinds("BINARY_OP", "BINARY_OP_ADAPTIVE", "BINARY_OP_ADD_INT", "BINARY_OP_SUBTRACT_INT", "BINARY_OP_MULTIPLY_INT",
                      "BINARY_OP_ADD_FLOAT", "BINARY_OP_SUBTRACT_FLOAT",
                      "BINARY_OP_MULTIPLY_FLOAT", "BINARY_OP_ADD_UNICODE",
                      "BINARY_OP_INPLACE_ADD_UNICODE")
_CMP_FORMS = _kinds("COMPARE_OP_INT_JUMP", "COMPARE_OP_FLOAT_JUMP", "COMPARE_OP_STR_JUMP")
_ITER_FORMS = _kinds("FOR_ITER_ADAPTIVE", "FOR_ITER_LIST", "FOR_ITER_TUPLE", "FOR_ITER_RANGE")
_ATTR_FORMS = _kinds("LOAD_ATTR_ADAPTIVE", "LOAD_ATTR_INSTANCE_VALUE", "LOAD_ATTR_SLOT")
_METHOD_FORMS = _kinds("LOAD_METHOD_WITH_VALUES", "LOAD_METHOD_NO_DICT")
_GLOBAL_FORMS = _kinds("LOAD_GLOBAL_ADAPTIVE", "LOAD_GLOBAL_MODULE", "LOAD_GLOBAL_BUILTIN")


_NEVER = (False,) * 256
_JIT_FORMS = _kinds("POP_JUMP_BACKWARD_IF_FALSE_JIT", "POP_JUMP_BACKWARD_IF_TRUE_JIT",
                    "POP_JUMP_BACKWARD_IF_NONE_JIT", "POP_JUMP_BACKWARD_IF_NOT_NONE_JIT",
                    "FOR_ITER_JIT", "GET_ANEXT_JIT", "RESUME_JIT")
# tier jit's conditional back-edges (while loops): is the back-edge taken for the
# popped value?
_BACK_EDGE_TAKEN = [None] * 256
_BACK_EDGE_TAKEN[O.POP_JUMP_BACKWARD_IF_FALSE_JIT] = lambda v: not v
_BACK_EDGE_TAKEN[O.POP_JUMP_BACKWARD_IF_TRUE_JIT] = bool
_BACK_EDGE_TAKEN[O.POP_JUMP_BACKWARD_IF_NONE_JIT] = lambda v: v is None
_BACK_EDGE_TAKEN[O.POP_JUMP_BACKWARD_IF_NOT_NONE_JIT] = lambda v: v is not None


def _count(q, pc, op, hits, *operands):
    """Statistics only (the form's action is the generic operation): did the
    form's guards hold?  A hit, or a miss for the specializer."""
    if CHECK[op](q.caches[pc], *operands):
        hits[op] += 1
    else:
        S.miss(q, pc)


# Tier specialize's loop (see pyjit.loopsrc: its ``$name`` lines are macros).
_RUN = r'''
def run(self, f, ts, throw=None, *,
        LOAD_FAST=O.LOAD_FAST, STORE_FAST=O.STORE_FAST, LOAD_CONST=O.LOAD_CONST,
        LF_LF=O.LOAD_FAST__LOAD_FAST, LF_LC=O.LOAD_FAST__LOAD_CONST,
        LC_LF=O.LOAD_CONST__LOAD_FAST, SF_LF=O.STORE_FAST__LOAD_FAST,
        JUMP_BACKWARD=O.JUMP_BACKWARD_QUICK, BS_GETITEM=O.BINARY_SUBSCR_GETITEM,
        BINARY_OP_ADAPTIVE=O.BINARY_OP_ADAPTIVE, FOR_ITER_ADAPTIVE=O.FOR_ITER_ADAPTIVE,
        LOAD_ATTR_ADAPTIVE=O.LOAD_ATTR_ADAPTIVE, LOAD_GLOBAL_ADAPTIVE=O.LOAD_GLOBAL_ADAPTIVE,
        PC_PYFUNC=O.PRECALL_PYFUNC, CALL=O.CALL,
        BINARY_OP=O.BINARY_OP, check=CHECK,
        CALL_EXACT=O.CALL_PY_EXACT_ARGS, CALL_DEFAULTS=O.CALL_PY_WITH_DEFAULTS,
        CALL_ADAPTIVE=O.CALL_ADAPTIVE, CALL_ALLOC_INIT=O.CALL_ALLOC_AND_ENTER_INIT,
        RETURN_VALUE=O.RETURN_VALUE,
        PJ_F_FALSE=O.POP_JUMP_FORWARD_IF_FALSE, PJ_F_TRUE=O.POP_JUMP_FORWARD_IF_TRUE,
        PJ_B_FALSE=O.POP_JUMP_BACKWARD_IF_FALSE, PJ_B_TRUE=O.POP_JUMP_BACKWARD_IF_TRUE,
        CALL_FUNCTION_EX=O.CALL_FUNCTION_EX, RETURN_GENERATOR=O.RETURN_GENERATOR,
        YIELD_VALUE=O.YIELD_VALUE, SEND=O.SEND, Null=NULL,
        getattr_=getattr,
        miss=S.miss, CONFIG=S.CONFIG, TABLE=forms.TABLE, form_block=_blocks.form,
        BINOP_FORMS=_BINOP_FORMS, CMP_FORMS=_CMP_FORMS, ITER_FORMS=_ITER_FORMS,
        ATTR_FORMS=_ATTR_FORMS, METHOD_FORMS=_METHOD_FORMS, GLOBAL_FORMS=_GLOBAL_FORMS,
        ITER_SPECIALIZED=_kinds("FOR_ITER_LIST", "FOR_ITER_TUPLE", "FOR_ITER_RANGE"),
        CALL_GROUP=_kinds("PRECALL_PYFUNC", "CALL_PY_EXACT_ARGS", "CALL_PY_WITH_DEFAULTS",
                          "CALL_ALLOC_AND_ENTER_INIT", "RETURN_VALUE", "CALL_ADAPTIVE",
                          "CALL"),
        FRAME_GROUP=_kinds("BINARY_SUBSCR_GETITEM", "CALL_FUNCTION_EX", "RETURN_GENERATOR",
                           "YIELD_VALUE", "SEND"),
        JUMP_BACKWARD_JIT=O.JUMP_BACKWARD_JIT, JIT_FORMS=_JIT_FORMS,
        FOR_ITER_JIT=O.FOR_ITER_JIT, GET_ANEXT_JIT=O.GET_ANEXT_JIT, RESUME_JIT=O.RESUME_JIT,
        TAKEN=_BACK_EDGE_TAKEN):
    """Run ``f`` (an entry frame, already counted in ``ts.depth``) to its return.

    With ``throw``, first raise that exception at ``f.lasti`` (generator.throw).

    Arithmetic, compare, iteration, attribute and global forms act with the
    generic operation (in this host that is also the fastest one), so their
    guards decide nothing and are checked only for ``--stats``; the forms whose
    action relies on a guard (cached methods, direct frame pushes, host calls at
    PRECALL) always check it.
    """
    $to_traced(throw)
    binops = O.BINARY_OP_FUNCTIONS
    compares = O.COMPARE_OP_FUNCTIONS
    handlers = HANDLERS
    stats = CONFIG.stats
    counting = stats is not None
    # tier jit's function traces entered at calls (CALL_PY_* below): not while counting
    entries = not counting and CONFIG.jit_function_threshold is not None
    hits = stats.hits if counting else None
    forms.hits = hits
    # With statistics on, FOR_ITER forms must count their hits themselves.
    FUSE_ITER = _NEVER if counting else ITER_SPECIALIZED
    if throw is not None:  # generator.throw(): raise it at f.lasti
        pc = f.lasti
        exc = throw
        throw = None
        $unwind
    while True:
        $to_traced
        # (Re)entering a frame.  Drop the temporaries of the last frame: an
        # object must die when CPython would drop it (__del__, weakrefs).
        v = r = o = c = fn = cargs = nf = None
        dec = f.dec
        pc = f.pc  # (before fast, whose last reference may go: see frame.release)
        q = dec.extra
        if q is None:
            q = S.quicken(dec)
        ops, caches, counters = q.ops, q.caches, q.counters
        blocks, args, nexts = q.blocks, dec.args, dec.nexts
        try:
            # (inside the try: CPython 3.11 reports an asynchronous exception met at
            # the back-edge of the loop below -- a signal handler's,
            # PyThreadState_SetAsyncExc -- at the instruction before the loop's
            # start, which must be in the try for the program's handlers to see it)
            stack, fast = f.stack, f.fast
            while True:
                b = blocks[pc]
                if b is not None:
                    # a leader: run its block (blocks.py), or count towards forming it
                    # (with --stats every unit counts down here: its executions)
                    if b.__class__ is not int:
                        pc = -1  # (if the block raises: it saved its pc in f.pc)
                        pc = b(f, stack, fast)
                        if pc >= 0:
                            continue  # at the next leader
                        pc = ~pc  # an instruction the block leaves to the loop
                    elif b:
                        blocks[pc] = b - 1
                    else:
                        form_block(q, f, pc)
                        continue
                op = ops[pc]
                if BINOP_FORMS[op]:
                    # the adaptive form and the specialized ones share the action
                    if op == BINARY_OP_ADAPTIVE:
                        $count_down(S.specialize_BINARY_OP(q, pc, dec, stack[-2], stack[-1]))
                    elif counting and op != BINARY_OP:
                        _count(q, pc, op, hits, stack[-2], stack[-1])
                    r = stack.pop()
                    stack[-1] = binops[args[pc]](stack[-1], r)
                    r = None
                    pc = nexts[pc]
                elif op == LOAD_FAST:
                    $push_local(args[pc])
                    pc += 1
                elif TABLE[op] is not None:
                    # the other adaptive and specialized forms (forms.py)
                    pc = TABLE[op](f, pc)
                elif op == LOAD_CONST:
                    stack.append(f.consts[args[pc]])
                    pc += 1
                elif CALL_GROUP[op]:
                    # calls and returns: one test for the group
                    if op == RETURN_VALUE:
                        $return_value
                    if op == PC_PYFUNC:  # no-op before a VM call: go on to the CALL
                        if counting:
                            hits[op] += 1
                        pc = nexts[pc]
                        op = ops[pc]
                    if op == CALL_EXACT or op == CALL_DEFAULTS:
                        # (no keyword names: the specializer refuses such sites)
                        argc = args[pc]
                        n = len(stack)
                        c = caches[pc]
                        o = stack[n - 2 - argc]  # NULL, or the callable below its self
                        fn = stack[n - 1 - argc] if o is Null else o
                        nargs = argc if o is Null else argc + 1
                        if check[op](c, fn, o, nargs):
                            if counting:
                                hits[op] += 1
                            cargs = stack[n - nargs:]
                            del stack[n - 2 - argc:]
                            if op == CALL_DEFAULTS:
                                d = fn.defaults
                                cargs.extend(d[len(d) - (c[0].co_argcount - nargs):])
                                d = None
                            cargs.extend(fn.dec.unbound_rest)  # (nargs: co_argcount)
                            f = push(f, Frame(fn, cargs), ts, nexts[pc], nexts[pc] - 1)
                            if not entries:
                                break
                            nf = f.dec.extra
                            if nf is None or nf.ops[f.pc] != RESUME_JIT or nf.counters[f.pc]:
                                break
                            # tier jit: the callee's entry is a function trace's, its
                            # call count run out: RESUME_JIT's work done from here,
                            # and at the trace's return back in this frame -- no
                            # frame switch into the callee nor out of it
                            o = c = fn = cargs = None
                            pc = f.pc   # (frame views: the loop's f and pc are the callee's)
                            r = self.function_entry(f, pc, ts)
                            if r is f and not ts.hooks and nf.ops[f.pc] == RETURN_VALUE:
                                r = nf = None
                                f.lasti = f.pc   # (as RETURN_VALUE)
                                f = pop(f, f.stack.pop(), ts)
                                pc = f.pc
                                continue
                            nf = None
                            if r is None:
                                f.pc = pc + 1   # (RESUME_JIT's: on with the body)
                            elif r.__class__ is Frame:
                                f = r
                                r = None
                            else:  # the program's exception, raised at (frame, pc)
                                f, pc, r = r
                                v = r
                                r = None
                                raise v
                            break
                        miss(q, pc)
                        o = c = fn = None
                    elif op == CALL_ALLOC_INIT:
                        nf = forms.alloc_and_enter_init(f, stack, pc, ts)
                        if nf is not None:
                            f = nf
                            break
                    elif op == CALL_ADAPTIVE:
                        if not counters[pc]:
                            S.specialize_CALL(q, pc, stack, args[pc], dec.kwnames[pc])
                            continue
                        counters[pc] -= 1
                    # the generic call: no form, or the form's guard missed
                    $generic_call
                elif op == LF_LF:
                    $push_local(args[pc])
                    pc += 1
                    $push_local(args[pc])
                    pc += 1
                elif op == SF_LF:
                    fast[args[pc]] = stack.pop()
                    pc += 1
                    $push_local(args[pc])
                    pc += 1
                elif ATTR_FORMS[op]:
                    if op == LOAD_ATTR_ADAPTIVE:
                        if not counters[pc]:
                            S.specialize_LOAD_ATTR(q, pc, f, stack[-1])
                            continue  # LOAD_ATTR_MODULE/CLASS act differently: re-dispatch
                        counters[pc] -= 1
                    elif counting:
                        _count(q, pc, op, hits, stack[-1])
                    stack[-1] = getattr_(stack[-1], f.names[args[pc]])
                    pc = nexts[pc]
                elif GLOBAL_FORMS[op]:
                    if op == LOAD_GLOBAL_ADAPTIVE:
                        $count_down(S.specialize_LOAD_GLOBAL(q, pc, f))
                    elif counting:
                        _count(q, pc, op, hits, f.globals, f.builtins)
                    $load_global
                elif op == LF_LC:
                    $push_local(args[pc])
                    stack.append(f.consts[args[pc + 1]])
                    pc += 2
                elif op == JUMP_BACKWARD:
                    pc = args[pc]
                    if FUSE_ITER[ops[pc]] and blocks[pc] is None:
                        # back at the loop's FOR_ITER (specialized, stats off): run it
                        # now, and the STORE_FAST of the loop variable after it,
                        # saving two dispatches per iteration
                        try:
                            v = next(stack[-1])
                        except StopIteration:
                            stack.pop()
                            pc = args[pc]
                        else:
                            pc += 1
                            if ops[pc] == STORE_FAST:
                                fast[args[pc]] = v
                                pc += 1
                            else:
                                stack.append(v)
                            v = None
                elif op == JUMP_BACKWARD_JIT or JIT_FORMS[op]:
                    # tier jit: count the loop's iterations; then the JIT records
                    # it or runs its trace, and says what comes next
                    if op == FOR_ITER_JIT:
                        # the header of a loop with a trace, reached from before
                        # the loop: run the trace from the first iteration
                        r = self.header(f, pc, ts)
                        if r is None:
                            $iter_next
                            continue
                    elif op == GET_ANEXT_JIT:
                        # an async for's header with a trace, reached from before
                        # the loop (or back from its end): as FOR_ITER_JIT
                        r = self.header(f, pc, ts)
                        if r is None:
                            r = handlers[op](f, args[pc])   # (GET_ANEXT's)
                            pc = nexts[pc] if r is None else r
                            continue
                    elif op == RESUME_JIT:
                        # a function's entry: count its calls; then the JIT
                        # records it from entry to return, or runs its trace
                        # (and returns the frame at a RETURN_VALUE, its value
                        # on the stack)
                        if counters[pc]:
                            counters[pc] -= 1
                            pc += 1
                            continue
                        r = self.function_entry(f, pc, ts)
                        if r is None:
                            pc += 1
                            continue
                    else:
                        if op != JUMP_BACKWARD_JIT and not TAKEN[op](stack.pop()):
                            pc += 1  # a while loop's conditional back-edge, not taken
                            continue
                        if counters[pc]:
                            counters[pc] -= 1
                            pc = args[pc]
                            continue
                        r = self.backedge(f, pc, ts)
                    if r is None:
                        pc = args[pc]
                    elif r.__class__ is Frame:
                        if r is f and r.stack is stack and r.fast is fast and not ts.hooks:
                            # the trace left in this frame (a function trace at its
                            # RETURN_VALUE, a loop at its exit): on from there, with no
                            # frame switch (nothing else to drop or reload)
                            r = None
                            pc = f.pc
                            continue
                        f = r
                        r = None
                        break
                    else:  # the program's exception, raised at (frame, pc)
                        f, pc, r = r
                        v = r
                        r = None
                        raise v
                elif CMP_FORMS[op]:
                    # fused with the conditional jump after it; cache: (jump if, target)
                    r = stack.pop()
                    o = stack.pop()
                    c = caches[pc]  # (before the guard: a deopt clears it)
                    if counting:
                        _count(q, pc, op, hits, o, r)
                    if compares[args[pc]](o, r):
                        pc = c[1] if c[0] else nexts[pc] + 1
                    else:
                        pc = nexts[pc] + 1 if c[0] else c[1]
                    o = r = c = None
                elif op == STORE_FAST:
                    fast[args[pc]] = stack.pop()
                    pc += 1
                elif ITER_FORMS[op]:
                    if op == FOR_ITER_ADAPTIVE:
                        $count_down(S.specialize_FOR_ITER(q, pc, stack[-1]))
                    elif counting:
                        _count(q, pc, op, hits, stack[-1])
                    $iter_next
                elif op == LC_LF:
                    stack.append(f.consts[args[pc]])
                    pc += 1
                    $push_local(args[pc])
                    pc += 1
                # -- the rest of interp's inline instructions ---------------------
                elif METHOD_FORMS[op]:
                    # [self] -> [method, self]: no bound method is made.  The action
                    # uses the cached method: the guard always runs.
                    o = stack[-1]
                    c = caches[pc]
                    if check[op](c, o, f.names[args[pc]]):
                        # the type is alive (o is) and unchanged: it holds the method
                        stack[-1] = c[3]() if c[4] else c[3]
                        stack.append(o)
                        if counting:
                            hits[op] += 1
                    else:
                        miss(q, pc)
                        stack.append(getattr_(o, f.names[args[pc]]))
                        stack[-2] = Null
                    o = c = None
                    pc = nexts[pc]
                elif op == PJ_F_FALSE or op == PJ_B_FALSE:
                    pc = pc + 1 if stack.pop() else args[pc]
                elif op == PJ_F_TRUE or op == PJ_B_TRUE:
                    pc = args[pc] if stack.pop() else pc + 1
                elif FRAME_GROUP[op]:
                    # the other frame switches: generators, f(*args), __getitem__ frames
                    if op == YIELD_VALUE:
                        suspend(f, pc, ts)
                        if f.entry:  # (resumed by host code: the value leaves the loop)
                            return stack.pop()
                        nf = gen_yielded(f, stack.pop())  # (pushed by a SEND: to its sender)
                    elif op == SEND:
                        nf = send_push(f, stack, pc, ts)
                        if nf is None:
                            pc = send(stack, pc, args[pc])
                            continue
                    elif op == CALL_FUNCTION_EX:
                        nf = call_ex(f, stack, pc, args[pc], ts)
                        pc += 1
                    elif op == BS_GETITEM:
                        nf = forms.getitem_frame(f, stack, pc, ts)
                        pc = nexts[pc]
                    else:  # RETURN_GENERATOR: to the caller, or out of the loop
                        nf = return_generator(f, pc, ts)
                        if nf is None:
                            return stack.pop()
                    if nf is not None:
                        f = nf
                        break
                else:  # the interp tier's generic handlers
                    r = handlers[op](f, args[pc])
                    pc = nexts[pc] if r is None else r
        $catch
        # Unwind outside the host's except block (see Interp.run).
        if pc < 0:  # raised in a block, at the instruction it saved
            pc = f.pc
        $unwind
'''


def _COUNT_DOWN(specialize):
    """The adaptive form's countdown; at zero, ``specialize`` (a call) rewrites it."""
    return f"""\
        if counters[pc]:
            counters[pc] -= 1
        else:
            {specialize}
        """


class Specialize(Tier):
    """Tier specialize (PEP 659): quickened instructions, specialized forms, blocks.

    Tier jit is this tier with its hooks at the JIT's back-edges set
    (``pyjit.jit.driver.Jit``): :meth:`backedge` at a counted-down loop
    back-edge, :meth:`header` at the header of a loop that has a trace."""

    name = "specialize"

    def __init__(self, warmup=None, stats=False, blocks=True, blocks_log=None):
        """``warmup``: executions before an instruction specializes (``--specialize-warmup``);
        ``stats``: count for ``--stats``/``--stats-json`` (blocks are then not formed);
        ``blocks``: form blocks (``--no-blocks``); ``blocks_log``: an open file each
        block's source is written to (``--blocks-log``)."""
        config = S.CONFIG
        if warmup is not None:
            config.warmup = warmup
        config.stats = Stats() if stats else None
        config.blocks = blocks
        self.config = config
        _blocks.LOG = blocks_log

    def stats_report(self):
        return None if self.config.stats is None else self.config.stats.report()

    def stats_dict(self):
        return None if self.config.stats is None else self.config.stats.as_dict()

    def backedge(self, f, pc, ts):
        """The back-edge at ``pc`` finished counting: returns None (just jump), a frame
        to continue with, or ``(frame, pc, exception)`` to raise there."""
        raise VMError("a JIT back-edge outside tier jit")

    def header(self, f, pc, ts):
        """FOR_ITER_JIT at ``pc``: as :meth:`backedge`, or None to run the FOR_ITER."""
        raise VMError("a JIT loop header outside tier jit")

    def function_entry(self, f, pc, ts):
        """RESUME_JIT at ``pc`` (a function's entry) finished counting: as :meth:`backedge`,
        None to run the function's body."""
        raise VMError("a JIT function entry outside tier jit")

    def block_pc(self, run_frame, f):
        return _blocks.frame_pc(run_frame, f)

    run = build(_RUN, "run", globals(), {"count_down": _COUNT_DOWN})


def _check_executors():
    """Every specialized form the specializer makes runs in exactly one place (this
    loop or forms.TABLE); forms it never makes run nowhere."""
    for form in O.SPECIALIZED:
        n = (forms.TABLE[form.code] is not None) + (form.name in RUN_BY_LOOP)
        assert n == (1 if form.produced else 0), (form.name, n)
    assert RUN_BY_LOOP <= set(O.SPEC), RUN_BY_LOOP - set(O.SPEC)


_check_executors()
