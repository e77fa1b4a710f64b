# Tier specialize: COMPARE_OP sites (fused with the jump after them) whose operand
# types flip: int -> float -> str -> user classes whose __lt__/__eq__ return
# non-bool objects, NaN, mixed int/float, bools; plus compares not followed by a jump.


class Version:
    def __init__(self, *parts):
        self.parts = parts

    def __lt__(self, other):
        return self.parts < other.parts

    def __eq__(self, other):
        return isinstance(other, Version) and self.parts == other.parts

    def __hash__(self):
        return hash(self.parts)


class Truthy:
    """A comparison result that is not a bool: its truth decides the jump."""
    calls = 0

    def __init__(self, v):
        self.v = v

    def __bool__(self):
        Truthy.calls += 1
        return self.v


class Fuzzy:
    def __init__(self, x):
        self.x = x

    def __lt__(self, other):
        return Truthy(self.x < other.x)

    def __gt__(self, other):
        return Truthy(self.x > other.x)

    def __eq__(self, other):
        return Truthy(abs(self.x - other.x) < 2)


class Boom:
    def __lt__(self, other):
        raise ValueError("no order")

    def __bool__(self):
        raise RuntimeError("no truth")


def count_less(pairs):
    n = 0
    for a, b in pairs:
        if a < b:
            n += 1
    return n


def count_eq(pairs):
    n = 0
    for a, b in pairs:
        if a == b:
            n += 1
        elif a != b:
            n -= 1
    return n


def values_not_jumps(pairs):
    # the compare's result is stored: no conditional jump after it
    return [r if type(r) is bool else ("obj", bool(r)) for r in [a < b for a, b in pairs]][-5:]


def while_loop(limit):
    i = 0
    total = 0
    while i < limit:          # limit flips between int and float
        total += i
        i += 1
    return total


groups = [
    [(i, 50) for i in range(100)],
    [(i * 0.5, 25.0) for i in range(100)],
    [(i, 25.5) for i in range(100)],                        # int vs float
    [(str(i), "5") for i in range(100)],                    # str ordering: not specialized
    [(Version(1, i % 5), Version(1, 2)) for i in range(100)],
    [(Fuzzy(i), Fuzzy(40)) for i in range(100)],
    [(float("nan"), 1.0)] * 60 + [(1.0, float("nan"))] * 60,
    [(True, False), (False, True), (1, True)] * 40,
    [(2 ** 65, 2 ** 64), (-(2 ** 65), 0)] * 50,
    [(i, 50) for i in range(100)],
]
for g in groups:
    print(count_less(g), count_eq(g), values_not_jumps(g))
print("Truthy bool calls", Truthy.calls)

strs = ["a", "b", "a", "c"] * 40 + [b"a", "a"] * 20
print(count_eq([(s, "a") for s in strs]))

for limit in (100, 100.5, 7, True, 3.0):
    print(while_loop(limit))

try:
    count_less([(1, 2)] * 40 + [(Boom(), Boom())])
except ValueError as e:
    print("ValueError", e)

try:
    n = 0
    for x in [1] * 40 + [Boom()]:
        if x:
            n += 1
except RuntimeError as e:
    print("RuntimeError", e, n)

# chained comparisons mixing types
out = []
for a in list(range(-3, 80)) + [x / 2 for x in range(-3, 80)] + ["x", "y"]:
    try:
        out.append(0 <= a < 40 != a)
    except TypeError as e:
        out.append(str(e))
print(out.count(True), out.count(False), out[-1])
