"""Short ``async for`` visits over pipelines made just before the loop (tier
jit: the GET_ANEXT header enters the loop's code from before the loop, a
temporary unbound on the first iteration is generalized, the first iteration's
bridge starts every stage -- GET_AITER, the first ``__anext__``), and
coroutine chains whose resumption suspends again before the loop's header
(the resumption trace's bridge records the suspension).  Early exits:
``aclose()`` at a break, generators collected unfinished, StopAsyncIteration
of an empty pipeline, an exception in a stage's first step, values sent into
resumed chains, exceptions and tracebacks through the awaits.  (asend/athrow:
jit_agen_step_resume.py.)"""

import gc
import sys
import traceback


class Tick:
    __slots__ = ()

    def __await__(self):
        sent = yield "tick"
        return sent


TICK = Tick()


def drive(coro):
    """Resumes ``coro`` whenever it suspends, sending 0, 1, 2, ... in (None first)."""
    n = 0
    while True:
        try:
            coro.send(n - 1 if n else None)
        except StopIteration as stop:
            return stop.value, n
        n += 1


async def source(n, bad=-1, every=0):
    for i in range(n):
        if i == bad:
            raise ValueError(f"bad item {i}")
        if every and i % every == every - 1:
            await TICK
        yield i


async def mapped(items, k):
    async for x in items:
        yield (x * k) % 101


async def kept(items):
    async for x in items:
        if x % 3:
            yield x


async def first_over(items, limit):
    gen = kept(mapped(items, 7))
    async for x in gen:
        if x > limit:
            await gen.aclose()
            return x
    return -1


async def first_left(items, limit):
    # (the generator left unfinished at the break: collected, finalized)
    async for x in kept(mapped(items, 5)):
        if x > limit:
            break
    else:
        return -1
    return x


async def main(n):
    out = []
    total = 0
    for j in range(n):
        total += await first_over(source(12 + j % 5), 90 - j % 40)
        total += await first_left(source(8 + j % 3, every=4), 95 - j % 30)
    out.append(total)
    # an empty pipeline (StopAsyncIteration at the first step), a stage
    # raising in its first step
    empties = 0
    for j in range(n // 4):
        empties += await first_over(source(0), 10)
        try:
            await first_over(source(5, bad=j % 3), 200)
        except ValueError as e:
            empties += len(str(e))
    out.append(empties)
    return out


print(drive(main(60)))
gc.collect()


# -- a resumed chain suspending again before the loop's header -------------------

async def leaf(state, k):
    state[0] = (state[0] * 1103515245 + k) & 0xFFFF
    if state[0] & 3 == 0:
        got = await TICK
        if got is not None and got % 211 == 0:
            state[0] += 1
    if k == 5020:
        raise KeyError(k)
    return state[0] % 31


async def middle(state, k):
    a = await leaf(state, k)
    b = await leaf(state, k + 1)
    return a + b if a < b else a - b


async def task(ident, steps):
    state = [ident + 1]
    total = 0
    for k in range(steps):
        try:
            total += await middle(state, k)
        except KeyError as e:
            total += 1000 + e.args[0]
        if k % 25 == 24:
            await TICK
    return ident, total


def schedule(coros):
    ready = [(c, False) for c in coros]
    results = {}
    switches = 0
    while ready:
        coro, started = ready.pop(0)
        try:
            coro.send(switches if started and switches % 7 else None)
        except StopIteration as stop:
            ident, total = stop.value
            results[ident] = total
        else:
            switches += 1
            ready.append((coro, True))
    return sorted(results.items()), switches


print(schedule([task(i, 150) for i in range(4)]))


async def failing(ident, steps):
    state = [ident]
    for k in range(steps):
        await middle(state, k + 5000 * (ident == 0))
        if k == steps - 1:
            raise RuntimeError(f"task {ident} failed at {k}")


def failures():
    for i in range(3):
        try:
            schedule([failing(i, 30 + i)])
        except (RuntimeError, KeyError) as e:
            tb = traceback.extract_tb(e.__traceback__)
            print(type(e).__name__, e, [fr.name for fr in tb])


failures()


gen = mapped(source(5), 3)
print(gen.ag_running, gen.ag_frame is not None)
del gen
gc.collect()
print("done", file=sys.stderr)
