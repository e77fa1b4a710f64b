"""Tier jit: BUILD_SLICE in a trace (``build_slice``: PySlice_New, as ceval).
Covered: two and three operands, None and negative bounds, a step of -1
(fannkuch's ``perm[k::-1]``), slice assignment and deletion, bounds of other
types (big ints, strs, objects) passed to a ``__getitem__`` that prints the
slice it gets, a slice kept past the loop, and an error raised by the
subscript (a float bound) at a late iteration, at its line."""


class Show:
    def __getitem__(self, s):
        return (s.start, s.stop, s.step)


def flips(n):
    perm = list(range(n))
    total = 0
    kept = None
    for i in range(1200):
        k = i % n
        perm[:k + 1] = perm[k::-1]
        total += perm[0] + sum(perm[1:-1:2]) - len(perm[-3:])
        if i % 7 == 0:
            del perm[n:]
            kept = slice(k, None, -1)
    return total, perm, kept


def shows(m):
    out = []
    sh = Show()
    for i in range(m):
        out.append(sh[i:"x":2 ** 70] if i % 3 else sh[None:i])
    return out[-3:], len(out)


def bad(m, at):
    xs = list(range(10))
    t = 0
    for i in range(m):
        hi = 3.5 if i == at else 3
        t += len(xs[1:hi])
    return t


def main():
    print(flips(6))
    print(shows(1100))
    print(bad(1100, -1))
    try:
        bad(1100, 1050)
    except TypeError as e:
        print("TypeError", e, e.__traceback__.tb_next.tb_lineno)


main()
