"""asyncio basics: asyncio.run, awaiting coroutines, gather ordering and return values, create_task, task results, sleep(0)."""
import asyncio
async def add(a, b):
    await asyncio.sleep(0)
    return a + b
async def worker(name, steps, log):
    for i in range(steps):
        log.append(f"{name}{i}")
        await asyncio.sleep(0)
    return f"{name} done"
async def main():
    print(await add(1, 2))
    log = []
    results = await asyncio.gather(worker("a", 3, log), worker("b", 2, log), worker("c", 1, log))
    print(results)
    print(log)
    t1 = asyncio.create_task(worker("t", 2, log), name="task-t")
    t2 = asyncio.create_task(add(10, 20))
    print(t1.get_name(), t1.done())
    r1 = await t1
    r2 = await t2
    print(r1, r2, t1.done(), t1.result(), t2.cancelled())
    coros = [add(i, i) for i in range(5)]
    print(await asyncio.gather(*coros))
    total = 0
    for i in range(1000):
        total += await add(i, 1)
    print(total)
    async def nested():
        return await add(await add(1, 1), await add(2, 2))
    print(await nested())
    print(type(add(1, 2).__class__).__name__ if False else "coroutine object created")
    c = add(5, 5)
    print(c.__name__, c.__qualname__, asyncio.iscoroutine(c))
    print(await c)
    return "main result"
print(asyncio.run(main()))
async def raises():
    await asyncio.sleep(0)
    raise ValueError("inside coroutine")
async def main2():
    try:
        await raises()
    except ValueError as e:
        print("caught:", e)
    res = await asyncio.gather(raises(), add(1, 1), return_exceptions=True)
    print([type(r).__name__ for r in res], res[1])
    try:
        await asyncio.gather(add(1, 2), raises())
    except ValueError as e:
        print("gather propagated:", e)
asyncio.run(main2())
async def never_awaited_check():
    return 1
print(asyncio.run(never_awaited_check()))
