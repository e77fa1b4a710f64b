# Function traces (tier jit) neither leak nor drop references: objects passed
# through traced functions many times, on the return path and on guard exits.
import sys


class Box:
    pass


b = Box()
s = "a string object"


def use(x, y):
    z = [x, y]
    if y % 7 == 0:
        return z[1]
    return z[0]


def make(x):
    return (x, Box())


def rec(n):
    if n == 0:
        return 0
    r = use(b, n)
    t = make(s)
    return (r is b) + (t[0] is s) + rec(n - 1)


before_b, before_s = sys.getrefcount(b), sys.getrefcount(s)
total = 0
for i in range(40):
    total += rec(150)
print(total, sys.getrefcount(b) - before_b, sys.getrefcount(s) - before_s)
