"""Closures, cells and comprehensions in hot loops: lambdas and nested defs
made each iteration (with defaults, closures, annotations), nonlocal
variables, cells deleted, comprehensions of every kind (their loop unrolled
into the caller's trace, their trip count changing), generator-free nesting;
and the changes that must leave a trace: a closure variable rebound, a
comprehension over a longer or shorter iterable, a free variable deleted."""


def make_adder(k):
    return lambda x: x + k


def closures(n):
    t = 0
    fns = []
    for i in range(n):
        g = lambda x, d=i: x + d
        h = make_adder(i)
        t += g(1) + h(2)

        def inner(y: int, *, z=3) -> int:
            nonlocal t
            t += y + z
            return t
        inner(1)
        if i % 50 == 0:
            fns.append(g)
    return t, [f(0) for f in fns], inner.__annotations__, g.__defaults__, h.__name__


print("closures", closures(200))


def counter():
    count = 0

    def bump():
        nonlocal count
        count += 1
        return count
    return bump


def cells(n):
    b = counter()
    t = 0
    shared = 0

    def read():
        return shared
    for i in range(n):
        t += b()
        shared = i * 2           # a cell of this frame, stored in the loop
        t += read()
    return t


print("cells", cells(300))


def comprehensions(n):
    t = 0
    for i in range(n):
        sq = [j * j for j in range(i % 6) if j % 2]
        st = {j % 3 for j in range(4)}
        dc = {j: j + i for j in range(3)}
        nested = [[a * b for a in range(2)] for b in range(3)]
        t += sum(sq) + len(st) + dc[2] + nested[2][1]
        t += sum([x for x in (i, i + 1)])
    return t


print("comprehensions", comprehensions(300))


def long_comprehension(n):
    t = 0
    for i in range(n):
        t += len([j for j in range(500 + i % 3)])
    return t


print("long", long_comprehension(60))


def deleted(n):
    out = []
    x = 0

    def get():
        return x
    for i in range(n):
        x = i
        out.append(get())
        if i == 30:
            del x
            try:
                get()
            except NameError as e:
                out.append(str(e))
            x = -1
    return out[29:34]


print("deleted", deleted(40))


def late_rebind(n):
    t = 0
    k = 1
    f = lambda v: v * k
    for i in range(n):
        t += f(i)
        if i == 70:
            k = 3              # the cell the closure reads changes
    return t


print("late", late_rebind(100))


def closure_error(n):
    fs = [lambda x, j=j: 10 // (x - 70) + j for j in range(3)]
    t = 0
    for i in range(n):
        t += fs[i % 3](i + 80 - n)
    return t


closure_error(60)
