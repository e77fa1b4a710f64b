"""Bound/unbound methods, method objects, __get__ of functions, calling through the class, methods stored in instances."""
import types
class A:
    x = 10
    def meth(self, y):
        return self.x + y
a = A()
m = a.meth
print(m(5), A.meth(a, 5), m.__self__ is a, m.__func__ is A.meth, m == a.meth, type(m).__name__)
a.x = 100
print(m(1))
def free(self, z):
    return ("free", self.x, z)
A.free = free
print(a.free(3))
a.inst_fn = free
print(a.inst_fn(a, 4))
bound = free.__get__(a, A)
print(bound(5), isinstance(bound, types.MethodType))
mt = types.MethodType(free, a)
print(mt(6))
class B(A):
    def meth(self, y):
        return "B" + str(super().meth(y))
b = B()
print(b.meth(1), A.meth(b, 1), B.__dict__["meth"](b, 2))
print(getattr(b, "meth")(3), list(map(b.meth, [1, 2])))
class Counter:
    def __init__(self):
        self.n = 0
    def bump(self):
        self.n += 1
        return self
c = Counter()
bump = c.bump
for _ in range(3000):
    bump()
print(c.n, c.bump().bump().n)
print(A.meth.__get__(None, A) is A.meth)
class WithCall:
    def __call__(self, v):
        return v * 2
A.callable_attr = WithCall()
print(a.callable_attr(21))
A.sm = staticmethod(free)
print(a.sm(a, 7))
A.cm = classmethod(lambda cls, v: (cls.__name__, v))
print(a.cm(1), B.cm(2), b.cm(3))
unbound = [A.meth, B.meth]
print([f(b, 0) for f in unbound])
print(str.upper("abc"), "abc".upper.__self__, list.append.__name__, [].append.__qualname__)
