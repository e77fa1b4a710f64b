"""Coroutines and async generators in traces (jit/record/awaiting.py,
jit/record/agen.py): ``await f(...)`` chains are inlined without making the
coroutines, ``async for`` resumes async generators in the consumer's trace,
a path that suspends is an exit that keeps the trace, and no reference is
leaked or lost over long loops in either backend.  (The differential programs
tests/programs/jit_await_inline.py, jit_agen_resume.py, jit_await_refcounts.py
cover the semantics.)"""

import os
import re
import subprocess
import sys

import pytest

from budget import slow_twin

AWAITS = """
import sys

class Box:
    pass

class Pause:
    def __await__(self):
        yield self

async def leaf(o, k):
    b = Box()
    b.k = k
    if k % 1000 == 999:
        await Pause()          # suspends the chain now and then
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
            c.send(None)
            pauses += 1
        except StopIteration as stop:
            return stop.value, pauses

o = Box()
before = sys.getrefcount(o)
print(drive(loop(o, 60000)))
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
        if i % 500 == 499:
            await Tick()
        b = Box()
        b.i = i
        yield b if i % 3 else o

async def scaled(items):
    async for x in items:
        yield x

async def main(o, n):
    t = 0
    async for x in scaled(source(o, n)):
        if x is not o:
            t += x.i
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


def _run(tmp_path, source, backend, extra=()):
    prog = tmp_path / "prog.py"
    prog.write_text(source)
    log = tmp_path / "jit.log"
    expected = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True,
                              timeout=120).stdout
    p = subprocess.run([sys.executable, "-m", "pyjit", "run", "--jit-threshold", "2",
                        "--jit-sync", "--jit-backend", backend, "--stats",
                        "--jit-log", str(log), *extra, str(prog)],
                       capture_output=True, text=True, timeout=600,
                       env={"PYJIT_STRICT": "1", **os.environ})
    assert p.returncode == 0, p.stderr
    assert p.stdout == expected
    assert p.stdout.splitlines()[-1] == "0"     # (the refcount is back)
    share = float(re.search(r"native share ([\d.]+)%", p.stderr).group(1))
    return p.stderr, log.read_text(), share


@pytest.mark.parametrize("backend", ["llvm", "interp"])
def test_await_chain_inlined_and_suspending(tmp_path, backend):
    stats, log, share = _run(tmp_path, AWAITS, backend)
    # the chain is inlined (frames of kind await), no coroutine is made by a call
    assert "k=await" in log
    assert "call of generator function" not in stats
    # suspending (once per 500 iterations) is an exit the trace keeps
    assert "dropped" not in log and "blacklisted loop" not in log
    assert share > 85, stats


@pytest.mark.parametrize("backend", ["llvm", slow_twin("interp")])
def test_async_for_resumes_async_generators(tmp_path, backend):
    stats, log, share = _run(tmp_path, AGEN, backend)
    assert "k=agen" in log
    resumes = int(stats.split("generator resumptions inside traces")[1].split()[0]
                  .replace(",", ""))
    assert resumes > 100000, stats     # (two generators' yields per item)
    assert share > 80, stats
