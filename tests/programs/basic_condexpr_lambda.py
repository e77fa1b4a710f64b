"""Conditional expressions, boolean short-circuit values, lambdas (defaults, closures, immediately called)."""
def t(x, tag):
    print("eval", tag, end=" ")
    return x
for v in [0, 1, -1, 5]:
    print("pos" if v > 0 else "zero" if v == 0 else "neg")
print(t(0, "a") or t("", "b") or t("c", "c") or t("d", "d"))
print(t(1, "a") and t([], "b") and t(2, "c"))
print(t(None, "x") and t(1, "y"), t(3, "p") or t(4, "q"))
print(not 0, not [1], (1 and 2) or 3, 0 or None, [] or {} or (), "" and 1)
sq = lambda x: x * x
add = lambda a, b=10, *rest, k=1, **kw: a + b + sum(rest) + k + len(kw)
print(sq(7), add(1), add(1, 2), add(1, 2, 3, 4, k=0, z=1), (lambda: "immediate")())
print((lambda *a: a)(1, 2), (lambda **k: sorted(k))(b=1, a=2), (lambda x, /, y: x - y)(5, y=2))
adders = [lambda x, i=i: x + i for i in range(4)]
late = [lambda x: x + i for i in range(4)]
print([f(10) for f in adders], [f(10) for f in late])
compose = lambda f, g: lambda x: f(g(x))
inc = lambda x: x + 1
print(compose(sq, inc)(3), compose(inc, sq)(3))
print(sq.__name__, (lambda: 0).__qualname__, add.__defaults__, add.__kwdefaults__)
fact = lambda n: 1 if n <= 1 else n * fact(n - 1)
print(fact(20))
Y = lambda f: (lambda x: x(x))(lambda y: f(lambda *a: y(y)(*a)))
fib = Y(lambda rec: lambda n: n if n < 2 else rec(n - 1) + rec(n - 2))
print([fib(i) for i in range(15)])
count = 0
for i in range(5000):
    count += (lambda v: v % 3 == 0)(i) if i % 2 else 0
print(count)
data = [("b", 2), ("a", 3), ("c", 1)]
print(sorted(data, key=lambda p: p[1]), max(data, key=lambda p: p[0]), list(map(lambda p: p[0] * p[1], data)))
print(list(filter(lambda x: x % 3 == 0, range(20))))
x = 5
y = 10 if x > 3 else 1 / 0
print(y, (1 / 0 if False else "safe"))
