"""Tier jit: dunder methods and ``__init__`` called natively (record/natively.py).

A loop whose one iteration inlines too much through ``Vec.__add__``,
``Vec.__eq__`` and ``Vec.__init__`` (each inlines ``churn`` several times)
passes the trace limit: those methods are blamed (record/toolong.py) and then
called natively from the loop's trace -- through BINARY_OP, COMPARE_OP and a
class call.  Covered: a guard failing inside a natively called method (an int
field that becomes a big int, a float field that becomes an int), the method
returning NotImplemented (the reflected method, TypeError), ``__eq__``
returning NotImplemented (identity), ``__init__`` returning a value
(TypeError, raised in the caller: not caught in ``__init__``, no entry for it
in the traceback), and exceptions raised inside ``__init__``/``__eq__``/``__add__``
caught in the loop, with their tracebacks' lines.
"""
import traceback


MIX = """
        a = (a * 31 + x * 7 + 3) % 1000003
        b = b * 0.5 + (x % 11) * 0.25
        c = a ^ (x << 2)
        x = (c + a) % 97 - (x & 7)
        a = (a + c - x) % 1000003
        b = b * 0.75 + x * 0.125
"""

# the methods' bodies repeat MIX (no call inside them: each method's own frame
# is what makes a recording long)
SRC = """
class Vec:
    def __init__(self, a, b, mode=0):
        x = a
""" + MIX * 6 + """
        self.a = a
        self.b = b
        if mode == 1:
            raise ValueError(f"init {x}")
        if mode == 2:
            return 5

    def __add__(self, other):
        if type(other) is not Vec and type(other) is not int:
            return NotImplemented
        if type(other) is int:
            if other == 13:
                raise KeyError(other)
            return Vec(self.a + other, self.b)
        a, b, x = self.a, self.b, other.a
""" + MIX * 7 + """
        return Vec(a, b + other.b)

    def __eq__(self, other):
        if type(other) is not Vec:
            return NotImplemented
        if other.a == -1:
            raise LookupError("eq")
        a, b, x = self.a, self.b, other.a
""" + MIX * 7 + """
        return a % 5 == 0

    __hash__ = None
"""
exec(compile(SRC, "vec", "exec"))


class Tag:
    def __radd__(self, other):
        return "tag"


class Odd:
    def __init__(self, k):
        try:
            return k           # the class call's TypeError: not this frame's
        except TypeError:
            print("caught in __init__")


def lines(e):
    return [t.lineno for t in traceback.extract_tb(e.__traceback__)]


def main(n):
    acc = Vec(1, 0.5)
    hits = 0
    for i in range(n):
        v = Vec(i, i * 0.5)
        w = v + acc
        acc = w + Vec(i + 2, 1.5)
        u = acc + v
        if u == v:
            hits += 1
        if w == acc:
            hits += 3
        try:
            if i == 40:
                acc = acc + 13
            elif i == 45:
                Vec(i, 0.5, mode=1)
            elif i == 50:
                acc == Vec(-1, 0.0)
            elif i == 55:
                Vec(i, 0.5, mode=2)
            elif i == 60:
                acc + "x"
            elif i == 62:
                print("radd", acc + Tag())
            elif i == 64:
                print("eq str", acc == "x", acc != "x")
            elif i == 70:
                acc.a = 10 ** 20          # a big int inside the called methods
            elif i == 75:
                acc.b = 3                 # an int where a float was
        except (KeyError, ValueError, LookupError, TypeError) as e:
            print(i, type(e).__name__, e, lines(e))
    return acc.a, round(acc.b, 6), hits


try:
    Odd(7)
except TypeError as e:
    print("Odd", e, lines(e))
def build(n):
    t = 0
    for i in range(n):
        t += Vec(i, 0.5).a + Vec(i + 1, 0.25).a + Vec(i + 2, 0.125).a + Vec(i, 1.0).a
        t += Vec(i + 3, 0.5).a + Vec(i + 5, 0.25).a + Vec(i + 7, 0.125).a + Vec(i, 2.0).a
        if i == 20:
            try:
                Vec(i, 0.5, mode=1)
            except ValueError as e:
                print("build", e, lines(e))
        if i == 25 or i == 31:
            try:
                Vec(i, 0.5, mode=2)
            except TypeError as e:
                print("build", e, lines(e))
    return t


def same(n):
    v, w = Vec(3, 0.5), Vec(4, 0.25)
    k = 0
    for i in range(n):
        w.a = i
        k += (v == w) + (w == v) + (v == v) + (w == w) + (v != w) + (w != v)
        k += (v == w) + (w == v) + (v == v) + (w == w) + (v != w) + (w != v)
        if i == 20:
            w.a = -1
            try:
                v == w
            except LookupError as e:
                print("same", e, lines(e))
    return k


print(main(120))
print(main(30))
print(build(40))
print(same(40))
