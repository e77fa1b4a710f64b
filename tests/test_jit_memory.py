"""Tier jit: compiled loops neither leak nor steal references, and memory stays flat.

Programs run under ``pyjit run --tier jit --jit-threshold 2`` (both backends); each
prints the change of ``sys.getrefcount`` of objects that flowed through a compiled
loop (must be 0) and the growth of the resident set over a long loop (must be
small).  Exits happen too: loops end, guards fail, exceptions are raised inside.
"""

import subprocess
import sys
import textwrap

import pytest

REFCOUNTS = """
import sys

class Box:
    def __init__(self, v):
        self.v = v

def get(b):
    return b.v

def work(n, items, box, key, s):
    total = 0
    acc = 0.0
    out = None
    for i in range(n):
        x = items[i % 4]            # list getitem: a borrowed item, owned in the trace
        total += get(box)           # inlined call, attribute load
        acc += 0.5                  # boxed floats at exits only
        out = (x, key, s)           # a tuple built per iteration
        if i % 1000 == 999:
            total -= len(s)         # a builtin call
    return total, acc, out[0] is items[(n - 1) % 4]

def raising(n, items):
    caught = 0
    for k in range(n):
        try:
            items[k % 5]            # every 5th index fails: exception exits
        except IndexError:
            caught += 1
    return caught

items = [object(), [1, 2], "a string", 3.25]
box = Box(7)
key = ("k", 1)
s = "abc" * 10
objs = items + [box, key, s]
before = [sys.getrefcount(o) for o in objs]
print(work(N, items, box, key, s))
print(raising(N // 10, items[:4]))
after = [sys.getrefcount(o) for o in objs]
print("refcount deltas", [a - b for a, b in zip(after, before)])
"""

RSS = """
import os

def rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024

def floats(n):
    x = 0.0
    xs = [0.0]
    for i in range(n):
        x = x * 0.999 + 1.0        # unboxed in the loop
        xs[0] = x                  # boxed every iteration, old value freed
    return x

def strings(n):
    t = 0
    for i in range(n):
        t += len(str(i))           # a new object per iteration through a C call
    return t

floats(N // 10); strings(N // 10)   # compiled, warmed up
start = rss_kb()
print(round(floats(N), 6), strings(N))
grown = rss_kb() - start
print("rss ok" if grown < 4096 else f"rss grew {grown} kB")
"""


def run(source, n, *options):
    prog = "N = %d\n" % n + textwrap.dedent(source)
    cmd = [sys.executable, "-m", "pyjit", "run", "--tier", "jit", "--jit-threshold", "2",
           *options, "-c", prog]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return p.stdout


@pytest.mark.parametrize("backend,n", [("llvm", 10 ** 6), ("interp", 10 ** 5)])
def test_refcounts_unchanged(backend, n):
    out = run(REFCOUNTS, n, "--jit-backend", backend)
    want = subprocess.run([sys.executable, "-c", "N = %d\n" % n + textwrap.dedent(REFCOUNTS)],
                          capture_output=True, text=True, timeout=300).stdout
    assert out == want
    assert out.splitlines()[-1] == "refcount deltas [0, 0, 0, 0, 0, 0, 0]"


def test_rss_flat():
    out = run(RSS, 10 ** 6, "--jit-backend", "llvm")
    assert out.splitlines()[-1] == "rss ok", out
