"""for/while loops with else, break, continue, nested loops, loop variable after loop, range forms."""
for i in range(5):
    if i == 3:
        break
else:
    print("not printed")
print("broke at", i)
for i in range(3):
    pass
else:
    print("for-else ran, i =", i)
n = 0
while n < 5:
    n += 1
    if n % 2:
        continue
    print("even", n)
else:
    print("while-else ran")
while True:
    n -= 1
    if n < 2:
        break
print("n", n)
for x in []:
    print("never")
else:
    print("empty else")
def find(matrix, target):
    for r, row in enumerate(matrix):
        for c, val in enumerate(row):
            if val == target:
                break
        else:
            continue
        return r, c
    return None
M = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print(find(M, 6), find(M, 10))
primes = []
for cand in range(2, 60):
    for p in primes:
        if cand % p == 0:
            break
    else:
        primes.append(cand)
print(primes)
print(list(range(10, 0, -3)), list(range(-5)), list(range(2, 3)), len(range(0, 100, 7)))
total = 0
for i in range(100):
    for j in range(50):
        if j > i:
            break
        if (i + j) % 3 == 0:
            continue
        total += i * j
print(total)
it = iter([1, 2, 3, 4])
for a in it:
    b = next(it, None)
    print(a, b)
k = 0
while k < 10:
    k += 1
    try:
        if k == 3:
            continue
        if k == 6:
            break
    finally:
        print("finally", k)
print("done", k)
L = [1, 2, 3]
for item in L:
    if item < 5:
        L.append(item + 3)
print(L)
