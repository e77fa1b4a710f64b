"""Decisions taken while code is in flight on the compile thread (issue #15, "no
performance cliffs"): a decision on evidence gathered while the code it depends on
was being compiled is not taken then (branch inflight; notes/performance.md).

No test depends on time: the compile thread is replaced by jobs that land after a
count of the driver's looks (``test_jit_warmup.DELAYED``), or the driver's rules are
driven with the state they read."""

import os
import subprocess
import sys
import types

import pytest

from test_jit_warmup import DELAYED, stat

from pyjit.jit import bridgewait, lifecycle, warmup
from pyjit.jit.loops import LoopInfo
from pyjit.null import NULL
from pyjit import opcodes as O

BENCHMARKS = os.path.join(os.path.dirname(__file__), "..", "benchmarks")

# bm_nqueens' run(8), called as the per-call timings do
NQUEENS = """
import sys
sys.path.insert(0, sys.argv[1])
from bm_nqueens import run
for _ in range(int(sys.argv[2])):
    r = run(8)
print(r)
"""


def delayed(delay, *args):
    p = subprocess.run([sys.executable, "-c", DELAYED, str(delay), "run", "--tier", "jit",
                        "--no-jit-cache", "--stats", *args], capture_output=True, text=True,
                       timeout=600, env={**os.environ, "PYJIT_JIT_SYNC": "0",
                                         "PYJIT_STRICT": "1"})
    assert p.returncode == 0, p.stderr
    return p


@pytest.mark.parametrize("delay", [1000, 3000])
def test_a_function_waits_for_its_loops_code(delay):
    # solve's function recordings reach its loop's header while the loop's code is
    # being made ("the function's loop at line 15 has no code yet"): counted as
    # aborts, they blacklisted the function -- solve interpreted for good, its
    # loop sent back on the short entries it then made (native share 3-4%, 20-150
    # ms a call against 2-6).  It waits, and is recorded once that code is in.
    p = delayed(delay, "-c", NQUEENS, BENCHMARKS, "30")
    assert p.stdout == "92 911740\n"
    assert stat(p.stderr, "blacklisted") == 0, p.stderr
    assert stat(p.stderr, "; native calls") > 0, p.stderr


def test_a_function_waiting_for_code_that_never_lands_is_not_given_up():
    p = delayed(10 ** 9, "-c", NQUEENS, BENCHMARKS, "8")
    assert p.stdout == "92 911740\n"
    assert stat(p.stderr, "blacklisted") == 0, p.stderr
    assert "function trace not compiled: the function's loop at line 15 has no code yet" \
        in p.stderr


def _loop(**kw):
    """A LoopInfo-shaped namespace (what bridgewait reads)."""
    ns = dict(compiled=None, pending=None, dead=False, waits_for=None, recording_waits=0,
              bridge_waits={})
    ns.update(kw)
    return types.SimpleNamespace(**ns)


def _code(slots):
    return types.SimpleNamespace(trace=types.SimpleNamespace(slots=list(slots)),
                                 ninputs=len(slots))


def test_a_recording_waits_while_the_loops_code_is_in_flight():
    loop = _loop(pending=_code([("l", 0)]))
    fn = _loop()
    reason = bridgewait.Waiting("the function's loop at line 3 has no code yet", loop)
    assert bridgewait.recording_waits(fn, reason)
    assert fn.waits_for is loop and bridgewait.recording_blocked(fn)
    loop.compiled, loop.pending = loop.pending, None       # (it landed)
    assert not bridgewait.recording_blocked(fn) and fn.waits_for is None
    # an abort for another reason, or for a loop that has code or never will: counted
    assert not bridgewait.recording_waits(fn, "trace too long")
    assert not bridgewait.recording_waits(fn, reason)
    assert not bridgewait.recording_waits(fn, bridgewait.Waiting("x", _loop(dead=True)))


def test_recording_waits_are_bounded():
    fn = _loop()
    for _ in range(bridgewait.MAX_WAITS):
        assert bridgewait.recording_waits(fn, bridgewait.Waiting("x", _loop()))
    assert not bridgewait.recording_waits(fn, bridgewait.Waiting("x", _loop()))


def test_a_loop_compiled_again_for_other_slots_is_waited_for():
    # a call_loop recorded now would be compiled for the slots about to go: its
    # calls would take the slow path through Python until its callers are dropped
    # (loopcall.MAX_DOOMS times at most, then for good)
    loop = _loop(compiled=_code([("l", 0), ("l", 1)]), pending=_code([("l", 0), ("l", 1)]))
    assert not bridgewait.new_slots_coming(loop)        # (a tier-up: same slots)
    fn = _loop()
    assert not bridgewait.recording_waits(fn, bridgewait.Waiting("x", loop))
    loop.pending = _code([("l", 0), ("l", 1), ("l", 4)])   # (a bridge carried a new variable)
    assert bridgewait.new_slots_coming(loop)
    assert bridgewait.recording_waits(fn, bridgewait.Waiting("x", loop))
    assert bridgewait.recording_blocked(fn)
    loop.compiled, loop.pending = loop.pending, None
    assert not bridgewait.recording_blocked(fn)


# --- the unbound-at-header rule (lifecycle.unbound_at_header) -----------------

def solve(n, out):
    for col in range(n):
        out.append(col)


def _header_state(fi):
    """A loop of ``solve`` whose trace unboxes ``col`` (local 2) at its entry,
    entered at the header with ``col`` unbound; ``fi``: the function's own
    LoopInfo at its RESUME_JIT (None: not hot)."""
    from pyjit.decode import decode
    from pyjit.jit import ir, nativecall
    code = solve.__code__
    pc = nativecall.resume_pc(decode(code))
    ops = [0] * (pc + 1)
    ops[pc] = O.RESUME_JIT
    q = types.SimpleNamespace(ops=ops, caches={pc: fi})
    col = ir.Input(ir.I)
    trace = types.SimpleNamespace(inputs=[col], slots=[("l", 2)],
                                  ops=[ir.Op("unbox_int", [col])])
    # fast code that has run no iteration yet (short visits: lifecycle.SHORT_VISIT)
    fast_code = types.SimpleNamespace(iterations0=1000,
                                      loop=types.SimpleNamespace(countdown_value=lambda: 1000))
    info = types.SimpleNamespace(trace=trace, code=code, q=q, function=False, keep_boxed=frozenset(),
                                 unbound_entries=[0, 0, None], entries=0, compiled=fast_code)
    f = types.SimpleNamespace(fast=[3, [], NULL])
    return info, f


def _enter_unbound(info, f, times, monkeypatch):
    generalized = []
    monkeypatch.setattr(lifecycle, "generalize", lambda info, slots, reason, f: generalized.append(slots))
    for _ in range(times):
        info.entries += 1
        lifecycle.unbound_at_header(info, f)
    return generalized


def test_unbound_header_entries_generalize_a_loop_with_no_function_trace(monkeypatch):
    info, f = _header_state(None)
    assert _enter_unbound(info, f, lifecycle.UNBOUND_ENTRIES, monkeypatch) == [{("l", 2)}]


@pytest.mark.parametrize("state", ["pending", "compiled"])
def test_unbound_header_entries_do_not_count_while_the_function_trace_comes(monkeypatch, state):
    # the function trace calls the loop's code at the header with `col` bound: the
    # entries the interpreter's calls make while that code (or its bridges) is on
    # its way are not the loop's steady state (bm_nqueens' solve generalized, its
    # function trace dropped for the loop's new code, its bridge aborted)
    fi = LoopInfo(solve.__code__, 0, 1, None, function=True)
    if state == "pending":
        fi.pending = object()
    else:
        fi.compiled = object()
    info, f = _header_state(fi)
    assert _enter_unbound(info, f, 4 * lifecycle.UNBOUND_ENTRIES, monkeypatch) == []
    fi.dead = True    # (blacklisted: the interpreter's entries are the loop's)
    assert _enter_unbound(info, f, lifecycle.UNBOUND_ENTRIES, monkeypatch) == [{("l", 2)}]


def test_the_unbound_window_starts_again_when_new_code_lands(monkeypatch):
    # _land counts the new code's entries from 0: a window opened before it
    # compared its unbound entries with a negative count ("8 of -33 entries")
    info, f = _header_state(None)
    info.entries = 40
    assert _enter_unbound(info, f, lifecycle.UNBOUND_ENTRIES - 1, monkeypatch) == []
    info.entries = 0         # (new code landed)
    # from there, 8 unbound entries among 36: under a quarter, not generalized
    for _ in range(lifecycle.UNBOUND_ENTRIES):
        info.entries += 4
        assert _enter_unbound(info, f, 1, monkeypatch) == []


def test_a_compile_not_landed_at_exit_says_where_it_stood(monkeypatch):
    # "queued and had not finished" read as a compile thread idle at exit with the
    # job lost (bm_nqueens' second slow mode): it says what was ahead of it
    import collections
    from pyjit.jit.llvm import jobs
    building, first, second, urgent = (jobs.Job("", p, []) for p in ("opt", "fast", "fast", "fast"))
    monkeypatch.setattr(jobs, "_queues", (collections.deque([first, second]), collections.deque()))
    monkeypatch.setattr(jobs, "_current", building)
    monkeypatch.setattr(jobs, "left", {})
    jobs._note_left()
    assert jobs.where_left(building) == "the compile thread was building it"
    assert jobs.where_left(first) == "1 compile(s) ahead of it on the compile thread, one being built"
    assert jobs.where_left(second) == "2 compile(s) ahead of it on the compile thread, one being built"
    assert jobs.where_left(urgent) is None        # (never queued)


def test_a_guard_is_not_judged_while_code_carrying_a_new_variable_compiles():
    # a bridge made the trace carry a new variable: until that code lands no bridge
    # is recorded from the old code's snapshots (driver._ripe), so its guards'
    # failures meanwhile say nothing against the trace (bm_nqueens' solve: its
    # function trace dropped "a guard keeps failing" right after such a bridge)
    from pyjit.jit import driver
    op = types.SimpleNamespace(name="guard_true", snapshot=None)
    info = types.SimpleNamespace(entries=200, function=True, code=solve.__code__, q=None,
                                 trace=types.SimpleNamespace(inputs=[1, 2, 3]), suspends={},
                                 bridge_waits={})
    c = types.SimpleNamespace(pending={}, ninputs=3)
    assert driver.keeps_failing(info, c, op, 150)
    info.trace.inputs.append(4)
    assert not driver.keeps_failing(info, c, op, 150)
