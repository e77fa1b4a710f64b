"""Custom awaitables: __await__ returning generators, awaiting futures, types.coroutine, await chain, inspect checks."""
import asyncio
import inspect
import types
class Sleep0:
    def __await__(self):
        yield
        return "Sleep0 result"
class Value:
    def __init__(self, v):
        self.v = v
    def __await__(self):
        return self._gen().__await__()
    async def _gen(self):
        await asyncio.sleep(0)
        return self.v * 10
class ViaIter:
    def __await__(self):
        return iter([])
@types.coroutine
def legacy():
    x = yield
    return "legacy done"
class Bad:
    def __await__(self):
        return 42
async def main():
    print(await Sleep0())
    print(await Value(4))
    print(await legacy())
    try:
        print(await ViaIter())
    except Exception as e:
        print(type(e).__name__, e)
    try:
        await Bad()
    except TypeError as e:
        print("TypeError:", e)
    try:
        await 5
    except TypeError as e:
        print("TypeError:", e)
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_soon(fut.set_result, "future value")
    print(await fut)
    fut2 = loop.create_future()
    loop.call_soon(fut2.set_exception, RuntimeError("future failed"))
    try:
        await fut2
    except RuntimeError as e:
        print("RuntimeError:", e)
    print(inspect.isawaitable(Value(1)), inspect.isawaitable(5), inspect.isawaitable(fut))
    coro = Value(2)._gen()
    print(asyncio.iscoroutine(coro), inspect.isawaitable(coro))
    print(await coro)
    async def chain(n):
        if n == 0:
            return 0
        return 1 + await chain(n - 1)
    print(await chain(100))
    total = 0
    for i in range(1000):
        total += await Value(i)
    print(total)
    events = []
    def cb(tag):
        events.append(tag)
    loop.call_soon(cb, "first")
    loop.call_soon(cb, "second")
    await asyncio.sleep(0)
    print(events)
    c = Value(9)._gen()
    print(c.cr_running, c.cr_frame is not None, c.__name__)
    c.close()
    print(c.cr_frame)
    try:
        c.send(None)
    except RuntimeError as e:
        print("RuntimeError:", e)
asyncio.run(main())
async def simple():
    return "driven manually"
co = simple()
try:
    co.send(None)
except StopIteration as e:
    print("StopIteration value:", e.value)
