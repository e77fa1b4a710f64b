"""Recordings that got too long: which inlined callee to call instead.

PyPy's ``ABORT_TOO_LONG`` handling (``find_biggest_function`` and
``dont_trace_here``): a recording that passes its limit (``Recorder.limit``:
``--trace-limit``, a bridge's ``driver.BRIDGE_LIMIT``) aborts, and the
inlined function that contributed most of its ops is called from then on,
not inlined (:data:`CALLED`) -- natively, through its own function trace
(``call_assembler``, :mod:`..nativecall`) -- and the loop, function or bridge
is recorded again, shorter by what that callee's frames made.

What a function contributed: the ops recorded while one of its frames ran,
its own callees' included, summed over its inlined frames in the recording
(:func:`entered`/:func:`returned`; a frame still running at the abort counts
what it recorded so far).  Only frames the recording entered itself
(:data:`CALLABLE_KINDS`: a call, a class call's ``__init__``, a dunder
method an instruction calls -- ``record.natively`` calls those) of a
function native calls can enter (``nativecall.callee_of``) are candidates: a
frame a bridge starts in is the loop's trace's, which inlines it whatever the
bridge does; and a callee that made less than ``1/MIN_SHARE`` of the limit is not
worth a call per use -- the recording aborts as before.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

TOO_LONG = "trace too long"

# code objects whose inlining made a recording too long: called, not inlined --
# NO_INLINE: a callee whose loop was running at the abort (``core.Recorder``);
# CALLED: the inlined function that made most of the ops (:func:`blame`)
NO_INLINE: set = set()
CALLED: set = set()

# the inlined frames whose function a later recording can call natively instead:
# a call's, a class call's ``__init__`` and the dunder methods of these frame
# kinds (record/dunders.py: an operator's, a comparison's, __bool__,
# __contains__, __iter__, __next__, __setitem__, __delitem__, len's __len__ and
# a truth test's; record/natively.py)
CALLABLE_KINDS = frozenset(("call", "init", "binop", "ibinop", "rbinop", "compare", "unary",
                            "setitem", "delitem", "bool", "contains", "iter", "next", "len",
                            "lenbool"))

# a callee whose frames made less than 1/MIN_SHARE of the limit is not blamed
MIN_SHARE = 8


def entered(r, sh) -> None:
    """Inlined frame ``sh`` starts here (``inline.push_frame``): counted if a
    call (kind ``call``) entered it."""
    sh.start = len(r.ops)
    if sh.kind in CALLABLE_KINDS:
        r.inlined_funcs.setdefault(sh.func.code, sh.func)


def returned(r, sh) -> None:
    """Inlined frame ``sh`` returned (``inline.pop_frame``): count its ops."""
    if sh.start is not None:
        code = sh.func.code
        r.inlined_ops[code] = r.inlined_ops.get(code, 0) + len(r.ops) - sh.start


def blame(r):
    """The recording passed its limit: the function to call from now on (added
    to :data:`CALLED`; the next recording calls it), or None."""
    from ..nativecall import callee_of
    sizes = dict(r.inlined_ops)
    n = len(r.ops)
    for sh in r.shadows[1:]:
        if sh.start is not None:   # (still running: what it recorded so far)
            sizes[sh.func.code] = sizes.get(sh.func.code, 0) + n - sh.start
    funcs = r.inlined_funcs
    best = None
    for code, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        fn = funcs.get(code)
        if size * MIN_SHARE < r.limit:
            break
        if fn is None or code in CALLED or code in NO_INLINE or \
                (callee_of(fn) is None and not (_revive(fn) and callee_of(fn))):
            continue
        best = fn, size
        break
    if best is None:
        return None
    CALLED.add(best[0].code)
    return best


def reason(r, called) -> str:
    """The abort's reason when ``called`` (:func:`blame`'s) is called from now on
    (the log says how much of the recording it made)."""
    from ..config import log
    fn, size = called
    log(f"# {fn.__qualname__}() made {size} of {len(r.ops)} ops recorded "
        f"(limit {r.limit}): called, not inlined, from now on\n")
    return f"{TOO_LONG}: {fn.__name__}() too long to inline: called"


def _revive(fn) -> bool:
    """Count ``fn``'s calls again, so that it gets a function trace that native
    calls enter: a function trace sent back (``functions``: it made no native
    call and no trace called it natively -- entered from the interpreter only,
    it did not pay) is wanted now that traces call it.  True if so.  (Its
    ``Callee``, made at once, tells its next recording that native call sites
    call it: ``nativecall.code_reached`` -- the caller's recording may come after.)"""
    from pyjit import opcodes as O
    from pyjit.specialize import blocks
    from ..config import Config
    from ..loops import rearm
    from ..nativecall import resume_pc
    dec = fn.dec
    q = dec.extra
    pc = resume_pc(dec)
    if q is None or pc is None or q.ops[pc] != O.RESUME_QUICK or not Config.function_threshold:
        return False
    info = q.caches[pc]
    if info is None or not info.function or not info.dead or info.resumes or \
            info.compiled is not None or info.pending is not None:
        return False
    q.ops[pc] = O.RESUME_JIT
    if pc == 0:
        dec.entry_pc = 0   # (new frames start at the RESUME: it counts the calls)
    info.dead = False
    info.aborts = info.retries = 0
    rearm(info, q, Config.function_threshold)
    blocks.reset(q)
    return True
