# Generators resumed in their consumer's trace (tier jit, issue #14) while they
# delegate with `yield from` to a range, list or tuple iterator: the delegate's
# next item is recorded into the consumer's loop.  Checked here: delegates
# exhausted mid-trace (the generator's own loop goes on to the next delegate),
# another delegate type at the same yield from (a guard fails), a list mutated
# while delegated to, the value of the yield from, a generator delegate (not
# recorded: still right), close/throw into a generator suspended in the
# delegation after the trace ran it, an exception in the consumer mid-iteration,
# the frame's state seen from outside, and references over a long run.
import sys


def chunks(n, size):
    start = 0
    while start < n:
        yield from range(start, min(start + size, n))
        start += size


def mixed(parts):
    for p in parts:
        r = yield from p
        if r is not None:
            yield "never"


def inner():
    yield 1
    yield 2
    return "done"


def delegating(k):
    for _ in range(k):
        r = yield from inner()
        yield r


def growing(items):
    yield from items


def handled():
    try:
        yield from [1, 2, 3]
    except ValueError as e:
        print("caught", repr(e), repr(e.__context__), sys.exc_info()[0].__name__)
        yield 99


def main():
    print(sum(x * x % 7 for x in chunks(5000, 100) if x & 1))
    total = 0
    for x in chunks(3001, 7):
        total += x
    print(total)
    print(max((x ^ (x >> 3)) for x in chunks(2000, 33)))

    parts = [range(50), [1, 2, 3] * 20, (4, 5) * 30, range(3), [], range(100, 160)]
    for _ in range(3):
        print(sum(mixed(parts)))
    print(list(mixed([range(3), [7, 8], (9,)])))

    items = [1, 2, 3]
    out = []
    for x in growing(items):
        out.append(x)
        if len(items) < 400:
            items.append(x + len(items))
    print(len(out), sum(out))

    acc = []
    for _ in range(200):
        for v in delegating(3):
            acc.append(v)
    print(len(acc), acc[:6])

    g = chunks(10000, 1000)
    seen = 0
    for x in g:
        seen += 1
        if seen == 1500:
            break
    print(seen, g.gi_frame.f_lineno, type(g.gi_yieldfrom).__name__)
    print(next(g))
    g.close()
    print(g.gi_frame)

    g = chunks(10000, 1000)
    n = 0
    for x in g:
        n += 1
        if n == 2500:
            break
    try:
        g.throw(ValueError("boom"))
    except ValueError as e:
        print("thrown", e, g.gi_frame)

    g = handled()
    next(g)
    print(g.throw(ValueError("x")))
    try:
        raise KeyError(1)
    except KeyError:
        g = handled()
        next(g)
        print(g.throw(ValueError("y")), sys.exc_info()[0].__name__)

    def consume(limit):
        s = 0
        for x in chunks(6000, 50):
            if x == limit:
                raise KeyError(x)
            s += x
        return s
    for lim in (-1, 4321, 5999):
        try:
            print(consume(lim))
        except KeyError as e:
            print("KeyError", e)

    probe = [0] * 5
    before = sys.getrefcount(probe)
    for _ in range(300):
        for x in mixed([probe, (probe, probe), range(2)]):
            pass
    print(sys.getrefcount(probe) == before)


main()
