"""asyncio tasks: cancellation, CancelledError handling with cleanup, wait_for on fast tasks, TimeoutError, shield, as_completed, wait."""
import asyncio
async def fast(v):
    await asyncio.sleep(0)
    return v * 2
async def slow_loop(log):
    try:
        while True:
            await asyncio.sleep(0)
            log.append("tick")
    except asyncio.CancelledError:
        log.append("cancelled-cleanup")
        raise
    finally:
        log.append("finally")
async def main():
    print(await asyncio.wait_for(fast(21), timeout=1))
    log = []
    t = asyncio.create_task(slow_loop(log))
    for _ in range(3):
        await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("task cancelled:", t.cancelled())
    print(log.count("tick") >= 1, log[-2:])
    async def forever():
        await asyncio.Event().wait()
    try:
        await asyncio.wait_for(forever(), timeout=0.01)
    except asyncio.TimeoutError:
        print("TimeoutError caught")
    tasks = [asyncio.create_task(fast(i)) for i in range(5)]
    done, pending = await asyncio.wait(tasks)
    print(sorted(t.result() for t in done), len(pending))
    results = []
    for fut in asyncio.as_completed([fast(i) for i in range(4)]):
        results.append(await fut)
    print(sorted(results))
    inner = asyncio.create_task(fast(50))
    print(await asyncio.shield(inner))
    async def swallow():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            return "swallowed cancel"
    t2 = asyncio.create_task(swallow())
    await asyncio.sleep(0)
    t2.cancel()
    print(await t2, t2.cancelled())
    t3 = asyncio.create_task(fast(1))
    t3.cancel()
    try:
        await t3
    except asyncio.CancelledError:
        print("cancelled before start")
    async def fails():
        raise KeyError("task failure")
    t4 = asyncio.create_task(fails())
    await asyncio.sleep(0)
    print(t4.done(), type(t4.exception()).__name__)
    cb_log = []
    t5 = asyncio.create_task(fast(3))
    t5.add_done_callback(lambda task: cb_log.append(("done", task.result())))
    await t5
    await asyncio.sleep(0)
    print(cb_log)
    async with asyncio.timeout(1):
        print("inside timeout ctx", await fast(4))
    try:
        async with asyncio.timeout(0.005):
            await forever()
    except TimeoutError:
        print("timeout ctx expired")
    async with asyncio.TaskGroup() as tg:
        ts = [tg.create_task(fast(i)) for i in range(3)]
    print([t.result() for t in ts])
asyncio.run(main())
