"""``await f(...)`` of program coroutines inlined into the awaiting loop's trace
(tier jit: the coroutine is never built while it completes without
suspending): await chains, an await that suspends on a later iteration (a
guard inside the inlined coroutine fails, the coroutines are rebuilt and the
chain suspends to the driver), exceptions raised in an awaited coroutine and
thrown into a suspended chain, PEP 479, closures, the order locals die in,
async with (a program class's manager inlined; an exception its __aexit__
swallows or not), asyncio.gather / sleep(0) / cancellation."""

import asyncio
import sys
import traceback


class Suspend:
    __slots__ = ()

    def __await__(self):
        yield "suspended"


SUSPEND = Suspend()


def drive(coro):
    """Runs a coroutine to its end; the values it suspended with."""
    seen = []
    while True:
        try:
            seen.append(coro.send(None))
        except StopIteration as stop:
            return stop.value, seen


# -- a chain that never suspends ------------------------------------------------

async def leaf(state, k):
    state[0] = (state[0] * 1103515245 + k) & 0xFFFFFF
    return state[0] % 97


async def middle(state, k):
    a = await leaf(state, k)
    b = await leaf(state, k + 1)
    return a + b if a < b else a - b


async def plain(steps):
    state = [1]
    total = 0
    for k in range(steps):
        total += await middle(state, k)
    return total


print("plain", drive(plain(3000)))


# -- suspending on later iterations, from every depth ---------------------------

async def leaf_s(state, k):
    state[0] = (state[0] * 1103515245 + k) & 0xFFFFFF
    if state[0] & 7 == 0:
        await SUSPEND
    return state[0] % 97


async def middle_s(state, k):
    a = await leaf_s(state, k)
    b = await leaf_s(state, k + 1)
    return a + b if a < b else a - b


async def suspending(steps, every):
    state = [3]
    total = 0
    for k in range(steps):
        total += await middle_s(state, k)
        if k % every == every - 1:
            await SUSPEND
    return total


value, seen = drive(suspending(4000, 50))
print("suspending", value, len(seen), set(seen))


async def late(steps, start):
    # suspends only from iteration `start` on: the loop's trace never saw it
    total = 0
    for k in range(steps):
        total += await maybe(k, start)
    return total


async def maybe(k, start):
    if k >= start and k % 3 == 0:
        await SUSPEND
        return -k
    return k


value, seen = drive(late(600, 400))
print("late", value, len(seen))


# -- exceptions -------------------------------------------------------------------

async def fails_at(k, bad):
    if k == bad:
        raise ValueError(f"bad {k}")
    return k * 2


async def wrapper(k, bad):
    return await fails_at(k, bad) + 1


async def catching(steps, bad):
    total = 0
    errors = []
    for k in range(steps):
        try:
            total += await wrapper(k, bad)
        except ValueError as e:
            errors.append(str(e))
            tb = traceback.extract_tb(e.__traceback__)
            errors.append([(fr.name, fr.line) for fr in tb])
    return total, errors


print("catching", drive(catching(500, 377)))


async def uncaught(steps, bad):
    total = 0
    for k in range(steps):
        total += await wrapper(k, bad)
    return total


try:
    drive(uncaught(500, 433))
except ValueError as e:
    print("uncaught", e, [fr.name for fr in traceback.extract_tb(e.__traceback__)])


async def stops(k):
    if k == 250:
        raise StopIteration(k)    # PEP 479: RuntimeError out of the coroutine
    return k


async def pep479(steps):
    total = 0
    for k in range(steps):
        try:
            total += await stops(k)
        except RuntimeError as e:
            print("pep479", e, type(e.__cause__).__name__)
    return total


print("pep479 total", drive(pep479(400)))


# thrown into a chain suspended inside the inlined coroutines

async def guarded_leaf(k, log):
    try:
        if k % 97 == 96:
            await SUSPEND
    except KeyError as e:
        log.append(("caught", k, e.args))
        return -1
    return k


async def throws(steps, log):
    total = 0
    for k in range(steps):
        total += await guarded_leaf(k, log)
    return total


log = []
c = throws(500, log)
n = 0
while True:
    try:
        if n % 2:
            c.throw(KeyError(n))
        else:
            c.send(None)
    except StopIteration as stop:
        print("throws", stop.value, n, log)
        break
    n += 1

c = throws(500, log)
c.send(None)
try:
    c.throw(OSError("out"))
except OSError as e:
    print("thrown out", e, c.cr_frame)


# -- closures, locals dying in order ----------------------------------------------

class Noisy:
    deaths = []

    def __init__(self, name):
        self.name = name

    def __del__(self):
        Noisy.deaths.append(self.name)


async def with_locals(k):
    first = Noisy(f"a{k}")
    second = Noisy(f"b{k}")
    return len(first.name) + len(second.name)


async def closure_maker(base):
    async def inner(x):
        return x + base
    total = 0
    for k in range(300):
        total += await inner(k)
        total += await with_locals(k)
    return total


print("closures", drive(closure_maker(7)), Noisy.deaths[:6], len(Noisy.deaths))


# -- async with a program class's manager (its __aenter__/__aexit__ inlined) ------

class Swallow:
    def __init__(self, log):
        self.log = log

    async def __aenter__(self):
        self.log.append("in")
        return len(self.log)

    async def __aexit__(self, t, v, tb):
        self.log.append(t.__name__ if t else "out")
        return t is KeyError        # swallows KeyError, not ValueError


async def managed(steps):
    log = []
    total = 0
    for k in range(steps):
        try:
            async with Swallow(log) as n:
                total += await leaf([k], n)
                if k % 97 == 96:
                    raise KeyError(k)
                if k % 331 == 330:
                    raise ValueError(k)
        except ValueError as e:
            total -= e.args[0]
    return total, len(log), log[-6:]


print("async with", drive(managed(1500)))


# -- asyncio -----------------------------------------------------------------------

async def step(k):
    return k * k % 13


async def worker(name, n, out, yield_every):
    total = 0
    for k in range(n):
        total += await step(k)
        if k % yield_every == 0:
            await asyncio.sleep(0)
    out.append((name, total))
    return total


async def forever(out):
    k = 0
    try:
        while True:
            out.append(await step(k))
            k += 1
            if k % 40 == 0:
                await asyncio.sleep(0)
    except asyncio.CancelledError:
        out.append("cancelled")
        raise


class Manager:
    def __init__(self, log):
        self.log = log

    async def __aenter__(self):
        self.log.append("enter")
        return self

    async def __aexit__(self, *exc):
        self.log.append(("exit", exc[0].__name__ if exc[0] else None))
        return False


async def main():
    out = []
    results = await asyncio.gather(worker("a", 700, out, 37), worker("b", 500, out, 11),
                                   worker("c", 300, out, 1000))
    print("gather", results, out)
    seen = []
    t = asyncio.ensure_future(forever(seen))
    for _ in range(30):
        await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled", len(seen), seen[-1])
    log = []
    async with Manager(log):
        for k in range(200):
            log.append(await step(k))
    print("async with", log[:3], log[-1], len(log))


asyncio.run(main())
print("recursion limit", sys.getrecursionlimit())
