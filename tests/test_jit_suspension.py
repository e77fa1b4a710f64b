"""Suspensions recorded in bridges (jit/record/suspension.py): an await chain's
yield to its scheduler becomes a bridge ending at the loop frame's yield,
whose exit leaves the chain's coroutines suspended (virtual coroutines built
at the exit: jit/virtuals.py, kind "coro"); an async generator's await that
suspends makes its consumer's ``__anext__()`` awaitable in the trace.  (The
differential program tests/programs/jit_await_suspend.py covers the
semantics: send/throw/close, the state seen from outside, guard failures.)"""

import re
import subprocess
import sys

import pytest

from pyjit.jit import ir
from pyjit.jit.virtuals import Virtual, build, format_virtual, parse_virtual

from budget import slow_twin
from test_jit_await import _run as _run_checked

CHAIN = """
import inspect, sys

class Box:
    pass

class Pause:
    def __await__(self):
        got = yield self
        return got

async def leaf(o, k):
    b = Box()
    b.k = k
    if k % 7 == 3:
        await Pause()            # suspends the chain: one call in seven
    return b.k + (o is not None)

async def middle(o, k):
    return await leaf(o, k) - await leaf(o, k + 1)

async def loop(o, n):
    t = 0
    for k in range(n):
        t += await middle(o, k)
    return t

def drive(c):
    pauses = 0
    while True:
        try:
            y = c.send(None)
        except StopIteration as stop:
            return stop.value, pauses
        pauses += 1
        if pauses == 3000:
            chain, a = [], c
            while inspect.iscoroutine(a):
                chain.append((a.__name__, inspect.getcoroutinestate(a), a.cr_frame.f_lineno))
                a = a.cr_await
            print(chain, type(a).__name__, y is a.gi_frame.f_locals["self"])

o = Box()
before = sys.getrefcount(o)
print(drive(loop(o, 30000)))
print(sys.getrefcount(o) - before)
"""

AGEN = """
import sys

class Box:
    pass

class Tick:
    def __await__(self):
        yield None

async def source(o, n):
    for i in range(n):
        if i % 50 == 49:
            await Tick()
        yield o if i % 3 else i

async def scaled(items):
    async for x in items:
        yield x

async def main(o, n):
    t = 0
    async for x in scaled(source(o, n)):
        if x is not o:
            t += x
    return t

def drive(c):
    ticks = 0
    while True:
        try:
            c.send(None)
            ticks += 1
        except StopIteration as stop:
            return stop.value, ticks

o = Box()
before = sys.getrefcount(o)
print(drive(main(o, 60000)))
print(sys.getrefcount(o) - before)
"""


def _run(tmp_path, source, backend):
    """(stats text, log text) of ``source`` under tier jit, output and refcounts
    checked against CPython (test_jit_await's runner)."""
    stats, log, _share = _run_checked(tmp_path, source, backend)
    return stats, log


@pytest.mark.parametrize("backend", ["llvm", slow_twin("interp")])
def test_a_bridge_records_the_suspension_and_leaves_the_chain_suspended(tmp_path, backend):
    stats, log = _run(tmp_path, CHAIN, backend)
    # the bridge made the awaitable's generator, resumed it, and ended at the
    # loop frame's yield with the two inlined coroutines made suspended in the
    # trace at their yields (no virtual coroutine left for the exit to build),
    # behind one check that coroutine origin tracking is off
    finishes = [ln for ln in log.splitlines() if ln.lstrip().startswith("finish(")]
    assert finishes and not any("[coro;" in ln for ln in finishes), finishes
    assert "new_instance($coroutine)" in log
    assert "call($get_coroutine_origin_tracking_depth)" in log
    assert "bridge: an await of a coroutine not made for it" not in stats
    assert "dropped" not in log


@pytest.mark.parametrize("backend", ["llvm", slow_twin("interp")])
def test_an_async_generator_s_await_suspends_in_a_bridge(tmp_path, backend):
    stats, log = _run(tmp_path, AGEN, backend)
    assert "new_instance($async_generator_asend)" in log
    assert "an async generator suspends inside the trace" not in stats
    assert "bridge: an await of a coroutine not made for it" not in stats
    assert "dropped" not in log


@pytest.mark.parametrize("backend", ["llvm", slow_twin("interp")])
def test_a_resumption_trace_resumes_the_async_generator_step_it_awaits(tmp_path, backend):
    # main's resumption (function traces on) goes down its SEND to the suspended
    # __anext__() step, resumed as the generator's frame (jit/record/agen.py's
    # send_step: the step's class and state guarded), and on to the loop
    source = AGEN.replace("main(o, 60000)", "main(o, 3000)")    # (60 resumptions)
    assert source != AGEN
    stats, log, _share = _run_checked(tmp_path, source, backend, ("--jit-function-threshold", "2"))
    assert "unsupported instruction SEND" not in stats
    assert "guard_class" in log and "$async_generator_asend)" in log
    runs = re.search(r"function traces compiled \d+, runs to their return (\d+)", stats)
    assert runs and int(runs.group(1)) > 0, stats


def test_a_virtual_coroutine_is_built_suspended_at_its_yield():
    # a coroutine function's frame as an exit builds it: locals, stack, the
    # yield's unit; started, not running, its delegate on the stack (cr_await)
    from pyjit.frame import Frame
    from pyjit.function import Function
    from pyjit.generators import Coroutine

    async def f(a, b):
        c = a + b
        await x      # noqa: F821
        return c
    fn = Function(f.__code__, {"__builtins__": __builtins__})
    dec = fn.dec
    yield_pc = next(pc for pc, op in enumerate(dec.ops)
                    if op == __import__("pyjit").opcodes.OPS["YIELD_VALUE"].code)
    n = dec.nlocalsplus
    delegate = iter([])
    v = Virtual("coro", ir.const_ptr((yield_pc, n)), (),
                [ir.Const(fn, ir.R)] + [ir.Const(i, ir.R) for i in range(n)] +
                [ir.Const(delegate, ir.R)])
    coro = build(v, iter([fn, 1, 2, 3, delegate]), {})
    assert type(coro) is Coroutine
    f = coro.frame
    assert isinstance(f, Frame) and f.fast == [1, 2, 3] and f.stack == [delegate]
    assert (f.lasti, f.pc) == (yield_pc, yield_pc + 1)
    assert coro.started and not coro.running and coro.exc_state is None
    assert coro.cr_await is delegate
    coro.frame = None       # (not run: nothing to close)


def test_a_virtual_coroutine_s_text_form_round_trips():
    inner = Virtual("coro", ir.Const((7, 1), ir.R), (), [ir.Const(1, ir.I), ir.Const(2, ir.I)])
    outer = Virtual("coro", ir.Const((11, 2), ir.R), (), [ir.Const(3, ir.I), inner])
    consts = {}

    def name(c):
        if isinstance(c, ir.Const) and type(c.value) is tuple:
            consts[f"$t{len(consts)}"] = c
            return f"$t{len(consts) - 1}"
        return str(c.value)

    text = format_virtual(outer, name, {})
    assert text.count("[coro;") == 2 and text.startswith("V1[coro;"), text

    def value(tok):
        return consts[tok] if tok in consts else ir.Const(int(tok), ir.I)

    back = parse_virtual(text, value, {})
    assert back.kind == "coro" and back.cls.value == (11, 2)
    assert back.values[1].kind == "coro" and back.values[1].cls.value == (7, 1)
    assert [x.value for x in back.values[1].values] == [1, 2]


FIRST_STEP = """
import sys


async def source(n):
    for i in range(n):
        yield i


async def kept(items):
    async for x in items:
        if x % 3:
            yield x


async def first_over(o, n, limit):
    gen = kept(source(n))
    async for x in gen:
        if x > limit:
            await gen.aclose()
            return x + (o is not None)
    return -1


async def main(o, m):
    t = 0
    for j in range(m):
        t += await first_over(o, 6 + j % 4, 7 + j % 5)
    return t


def drive(c):
    try:
        c.send(None)
    except StopIteration as stop:
        return stop.value


o = object()
before = sys.getrefcount(o)
print(drive(main(o, 300)))
print(sys.getrefcount(o) - before)
"""


@pytest.mark.parametrize("backend", ["llvm", slow_twin("interp")])
def test_an_async_for_s_first_iteration_enters_its_loop_s_code(tmp_path, backend):
    # short visits of an async for over a pipeline made just before it: its
    # GET_ANEXT_JIT header enters the loop's code, the temporary x (unbound on
    # the first iteration) is generalized after a few entries, and the first
    # iteration's bridge starts the pipeline (GET_AITER, the first __anext__)
    stats, log = _run(tmp_path, FIRST_STEP, backend)
    assert re.search(r"# generalized first_over .*unbound at the header", log), log[-2000:]
    assert re.search(r"# bridge first_over .* guard_value: \d+ ops", log)   # (the first step)
    assert "unsupported instruction GET_AITER" not in stats


# Counts, in pyjit's own process, what a host resumption costs: driver.enter
# calls and the coroutines' resumptions by host code (send(): Coroutine._resume;
# jit/driver._resumed_at_header).
_COUNTING = """
import runpy, sys
from pyjit.generators import Coroutine
from pyjit.jit import driver
counts = {"enter": 0, "send": 0}
enter, resume = driver.enter, Coroutine._resume
def counted_enter(*a, **k):
    counts["enter"] += 1
    return enter(*a, **k)
def counted_resume(self, *a, **k):
    counts["send"] += 1
    return resume(self, *a, **k)
driver.enter = counted_enter
Coroutine._resume = counted_resume
sys.argv = ["pyjit"] + sys.argv[1:]
try:
    runpy.run_module("pyjit", run_name="__main__", alter_sys=True)
finally:
    print("COUNTS", counts["enter"], counts["send"], file=sys.stderr)
"""

SCHEDULED = """
from collections import deque

class Pause:
    __slots__ = ()
    def __await__(self):
        yield self

PAUSE = Pause()

async def leaf(st, k):
    st[0] = (st[0] * 1103515245 + k) & 0xFFFFFF
    if st[0] & 7 == 0:
        await PAUSE
    return st[0] % 97

async def middle(st, k):
    return await leaf(st, k) + await leaf(st, k + 1)

async def task(i, n):
    st = [i + 1]
    total = 0
    for k in range(n):
        total += await middle(st, k)
    return total

def schedule(coros):
    ready = deque(coros)
    out = []
    while ready:
        c = ready.popleft()
        try:
            c.send(None)
        except StopIteration as stop:
            out.append(stop.value)
        else:
            ready.append(c)
    return out

print(schedule([task(i, 4000) for i in range(4)]))
"""


@pytest.mark.parametrize("backend", ["llvm", slow_twin("interp")])
def test_a_host_resumption_is_one_driver_entry(tmp_path, backend):
    # a task resumed by the scheduler's send() runs its resumption trace to
    # its loop's header, where the loop's code is entered in the same
    # driver.enter (before: a second one, from functions._entered through
    # driver.header -- about two per send)
    prog = tmp_path / "prog.py"
    prog.write_text(SCHEDULED)
    runner = tmp_path / "counting.py"
    runner.write_text(_COUNTING)
    expected = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True,
                              timeout=120).stdout
    p = subprocess.run([sys.executable, str(runner), "run", "--tier", "jit", "--jit-sync",
                        "--jit-threshold", "2", "--jit-function-threshold", "2",
                        "--jit-backend", backend, str(prog)],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    assert p.stdout == expected
    enters, sends = map(int, re.search(r"COUNTS (\d+) (\d+)", p.stderr).groups())
    assert sends > 2000, p.stderr
    assert enters < 1.2 * sends, (enters, sends)
