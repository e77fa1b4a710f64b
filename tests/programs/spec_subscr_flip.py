# Tier specialize: BINARY_SUBSCR / STORE_SUBSCR sites whose container and key types
# flip: list/int -> tuple -> dict -> str -> user __getitem__ classes (a VM function,
# replaced on the class mid-loop) -> dict subclasses with __missing__ -> slices; errors.


class Grid:
    def __init__(self, n):
        self.n = n

    def __getitem__(self, k):
        return k * self.n


class Grid2(Grid):
    pass


class DefaultDict(dict):
    def __missing__(self, key):
        return ("missing", key)


class Store:
    def __init__(self):
        self.data = {}

    def __setitem__(self, k, v):
        self.data[k] = v * 2

    def __getitem__(self, k):
        return self.data[k]


class Weird:
    def __getitem__(self, k, extra=1):   # defaults: not the simple shape
        return k + extra


def get(c, k):
    return c[k]


def put(c, k, v):
    c[k] = v


def read_all(items):
    out = []
    for c, k in items:
        try:
            out.append(get(c, k))
        except (IndexError, KeyError, TypeError) as e:
            out.append(type(e).__name__ + ":" + str(e))
    return out


lst = list(range(10))
tup = tuple(range(10, 20))
dct = {i: i * i for i in range(10)}
groups = [
    [(lst, i % 10) for i in range(80)],
    [(lst, -1 - i % 10) for i in range(20)],
    [(tup, i % 10) for i in range(80)],
    [(dct, i % 10) for i in range(80)],
    [("abcdefghij", i % 10) for i in range(80)],
    [(Grid(3), i) for i in range(80)],
    [(Grid2(5), i) for i in range(40)],                 # subclass: another type
    [(DefaultDict(a=1), k) for k in ["a", "b"] * 40],   # dict subclass
    [(lst, slice(1, 4)), (tup, slice(None, None, -3))] * 30,
    [(Weird(), i) for i in range(40)],
    [(lst, 10), (tup, -11), (dct, "nokey"), (5, 0), (lst, "x")] * 12,
    [(lst, True), (lst, 2 ** 70)] * 20,
    [(lst, i % 10) for i in range(80)],
]
for g in groups:
    r = read_all(g)
    print(len(r), r[:3], r[-2:])

# __getitem__ replaced on the class while a site is specialized for it
g = Grid(2)
out = []
for i in range(150):
    if i == 60:
        Grid.__getitem__ = lambda self, k: -k
    if i == 100:
        del Grid.__getitem__
        Grid.__getitem__ = lambda self, k: ("again", k)
    out.append(get(g, i))
print(out[55:62], out[98:103], out[-1])

# an instance attribute named __getitem__ is ignored by the subscript protocol
g.__getitem__ = lambda k: "instance"
print(get(g, 3))


# stores
def write_all(items):
    out = []
    for c, k, v in items:
        try:
            put(c, k, v)
            out.append("ok")
        except (IndexError, TypeError, KeyError) as e:
            out.append(type(e).__name__ + ":" + str(e))
    return out


L = [0] * 10
D = {}
S = Store()
B = bytearray(10)
groups = [
    [(L, i % 10, i) for i in range(80)],
    [(D, i % 7, i) for i in range(80)],
    [(D, ("t", i % 3), i) for i in range(40)],
    [(S, i % 5, i) for i in range(60)],
    [(B, i % 10, i % 256) for i in range(60)],
    [(L, slice(0, 2), [7, 7]), (L, 99, 1), ((1, 2), 0, 1), (L, "k", 1)] * 10,
    [(DefaultDict(), i, i) for i in range(30)],
    [(L, -1, "last")] * 60,
]
for g in groups:
    r = write_all(g)
    print(len(r), r[:2], r[-2:])
print(L, sorted(D.items(), key=repr)[:5], S.data, bytes(B))

# subscript raising inside a specialized form: a traceback with the right position
rows = [[1, 2], [3, 4]] * 30 + [[5]]
total = 0
for r in rows:
    total += r[0] + r[1]
print(total)
