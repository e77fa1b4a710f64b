"""Calls of every shape in hot loops -- keywords, defaults, keyword-only
parameters, *args, **kwargs, f(*a, **k), bound methods, callable objects,
functools.partial -- and the changes that must leave a trace: defaults and
keyword defaults changed (replaced or mutated in place), a function rebound,
a call that stops binding on a later iteration."""

import functools


def pos(a, b, c=10):
    return a + b * c


def kwonly(a, *, k=2, m):
    return a * k + m


def star(a, *args, **kwargs):
    return a + len(args) * 100 + sum(kwargs.values()) + len(kwargs)


def mixed(a, b=1, *rest, c, d=4, **kw):
    return (a, b, rest, c, d, sorted(kw.items()))


class Acc:
    def __init__(self):
        self.total = 0

    def add(self, v, *, scale=1):
        self.total += v * scale
        return self.total

    def __call__(self, v, w=0):
        return v - w


def shapes(n):
    t = 0
    acc = Acc()
    p = functools.partial(pos, 1, c=3)
    q = functools.partial(star, 5, 6, x=1)
    last = None
    for i in range(n):
        t += pos(i, 2) + pos(i, b=3) + pos(c=1, b=2, a=i) + pos(*(i, 1)) + pos(**{"a": i, "b": 2})
        t += kwonly(i, m=1) + kwonly(i, k=3, m=2)
        t += star(i) + star(i, 1, 2) + star(i, x=1, y=2) + star(*[i, 2, 3], **{"z": 4})
        last = mixed(i, 2, 3, 4, c=5, e=6, f=7)
        t += acc.add(i) + acc.add(1, scale=2)
        t += acc(i) + acc(i, w=2)
        t += p(i) + q(7, y=2)
        args = (i, 9)
        kw = {"c": 2}
        t += pos(*args, **kw)
    return t, last


print("shapes", shapes(200))


def defaults_change(n):
    t = 0
    for i in range(n):
        t += pos(i, 1)
        t += kwonly(1, m=i)
        if i == 60:
            pos.__defaults__ = (100,)
        if i == 90:
            kwonly.__kwdefaults__["k"] = 7          # mutated in place
        if i == 120:
            kwonly.__kwdefaults__ = {"k": 9}         # replaced
    return t


print("defaults", defaults_change(150))
pos.__defaults__ = (10,)


def helper(x):
    return x + 1


def rebinding(n):
    global helper
    t = 0
    for i in range(n):
        t += helper(i)
        if i == 40:
            helper = lambda x: x * 2
    return t


print("rebinding", rebinding(80))


def binding_errors(n):
    out = []
    for i in range(n):
        try:
            if i == 70:
                out.append(kwonly(i))                 # m missing
            elif i == 71:
                out.append(pos(i, 1, 2, 3))           # too many
            elif i == 72:
                out.append(pos(i, 1, d=2))            # unexpected keyword
            else:
                out.append(pos(i, 1))
        except TypeError as e:
            out.append(str(e))
    return out[68:74]


print("errors", binding_errors(80))


def method_values(n):
    acc = Acc()
    adders = [acc.add, Acc().add]
    t = 0
    for i in range(n):
        t += adders[i % 2](i)
    return t


print("methods", method_values(100))


def deep(n):
    def l1(x):
        return l2(x) + 1

    def l2(x):
        return l3(x) * 2

    def l3(x):
        return x - 1
    t = 0
    for i in range(n):
        t += l1(i)
    return t


print("deep", deep(100))


def failing_callee(x):
    return 10 // (x - 50)


def raising(n):
    t = 0
    for i in range(n):
        t += failing_callee(i)
    return t


raising(100)
