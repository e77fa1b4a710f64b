# lst.sort(key=f) with a VM key function (pyjit.seethrough.list_sort_key): the list is
# empty while the key runs, keys are computed in order, errors in the key or in a
# comparison, the list modified during the sort, reverse's conversion, and the
# JIT's guard failures (the key's result type changes, another key function, a
# key raising on a later call, reverse switching) in a hot loop of sorts.
import sys


class Rec:
    def __init__(self, i, age, score):
        self.i, self.age, self.score = i, age, score

    def __repr__(self):
        return f"R{self.i}"


def make(n, seed):
    out = []
    x = seed
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out.append(Rec(i, 18 + x % 60, (x >> 5) % 1000))
    return out


def checksum(xs):
    t = 0
    for r in xs:
        t = (t * 31 + r.i) % 1000000007
    return t


# a hot loop of sorts: the implementation's key loop is traced, the lambda inlined
total = 0
recs = make(300, 3)
for k in range(40):
    d = list(recs)
    d.sort(key=lambda r: r.score % 97)
    total = (total * 7 + checksum(d)) % 1000000007
    d.sort(key=lambda r: (r.age, -r.score), reverse=k % 2 == 0)
    total = (total * 7 + checksum(d)) % 1000000007
print("hot", total)

# guard failures: the key's result type changes (int -> float -> str -> tuple)
for kind in range(4):
    d = make(60, 11 + kind)
    for rep in range(6):
        if kind == 0:
            d.sort(key=lambda r: r.score)
        elif kind == 1:
            d.sort(key=lambda r: r.score / 7 if rep % 2 else r.score)
        elif kind == 2:
            d.sort(key=lambda r: str(r.score) if rep > 2 else r.score % 10 * 1.5)
        else:
            d.sort(key=lambda r: (r.age, r.i) if rep != 4 else (r.age, -r.i))
    print("kind", kind, checksum(d), d[:3])


def by_age(r):
    return r.age


def by_big(r):
    return r.score * 10**30   # big ints: overflow guards


for f in (by_age, by_big, by_age):
    d = make(50, 5)
    for _ in range(5):
        d.sort(key=f, reverse=True)
    print(f.__name__, checksum(d))

# the list is empty while the key function runs
seen = []
lst = [3, 1, 2]


def peek(x):
    seen.append((len(lst), list(lst)))
    return -x


lst.sort(key=peek)
print(lst, seen)


# an exception in the key function on a later call: the list is back as it was,
# the keys computed so far released, the traceback is the caller's and the key's
class Key:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        if self.v == 13 or other.v == 13:
            raise ArithmeticError("13 compared")
        return self.v < other.v

    def __del__(self):
        print("  key released", self.v, len(watched))


watched = [5, 2, 9, 4]


def key_fail(x):
    if x == 9:
        raise KeyError(x)
    return Key(x)


try:
    watched.sort(key=key_fail)
except KeyError as e:
    print("key error", e, watched, e.__traceback__.tb_next.tb_frame.f_code.co_name)

# an exception in a comparison: the items as the sort left them
for rev in (False, True):
    xs = [8, 13, 1, 7, 3, 2, 6, 13, 0, 5]
    try:
        xs.sort(key=lambda v: Key(v), reverse=rev)
    except ArithmeticError as e:
        print("compare error", rev, e, xs)
watched = list(range(4))
watched.sort(key=Key, reverse=True)
print("sorted keys", watched)

# the list modified during the sort
for how in ("append", "append_pop", "clear", "extend_clear", "none"):
    xs = [4, 2, 3]

    def mod(v, how=how):
        if v == 2:
            if how == "append":
                xs.append(99)
            elif how == "append_pop":
                xs.append(99)
                xs.pop()
            elif how == "clear":
                xs.clear()
            elif how == "extend_clear":
                xs.extend([1, 2])
                xs.clear()
        return v

    try:
        xs.sort(key=mod)
        print(how, "ok", xs)
    except ValueError as e:
        print(how, "ValueError", e, xs)

# reverse's conversion comes before any key call
called = []
for rev in (1.5, 2 ** 100, "x", None, 0, 7, -1):
    xs = [2, 1, 3]
    try:
        xs.sort(key=lambda v: called.append(v) or v, reverse=rev)
        print("reverse", rev, xs)
    except (TypeError, OverflowError) as e:
        print("reverse", repr(rev), type(e).__name__, e)
print("called", called)

# empty and one-item lists, a list subclass, the key called once per item
calls = []
for xs in ([], [1], [2, 1]):
    xs.sort(key=lambda v: calls.append(v) or v)
    print(xs)


class L(list):
    pass


sub = L([3, 1, 2])
sub.sort(key=lambda v: -v)
print(type(sub).__name__, sub, calls)

# stability and identity of the items
pairs = [("b", 1), ("a", 1), ("c", 0), ("d", 0)]
orig = list(pairs)
pairs.sort(key=lambda t: t[1])
print(pairs, all(any(p is q for q in orig) for p in pairs))
print(sys.getrecursionlimit() > 0)

# the bound method (the unspecialized LOAD_METHOD's form, or kept in a variable),
# and sep.join bound
xs = make(20, 9)
m = xs.sort
m(key=lambda r: -r.score)
print("bound", checksum(xs), xs[:2])
j = "-".join
print(j(str(r.i) for r in xs[:5]), j(map(lambda r: str(r.age), xs[:3])))


def once(xs):
    xs.sort(key=lambda r: (r.age % 7, r.i), reverse=True)
    return checksum(xs)


print("once", once(make(100, 21)))

# an uncaught error in the key function: the traceback
xs = [1, 2, 0, 4]
xs.sort(key=lambda v: 10 // v)
