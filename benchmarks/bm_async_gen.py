"""Async generators: a pipeline of ``async for`` stages, consumed by an
async comprehension and by ``async for`` with early exits (``aclose``).

The source stage suspends to the driver now and then (an awaitable whose
``__await__`` yields), so the pipeline is resumed from the outside as an
event loop would; the stages between run ``async for`` over the stage
before them.  The driver is a plain ``send`` loop in the program.

``n`` is the number of items the source produces.
"""

WORKLOAD = 45_000
QUICK_WORKLOAD = 9_000


class Tick:
    __slots__ = ()

    def __await__(self):
        yield None


TICK = Tick()


async def source(n):
    for i in range(n):
        if i % 64 == 63:
            await TICK
        yield i


async def mapped(items, k):
    async for x in items:
        yield (x * k) % 1009


async def kept(items):
    async for x in items:
        if x % 3:
            yield x


async def first_over(items, limit):
    """Stops at the first item over ``limit``: the generator is closed early."""
    gen = kept(mapped(items, 7))
    async for x in gen:
        if x > limit:
            await gen.aclose()
            return x
    return -1


async def main(n):
    total = 0
    async for x in kept(mapped(source(n), 13)):
        total += x
    squares = [x * x async for x in mapped(source(n // 4), 3) if x & 1]
    firsts = 0
    for j in range(n // 200):
        firsts += await first_over(source(50), 1000 - j % 50)
    return total, sum(squares), firsts


def drive(coro):
    """Runs a coroutine to its end, resuming it whenever it suspends."""
    resumes = 0
    while True:
        try:
            coro.send(None)
        except StopIteration as stop:
            return stop.value, resumes
        resumes += 1


def run(n):
    (total, squares, firsts), resumes = drive(main(n))
    return total + squares * 3 + firsts * 7 + resumes


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
