"""Tier jit: globals, class attributes and builtins mutated by code called from
a compiled loop are seen immediately."""

SCALE = 1


def bump(i):
    global SCALE
    if i == 1500:
        SCALE = 10


def scaled(n):
    t = 0
    for i in range(n):
        bump(i)
        t += SCALE
    return t


print(scaled(3000))


class Shape:
    sides = 3

    def area(self):
        return self.sides * 2


def change_class(i):
    if i == 1000:
        Shape.sides = 5
    if i == 2000:
        Shape.area = lambda self: -1


def total_area(n):
    s = Shape()
    t = 0
    for i in range(n):
        change_class(i)
        t += s.area()
    return t


print(total_area(3000))


def shadow_len(n):
    import builtins
    t = 0
    for i in range(n):
        if i == 1500:
            builtins.len = lambda x: 100
        t += len("ab")
    del builtins.len
    return t


import builtins as _b
_real_len = _b.len
try:
    print(shadow_len(3000))
finally:
    _b.len = _real_len


def code_swap(n):
    def f():
        return 1

    def g():
        return 2
    t = 0
    for i in range(n):
        if i == 1500:
            f.__code__ = g.__code__
        t += f()
    return t


print(code_swap(3000))


def defaults_swap(n):
    def f(x=1):
        return x
    t = 0
    for i in range(n):
        if i == 1500:
            f.__defaults__ = (7,)
        t += f()
    return t


print(defaults_swap(3000))


class Obj:
    pass


def class_assign(n):
    class A:
        def v(self):
            return 1

    class B:
        def v(self):
            return 2
    o = A()
    t = 0
    for i in range(n):
        if i == 1500:
            o.__class__ = B
        t += o.v()
    return t


print(class_assign(3000))
