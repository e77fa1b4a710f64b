"""Warm code run as blocks, then everything it specialized on changes:
methods patched, builtins shadowed, globals rebound, iterators of other types,
attribute kinds changed.  Results must follow at once."""
import builtins


class A:
    def m(self):
        return 1


def call_m(objs):
    return sum(o.m() for o in objs) + sum([o.m() for o in objs])


def calls(objs):
    t = 0
    for o in objs:
        t += o.m()
    return t


objs = [A() for _ in range(30)]
print(calls(objs), call_m(objs))
A.m = lambda self: 2
print(calls(objs), call_m(objs))
objs[5].m = lambda: 100
print(calls(objs))


def lens(xs):
    t = 0
    for x in xs:
        t += len(x) + abs(-1)
    return t


data = ["ab", "cde", "f"] * 10
print(lens(data))
len = lambda x: 7
print(lens(data))
del len
builtins.abs = lambda x: 1000
print(lens(data))
del builtins.abs
import math
builtins.abs = math.fabs
print(lens(data))
builtins.abs = abs = __builtins__.abs if False else (lambda x: x if x > 0 else -x)
print(lens(data))


class CountingIter:
    def __init__(self, n):
        self.i = 0
        self.n = n
        self.iters = 0

    def __iter__(self):
        self.iters += 1
        return self

    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i


def total(it):
    s = 0
    for v in it:
        s += v
    return s


for source in ([1, 2, 3] * 10, (4, 5) * 10, range(30), {1: 2, 3: 4}, "abc",
               (x for x in range(5)), CountingIter(30), iter([9] * 30), {7, 8}):
    if isinstance(source, str):
        print(total(ord(c) for c in source))
    else:
        print(total(source))
c = CountingIter(40)
print(total(c), c.iters)


class P:
    __slots__ = ("x",)

    def __init__(self, x):
        self.x = x


class Q:
    def __init__(self, x):
        self.x = x


def xs(objs):
    t = 0
    for o in objs:
        t += o.x
        o.x = o.x + 1
    return t


print(xs([P(i) for i in range(30)]), xs([Q(i) for i in range(30)]))
mixed = [P(1), Q(2)] * 15
print(xs(mixed))
Q.x = property(lambda self: 5, lambda self, v: None)
print(xs([Q(i) for i in range(30)]))


def ints_then_floats(vals):
    t = 0
    for v in vals:
        t = t * 2 + v
        t = t % 1000003
    return t


print(ints_then_floats(range(40)), ints_then_floats([0.5] * 40),
      ints_then_floats(["no"] * 0), ints_then_floats([2 ** 70] * 40))
try:
    ints_then_floats([1, 2, "x"])
except TypeError as e:
    print(e)
