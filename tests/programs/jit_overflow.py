"""Tier jit: machine-integer overflow is a guard, never a wrap-around."""


def powers(base, n):
    v = 1
    out = []
    for i in range(n):
        v = v * base
        out.append(v)
    return out


print(powers(3, 100)[-1])
print(powers(-7, 80)[-3:])
print(sum(powers(2, 130)) % 1000003)


def near_edge(n):
    x = 2 ** 62
    y = -(2 ** 62)
    for i in range(n):
        x = x + 1
        y = y - 1
    return x, y, x + x, y + y, x * 3


print(near_edge(3000))


def neg_min(n):
    v = -(2 ** 63)
    out = 0
    for i in range(n):
        out = -v + i
    return out


print(neg_min(2000))


def floordiv_mod(n):
    acc = []
    for i in range(-n, n):
        acc.append((i // 7, i % 7, i // -7, i % -7))
    return acc[::97]


print(floordiv_mod(1500))


def big_counter(n):
    i = 2 ** 63 - 1000
    c = 0
    while i < 2 ** 63 + 1000:
        i += 1
        c += i & 1
    return i, c


print(big_counter(0))
