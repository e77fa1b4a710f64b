# Keyword calls in hot loops (issue #11): a recording that aborts at a CALL after
# its KW_NAMES, or a trace left there, must leave the interpreter the keyword
# names.  Every call shape, each in a loop hot enough to be recorded.


def f(a, b=2, *, c=3):
    return a + b + c


def kwonly(*, x, y=10):
    return x * 2 + y


def star(*args, **kw):
    return len(args) * 100 + sum(args) + sum(kw.values()) + len(kw)


def dkw(a, **kw):
    return a + kw.get("z", -1)


class Acc:
    def __init__(self, start, *, step=1):
        self.total = start
        self.step = step

    def add(self, v, *, scale=1):
        self.total += v * scale * self.step
        return self.total


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x=0, y=0):
        self.x = x
        self.y = y


def loop_kwonly(n):
    s = 0
    for i in range(n):
        s += f(i, c=4)
    return s


def loop_kwonly_only(n):
    s = 0
    for i in range(n):
        s += kwonly(x=i) + kwonly(y=i, x=1)
    return s


def loop_star(n):
    s = 0
    for i in range(n):
        s += star(i, i + 1, k=i) + star(*(i, 2), **{"q": 3})
    return s


def loop_dkw(n):
    s = 0
    for i in range(n):
        s += dkw(i, z=i % 7) + dkw(a=i)
    return s


def loop_methods(n):
    acc = Acc(0, step=2)
    for i in range(n):
        acc.add(i, scale=3)
        acc.add(v=1)
    return acc.total


def loop_classes(n):
    s = 0
    for i in range(n):
        p = Point(y=i, x=1)
        q = Acc(i, step=i % 3)
        s += p.x + p.y + q.step
    return s


def loop_builtin_kw(n):
    out = []
    for i in range(n):
        out.append(sorted([3, 1, i % 5], reverse=True)[0])
        out.append(int("11", base=2 + i % 3))
        out.append(dict(a=i)["a"])
    return sum(out)


def loop_while(n):
    i = 0
    s = 0
    while i < n:
        s += f(i, b=i % 3, c=i % 5)
        i += 1
    return s


def loop_changing(n):
    # the callee's shape changes mid-loop: the keyword call goes on being right
    global f
    s = 0
    old = f
    for i in range(n):
        if i == n // 2:
            f = lambda a, b=7, *, c=0: a * 2 + b - c
        s += f(i, c=4)
    f = old
    return s


N = 3000
print(loop_kwonly(N))
print(loop_kwonly_only(N))
print(loop_star(N))
print(loop_dkw(N))
print(loop_methods(N))
print(loop_classes(N))
print(loop_builtin_kw(N))
print(loop_while(N))
print(loop_changing(N))
print(loop_kwonly(5000))
