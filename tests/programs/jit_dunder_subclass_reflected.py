"""Tier jit: ``a + b`` / ``a < b`` recorded with both operands of one program
class, then run with ``b`` of a subclass that overrides the reflected method:
CPython calls ``b.__radd__`` / ``b.__gt__`` first (binary_op1,
do_richcompare).  The trace inlining (or calling natively) ``a``'s method
must guard ``b``'s class too (record/dunders.py) -- it did not: the subclass's
method was skipped."""


class A:
    def __init__(self, v):
        self.v = v

    def __add__(self, o):
        return A(self.v + o.v)

    def __radd__(self, o):
        return A(self.v * 1000)

    def __lt__(self, o):
        return self.v < o.v

    def __gt__(self, o):
        return self.v > o.v


class B(A):
    def __radd__(self, o):
        return A(-1)

    def __gt__(self, o):
        return "B.__gt__"


class C(A):
    pass     # (no override: A's methods, in A's order)


def sums(items):
    t = A(0)
    out = []
    for x in items:
        t = t + x
        out.append(t.v)
    return out


def compares(items):
    t = A(10)
    return [t < x for x in items]


items = [A(i) for i in range(20)] + [B(5), C(2)] + [A(1)] * 5 + [B(3)]
print(sums(items))
print(compares(items))
