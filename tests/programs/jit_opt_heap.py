# Loops that read the same item or cell twice and write items back, where the
# optimizer's heap cache forwards known values -- next to the cases it must
# not: the same list under two names, an index equal to another, an old item
# whose __del__ writes the list again, a closure cell rebound by a call.


class Noisy:
    def __init__(self, xs, k):
        self.xs, self.k = xs, k

    def __del__(self):
        # writes the slot its owner's store just replaced
        self.xs[self.k % len(self.xs)] = -self.k


def twice(xs, n):
    t = 0
    for i in range(n):
        j = i % len(xs)
        t += xs[j] * xs[j]
        xs[j] = xs[j] + 1
        t += xs[j]
    return t, xs[:4]


def aliased(xs, ys, n):
    t = 0
    for i in range(n):
        j = i % 5
        a = xs[j]
        ys[j] = a + 1            # ys is xs: xs[j] changes
        t += xs[j] - a
        xs[(j + 1) % 5] = t % 97  # another index, maybe the one read next
        t += xs[j]
    return t


def with_del(n):
    xs = [0] * 4
    out = []
    for i in range(n):
        j = i % 4
        xs[j] = Noisy(xs, i) if i % 3 else i
        out.append(xs[j] if type(xs[j]) is int else "obj")
    return out[-8:]


def cells(n):
    total = 0

    def bump():
        nonlocal total
        total += 1000

    for i in range(n):
        total += i
        total += i
        if i % 100 == 99:
            bump()
    return total


def floats(n):
    acc = [0.5, 1.5]
    for i in range(n):
        acc[i & 1] = acc[i & 1] * 1.0001 + acc[i & 1]
        if acc[i & 1] > 1e6:
            acc[i & 1] = 0.25
    return acc


xs = list(range(10))
print(twice(xs, 3000))
print(twice([1.5, 2.5, 3.5], 2000))
shared = [1, 2, 3, 4, 5]
print(aliased(shared, shared, 3000), shared)
print(aliased([1, 2, 3, 4, 5], [0] * 5, 3000))
print(with_del(500))
print(cells(3000))
print(floats(5000))
