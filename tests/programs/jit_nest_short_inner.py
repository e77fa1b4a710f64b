"""Tier jit: an inner loop of a few iterations per visit (a loop over an
object's 3-4 items left by a ``break``) whose exit into the outer loop gets a
nest bridge that assigns what the inner trace holds invariant (the outer
loop's variables the inner body reads): the loop is generalized and the bridge
jumps to its label, instead of leaving and entering again through the preamble
at every visit (``nest.short_visits``; bm_chaos's ``for p, ... in maps``).
Covered: the break at each item, floats then ints in the table (unbox guards
failing), the inner list growing past the short count later (long visits), a
table entry of another type, an exception raised in the outer body at a later
iteration (at its line), the loop's values read after it."""


class Rng:
    def __init__(self, seed):
        self.state = seed

    def random(self):
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return self.state / 2147483648.0


def walk(maps, points, rng):
    x = y = 0.0
    hits = [0] * len(maps)
    for i in range(points):
        r = rng.random()
        k = 0
        for p, a, b in maps:
            if r < p:
                break
            k += 1
        else:
            k = len(maps) - 1
        x, y = a * x + b * y + 0.5, b * x - a * y + r
        hits[k] += 1
        if x > 1e6 or x < -1e6:
            x = x / 1e6
    return round(x, 6), round(y, 6), hits


def checked(maps, points, rng, bad):
    t = 0.0
    for i in range(points):
        r = rng.random()
        for p, a, b in maps:
            if r < p:
                break
        t += a * r - b
        if i == bad:
            t += 1 / (i - bad)
    return t


FERN = [(0.0, 0.0, 0.16), (0.86, 0.85, 0.04), (0.93, 0.2, -0.26), (1.0, -0.15, 0.28)]
TRI = [(0.0, 0.1, 0.1), (0.33, 0.5, 0.0), (0.66, 0.5, 0.25), (1.0, 0.5, 0.5)]
INTS = [(0.3, 1, 0), (0.6, 0, 1), (1.0, -1, 1)]
LONG = [(j / 12.0, 0.1 * j, -0.05 * j) for j in range(1, 13)]

rng = Rng(42)
print(walk(FERN, 6000, rng))
print(walk(TRI, 2000, rng))
print(walk(INTS, 1500, rng))
print(walk(LONG, 1500, rng))
print(walk(FERN + [(1.5, 2, "x")][:0], 500, rng))
try:
    print(walk([(0.5, 0.5, 0.5), (1.0, 0.5, "s")], 800, rng))
except TypeError as e:
    print("TypeError", e)
for bad in (5000, 3000):
    try:
        print(checked(TRI, 4000, rng, bad))
    except ZeroDivisionError as e:
        import traceback
        print("ZeroDivisionError", e, traceback.extract_tb(e.__traceback__)[-1].lineno)
