"""Builtins the tracer sees through (sum, min, max, any, all, list, tuple, set,
frozenset, sorted) called with VM generators and VM key functions: results,
defaults, empty inputs, errors raised mid-iteration (tracebacks), generators left
suspended by an early stop, evaluation and release order, frames seen from inside,
hot call sites that change argument kinds."""
import sys
import traceback


def gen(n, tag=None):
    for i in range(n):
        if tag:
            print(tag, i)
        yield i * i


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, "raised", type(e).__name__, e)


# results, start=, default=, key=, reverse=, empty inputs
show("sum", lambda: sum(gen(10)))
show("sum start", lambda: sum(gen(4), 100))
show("sum start kw", lambda: sum(gen(4), start=0.5))
show("sum lists", lambda: sum(([i] for i in range(3)), []))
show("sum empty", lambda: sum(gen(0)))
show("sum floats", lambda: sum(x / 10 for x in range(11)))
show("sum mixed", lambda: sum((1, 2.5, True, -0.0)[i] for i in range(4)))
show("sum str start", lambda: sum((c for c in "ab"), ""))
show("sum bytes start", lambda: sum((c for c in [b"a"]), b""))
show("sum bytearray start", lambda: sum((c for c in [b"a"]), bytearray()))
show("sum str items", lambda: sum(c for c in "ab"))
show("min", lambda: min(gen(5)))
show("max", lambda: max(gen(5)))
show("min empty", lambda: min(gen(0)))
show("max empty", lambda: max(x for x in ()))
show("max default", lambda: max(gen(0), default="none"))
show("min default unused", lambda: min(gen(3), default="none"))
show("max key", lambda: max(["apple", "fig", "banana"], key=lambda s: len(s)))
show("min key gen", lambda: min((w for w in "the quick brown fox".split()), key=lambda s: s[-1]))
show("max key ties", lambda: max([(1, "a"), (1, "b"), (0, "c")], key=lambda p: p[0]))
show("min key ties", lambda: min([(1, "a"), (0, "b"), (0, "c")], key=lambda p: p[0]))
show("max args key", lambda: max(3, 9, 4, key=lambda x: -x))
show("max key none", lambda: max(gen(4), key=None))
show("min key default", lambda: min([], key=lambda x: x, default=7))
show("max incomparable", lambda: max(x for x in (1, "a")))
show("max default multi", lambda: max(1, 2, default=0))
show("max no args", lambda: max())
show("max bad kw", lambda: max(gen(2), bogus=1))
show("any", lambda: any(x > 10 for x in gen(6)))
show("any none", lambda: any(x > 100 for x in gen(6)))
show("all", lambda: all(x < 100 for x in gen(6)))
show("all not", lambda: all(x < 10 for x in gen(6)))
show("any empty", lambda: (any(gen(0)), all(gen(0))))
show("list", lambda: list(gen(5)))
show("tuple", lambda: tuple(gen(5)))
show("set", lambda: sorted(set(x % 3 for x in range(10))))
show("frozenset", lambda: frozenset(x % 2 for x in range(10)))
show("set unhashable", lambda: set([i] for i in range(2)))
show("sorted", lambda: sorted(x % 7 for x in range(10)))
show("sorted reverse", lambda: sorted((x % 7 for x in range(10)), reverse=True))
show("sorted key", lambda: sorted(["bb", "a", "ccc", "dd"], key=lambda s: len(s)))
show("sorted key reverse stable", lambda: sorted(["bb", "a", "ccc", "dd", "e"], key=lambda s: len(s), reverse=True))
show("sorted key gen", lambda: sorted((w for w in "b a d c".split()), key=lambda s: -ord(s)))
show("sorted bad reverse", lambda: sorted(gen(3), key=lambda x: x, reverse=None))
show("sorted incomparable keys", lambda: sorted([1, 2], key=lambda x: "a" if x == 1 else 1))
show("sorted key error", lambda: sorted([1, 2, 3], key=lambda x: 1 // (x - 2)))

# the generator's side effects interleave with the consumer's as in CPython
print(sum(gen(3, "produce")))
print(max((x for x in gen(3, "max")), key=lambda v: print("key", v) or -v))

# an early stop leaves the generator suspended where it was
g = gen(10, "early")
print(any(x > 3 for x in g), next(g))
g = (x for x in range(10))
print(all(x < 4 for x in g), list(g))


# errors raised inside the generator or the key function propagate with
# CPython's traceback: no frame for the builtin
def bad(n):
    for i in range(n):
        if i == 2:
            raise KeyError("boom")
        yield i


for consumer in (sum, min, max, any, list, tuple, set, frozenset, sorted):
    try:
        consumer(bad(5))
    except KeyError:
        print(consumer.__name__, "-" * 20)
        traceback.print_exc(file=sys.stdout)


def bad_key(x):
    if x == 2:
        raise ValueError("bad key")
    return x


for consumer in (min, max, sorted):
    try:
        consumer([1, 2, 3], key=bad_key)
    except ValueError:
        traceback.print_exc(file=sys.stdout)
    try:
        consumer((x for x in [1, 2, 3]), key=lambda x: bad_key(x))
    except ValueError as e:
        print(consumer.__name__, "tb frames", len(traceback.extract_tb(e.__traceback__)))

# the exception raised by the builtin itself: the caller's line only
try:
    max(gen(0))
except ValueError:
    traceback.print_exc(file=sys.stdout)


# frames seen from inside the generator and the key function: the builtin has none
def whose_frames():
    f = sys._getframe()
    yield f.f_back.f_code.co_name
    yield f.f_back.f_lineno
    yield sys._getframe(1).f_code.co_name


def consumer_of_frames():
    return list(whose_frames()), sorted(whose_frames(), key=lambda v: str(v)), \
        max(whose_frames(), key=lambda v: str(v))


print(consumer_of_frames())


def key_frames(x):
    f = sys._getframe(1)
    return (f.f_code.co_name, f.f_lineno, x)


def uses_key():
    return max([1, 2], key=key_frames), min((x for x in [3]), key=key_frames)


print(uses_key())
print([tb.name for tb in traceback.extract_stack(sys._getframe())][-1:])


# release order: an element the builtin drops goes before the next is asked for
class Noisy:
    def __init__(self, v):
        self.v = v

    def __del__(self):
        print("del", self.v)

    def __add__(self, other):
        return self.v + (other if isinstance(other, int) else other.v)

    __radd__ = __add__

    def __lt__(self, other):
        return self.v < other.v

    def __gt__(self, other):
        return self.v > other.v

    def __bool__(self):
        return self.v > 1


def noisy(n):
    for i in range(n):
        print("make", i)
        yield Noisy(i)
    print("done")


print("sum", sum(noisy(3)))
print("max", max(noisy(3)).v)
print("any", any(noisy(4)))
print("min key", min(noisy(3), key=lambda o: -o.v).v)


# a hot call site: the JIT traces the builtins' loops; the argument kinds change
def hot(n):
    total = 0
    for k in range(n):
        total += sum(i * i for i in range(k % 40))
        total += max((i ^ k for i in range(k % 9 + 1)), default=0)
        if k % 97 == 0:
            total += sum([k, 1])          # a host list: the C builtin
            total += max(k, 3)
        total += min(range(k % 5 + 1), key=lambda x: -x)
        if any(i > 30 for i in range(k % 40)):
            total += 1
    return total


print(hot(3000))


# a program that replaces a builtin gets its own
import builtins
real_sum = builtins.sum


def my_sum(it, start=0):
    print("my_sum called")
    return real_sum(it, start)


builtins.sum = my_sum
print(sum(gen(4)))
builtins.sum = real_sum
print(sum(gen(4)))


# a generator the builtin leaves suspended is closed when the caller drops it,
# after the builtin's own references (its finally runs right after the call)
class D:
    def __init__(self, v):
        self.v = v

    def __del__(self):
        print("del", self.v)


def closing(tag):
    try:
        for i in range(5):
            yield D(i)
    finally:
        print("finally", tag)


def drops():
    print("any", any(x.v > 1 for x in closing("any")))
    print("all", all(x.v < 1 for x in closing("all")))
    print("max", max(closing("max"), key=lambda d: d.v % 3).v)
    try:
        print(min(closing("min"), key=lambda d: 1 // (d.v - 2)))
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)


for _ in range(3):
    drops()
