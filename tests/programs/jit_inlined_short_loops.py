"""Tier jit: a loop calling a helper whose own loop runs a few iterations, a
different number on each call (0 to 3).  The helper is inlined with its loop
unrolled; another trip count gets a bridge (before, the first other count made
the helper called from then on: its loop entered from the interpreter on every
call).  With guard failures: a trip count that grows past the short ones late
in the loop (the helper is then called), a break, an exception raised in the
helper's loop on a late iteration, items that change type, a comprehension of
varying size."""


def consume(items, out):
    for c in items:
        if c & 1:
            out.append(c)


def first_big(items, limit):
    for k, v in enumerate(items):
        if v > limit:
            return k
    return -1


def checked_sum(items):
    t = 0
    for v in items:
        if v == 13:
            raise ValueError("unlucky %d" % v)
        t += v
    return t


def short_loops(n):
    groups = [[1, 2], [3], [], [5, 6, 7], [8, 9]]
    out = []
    found = 0
    for i in range(n):
        g = groups[i % 5]
        consume(g, out)
        found += first_big(g, 4)
        found += len([x * 2 for x in g if x != 6])
        if len(out) > 50:
            out.clear()
    return len(out), found


def growing(n):
    # trip counts 0-2, then long ones near the end: the helper is called
    acc = 0
    out = []
    for i in range(n):
        items = list(range(i % 3)) if i < n - 600 else list(range(i % 40))
        consume(items, out)
        acc += len(out)
        out.clear()
    return acc


def raising(n):
    caught = 0
    total = 0
    for i in range(n):
        items = [i % 7, 1, 2][: i % 4]
        if i == n - 3:
            items = [13]
        try:
            total += checked_sum(items)
        except ValueError as e:
            caught += 1
            last = str(e)
    return total, caught, last


def changing_types(n):
    out = []
    total = 0
    for i in range(n):
        items = [i, i + 1][: i % 3] if i < n // 2 else [float(i)][: i % 2]
        for v in items:
            total += v
        consume([int(v) for v in items], out)
        if len(out) > 10:
            out.clear()
    return total, len(out)


print(short_loops(5000))
print(growing(3000))
print(raising(3000))
print(changing_types(4000))
