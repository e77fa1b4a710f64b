# Awaits inlined into a trace (tier jit, issue #14): references over a long
# loop of await chains -- arguments, results and the coroutines' locals are
# released exactly, whether the chain completes in the trace or a guard inside
# it fails (the coroutines are rebuilt) or it suspends to the driver.
import sys


class Box:
    def __init__(self, v):
        self.v = v


async def inner(items, box, k):
    probe = items[k % len(items)]
    if k % 61 == 60:
        await Pause()
    return len(probe) + box.v


async def outer(items, box, k):
    a = await inner(items, box, k)
    b = await inner(items, box, k + 1)
    return a - b if a > b else b - a


class Pause:
    def __await__(self):
        yield self


async def loop(items, box, n):
    total = 0
    for k in range(n):
        total += await outer(items, box, k)
    return total


def drive(coro):
    pauses = 0
    while True:
        try:
            coro.send(None)
        except StopIteration as stop:
            return stop.value, pauses
        pauses += 1


items = [[0] * (k % 7) for k in range(13)]
box = Box(3)
probe = items[5]
before = [sys.getrefcount(o) for o in (items, box, probe)]
for _ in range(3):
    print(drive(loop(items, box, 20000)))
after = [sys.getrefcount(o) for o in (items, box, probe)]
print("refcounts unchanged", before == after)
