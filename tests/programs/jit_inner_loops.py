"""Tier jit: outer loops whose traces unroll their inner loops; inner trip counts
that change (the unrolled trace's end-of-inner-loop check fails), inner breaks,
inner while loops, generic inner iterators."""


def triangle(n):
    out = 0
    for i in range(n):
        for j in range(i % 4):          # 0..3 iterations: changes every time
            out += i * j
    return out


def fixed(rows):
    total = 0.0
    for row in rows:
        for x in row:                   # always 3
            total += x * 0.5
    return total


def with_break(n):
    found = []
    for i in range(n):
        for j in range(10):
            if j * j > i:
                found.append(j)
                break
        else:
            found.append(-1)
    return sum(found), found[:12]


def inner_while(n):
    acc = 0
    for i in range(n):
        k = i % 5
        while k > 0:
            acc += k
            k -= 1
    return acc


def generic_inner(words):
    counts = {}
    for w in words:
        for ch in w:                    # a str iterator: the generic path
            counts[ch] = counts.get(ch, 0) + 1
    return sorted(counts.items())[:5]


print(triangle(3000))
print(fixed([[1.0, 2.0, 3.0]] * 2000 + [[1.0, 2.0]] * 3 + [[4.0, 5.0, 6.0, 7.0]] * 500))
print(with_break(2000))
print(inner_while(3000))
print(generic_inner(["abc", "hello", "x", ""] * 500))
