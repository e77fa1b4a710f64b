"""Every program in tests/programs gives byte-identical stdout, stderr and exit
code under CPython and under each pyjit tier."""

import zlib

import pytest

import budget
from difftest import TIERS, assert_same, programs

# Known differences, each a real gap (see notes/design.md, "Known differences").
# strict: when one gets fixed the test fails until it is removed from here.
KNOWN = {
    # (each cannot be fixed in this design: notes/design.md, "Known differences",
    # "Why the four known differences stay", "Recursion through library code")
    "tb_frame_locals": "a traceback's tb_frame must be a real frame object (TracebackType), "
                       "so pyjit makes one per entry, stopped where the exception passed; a "
                       "real frame's f_lineno cannot be moved from Python, so for a VM frame "
                       "still running it stays there (CPython: the frame's current line)",
    "rec_generators": "recursion through nested next() of generators: CPython 3.11 counts a "
                      "level for next()'s generic CALL in the first 7 runs of the code (before "
                      "quickening; 992 on a first run, 999 on later runs in one process); "
                      "pyjit's VM counts frames only (999)",
    "hyp_recursion_via_host": "recursion through sorted() inside __lt__: the depth is CPython's, "
                              "the message is not -- the hop's C guards (list.sort's call, "
                              "PyObject_RichCompare's) are counted, their order is not seen "
                              "(notes/design.md, 'Recursion through library code')",
    "rec_lib_messages": "RecursionError through library code whose message names a C guard "
                        "taken and given back inside the step (a class call, Match.group, "
                        "isinstance of an enum, getattr): pyjit counts the units left on the "
                        "way to the next VM frame, not those (notes/design.md, 'Recursion "
                        "through library code'); the depths are checked by rec_lib_depths",
}


# Known differences of one configuration only: (config id, program) -> reason.
# (imp_package_basic's loop over sys.modules differs again: the function traces
# compiled before it -- llvmlite imported -- are sent back now, compiled only where
# calls of them are native)
KNOWN_IN = {
    (config, prog): "a loop made hot while iterating over sys.modules: its "
        "first compile imports llvmlite, which changes sys.modules under the iteration "
        "(llvmlite is imported at the first compile, not at start-up: see notes/jit.md)"
    for config in ("jit-t2", "jit-t2-bg") for prog in ("imp_package_basic",)
}
# The JIT's recorder is imported when the first loop or function gets hot
# (jit/later.py): at threshold 2 that is Res.__init__'s second call, with the
# program's first objects alive; the import's allocations and the collection
# after it move them in the collector's lists, whose order CPython's exit
# finalizers follow (runner._finalize_in_gc_order) -- as llvmlite's import at a
# first compile already did for any object made before it.  At thresholds 3 and up
# (and tiers interp, specialize, jit) the order is CPython's.
KNOWN_IN.update({
    (config, prog): "exit finalizers' order: the recorder's import at the first hot "
        "function moved the program's first objects in the collector's lists "
        "(see the comment above)"
    for config in ("jit-t2", "jit-t2-bg") for prog in ("exit_finalizers", "exit_finalizers_gc_order")
})
# (imp_relative's no longer: the JIT's recorder, imported when the first loop gets
# hot, waits while the program iterates over sys.modules -- jit/later.py -- so its
# loop over sys.modules is not recorded, nor compiled, while it runs)

# (spec_lifetimes under jit-t2-bg -- an exec'd function's pending function trace
# holding its namespace -- no longer differs: a function trace is compiled only
# where calls of it are native, and that function is not recursive; the gap
# itself stays for recursive functions: see FLAKY and notes/jit.md)

# (id, tier, extra options): every tier; the specializer with no warm-up so every
# instruction specializes on first sight and every deopt path gets exercised; the
# JIT tracing almost every loop (threshold 2), with each backend -- the LLVM one
# compiling on the main thread (the suite's default, PYJIT_JIT_SYNC: see
# conftest.py) and on the compile thread ("-bg"), with a short tier-up so that
# optimized code and bridges attached to it run too.  The persistent code cache
# is the session's: a program's second run in it finds its code there.
# ("jit" is tier jit's defaults: function traces on, at 1000 calls -- the corpus's
# deep recursions (jit_native_recursion) reach it; the t2 configs trace every
# function called twice.)
CONFIGS = [(tier, tier, ()) for tier in TIERS] + [
    ("specialize-w1", "specialize", ("--specialize-warmup", "1")),
    # (function traces too: every function without a loop called twice)
    ("jit-t2-interp", "jit", ("--jit-threshold", "2", "--jit-function-threshold", "2",
                              "--jit-backend", "interp")),
    ("jit-t2", "jit", ("--jit-threshold", "2", "--jit-function-threshold", "2",
                       "--jit-tier-up", "200")),
    ("jit-t2-bg", "jit", ("--jit-threshold", "2", "--jit-function-threshold", "2")),
]
ENV = {"jit-t2-bg": {"PYJIT_JIT_SYNC": "0"}}

# Known to fail now and then (not strict): bugs to fix, each with what was seen.
FLAKY: dict = {
    # (branch recur) the order of finalizers at exit follows the host collector's
    # lists, reshuffled by the young collections of the run: their timing follows
    # generation 0's count at the program's start, which pyjit's own import-time
    # objects set (410 on main, 448 with recur's new functions, CPython 249) -- under
    # the t2 configurations D(9) lands in another generation.  Passes or not by
    # that phase, not by anything the program does: notes/performance.md, issue #17
    **{(config, "exit_finalizers_gc_order"): "finalizer order at exit follows generation "
       "0's count at start, which pyjit's import-time objects set (a phase: 448 here, "
       "410 on main, 249 in CPython)" for config in ("jit-t2-interp",)},   # (jit-t2, -bg: KNOWN_IN)
    ("jit-t2-bg", "jit_fn_refcounts"): "a function trace (of the recursive rec()) still "
        "compiling on the compile thread holds its constants (here a module global "
        "passed through) until its code lands -- getrefcount one higher when the print comes "
        "first (timing: passes in most full runs)",
}


# Five configurations run on parts of the corpus in `make test` (a program's
# part drawn from a hash of its name: a new program moves no other), so that the
# suite keeps within its time budget on 2 cores; `make test-full`
# (PYJIT_TEST_FULL=1) runs all seven on every program.  They are the five that
# add the least over the others: the JIT's Python trace interpreter (the slowest
# backend, the LLVM one's twin: a sixth of the programs), the specializer with no
# warm-up (its deopt paths also run under the t2 configs: four sixths), the
# compile thread's configuration (jit-t2 runs the same recordings and code
# compiled on the main thread: four sixths -- it was the whole corpus until the
# suite reached ~95% of its budget on the CI machine, 847 s of 900, 2026-12-08),
# and the two interpreters with their default settings on complementary halves:
# tier specialize (tier jit at its default thresholds runs the same specializer
# under every program's code no trace covers, which in the corpus's short
# programs is nearly all of it) and tier interp (the eval loop the specializer's
# is generated from, loopsrc.py, with the same frames and calls).  Every program
# runs under four or five of the seven.
PARTS = {"jit-t2-interp": {0}, "specialize-w1": {2, 3, 4, 5}, "specialize": {0, 1, 2},
         "interp": {3, 4, 5}, "jit-t2-bg": {0, 1, 2, 3}}
FULL = budget.FULL


def _sampled_out(config, name):
    part = PARTS.get(config)
    return part is not None and not FULL and zlib.crc32(name.encode()) % 6 not in part


def _params():
    for config, tier, options in CONFIGS:
        for path in programs():
            if _sampled_out(config, path.stem):
                continue
            reason = KNOWN.get(path.stem) or KNOWN_IN.get((config, path.stem))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            if (config, path.stem) in FLAKY:
                marks = [pytest.mark.xfail(strict=False, reason=FLAKY[config, path.stem])]
            yield pytest.param(path, tier, options, ENV.get(config), marks=marks,
                               id=f"{config}-{path.stem}")


@pytest.mark.parametrize("path,tier,options,env", list(_params()))
def test_program(path, tier, options, env):
    assert_same(path, tier, options, env)


def test_corpus_is_large():
    # The issue asks for at least 150 programs covering every construct.
    assert len(programs()) >= 150
