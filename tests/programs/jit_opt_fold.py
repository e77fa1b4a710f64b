# Loops whose traces the optimizer's fold rules rewrite (x * 2 -> x + x,
# x / 2.0 -> x * 0.5, not (a < b) -> a >= b, x - x -> 0, -(-x) -> x ...),
# run until the rewritten ops' guards fail: overflow of the add that replaced
# a multiply, the minimum's negation, floats at their edges (-0.0, nan, inf,
# subnormals).  The results must be CPython's, before and after the exits.


def doubles(start, n):
    # x * 2 overflows 64 bits part-way (the add that replaced it leaves)
    x = start
    out = []
    for i in range(n):
        x = x * 2 + 1
        out.append(x % 1000003)
    return x, out[-3:]


def negations(values):
    out = []
    for v in values:
        a = -(-v)
        b = v * -1
        c = v // -1
        d = 0 - v
        out.append((a, b, c, d, v - v, v % 1, v % -1, v // 1, v & -1, v | 0, v ^ v))
    return out


def halves(values):
    out = []
    for f in values:
        h = f / 2.0
        t = f / 0.5
        z = f + -0.0
        s = f - 0.0
        m = f * 1.0
        w = f * 2.0
        out.append((repr(h), repr(t), repr(z), repr(s), repr(m), repr(w), repr(-(-f))))
    return out


def comparisons(pairs):
    out = []
    for a, b in pairs:
        r = []
        if not (a < b):
            r.append("ge")
        if not (a <= b):
            r.append("gt")
        if not (a == b):
            r.append("ne")
        if not (a != b):
            r.append("eq")
        if a == a and not (a > a):
            r.append("refl")
        out.append(",".join(r))
    return out


big = 2 ** 63
ints = list(range(-50, 50)) + [big - 1, -big, -big + 1, big // 2, -(big // 2), 7 * 10 ** 12]
print(doubles(1, 40))
print(doubles(-3, 70))
print(negations(ints * 3)[-12:])
print(sum(len(str(t)) for t in negations(ints * 3)))
floats = [0.0, -0.0, 1.5, -2.25, 1e308, -1e308, 5e-324, float("inf"), float("-inf"), 3.0] * 3
floats += [float("nan"), 2.0 ** -1074, 1.7976931348623157e308]
print(halves(floats)[-14:])
pairs = [(i, j) for i in range(-3, 4) for j in range(-3, 4)] * 4 + [(big - 1, -big), (-big, big - 1)]
print(comparisons(pairs)[-20:])
fpairs = [(float(i) / 2, float(j)) for i in range(-3, 4) for j in range(-2, 3)] * 3
fpairs += [(float("nan"), 1.0), (1.0, float("nan")), (float("nan"), float("nan")), (-0.0, 0.0)]
print(comparisons(fpairs)[-12:])
