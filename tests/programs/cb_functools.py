# functools with VM functions: lru_cache (cache_info), partial, wraps, singledispatch, cached_property, reduce with initial.
import functools


@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80), fib.cache_info())
fib.cache_clear()
print(fib.cache_info())


@functools.lru_cache(maxsize=2)
def sq(x):
    print("  computing", x)
    return x * x


print(sq(2), sq(3), sq(2), sq(4), sq(3), sq.cache_info())


def power(base, exp=2, *, mod=None):
    r = base ** exp
    return r % mod if mod else r


cube = functools.partial(power, exp=3)
print(cube(3), cube(2, mod=5), cube.func is power, cube.keywords, functools.partial(power, 2)(10))


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*a, **k):
        print("  call", fn.__name__, a, k)
        return fn(*a, **k)
    return wrapper


@logged
def add(a, b=0):
    """Add two numbers."""
    return a + b


print(add(1, b=2), add.__name__, add.__doc__, add.__wrapped__.__name__)


@functools.singledispatch
def describe(obj):
    return f"object {obj!r}"


@describe.register
def _(obj: int):
    return f"int {obj}"


@describe.register(list)
def _(obj):
    return f"list of {len(obj)}"


print(describe(5), describe([1, 2]), describe("s"), describe(True))


class Data:
    def __init__(self, vals):
        self.vals = vals

    @functools.cached_property
    def total(self):
        print("  computing total")
        return sum(self.vals)


d = Data([1, 2, 3])
print(d.total, d.total, "total" in vars(d))
print(functools.reduce(lambda a, b: f"({a}+{b})", "abcd", "_"))
