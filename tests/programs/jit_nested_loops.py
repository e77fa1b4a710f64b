"""Tier jit: nested loops of one frame, 2 and 3 deep.  The inner loop is compiled
first; the outer loop's recording stops at its header, and the inner loop's end
gets a bridge running the rest of the outer body (leaving at the inner header to
re-enter its trace).  Inner trip counts change on every visit, including zero;
breaks, continues, an inner loop ended by an exception, and an inner loop in a
called function."""


def varying(n):
    total = 0
    for i in range(n):
        for j in range(i % 7):          # 0..6 iterations: zero included
            total += j * i
        total += 1
    return total


def three_deep(n):
    acc = 0
    for a in range(n):
        for b in range(a % 5):
            for c in range(b + 1):
                acc += a - b * c
        acc ^= a
    return acc


def whiles(n):
    k = 0
    acc = 0
    while k < n:
        m = 0
        while m < k % 9:                # a while loop entered zero or more times
            acc += m * k
            m += 1
        k += 1
    return acc


def with_break_continue(n):
    found = 0
    for i in range(n):
        for j in range(20):
            if j % 3 == 1:
                continue
            if j * j > i % 50:
                found += j
                break
        else:
            found -= 1
        if i % 11 == 0:
            continue
        found += 2
    return found


def raises_in_inner(n):
    caught = 0
    for i in range(n):
        try:
            for j in range(10):
                if j == i % 13:
                    raise ValueError(j)
                caught += 1
        except ValueError as e:
            caught += e.args[0]
    return caught


def helper(k):
    s = 0
    for x in range(k):
        s += x * x
    return s


def calls_inner(n):
    t = 0
    for i in range(n):
        t += helper(i % 12)
    return t


def mixed_types(n):
    out = []
    for i in range(n):
        row = 0
        for v in ([1, 2.5, 3] if i % 4 else (7, 8)):
            row += v
        out.append(row)
    return sum(out)


def big_values(n):
    # an outer variable the inner loop reads leaves the machine's size late
    t = 0
    for i in range(n):
        base = 1 << (i // 40) * 8
        for j in range(3):
            t += base + j
    return t


def matrix(n):
    a = [[(i * j) % 7 for j in range(n)] for i in range(n)]
    b = [[(i + j) % 5 for j in range(n)] for i in range(n)]
    c = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            s = 0
            for k in range(n):
                s += a[i][k] * b[k][j]
            c[i][j] = s
    return sum(map(sum, c))


print(varying(3000))
print(three_deep(800))
print(whiles(2000))
print(with_break_continue(2000))
print(raises_in_inner(1500))
print(calls_inner(2000))
print(mixed_types(1500))
print(big_values(400))
print(matrix(24))
