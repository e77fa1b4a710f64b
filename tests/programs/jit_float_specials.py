"""Tier jit: float semantics in compiled loops: nan, inf, -0.0, division by zero."""
import math


def ops(xs, ys):
    out = []
    for x in xs:
        for y in ys:
            out.append((x + y, x - y, x * y, x < y, x <= y, x == y, x != y, x > y, x >= y))
    return out


vals = [0.0, -0.0, 1.5, -2.25, math.inf, -math.inf, math.nan, 1e308, 5e-324]
for row in ops(vals, vals)[::7]:
    print(row)


def signs(n):
    z = -0.0
    out = []
    for i in range(n):
        z = z * 1.0
        out.append(math.copysign(1.0, z))
    return out[-1], out[0]


print(signs(3000))


def divide(xs):
    total = 0.0
    for x in xs:
        total += 1.0 / x
    return total


print(divide([float(i) for i in range(1, 3000)]))
for bad in ([1.0] * 2000 + [0.0], [2.0] * 2000 + [-0.0]):
    try:
        print(divide(bad))
    except ZeroDivisionError as e:
        print("ZeroDivisionError:", e)


def mix(n):
    acc = 0.0
    for i in range(n):
        acc = acc + i * 0.5 - i / 4
    return acc


print(mix(5000))
print(repr(sum(x * 0.1 for x in range(3000))))
