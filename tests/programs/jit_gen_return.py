# Generators that *return* inside a trace (tier jit, issue #14): the trace of
# the loop consuming a generator records the generator's end -- its frame
# released, the generator finished, the consumer's loop over it ended -- and
# goes on after that loop (a see-through sum() returning, an inner `for` over a
# generator ending inside an outer loop's trace).  Checked here: the values,
# the generator's state after its end (gi_frame, gi_running, next() again), a
# frame the program kept (f_locals after the end), the order in which the
# generator's locals and its loop's iterator die (__del__), a return value
# (dropped by `for`), generators ending on another path than the recorded one
# (guards failing at every resumption and at the end), exceptions raised in
# the generator mid-iteration and at its last step, generators abandoned,
# closed or thrown into after a trace ran them, and references over long runs.
import sys


def squares(xs):
    return sum(x * x for x in xs)


def weighted(u):
    return sum(k * v for k, v in enumerate(u))


def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "done"


def two_ends(n):
    # ends on one of two paths: the last item decides
    for i in range(n):
        yield i
    if n % 3 == 0:
        yield -1
        return
    x = n * 2
    return x


class Noisy:
    def __init__(self, name, log):
        self.name = name
        self.log = log

    def __iter__(self):
        return iter((1, 2, 3))

    def __del__(self):
        self.log.append(self.name)


def holding(log, k):
    a = Noisy("a%d" % k, log)
    b = Noisy("b%d" % k, log)
    for v in Noisy("it%d" % k, log):
        yield v
    del a
    c = Noisy("c%d" % k, log)
    yield 0


def failing(xs):
    for x in xs:
        yield 10 // x


def main():
    data = [float(i % 7) for i in range(40)]
    print(sum(squares(data[:k]) for k in range(1, 30)))
    total = 0.0
    for _ in range(300):
        total += squares(data) + weighted(data)
    print(total)
    # ints, then floats, then a mix: the generator's body and its end meet
    # other classes than recorded
    for rows in ([list(range(j, j + 9)) for j in range(60)],
                 [[j * 0.5] * 9 for j in range(60)],
                 [[j, j * 0.5, "x" and j] for j in range(60)]):
        print(sum(squares(r) for r in rows), sum(weighted(r) for r in rows))

    # an inner loop over a generator, ending inside the outer loop's trace
    acc = []
    for n in range(200):
        s = 0
        for v in countdown(n % 11):
            s += v
        t = 0
        for v in two_ends(n % 7):
            t += v
        acc.append(s * 100 + t)
    print(sum(acc), acc[:15], acc[-5:])

    # generators made before the loop, first resumed inside its trace (some
    # return at once, some are left suspended after their first item)
    fresh = [countdown(k % 6) for k in range(300)]
    tot = 0
    for k, g in enumerate(fresh):
        for v in g:
            tot += v * k
            if k % 7 == 0:
                break
    import inspect
    print(tot, [inspect.getgeneratorstate(g) for g in fresh[:8]],
          [next(g, None) for g in fresh[:15]])
    firsts = [two_ends(k % 5) for k in range(200)]
    print(sum(next(g, 100) for g in firsts), [list(g) for g in firsts[:6]])

    # the state of a generator a trace finished
    gens = [countdown(3) for _ in range(50)]
    frames = [g.gi_frame for g in gens]
    for g in gens:
        for v in g:
            pass
    g = gens[-1]
    print(g.gi_frame, g.gi_running, next(g, "exhausted"), list(g))
    print(sorted(frames[-1].f_locals.items()), frames[-1].f_lineno)

    # the order in which a finished generator's locals die
    log = []
    for k in range(40):
        for v in holding(log, k):
            pass
        if k % 13 == 0:
            print(k, log)
        del log[:]

    # exceptions in the generator: mid-iteration and at the last item
    for xs in ([1, 2, 3, 4] * 5, [5, 4, 3, 2, 1, 0], [0], [2, 0, 1]):
        for _ in range(30):
            try:
                r = sum(failing(xs))
            except ZeroDivisionError as e:
                r = repr(e)
        print(r)

    # abandoned, closed and thrown into after the consumer's trace ran them
    kept = []
    for k in range(60):
        g = countdown(k % 9 + 2)
        for v in g:
            if v == 2:
                break
        kept.append(g)
    print([next(g, None) for g in kept[:12]])
    g = kept[20]
    g.close()
    print(next(g, "closed"))
    g = kept[21]
    try:
        g.throw(KeyError("k"))
    except KeyError as e:
        print("thrown", repr(e))
    print(list(kept[22]), list(kept[23]))

    # references: the items and the iterated lists stay counted right
    item = object()
    row = [item] * 9
    base = sys.getrefcount(item), sys.getrefcount(row)
    for _ in range(2000):
        for v in (y for y in row):
            pass
        n = sum(1 for y in row if y is item)
    del v
    print(n, (sys.getrefcount(item), sys.getrefcount(row)) == base)


main()
