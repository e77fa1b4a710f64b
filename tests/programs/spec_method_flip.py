# Tier specialize: LOAD_METHOD + PRECALL + CALL sites whose receivers flip between
# instances with and without __dict__, classes, modules, builtin objects and list
# subclasses, with methods monkeypatched on the class, shadowed by instance
# attributes, and replaced by staticmethods/classmethods/callables mid-loop.
import math
import types


class A:
    def m(self, x):
        return ("A.m", x)


class B(A):
    pass


class S:
    __slots__ = ()

    def m(self, x):
        return ("S.m", x)


class K:
    @classmethod
    def m(cls, x):
        return ("K.m classmethod", cls.__name__, x)


class St:
    @staticmethod
    def m(x):
        return ("St.m static", x)


class CallableAttr:
    class m:          # a class as a "method": calling it makes an instance
        def __init__(self, x):
            self.x = x

        def __repr__(self):
            return f"m-instance({self.x})"


mod = types.ModuleType("mod")
mod.m = lambda x: ("mod.m", x)


class MyList(list):
    def append(self, x):
        list.append(self, x * 100)


def call_m(o, x):
    return o.m(x)


def run(objs):
    out = []
    for i, o in enumerate(objs):
        try:
            out.append(call_m(o, i))
        except (AttributeError, TypeError) as e:
            out.append(type(e).__name__ + ": " + str(e))
    return out


groups = [
    [A()] * 60,
    [B()] * 30,
    [S()] * 30,
    [K(), K] * 20,
    [St(), St] * 20,
    [CallableAttr()] * 20,
    [mod] * 30,
    [A] * 10,                 # A.m(x): unbound, one argument short
    [3, "s"] * 5,
    [A()] * 60,
]
for g in groups:
    r = run(g)
    print(len(r), r[0], r[-1])

# monkeypatching the class under a specialized LOAD_METHOD site
a = A()
out = []
for i in range(200):
    if i == 50:
        A.m = lambda self, x: ("patched", x)
    if i == 100:
        A.m = staticmethod(lambda x: ("static now", x))
    if i == 130:
        A.m = classmethod(lambda cls, x: ("classmethod now", cls.__name__, x))
    if i == 160:
        del A.m
    try:
        out.append(call_m(a, i))
    except AttributeError as e:
        out.append(str(e))
print(out[49:51], out[99:101], out[129:131], out[159:161])
print(call_m(B(), 1) if hasattr(B, "m") else "B has no m")

# a base class changes: the subclass's sites must see it
A.m = lambda self, x: ("A.m again", x)
b = B()
out = []
for i in range(100):
    if i == 50:
        A.m = lambda self, x: ("base patched", x)
    out.append(call_m(b, i))
print(out[49:51])

# an instance attribute shadows the method, then goes away
a = A()
out = []
for i in range(150):
    if i == 50:
        a.m = lambda x: ("instance attr", x)
    if i == 100:
        del a.m
    out.append(call_m(a, i))
print(out[49:51], out[99:101])

# the instance's class changes under the site
a = A()
out = []
for i in range(150):
    if i == 50:
        a.__class__ = B
        B.m = lambda self, x: ("B own", x)
    if i == 100:
        a.__class__ = A
    out.append(call_m(a, i))
print(out[49:51], out[99:101])

# builtin methods on changing receivers
def push(lst, x):
    lst.append(x)
    return len(lst)


lists = [[], MyList(), [], bytearray()]
res = []
for i in range(240):
    lst = lists[(i // 60) % 4]
    res.append(push(lst, i % 200))
print(res[::59], lists[1][:3], len(lists[3]))


def upper_all(items):
    return [s.upper() for s in items]


print(upper_all(["ab"] * 40 + [b"cd"] * 40 + [bytearray(b"ef")])[38:43])


def starts(items, p):
    return [s.startswith(p) for s in items]


print(starts(["abc", "xbc"] * 30 + [("a", "b")] * 0, "a")[-4:])
print(starts([b"abc", b"xbc"] * 30, b"a")[-4:], starts(["abc"] * 40, ("x", "a"))[-1])
try:
    starts(["abc"] * 40 + [b"abc"], "a")
except TypeError as e:
    print("TypeError", e)

# a module function replaced
out = []
for i in range(100):
    if i == 50:
        mod.m = lambda x: ("mod.m v2", x)
    out.append(call_m(mod, i))
print(out[49:51])


def sqrt_all(xs):
    return [math.sqrt(x) for x in xs]


print(sqrt_all(range(60))[-1])
real_sqrt = math.sqrt
math.sqrt = lambda x: -x
print(sqrt_all(range(60))[-1])
math.sqrt = real_sqrt
print(sqrt_all(range(60))[-1])
