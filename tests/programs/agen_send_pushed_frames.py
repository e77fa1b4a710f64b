# SEND of an async generator's __anext__()/asend() awaitable pushes the
# generator's frame in the running eval loop (pyjit.calls.send_push, an
# ``_ASend`` step): ``async for`` pipelines resumed level by level without a
# nested loop.  What its yield, return and exception give the sender: items
# (wrapped) and inner awaits' suspensions (raw), StopAsyncIteration at the
# end, exceptions and tracebacks through the levels, PEP 479 for async
# generators (StopIteration and StopAsyncIteration raised inside), values sent
# with asend() (several types), athrow()/aclose() mid-pipeline, generators
# closed early, a handled exception kept across a yield, the hooks, frames
# seen from inside (f_back, ag_running, ag_await), reuse of a finished step,
# the recursion limit in a deep chain, and hot loops for the JIT.
import sys
import traceback


class Tick:
    def __await__(self):
        got = yield "tick"
        return got


async def source(n, every=5):
    for i in range(n):
        if i % every == every - 1:
            got = await Tick()
            if got == "boom":
                raise ValueError(f"boom at {i}")
        yield i


async def mapped(items, k):
    async for x in items:
        yield (x * k) % 101


async def kept(items):
    async for x in items:
        if x % 3:
            yield x


def drive(coro, sends=()):
    """Runs ``coro``, sending the values of ``sends`` in turn at suspensions."""
    sends = list(sends)
    seen = []
    while True:
        try:
            seen.append(coro.send(sends.pop(0) if sends else None))
        except StopIteration as stop:
            return stop.value, len(seen), seen[:3]


async def total_of(items):
    t = 0
    async for x in items:
        t += x
    return t


def show(e):
    print(" ", type(e).__name__, e, "| cause:", type(e.__cause__).__name__)
    for fs in traceback.extract_tb(e.__traceback__):
        print("   ", fs.name, fs.line)


# plain pipelines, hot enough for the JIT
print("pipeline", drive(total_of(kept(mapped(source(3000), 7)))))
for r in range(40):
    v = drive(total_of(kept(mapped(source(30 + r), 3))))
    if r % 13 == 0:
        print("short", r, v)

# values sent at the suspensions (the inner await's result)
async def echo_sends():
    out = []
    async for x in sends_seen():
        out.append(x)
    return out


async def sends_seen():
    for i in range(6):
        got = await Tick()
        yield (i, got)

print("sent", drive(echo_sends(), [None, 1, "two", 3.5, (4,), None, None]))


# asend() of several types straight into a generator, driven by await
async def accumulator():
    total = []
    while True:
        v = yield len(total)
        if v is None:
            return
        total.append(v)
        if v == "show":
            yield list(total)


async def use_asend():
    g = accumulator()
    out = [await g.asend(None)]
    for v in (1, "s", 2.5, [1, 2], None.__class__, b"x", "show", 7):
        out.append(await g.asend(v))
    try:
        await g.asend(None)
    except StopAsyncIteration:
        out.append("stopped")
    try:
        await g.asend(1)
    except StopAsyncIteration:
        out.append("stopped again")
    return out

print("asend", drive(use_asend()))


# exceptions through the levels, suspended chains thrown into
async def failing(n):
    async for x in source(n):
        if x == 7:
            raise KeyError(x)
        yield x

async def catch_it():
    try:
        async for x in mapped(failing(20), 2):
            pass
    except KeyError as e:
        show(e)
        return "caught"

print("exc", drive(catch_it()))


async def boom_sent():
    try:
        return await total_of(kept(mapped(source(50), 5)))
    except ValueError as e:
        show(e)
        return "boom caught"

print("boom", drive(boom_sent(), [None, "boom"]))


async def stop_inside(kind):
    yield 1
    if kind == 0:
        raise StopIteration("inner")
    raise StopAsyncIteration("inner")

async def pep479():
    out = []
    for kind in (0, 1):
        try:
            async for x in stop_inside(kind):
                out.append(x)
        except RuntimeError as e:
            show(e)
            out.append(str(e))
    return out

print("pep479", drive(pep479()))


def throw_mid_chain():
    c = total_of(kept(mapped(source(40), 7)))
    print(" first", c.send(None))
    print(" second", c.send(None))
    try:
        c.throw(ZeroDivisionError("thrown in"))
    except ZeroDivisionError as e:
        show(e)
    print(" after", c.cr_frame, c.cr_await)

throw_mid_chain()


# closed early: break, aclose(), a generator left unfinished with a finally
log = []

async def guarded(n):
    try:
        async for x in source(n):
            yield x
    finally:
        log.append(("guarded closed", n))

async def early():
    got = []
    for lim in (3, 8, 13):
        g = guarded(100)
        async for x in g:
            if x > lim:
                break
            got.append(x)
        await g.aclose()
        log.append(("after aclose", g.ag_frame))
        try:
            await g.__anext__()
        except StopAsyncIteration:
            got.append("closed")
    return got

print("early", drive(early()), log)


async def athrown():
    g = guarded(30)
    out = [await g.__anext__(), await g.__anext__()]
    try:
        await g.athrow(OSError("athrow"))
    except OSError as e:
        show(e)
    out.append(g.ag_frame is None)
    return out

print("athrow", drive(athrown()), log[-1])


# a handled exception kept across a yield, and the sender's restored
async def yields_in_except():
    for i in range(3):
        try:
            raise LookupError(i)
        except LookupError:
            yield sys.exception()
        yield ("after", sys.exception())

async def exc_state():
    out = []
    try:
        raise TypeError("outer")
    except TypeError:
        async for v in yields_in_except():
            out.append((repr(v), repr(sys.exception())))
    return out

for row in drive(exc_state())[0]:
    print("exc_state", row)


# frames seen from inside: f_back, ag_running, ag_await
async def look(outer):
    f = sys._getframe()
    chain = []
    b = f
    while b is not None and len(chain) < 5:
        chain.append(b.f_code.co_name)
        b = b.f_back
    yield chain, outer.ag_running
    await Tick()
    yield "resumed", outer.ag_running, sys._getframe(1).f_code.co_name

async def outer_gen(holder):
    async for v in look(holder[0]):
        yield v

async def frames():
    holder = [None]
    g = outer_gen(holder)
    holder[0] = g
    out = []
    async for v in g:
        out.append(v)
    return out, g.ag_running, g.ag_await

print("frames", drive(frames()))


def ag_await_seen():
    g = kept(mapped(source(20), 1))

    async def step():
        return await g.__anext__()

    c = step()
    for _ in range(4):
        try:
            v = c.send(None)
        except StopIteration as s:
            print(" item", s.value)
            c = step()
            continue
        aw = g.ag_await
        print(" suspended", v, type(aw).__name__, g.ag_running, g.ag_frame.f_lineno)

ag_await_seen()


# a finished step cannot be reused
async def reuse():
    g = source(3)
    step = g.__anext__()
    v = await step
    try:
        await step
    except RuntimeError as e:
        return v, str(e)

print("reuse", drive(reuse()))


# the hooks: firstiter at the first __anext__, finalizer for an unfinished one
def hooks():
    seen = []
    old = sys.get_asyncgen_hooks()
    sys.set_asyncgen_hooks(firstiter=lambda g: seen.append(("first", g.__name__)),
                           finalizer=lambda g: seen.append(("final", g.__name__)))
    try:
        async def some():
            g = mapped(source(20), 2)
            async for x in g:
                if x > 10:
                    break
            return x, g

        v, g = drive(some())[0]
        seen.append(v)
        del g
    finally:
        sys.set_asyncgen_hooks(*old)
    print("hooks", seen)

hooks()


# a deep chain: the recursion limit
async def level(n):
    if n == 0:
        yield 1
        return
    async for x in level(n - 1):
        yield x + 1

async def deep(n):
    async for x in level(n):
        return x

print("deep", drive(deep(50)))
try:
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(120)
    print("too deep", drive(deep(400)))
except RecursionError as e:
    print("too deep", type(e).__name__)
finally:
    sys.setrecursionlimit(old)
