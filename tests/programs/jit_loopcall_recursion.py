# Recursion through functions that contain loops (tier jit, issue #13: call_loop,
# jit/loopcall.py): a function trace runs the prologue and first iteration, then
# the loop's own code; the loop's recursive call is a native call of the function.
# for and while loops, early returns from inside the loop, exceptions raised in
# the loop at depth (caught a few levels up, and uncaught: one traceback entry
# per level), guard failures at depth, generators and comprehensions in the
# body, the recursion limit reached inside, locals the loop never reads.
import sys


def solve(n, row, cols, d1, d2, out):
    if row == n:
        out.append(1)
        return
    for col in range(n):
        if col in cols or (row + col) in d1 or (row - col) in d2:
            continue
        cols.add(col)
        d1.add(row + col)
        d2.add(row - col)
        solve(n, row + 1, cols, d1, d2, out)
        cols.remove(col)
        d1.remove(row + col)
        d2.remove(row - col)


def merge_sort(xs):
    if len(xs) <= 1:
        return xs
    mid = len(xs) // 2
    left = merge_sort(xs[:mid])
    right = merge_sort(xs[mid:])
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if right[j] < left[i]:
            out.append(right[j])
            j += 1
        else:
            out.append(left[i])
            i += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out


def find(tree, key):
    # an early return from inside the loop, at any depth
    for k, sub in tree:
        if k == key:
            return k
        if sub:
            r = find(sub, key)
            if r is not None:
                return r
    return None


def make(depth, width, base=0):
    if depth == 0:
        return []
    return [(base * width + i, make(depth - 1, width, base * width + i + 1))
            for i in range(width)]


def total(node, unit):
    # guard failures at depth: unit's type changes between runs; items' types too
    s = unit * 0
    for k, sub in node:
        s = s + k * unit
        if sub:
            s = s + total(sub, unit)
    return s


def summarize(node, stats):
    # generators and comprehensions inside the loop's body
    if isinstance(node, dict):
        stats["d"] = stats.get("d", 0) + 1
        for key, value in node.items():
            stats["k"] = stats.get("k", 0) + sum(1 for ch in key if ch.isdigit())
            summarize(value, stats)
    elif isinstance(node, list):
        stats["l"] = stats.get("l", 0) + 1
        for item in node:
            summarize(item, stats)
        stats["w"] = stats.get("w", 0) + len([x for x in node if x is None])
    else:
        stats["x"] = stats.get("x", 0) + 1


def boom(n, at):
    # an exception raised in the loop at depth
    acc = 0
    for i in range(3):
        if n == at and i == 1:
            raise KeyError(f"at {n}")
        if n > 0:
            acc += boom(n - 1, at)
        acc += i
    return acc


def catch_at(n, at, catch):
    acc = 0
    for i in range(2):
        try:
            acc += boom(n, at) if n == catch else catch_at(n - 1, at, catch)
        except KeyError as e:
            acc += len(str(e))
    return acc


def deep(n, spare):
    # the recursion limit reached inside the loop; a local the loop never reads
    k = 0
    while k < 2:
        if n > 0 and k == 0:
            deep(n - 1, spare)
        k += 1
    return spare


def depth_of(e):
    tb = e.__traceback__
    n = 0
    while tb is not None:
        n += 1
        tb = tb.tb_next
    return n


def main():
    for n in (4, 5, 6, 6, 6, 7):
        out = []
        solve(n, 0, set(), set(), set(), out)
        print("queens", n, len(out))
    data = [(i * 7919) % 1009 for i in range(600)]
    for _ in range(6):
        r = merge_sort(data)
    print("sorted", r == sorted(data), r[:5], r[-3:])
    print("sorted floats", merge_sort([x / 7 for x in data[:50]])[:3])
    tree = make(4, 4)
    for key in (0, 5, 85, 340, 341, 9999) * 20:
        found = find(tree, key)
    print("find", [find(tree, k) for k in (0, 5, 85, 340, 341, 9999)])
    for unit in (1, 1, 1, 2.5, 10 ** 19, 1, "a", 3):
        for _ in range(8):
            t = total(tree, unit)
        print("total", repr(t)[:30])
    doc = {"a1": [1, None, {"b22": [None, 2, {"c3": []}]}], "x": {"y9": [None] * 3}}
    for _ in range(300):
        stats = {}
        summarize(doc, stats)
    print("summarize", sorted(stats.items()))
    for at in (0, 2, 4):
        for _ in range(30):
            r = catch_at(6, at, 4)
        print("caught", at, r)
    try:
        boom(7, 3)
    except KeyError as e:
        print("KeyError", e, depth_of(e))
    for _ in range(40):
        deep(8, "s")
    old = sys.getrecursionlimit()
    for limit in (300, 120):
        sys.setrecursionlimit(limit)
        try:
            deep(limit + 40, "s")
        except RecursionError as e:
            print("RecursionError:", e, depth_of(e) > limit - 30)
        print(deep(limit - 40, "t"))
        sys.setrecursionlimit(old)
    # references: none leaked over many native calls of the loop's code
    probe = object()
    before = sys.getrefcount(probe)
    for _ in range(200):
        deep(6, probe)
    print("refs", sys.getrefcount(probe) - before)


main()
