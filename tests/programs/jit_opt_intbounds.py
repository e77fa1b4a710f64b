# Loops whose overflow checks the optimizer's integer bounds remove (a counter
# below a limit, masked and reduced values) next to ones it must keep, run at
# the edges of 64 bits: counters that end at the largest int64, limits that are
# big ints, steps that overflow, branches the masks decide.

MAX = 2 ** 63 - 1


def count_up(i, n, step):
    # while i < n: i += step -- i + 1 cannot overflow below n, i + step can
    total = 0
    while i < n:
        total += i & 1023
        i += step
    return i, total


def count_down(i, n):
    seen = 0
    while i > n:
        i -= 1
        seen += 1
    return i, seen


def masked(xs):
    out = 0
    hist = [0] * 8
    for x in xs:
        k = x & 7
        if k < 8:                   # always: the mask decides it
            hist[k] += 1
        m = x % 1000
        out += m * m - k            # fits: |m * m| < 10**6
        if (x >> 60) * 1000000 > 5000000:
            out += 1
    return out, hist


def near_limit(start):
    # a counter compared with a limit right at the int64 maximum, then past it
    acc = []
    i = start
    while i < MAX:
        i += 1
        acc.append(i - start)
    j = i
    while j < MAX + 5:              # the limit is a big int: the trace leaves
        j += 1
    return i, j, acc[-3:]


print(count_up(0, 5000, 1))
print(count_up(MAX - 3000, MAX, 1))
print(count_up(MAX - 3000, MAX, 7))
print(count_up(MAX - 1000, MAX + 2, 1))
print(count_up(-5000, 5000, 3))
print(count_down(3000, -3000))
print(count_down(-(2 ** 63) + 2000, -(2 ** 63)))
print(count_down(-(2 ** 63) + 2000, -(2 ** 63) - 3))
print(masked(list(range(-3000, 3000, 7)) + [MAX, -MAX - 1, 2 ** 62, 2 ** 70, -(2 ** 70)]))
print(near_limit(MAX - 2000))
