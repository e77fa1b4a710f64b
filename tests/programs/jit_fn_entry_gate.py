# Function traces (tier jit): a recursive function whose entries from the
# interpreter do little native work (called one level deep, over and over,
# by a host builtin) stops being entered from the interpreter; its code is
# still called natively by its own recursion, and its results, guard
# failures (a float, a big int) and exceptions stay the interpreter's.


def down(n):
    if n <= 0:
        return 0
    return 1 + down(n - 1)


def total(xs):
    return sum(map(down, xs))


print(total([1] * 1500))          # entries from the interpreter: one native call each
print(down(300), down(2.5), down(10 ** 20 - 10 ** 20 + 40))
print(total([3, 0, 7] * 200))
try:
    down("x")
except TypeError as e:
    print("TypeError:", e)
print(sum(down(k) for k in range(200)))
