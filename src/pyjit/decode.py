"""Decode a CPython 3.11 code object once into pyjit's instruction arrays.

The arrays are indexed by *code unit* (2 bytes), exactly like ``co_code``, so
jump targets, exception-table ranges, ``tb_lasti`` (= 2 * index) and the
position table all line up with CPython without translation.  CACHE units are
kept as entries (the specializing tier stores its inline caches there).

Per code object (a :class:`Decoded`):

* ``ops[i]``   -- opcode at unit ``i`` (rewritten in place by tier specialize);
* ``args[i]``  -- the full oparg with EXTENDED_ARG folded in; for relative
  jumps, the *absolute target unit* instead of the distance;
* ``nexts[i]`` -- the unit after instruction ``i`` and its caches;
* ``handlers[i]`` -- ``(target, depth, push_lasti)`` of the innermost
  exception handler covering unit ``i``, or ``None``;
* ``kwnames[i]`` -- at a CALL, the keyword names of its call (the tuple its
  call site's KW_NAMES loads), else ``None``.

EXTENDED_ARG units stay in the array (a jump may land on them) and execute as
no-ops; the instruction they prefix already carries the folded argument.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

from . import opcodes
from .null import NULL
from .opcodes import BY_CODE, CACHE_ENTRIES, CALL, EXTENDED_ARG, KW_NAMES, PRECALL, RESUME, Jump

# The filename of the code of pyjit.seethrough's VM-level builtins (see Decoded.hidden).
HIDDEN_FILENAME = "<pyjit see-through builtin>"

_JUMP_KIND = [info.jump if info else Jump.NONE for info in BY_CODE]


class ExceptionEntry:
    __slots__ = ("start", "end", "target", "depth", "lasti")

    def __init__(self, start, end, target, depth, lasti):
        self.start, self.end, self.target, self.depth, self.lasti = start, end, target, depth, lasti

    def __repr__(self):
        return (f"ExceptionEntry({self.start}, {self.end}, {self.target}, "
                f"depth={self.depth}, lasti={self.lasti})")


def parse_exception_table(table: bytes) -> list[ExceptionEntry]:
    """3.11's varint-encoded exception table, in code units."""
    entries = []
    it = iter(table)

    def varint(b):
        val = b & 63
        while b & 64:
            b = next(it)
            val = (val << 6) | (b & 63)
        return val

    for first in it:
        start = varint(first)
        length = varint(next(it))
        target = varint(next(it))
        dl = varint(next(it))
        entries.append(ExceptionEntry(start, start + length, target, dl >> 1, bool(dl & 1)))
    return entries


class Decoded:
    """pyjit's own, rewritable copy of one code object's instructions."""

    __slots__ = ("code", "ops", "args", "nexts", "handlers", "exc_entries", "_lines",
                 "kwindex", "nlocalsplus", "localsplus_names", "cell_start", "is_gen", "shim", "extra",
                 "entry_pc", "_call_heads", "kwnames", "unbound_rest", "first_traceable",
                 "hidden")

    def __init__(self, code):
        self.code = code
        raw = code.co_code
        n = len(raw) // 2
        ops = [0] * n
        args = [0] * n
        nexts = [0] * n
        # 3.11 compiles a keyword call as KW_NAMES; PRECALL; CALL (EXTENDED_ARG
        # aside): the names are a static fact of the call site, so the loops need
        # not carry them from KW_NAMES to CALL as CPython's C local does.
        kwnames = [None] * n
        pending_kw = None
        ext = 0
        i = 0
        while i < n:
            op = raw[2 * i]
            arg = raw[2 * i + 1] | ext
            ops[i] = op
            if op == KW_NAMES:
                pending_kw = code.co_consts[arg]
            elif op == CALL:
                kwnames[i] = pending_kw
                pending_kw = None
            ncache = CACHE_ENTRIES[op]
            nxt = i + 1 + ncache
            nexts[i] = nxt
            if op == EXTENDED_ARG:
                ext = arg << 8
                args[i] = arg
            else:
                ext = 0
                kind = _JUMP_KIND[op]
                if kind is Jump.FORWARD:
                    arg = nxt + arg
                elif kind is Jump.BACKWARD:
                    arg = nxt - arg
                args[i] = arg
            for j in range(i + 1, nxt):  # CACHE units: executed never, skipped by nexts
                nexts[j] = j + 1
            i = nxt
        self.ops, self.args, self.nexts, self.kwnames = ops, args, nexts, kwnames

        self.exc_entries = parse_exception_table(code.co_exceptiontable)
        handlers = [None] * n
        for e in self.exc_entries:  # 3.11 tables are flat: one entry per unit range
            h = (e.target, e.depth, e.lasti)
            for j in range(e.start, min(e.end, n)):
                handlers[j] = h
        self.handlers = handlers
        self._lines = None

        argcount = code.co_argcount
        total = argcount + code.co_kwonlyargcount
        names = code.co_varnames
        # keyword -> local index, for the names a keyword argument may bind
        self.kwindex = {names[k]: k for k in range(code.co_posonlyargcount, total)}
        # localsplus (3.11): varnames, then cells that are not arguments, then free vars
        self.localsplus_names = names + tuple(c for c in code.co_cellvars if c not in names) \
            + code.co_freevars
        self.nlocalsplus = len(self.localsplus_names)
        # What follows the positional parameters in a new frame's locals: all
        # unbound (a call binding exactly those extends its argument list with it)
        self.unbound_rest = (NULL,) * (self.nlocalsplus - argcount)
        self.cell_start = len(names)
        flags = code.co_flags
        self.is_gen = bool(flags & (opcodes.CO_GENERATOR | opcodes.CO_COROUTINE
                                    | opcodes.CO_ASYNC_GENERATOR))
        # Where a new frame starts: past a leading RESUME, which does nothing in
        # pyjit (CPython's eval-breaker and tracing hook), saving a dispatch per call.
        self.entry_pc = 1 if n and ops[0] == RESUME else 0
        # CPython's _co_firsttraceable: trace hooks see nothing before the first RESUME
        self.first_traceable = ops.index(RESUME) if RESUME in ops else 0
        # pyjit's VM-level stand-ins for C builtins (pyjit.seethrough): their frames
        # are CPython's C calls, invisible to tracebacks, frame views and hooks
        self.hidden = code.co_filename == HIDDEN_FILENAME
        if self.hidden:
            self.first_traceable = n  # no 'call' or 'line' event, ever
        self._call_heads = None
        self.shim = None    # host function used to report argument-binding errors
        self.extra = None   # per-tier data (specializer counters, JIT loop info)

    def line_at(self, i: int):
        """Source line of the instruction at unit ``i`` (None if it has none)."""
        lines = self._lines
        if lines is None:
            lines = self._lines = [p[0] for p in self.code.co_positions()]
        return lines[i] if 0 <= i < len(lines) else None


    def resume_pc(self, pc: int) -> int:
        """Where the interpreter resumes an instruction sequence interrupted
        *before* unit ``pc`` (a recording aborted there, a trace left there).

        Usually ``pc`` itself.  But the keyword names a KW_NAMES sets are state
        of the eval loop, not of the frame, until the CALL two instructions on
        consumes them (as in CPython 3.11, nothing may interrupt that sequence):
        an interruption at its PRECALL or CALL resumes at its KW_NAMES, which
        like PRECALL has no effect but that state.  (An exception raised by the
        CALL is raised at the CALL itself: that is where its traceback points.)"""
        heads = self._call_heads
        if heads is None:
            heads = self._call_heads = {}
            ops, nexts, n = self.ops, self.nexts, len(self.ops)
            for k in range(n):
                if ops[k] == KW_NAMES:
                    j = nexts[k]
                    while j < n and ops[j] in (EXTENDED_ARG, PRECALL):
                        heads[j] = k
                        j = nexts[j]
                    if j < n and ops[j] == CALL:
                        heads[j] = k
        return heads.get(pc, pc)


def code_memo(compute, limit):
    """``code -> compute(code)``, remembered per code object: by its id (a code
    object's hash is computed anew each time), the entry holding the code so
    that a reused id is noticed; cleared past ``limit`` entries (eval'd code
    comes and goes)."""
    cache = {}

    def get(code):
        e = cache.get(id(code))
        if e is None or e[0] is not code:
            if len(cache) > limit:
                cache.clear()
            e = cache[id(code)] = (code, compute(code))
        return e[1]
    return get


# One Decoded per code object, kept for the code's lifetime (the key holds it).
_decoded: dict = {}


def decode(code) -> Decoded:
    d = _decoded.get(id(code))
    if d is None or d.code is not code:
        d = _decoded[id(code)] = Decoded(code)
    return d
