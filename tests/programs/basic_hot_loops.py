"""Hot loops for the JIT: int overflow into big ints mid-loop, float specials, loop-carried tuples, nested loops, early exits."""
x = 1
steps = 0
while x < 2 ** 200:
    x = x * 3 + 1
    steps += 1
print(steps, x % 1000003, x.bit_length())
acc = 0
for i in range(5000):
    acc += i * i * i
    if acc > 2 ** 62:
        acc -= 2 ** 62
print(acc)
s = 2 ** 62 - 10
for i in range(20):
    s += 1
print(s, s - 2 ** 62, type(s).__name__)
f = 1.0
for i in range(2000):
    f *= 1.5
    if f == float("inf"):
        print("overflowed to inf at", i)
        break
nan_count = 0
vals = [1.0, float("nan"), -0.0, float("inf"), 2.5]
for i in range(3000):
    v = vals[i % 5] * (i % 3 - 1)
    if v != v:
        nan_count += 1
print(nan_count)
errors = 0
total = 0.0
for i in range(3000):
    try:
        total += 1.0 / (i % 10)
    except ZeroDivisionError:
        errors += 1
print(errors, round(total, 9))
a, b = 0, 1
for _ in range(300):
    a, b = b, (a + b) % 1000000007
print(a, b)
grid = [[0] * 50 for _ in range(50)]
for r in range(50):
    for c in range(50):
        grid[r][c] = (r * c) ^ (r + c)
print(sum(map(sum, grid)), grid[49][49], max(max(row) for row in grid))
found = None
for i in range(10 ** 6):
    if i * i % 9973 == 1234:
        found = i
        break
print(found)
n = 0
i = 0
while True:
    i += 1
    if i % 2:
        continue
    n += i
    if i >= 4000:
        break
print(n)
m = -7
out = []
for i in range(3000):
    out.append((i // m, i % m, -i >> 3, i << (i % 7)))
print(out[-1], sum(t[0] for t in out), sum(t[3] for t in out) % 99991)
neg = 0
for i in range(-1500, 1500):
    neg += abs(i) - (i if i > 0 else -i)
    neg += i // 7 * 7 + i % 7 - i
print(neg)
