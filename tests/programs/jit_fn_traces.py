# Function traces (tier jit): functions without a loop, hot by calls, traced from
# entry to return -- called here from code no loop trace covers (recursion, host
# builtins calling back, module level), with guard failures inside them.
import sys


def scale(x, k=3):
    y = x * k
    if y > 50:
        return y - 7
    return y + 1


def poly(a, b):
    return scale(a) + scale(b, 2) * 2


def walk(n, acc):
    # recursion drives the calls: no loop trace covers poly()
    if n == 0:
        return acc
    return walk(n - 1, acc + poly(n, n % 5))


print(walk(60, 0))

# a guard failure inside the traced callee: ints, then floats, big ints, strs
print(walk(3, 0.5))
print(poly(10 ** 20, 3))
print(poly(2.5, 1.25))
try:
    print(poly("ab", "c"))
except TypeError as e:
    print("TypeError", e)

# called back by host builtins
print(sorted(range(20), key=lambda v: scale(v % 7) - v))
print(list(map(poly, range(10), range(10, 20))))


# the callee changes: a global rebound, defaults changed
def helper(x):
    return x + 1


def uses_helper(x):
    return helper(x) * 2


print([uses_helper(i) for i in range(5)])
helper = lambda x: x - 1  # noqa: E731
print([uses_helper(i) for i in range(5)])
scale.__defaults__ = (10,)
print(walk(10, 0))


# exceptions leaving a function trace, caught by its (interpreted) caller
def checked(x):
    if x == 7:
        raise ValueError(f"bad {x}")
    return 100 // (x - 3)


out = []
for i in range(12):
    try:
        out.append(checked(i))
    except (ValueError, ZeroDivisionError) as e:
        out.append(type(e).__name__)
print(out)


# exceptions from a callback into the traced function, and the traceback
def apply(fn, x):
    y = fn(x)
    return y * 2


def cb(x):
    if x > 8:
        raise KeyError(x)
    return x


def driver(n):
    if n == 0:
        return 0
    return apply(cb, n) + driver(n - 1)


for n in (5, 8, 9):
    try:
        print(driver(n))
    except KeyError as e:
        tb = e.__traceback__
        names = []
        while tb is not None:
            names.append(tb.tb_frame.f_code.co_name)
            tb = tb.tb_next
        print("KeyError", e, names[-3:])


# recursion through dunder methods
class Node:
    def __init__(self, v, kids=()):
        self.v = v
        self.kids = kids

    def __add__(self, other):
        return self.total() + other

    def __radd__(self, other):
        return other + self.total()

    def total(self):
        return self.v + sum(self.kids)


def tree(d):
    if d == 0:
        return Node(1)
    return Node(d, (tree(d - 1), tree(d - 1)))


t = tree(6)
print(t.total(), t + 0, 5 + t)


# re-entrant: a function called again (by a host callback) while it runs
def reenter(x):
    if x <= 0:
        return [0]
    return [x] + sorted(reenter(x - 2), key=lambda v: -reenter(v - 3)[0])


print(reenter(9), reenter(10))


# deep recursion hitting the limit, inside functions that have traces
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


for k in range(5):
    print(fact(20 + k) % 1000003, depth(100 + k))
try:
    depth(10 ** 6)
except RecursionError as e:
    print("RecursionError", e)
old = sys.getrecursionlimit()
sys.setrecursionlimit(200)
try:
    depth(150)
    print("150 fits")
    depth(250)
except RecursionError as e:
    print("RecursionError at 200:", e)
sys.setrecursionlimit(20000)
print(depth(15000))
sys.setrecursionlimit(old)


# entered near the limit: a traced function whose trace inlines two calls
def leaf(x):
    return x * 2


def mid(x):
    return leaf(x) + 1


def top(x):
    return mid(x) + mid(x + 1)


def down(n):
    return top(n) if n == 0 else down(n - 1)


for k in range(12):
    print(top(k), end=" ")
print()
sys.setrecursionlimit(300)
base = 0
while True:   # (the depth this module runs at)
    try:
        down(300 - base)
        break
    except RecursionError:
        base += 1
for k in range(base - 2, base + 5):
    try:
        print(k, down(300 - k))
    except RecursionError as e:
        print(k, "RecursionError", e)
sys.setrecursionlimit(old)
