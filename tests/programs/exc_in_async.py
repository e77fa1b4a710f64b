# Uncaught exception raised in a coroutine awaited under asyncio.run (asyncio frames in the traceback).
import asyncio


async def fetch(n):
    await asyncio.sleep(0)
    if n == 3:
        raise ConnectionError(f"fetch {n} failed")
    return n * 10


async def gather_ok():
    return await asyncio.gather(*(fetch(i) for i in range(3)))


async def main():
    print(await gather_ok())
    try:
        await asyncio.gather(fetch(1), fetch(3))
    except ConnectionError as e:
        print("caught:", e)
    total = 0
    for i in range(5):
        total += await fetch(i)
    return total


print(asyncio.run(main()))
