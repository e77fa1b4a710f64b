# Tier specialize: PRECALL/CALL sites whose callables change shape: functions with
# and without defaults whose __defaults__/__code__ are replaced mid-loop, the same
# function reached with and without a self, bound methods, classes, builtins
# (len/isinstance/str/tuple/type rebound), keyword calls, *args functions.


def two(a, b):
    return ("two", a, b)


def with_defaults(a, b=10, c=20):
    return ("wd", a, b, c)


def star(*args):
    return ("star", args)


def kw(a, *, k=1):
    return ("kw", a, k)


def other_code(a, b):
    return ("other code", b, a)


def call2(f, x, y):
    return f(x, y)


def call1(f, x):
    return f(x)


def run(fn, calls):
    out = []
    for args in calls:
        try:
            out.append(fn(*args))
        except TypeError as e:
            out.append("TypeError: " + str(e))
    return out


r = run(call2, [(two, i, -i) for i in range(40)] + [(with_defaults, i, 0) for i in range(40)]
        + [(star, i, i) for i in range(30)] + [(max, i, 3) for i in range(30)]
        + [(kw, 1, 2)] * 3 + [(two, 1, 2)] * 40)
print(r[0], r[39], r[40], r[79], r[80], r[110], r[140], r[-1])

r = run(call1, [(with_defaults, i) for i in range(40)] + [(two, i) for i in range(5)]
        + [(len, "abc"), (str, 5), (tuple, "ab"), (type, 1.5), (abs, -3)] * 20)
print(r[0], r[39], r[40], r[45:50], r[-1])

# __defaults__ and __code__ replaced while a site is specialized on the function
out = []
for i in range(160):
    if i == 40:
        with_defaults.__defaults__ = (-1, -2)
    if i == 80:
        with_defaults.__defaults__ = None
    if i == 120:
        with_defaults.__defaults__ = (7, 8)
    try:
        out.append(call1(with_defaults, i))
    except TypeError as e:
        out.append(str(e))
print(out[39:41], out[79:81], out[119:121])

out = []
for i in range(120):
    if i == 60:
        two.__code__ = other_code.__code__
    out.append(call2(two, i, "x"))
print(out[59:61])


# the same function reached with and without a self at one site
class C:
    def f(a, b):
        return ("C.f", type(a).__name__, b)

    def g(self, x, y=5):
        return ("C.g", type(self).__name__, x, y)


def via_attr(o, x):
    return o.f(x)


def via_attr_g(o, x):
    return o.g(x)


out = []
for o in [C()] * 40 + [C] * 10 + [C()] * 10:
    try:
        out.append(via_attr(o, 1))
    except (TypeError, UnboundLocalError) as e:
        out.append(type(e).__name__ + ": " + str(e))
print(out[38:42], out[-1])

out = []
for o in [C] * 40 + [C()] * 10:
    try:
        out.append(o.f(C(), 2))
    except TypeError as e:
        out.append(type(e).__name__ + ": " + str(e))
print(out[38:42])

out = []
for o in [C()] * 40 + [C] * 10:
    try:
        out.append(via_attr_g(o, 3))
    except (TypeError, UnboundLocalError) as e:
        out.append(type(e).__name__ + ": " + str(e))
print(out[38:42])

# bound methods stored and called later (PRECALL_BOUND_METHOD), then other callables
c = C()
callables = [c.g] * 40 + [C.g.__get__(C())] * 10 + [lambda x: ("lambda", x)] * 10 \
    + [[].append] * 10 + [print.__call__ if False else abs] * 10
out = run(call1, [(f, -i) for i, f in enumerate(callables)])
print(out[0], out[45], out[55], out[65], out[-1])


# classes as callables
class Point:
    def __init__(self, x):
        self.x = x

    def __repr__(self):
        return f"Point({self.x})"


class NoInit:
    pass


class NewOnly:
    def __new__(cls, x):
        return ("NewOnly", x)


out = run(call1, [(Point, i) for i in range(40)] + [(NewOnly, i) for i in range(20)]
          + [(int, "7"), (float, "1.5"), (list, "ab"), (NoInit, 1)] * 10)
print(out[0], out[40], out[60:64])


# builtins rebound in the module while their call sites are specialized
def uses_builtins(x):
    return (len(x), isinstance(x, list), str(len(x)), tuple(x)[:1], type(x).__name__)


out = []
for i in range(200):
    if i == 50:
        len = lambda x: -1                               # noqa: E731
    if i == 80:
        isinstance = lambda a, b: "patched isinstance"   # noqa: E731
    if i == 110:
        del len
    if i == 140:
        del isinstance
        str = repr
    if i == 170:
        del str
    out.append(uses_builtins("ab" if i % 2 else ["a", "b", "c"]))
print(out[49:51], out[79:81], out[109:111], out[139:141], out[169:171])


# keyword calls at a site that also sees positional calls of the same function
def k2(a, b=0):
    return a - b


out = []
for i in range(100):
    out.append(k2(i, b=1) if i % 3 else k2(i))
    out.append(k2(b=i, a=1))
print(sum(out), out[:6])


# recursion through a specialized call site
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(18))
fib_real = fib
fib = lambda n: 1000                                      # noqa: E731
print(fib_real(5))
