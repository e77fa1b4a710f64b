"""The trace optimizer: passes over a recorded trace, one module each.

``optimize(trace)`` runs the passes of :data:`PIPELINE` in order on a copy of
the trace and returns the copy (the caller's trace is left as it was).
``optimize(trace, ["constfold", "dce"])`` (or ``"constfold,dce"``) runs only
those, in the order given:
switch passes off by name to find the one that breaks a program (RPython's
``enable_opts``).  With :data:`VERIFY` on (tests turn it on) or
``verify=True``, :func:`ir.verify` checks the trace after every pass and names
the pass that broke it.

The order, and why:

* ``virtualize`` first: the attribute reads of objects it removes become the
  stored values (often constants: ``constfold`` then folds what reads them),
  and the class guards of those objects go.
* ``constfold`` next: the constants it makes are what the others compare.
* ``cse`` next: the recorder unboxes a value at every use and compares the
  same values twice; merged, those make the duplicate guards visible.
* ``heap`` next: a field or item read twice is read once, so the checks on
  the second read's value become duplicates for ``guards``.
* ``guards`` then removes what earlier guards and construction proved -- in
  particular the ``guard_class`` of a value a box op made, which would
  otherwise keep that box alive for ``unbox``.
* ``licm`` then moves what is left of the body's checks and machine-value
  computations on loop-invariant values into the preamble (after ``guards``
  removed the duplicates, before ``unbox``, which then finds those values
  unboxed once already).
* ``unbox`` after the guards: it moves the loop-carried values' type checks
  into the preamble (it handles every guard_class/unbox/unbound check of such
  a value itself, duplicates or not), then sinks every box read only by
  snapshots -- which needs the guards that read boxes gone already.
* ``intbounds`` after ``unbox``: loop-carried ints are machine values in the
  label by then, which is what its intervals are about; the comparisons it
  decides become constants and their branch guards go.
* ``dce`` last: removes what the others left without uses (the boxes the jump
  no longer passes, comparisons whose guard went).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from .. import ir
from .base import copy_trace, invariant_positions, unshare_snapshots
from .constfold import OptConstFold
from .cse import OptCSE
from .dce import OptDCE
from .guards import OptGuards
from .heap import OptHeap
from .intbounds import OptIntBounds
from .licm import OptLICM
from .unbox import OptUnbox
from .virtualize import OptVirtualize

PIPELINE = ["virtualize", "constfold", "cse", "heap", "guards", "licm", "unbox", "intbounds", "dce"]

PASSES = {cls.name: cls for cls in (OptConstFold, OptUnbox, OptCSE, OptIntBounds, OptGuards,
                                    OptLICM, OptHeap, OptDCE, OptVirtualize)}
assert sorted(PASSES) == sorted(PIPELINE), "every pass in the pipeline, once"

VERIFY = False      # ir.verify after every pass (tests set it)


class PassError(AssertionError):
    """A pass produced a trace the verifier rejects."""


def select(spec: str) -> list:
    """The passes a ``--jit-opt`` value names: ``-heap,-licm`` is the pipeline
    without those (for ablation), ``constfold,dce`` exactly those, in that
    order; unknown names are a ValueError."""
    names = [n.strip() for n in spec.split(",") if n.strip()]
    off = [n[1:] for n in names if n.startswith("-")]
    on = [n for n in names if not n.startswith("-")]
    if off and on:
        raise ValueError(f"--jit-opt: either passes to run or passes to switch off (-name), "
                         f"not both: {spec!r}")
    unknown = [n for n in off + on if n not in PASSES]
    if unknown:
        raise ValueError(f"unknown optimizer pass(es) {unknown}; the passes are {PIPELINE}")
    return [n for n in PIPELINE if n not in off] if off else on


def census(trace: ir.Trace) -> tuple:
    """(ops, guards, ops in the loop body): what --stats compares before and
    after each pass."""
    ops = trace.ops
    k = next((i for i, op in enumerate(ops) if op.name == "label"), 0)
    return (len(ops), sum(1 for op in ops if op.snapshot is not None), len(ops) - k - 1)


def optimize(trace: ir.Trace, passes=None, *, verify: bool | None = None,
             keep_boxed=frozenset(), counts: dict | None = None, after=None,
             copy: bool = True) -> ir.Trace:
    """The optimized copy of ``trace``: the passes named in ``passes`` (all of
    :data:`PIPELINE` by default) in that order.  ``keep_boxed``: input slots
    (``trace.slots`` entries) whose loop-carried values stay objects -- the
    driver's generalization of a variable whose values left the machine
    representation (``unbox`` leaves them).  With ``counts`` (a dict),
    ``counts[pass]`` accumulates ``[ops removed, guards removed, ops moved out
    of the loop body]`` for --stats; ``after(name, trace)`` is called after
    every pass (--jit-log-passes).  ``copy=False``: the caller is done with
    ``trace``, which the passes then change in place (copying a trace is a
    large part of optimizing it)."""
    if isinstance(passes, str):          # "constfold,dce" from a command line
        passes = [n.strip() for n in passes.split(",") if n.strip()]
    names = PIPELINE if passes is None else list(passes)
    unknown = [n for n in names if n not in PASSES]
    if unknown:
        raise ValueError(f"unknown optimizer pass(es) {unknown}; the passes are {PIPELINE}")
    if any(getattr(op, "bridge", None) is not None for op in trace.ops):
        # bridges are recorded against the optimized loop (its label's kinds)
        # and attached afterwards; the passes do not know them
        raise ValueError("optimize a loop before attaching bridges to it")
    check = VERIFY if verify is None else verify
    if copy:
        trace = copy_trace(trace)
    else:
        unshare_snapshots(trace)
    for name in names:
        before = census(trace) if counts is not None else None
        p = PASSES[name]()
        p.keep_boxed = keep_boxed
        trace = p.run(trace)
        if counts is not None:
            now = census(trace)
            removed, guards = before[0] - now[0], before[1] - now[1]
            c = counts.setdefault(name, [0, 0, 0])
            c[0] += removed
            c[1] += guards
            c[2] += max(0, (before[2] - now[2]) - removed)
            if hasattr(p, "removed"):       # virtualize: allocations removed, a 4th count
                c[3:] = [(c[3] if len(c) > 3 else 0) + p.removed]
        if check:
            try:
                ir.verify(trace)
            except ir.VerifyError as e:
                raise PassError(f"after pass {name!r}: {e}\n{ir.format(trace)}") from e
        if after is not None:
            after(name, trace)
    # the passes treated the label args the jump passes unchanged as invariant
    # (base.Pass.invariant_args): bridges must keep them (bridge.enter_loop)
    trace.invariant = frozenset(invariant_positions(trace))
    return trace


__all__ = ["PIPELINE", "PASSES", "VERIFY", "optimize", "select"]
