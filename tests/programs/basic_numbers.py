"""int/float/complex/bool edge cases: nan, inf, -0.0, big ints, rounding, conversions, division errors."""
import math
nan, inf = float("nan"), float("inf")
print(nan, inf, -inf, nan != nan, inf > 1e308, -inf < -1e308, inf - inf, inf * 0, math.isnan(nan))
print(-0.0, 0.0 == -0.0, math.copysign(1, -0.0), str(-0.0), repr(-0.0), 1 / inf, -1 / inf, abs(-0.0))
print(1e16, 1e15, 123456789012345678.0, 0.1, 1 / 3, 2.5e-5, 1e-5, 1.0, 100.0, 1e22, 1e21 * 10)
print(round(0.5), round(1.5), round(-0.5), round(2.675, 2), round(1234.5678, -2), round(7, -1), round(15, -1))
print(int(3.9), int(-3.9), int("  42 "), int("-0x1f", 16), int("0b101", 0), int("1_000"), float("1e3"), float(" -inf "))
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5), -7 // 2, -7 % 2, 7 // -2, 7 % -2, -7.5 // 2, -7.5 % 2)
big = 2 ** 200 + 12345
print(big, big % 1000, big // 3 ** 50, -big >> 100, big.bit_length(), (big * big) % 97, len(str(3 ** 1000)))
print(math.factorial(30), math.gcd(2 ** 60, 6 ** 20), math.comb(50, 25), math.isqrt(10 ** 40 + 1), pow(3, -1, 7))
print(2 ** -2, (-8) ** (1 / 3) == complex, (-2) ** 2, -2 ** 2, 0 ** 0, 0.0 ** 0, pow(2, 0.5))
c = 3 + 4j
print(c, abs(c), c.real, c.imag, c.conjugate(), c * 1j, c / (1 - 1j), complex("1+2j"), complex(1), -c, 1j ** 2)
print(True + 1, True * 3.5, True == 1, hash(True) == hash(1), isinstance(True, int), bool(0.0), bool(-0.0), bool(nan), bool(0j))
print(int(True), str(False), True & False, True | False, True ^ True, ~True, -True, True << 3)
for a, b in [(1, 0), (1.0, 0), (1, 0.0), (0, 0)]:
    for op in ("div", "floordiv", "mod"):
        try:
            r = a / b if op == "div" else a // b if op == "floordiv" else a % b
            print(r)
        except ZeroDivisionError as e:
            print(op, type(a).__name__, type(b).__name__, "ZeroDivisionError:", e)
try:
    print(2.0 ** 10000)
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(inf)
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(nan)
except ValueError as e:
    print("ValueError:", e)
try:
    int("12a")
except ValueError as e:
    print("ValueError:", e)
print(float.hex(0.1), float.fromhex("0x1.8p1"), (0.5).as_integer_ratio(), (10).as_integer_ratio(), 3.0.is_integer())
print(hash(1.0) == hash(1), hash(-1), hash(2 ** 61), hash(float("inf")), sys := None)
print(1 < 1.0000000000000002, 2 ** 53 + 1 == float(2 ** 53 + 1), 10 ** 20 == 1e20, 10 ** 23 == 1e23)
x = 1
for i in range(1, 3000):
    x = (x * 31 + i) % (2 ** 89 - 1)
print(x)
f = 0.0
for i in range(1, 3000):
    f += 1.0 / (i * i)
print(f, math.sqrt(f * 6), math.fsum([0.1] * 10), sum([0.1] * 10))
print(divmod(-7, 2), divmod(7.5, -2), (-5).__abs__(), (5).__neg__(), int.__add__(2, 3), (3).real, (3).imag, (3).denominator)
print(format(1e-7, ".3g"), format(123456789, ".3e"), 1e-7, 12345678912345.678, 5e-324, 1.7976931348623157e308)
