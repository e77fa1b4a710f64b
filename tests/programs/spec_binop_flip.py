# Tier specialize: BINARY_OP sites whose operand types flip mid-loop (int -> float ->
# str -> user classes with __add__/__radd__/__iadd__ ...), so every BINARY_OP_* form
# specializes, misses, deopts and re-specializes; results printed at every phase.


class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, o):
        if isinstance(o, Vec):
            return Vec(self.x + o.x, self.y + o.y)
        return Vec(self.x + o, self.y + o)

    def __radd__(self, o):
        return Vec(o + self.x, o + self.y)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __rmul__(self, k):
        return Vec(k * self.x, k * self.y)

    def __repr__(self):
        return f"Vec({self.x!r}, {self.y!r})"


class Acc:
    """In-place add that mutates and returns self."""
    def __init__(self):
        self.items = []

    def __iadd__(self, o):
        self.items.append(o)
        return self

    def __repr__(self):
        return f"Acc({len(self.items)})"


class MyInt(int):
    def __add__(self, o):
        return MyInt(int(self) + int(o) + 1000)

    __radd__ = __add__


class MyStr(str):
    pass


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def iadd(a, b):
    a += b
    return a


def mixed_loop(values):
    out = []
    for a, b in values:
        out.append((add(a, b), sub(a, b) if not isinstance(a, str) else None,
                    mul(a, 2) if not isinstance(a, Acc) else None))
    return out


def phases():
    groups = [
        [(i, i + 1) for i in range(70)],
        [(i + 0.5, i * 0.25) for i in range(70)],
        [(2 ** 70 + i, -i) for i in range(70)],             # big ints: still exactly int
        [(True, i) for i in range(60)],                     # bool + int: not both int
        [(i, 0.5) for i in range(60)],                      # mixed int/float
        [(MyInt(i), i) for i in range(60)],                 # int subclass overriding __add__
        [(Vec(i, -i), Vec(1, 2)) for i in range(60)],
        [(1.5, float("inf")), (float("nan"), 1.0), (-0.0, 0.0)] * 20,
        [(i, i) for i in range(70)],                        # back to int
    ]
    for g in groups:
        res = mixed_loop(g)
        print(len(res), res[0], res[-1])


def strings():
    s = ""
    for i in range(150):
        s = s + str(i % 10)           # BINARY_OP_ADD_UNICODE
        t = s
        t += "x"                      # BINARY_OP_INPLACE_ADD_UNICODE (next is STORE_FAST)
        if i == 100:
            s = MyStr(s)              # str subclass: generic from now on
    print(len(s), s[-20:], type(s).__name__, t[-3:])
    parts = ["a", "b", 3, "c", 4.5, "d"] * 30
    acc = ""
    for p in parts:
        try:
            acc += p
        except TypeError as e:
            acc += "<" + type(p).__name__ + ">"
            last = str(e)
    print(len(acc), acc[:40], last)


def inplace_objects():
    acc = Acc()
    n = 0
    for i in range(120):
        acc = iadd(acc, i)            # user __iadd__ at a site warmed on ints
        n = iadd(n, i)
    print(acc, n)
    lst = []
    for i in range(100):
        lst = iadd(lst, [i])          # list += list: in place
    print(len(lst), lst[-3:])


def arithmetic_ops():
    # every operator at a site whose types change
    ops = [lambda a, b: a // b, lambda a, b: a % b, lambda a, b: a ** b,
           lambda a, b: a / b, lambda a, b: a << b, lambda a, b: a & b,
           lambda a, b: a | b, lambda a, b: a ^ b, lambda a, b: a >> b]
    for op in ops:
        out = []
        for a, b in [(7, 3)] * 40 + [(7.5, 2.0)] * 40 + [(-7, 2)] * 40 + [(2 ** 80, 5)] * 10:
            try:
                out.append(op(a, b))
            except TypeError as e:
                out.append(type(e).__name__)
        print(out[0], out[45], out[85], out[-1])
    for a, b in [(1, 0), (1.0, 0.0), (5, 0)]:
        for _ in range(30):
            try:
                a // b
            except ZeroDivisionError as e:
                msg = str(e)
        print(msg)


def overflowing_multiply():
    x = 1
    y = 1.0
    for i in range(1, 200):
        x = x * 3 + i        # grows past 64 bits: still int
        y = y * 3.0 + i      # grows to inf
    print(x % 1000003, x.bit_length(), y)


phases()
strings()
inplace_objects()
arithmetic_ops()
overflowing_multiply()
