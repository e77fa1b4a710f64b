"""Writing a block: a run of quickened instructions as the source of one host function.

:class:`Gen` walks the instructions from a leader and writes each one's
*quickened form* as Python source (one writer per base instruction,
``w_NAME``; :data:`WRITERS` is checked at import), keeping the value stack in
host locals (``s0``, ``s1``...; values below the entry depth stay in the
frame's stack).  What keeps the result exact:

* every way out writes the cached values back to the real stack, so the loop
  and the generic handlers see exactly the interp tier's stack;
* a consumed value's local is cleared before the next instruction that may run
  user code (``__del__`` and weak references see CPython's lifetimes);
* ``i`` is set before every instruction that may raise or call out: on an
  exception the block writes its cached values back, stores the instruction in
  ``f.pc`` and re-raises, and the loop unwinds at that instruction;
* a form whose action relies on its cache checks its guard -- the same
  condition the loop checks, written from the form's guard kinds
  (:func:`pyjit.guards.source`) -- and leaves at that instruction when it fails;
* branches are side exits or, within budget, both arms; a back-edge to the
  leader is the block's own host ``for``/``while`` loop.

The lifecycle (when blocks are formed, compiled, dropped) is :mod:`.blocks`'.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import keyword
import unicodedata

from .. import handlers as H
from .. import opcodes as O
from ..guards import source as guard_source
from .dataflow import bound_locals
from ..typelookup import type_in

BUDGET = 240          # instructions generated per block (both arms of branches count)
MAX_VISITS = 3        # times one instruction may be generated in one block
MAX_NESTING = 24      # if-statements nested in a block (the host parser allows 100 levels)

# host iterator types whose iter() is the identity with no side effects: a
# block looping on a FOR_ITER over one of these runs a host ``for`` loop
PLAIN_ITERS = frozenset(type(x) for x in (
    iter([]), iter(()), iter(range(0)), iter(range(1 << 70)), iter(""), iter("\u20ac"),
    iter(b""), iter(bytearray()), iter({}), iter({}.values()), iter({}.items()),
    iter(set()), reversed([]), reversed(range(0)), enumerate(()), zip(), map(id, ()),
    filter(None, ())))

_NAME = {code: info.name for code, info in enumerate(O.BY_CODE) if info is not None}
_BINOP_SYM = [sym for sym, _ in O.BINARY_OPS]
_CMP_SYM = O.COMPARE_OPS

# leaders: where the loop can arrive other than by falling through
JUMPS = frozenset(code for code, info in enumerate(O.BY_CODE)
                   if info is not None and info.jump is not O.Jump.NONE)

# base instructions run through their generic handler (frame-level operations,
# rare in hot code; the block writes its cached stack back first)
_VIA_HANDLER = frozenset(getattr(O, n) for n in (
    "GET_LEN", "MATCH_MAPPING", "MATCH_SEQUENCE", "MATCH_KEYS", "MATCH_CLASS", "BUILD_SET",
    "BUILD_MAP", "BUILD_CONST_KEY_MAP", "BUILD_STRING", "FORMAT_VALUE", "LIST_EXTEND",
    "SET_UPDATE", "DICT_MERGE", "DICT_UPDATE", "LIST_TO_TUPLE", "MAKE_FUNCTION",
    "DELETE_FAST", "MAKE_CELL", "COPY_FREE_VARS", "LOAD_CLASSDEREF", "STORE_GLOBAL",
    "DELETE_GLOBAL", "LOAD_NAME", "STORE_NAME", "DELETE_NAME", "BUILD_SLICE", "UNPACK_EX",
    "LOAD_BUILD_CLASS", "LOAD_ASSERTION_ERROR", "DELETE_DEREF"))

_PRECALL_ONE = frozenset(getattr(O, n) for n in (
    "PRECALL_NO_KW_LEN", "PRECALL_NO_KW_TYPE_1", "PRECALL_NO_KW_STR_1",
    "PRECALL_NO_KW_TUPLE_1", "PRECALL_NO_KW_BUILTIN_O"))
_PRECALL_METHOD_O = frozenset((O.PRECALL_NO_KW_LIST_APPEND, O.PRECALL_NO_KW_METHOD_DESCRIPTOR_O))
_PRECALL_N = frozenset(getattr(O, n) for n in (
    "PRECALL_NO_KW_ISINSTANCE", "PRECALL_NO_KW_BUILTIN_FAST", "PRECALL_BUILTIN_CLASS",
    "PRECALL_NO_KW_METHOD_DESCRIPTOR_NOARGS", "PRECALL_NO_KW_METHOD_DESCRIPTOR_FAST"))
CALL_PARTS = frozenset((O.PRECALL, O.CALL))
_JIT_FORMS = tuple(O.ALL_BY_CODE[c] is not None and O.ALL_BY_CODE[c].name.endswith("_JIT")
                   for c in range(256))
_LOAD_METHOD_CACHED = frozenset((O.LOAD_METHOD_WITH_VALUES, O.LOAD_METHOD_NO_DICT))

# marker values: i = pc << 8 | variant (one instruction may be generated on several paths)
SHIFT = 8


def _is_name(s):
    """Can ``s`` be written as ``x.s`` in generated source (and mean ``s``)?"""
    return (type(s) is str and s.isidentifier() and not keyword.iskeyword(s)
            and (s.isascii() or unicodedata.normalize("NFKC", s) == s))


# small ints, None, True, False: singletons, so a literal is the same object
def _literal(v):
    if v is None or v is True or v is False:
        return repr(v)
    if type(v) is int and -5 <= v <= 256:
        return repr(v)
    return None


class _Path:
    """The generator's state along one path: cached stack, pending clears."""

    __slots__ = ("vs", "pending", "bound", "pulled", "consts")

    def __init__(self, vs, pending, bound, pulled, consts):
        self.vs = vs            # local names holding the cached stack, bottom to top
        self.pending = pending  # names of consumed values still referenced
        self.bound = bound      # fast-local indices known bound on this path
        self.pulled = pulled    # values popped from the real stack below the entry depth
        self.consts = consts    # names holding a constant (co_consts keeps it alive)

    def copy(self):
        return _Path(list(self.vs), set(self.pending), set(self.bound), self.pulled,
                     set(self.consts))


class _Ins:
    """One instruction being written: where, what, and the path's state."""

    __slots__ = ("pc", "op", "qop", "a", "nxt", "p", "d")

    def __init__(self, pc, op, qop, a, nxt, p, d):
        self.pc, self.op, self.qop, self.a, self.nxt, self.p, self.d = pc, op, qop, a, nxt, p, d


# the condition under which each POP_JUMP_IF_* jumps ({0}: the popped value)
_POP_JUMP_TESTS = {getattr(O, f"POP_JUMP_{way}_IF_{kind}"): test
                   for way in ("FORWARD", "BACKWARD")
                   for kind, test in (("FALSE", "not {0}"), ("TRUE", "{0}"),
                                      ("NONE", "{0} is None"),
                                      ("NOT_NONE", "{0} is not None"))}
# the truth-testing ones, True where they jump on false
_TRUTH_JUMPS = {code: test.startswith("not") for code, test in _POP_JUMP_TESTS.items()
                if test in ("not {0}", "{0}")}


class Refuse(Exception):
    pass


class Gen:
    def __init__(self, q, dec, f, start):
        self.q = q
        self.dec = dec
        self.f = f
        self.start = start
        self.lines = []
        self.kvals = []          # closure constants
        self.kids = {}           # id(value) -> closure name
        self.live = {}           # marker -> names of the cached stack at it
        self.visits = {}
        self.budget = BUDGET
        self.generated = 0       # instructions written
        self.exits = set()       # pcs where the loop takes over
        self.uses_globals = False
        self.bound_at = bound_locals(dec)
        self.loop_kind = None    # None, "while" or "for"
        self.counts = {}         # pc of a tier jit back-edge -> the local counting it

    # -- emitting ----------------------------------------------------------
    def emit(self, depth, text):
        self.lines.append("    " * depth + text)

    def k(self, value):
        lit = _literal(value)
        if lit is not None:
            return lit
        name = self.kids.get(id(value))
        if name is None:
            name = self.kids[id(value)] = f"k{len(self.kvals)}"
            self.kvals.append(value)
        return name

    def fresh(self, p):
        n = 0
        while f"s{n}" in p.vs:
            n += 1
        name = f"s{n}"
        p.pending.discard(name)  # (assigning it drops the old value)
        p.consts.discard(name)
        return name

    def take(self, p, depth, n):
        """Make the top ``n`` stack values cached locals (popping real ones)."""
        while len(p.vs) < n:
            name = self.fresh(p)
            self.emit(depth, f"{name} = stack.pop()")
            p.vs.insert(0, name)
            p.pulled += 1

    def ref(self, p, k):
        """The ``k``-th stack value from the top, without popping it."""
        if k <= len(p.vs):
            return p.vs[-k]
        return f"stack[-{k - len(p.vs)}]"

    def pop(self, p):
        name = p.vs.pop()
        if name not in p.consts:
            p.pending.add(name)
        return name

    def push(self, p):
        name = self.fresh(p)
        p.vs.append(name)
        return name

    def flush(self, p, depth):
        if p.pending:
            names = sorted(p.pending)
            self.emit(depth, " = ".join(names) + " = None")
            p.pending.clear()

    def mark(self, p, depth, pc):
        """Before an instruction that may raise or run user code."""
        self.flush(p, depth)
        v = self.visits.get(pc, 0)
        m = (pc << SHIFT) | v
        self.live[m] = tuple(p.vs)
        self.emit(depth, f"i = {m}")

    def spill(self, p, depth):
        """Write the cached stack back to the real stack (it is then empty)."""
        if len(p.vs) == 1:
            self.emit(depth, f"stack.append({p.vs[0]})")
        elif p.vs:
            self.emit(depth, f"stack.extend(({', '.join(p.vs)},))")
        p.pending.update(p.vs)
        p.vs.clear()

    def leave(self, p, depth, pc, run_it=False, guard=False):
        """Leave the block for ``pc``: to its block if it has one, or (``run_it``)
        to the loop's instruction there."""
        self.spill(p, depth)
        if guard:
            self.emit(depth, f"return guard_failed({pc})")
        else:
            self.emit(depth, f"return {~pc if run_it else pc}")
        if run_it:
            self.exits.add(pc)

    # -- paths -------------------------------------------------------------
    def path(self, pc, p, depth):
        """Generate from ``pc`` until the path leaves the block."""
        dec, q = self.dec, self.q
        ops, args, nexts = dec.ops, dec.args, dec.nexts
        qops = q.ops
        first = True
        while True:
            if pc >= len(ops):
                raise Refuse("ran off the code")
            if pc == self.start and not first:
                self.loop_back(p, depth)
                return
            first = False
            v = self.visits.get(pc, 0)
            if v >= MAX_VISITS or self.budget <= 0:
                self.leave(p, depth, pc)
                return
            op = ops[pc]
            qop = qops[pc]
            a = args[pc]
            nxt = nexts[pc]
            name = _NAME[op]
            self.budget -= 1
            r = self.instruction(pc, op, qop, name, a, nxt, p, depth)
            self.visits[pc] = v + 1
            if r is None:
                return
            self.generated += 1
            pc = r

    def loop_back(self, p, depth):
        """Back at the block's leader: the next iteration of the block's own loop,
        if nothing is cached (a loop's header has the same stack each time)."""
        if p.vs or p.pulled:
            self.leave(p, depth, self.start)
        else:
            self.flush(p, depth)
            self.emit(depth, f"i = {self.start << SHIFT}")
            self.emit(depth, "continue")

    def branch(self, target, p, depth):
        """The taken arm of a conditional jump, inside an ``if`` at ``depth``."""
        if target == self.start:
            self.loop_back(p, depth)
        elif self.budget > 40 and target > self.start and depth < MAX_NESTING:
            self.path(target, p, depth)
        else:
            self.leave(p, depth, target)

    # -- instructions: one writer per base instruction (``WRITERS``) ---------
    # Each ``w_NAME(self, i)`` writes one instruction and returns the next unit,
    # or None when the path has left the block.  ``i`` is an _Ins.

    def instruction(self, pc, op, qop, name, a, nxt, p, d):
        """Write one instruction; return the next pc, or None if the path ended."""
        if _JIT_FORMS[qop]:  # tier jit's back-edges and trace entries: the loop's
            if qop == O.JUMP_BACKWARD_JIT and a == self.start:
                return self.jit_back_edge(pc, p, d)
            if op in _POP_JUMP_TESTS and a == self.start:
                return self.jit_cond_back_edge(pc, op, nxt, p, d)
            return self.to_loop(p, d, pc)
        i = _Ins(pc, op, qop, a, nxt, p, d)
        w = WRITERS.get(name)
        if w is not None:
            return w(self, i)
        if op in _VIA_HANDLER:
            return self.via_handler(i)
        # calls of VM functions, returns, yields, exception handling...: the loop's
        return self.to_loop(p, d, pc)

    def jit_back_edge(self, pc, p, d):
        """Tier jit's back-edge of the block's own loop: its iteration counted
        here, as the loop's JUMP_BACKWARD_JIT counts it, and the next iteration
        run in the block; once the count is out, the loop runs the back-edge
        (the JIT records the loop, enters its trace, or looks for its code).
        (Leaving the block at every iteration made a loop interpreted by tier
        jit -- before its code lands -- 2.4x slower than in tier specialize.)"""
        n = self.count(pc)
        self.emit(d, f"if {n}:")
        self.emit(d + 1, f"{n} -= 1")
        self.loop_back(p.copy(), d + 1)
        return self.to_loop(p, d, pc)

    def count(self, pc):
        """The local that counts back-edge ``pc`` down while the block runs:
        read from the loop's counter when the block starts, written back
        whenever it ends (``finally``) -- a list item decremented in place at
        every iteration cost tier jit's interpreted loops ~20% (int_loop)."""
        n = self.counts.get(pc)
        if n is None:
            n = self.counts[pc] = f"n{pc}"
        return n

    def jit_cond_back_edge(self, pc, op, nxt, p, d):
        """A ``while`` loop's conditional back-edge under tier jit: as
        :meth:`jit_back_edge` where it jumps.  Once the count is out the loop
        runs the back-edge with a value it tests the same way and without
        running ``__bool__`` again (True, False, None, or the value itself when
        it is not None)."""
        self.take(p, d, 1)
        if op in _TRUTH_JUMPS:  # a truth test may run __bool__
            self.mark(p, d, pc)
        x = self.pop(p)
        self.emit(d, f"if {_POP_JUMP_TESTS[op].format(x)}:")
        n = self.count(pc)
        self.emit(d + 1, f"if {n}:")
        self.emit(d + 2, f"{n} -= 1")
        self.loop_back(p.copy(), d + 2)
        out = p.copy()
        kind = _NAME[op].rsplit("_IF_", 1)[1]
        out.vs.append({"TRUE": "True", "FALSE": "False", "NONE": "None"}.get(kind, x))
        self.leave(out, d + 1, pc, run_it=True)
        return nxt

    def to_loop(self, p, d, pc):
        self.leave(p, d, pc, run_it=True)
        return None

    def op(self, i, n, fmt, result=True, mark=True):
        """An instruction that pops ``n`` values and pushes ``fmt`` formatted with
        them (bottom to top: {0}, {1}, ...), or with ``result`` False runs ``fmt``
        as a statement.  ``mark``: it may raise or run user code."""
        p, d = i.p, i.d
        self.take(p, d, n)
        if mark:
            self.mark(p, d, i.pc)
        ins = [self.pop(p) for _ in range(n)][::-1]
        code = fmt.format(*ins)
        self.emit(d, f"{self.push(p)} = {code}" if result else code)
        return i.nxt

    def attr_op(self, i, n, fmt, result=True):
        """An attribute instruction: ``{attr}`` in ``fmt`` is the name (written as
        ``.name``; a name that is not an identifier leaves for the loop)."""
        attr = self.f.names[i.a]
        if not _is_name(attr):
            return self.to_loop(i.p, i.d, i.pc)
        return self.op(i, n, fmt.replace("{attr}", attr), result)

    def w_nop(self, i):
        return i.nxt

    w_NOP = w_RESUME = w_EXTENDED_ARG = w_nop

    def w_LOAD_FAST(self, i):
        p, d, a = i.p, i.d, i.a
        t = self.push(p)
        self.emit(d, f"{t} = fast[{a}]")
        if a not in p.bound and not (self.bound_at[i.pc] >> a) & 1:
            self.emit(d, f"if {t} is NULL:")  # the loop raises the UnboundLocalError
            p.vs.pop()
            self.leave(p.copy(), d + 1, i.pc, run_it=True)
            p.vs.append(t)
            p.bound.add(a)
        return i.nxt

    def w_LOAD_CONST(self, i):
        t = self.push(i.p)
        self.emit(i.d, f"{t} = {self.k(self.f.consts[i.a])}")
        i.p.consts.add(t)
        return i.nxt

    def w_LOAD_CLOSURE(self, i):
        self.emit(i.d, f"{self.push(i.p)} = fast[{i.a}]")
        return i.nxt

    def w_STORE_FAST(self, i):
        i.p.bound.add(i.a)  # (marked: the old value's __del__ may run)
        return self.op(i, 1, f"fast[{i.a}] = {{0}}", result=False)

    def w_POP_TOP(self, i):
        if i.p.vs:
            self.pop(i.p)  # (cleared before the next instruction that may observe it)
            return i.nxt
        return self.op(i, 0, "del stack[-1]", result=False)

    def w_PUSH_NULL(self, i):
        self.emit(i.d, f"{self.push(i.p)} = NULL")
        return i.nxt

    def w_COPY(self, i):
        src = self.ref(i.p, i.a)
        self.emit(i.d, f"{self.push(i.p)} = {src}")
        return i.nxt

    def w_SWAP(self, i):
        p, a = i.p, i.a
        self.take(p, i.d, a)
        p.vs[-1], p.vs[-a] = p.vs[-a], p.vs[-1]  # (a renaming: no code)
        return i.nxt

    def w_BINARY_OP(self, i):
        sym = _BINOP_SYM[i.a]
        if not sym.endswith("="):
            return self.op(i, 2, f"{{0}} {sym} {{1}}")
        # in place (x += y: the host's own in-place protocol)
        p, d = i.p, i.d
        self.take(p, d, 2)
        self.mark(p, d, i.pc)
        y = self.pop(p)
        x = self.pop(p)
        t = self.push(p)
        self.emit(d, f"{x} {sym} {y}")
        if t != x:
            self.emit(d, f"{t} = {x}")
        return i.nxt

    def w_COMPARE_OP(self, i):
        dec = self.dec
        jump = dec.ops[i.nxt] if i.nxt < len(dec.ops) else None
        if jump not in _TRUTH_JUMPS or _JIT_FORMS[self.q.ops[i.nxt]]:
            # (not fused with tier jit's back-edge: the loop must count it)
            return self.op(i, 2, f"{{0}} {_CMP_SYM[i.a]} {{1}}")
        # fused with its jump, as COMPARE_OP_*_JUMP is (the truth test is the
        # one POP_JUMP_IF_* makes)
        p, d = i.p, i.d
        self.take(p, d, 2)
        self.mark(p, d, i.pc)
        y = self.pop(p)
        x = self.pop(p)
        self.budget -= 1
        self.visits[i.nxt] = self.visits.get(i.nxt, 0) + 1
        neg = "not " if _TRUTH_JUMPS[jump] else ""
        self.emit(d, f"if {neg}({x} {_CMP_SYM[i.a]} {y}):")
        self.branch(dec.args[i.nxt], p.copy(), d + 1)
        return dec.nexts[i.nxt]

    def w_IS_OP(self, i):
        return self.op(i, 2, "{0} is not {1}" if i.a else "{0} is {1}", mark=False)

    def w_CONTAINS_OP(self, i):
        return self.op(i, 2, "{0} not in {1}" if i.a else "{0} in {1}")

    def w_UNARY_NEGATIVE(self, i):
        return self.op(i, 1, "-{0}")

    def w_UNARY_POSITIVE(self, i):
        return self.op(i, 1, "+{0}")

    def w_UNARY_INVERT(self, i):
        return self.op(i, 1, "~{0}")

    def w_UNARY_NOT(self, i):
        return self.op(i, 1, "not {0}")

    def w_GET_ITER(self, i):
        return self.op(i, 1, "iter({0})")

    def w_pop_jump(self, i):
        """POP_JUMP_{FORWARD,BACKWARD}_IF_{FALSE,TRUE,NONE,NOT_NONE}: an ``if``."""
        p, d = i.p, i.d
        self.take(p, d, 1)
        cond = _POP_JUMP_TESTS[i.op]
        if i.op in _TRUTH_JUMPS:  # a truth test may run __bool__
            self.mark(p, d, i.pc)
        x = self.pop(p)
        self.emit(d, f"if {cond.format(x)}:")
        self.branch(i.a, p.copy(), d + 1)
        return i.nxt

    def w_jump_or_pop(self, i):
        """JUMP_IF_{FALSE,TRUE}_OR_POP: leave with the value, or drop it."""
        p, d = i.p, i.d
        self.take(p, d, 1)
        self.mark(p, d, i.pc)
        x = p.vs[-1]
        self.emit(d, f"if {'not ' if i.op == O.JUMP_IF_FALSE_OR_POP else ''}{x}:")
        self.leave(p.copy(), d + 1, i.a)
        self.pop(p)
        return i.nxt

    w_JUMP_IF_FALSE_OR_POP = w_JUMP_IF_TRUE_OR_POP = w_jump_or_pop

    def w_JUMP_FORWARD(self, i):
        return i.a  # (followed: the block goes on at the target)

    def w_jump_backward(self, i):
        if i.a == self.start:
            return i.a  # (path() closes the loop)
        self.leave(i.p, i.d, i.a)
        return None

    w_JUMP_BACKWARD = w_JUMP_BACKWARD_NO_INTERRUPT = w_jump_backward

    def w_FOR_ITER(self, i):
        # (this block's own header is set up by source(); any other is another
        # loop's, with its own block)
        self.leave(i.p, i.d, i.pc)
        return None

    def w_BINARY_SUBSCR(self, i):
        if i.qop == O.BINARY_SUBSCR_GETITEM:  # a frame for __getitem__: the loop's
            return self.to_loop(i.p, i.d, i.pc)
        return self.op(i, 2, "{0}[{1}]")

    def w_STORE_SUBSCR(self, i):
        return self.op(i, 3, "{1}[{2}] = {0}", result=False)

    def w_DELETE_SUBSCR(self, i):
        return self.op(i, 2, "del {0}[{1}]", result=False)

    def w_BUILD_TUPLE(self, i):
        n = i.a
        return self.op(i, n, "(" + "".join(f"{{{j}}}, " for j in range(n)) + ")", mark=False)

    def w_BUILD_LIST(self, i):
        n = i.a  # (marked: MemoryError, in theory)
        return self.op(i, n, "[" + ", ".join(f"{{{j}}}" for j in range(n)) + "]")

    def w_container_add(self, i):
        """LIST_APPEND, SET_ADD, MAP_ADD: the container may be below the block's
        entry (a comprehension's loop block has [container, iterator] on the
        frame's stack), so it is referred to where it is, not popped."""
        p, d = i.p, i.d
        n = 2 if i.op == O.MAP_ADD else 1
        self.take(p, d, n)
        self.mark(p, d, i.pc)
        vals = [self.pop(p) for _ in range(n)][::-1]
        c = self.ref(p, i.a)
        if i.op == O.MAP_ADD:
            self.emit(d, f"{c}[{vals[0]}] = {vals[1]}")
        else:
            self.emit(d, f"{c}.{'append' if i.op == O.LIST_APPEND else 'add'}({vals[0]})")
        return i.nxt

    w_LIST_APPEND = w_SET_ADD = w_MAP_ADD = w_container_add

    def w_UNPACK_SEQUENCE(self, i):
        p, d, n = i.p, i.d, i.a
        self.take(p, d, 1)
        self.mark(p, d, i.pc)
        x = self.pop(p)
        # the host's own UNPACK_SEQUENCE (same errors); the first item ends on top
        targets = [self.push(p) for _ in range(n)][::-1]
        self.emit(d, f"{', '.join(targets)}, = {x}" if n else f"() = {x}")
        return i.nxt

    def w_LOAD_ATTR(self, i):
        return self.attr_op(i, 1, "{0}.{attr}")

    def w_STORE_ATTR(self, i):
        return self.attr_op(i, 2, "{1}.{attr} = {0}", result=False)

    def w_DELETE_ATTR(self, i):
        return self.attr_op(i, 1, "del {0}.{attr}", result=False)

    def w_LOAD_METHOD(self, i):
        p, d, pc, qop = i.p, i.d, i.pc, i.qop
        attr = self.f.names[i.a]
        if qop in _LOAD_METHOD_CACHED and pc not in self.q.unstable:
            # [self] -> [method, self]: the cached method, under the form's guard
            self.take(p, d, 1)
            o = p.vs[-1]
            c = self.q.caches[pc]
            cond = guard_source(qop, {"owner": o, "name": self.k(attr)}, self.k, c)
            self.emit(d, f"if not ({cond}):")
            self.leave(p.copy(), d + 1, pc, run_it=True, guard=True)
            meth = f"{self.k(c[3])}()" if c[4] else self.k(c[3])
            m = self.fresh(p)  # (self stays in its slot, now one above the method)
            p.vs.insert(len(p.vs) - 1, m)
            self.emit(d, f"{m} = {meth}")
            return i.nxt
        # generic: [self] -> [NULL, bound method]
        nxt = self.attr_op(i, 1, "{0}.{attr}")
        if nxt is not None:
            n = self.fresh(p)  # (not the attribute's name: that one is in vs)
            p.vs.insert(len(p.vs) - 1, n)
            self.emit(d, f"{n} = NULL")
        return nxt

    def w_LOAD_GLOBAL(self, i):
        p, d, a = i.p, i.d, i.a
        self.uses_globals = True
        fail = p.copy()  # (the stack before the instruction)
        if a & 1:
            self.emit(d, f"{self.push(p)} = NULL")
        t = self.push(p)
        key = self.k(self.f.names[a >> 1])
        # the loop's LOAD_GLOBAL_* forms' action, on the frame's dicts; a name in
        # neither leaves for the loop, which raises the NameError
        self.emit(d, f"if {key} in G:")
        self.emit(d + 1, f"{t} = G[{key}]")
        self.emit(d, f"elif {key} in B:")
        self.emit(d + 1, f"{t} = B[{key}]")
        self.emit(d, "else:")
        self.leave(fail, d + 1, i.pc, run_it=True)
        return i.nxt

    def w_LOAD_DEREF(self, i):
        p, d = i.p, i.d
        fail = p.copy()
        t = self.push(p)
        self.emit(d, "try:")
        self.emit(d + 1, f"{t} = fast[{i.a}].cell_contents")
        self.emit(d, "except ValueError:")  # empty: the loop raises the NameError
        self.leave(fail, d + 1, i.pc, run_it=True)
        return i.nxt

    def w_STORE_DEREF(self, i):
        return self.op(i, 1, f"fast[{i.a}].cell_contents = {{0}}", result=False)

    def via_handler(self, i):
        """A frame-level instruction, rare in hot code: its interp handler, on the
        frame's stack (the cached values written back first)."""
        p, d = i.p, i.d
        self.spill(p, d)
        self.mark(p, d, i.pc)
        h = self.k(H.HANDLERS[i.op])
        if i.op in JUMPS:
            self.emit(d, f"r = {h}(f, {i.a})")
            self.emit(d, "if r is not None:")
            self.emit(d + 1, "return r")
        else:
            self.emit(d, f"{h}(f, {i.a})")
        if i.op == O.DELETE_FAST:
            p.bound.discard(i.a)
        return i.nxt

    def w_PRECALL(self, i):
        """PRECALL forms that call a host builtin directly (the CALL after is
        skipped); anything else is the loop's."""
        p, d, pc, qop, argc = i.p, i.d, i.pc, i.qop, i.a
        if pc in self.q.unstable or not (qop in _PRECALL_ONE or qop in _PRECALL_METHOD_O
                                         or qop in _PRECALL_N):
            return self.to_loop(p, d, pc)
        c = self.q.caches[pc]
        k = self.k(c[0])
        after = self.dec.nexts[i.nxt]
        n = 3 if qop in _PRECALL_ONE or qop in _PRECALL_METHOD_O else 2 + argc
        self.take(p, d, n)
        items = p.vs[len(p.vs) - n:]
        # PRECALL's operands: [first, second, args...] (see guards.OPERANDS)
        cond = guard_source(qop, {"first": items[0], "second": items[1]}, self.k, c)
        if qop in _PRECALL_N:
            # [NULL, callable, args...] or [callable, self, args...]
            x, y, rest = items[0], items[1], items[2:]
            self.mark(p, d, pc)
            for _ in range(n):
                self.pop(p)
            t = self.push(p)
            self.emit(d, f"if not ({cond}):")
            fail = p.copy()
            fail.vs[-1:] = items
            fail.pending.difference_update(items)
            self.leave(fail, d + 1, pc, run_it=True, guard=True)
            self.emit(d, f"elif {x} is {k}:")
            self.emit(d + 1, f"{t} = {k}({', '.join([y] + rest)})")
            self.emit(d, "else:")  # (the guard says: {x} is NULL, {y} the callable)
            self.emit(d + 1, f"{t} = {k}({', '.join(rest)})")
            return after
        if qop in _PRECALL_ONE:  # [NULL, callable, arg]
            call = f"{k}({items[2]})"
        else:  # [method descriptor, self, arg]
            call = f"{k}({items[1]}, {items[2]})"
        self.emit(d, f"if not ({cond}):")
        self.leave(p.copy(), d + 1, pc, run_it=True, guard=True)
        self.mark(p, d, pc)
        for _ in range(n):
            self.pop(p)
        self.emit(d, f"{self.push(p)} = {call}")
        return after

    # -- the whole block ---------------------------------------------------
    def source(self):
        dec, f, start = self.dec, self.f, self.start
        body_depth = 4  # (inside def make, def block, try, and the loop)
        head = []
        op = dec.ops[start]
        p = _Path([], set(), set(), 0, set())
        self.live[start << SHIFT] = ()
        if op == O.FOR_ITER:
            it = f.stack[-1] if f.stack else None
            self.loop_kind = "for"
            if type_in(type(it), PLAIN_ITERS) and start not in self.q.unstable:
                head.append("it = stack[-1]")
                head.append("if it.__class__ not in PLAIN_ITERS:")
                head.append(f"    return guard_failed({start})")
                head.append("for s0 in it:")
                p.vs.append("s0")
            else:
                head.append("it = stack[-1]")
                head.append("while True:")
                head.append("    try:")
                head.append("        s0 = next(it)")
                head.append("    except StopIteration:")
                head.append("        del stack[-1]")
                head.append(f"        return {dec.args[start]}")
                p.vs.append("s0")
        else:
            self.loop_kind = "while"
            head.append("while True:")
        self.path(dec.nexts[start] if op == O.FOR_ITER else start, p, body_depth)
        if self.generated < 2:
            raise Refuse("too short")
        out = ["def make(NULL, PLAIN_ITERS, guard_failed, " + ", ".join(
            f"k{j}" for j in range(len(self.kvals))) + "):",
            "    def block(f, stack, fast):",
            f"        i = {start << SHIFT}"]
        if self.counts:
            c = self.k(self.q.counters)
            out.extend(f"        {n} = {c}[{pc}]" for pc, n in self.counts.items())
            out[0] = "def make(NULL, PLAIN_ITERS, guard_failed, " + ", ".join(
                f"k{j}" for j in range(len(self.kvals))) + "):"
        out.append("        try:")
        if self.uses_globals:
            out.append("            G = f.globals")
            out.append("            B = f.builtins")
            out.append("            if G.__class__ is not dict or B.__class__ is not dict:")
            out.append(f"                return guard_failed({start})")
        out.extend("            " + line for line in head)
        out.extend(self.lines)
        if self.loop_kind == "for":
            # the iterator is exhausted
            out.append("            del stack[-1]")
            out.append(f"            return {dec.args[start]}")
        out.append("        except BaseException:")
        out.append("            live = LIVE[i]")
        out.append("            if live:")
        out.append("                vals = locals()")
        out.append("                stack.extend([vals[n] for n in live])")
        out.append(f"            f.pc = i >> {SHIFT}")
        out.append("            raise")
        if self.counts:
            out.append("        finally:")
            out.extend(f"            {c}[{pc}] = {n}" for pc, n in self.counts.items())
        out.append("    return block")
        return "\n".join(out)


WRITERS = {name[2:]: fn for name, fn in vars(Gen).items()
           if name.startswith("w_") and name[2:].isupper()}
WRITERS.update((_NAME[code], Gen.w_pop_jump) for code in _POP_JUMP_TESTS)
assert set(WRITERS) <= set(O.OPS), set(WRITERS) - set(O.OPS)  # each names a base instruction
assert not any(code in _VIA_HANDLER for code in map(O.OPS.__getitem__, WRITERS)), \
    "an instruction with a writer is also run through its handler"
