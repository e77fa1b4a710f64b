"""Unpacking: tuples, starred targets, nested, in for loops, starred in calls and literals, errors."""
a, b = 1, 2
a, b = b, a
print(a, b)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "hello"
print(init, last)
h, *mid, t = range(6)
print(h, mid, t)
x, *y = [1]
print(x, y)
(p, q), r = (1, 2), 3
print(p, q, r)
[m, (n, *o)], s = [[1, (2, 3, 4)], 5]
print(m, n, o, s)
for i, (k, v) in enumerate({"a": 1, "b": 2}.items()):
    print(i, k, v)
for hd, *tl in [(1, 2, 3), (4,), (5, 6)]:
    print(hd, tl)
def f(*args, **kw):
    return args, kw
print(f(*[1, 2], *(3,), 4, *range(2)))
print(f(**{"a": 1}, b=2, **{"c": 3}))
print([*range(3), *"ab", 9], (*[1, 2], 3), {*[1, 2], *{3}}, {**{"a": 1}, "b": 2, **{"a": 3}})
print(*[1, 2, 3], sep="-")
for bad in [[1, 2, 3], [1]]:
    try:
        u, w = bad
    except ValueError as e:
        print("ValueError:", e)
try:
    a1, a2, *a3 = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    f(**{"a": 1}, a=2)
except TypeError as e:
    print("TypeError:", e)
try:
    x1, x2 = 5
except TypeError as e:
    print("TypeError:", e)
d = {}
d["a"], d["b"] = 1, 2
class O: pass
o = O()
o.x, o.y = "xy"
L = [0, 0, 0]
L[0], L[2] = 7, 9
print(d, o.x, o.y, L)
i, L[i] = 1, 5
print(i, L)
total = 0
pairs = [(i, i * 2, i * 3) for i in range(3000)]
for a, *bc in pairs:
    total += a + bc[0] - bc[1]
print(total)
a = b = c = 0
a, b = b, c = 1, 2
print(a, b, c)
print(dict([("a", 1), ("b", 2)]), list(zip(*[(1, "a"), (2, "b")])))
