# Coroutines resumed by a scheduler's send() whose resumption trace ends at
# their loop's header, where the loop's code is entered in the same entry
# (jit/driver._resumed_at_header): `for`, `while` and `async for` loops; the
# loop's guards failing in the iterations run right after a resumption (an int
# that becomes a float, a branch taken late, a big int); exceptions thrown
# into a suspended coroutine (caught in the loop, and escaping with its
# traceback); close() while suspended (finally blocks, locals seen there);
# cr_frame's line and f_locals between resumptions; frames seen from inside the
# loop's body; an exception raised in the body escaping to the scheduler; a
# trace hook set by the resumed code.
import sys
import traceback
from collections import deque


class Pause:
    __slots__ = ()

    def __await__(self):
        got = yield "p"
        return got


PAUSE = Pause()


async def leaf(st, k):
    st[0] = (st[0] * 1103515245 + k) & 0xFFFFFF
    if st[0] & 7 == 0:
        await PAUSE
    return st[0] % 97


async def middle(st, k):
    a = await leaf(st, k)
    b = await leaf(st, k + 1)
    return a + b if a < b else a - b


def seen():
    f = sys._getframe(1)
    out = []
    while f is not None and len(out) < 3:
        # (names and lines only: a caller whose trace runs shows only part of its
        # f_locals -- notes/jit.md, "Known differences")
        out.append((f.f_code.co_name, f.f_lineno))
        f = f.f_back
    return out


async def for_task(ident, steps):
    st = [ident + 1]
    total = 0
    scale = 1
    for k in range(steps):
        total += await middle(st, k) * scale
        if k == steps // 2:
            scale = 0.5            # (a float from here: the loop's guards fail)
        if k == steps - 40 and ident == 1:
            total += 10 ** 30      # (a big int: another guard)
        if k % 97 == 96 and ident < 2:
            print("for", ident, k, seen())
        if k % 50 == 49:
            await PAUSE
    return ident, total


async def while_task(ident, steps):
    st = [ident + 3]
    total = 0
    k = 0
    while k < steps:
        total += await middle(st, k)
        k += 1
        if k % 40 == 0:
            await PAUSE
    return ident, total


async def agen_source(st, n):
    for i in range(n):
        if i % 9 == 8:
            await PAUSE
        yield (st[0] * 31 + i) % 1009


async def afor_task(ident, steps):
    st = [ident + 5]
    total = 0
    async for v in agen_source(st, steps):
        total += v + await middle(st, v)
    return ident, total


async def raising_task(ident, steps):
    st = [ident + 9]
    total = 0
    for k in range(steps):
        total += await middle(st, k)
        if k == steps - 3:
            raise ValueError(f"task {ident} gave up at {k} with {total}")
    return ident, total


async def catching_task(ident, steps):
    st = [ident + 11]
    total = 0
    caught = 0
    try:
        for k in range(steps):
            try:
                total += await middle(st, k)
            except KeyError as e:
                caught += 1
                total -= 7
                print("catching", ident, "caught", e.args, "at", k)
    finally:
        print("catching", ident, "finally", caught, total)
    return ident, total


def schedule(coros, poke=None):
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
        except Exception as e:
            print("scheduler:", type(e).__name__, e)
            traceback.print_exc(file=sys.stdout)
        else:
            switches += 1
            if poke is not None and poke(coro, switches):
                continue
            ready.append(coro)
    return results, switches


def show(coro):
    f = coro.cr_frame
    if f is None:
        return None
    return f.f_code.co_name, f.f_lineno, {k: v for k, v in sorted(f.f_locals.items())
                                         if k in ("k", "total", "scale", "caught")}


for rnd in range(3):
    print("round", rnd, schedule([for_task(i, 400) for i in range(4)]))
    print("round", rnd, schedule([while_task(i, 300) for i in range(3)]))
    print("round", rnd, schedule([afor_task(i, 120) for i in range(3)]))

print("raising", schedule([raising_task(i, 200) for i in range(2)]))

# throw() into a suspended coroutine after hundreds of native resumptions:
# caught in the loop (on with the next iteration), then escaping.
thrown = {}


def thrower(coro, n):
    if n in (60, 110):
        try:
            coro.throw(KeyError(n))
        except StopIteration as stop:
            print("thrower: finished", stop.value)
            return True
        return False
    if n == 170:
        try:
            coro.throw(RuntimeError("stop here"))
        except RuntimeError as e:
            print("thrower: escaped", e)
            print("".join(traceback.format_tb(e.__traceback__)).count("catching_task"))
            return True
    return False


print("thrown", schedule([catching_task(i, 500) for i in range(2)], thrower))


# close() while suspended; cr_frame seen between resumptions.
def closer(coro, n):
    if n % 50 == 0:
        print("closer: at", n, show(coro))
    if n == 230:
        print("closer: closing", show(coro))
        coro.close()
        print("closer: closed", show(coro), coro.cr_frame)
        return True
    return False


print("closed", schedule([catching_task(i, 600) for i in range(3)], closer))


# A trace hook set by the resumed code, in the loop's body.
events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name == "hooked" and event == "line":
        events.append(frame.f_lineno)
    return tracer


async def hooked(steps):
    st = [4]
    total = 0
    for k in range(steps):
        total += await middle(st, k)
        if k == steps - 20:
            sys.settrace(tracer)
    sys.settrace(None)
    return 99, total


print("hooked", schedule([hooked(300)]), len(events), events[:6])
