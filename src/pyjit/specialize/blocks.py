"""Dynamic superinstructions: warm runs of quickened instructions as one host function.

Tier specialize quickens and specializes instructions in place (PEP 659); in a
VM written in Python that alone gains little, because what costs here is the
dispatch of every instruction through the eval loop's if-chain (each ``op ==``
test ~7 ns, a table call ~20 ns), not the operation itself (the host's own,
already specialized ``+``, ``getattr``, ``next``).  So, once the instructions
that start at a *leader* (a jump target, an exception handler, the first
instruction, the instruction after one the block could not take) have run a
few times and specialized, the run of instructions from there is generated as
Python source (:mod:`.blockgen`) and compiled by the host into one function: a
*block*.  This is the selective-inlining technique of threaded interpreters
(Piumarta and Riccardi, PLDI 1998; "dynamic superinstructions"), on top of
PEP 659's quickening.  The eval loop (:mod:`.loop`) calls the block at its
leader: ``pc = block(frame, stack, fast)``.

This module is the blocks' lifecycle:

* at quickening the leaders get a countdown (:func:`seed`); the loop counts a
  leader down each time it reaches it and then asks :func:`form` for its block;
* :func:`form` writes and compiles the block, or refuses (the leader then runs
  in the loop); where the block leaves to the loop (a call, a return), the
  instruction after becomes a leader;
* a block whose guards keep failing is dropped (:func:`drop`) and formed again
  later; the instructions whose guards failed are then *unstable* (a
  polymorphic call site): the new block does them generically, without a
  guard; after ``MAX_DROPS`` drops the leader runs in the loop for good;
* tier jit gives up on a loop: its back-edge is a plain one again, and the
  code's blocks are formed again (:func:`reset`);
* a frame view asks where a frame is while a block runs it (:func:`frame_pc`).

Blocks are not formed with ``--stats`` (statistics count every specialized
execution in the loop).  Under tier jit, code outside compiled traces runs in
blocks too, but a block never runs a JIT back-edge or trace entry itself: it
leaves them to the loop, which counts iterations, starts recordings (the
recorder executes instructions itself) and enters traces.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import os
import sys

from ..null import NULL
from ..tracebacks import is_internal
from .blockgen import CALL_PARTS, JUMPS, PLAIN_ITERS, SHIFT, Gen, Refuse

# How many times a leader is reached before its block is formed: after the
# instructions behind it had their warm-up (so the block sees them specialized).
def threshold(warmup):
    return 2 * warmup + 1


_threshold = threshold(8)  # (set by seed(), from the specializer's warm-up)


_real_getframe = sys._getframe  # (frames.install replaces sys._getframe)

# raise if generated source does not compile (pyjit's tests set it; otherwise
# such a leader just runs in the loop)
STRICT = bool(os.environ.get("PYJIT_BLOCKS_STRICT"))
LOG = None            # --blocks-log: a file each formed block's source goes to
GUARD_FAILURES = 32   # guard exits before a block is dropped (and formed again later)
MAX_DROPS = 3         # then the leader runs in the loop for good

# (inside pyjit's directory: tracebacks and frame views treat it as pyjit's own)
GENERATED_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "<block>")
_GLOBALS = {"__builtins__": __builtins__, "__name__": "pyjit.specialize.blocks"}
assert is_internal(GENERATED_FILE)  # (and cached now, before any program runs)


def form(q, f, start):
    """Form the block at ``start`` (frame ``f`` is about to run it), or refuse."""
    dec = f.dec
    g = Gen(q, dec, f, start)
    try:
        src = g.source()
    except (Refuse, RecursionError):  # (RecursionError: formed deep in a host recursion)
        q.blocks[start] = None
        return
    ns = dict(_GLOBALS)
    ns["LIVE"] = g.live
    try:
        code = compile(src, GENERATED_FILE, "exec")
    except (SyntaxError, RecursionError, MemoryError):
        if STRICT:  # (pyjit's tests: generated source must always compile)
            raise
        q.blocks[start] = None
        return
    exec(code, ns)
    failed = []  # units whose guard failed, in order

    def guard_failed(pc):
        failed.append(pc)
        if len(failed) >= GUARD_FAILURES and q.blocks[start] is block:
            # (its next version runs those instructions without the guard)
            q.unstable.update(failed)
            drop(q, start)
        return ~pc

    block = ns["make"](NULL, PLAIN_ITERS, guard_failed, *g.kvals)
    block.source = src  # (for pyjit's tests and for reading)
    if LOG is not None:
        code = dec.code
        LOG.write(f"# block {code.co_name} ({code.co_filename}:{dec.line_at(start)}) "
                  f"at unit {start}: {g.generated} instructions\n{src}\n\n")
        LOG.flush()
    q.blocks[start] = block
    # the loop takes over at the exits: what follows them is a leader
    nexts, ops, n = dec.nexts, dec.ops, len(dec.ops)
    for pc in g.exits:
        j = nexts[pc]
        while j < n and ops[j] in CALL_PARTS:
            j = nexts[j]  # (KW_NAMES, PRECALL, CALL: the callee returns after the CALL)
        _seed(q, j)


def drop(q, start):
    """A block whose guards keep failing: back to the loop, formed again later."""
    q.drops[start] = d = q.drops.get(start, 0) + 1
    q.blocks[start] = _threshold << d if d <= MAX_DROPS else None


def reset(q):
    """The instructions blocks were made from changed for good (tier jit gave up
    on a loop: its back-edge is a plain one again): form them again."""
    t = _threshold
    blocks = q.blocks
    for pc, b in enumerate(blocks):
        if b is not None and b.__class__ is not int:
            blocks[pc] = t


def _seed(q, pc):
    if pc < len(q.blocks) and q.blocks[pc] is None and pc not in q.drops:
        q.blocks[pc] = _threshold


def seed(q, dec, warmup):
    """At quickening: the leaders start counting."""
    global _threshold
    blocks = q.blocks
    n = len(blocks)
    t = _threshold = threshold(warmup)
    ops, args = dec.ops, dec.args
    blocks[dec.entry_pc] = t
    for j in range(n):
        if ops[j] in JUMPS and args[j] < n:
            blocks[args[j]] = t
    for e in dec.exc_entries:
        if e.target < n:
            blocks[e.target] = t


def pc_of_marker(i):
    """The instruction a block's ``i`` stands for."""
    return i >> SHIFT


def frame_pc(run_frame, f):
    """Where ``f`` is while a block run by the loop in host frame ``run_frame``
    executes (frame views ask, through the tier): the block's host frame, just
    above ``run_frame`` on this thread's stack, holds it in ``i``."""
    fr = _real_getframe(1)
    while fr is not None and fr.f_back is not run_frame:
        fr = fr.f_back
    if fr is not None and fr.f_code.co_filename == GENERATED_FILE:
        d = fr.f_locals
        i = d.get("i")
        d.clear()  # (3.11's f_locals snapshot must not keep the block's values alive)
        if i is not None:
            return pc_of_marker(i)
    return f.lasti

