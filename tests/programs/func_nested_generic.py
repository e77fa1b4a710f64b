"""Nested functions, functions as values, higher-order helpers, dispatch tables and callbacks."""
def compose(*fns):
    def composed(x):
        for f in reversed(fns):
            x = f(x)
        return x
    return composed
inc = lambda x: x + 1
dbl = lambda x: x * 2
print(compose(inc, dbl)(5), compose(dbl, inc)(5), compose()(9))
def curry(f, n):
    def curried(*args):
        if len(args) >= n:
            return f(*args)
        return lambda *more: curried(*args, *more)
    return curried
add3 = curry(lambda a, b, c: a + b + c, 3)
print(add3(1)(2)(3), add3(1, 2)(3), add3(1)(2, 3))
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b}
def calc(expr):
    a, op, b = expr.split()
    return ops[op](float(a), float(b))
for e in ["1 + 2", "6 * 7", "10 / 4", "3 - 8"]:
    print(e, "=", calc(e))
def apply_n(f, n, x):
    for _ in range(n):
        x = f(x)
    return x
print(apply_n(lambda v: (v * 3 + 1) % 1000003, 4000, 1))
def make_multiplier(k):
    def mul(x):
        return x * k
    mul.__name__ = f"times{k}"
    return mul
ms = [make_multiplier(k) for k in range(1, 4)]
print([m.__name__ for m in ms], [m(10) for m in ms])
def outer(a):
    def middle(b):
        def inner(c):
            return a * 100 + b * 10 + c
        return inner
    return middle
print(outer(1)(2)(3), outer.__code__.co_cellvars)
def callback_runner(items, on_item, on_done=None):
    results = [on_item(i) for i in items]
    if on_done:
        on_done(results)
    return results
callback_runner(range(5), lambda i: i * i, lambda r: print("done", r))
def memoize_method():
    cache = {}
    def get(k, compute):
        if k not in cache:
            cache[k] = compute(k)
        return cache[k]
    return get
g = memoize_method()
print(g(3, lambda k: k ** 3), g(3, lambda k: 0))
def recursive_inner(n):
    def helper(k):
        return 1 if k <= 1 else k * helper(k - 1)
    return helper(n)
print(recursive_inner(15))
def gen_of_funcs():
    for i in range(3):
        yield lambda: i * 10
print([f() for f in gen_of_funcs()], [f() for f in list(gen_of_funcs())])
