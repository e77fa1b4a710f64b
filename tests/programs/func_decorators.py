"""Decorators: plain, with arguments, stacked, functools.wraps, class-based, on methods, registry."""
import functools
calls = []
def trace(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        calls.append(fn.__name__)
        print(f"-> {fn.__name__}{args}")
        result = fn(*args, **kwargs)
        print(f"<- {fn.__name__} = {result!r}")
        return result
    return wrapper
def repeat(times):
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*a, **k):
            return [fn(*a, **k) for _ in range(times)]
        return wrapper
    return deco
@trace
def add(a, b):
    """Add two numbers."""
    return a + b
@repeat(3)
@trace
def hello(name):
    return "hi " + name
print(add(2, 3), hello("bob"))
print(add.__name__, add.__doc__, add.__qualname__, add.__wrapped__.__name__, hello.__name__)
print(calls)
class CountCalls:
    def __init__(self, fn):
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.count = 0
    def __call__(self, *args):
        self.count += 1
        return self.fn(*args)
@CountCalls
def square(x):
    return x * x
for i in range(2500):
    square(i)
print(square.count, square(12), square.__name__)
registry = {}
def register(name=None):
    def deco(fn):
        registry[name or fn.__name__] = fn
        return fn
    return deco
@register()
def alpha():
    return "A"
@register("b")
def beta():
    return "B"
print(sorted(registry), registry["b"](), registry["alpha"]())
def order(tag):
    print("decorator factory", tag)
    def deco(fn):
        print("applying", tag)
        return fn
    return deco
@order("outer")
@order("inner")
def decorated():
    return "body"
print(decorated())
class Service:
    def __repr__(self):
        return "<Service>"
    @trace
    def compute(self, x):
        return x * 10
    @staticmethod
    @trace
    def util(y):
        return y - 1
print(Service().compute(4), Service.util(9))
def memo(fn):
    cache = {}
    @functools.wraps(fn)
    def inner(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]
    inner.cache = cache
    return inner
@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(90), len(fib.cache))
deco_expr = [trace]
@deco_expr[0]
def via_subscript():
    return 7
print(via_subscript())
