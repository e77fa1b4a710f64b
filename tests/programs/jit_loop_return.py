"""Tier jit: loops whose paths return from the loop's own frame (a search's
``return i``).  The path that returns is a bridge of the loop's trace ending
where the frame returns (``finish``); before, its recording aborted ("return
from the loop's frame") and the guard that kept failing dropped the loop.
Covered: a return after a comparison, from inside a nested loop, from a
``with`` block and a ``try/finally`` (their exit code runs on the way out), a
return of an object the loop built, a variable read only on the returning
path (a slot the loop's trace never touched), a ``while`` loop, a loop entered
from host code (map) -- and guard failures on the returning path: the value
returned changes type, the key is never found, an exception in the loop.
Each function is called both from a loop that inlines it and from ``each``,
whose loop stays interpreted (``locals()`` stops its recordings), so that the
functions' own loops are traced and entered from the interpreter."""


def each(fn, argsets):
    out = []
    for args in argsets:
        out.append(fn(*args))
        locals()
    return out


def find(xs, k):
    for i, x in enumerate(xs):
        if x == k:
            return i
    return -1


def find_pair(rows, k):
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v == k:
                return (r, c)
    return None


class Log:
    def __init__(self):
        self.n = 0

    def __enter__(self):
        self.n += 1
        return self

    def __exit__(self, *exc):
        self.n += 10
        return False


def with_return(xs, k, log):
    for x in xs:
        with log:
            if x > k:
                return x * 2
    return None


def finally_return(xs, k, seen):
    for x in xs:
        try:
            if x % k == 0 and x:
                return x
        finally:
            seen.append(x)
    return -1


def build(xs, limit):
    acc = []
    for x in xs:
        acc.append(x + 0.5)
        if len(acc) >= limit:
            return acc
    return None


def late_read(xs, k, label):
    # ``label`` is read only on the path that returns
    for x in xs:
        if x == k:
            return label + str(x)
    return ""


def countdown(n, stop):
    while n > 0:
        n -= 3
        if n % 7 == stop:
            return n
    return n


def typed(xs, k):
    for x in xs:
        if x >= k:
            return x        # an int, then a float, then a str's length
    return None


def raiser(xs, bad):
    for x in xs:
        if x == bad:
            return 10 // (x - bad)   # ZeroDivisionError on the returning path
    return 0


def main():
    xs = list(range(40))
    total = 0
    for i in range(400):
        total += find(xs, (i * 7) % 45)
    print("find", total)

    rows = [[r * 10 + c for c in range(6)] for r in range(5)]
    hits = [find_pair(rows, (i * 13) % 70) for i in range(300)]
    print("pair", hits[:5], hits.count(None))

    log = Log()
    s = 0
    for i in range(300):
        v = with_return(range(12), i % 15, log)
        s += v if v is not None else 1
    print("with", s, log.n)

    seen = []
    t = 0
    for i in range(300):
        t += finally_return(range(1, 20), 3 + i % 9, seen)
    print("finally", t, len(seen), sum(seen))

    lens = 0
    last = None
    for i in range(300):
        last = build(range(30), 3 + i % 40)
        lens += len(last) if last is not None else -1
    print("build", lens, last)

    out = []
    for i in range(300):
        out.append(late_read(range(20), i % 25, "hit-"))
    print("late", out[:6], out.count(""))

    print("while", sum(countdown(200 + i, i % 7) for i in range(300)))

    got = []
    for i in range(300):
        vals = [1, 2, 3, 4.5, 6.5] if i < 200 else [1, 2, 3, 4, 5]
        got.append(typed(vals, 4 if i % 3 else 100))
    print("typed", got[:4], got[-4:], got.count(None))

    print("map", sum(map(find, [xs] * 300, [(i * 5) % 50 for i in range(300)])))

    print("each", sum(each(find, [(xs, (i * 7) % 45) for i in range(300)])))
    print("each", each(find_pair, [(rows, (i * 13) % 70) for i in range(300)])[-5:])
    print("each", each(with_return, [(range(12), i % 15, log) for i in range(300)])[-5:], log.n)
    print("each", sum(each(finally_return, [(range(1, 20), 3 + i % 9, seen)
                                            for i in range(300)])), len(seen))
    print("each", each(build, [(range(30), 3 + i % 40) for i in range(300)])[-1])
    print("each", each(late_read, [(range(20), i % 25, "at-") for i in range(300)])[-6:])
    print("each", sum(each(countdown, [(200 + i, i % 7) for i in range(300)])))
    try:   # (a str compared on the 201st call: TypeError inside the loop)
        each(typed, [([1, 2, 3, 4.5, 6.5] if i < 200 else [1, 2, "x", 4, 5], 4)
                     for i in range(260)])
    except TypeError as e:
        print("each", e)

    caught = 0
    for i in range(300):
        try:
            raiser(range(20), 25 if i < 250 else 7)
        except ZeroDivisionError as e:
            caught += 1
            last_err = str(e)
    print("raised", caught, last_err)


main()
