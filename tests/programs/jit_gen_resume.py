"""Generators resumed inside a consumer's trace (tier jit: the generator's body
between resumptions is recorded into the consuming loop's trace): pipelines,
several yields, closing / throwing into / abandoning a generator mid-loop,
exceptions in the body, PEP 479, yield from, exhausted generators, guard
failures inside the body, deleted locals, re-entrance."""

import sys
import traceback


def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def scaled(items, k):
    for x in items:
        yield x * k + 1


def evens_and_threes(items):
    for x in items:
        if x % 2 == 0 or x % 3 == 0:
            yield x


def windows(items, size):
    window = []
    for x in items:
        window.append(x)
        if len(window) == size:
            yield tuple(window)
            del window[0]


def pipeline(n):
    total = 0
    for w in windows(scaled(evens_and_threes(numbers(n)), 3), 4):
        total += w[0] - w[3] + max(w)
    return total


def two_yields(n):
    for i in range(n):
        yield i
        yield -i * 2


def alternate():
    t = 0
    for v in two_yields(1500):
        t = t * 3 + v & 0xFFFFFF
    return t


class Tracker:
    def __init__(self):
        self.log = []


def guarded(tr, n):
    try:
        for i in range(n):
            yield i
    finally:
        tr.log.append(f"finally after {i}")


def closing_mid_loop():
    tr = Tracker()
    g = guarded(tr, 2000)
    s = 0
    for x in g:
        s += x
        if x == 1200:
            g.close()          # the loop's next FOR_ITER sees it finished
    print("closed", s, tr.log, g.gi_frame, g.gi_running)


def throwing_mid_loop():
    def catcher(n):
        i = 0
        while i < n:
            try:
                yield i
            except KeyError as e:
                print("caught", repr(e), "at", i)
                i += 100
            i += 1

    g = catcher(3000)
    s = 0
    for x in g:
        s += x
        if x % 700 == 699:
            print("throw returned", g.throw(KeyError(x)))
    print("thrown", s)


def abandoning():
    tr = Tracker()
    s = 0
    for k in range(3):
        g = guarded(tr, 1000 + k)
        for x in g:
            s += x
            if x == 500 + k:
                break
        del g                  # finalized here: its finally runs now
        tr.log.append(f"after del {k}")
    print("abandoned", s, tr.log)


def raising_body():
    def gen(n):
        for i in range(n):
            yield 1000 // (700 - i)

    t = 0
    try:
        for v in gen(1000):
            t += v
    except ZeroDivisionError:
        traceback.print_exc(file=sys.stdout)
    print("raised", t)


def pep479():
    def gen(n):
        it = iter(range(n))
        while True:
            yield next(it)     # StopIteration inside a generator: RuntimeError

    t = 0
    try:
        for v in gen(900):
            t += v
    except RuntimeError as e:
        print("RuntimeError", e, type(e.__cause__).__name__)
    print("pep479", t)


def delegating():
    def inner(n):
        for i in range(n):
            yield i
        return n

    def outer(n):
        total = 0
        for k in range(3):
            r = yield from inner(n + k)
            total += r
            yield -total

    t = 0
    for v in outer(600):
        t += v
    print("yield from", t)


def exhausted():
    g = numbers(1200)
    t = 0
    for v in g:
        t += v
    for v in g:
        t += 1000000
    print("exhausted", t, list(g), next(g, "end"))


def type_flips():
    def gen(n):
        x = 0
        for i in range(n):
            if i == 800:
                x = 0.5        # a guard in the body fails: the trace leaves inside it
            if i == 1300:
                x = "s"
            yield x
            x = x + x if i >= 1300 and len(x) < 4 else (x + 1 if i < 1300 else "s")

    out = []
    for v in gen(1400):
        out.append(v)
    print("flips", out[:3], out[798:803], out[1298:1303], len(out))


def deleted_local():
    def gen(n):
        for i in range(n):
            if i % 3 == 0:
                tmp = i
            yield tmp if i % 3 != 2 else -1
            if i % 3 == 1:
                del tmp

    t = 0
    try:
        for v in gen(1500):
            t += v
    except UnboundLocalError as e:
        print("UnboundLocalError", e)
    print("deleted", t)


def reentrant():
    def gen(n):
        for i in range(n):
            if i == 900:
                try:
                    next(me)
                except ValueError as e:
                    print("ValueError", e, me.gi_running)
            yield i

    me = gen(1000)
    t = 0
    for v in me:
        t += v
    print("reentrant", t, me.gi_running)


def in_except_block():
    def gen(n):
        for i in range(n):
            yield sys.exception()

    try:
        raise KeyError("outer")
    except KeyError:
        seen = set()
        for e in gen(1200):
            seen.add(repr(e))
        print("exc seen", seen)


def yields_in_handler():
    def gen(n):
        for i in range(n):
            try:
                raise ValueError(i)
            except ValueError as e:
                yield repr(sys.exception()) if i % 500 == 0 else i

    out = []
    for v in gen(1200):
        if not isinstance(v, int):
            out.append(v)
    print("handler", out, sys.exception())


def shared():
    g = numbers(3000)
    t = 0
    for a in g:
        b = next(g)            # the consumer resumes it too, outside FOR_ITER
        t += a * 2 - b
    print("shared", t)


def send_between():
    def acc():
        total = 0
        while True:
            v = yield total
            if v is not None:
                total += v
            else:
                total += 1

    g = acc()
    t = 0
    for k, s in zip(range(1500), g):
        if k % 400 == 0:
            t += g.send(k)
        t += s
    print("send", t)


print(pipeline(20000))
print(alternate())
closing_mid_loop()
throwing_mid_loop()
abandoning()
raising_body()
pep479()
delegating()
exhausted()
type_flips()
deleted_local()
reentrant()
in_except_block()
yields_in_handler()
shared()
send_between()
