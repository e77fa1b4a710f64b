# An async generator returning inside a trace (record/resumption.py,
# ``async_for_end``): its ``async for`` consumer's END_ASYNC_FOR ends the loop
# and the consumer goes on -- code after the loop, another yield, its own
# return ending the loop of the level above --, a chain of levels ending in
# one bridge.  A ``finally`` and locals whose ``__del__`` reports when they
# go, a guard failing after the end (another type), ag_running/ag_frame seen
# after, values that end the pipeline early, and generators closed early.
import sys


class Noisy:
    def __init__(self, tag):
        self.tag = tag

    def __del__(self):
        log.append(("del", self.tag))


log = []


async def source(n, tag):
    keep = Noisy(tag)
    try:
        for i in range(n):
            yield i
    finally:
        log.append(("finally", tag))


async def mapped(items, k):
    async for x in items:
        yield x * k
    yield "end"                  # (after the inner loop ended: another yield)


async def kept(items):
    seen = 0
    async for x in items:
        seen += 1
        if x == "end" or x % 3:
            yield x
    log.append(("kept done", seen))


async def total_of(items):
    t = 0
    n = 0
    async for x in items:
        if x == "end":
            n += 1
        else:
            t += x
    return t, n


def drive(coro):
    try:
        coro.send(None)
    except StopIteration as s:
        return s.value
    raise AssertionError("suspended")


out = []
for r in range(30):
    log.clear()
    v = drive(total_of(kept(mapped(source(5 + r % 4, r), 2 if r < 20 else 2.5))))
    if r % 7 == 0 or r in (19, 20, 21):
        out.append((r, v, list(log)))
    if r % 5 == 4:
        # a generator closed early, after its trace ran it
        g = kept(mapped(source(100, "early"), 1))

        async def first_two():
            got = [await g.__anext__(), await g.__anext__()]
            await g.aclose()
            return got, g.ag_running, g.ag_frame
        out.append(("early", drive(first_two()), list(log)))
for row in out:
    print(row)


# the end seen from the generators themselves
async def outer():
    inner = source(3, "seen")
    async for x in inner:
        pass
    return inner.ag_running, inner.ag_frame, inner.ag_await

for _ in range(6):
    res = drive(outer())
print("seen", res)
print("refs", sys.getrefcount(res) > 0, log[-2:])
