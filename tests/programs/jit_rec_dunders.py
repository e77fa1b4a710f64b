"""Dunder methods of program classes reached from instructions in hot loops --
__add__/__radd__/__iadd__/__mul__/__neg__, __eq__/__lt__, __bool__,
__contains__, __iter__/__next__, __getitem__/__setitem__, __call__ -- and the
outcomes a trace must leave for and finish as CPython does: NotImplemented
(reflected operands, TypeError), __bool__ returning a non-bool, __iter__
returning a non-iterator, StopIteration on a different iteration, an exception
raised inside the method, the method patched."""


class V:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, o):
        if type(o) is not V:
            return NotImplemented
        return V(self.x + o.x, self.y + o.y)

    def __mul__(self, k):
        return V(self.x * k, self.y * k)

    def __rmul__(self, k):
        if k == 99:
            return NotImplemented
        return V(self.x * k, self.y * k)

    def __iadd__(self, o):
        if o == 0:
            return NotImplemented
        return V(self.x + o, self.y + o)

    def __neg__(self):
        return V(-self.x, -self.y)

    def __eq__(self, o):
        return type(o) is V and self.x == o.x and self.y == o.y

    def __lt__(self, o):
        if type(o) is not V:
            return NotImplemented
        return self.x < o.x

    def __gt__(self, o):
        return self.x > o.x

    def __bool__(self):
        return self.x != 0 if self.x != 77 else 1

    def __contains__(self, v):
        return v == self.x

    def __iter__(self):
        return iter((self.x, self.y))

    def __repr__(self):
        return f"V({self.x}, {self.y})"


def arithmetic(n):
    p = V(0, 0)
    t = 0
    out = []
    for i in range(n):
        p = p + V(i, 1) * 2
        q = 3 * -p
        w = V(1, 1)
        w += i + 1
        t += q.x + w.x
        for other in (V(1, 1), 1.5, "s"):
            try:
                out.append(p + other)
            except TypeError as e:
                out.append(str(e))
        try:
            out.append((99 if i == 150 else 2) * w)
        except TypeError as e:
            out.append(str(e))
        try:
            w += 0 if i == 160 else 1
        except TypeError as e:
            out.append(str(e))
    return p, t, len(out), sorted(set(o for o in out if isinstance(o, str)))


print("arithmetic", arithmetic(200))


def comparisons(n):
    t = 0
    a = V(5, 0)
    msgs = []
    for i in range(n):
        b = V(i % 10, 0)
        if b < a:
            t += 1
        if b == V(5, 0):
            t += 10
        try:
            if i == 120:
                a < 3
        except TypeError as e:
            msgs.append(str(e))
        if b > a:
            t += 100
    return t, msgs


print("comparisons", comparisons(200))


def truth(n):
    t = 0
    msgs = []
    for i in range(n):
        v = V(i % 3 if i != 177 else 77, 0)
        try:
            if v:
                t += 1
            else:
                t += 2
        except TypeError as e:
            msgs.append(str(e))
        if i in V(i if i % 5 else -1, 0):
            t += 5
    return t, msgs


print("truth", truth(200))


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        if self.n == 1000:
            raise KeyError("deep")
        return self.n


class Bag:
    def __init__(self, items):
        self.items = items

    def __iter__(self):
        if len(self.items) == 7:
            return 7
        return iter(self.items)


def iteration(n):
    t = 0
    msgs = []
    for i in range(n):
        for c in Countdown(i % 4):
            t += c
        try:
            for c in Countdown(1001 if i == 150 else 2):
                t += 1
        except KeyError as e:
            msgs.append(repr(e))
        try:
            for x in Bag(list(range(i % 8))):
                t += x
        except TypeError as e:
            msgs.append(str(e))
        a, b = V(i, 1)
        t += a + b
    return t, sorted(set(msgs))


print("iteration", iteration(200))


class Grid:
    def __init__(self):
        self.cells = {}

    def __setitem__(self, k, v):
        if k == (3, 3):
            raise IndexError("no (3, 3)")
        self.cells[k] = v

    def __getitem__(self, k):
        return self.cells.get(k, 0)

    def __call__(self, x, y=0):
        return self[x, y]


def items(n):
    g = Grid()
    t = 0
    msgs = []
    for i in range(n):
        try:
            g[i % 5, i % 4] = i
        except IndexError as e:
            msgs.append(str(e))
        t += g[i % 5, i % 4] + g(i % 5, y=i % 4)
    return t, len(g.cells), msgs[:2]


print("items", items(200))


def patched(n):
    t = 0
    for i in range(n):
        t += (V(i, 0) + V(1, 1)).x
        if i == 100:
            V.__add__ = lambda self, o: V(0, 0)
    return t


print("patched", patched(150))


def raising(n):
    t = V(0, 0)
    for i in range(n):
        t = t + V(1, 0) * (10 // (i - 90))
    return t


raising(100)
