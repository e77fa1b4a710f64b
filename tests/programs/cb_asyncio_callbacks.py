# asyncio calling VM code: call_soon/call_later callbacks, add_done_callback, tasks, queues, async generators, gather order.
import asyncio

order = []


def cb(tag):
    order.append(tag)


async def producer(q, n):
    for i in range(n):
        await q.put(i)
        await asyncio.sleep(0)
    await q.put(None)


async def consumer(q):
    got = []
    while (item := await q.get()) is not None:
        got.append(item * item)
    return got


async def agen(n):
    for i in range(n):
        yield i
        await asyncio.sleep(0)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(cb, "soon1")
    loop.call_soon(cb, "soon2")
    loop.call_later(0.001, cb, "later")
    await asyncio.sleep(0.01)
    print(order)
    q = asyncio.Queue()
    _, got = await asyncio.gather(producer(q, 5), consumer(q))
    print(got)
    fut = loop.create_future()
    fut.add_done_callback(lambda f: print("done callback:", f.result()))
    loop.call_soon(fut.set_result, "value")
    print("awaited:", await fut)
    print([x async for x in agen(4)])
    task = asyncio.create_task(asyncio.sleep(0, result="task result"))
    task.add_done_callback(lambda t: print("task done:", t.result()))
    print(await task)
    try:
        await asyncio.wait_for(asyncio.sleep(10), timeout=0.01)
    except asyncio.TimeoutError:
        print("timed out")
    results = await asyncio.gather(*(asyncio.sleep(0, result=i) for i in range(3)), return_exceptions=True)
    print(results)


asyncio.run(main())
print("loop closed")
