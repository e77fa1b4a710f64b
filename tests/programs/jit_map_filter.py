# for loops over map() and filter() of program functions, and builtins that
# consume them: the recorder sees through the two C objects (jit/record/lazy.py);
# guard failures: another function per object, exceptions raised by the function
# on a later item, StopIteration from it, truth of other types, exhausted maps.
import sys


def squares(n):
    t = 0
    for x in map(lambda v: v * v, range(n)):
        t += x
    return t


def odd_thirds(n):
    out = []
    for x in filter(lambda v: v % 3, range(n)):
        if x & 1:
            out.append(x)
    return len(out), sum(out)


def two_iterators(n):
    t = 0
    for s in map(lambda a, b: a - b, range(n), [k * 2 for k in range(n // 2)]):
        t += s
    return t


def per_object_function(n):
    # a new lambda (and closure) per outer iteration: the trace knows it by code
    t = 0
    for k in range(n):
        for x in map(lambda v: v + k, (1, 2, 3)):
            t += x
    return t


def raises_later(n):
    def f(v):
        if v == n - 3:
            raise ValueError(f"bad item {v}")
        return v + 1
    t = 0
    try:
        for x in map(f, range(n)):
            t += x
    except ValueError as e:
        print("caught", e, t)
    g = filter(lambda v: 10 // (v - n + 5), range(n))
    try:
        for x in g:
            t += x
    except ZeroDivisionError as e:
        print("caught", type(e).__name__, e, t)
    print("after error", list(g)[:3])


def stop_iteration_ends_map(n):
    def f(v):
        if v == n // 2:
            raise StopIteration
        return v
    got = [x for x in map(f, range(n))]
    print("stopped after", len(got))
    t = 0
    for x in map(f, range(n)):
        t += x
    print("loop stopped", t)


def truths(n):
    vals = [0, 1, 2.5, 0.0, None, -1, True, False, "", "x", [], [0]]
    kept = 0
    for k in range(n):
        for v in filter(lambda i: vals[(i + k) % len(vals)], range(len(vals))):
            kept += v
    return kept


class Truthy:
    def __init__(self, v):
        self.v = v

    def __bool__(self):
        return self.v % 4 != 0


def object_truth(n):
    return sum(filter(lambda v: Truthy(v), range(n)))


def gen(n):
    for i in range(n):
        yield i * 3


def over_generators(n):
    t = 0
    for x in map(lambda v: v // 2, gen(n)):
        t += x
    for x in filter(lambda v: v % 2, gen(n)):
        t -= x
    for x in map(lambda v: -v, map(lambda v: v + 1, range(n))):
        t += x
    return t


def consumers(n):
    f = lambda v: (v * 7) % 11
    print(sum(map(f, range(n))), sum(filter(f, range(n)), 100))
    print(min(map(f, range(n))), max(filter(lambda v: v % 5, range(n))))
    print(any(map(lambda v: v > n - 2, range(n))), all(map(lambda v: v < n, range(n))))
    print(sorted(map(f, range(20)))[:8], sorted(filter(f, range(30)), key=lambda v: -v)[:4])
    print(len(list(map(f, range(n)))), len(tuple(filter(f, range(n)))),
          len(set(map(f, range(n)))), len(frozenset(filter(f, range(n)))))


def early_exit(n):
    m = map(lambda v: v * 2, range(n))
    t = 0
    for x in m:
        if x > n:
            break
        t += x
    print("rest", next(m), len(list(m)), t)


def patched(n):
    # the function a map holds cannot change, but the code of a module-level
    # function the lambda calls can
    global helper
    t = 0
    for k in range(3):
        for x in map(lambda v: helper(v), range(n)):
            t += x
        helper = lambda v: v * (k + 2)
    return t


def helper(v):
    return v


def refcounts(n):
    o = object()
    before = sys.getrefcount(o)
    for _ in map(lambda v: o, range(n)):
        pass
    for _ in filter(lambda v: o, range(n)):
        pass
    return sys.getrefcount(o) - before


N = 3000
print(squares(N), odd_thirds(N), two_iterators(N), per_object_function(N // 10))
raises_later(N)
stop_iteration_ends_map(N)
print(truths(N // 10), object_truth(N))
print(over_generators(N))
consumers(N)
early_exit(N)
print(patched(N))
print("refs", refcounts(N))



class Falls:
    def __init__(self, v):
        self.v = v

    def __bool__(self):
        if self.v == 2900:
            raise RuntimeError("no truth for 2900")
        return self.v % 3 == 0


def truth_raises(n):
    t = 0
    try:
        for x in filter(lambda v: Falls(v), range(n)):
            t += x
    except RuntimeError as e:
        print("truth raised", e, t)


truth_raises(N)


class Countdown:
    # a program iterator whose __next__ branches: its other path is a bridge
    # that starts inside __next__
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        self.n -= 1
        if self.n < 0:
            raise StopIteration
        if self.n % 5 == 0:
            return -self.n
        return self.n * 2


def branchy(n):
    t = 0
    for x in map(lambda v: v * 2 if v % 3 else -v, range(n)):
        t += x
    for x in filter(lambda v: v % 7 == 0 or v % 5 == 1, range(n)):
        t -= x
    for x in Countdown(n):
        t += x
    seen = []
    for x in map(lambda v: v if v % 4 else 100 // (v - n + 8), range(n)):
        seen.append(x)
        if len(seen) > n:
            break
    return t, len(seen)


try:
    print(branchy(N))
except ZeroDivisionError as e:
    print("branchy:", e)
print(list(map(lambda v: 1 / v, [2, 1, 0])))
