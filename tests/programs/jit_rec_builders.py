"""f-strings, dict/set/list displays, starred unpacking and the rest of the
BUILD_*/LIST_*/SET_*/DICT_* family in hot loops, with what changes on later
iterations: a value that formats differently, a format spec that fails, a
sequence too short to unpack, an iterator that yields too many items, a
duplicate keyword, a key that is not hashable."""


class Money:
    def __init__(self, v):
        self.v = v

    def __format__(self, spec):
        return f"${self.v:{spec or 'd'}}"

    def __repr__(self):
        return f"Money({self.v})"


def fstrings(n):
    out = []
    for i in range(n):
        m = Money(i)
        s = f"{i}-{i:>4}|{i!r}|{'x' * (i % 3)!s:<3}|{m}|{m!r}|{i / 3:.2f}|{m:03d}"
        out.append(len(s))
        if i == n - 1:
            out.append(s)
    return sum(out[:-1]), out[-1]


print("fstrings", fstrings(300))


def format_errors(n):
    out = []
    for i in range(n):
        v = i if i != 50 else "text"
        try:
            out.append(f"{v:5d}")
        except ValueError as e:
            out.append(str(e))
    return out[48:53]


print("format errors", format_errors(60))


def displays(n):
    t = 0
    for i in range(n):
        d = {"a": i, "b": i + 1, i % 5: "c"}
        d2 = {**d, "z": 0, **{"y": 1}}
        s = {i % 4, i % 6, 1}
        s2 = {*s, *range(3)}
        l = [*range(i % 4), i, *(1, 2)]
        tup = (*l, *s)
        comp = {k: v for k, v in d.items() if k != "a"}
        t += len(d2) + len(s2) + len(l) + len(tup) + len(comp) + d["a"]
    return t


print("displays", displays(300))


def unpacking(n):
    t = 0
    seqs = [(1, 2, 3), [4, 5], (6, 7, 8, 9), [10, 11, 12, 13, 14]]
    for i in range(n):
        a, *b = seqs[i % 4]
        *c, d = seqs[(i + 1) % 4]
        e, *f, g = seqs[(i + 2) % 4]
        x, y = {i: 1, i + 1: 2}                      # a dict: any iterable
        p, q, r = (v * 2 for v in range(3))          # a generator
        t += a + len(b) + len(c) + d + e + len(f) + g + x + y + p + q + r
    return t


print("unpacking", unpacking(300))


def unpack_errors(n):
    out = []
    for i in range(n):
        seq = (1, 2, 3) if i != 40 else (1,)
        try:
            a, b, *c = seq
            out.append(a + b + len(c))
        except ValueError as e:
            out.append(str(e))
        try:
            u, v = iter(range(2 if i != 41 else 3))
            out.append(u + v)
        except ValueError as e:
            out.append(str(e))
    return out[78:85]


print("unpack errors", unpack_errors(60))


def kw_merge(n):
    def f(**kw):
        return len(kw)
    out = []
    for i in range(n):
        extra = {"a": 1} if i != 30 else {"b": 2}
        try:
            out.append(f(b=1, **extra))
        except TypeError as e:
            out.append(str(e))
    return out[28:33]


print("merge", kw_merge(40))


def unhashable(n):
    out = []
    for i in range(n):
        k = i if i != 45 else [i]
        try:
            out.append(len({k: 1, "x": 2}))
        except TypeError as e:
            out.append(str(e))
    return out[43:48]


print("unhashable", unhashable(50))


def join_error(n):
    t = 0
    for i in range(n):
        t += len(f"{i}{'-' * (i - 40) if i < 90 else 1 / (i - 90)}")
    return t


join_error(100)
