"""Big integer arithmetic: factorials, fibonacci, powers, bit ops, conversions to/from strings and bytes."""
def fact(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r
f100 = fact(100)
print(f100)
print(len(str(fact(500))), sum(int(d) for d in str(f100)), str(f100).count("0"))
a, b = 0, 1
for _ in range(1000):
    a, b = b, a + b
print(a % 10 ** 20, a.bit_length(), len(str(a)))
x = 3 ** 333
print(x.bit_length(), x % 1000007, x >> 500, x & 0xFFFF, x | 1, x ^ (x >> 1) > 0, -x // 7 % 11)
print(hex(2 ** 100), oct(2 ** 70), bin(2 ** 40 - 1), int("f" * 40, 16), int("9" * 50) + 1)
n = 2 ** 521 - 1
print(pow(3, n - 1, n) == 1, pow(2, 10 ** 6, 10 ** 9 + 7), pow(-3, 3), pow(7, -1, 13))
big = int.from_bytes(bytes(range(1, 33)), "big")
print(big, big.to_bytes(32, "big") == bytes(range(1, 33)), (-big).bit_length())
print(divmod(10 ** 30, 7 ** 20), (10 ** 30) / 7, -(10 ** 30) // 7 ** 20, round(10 ** 30 / 3))
print(abs(-2 ** 100), -2 ** 100 < -2 ** 99, 2 ** 100 == 2 ** 100, 2 ** 100 is not None)
print(~(2 ** 70), (2 ** 70) << 5, -(2 ** 70) >> 69, (-1) >> 1000, 1 << 0)
print(float(2 ** 100), int(1e30), 2 ** 1023 * 2.0, 10 ** 308 * 10.0 < float("inf"))
try:
    float(10 ** 400)
except OverflowError as e:
    print("OverflowError:", e)
acc = 1
for i in range(1, 2500):
    acc = acc * 3 + i
    if acc.bit_length() > 256:
        acc >>= 128
print(acc)
print(sum(range(10 ** 6)), sum(i * i for i in range(1000)), 12345678901234567890 * 98765432109876543210)
print(int.__mul__(2 ** 64, 2 ** 64), (2 ** 64).__floordiv__(3), (17).__pow__(40), (17).__rpow__(2))
