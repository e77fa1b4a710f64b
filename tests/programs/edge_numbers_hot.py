# Numeric edges inside hot loops (branch fuzz): int true division past 2**53, int/float
# compares at 2**53, -0.0 through %, // and max/min, pow with negative bases, shifts
# and bit ops of negatives, bool arithmetic, round/int of specials, sys.maxsize edges.
import math, sys

def bigdiv():
    out = []
    base = 2 ** 60
    for i in range(300):
        n = base + i * 1234567
        out.append(n / 3)
        out.append((n * 7) / (i + 1))
    return [repr(x) for x in out[::37]], sum(out)

def mixcmp():
    c = 0
    f = float(2 ** 53)
    for i in range(300):
        n = 2 ** 53 + i % 3
        if n > f:
            c += 1
        if n == f:
            c += 100
        if f < n:
            c += 10000
        if n <= f + 0.0:
            c += 1000000
    return c

def fma_like():
    x = 0.1
    acc = 0.0
    accs = []
    for i in range(400):
        acc = acc * 1.0000001 + x * 3.3
        y = x * 1.7 - acc * 0.001
        accs.append(y * y + x)
        x = x + 0.013
    return repr(acc), repr(sum(accs)), repr(accs[123])

def mods():
    out = []
    vals = [-7.5, -0.0, 0.0, 7.5, -3.0, 1e-300]
    ds = [2.0, -2.0, 5.0, -5.0, 0.3]
    for i in range(400):
        a = vals[i % len(vals)]
        b = ds[i % len(ds)]
        out.append((a % b, a // b))
    return [(repr(p), repr(q)) for p, q in out[:30]]

def minmax():
    out = []
    for i in range(300):
        a = -0.0 if i % 2 else 0.0
        b = 0.0 if i % 2 else -0.0
        out.append((max(a, b), min(a, b), max(a, 0), min(b, 0)))
    return [tuple(repr(v) for v in t) for t in out[:4]]

def powers():
    out = []
    for i in range(300):
        x = (i % 9) - 4.0
        out.append(x ** 0.5 if x < 0 else x ** 0.5)
        out.append(x ** 2)
        out.append((i % 5 - 2) ** -1 if i % 5 != 2 else 0)
    return [repr(v) for v in out[:27]]

def bits():
    t = 0
    r = []
    for i in range(400):
        k = i - 200
        t += (k >> 3) + (k << 2) + (~k) + (k & -16) + (k ^ -1) + (k | 5)
        if i % 50 == 0:
            r.append((k >> 1, k << 61, -k >> 70, k % -3, k // -3))
    return t, r

def bools():
    t = 0
    for i in range(300):
        b = i % 3 == 0
        t += b + b * 2 - (-b) + (b << 2) + ~b
    return t, True / 2, True // 2, divmod(True, 2), hash(True), str(True + 0.5)

def conversions():
    out = []
    for v in [1.5, -2.5, 1e20, float("inf"), float("nan"), -0.0]:
        try:
            out.append(int(v))
        except (ValueError, OverflowError) as e:
            out.append(type(e).__name__ + ": " + str(e))
    for v in [2.5, 3.5, -2.5, 0.125, 2.675]:
        out.append((round(v), round(v, 1), round(v, 2)))
    return out

def overflow_edges():
    r = []
    for i in range(200):
        k = -sys.maxsize - 1 + (i % 2)
        r.append((abs(k), -k, k * -1, k // -1, k - 1))
    return r[:2]

def main():
    print(bigdiv())
    print(mixcmp())
    print(fma_like())
    print(mods())
    print(minmax())
    print(powers())
    print(bits())
    print(bools())
    print(conversions())
    print(overflow_edges())
    print((-8) ** (1 / 3), 10 ** 20 / 10 ** 10, (2 ** 1000) / (2 ** 999), 1 / 10 ** 400)
    try:
        print(2 ** 10000 / 3)
    except OverflowError as e:
        print("oe", e)
    try:
        print(1 << -1)
    except ValueError as e:
        print("ve", e)

main()
