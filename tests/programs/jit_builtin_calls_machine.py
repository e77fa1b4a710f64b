# int() of a float and float() of an int in a loop: the trace computes them as
# machine ops; where int() cannot give a 64-bit int (nan, inf, |x| >= 2**63) the
# trace leaves and the interpreter calls int(), which raises or makes a big int.
import math


def grid(xs):
    out = []
    for x in xs:
        out.append(int(x * 7.5) + 1)
    return out


def mixed(n):
    t = 0
    for i in range(n):
        x = (i - n / 2) * 1.25
        t += int(x) + int(float(i)) * 3
        t += int(float(i * 1000003) / 7.0)
    return t


def leaves(values):
    out = []
    for v in values:
        try:
            out.append(int(v))
        except (OverflowError, ValueError) as e:
            out.append(type(e).__name__)
    return out


print(grid([0.1 * k for k in range(200)])[-5:])
print(mixed(3000))
vals = [float(k) + 0.5 for k in range(100)] + [math.inf, -math.inf, math.nan, 2.0 ** 63,
                                                -2.0 ** 63, -2.0 ** 63 - 4096.0, 1e300, -0.5]
vals += [float(-k) - 0.25 for k in range(100)]
print(leaves(vals)[95:112])
print(sum(leaves(vals)[120:]))


def powers(xs):
    # float ** float: libm's pow in the trace; a negative base (a complex
    # result), zero (ZeroDivisionError for a negative exponent) and overflow
    # leave, and the interpreter's ** decides
    out = []
    for x in xs:
        y = x * 1.0
        try:
            out.append((y ** -1.5, y ** 0.5, y ** 2, (y + 1.0) ** y if y < 700.0 else 0.0))
        except (ZeroDivisionError, OverflowError) as exc:
            out.append(type(exc).__name__)
    return out


xs = [0.5 + k * 0.37 for k in range(150)] + [-2.0, 0.0, 1e300, math.inf, math.nan, 1.0, 1e-320]
for r in powers(xs)[-10:]:
    print(r)
print(sum(sum(r) for r in powers(xs[:150])))
print(powers([2.0] * 60 + [1e200] * 3)[-4:])
