"""Container dunders: __len__, __getitem__, __setitem__, __delitem__, __contains__, __iter__, __next__, __reversed__, __missing__, __bool__."""
class Grid:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.cells = {}
    def __getitem__(self, key):
        if isinstance(key, tuple):
            x, y = key
            if not (0 <= x < self.w and 0 <= y < self.h):
                raise IndexError(f"cell {key} out of range")
            return self.cells.get(key, ".")
        raise TypeError("need (x, y)")
    def __setitem__(self, key, value):
        self.cells[key] = value
    def __delitem__(self, key):
        del self.cells[key]
    def __len__(self):
        return self.w * self.h
    def __contains__(self, value):
        return value in self.cells.values()
    def __iter__(self):
        for y in range(self.h):
            for x in range(self.w):
                yield self[x, y]
    def __bool__(self):
        return bool(self.cells)
g = Grid(4, 3)
print(len(g), bool(g), "#" in g)
g[1, 1] = "#"
g[2, 0] = "@"
print(bool(g), "#" in g, "".join(g), g[1, 1])
del g[1, 1]
print("#" in g, list(g).count("."))
try:
    g[9, 9]
except IndexError as e:
    print("IndexError:", e)
try:
    g["x"]
except TypeError as e:
    print("TypeError:", e)
class Seq:
    """Only __getitem__ and __len__: iteration, reversed and `in` use the old protocol."""
    def __init__(self, n):
        self.n = n
    def __getitem__(self, i):
        if i >= self.n:
            raise IndexError
        return i * i
    def __len__(self):
        return self.n
s = Seq(6)
print(list(s), 16 in s, 17 in s, list(reversed(s)), sorted(s, reverse=True)[:2], sum(s))
class Countdown:
    def __init__(self, start):
        self.cur = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.cur <= 0:
            raise StopIteration
        self.cur -= 1
        return self.cur + 1
    def __reversed__(self):
        return iter(range(1, self.cur + 1))
print(list(Countdown(5)), list(reversed(Countdown(3))))
it = Countdown(2)
print(next(it), next(it), next(it, "done"))
class DefaultDict(dict):
    def __missing__(self, key):
        self[key] = len(key)
        return self[key]
dd = DefaultDict()
print(dd["abc"], dd["x"], dd)
class LenOnly:
    def __len__(self):
        return 0
print(bool(LenOnly()), not LenOnly())
class BadLen:
    def __len__(self):
        return -1
try:
    len(BadLen())
except ValueError as e:
    print("ValueError:", e)
class Big:
    def __len__(self):
        return 2 ** 70
try:
    len(Big())
except OverflowError as e:
    print("OverflowError:", e)
class Ring:
    def __init__(self, items):
        self.items = list(items)
    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self.items[j % len(self.items)] for j in range(*i.indices(10 ** 6))]
        return self.items[i % len(self.items)]
r = Ring("abc")
total = 0
for i in range(3000):
    total += ord(r[i])
print(total, r[1:8], r[-1])
class Matrix:
    def __init__(self):
        self.d = {}
    def __setitem__(self, k, v):
        print("setitem", k, v)
        self.d[repr(k)] = v
m = Matrix()
m[1, 2] = 3
m[::2] = 4
m[...] = 5
