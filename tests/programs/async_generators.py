"""Async generators: async for over them, asend/athrow/aclose, finally on aclose, async comprehensions, aiter/anext builtins."""
import asyncio
async def countdown(n):
    try:
        while n > 0:
            await asyncio.sleep(0)
            yield n
            n -= 1
    finally:
        print("countdown finally")
async def echo():
    received = []
    try:
        while True:
            v = yield len(received)
            received.append(v)
    except GeneratorExit:
        print("echo closing with", received)
        raise
async def catcher():
    while True:
        try:
            yield "waiting"
        except ValueError as e:
            yield f"caught {e}"
async def main():
    async for v in countdown(3):
        print("v", v)
    print([v async for v in countdown(4)])
    print([v * v async for v in countdown(5) if v % 2])
    print({v: str(v) async for v in countdown(2)}, {v async for v in countdown(2)})
    e = echo()
    print(await e.asend(None))
    print(await e.asend("a"))
    print(await e.asend("b"))
    await e.aclose()
    c = catcher()
    print(await anext(c))
    print(await c.athrow(ValueError("oops")))
    print(await anext(c))
    await c.aclose()
    g = countdown(10)
    print(await anext(g), await anext(g))
    await g.aclose()
    g2 = countdown(1)
    print(await anext(g2))
    print(await anext(g2, "default"))
    try:
        await anext(countdown(0))
    except StopAsyncIteration:
        print("StopAsyncIteration")
    it = aiter(countdown(2))
    print(type(it).__name__, await it.__anext__())
    await it.aclose()
    async def squares(n):
        for i in range(n):
            yield i * i
    total = 0
    async for s in squares(3000):
        total += s
    print(total)
    async def agen_return():
        yield 1
        return
    print([x async for x in agen_return()])
    async def nested_gen():
        async for x in squares(4):
            yield [y async for y in squares(x)]
    print([z async for z in nested_gen()])
    print(countdown.__name__, type(countdown(1)).__name__ if False else "agen made", squares.__qualname__)
asyncio.run(main())
