"""functools with VM functions: partial, lru_cache, cache, reduce, cmp_to_key, singledispatch, total_ordering, cached_property."""
import functools
import operator
def power(base, exp, mod=None):
    return pow(base, exp, mod)
square = functools.partial(power, exp=2)
cube_mod = functools.partial(power, exp=3, mod=1000)
print(square(12), cube_mod(123), square.func is power, square.keywords, functools.partial(power, 2)(10))
p2 = functools.partial(square, mod=7)
print(p2(10), p2.keywords)
@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(200), fib.cache_info())
@functools.lru_cache(maxsize=2)
def slow(x):
    print("computing", x)
    return x * 2
for v in [1, 2, 1, 3, 1, 2]:
    slow(v)
print(slow.cache_info())
slow.cache_clear()
print(slow.cache_info())
@functools.cache
def tri(n):
    return 0 if n == 0 else n + tri(n - 1)
print(tri(300))
print(functools.reduce(lambda a, b: a * b, range(1, 15)), functools.reduce(operator.add, [], 0))
print(functools.reduce(lambda acc, s: acc + [len(s)], ["a", "bb", "ccc"], []))
def compare(a, b):
    return (len(a) > len(b)) - (len(a) < len(b)) or (a > b) - (a < b)
print(sorted(["ccc", "a", "bb", "aa", "b"], key=functools.cmp_to_key(compare)))
@functools.singledispatch
def describe(x):
    return "object"
@describe.register
def _(x: int):
    return f"int {x}"
@describe.register(list)
def _(x):
    return "list of " + ", ".join(describe(i) for i in x)
print(describe(3), describe("s"), describe([1, "a", [2]]))
@functools.total_ordering
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))
    def __eq__(self, o):
        return self.parts == o.parts
    def __lt__(self, o):
        return self.parts < o.parts
    def __repr__(self):
        return "V" + ".".join(map(str, self.parts))
vs = [Version(s) for s in ["1.10", "1.2", "1.2.1", "0.9"]]
print(sorted(vs), Version("1.0") >= Version("0.9"), Version("1.0") <= Version("0.9"), max(vs))
class Data:
    def __init__(self, n):
        self.n = n
    @functools.cached_property
    def total(self):
        print("computing total")
        return sum(range(self.n))
d = Data(4000)
print(d.total, d.total, "total" in d.__dict__)
acc = 0
adder = functools.partial(operator.add, 1)
for i in range(3000):
    acc = adder(acc) + fib(i % 50) % 3
print(acc)
class Cls:
    @functools.partialmethod
    def _helper(self, a, b):
        return a - b
    def base(self, a, b):
        return a * 10 + b
    first = functools.partialmethod(base, 7)
print(Cls().first(3))
