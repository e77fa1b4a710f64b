"""Tier jit: a bridge of a generator's own loop that reaches the generator's
``yield`` leaves there (``finish`` with the yield's snapshot: the value on the
stack) and the interpreter yields; before, its recording aborted ("unsupported
instruction YIELD_VALUE"), and the guard failing on most entries dropped the
loop and blacklisted it (bm_chaos's ``sum(1 for row in grid for count in row
if count)``).  Covered: a filtered generator expression over nested lists, a
generator yielding on a rare path with values of changing type, ``send()``
into it, a consumer that stops early (``close()``: GeneratorExit at the
yield), ``throw()`` at the yield, an exception raised after the yield
resumes, and each of them consumed from an interpreted caller (``locals()``
keeps the caller's own loop from being recorded)."""


def filled(grid):
    return sum(1 for row in grid for count in row if count)


def rare(xs, every):
    for i, x in enumerate(xs):
        if i % every == 0:
            yield x if i % 2 else float(x)
    yield "end"


def echo(xs):
    total = 0
    for x in xs:
        if x % 5 == 0:
            got = yield total
            if got is not None:
                total += got
        total += x
    yield total


def fragile(xs):
    for x in xs:
        if x % 7 == 3:
            yield 100 // (x - 10)


grid = [[0] * 30 for _ in range(30)]
t = 0
for i in range(700):
    grid[(i * 7) % 30][(i * 13) % 30] += 1
    t += filled(grid)
    locals()
print(t)

out = []
for k in range(300):
    out.append(list(rare(range(k % 40), 6)))
    locals()
print(out[-3:], sum(len(o) for o in out))

res = []
for k in range(300):
    g = echo(range(k % 30))
    v = next(g)
    try:
        while True:
            v = g.send(k % 3 or None)
            res.append(v)
    except StopIteration:
        pass
    locals()
print(sum(res), res[-5:])

stopped = []
for k in range(300):
    g = rare(range(50), 4)
    first = [next(g) for _ in range(k % 5 + 1)]
    g.close()
    stopped.append(first[-1])
    locals()
print(stopped[-6:])

thrown = []
for k in range(200):
    g = rare(range(60), 3)
    next(g)
    next(g)
    try:
        g.throw(KeyError(k))
    except KeyError as e:
        thrown.append(e.args[0])
    locals()
print(sum(thrown))

errs = []
for k in range(200):
    try:
        errs.append(sum(fragile(range(k % 30))))
    except ZeroDivisionError as e:
        errs.append(str(e))
    locals()
print(errs[-12:])
