"""Coroutines: await chains three deep, driven by a round-robin scheduler
written in the program (no event loop from the standard library).

Each task is a coroutine that runs a small state machine; every step awaits
a helper coroutine, which awaits a leaf that computes and, every few calls,
suspends the whole chain back to the scheduler through an awaitable whose
``__await__`` yields.  The scheduler resumes tasks with ``send`` and collects
their results from ``StopIteration``.  The shape of async code in servers and
simulations: most awaits complete without suspending, some do.

``n`` is the number of steps over all tasks.
"""

from collections import deque

WORKLOAD = 30_000
QUICK_WORKLOAD = 6_000


class Suspend:
    """Awaiting this hands control back to the scheduler once."""
    __slots__ = ()

    def __await__(self):
        yield self


SUSPEND = Suspend()


async def leaf(state, k):
    state[0] = (state[0] * 1103515245 + k) & 0xFFFFFF
    if state[0] & 7 == 0:
        await SUSPEND
    return state[0] % 97


async def middle(state, k):
    a = await leaf(state, k)
    b = await leaf(state, k + 1)
    return a + b if a < b else a - b


async def task(ident, steps):
    state = [ident + 1]
    total = 0
    for k in range(steps):
        total += await middle(state, k)
        if k % 50 == 49:
            await SUSPEND
    return ident, total


def schedule(coros):
    ready = deque(coros)
    results = {}
    switches = 0
    while ready:
        coro = ready.popleft()
        try:
            coro.send(None)
        except StopIteration as stop:
            ident, total = stop.value
            results[ident] = total
        else:
            switches += 1
            ready.append(coro)
    return results, switches


def run(n):
    tasks = 8
    results, switches = schedule([task(i, n // tasks) for i in range(tasks)])
    return sum(results.values()) * 31 + switches


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
