# Resumption traces (jit/functions.py, record/resumption.py): a coroutine
# resumed after an await's yield runs its chain's resumption natively -- the
# SEND into each suspended coroutine's heap frame down to the awaitable's
# generator, their returns at each SEND, up to the outer loop's header.
# Chains of depth 1-3 resumed by hand-written schedulers, values sent and
# thrown in, every level returning, guards failing mid-chain (another type,
# another path), the state seen from outside and from inside (cr_await,
# cr_frame, cr_running, f_locals), exceptions and tracebacks through resumed
# chains, close() of chains resumed before.
import sys
import traceback
from collections import deque


class Suspend:
    __slots__ = ("tag",)

    def __init__(self, tag):
        self.tag = tag

    def __await__(self):
        got = yield self
        return got


RUNNING = {}


async def leaf(state, k, aw):
    state[0] = (state[0] * 1103515245 + k) & 0xFFFF
    if state[0] & 3 == 0:
        got = await aw
        if got is not None:
            state[0] += got if type(got) is int else len(got)
        if state[0] % 53 == 0:
            seen = [(name, c.cr_running) for name, c in sorted(RUNNING.items())]
            print("running seen from leaf", seen)
    if state[0] % 257 == 0:
        raise ValueError(f"leaf {k}")
    return state[0] % 97


async def middle(state, k, aw):
    a = await leaf(state, k, aw)
    b = await leaf(state, k + 1, aw)
    return a + b if a < b else (a - b) * 1.5 if k % 7 == 0 else a - b


async def depth3(ident, steps, aw):
    state = [ident + 1]
    total = 0
    for k in range(steps):
        try:
            total += await middle(state, k, aw)
        except ValueError as e:
            total += 1000
            print("caught", e)
        if k % 9 == 8:
            await aw
    return ident, total


async def depth2(ident, steps, aw):
    state = [ident + 7]
    total = 0
    for k in range(steps):
        total += await leaf(state, k, aw) if state[0] % 1009 != 1008 else 0
    return ident, total


async def depth1(ident, steps, aw):
    total = 0
    for k in range(steps):
        got = await aw
        total += k if got is None else got
    return ident, total


def schedule(coros, send=lambda n: None, label="", inspect_at=-1):
    ready = deque(coros)
    results = {}
    switches = 0
    started = set()
    while ready:
        coro = ready.popleft()
        try:
            coro.send(send(switches) if id(coro) in started else None)
            started.add(id(coro))
        except StopIteration as stop:
            started.discard(id(coro))
            ident, total = stop.value
            results[ident] = total
        except ValueError as e:
            started.discard(id(coro))
            print(label, "escaped", e)
            tb = traceback.extract_tb(e.__traceback__)
            print(label, [(f.name, f.lineno) for f in tb])
        else:
            switches += 1
            if switches == inspect_at:
                c, chain = coro, []
                while c is not None and hasattr(c, "cr_frame"):
                    fr = c.cr_frame
                    chain.append((c.__name__, fr.f_lineno if fr else None,
                                  sorted(k for k in fr.f_locals) if fr else None,
                                  c.cr_running))
                    c = c.cr_await
                print(label, "chain", chain, type(c).__name__)
            ready.append(coro)
    return sorted(results.items()), switches


def main():
    aw = Suspend("s")
    for rnd in range(3):
        tasks = [depth3(i, 60, aw) for i in range(4)]
        for i, t in enumerate(tasks):
            RUNNING[f"t{i}"] = t
        print("depth3", rnd, schedule(tasks, label="d3", inspect_at=40 + rnd))
        RUNNING.clear()
        print("depth2", rnd, schedule([depth2(i, 80, aw) for i in range(3)], label="d2"))
        print("depth1", rnd, schedule([depth1(i, 50, aw) for i in range(2)]))
    # values sent back through the awaitable's yield: ints, then strings (the
    # resumption's guard on the value fails; another path)
    print("sent ints", schedule([depth3(i, 40, aw) for i in range(3)],
                                send=lambda n: None if n % 3 else n))
    print("sent strs", schedule([depth3(i, 40, aw) for i in range(3)],
                                send=lambda n: None if n % 4 else "ab" * (n % 5)))
    print("depth1 sent", schedule([depth1(i, 40, aw) for i in range(2)],
                                  send=lambda n: None if n % 2 else n * 3))
    # throw() and close() into chains resumed natively before
    for k in (5, 17, 33):
        c = depth3(9, 100, aw)
        for _ in range(k):
            c.send(None)
        try:
            c.throw(KeyError(k))
        except KeyError as e:
            tb = traceback.extract_tb(e.__traceback__)
            print("thrown", k, [(f.name, f.lineno) for f in tb])
        print("after throw", c.cr_frame, c.cr_await, c.cr_running)
        c = depth3(9, 100, aw)
        for _ in range(k):
            c.send(None)
        aw2 = c.cr_await
        c.close()
        print("closed", k, c.cr_frame, type(aw2).__name__, aw2.cr_frame if hasattr(aw2, "cr_frame") else aw2.gi_frame, c.cr_await)
    # a chain whose awaitable is another class halfway: guards fail mid-chain
    class Other:
        def __await__(self):
            v = yield "other"
            return 5 if v is None else v

    other = Other()
    mixed = [depth3(i, 50, aw if i % 2 else other) for i in range(4)]
    print("mixed", schedule(mixed))


main()
