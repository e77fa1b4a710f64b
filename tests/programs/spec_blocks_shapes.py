"""Loop and stack shapes that tier specialize's blocks must get right:
comprehensions (their container below the block), nested loops, while/else,
break/continue, conditional expressions, chained comparisons, and/or,
unpacking, star-unpacking, augmented subscripts, closures, f-strings."""


def shapes(n):
    sq = [i * i for i in range(n) if i % 2]
    st = {i % 7 for i in range(n)}
    dc = {i: str(i) for i in range(n) if i > n - 5}
    nested = [(i, j) for i in range(4) for j in range(i)]
    grid = [[i + j for j in range(3)] for i in range(n // 10)]
    return sq[:5], sorted(st), dc, nested, grid


def loops(n):
    out = []
    i = 0
    while i < n:
        i += 1
        if i % 3 == 0:
            continue
        if i > n - 3:
            break
        out.append(i if i % 2 else -i)
    else:
        out.append("no break")
    j = 0
    while j < 5:
        j += 1
    else:
        out.append(("else", j))
    return out


def logic(vals):
    r = []
    for a, b in vals:
        r.append((a < b < 10, a and b, a or b, not a, a if b else b, 0 < a <= b != 3))
    return r


def unpack(rows):
    t = 0
    for a, (b, c), *rest in rows:
        t += a * b - c + len(rest)
        x, y = y, x = c, a
        t += x - y
    return t


def augsub(n):
    d = {}
    arr = [0] * 5
    for i in range(n):
        d[i % 3] = d.get(i % 3, 0) + i
        arr[i % 5] += i
        arr[-1] -= 1
    return d, arr


def closures(n):
    k = 3
    fs = []
    for i in range(n):
        def g(x, i=i):
            return x * k + i
        fs.append(g)
        k += 1
    total = 0
    for g in fs:
        total += g(2)
    return total


def fmt(n):
    parts = []
    for i in range(n):
        parts.append(f"{i:03d}|{i / 3:.2f}|{i!r:>4}")
    return parts[-2:], len("".join(parts))


def slices(s):
    out = []
    for i in range(len(s)):
        out.append(s[i:] + s[:i] + s[::-1][i])
    return out[-3:]


def swap(n):
    a, b, c = 1, 2, 3
    for _ in range(n):
        a, b, c = c, a, b
        a, b = b, a
    return a, b, c


print(shapes(40))
print(loops(40))
print(logic([(1, 2), (0, 5), (3, 3), (2, 0), (4, 9)] * 8)[:6])
print(unpack([(1, (2, 3), 4, 5), (2, (3, 4)), (5, (6, 7), 8)] * 10))
print(augsub(40))
print(closures(30))
print(fmt(30))
print(slices("abcdefghij" * 3))
print(swap(31))
