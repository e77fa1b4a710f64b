# Tier specialize: UNPACK_SEQUENCE and FOR_ITER sites whose sequences/iterators flip:
# tuple -> list -> str -> generator -> dict views -> user iterables, wrong lengths,
# lists mutated while iterated, iterators shared between loops.


class Pair:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def __iter__(self):
        yield self.a
        yield self.b


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n


def unpack2(seq):
    a, b = seq
    return a, b


def unpack3(seq):
    a, b, c = seq
    return c, b, a


def run(fn, seqs):
    out = []
    for s in seqs:
        try:
            out.append(fn(s))
        except (ValueError, TypeError) as e:
            out.append(type(e).__name__ + ": " + str(e))
    return out


seqs2 = ([(i, -i) for i in range(60)] + [[i, i * 2] for i in range(80)] + ["xy"] * 20
         + [Pair(1, 2)] * 20 + [{"k": 1, "j": 2}] * 10 + [range(2)] * 10
         + [(1, 2, 3), [1], "xyz", 5, (x for x in (7, 8))] * 4 + [(i, i) for i in range(60)])
r = run(unpack2, seqs2)
print(len(r), r[0], r[60], r[139], r[140], r[160], r[180], r[190], r[200:205], r[-1])

seqs3 = ([(1, 2, 3)] * 50 + [[4, 5, 6]] * 50 + [(1, 2)] * 5 + [[1, 2, 3, 4]] * 5
         + [Countdown(3) for _ in range(20)] + [(7, 8, 9)] * 60)
r = run(unpack3, seqs3)
print(len(r), r[0], r[50], r[100], r[105], r[110], r[-1])


# star unpacking and nested unpacking at flipping sites
def nested(seq):
    (a, b), *rest = seq
    return a + b, len(rest)


print(run(nested, [((1, 2), 3, 4)] * 40 + [[[5, 6]]] * 40 + [("ab", "c")] * 5 + [(1,)])[::20])


def total(it):
    t = 0
    for x in it:
        t += x
    return t


def gen(n):
    for i in range(n):
        yield i


iterables = ([range(50)] * 20 + [list(range(50))] * 20 + [tuple(range(50))] * 20
             + [gen(50) for _ in range(20)] + [{i: i for i in range(50)}] * 5
             + [set(range(50))] * 5 + [Countdown(50) for _ in range(5)]
             + [iter(range(50))] * 3 + [range(2 ** 62, 2 ** 62 + 3)] * 3
             + [range(10, 0, -3)] * 20 + [range(50)] * 20)
print([total(it) for it in iterables][::9])


# a list mutated while a specialized FOR_ITER iterates it
lst = list(range(10))
seen = []
for x in lst:
    seen.append(x)
    if x == 3:
        lst.append(99)
    if x == 5:
        del lst[0]
print(seen, lst)

lst = list(range(100))
count = 0
for x in lst:
    count += 1
    if len(lst) > 50:
        lst.pop()
print(count, len(lst))

# one iterator consumed by two loops
it = iter(range(100))
first = []
for x in it:
    first.append(x)
    if x == 40:
        break
rest = [x for x in it]
print(len(first), rest[:3], len(rest))

# the same loop site sees a generator that raises inside
def bad(n):
    for i in range(n):
        if i == 30:
            raise KeyError("gen failed")
        yield i


for src in (list(range(60)), bad(60)):
    acc = 0
    try:
        for v in src:
            acc += v
    except KeyError as e:
        print("KeyError", e, acc)
    else:
        print("done", acc)

# uncaught error raised by an unpack at a specialized site: traceback position
pairs = [(i, i) for i in range(60)] + [(1, 2, 3)]
s = 0
for a, b in pairs:
    s += a - b
print(s)
