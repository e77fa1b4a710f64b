"""An exception escaping asyncio.run: the traceback goes through the coroutine frames (uncaught on purpose)."""
import asyncio
async def level3(x):
    await asyncio.sleep(0)
    return {"a": 1}[x]
async def level2(x):
    return await level3(x)
async def main():
    print("starting")
    print(await level2("a"))
    print(await level2("missing"))
asyncio.run(main())
