"""asyncio edge cases: unfinished async generators finalized by asyncio.run, await in finally, never-retrieved task exception, run_in_executor with VM function, loop callbacks."""
import asyncio
import functools
async def ticker():
    try:
        i = 0
        while True:
            yield i
            i += 1
    finally:
        print("ticker finalized")
async def cleanup_in_finally():
    try:
        return "value"
    finally:
        await asyncio.sleep(0)
        print("awaited in finally")
def blocking(x, y=1):
    return sum(range(x)) * y
async def main():
    agen = ticker()
    print(await agen.__anext__(), await agen.__anext__())
    print(await cleanup_in_finally())
    loop = asyncio.get_running_loop()
    print(await loop.run_in_executor(None, blocking, 3000))
    print(await loop.run_in_executor(None, functools.partial(blocking, 10, y=3)))
    order = []
    loop.call_soon(order.append, "soon1")
    loop.call_later(0, order.append, "later0")
    loop.call_soon(lambda: order.append("soon2"))
    await asyncio.sleep(0.001)
    print(order)
    async def deep(n):
        if n == 0:
            await asyncio.sleep(0)
            return 0
        return 1 + await deep(n - 1)
    print(await deep(200))
    async def fail():
        raise LookupError("gather child")
    results = await asyncio.gather(*(deep(3) for _ in range(3)), fail(), return_exceptions=True)
    print([r if not isinstance(r, BaseException) else type(r).__name__ for r in results])
    t = asyncio.current_task()
    print(t.get_name(), t.get_coro().__name__ if hasattr(t.get_coro(), "__name__") else "?")
    async def with_timeout():
        try:
            async with asyncio.timeout(0.001):
                await asyncio.sleep(1)
        except TimeoutError:
            return "timed out"
    print(await with_timeout())
    lst = [x async for x in ticker_limited(5)]
    print(lst)
    print(await asyncio.gather(*[asyncio.to_thread(blocking, i) for i in range(5)]))
async def ticker_limited(n):
    async for v in ticker():
        if v >= n:
            break
        yield v
asyncio.run(main())
print("after run")
async def never_retrieved():
    async def boom():
        raise KeyError("lost exception")
    t = asyncio.create_task(boom())
    await asyncio.sleep(0)
    del t
    await asyncio.sleep(0)
    print("main done")
asyncio.run(never_retrieved())
