"""Calling functions with wrong arguments: the TypeError messages are caught and printed."""
def f(a, b, c=3):
    return a + b + c
def g(x, /, y, *, z):
    return x, y, z
def h(*, k):
    return k
class C:
    def m(self, a):
        return a
    @staticmethod
    def s(a):
        return a
    @classmethod
    def cm(cls, a):
        return a
calls = [
    lambda: f(),
    lambda: f(1),
    lambda: f(1, 2, 3, 4),
    lambda: f(1, 2, d=5),
    lambda: f(1, 2, a=1),
    lambda: f(1, b=2, c=3, a=4),
    lambda: g(x=1, y=2, z=3),
    lambda: g(1, 2, 3),
    lambda: g(1, 2),
    lambda: h(1),
    lambda: h(),
    lambda: h(k=1, j=2),
    lambda: C().m(),
    lambda: C().m(1, 2),
    lambda: C.m(1),
    lambda: C.s(),
    lambda: C.cm(1, 2),
    lambda: C(1),
    lambda: (lambda: 0)(1),
    lambda: (lambda a, *, b: 0)(1, 2),
    lambda: f(**{"a": 1, "b": 2, "zz": 3}),
    lambda: f(*[1, 2, 3, 4, 5]),
    lambda: len(),
    lambda: len(1, 2),
    lambda: "x".join(),
]
for i, call in enumerate(calls):
    try:
        print(i, "ok", call())
    except TypeError as e:
        print(i, "TypeError:", e)
def nested():
    def inner(p, q):
        return p * q
    return inner
try:
    nested()(1)
except TypeError as e:
    print("TypeError:", e)
errors = 0
for i in range(2000):
    try:
        f(*range(i % 5))
    except TypeError:
        errors += 1
print("errors", errors)
