"""A coroutine resumed while an async generator's step (``__anext__()``,
``asend()``) it awaits is suspended in an inner await (tier jit: the
resumption trace records the SEND to the step as the generator's resumption,
jit/record/agen.py's send_step): pipelines of ``async for`` resumed by a send
loop with values sent in, exceptions raised out of the resumed generator,
StopAsyncIteration right after a resumption, aclose() at a break, a generator
collected unfinished, asend()/athrow(), a step awaited again after it ended,
and the generators' state seen from outside between resumptions."""

import gc
import sys


class Tick:
    __slots__ = ()

    def __await__(self):
        sent = yield "tick"
        return sent


TICK = Tick()


def drive(coro, start=0):
    """Resumes ``coro`` whenever it suspends, sending 1, 2, 3, ... in."""
    n = start
    while True:
        try:
            coro.send(n if n > start else None)
        except StopIteration as stop:
            return stop.value, n - start
        n += 1


async def source(n, every):
    for i in range(n):
        if i % every == every - 1:
            got = await TICK
            if got is not None and got % 97 == 0:
                i += got % 5
        yield i


async def mapped(items, k):
    async for x in items:
        yield (x * k) % 1009


async def kept(items):
    async for x in items:
        if x % 3:
            yield x


async def pipeline(n, every):
    total = 0
    async for x in kept(mapped(source(n, every), 13)):
        total += x
    return total


print("pipeline", drive(pipeline(4000, 2)))
print("pipeline sparse", drive(pipeline(600, 7)))


# -- exceptions out of a resumed generator ---------------------------------------

class Boom(Exception):
    pass


async def failing(n, at):
    for i in range(n):
        got = await TICK
        if got == at:
            raise Boom(f"at {got}")
        yield got


async def relay(items):
    async for x in items:
        yield x + 1


async def catch(n, at):
    seen = 0
    try:
        async for x in relay(failing(n, at)):
            seen += x
    except Boom as e:
        tb = e.__traceback__
        names = []
        while tb is not None:
            names.append(tb.tb_frame.f_code.co_name)
            tb = tb.tb_next
        return seen, str(e), names
    return seen, None, []


for at in (3, 40, 400):
    print("boom", at, drive(catch(300, at)))


# -- StopAsyncIteration right after a resumption, the step's state -----------------

async def ends_after_tick(n):
    for i in range(n):
        yield i
    await TICK      # (the generator returns after this resumption)


async def ends(rounds):
    total = 0
    for j in range(rounds):
        async for x in ends_after_tick(j % 5):
            total += x
    return total


print("ends", drive(ends(150)))


async def held_step(rounds):
    out, msg = [], None
    for j in range(rounds):
        gen = source(4, 2)
        step = gen.__anext__()
        first = await step
        step = gen.__anext__()
        second = await step          # (suspends inside: the step resumed)
        try:
            await step
        except RuntimeError as e:
            msg = str(e)
        out.append(first + second)
        await gen.aclose()
    return sum(out), msg


print("held step", drive(held_step(150)))


# -- aclose at a break, generators collected unfinished ------------------------------

log = []


async def logged(n, name):
    try:
        for i in range(n):
            await TICK
            yield i
    finally:
        log.append(name)


async def breaking(rounds):
    total = 0
    for j in range(rounds):
        gen = logged(20, j)
        async for x in gen:
            if x == j % 7:
                break
            total += x
        await gen.aclose()
    return total


print("break", drive(breaking(100)), len(log), log[-3:])
log.clear()


async def abandoning(rounds):
    total = 0
    for j in range(rounds):
        gen = logged(20, j)
        async for x in gen:
            if x == j % 4:
                break
            total += x
        del gen
    return total


hooks = sys.get_asyncgen_hooks()
finalized = []
sys.set_asyncgen_hooks(finalizer=lambda g: finalized.append(g.__name__))
print("abandon", drive(abandoning(80)))
gc.collect()
sys.set_asyncgen_hooks(*hooks)
print("finalized", len(finalized), sorted(set(finalized)))


# -- asend, athrow, nested async for ----------------------------------------------

async def echo(n):
    total = 0
    try:
        for i in range(n):
            got = yield total
            got = await TICK if got is None else got
            total += got or 0
    except Boom as e:
        yield f"caught {e} at {total}"


async def talks(rounds):
    out = []
    gen = echo(rounds + 5)
    await gen.asend(None)
    for j in range(rounds):
        v = await gen.asend(None if j % 3 else j)   # (suspends inside, or not)
        out.append(v)
    out.append(await gen.athrow(Boom, Boom("thrown")))
    await gen.aclose()
    return sum(x for x in out if type(x) is int), out[-1]


print("asend", drive(talks(200)))


async def inner(k):
    for i in range(3):
        await TICK
        yield k * 10 + i


async def outer(n):
    for k in range(n):
        async for x in inner(k):
            yield x


async def nested(n):
    seen = []
    async for x in outer(n):
        seen.append(x)
    return len(seen), sum(seen), seen[-3:]


print("nested", drive(nested(100)))


# -- the generators' state between resumptions -------------------------------------

async def watched(gens, n):
    total = 0
    async for x in gens[0]:
        total += x
        if x % 50 == 0:
            g = gens[1]
            print("  state", x, g.ag_running, g.ag_frame.f_lineno, type(g.ag_await).__name__)
    return total


def drive_watching(n):
    src = source(n, 3)
    gens = [mapped(src, 1), src]
    coro = watched(gens, n)
    ticks = 0
    while True:
        try:
            coro.send(None)
        except StopIteration as stop:
            return stop.value, ticks
        ticks += 1
        if ticks % 80 == 0:
            print("  suspended", src.ag_running, src.ag_frame.f_lineno, src.ag_await is not None)


print("watched", drive_watching(300))
