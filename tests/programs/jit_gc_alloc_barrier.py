# An allocation of a program object may collect garbage, and a collection runs
# code: a __del__ of an unreachable cycle, a weakref callback.  Compiled code
# must not keep what it proved (a class attribute, an object's __class__, a
# global, a field) across an allocation that could collect (notes/jit.md,
# "Allocations and garbage collection").  Here that code changes each of those between
# two reads in one iteration, whenever a collection happens to run it -- when
# differs between CPython and pyjit (pyjit allocates objects of its own), so
# the program prints only what does not depend on it: each read checked
# against the changes counted before it.
import gc
import sys
import weakref


class Box:
    __slots__ = ("v", "w")

    def __init__(self, v):
        self.v = v
        self.w = v

    def __del__(self):      # (not made virtual: a real allocation in the trace)
        pass


class Plain:
    pass


class A:
    k = 1

    def get(self):
        return self.k


class B(A):
    k = 1000


G = 0
changes = [0, 0, 0, 0]        # class attribute, __class__, global, field
log = []                      # (kind, iteration, line of run's frame) per change
target = A()
holder = Box(0)
it = [0]


def change(which):
    global G
    f = sys._getframe(1)
    while f is not None and f.f_code is not run.__code__:
        f = f.f_back
    log.append((which, it[0], f.f_lineno if f is not None else 0))
    changes[which] += 1
    if which == 0:
        A.k += 1
        B.k += 1
    elif which == 1:
        target.__class__ = B if type(target) is A else A
    elif which == 2:
        G += 1
    else:
        holder.v += 1


class Cycle:
    def __init__(self, which):
        self.which = which
        self.me = self          # unreachable only as a cycle: a collection frees it

    def __del__(self):
        change(self.which)


def read(which, o, h):
    if which == 0:
        return o.get() - 1
    if which == 1:
        return o.get() // 1000
    if which == 2:
        return G
    return h.v


def run(n, period, make, which, seen, o, h):
    for i in range(n):
        it[0] = i
        if i % period == 0:
            make(which)
        x = read(which, o, h)
        b = Box(i)              # may collect: the change runs in this allocation
        c = Box(x)              # (or in this one)
        y = read(which, o, h)   # must see it
        seen.append((i, x, y, b.v == i, c.w == x))
        del b, c


ALLOC_LINES = (run.__code__.co_firstlineno + 6, run.__code__.co_firstlineno + 7)


def check(which, seen, first):
    """Each read after the allocations sees every change made in them (or before)."""
    bad = 0
    mine = [(i, line) for (w, i, line) in log[first:] if w == which]
    base = sum(1 for w in log[:first] if w[0] == which)
    for i, x, y, ok_b, ok_p in seen:
        must = base + sum(1 for (j, line) in mine if j < i or (j == i and line in ALLOC_LINES))
        may = base + sum(1 for (j, line) in mine if j <= i)
        got = y if which != 1 else None
        if which == 1:      # the class flips: the parity of the count
            fine = any(c % 2 == y for c in range(must, may + 1))
        else:
            fine = must <= got <= may
        if not (fine and ok_b and ok_p):
            bad += 1
    return bad


def make_cycle(which):
    Cycle(which)


def make_weak(which):
    # a weakref callback of an object freed by a collection (a cycle through it)
    o = Plain()
    o.me = o
    keep.append(weakref.ref(o, lambda r, which=which: change(which)))


keep = []
gc.collect()
old = gc.get_threshold()
gc.set_threshold(25)
try:
    for which in range(4):
        for make, period in ((make_cycle, 37), (make_weak, 41)):
            first = len(log)
            seen = []
            run(500, period, make, which, seen, target, holder)
            gc.collect()
            print(which, make.__name__, "bad:", check(which, seen, first),
                  "changes:", sum(1 for w in log[first:] if w[0] == which))
finally:
    gc.set_threshold(*old)
print("final", type(target).__name__, A.k, B.k, G, holder.v == changes[3])


# RecursionError at the limit through an allocating recursion (frames rebuilt
# from an allocation's exit)


def deep(n):
    b = Box(n)
    if n == 0:
        return b.v
    return deep(n - 1) + b.w


sys.setrecursionlimit(150)
try:
    for i in range(120):
        deep(40)
    deep(1000)
except RecursionError as e:
    print("RecursionError", str(e)[:40])
sys.setrecursionlimit(1000)
print(deep(100))
