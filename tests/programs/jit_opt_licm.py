# Loops whose checks on values they never assign run once before the loop
# (loop-invariant code motion) and whose counters are bounded by induction;
# then the paths that break those assumptions: a rare branch that assigns the
# "invariant" (its bridge cannot enter the loop), a later call with another
# type or an unbound local, a branch that moves the counter near the int64
# maximum (its bridge must check the counter's bound).

MAX = 2 ** 63 - 1


def rebinds(n):
    xs = [1, 2, 3]
    scale = 2
    t = 0
    i = 0
    while i < n:
        if i % 97 == 96:            # rare: the loop's invariant list changes
            xs = [i, -i, i * 2]
        if i % 389 == 388:
            scale = 3.5             # and the scale's type
        t += xs[i % 3] * scale
        i += 1
    return t


def typed(seq, k, n):
    total = 0
    for i in range(n):
        total += seq[i % k] + k * 3
    return total


def maybe_unbound(flag, n):
    if flag:
        base = 10
    out = 0
    for i in range(n):
        try:
            out += base + i
        except UnboundLocalError:
            out -= 1
    return out


def jumps_near_max(n):
    i = 0
    hits = []
    while i < n:
        i += 1
        if i == 1500:
            i = MAX - 3             # the bridge jumps with a counter past the bound
            hits.append(i)
    return i, hits


def floats(v, n):
    acc = 0.0
    for i in range(n):
        acc += v * v + i
    return acc


print(rebinds(5000))
print(typed([1, 2, 3, 4], 4, 3000), typed((5, 6, 7), 3, 3000), typed("abc", 3, 100)
      if False else typed([1.5, 2.5], 2, 3000))
try:
    print(typed(range(10), 10, 500), typed({0: 1, 1: 2}, 2, 500))
except Exception as e:
    print(type(e).__name__)
print(maybe_unbound(True, 2000), maybe_unbound(False, 300), maybe_unbound(True, 2000))
for n in (1000, 2000, MAX):
    print(jumps_near_max(n))
print(floats(1.5, 3000), floats(3, 3000), floats(2 ** 70, 500), floats(-0.0, 10))
