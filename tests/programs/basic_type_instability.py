"""Loops whose values change type midway (int -> float -> str -> user class), to exercise deoptimization paths."""
class Num:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        return Num(self.v + (o.v if isinstance(o, Num) else o))
    __radd__ = __add__
    def __lt__(self, o):
        return self.v < (o.v if isinstance(o, Num) else o)
    def __repr__(self):
        return f"Num({self.v})"
values = [1] * 1000 + [2.5] * 1000 + [True] * 500 + [Num(3)] * 500
total = 0
for v in values:
    total = total + v
print(total, type(total).__name__)
acc = []
for i in range(3000):
    if i < 1000:
        x = i
    elif i < 2000:
        x = float(i)
    else:
        x = str(i)
    acc.append(x * 2)
print(acc[999], acc[1000], acc[2000], acc[-1], len(acc))
def poly(a, b):
    return a + b
res = []
for i in range(3000):
    kind = i % 4
    if kind == 0:
        res.append(poly(i, 1))
    elif kind == 1:
        res.append(poly(float(i), 0.5))
    elif kind == 2:
        res.append(poly(str(i), "!"))
    else:
        res.append(poly([i], [0]))
print(res[:8], res[-4:])
mixed = [3, 1.5, 2, 0.25, True, -1, 7 // 2, 10 / 4]
print(sorted(mixed), sum(mixed), max(mixed), min(mixed))
x = 0
for i in range(3000):
    if i == 1500:
        x = float(x)
    if i == 2500:
        x = Num(x)
    x = x + 1
print(x)
class A:
    def val(self):
        return 1
class B:
    def val(self):
        return 2.0
class C(A):
    def val(self):
        return "c"
objs = [A()] * 1000 + [B()] * 1000 + [C()] * 1000
s_int, s_float, s_str = 0, 0.0, ""
for o in objs:
    v = o.val()
    if isinstance(v, int):
        s_int += v
    elif isinstance(v, float):
        s_float += v
    else:
        s_str += v
print(s_int, s_float, len(s_str))
class Shape:
    pass
shapes = []
for i in range(3000):
    sh = Shape()
    if i % 3 == 0:
        sh.a = i
    if i % 5 == 0:
        sh.b = i
    sh.c = i
    shapes.append(sh)
print(sum(getattr(s, "a", 0) + getattr(s, "b", 0) + s.c for s in shapes))
A.val = lambda self: 100
print(sum(o.val() if not isinstance(o, (B, C)) else 0 for o in objs))
def f(x):
    return x * 2
g = f
r = 0
for i in range(3000):
    if i == 2000:
        def f(x):
            return x * 3
    r += f(1)
print(r)
