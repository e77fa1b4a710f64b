"""Tier jit: recordings too long because of what they inline -- the inlined
function that made most of the ops is called natively from then on and the
loop, function or bridge recorded again (jit/record/toolong.py).

``step`` inlines ``mix`` ten times, each ``mix`` inlines ``leaf`` four times:
one iteration of ``main``'s loop is past the trace limit (2000 ops), so
``step`` (then, in ``step``'s own too-long function trace, ``mix``) is called.
A rare path of ``run`` (every 7th item) inlines ``trio`` (twelve ``leaf``)
into a bridge past a bridge's limit (600 ops): ``trio`` is called.  Covered: the callees
mutate an object and a list they are passed (the caller reads them after the
native call), floats and ints, a keyword argument, a guard that fails inside
a called function (another class of item, big ints), an exception raised three
frames down at a later iteration and caught in the loop (its traceback's
lines printed), and one not caught (the program's traceback).
"""
import traceback


class Acc:
    __slots__ = ("a", "b", "log")

    def __init__(self):
        self.a = 0
        self.b = 0.5
        self.log = []


def leaf(acc, x, k):
    acc.a = (acc.a * 31 + x * k + 7) % 1000003
    acc.b = acc.b * 0.75 + (x % 13) * 0.125
    y = acc.a ^ (x << 3)
    z = (y + k) % 97 - (x & 15)
    acc.a = (acc.a + y * 3 - z) % 1000003
    if x == 7777:
        raise ValueError(f"leaf {x}")
    return z + (acc.a & 255)


def mix(acc, x, scale=1):
    t = leaf(acc, x, 1) + leaf(acc, x + 1, 2)
    t += leaf(acc, x + 2, 3) * scale
    t -= leaf(acc, x + 3, 4)
    if x == 5000:
        raise KeyError(x)
    acc.log.append(t & 7)
    return t


def step(acc, x):
    s = mix(acc, x) + mix(acc, x * 2, scale=2)
    s += mix(acc, x + 5) - mix(acc, x + 9, scale=3)
    s ^= mix(acc, x + 11) + mix(acc, x + 13)
    s -= mix(acc, x + 17, scale=2) + mix(acc, x + 19)
    s += mix(acc, x + 23) ^ mix(acc, x + 29, scale=3)
    return s % 65521


def trio(acc, x):
    a = leaf(acc, x, 5) - leaf(acc, x + 7, 6) + leaf(acc, x + 3, 1) * 2 + leaf(acc, x, 9)
    b = leaf(acc, x * 3, 2) - leaf(acc, x + 4, 3) + leaf(acc, x - 5, 4) + leaf(acc, x, 7)
    c = leaf(acc, x ^ 6, 1) + leaf(acc, x + 7, 1) - leaf(acc, x + 8, 2) + leaf(acc, x | 9, 3)
    return (a * 3 + b * 5 + c) % 99991


def main(n, start=0):
    acc = Acc()
    total = 0
    for i in range(start, start + n):
        try:
            total = (total * 7 + step(acc, i)) % 1000000007
        except (KeyError, ValueError) as e:
            print("caught", repr(e), [l.lineno for l in traceback.extract_tb(e.__traceback__)])
    return total, acc.a, round(acc.b, 9), sum(acc.log), len(acc.log)


def run(items):
    acc = Acc()
    t = 0
    for k, x in enumerate(items):
        if k % 7 == 6:
            t += trio(acc, x)
        else:
            t += x % 11
    return t, acc.a, round(acc.b, 6)


print(main(40))
print(main(30, start=4990))   # (mix raises KeyError at x == 5000: caught in the loop)
print(main(20, start=7765))   # (leaf raises ValueError at x == 7777: caught)
print(run(list(range(120))))
print(run([10 ** 20 + k for k in range(60)]))   # (big ints: guards fail in the callees)
print(main(12, start=2 ** 40))
print(mix(Acc(), 5000))       # (uncaught: the program's traceback)
