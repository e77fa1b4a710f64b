"""asyncio.Queue producer/consumer, Event, Lock, Semaphore, Condition with several tasks; deterministic ordering."""
import asyncio
async def producer(q, name, n):
    for i in range(n):
        await q.put(f"{name}-{i}")
        await asyncio.sleep(0)
    print("producer", name, "finished")
async def consumer(q, name, out):
    while True:
        item = await q.get()
        if item is None:
            q.task_done()
            print("consumer", name, "stopping")
            break
        out.append((name, item))
        q.task_done()
async def main():
    q = asyncio.Queue(maxsize=2)
    out = []
    consumers = [asyncio.create_task(consumer(q, f"c{i}", out)) for i in range(2)]
    await asyncio.gather(producer(q, "p1", 4), producer(q, "p2", 3))
    for _ in consumers:
        await q.put(None)
    await q.join()
    await asyncio.gather(*consumers)
    print(len(out), sorted(item for _, item in out))
    print(sorted(set(name for name, _ in out)))
    ev = asyncio.Event()
    order = []
    async def waiter(i):
        await ev.wait()
        order.append(i)
    ws = [asyncio.create_task(waiter(i)) for i in range(3)]
    await asyncio.sleep(0)
    print("event set?", ev.is_set())
    ev.set()
    await asyncio.gather(*ws)
    print(order)
    lock = asyncio.Lock()
    counter = {"v": 0}
    async def incr():
        for _ in range(100):
            async with lock:
                v = counter["v"]
                await asyncio.sleep(0)
                counter["v"] = v + 1
    await asyncio.gather(*(incr() for _ in range(5)))
    print(counter, lock.locked())
    sem = asyncio.Semaphore(2)
    active = {"now": 0, "max": 0}
    async def limited(i):
        async with sem:
            active["now"] += 1
            active["max"] = max(active["max"], active["now"])
            await asyncio.sleep(0)
            active["now"] -= 1
            return i
    print(await asyncio.gather(*(limited(i) for i in range(6))), active)
    cond = asyncio.Condition()
    items = []
    async def cons():
        async with cond:
            await cond.wait_for(lambda: len(items) >= 3)
            return list(items)
    t = asyncio.create_task(cons())
    for i in range(3):
        await asyncio.sleep(0)
        async with cond:
            items.append(i)
            cond.notify_all()
    print(await t)
    pq = asyncio.PriorityQueue()
    for p in [5, 1, 4, 2]:
        pq.put_nowait((p, f"job{p}"))
    print([pq.get_nowait()[1] for _ in range(4)], pq.empty())
    lq = asyncio.LifoQueue()
    for i in range(3):
        await lq.put(i)
    print([await lq.get() for _ in range(3)])
    try:
        asyncio.Queue().get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty")
    bq = asyncio.Queue()
    for i in range(3000):
        bq.put_nowait(i)
    s = 0
    while not bq.empty():
        s += await bq.get()
    print(s)
asyncio.run(main())
