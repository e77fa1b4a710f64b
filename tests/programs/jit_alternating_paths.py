"""Tier jit: loops whose two paths each assign a variable the other only reads
(a merge: ``i += 1`` on one path, ``j += 1`` on the other).  The recorded
iteration takes one path, so the optimized loop holds the other path's variable
loop-invariant; the other path's bridge assigns it.  The loop is optimized again
with that variable a variable (not blacklisted).  With guard failures: the key
changes type mid-merge (ints, then floats, then strs), a counter leaves the
machine's int range, a path taken once after thousands of iterations, an
exception from the key function on a late iteration."""


def merge(left, right, key):
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if key(right[j]) < key(left[i]):
            out.append(right[j])
            j += 1
        else:
            out.append(left[i])
            i += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out


def merge_sort(items, key):
    if len(items) <= 1:
        return items
    mid = len(items) // 2
    return merge(merge_sort(items[:mid], key), merge_sort(items[mid:], key), key)


def lcg(n, seed):
    x = seed
    out = []
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out.append(x % 1000)
    return out


def two_counters(n):
    # evens and odds each count on their own path; the step of one grows past
    # the machine's ints late in the loop
    a = b = 0
    step = 1
    for k in range(n):
        if k % 3:
            a += step
        else:
            b -= 1
        if k == n - 50:
            step = 1 << 70
    return a, b


def rare_assign(n):
    # `scale` is assigned on one path taken every 997 iterations
    scale = 2
    total = 0
    k = 0
    while k < n:
        if k % 997 == 996:
            scale += 1
        total += k * scale
        k += 1
    return total, scale


def key_raises(items):
    def key(v):
        if v == 777:
            raise ValueError("bad key %d" % v)
        return v
    try:
        return merge(sorted(items[::2]), sorted(items[1::2]), key)
    except ValueError as e:
        return str(e)


def main():
    data = lcg(3000, 7)
    s = merge_sort(data, lambda v: v)
    print(s == sorted(data), s[:5], s[-5:])
    r = merge_sort(data, lambda v: -v)
    print(r == sorted(data, reverse=True), r[:3])
    # the key's type changes between merges: ints, floats, strs
    print(merge_sort([v / 7 for v in data[:500]], lambda v: v)[:3])
    words = ["w%03d" % v for v in data[:400]]
    print(merge_sort(words, lambda w: w[::-1])[:4])
    mixed = merge(list(range(0, 3000, 2)), [x + 0.5 for x in range(0, 3000, 3)], lambda v: v)
    print(len(mixed), mixed[:6], mixed[-3:])
    print(two_counters(6000))
    print(rare_assign(20000))
    print(key_raises(lcg(2000, 3) + [777]))
    print(key_raises(list(range(100))) [:5])


main()
