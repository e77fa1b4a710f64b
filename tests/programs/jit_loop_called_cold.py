# A recursive function's rare path taken only after its function trace exists
# (tier jit): its bridge runs an inlined helper's loop and a loop of its own,
# neither hot yet when the bridge is recorded (unrolled there, or waited for),
# hot later.  Checked: the recursion called natively from that bridge at
# several depths, the deepest recursion under a low limit and RecursionError's
# traceback through it, exceptions raised inside the helper's loop (a method
# replaced after the traces exist) crossing the levels, an uncaught-ish one's
# traceback frames.
import sys


class Item:
    __slots__ = ("k", "w")

    def __init__(self, k, w):
        self.k = k
        self.w = w

    def score(self, x):
        a = x * 3 + self.k
        b = (a * a + self.w) % 97
        c = b + a // 7 - self.k
        if c == 1234567:
            raise ValueError(f"bad item {self.k}")
        return c % 5


def scan(items, x):
    # (a loop of a function the trace inlines: long enough to be called)
    n = 0
    for it in items:
        s = it.score(x + n)
        if s == 0:
            n += 1
        n += (x ^ it.k) & 3
        n += s * it.w % 7
    return n


def walk(items, x, depth):
    if x % 8 != 0:
        return x % 5                     # the common path: the function trace's
    total = scan(items, x)               # the rare one: its bridge's
    for it in items:                     # a loop of its own frame
        total += it.score(total) + (it.k & 1)
        total += scan(items, total % 11)
    if depth > 0:
        total += walk(items, x + 8, depth - 1)   # the recursion: a native call
    return total % 1000003


items = [Item(k, k * 7 % 5 + 1) for k in range(6)]

# warm-up on the common path only: the function trace has no loop in it
acc = 0
for i in range(1100):
    acc += walk(items, 2 * i + 1, 2)
print("common", acc)

# the rare path at several depths, now and later (the loops hot by then)
for rnd in range(2):
    acc = 0
    for i in range(150):
        acc = (acc * 31 + walk(items, 8 * i + (i % 3), i % 5)) % 1000003
    print("rare", rnd, acc)


# an exception raised inside the called loop, a few levels down (from the
# 46th call on: a method replaced -- the traces' guards on it fail)
score = Item.score
caught = []
for i in range(60):
    try:
        v = walk(items, 8 * i, 3)
    except ValueError as e:
        caught.append(str(e))
    if i == 45:
        Item.score = lambda self, x, _s=Item.score: (_s(self, x) if self.k != 4 or x % 2
                                                     else int("x%d" % self.k))
print("caught", len(caught), caught[:2])
Item.score = score


def deepest():
    res = []
    for d in range(0, 120, 13):
        try:
            res.append(walk(items, 8, d) % 7)
        except RecursionError as e:
            tb, n = e.__traceback__, 0
            while tb is not None:
                n, tb = n + 1, tb.tb_next
            res.append((type(e).__name__, n))
    return res


sys.setrecursionlimit(120)
for _ in range(3):
    out = deepest()
first = [k for k, x in enumerate(out) if type(x) is tuple]
print("limit", first[:1], out[:3], out[-2:])
sys.setrecursionlimit(1000)

try:
    walk(items, 8, 3)
    Item.score = lambda self, x: 1 // (self.k - 3)
    walk(items, 8, 3)
except ZeroDivisionError as e:
    tb, names = e.__traceback__, []
    while tb is not None:
        names.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    print("uncaught-ish", type(e).__name__, names)
