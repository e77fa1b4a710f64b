"""``async for`` over VM async generators resumed in the consumer's trace (tier
jit): pipelines of async generators, an await inside one that suspends on a
later iteration, an async generator exhausted early / closed with aclose() /
abandoned, exceptions raised in the body and thrown in (athrow), PEP 479 for
StopAsyncIteration, async comprehensions, asyncio.sleep(0) and gather mixes,
and the finalizer hook of abandoned async generators."""

import asyncio
import sys


class Tick:
    __slots__ = ()

    def __await__(self):
        yield "tick"


TICK = Tick()


def drive(coro):
    ticks = 0
    while True:
        try:
            coro.send(None)
        except StopIteration as stop:
            return stop.value, ticks
        ticks += 1


async def count(n, tick_every=0, tick_from=0):
    for i in range(n):
        if tick_every and i >= tick_from and i % tick_every == tick_every - 1:
            await TICK
        yield i


async def scaled(items, k):
    async for x in items:
        yield (x * k) % 1009


async def odd(items):
    async for x in items:
        if x % 2:
            yield x


async def pipeline(n):
    total = 0
    async for x in odd(scaled(count(n), 7)):
        total += x
    return total


print("pipeline", drive(pipeline(3000)))


async def ticking(n, every, start):
    total = 0
    async for x in scaled(count(n, every, start), 3):
        total += x
    return total


print("ticking", drive(ticking(3000, 64, 0)))
print("ticks later", drive(ticking(3000, 5, 2000)))


# -- several yields, locals deleted, a generator that keeps state --------------

async def pairs(n):
    acc = 0
    for i in range(n):
        acc += i
        yield i
        if i % 3 == 0:
            tmp = acc
            yield -tmp
            del tmp


async def consume_pairs(n):
    out = 0
    async for x in pairs(n):
        out = out * 3 + x & 0xFFFFF
    return out


print("pairs", drive(consume_pairs(2000)))


# -- early exits: break, aclose, abandoned ---------------------------------------

log = []


async def logged(n, name):
    try:
        for i in range(n):
            yield i
    finally:
        log.append(("finally", name))


async def first_over(limit, k):
    gen = logged(100, k)
    async for x in gen:
        if x * 7 % 101 > limit:
            await gen.aclose()
            return x
    return -1


async def closing(rounds):
    total = 0
    for j in range(rounds):
        total += await first_over(60 + j % 40, j)
    return total


print("aclose", drive(closing(200)), len(log), log[:2])
log.clear()


async def breaking(rounds):
    total = 0
    for j in range(rounds):
        async for x in logged(50, j):
            if x == j % 30:
                break
            total += x
    return total


print("break", drive(breaking(150)), len(log), log[-1])


async def exhausted(rounds):
    total = 0
    gen = count(200)
    for j in range(rounds):
        async for x in gen:
            total += x
            if x % 50 == 49:
                break
    return total


print("exhausted", drive(exhausted(10)))


# -- exceptions --------------------------------------------------------------------

async def fragile(n, bad):
    for i in range(n):
        if i == bad:
            raise KeyError(i)
        yield i


async def catching(n, bad):
    total = 0
    try:
        async for x in scaled(fragile(n, bad), 5):
            total += x
    except KeyError as e:
        return total, "KeyError", e.args
    return total, None


print("raised", drive(catching(1000, 777)))


async def stopping(n):
    for i in range(n):
        if i == 600:
            raise StopAsyncIteration
        yield i


async def pep479(n):
    total = 0
    try:
        async for x in stopping(n):
            total += x
    except RuntimeError as e:
        return total, str(e), type(e.__cause__).__name__
    return total


print("pep479", drive(pep479(1000)))


async def resilient(n):
    i = 0
    while i < n:
        try:
            yield i
        except ValueError as e:
            yield ("caught", e.args)
        i += 1


async def athrowing(n):
    gen = resilient(n)
    out = []
    async for x in gen:
        if type(x) is int and x % 250 == 249:
            out.append(await gen.athrow(ValueError(x)))
        elif type(x) is tuple:
            out.append(x)
    return len(out), out[:3]


print("athrow", drive(athrowing(1000)))


# -- comprehensions, asyncio -------------------------------------------------------

async def comprehension(n):
    squares = [x * x async for x in scaled(count(n, 97), 3) if x & 1]
    return len(squares), sum(squares)


print("comprehension", drive(comprehension(3000)))


async def source(n):
    for i in range(n):
        if i % 50 == 49:
            await asyncio.sleep(0)
        yield i


async def consumer(name, n):
    total = 0
    async for x in scaled(source(n), 11):
        total += x
    return name, total


finalized = []


async def main():
    print("gather", await asyncio.gather(consumer("a", 2000), consumer("b", 1200)))
    # abandoned mid-iteration: asyncio's finalizer hook closes them
    for j in range(40):
        g = logged(100, ("abandoned", j))
        async for x in g:
            if x == 20:
                break
        del g
    await asyncio.sleep(0)
    print("abandoned", len(log), log[-1])


asyncio.run(main())
print("hooks", sys.get_asyncgen_hooks())
