"""async with and async for: async context managers (class and contextlib.asynccontextmanager), async iterators, exceptions."""
import asyncio
import contextlib
class AsyncRes:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow
    async def __aenter__(self):
        await asyncio.sleep(0)
        print("aenter", self.name)
        return self
    async def __aexit__(self, et, ev, tb):
        await asyncio.sleep(0)
        print("aexit", self.name, et.__name__ if et else None)
        return self.swallow
class Ticker:
    def __init__(self, n):
        self.n = n
        self.i = 0
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        await asyncio.sleep(0)
        self.i += 1
        return self.i
@contextlib.asynccontextmanager
async def session(name):
    print("open session", name)
    try:
        yield {"name": name}
    except ValueError as e:
        print("session saw", e)
        raise
    finally:
        print("close session", name)
async def main():
    async with AsyncRes("one") as r:
        print("body", r.name)
    async with AsyncRes("a"), AsyncRes("b") as b:
        print("two managers", b.name)
    async with AsyncRes("swallow", swallow=True):
        raise KeyError("hidden")
    print("after swallow")
    try:
        async with AsyncRes("prop"):
            raise IndexError("shown")
    except IndexError as e:
        print("caught", e)
    async for v in Ticker(4):
        print("tick", v)
    async for v in Ticker(5):
        if v == 2:
            continue
        if v == 4:
            break
        print("loop", v)
    else:
        print("not reached")
    async for v in Ticker(0):
        pass
    else:
        print("async for else")
    async with session("s1") as s:
        print("in", s)
    try:
        async with session("s2"):
            raise ValueError("bad data")
    except ValueError:
        print("propagated")
    total = 0
    async for v in Ticker(3000):
        total += v
    print(total)
    async with contextlib.AsyncExitStack() as stack:
        for n in range(3):
            await stack.enter_async_context(AsyncRes(f"stack{n}"))
        print("stack body")
    try:
        async for x in 5:
            pass
    except TypeError as e:
        print("TypeError:", e)
    try:
        async with object():
            pass
    except (TypeError, AttributeError) as e:
        print(type(e).__name__, e)
asyncio.run(main())
