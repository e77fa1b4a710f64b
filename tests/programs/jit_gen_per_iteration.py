# Generators made and used up in each iteration of a traced loop (the trace
# calls the generator function, resumes the generator in its own body, and
# finishes it when it returns: jit/record/resumption.py).  Checked: results,
# the finished generator's state, the order locals die in, finally blocks,
# a generator left suspended, and one that returns on a later iteration only.
import sys
import weakref


class Noisy:
    log = []

    def __init__(self, name):
        self.name = name

    def __del__(self):
        Noisy.log.append(self.name)


def squares(row):
    for x in row:
        yield x * x


def sums(rows):
    t = 0
    for row in rows:
        t += sum(x * x for x in row)
        t += sum(squares(row))
        for v in (y + 1 for y in row if y % 2):
            t -= v
    return t


def finished_state(n):
    gens = []
    for k in range(n):
        g = (x for x in range(k % 3))
        for _ in g:
            pass
        if k % 50 == 0:
            gens.append(g)
    print([(x.gi_frame, x.gi_running) for x in gens[:2]], len(gens))
    print(next(gens[0], "done"), list(gens[1]))


def with_locals(i):
    a = Noisy(f"a{i}")
    b = Noisy(f"b{i}")
    yield a.name
    c = Noisy(f"c{i}")
    yield c.name + b.name


def release_order(n):
    out = []
    for i in range(n):
        for s in with_locals(i):
            out.append(s)
    return len(out), Noisy.log[:6], Noisy.log[-3:]


def with_finally(log, k):
    try:
        for j in range(k % 4):
            yield j
    finally:
        log.append(k)


def finally_blocks(n):
    log = []
    t = 0
    for k in range(n):
        for j in with_finally(log, k):
            t += j
    return t, len(log), log[-3:]


def returns_value(k):
    yield k
    return "ignored"


def left_suspended(n):
    t = 0
    kept = []
    for k in range(n):
        g = squares(range(k % 5 + 1))
        for v in g:
            if v > 3:
                break
            t += v
        kept.append(weakref.ref(g))
        for v in returns_value(k):
            t += v
    return t, sum(r() is not None for r in kept)


def later_return(n):
    # the inner generator yields 5 times while the trace records, fewer later
    t = 0
    for k in range(n):
        limit = 5 if k < n // 2 else k % 5
        t += sum(x for x in range(limit))
    return t


def raising(n):
    def g(k):
        yield 1
        if k == n - 7:
            raise ValueError(f"at {k}")
        yield 2
    t = 0
    try:
        for k in range(n):
            for v in g(k):
                t += v
    except ValueError as e:
        print("ValueError", e, t)


rows = [[(i * 7 + j) % 13 for j in range(4)] for i in range(3000)]
print(sums(rows))
finished_state(3000)
print(release_order(1500))
print(finally_blocks(3000))
print(left_suspended(3000))
print(later_return(3000))
raising(3000)
print(sys.getrefcount(squares) > 0)
