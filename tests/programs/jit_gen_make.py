# Generators made inside a trace (tier jit, issue #14): a call of a generator
# function or a generator expression in a hot loop is inlined up to its
# RETURN_GENERATOR and the trace makes the generator object itself, which the
# loop's consumers (for, sum(), "".join()...) resume in the same trace.
# Checked here: the values; the generator's attributes (name, qualname, code,
# frame locals, state) including a function renamed by the program; cells and
# defaults; generators that escape (kept in a list, returned, resumed later by
# host code), abandoned unstarted (their finally never runs) or started and
# dropped (finalized: the finally runs), closed or thrown into; exceptions at
# their first item and later; guard failures (other classes at every item); a
# sum() too long to inline; and references over long runs.
import inspect
import sys


def norm2(v):
    return sum(x * x for x in v)


def pairs(row):
    for i in range(len(row) - 1):
        yield row[i] * row[i + 1]


def scaled(row, k=3):
    for x in row:
        yield x * k


def guarded(log, n):
    try:
        for i in range(n):
            yield i
    finally:
        log.append(n)


def failing(xs):
    for x in xs:
        yield 10 // x


def renamed():
    yield 1


renamed.__name__ = "other"
renamed.__qualname__ = "Other.other"


def main():
    vs = [(i * 0.5, i * 0.25, 1.0) for i in range(64)]
    rows = [list(range(k, k + 12)) for k in range(32)]
    t, s, u = 0.0, 0, 0
    for i in range(1000):
        t += norm2(vs[i & 63])
        for p in pairs(rows[i & 31]):
            s += p
        u += sum(scaled(rows[i & 7])) + sum(scaled(rows[i & 3], i & 5))
    print(t, s, u)
    print(",".join(str(x) for x in rows[3]), [",".join(str(x) for x in r) for r in rows][-1])

    # the classes change under the recorded loop: ints, floats, strings
    mixed = [[1, 2, 3], [1.5, 2.5], ["a", "b"], [True, False], [2 ** 70, 1]]
    out = []
    for i in range(400):
        r = mixed[(i // 80) % len(mixed)]
        out.append(sum((x for x in r), type(r[0])()) if type(r[0]) is not str
                   else "".join(x for x in r))
    print(out[::40])

    # generators kept: their state, attributes and frames as the interpreter's
    kept = []
    for i in range(200):
        g = scaled(rows[i & 31], i)
        kept.append(g)
        w = renamed()
    g = kept[-1]
    print(inspect.getgeneratorstate(g), g.__name__, g.__qualname__, g.gi_code.co_name,
          sorted(g.gi_frame.f_locals), g.gi_running, g.gi_frame.f_lineno)
    print(w.__name__, w.__qualname__, next(w), list(w))
    print([next(g) for g in kept[:5]], [list(g)[:3] for g in kept[5:8]])
    print(sum(sum(g) for g in kept[8:]))

    # unstarted generators dropped (no finally), started ones dropped (finally
    # at finalization), closed, thrown into
    log = []
    for i in range(300):
        g = guarded(log, i % 7)
        if i % 3 == 0:
            for v in g:
                if v == 2:
                    break
        elif i % 3 == 1:
            next(g, None)
            g.close()
        del g
    print(len(log), log[:20])
    log = []
    for i in range(100):
        g = guarded(log, 5)
        next(g)
        try:
            g.throw(ValueError(i))
        except ValueError as e:
            if i % 25 == 0:
                print("thrown", e, log[-1])

    # exceptions at the first item and later
    for xs in ([0, 1], [1, 2, 0], [5, 5, 5]):
        for i in range(100):
            try:
                r = sum(failing(xs))
            except ZeroDivisionError as e:
                r = "error: " + str(e)
        print(r)

    # a long generator: sum()'s loop is not inlined into this one
    big = list(range(1500))
    tot = 0
    for i in range(20):
        tot += sum(x * i for x in big)
    print(tot)

    # references
    item = object()
    row = [item] * 6
    base = sys.getrefcount(item), sys.getrefcount(row)
    for i in range(1000):
        n = sum(1 for y in row if y is item)
        m = len([y for y in (z for z in row)])
    print(n, m, (sys.getrefcount(item), sys.getrefcount(row)) == base)


main()
