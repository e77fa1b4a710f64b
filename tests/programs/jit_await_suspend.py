# Suspensions inside traces (jit/record/suspension.py): an await chain inlined
# in a coroutine's loop that now and then awaits a program awaitable whose
# __await__ yields -- a bridge records the suspension and its exit leaves the
# chain's coroutines suspended.  Hand-written schedulers (send/throw/close),
# the suspended state seen from outside, values sent back through the yield,
# guard failures (types, another awaitable), a suspension in an except block,
# abandoned chains and asyncio.
import asyncio
import gc
import inspect
import sys
import traceback
import weakref
from collections import deque


class Suspend:
    __slots__ = ("tag",)

    def __init__(self, tag):
        self.tag = tag

    def __await__(self):
        got = yield self
        return got


class Twice:
    def __await__(self):
        yield "one"
        yield "two"
        return 2


class Tracked:
    def __init__(self, name):
        self.name = name


async def leaf(state, k, aw):
    state[0] = (state[0] * 1103515245 + k) & 0xFFFFFF
    if state[0] & 7 == 0:
        got = await aw
        if got is not None:
            state[0] += got
    return state[0] % 97


async def middle(state, k, aw):
    a = await leaf(state, k, aw)
    b = await leaf(state, k + 1, aw)
    return a + b if a < b else a - b


async def task(ident, steps, aw):
    state = [ident + 1]
    total = 0
    for k in range(steps):
        total += await middle(state, k, aw)
        if k % 50 == 49:
            await aw
    return ident, total


def schedule(coros, reply=None):
    ready = deque((c, None) for c in coros)
    results = {}
    switches = 0
    while ready:
        coro, y = ready.popleft()
        try:
            y = coro.send(reply(y) if reply is not None and y is not None else None)
        except StopIteration as stop:
            ident, total = stop.value
            results[ident] = total
        else:
            switches += 1
            ready.append((coro, y))
    return sorted(results.items()), switches


print("plain", schedule([task(i, 400, Suspend("s")) for i in range(4)]))
print("twice", schedule([task(i, 300, Twice()) for i in range(3)]))
# values sent back through the yield (the __await__'s result)
print("reply", schedule([task(i, 300, Suspend("r")) for i in range(3)],
                        reply=lambda y: 3))


# the state a suspension leaves, seen by the scheduler
def describe(coro):
    out = []
    c = coro
    while c is not None and inspect.iscoroutine(c):
        f = c.cr_frame
        out.append((c.__name__, inspect.getcoroutinestate(c), f.f_lineno if f else None,
                    sorted(f.f_locals) if f else None))
        c = c.cr_await
    out.append(type(c).__name__)
    return out


def watch(steps):
    coro = task(7, steps, Suspend("w"))
    seen = 0
    first = None
    try:
        while True:
            y = coro.send(None)
            seen += 1
            if seen in (1, 2, 50, 120):
                print("suspended", seen, type(y).__name__, y.tag, describe(coro))
            if first is None:
                first = y
            assert y is first
    except StopIteration as e:
        print("watched", seen, e.value)


watch(600)


# throw() into a chain suspended by a bridge's exit, caught in middle
async def catching(state, k, aw):
    try:
        return await leaf(state, k, aw)
    except KeyError as e:
        return -len(e.args[0])


async def catcher(steps, aw):
    state = [5]
    total = 0
    for k in range(steps):
        total += await catching(state, k, aw)
    return total


def thrower(steps):
    coro = catcher(steps, Suspend("t"))
    n = 0
    try:
        y = coro.send(None)
        while True:
            n += 1
            y = coro.throw(KeyError("x" * (n % 5))) if n % 3 == 0 else coro.send(None)
    except StopIteration as e:
        print("thrown", n, e.value)


thrower(800)


# an exception not caught: the traceback goes through the suspended frames
def uncaught():
    coro = task(3, 500, Suspend("u"))
    n = 0
    try:
        while True:
            coro.send(None)
            n += 1
            if n == 30:
                coro.throw(ValueError("boom"))
    except ValueError as e:
        tb = traceback.extract_tb(e.__traceback__)
        print("uncaught", n, [(fr.name, fr.line) for fr in tb])
    print("after throw", inspect.getcoroutinestate(coro))


uncaught()


# close() and abandoned chains: finally blocks and locals' lifetimes
log = []


async def guarded_leaf(state, k, aw):
    t = Tracked(k)
    try:
        state[0] = (state[0] * 75 + k) % 65537
        if state[0] % 5 == 0:
            await aw
        return state[0] % 11
    finally:
        if k % 97 == 0 or len(log) < 3:
            log.append(("leaf-finally", t.name))


async def guarded(steps, aw):
    state = [1]
    total = 0
    try:
        for k in range(steps):
            total += await guarded_leaf(state, k, aw)
    finally:
        log.append(("task-finally", total))
    return total


def closer(steps, stop_after):
    coro = guarded(steps, Suspend("c"))
    n = 0
    try:
        while n < stop_after:
            coro.send(None)
            n += 1
    except StopIteration as e:
        print("closer finished", e.value)
        return
    ref = weakref.ref(coro.cr_await)
    coro.close()
    print("closed", n, inspect.getcoroutinestate(coro), ref() is None or ref().cr_frame is None)


closer(2000, 150)
print(log[:6], log[-2:])
log.clear()


def abandon(steps, stop_after):
    coro = guarded(steps, Suspend("a"))
    for _ in range(stop_after):
        coro.send(None)
    del coro
    gc.collect()
    print("abandoned", log[-2:])


abandon(2000, 90)
log.clear()


# guard failures: the state turns float, the awaitable changes class
async def fleaf(state, k, aw):
    state[0] = (state[0] * 31 + k) % 65521
    if state[0] % 8 < 1:
        await aw
    return state[0] % 97


async def fmiddle(state, k, aw):
    a = await fleaf(state, k, aw)
    b = await fleaf(state, k + 1, aw)
    return a + b if a < b else a - b


async def floaty(ident, steps, aws):
    state = [1]
    total = 0
    for k in range(steps):
        if k == steps // 2:
            state[0] = float(state[0])
        total += await fmiddle(state, k, aws[k % len(aws)]) if k < steps * 3 // 4 else 1
        if k == steps * 2 // 3:
            state[0] = int(state[0])
    return ident, total


print("float", schedule([floaty(0, 900, [Suspend("f")]),
                         floaty(1, 900, [Suspend("g"), Twice()])]))


# a suspension inside an except block (the coroutine keeps a handled exception)
async def in_except(steps, aw):
    total = 0
    for k in range(steps):
        try:
            if k % 9 == 0:
                raise LookupError(k)
            total += k
        except LookupError as e:
            await aw
            total += len(sys.exc_info()[1].args)
            assert sys.exc_info()[1] is e
    return 0, total


print("except", schedule([in_except(1200, Suspend("e"))]))


# asyncio: program awaitables that yield None (a bare yield: the task is run again)
class Tick:
    def __await__(self):
        yield


async def worker(name, n):
    state = [len(name)]
    total = 0
    for k in range(n):
        total += await middle(state, k, Tick())
        if k % 100 == 0:
            await asyncio.sleep(0)
    return name, total


async def main():
    return await asyncio.gather(worker("a", 700), worker("bb", 700), worker("ccc", 300))


print("asyncio", asyncio.run(main()))


# async generators whose awaits suspend inside a pipeline the consumer's trace
# resumes (the __anext__() awaitable made at the suspension)
class Pause:
    __slots__ = ("n",)

    def __init__(self, n):
        self.n = n

    def __await__(self):
        got = yield ("pause", self.n)
        return got


async def produce(n, every, aw):
    for i in range(n):
        if i % every == every - 1:
            r = await aw
            if r is not None:
                i += r
        yield i


async def scale(items, k):
    async for x in items:
        yield (x * k) % 1009


async def keep_odd(items):
    async for x in items:
        if x % 2 == 1:
            yield x


async def consume(n, every, aw):
    total = 0
    count = 0
    async for x in keep_odd(scale(produce(n, every, aw), 13)):
        total += x
        count += 1
    return total, count


def drive(coro, reply=None, watch=()):
    resumes = 0
    value = None
    while True:
        try:
            y = coro.send(value)
        except StopIteration as stop:
            return stop.value, resumes
        resumes += 1
        if resumes in watch:
            c, chain = coro, []
            while c is not None:
                chain.append(type(c).__name__)
                c = getattr(c, "cr_await", None) or getattr(c, "ag_await", None)
            print("agen suspended", resumes, y, chain)
        value = reply(y) if reply is not None else None


print("agen", drive(consume(3000, 37, Pause(1)), watch=(1, 40)))
print("agen reply", drive(consume(3000, 41, Pause(2)), reply=lambda y: y[1]))
print("agen float", drive(consume(2000, 29, Pause(3)), reply=lambda y: 0.5 if y[1] == 3 else None))


async def early(n, aw):
    gen = keep_odd(scale(produce(n, 23, aw), 7))
    found = []
    async for x in gen:
        if x > 1000 - len(found):
            found.append(x)
            if len(found) == 40:
                await gen.aclose()
                break
    return found[:3], len(found)


print("agen early", drive(early(5000, Pause(4))))


async def agen_main():
    return await consume(2500, 31, Tick())


print("agen asyncio", asyncio.run(agen_main()))
