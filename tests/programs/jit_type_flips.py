"""Tier jit: loops whose operand types change after the loop was compiled
(int -> float -> str -> user class), so entry and body guards fail and the
interpreter resumes at the right instruction with the right values."""


class Num:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return Num(self.v + (other.v if isinstance(other, Num) else other))

    def __repr__(self):
        return f"Num({self.v})"


def accumulate(xs, start):
    total = start
    for x in xs:
        total = total + x
    return total


ints = list(range(3000))
print(accumulate(ints, 0))
print(accumulate([0.5] * 3000, 0.0))
print(accumulate(ints + [0.25], 0))            # int -> float in the middle
print(accumulate(["a", "b"] * 1500, ""))[:10] if False else None
print(len(accumulate(["a", "b"] * 1500, "")))
print(accumulate([Num(1)] * 50 + [2] * 50, Num(0)))


def flip(n):
    out = []
    v = 0
    for i in range(n):
        if i == n // 2:
            v = float(v)
        if i == 3 * n // 4:
            v = str(v)
            out.append(v)
            v = 0
        v = v + 1
    out.append(v)
    return out


print(flip(4000))


def mixed_compare(xs):
    count = 0
    for x in xs:
        if x < 10:
            count += 1
    return count


print(mixed_compare(list(range(20)) * 100 + [1.5, 20.5, 3, True, False]))
