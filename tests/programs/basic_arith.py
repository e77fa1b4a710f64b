# Integer, float and mixed arithmetic, including big ints and float specials.
a, b = 17, 5
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** b, -a // b, -a % b)
print(divmod(a, b), divmod(-a, b), pow(a, b, 7))
print(2 ** 100, (2 ** 100) // 3, -(2 ** 65) >> 3, 1 << 70)
x, y = 7.5, -2.0
print(x + y, x - y, x * y, x / y, x // y, x % y, x ** 2)
print(float("inf") - float("inf"), -0.0, 0.0 * -1, abs(-0.0), round(2.5), round(3.5), round(2.675, 2))
print(1 / 3, 2 / 3, 1e300 * 1e10, 10 ** -3, 0.1 + 0.2)
print(a & b, a | b, a ^ b, ~a, a << 3, a >> 2)
print(True + True, 3 * True, int("ff", 16), hex(255), oct(8), bin(5))
acc = 0
for i in range(1000):
    acc += i * i - (i % 7)
print(acc)
