"""anext(iterator, default) awaited from VM code, whatever __anext__ returns: a
coroutine, a @types.coroutine generator, an object with __await__; the end
(StopAsyncIteration) gives the default; a non-async-iterator is a TypeError."""
import types


async def agen():
    yield 1
    yield 2


class Native:
    def __init__(self):
        self.n = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        self.n += 1
        if self.n > 2:
            raise StopAsyncIteration
        return self.n * 10


class GenBased(Native):
    @types.coroutine
    def __anext__(self):
        if False:
            yield "never"
        self.n += 1
        if self.n > 2:
            raise StopAsyncIteration
        return self.n * 100


class GenYield(Native):
    @types.coroutine
    def __anext__(self):
        yield "tick"  # (a suspension: the same generator goes on at the next step)
        self.n += 1
        if self.n > 2:
            raise StopAsyncIteration
        return -self.n


class Step:
    def __init__(self, value):
        self.value = value

    def __await__(self):
        # (no suspension: CPython's anext_awaitable asks __await__ again at each step)
        if False:
            yield
        if self.value is None:
            raise StopAsyncIteration
        return self.value


class AwaitObj(Native):
    def __anext__(self):
        self.n += 1
        return Step(self.n if self.n <= 2 else None)


async def consume(it):
    out = []
    for _ in range(4):
        out.append(await anext(it, "default"))
    return out


def run(coro):
    suspended = 0
    try:
        while True:
            coro.send(None)
            suspended += 1
    except StopIteration as e:
        return e.value, suspended


for make in (agen, Native, GenBased, GenYield, AwaitObj):
    print(make.__name__, run(consume(make())))


async def bad():
    try:
        await anext(5, 1)
    except TypeError as e:
        return str(e)


print(run(bad()))
aw = anext(agen(), None)
print(type(aw).__name__)
aw.close()
