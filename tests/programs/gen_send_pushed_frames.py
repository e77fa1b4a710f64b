# SEND to a suspended VM generator or coroutine pushes its frame in the running
# eval loop (pyjit.calls.send_push, as CPython 3.12's SEND_GEN): await chains
# and yield-from chains resumed level by level without a nested loop.  Their
# yields, returns and exceptions go back to the sender: values sent through
# the chain, return values, exceptions and tracebacks crossing the levels,
# PEP 479, a delegate yielding inside an except block (its handled exception
# kept, the sender's restored), throw()/close() into a chain, frames seen from
# inside (f_back, gi_running, cr_await), the recursion limit in a deep chain,
# a generator delegating to itself, and hot loops for the JIT.
import sys
import traceback
from collections import deque


class Suspend:
    def __await__(self):
        got = yield "suspended"
        return got


async def leaf(state, k):
    state[0] = (state[0] * 1103515245 + k) & 0xFFFF
    if state[0] % 5 == 0:
        got = await Suspend()
        if got == "boom":
            raise ValueError(f"boom at {k}")
        state[1] += 1 if got is None else got
    if state[0] % 97 == 3:
        raise KeyError(k)
    return state[0] % 13


async def middle(state, k):
    try:
        a = await leaf(state, k)
    except KeyError as e:
        a = -e.args[0]
    b = await leaf(state, k + 1) if a >= 0 else 0
    return a + b


async def task(ident, steps):
    state = [ident + 7, 0]
    total = 0
    for k in range(steps):
        try:
            total += await middle(state, k)
        except (ValueError, KeyError) as e:
            total += 1000
            print("task", ident, "caught", type(e).__name__, e)
    return ident, total, state[1]


def schedule(coros, reply=None):
    ready = deque((c, False) for c in coros)
    results = []
    switches = 0
    while ready:
        coro, started = ready.popleft()
        try:
            v = coro.send(reply(switches) if reply and started and switches % 3 else None)
            assert v == "suspended", v
        except StopIteration as stop:
            results.append(stop.value)
        else:
            switches += 1
            ready.append((coro, True))
    return results, switches


print(schedule([task(i, 300) for i in range(4)]))
print(schedule([task(i, 200) for i in range(3)], reply=lambda n: n % 4))
print(schedule([task(i, 50) for i in range(2)],
               reply=lambda n: "boom" if n % 17 == 0 else 1))


# -- exceptions crossing the levels: tracebacks, PEP 479 ------------------------

async def raises_stop():
    await Suspend()
    raise StopIteration("inner")


async def awaits_stop():
    return await raises_stop()


def run_all(coro, replies=()):
    replies = list(replies)
    try:
        coro.send(None)
        while True:
            coro.send(replies.pop(0) if replies else None)
    except StopIteration as s:
        return ("returned", s.value)
    except BaseException as e:
        tb = [(fs.name, fs.line) for fs in traceback.extract_tb(e.__traceback__)]
        cause = e.__cause__
        return (type(e).__name__, str(e), type(cause).__name__ if cause else None,
                e.__suppress_context__, tb)


print(run_all(awaits_stop()))


def gen_stop():
    yield 1
    raise StopIteration(2)


def gen_outer():
    r = yield from gen_stop()
    return r


print(run_all(gen_outer()))


async def deep_raise(n):
    if n == 0:
        await Suspend()
        raise IndexError("deep")
    return await deep_raise(n - 1)


print(run_all(deep_raise(6)))


# -- handled exceptions across the yield ---------------------------------------

async def yields_in_handler(tag):
    try:
        raise KeyError(tag)
    except KeyError:
        got = await Suspend()
        print("in handler after resume:", repr(sys.exception()), got)
    print("after handler:", repr(sys.exception()))
    return tag


async def sender_in_handler():
    try:
        raise IndexError("sender")
    except IndexError:
        r = await yields_in_handler("a")
        print("sender still handles:", repr(sys.exception()), r)
    r = await yields_in_handler("b")
    print("sender after:", repr(sys.exception()), r)
    return "done"


print(run_all(sender_in_handler(), replies=[10, 20]))


# -- throw() and close() into a chain suspended in pushed frames ---------------

async def guarded(name, log):
    try:
        return await Suspend()
    finally:
        log.append("finally " + name)


async def chain3(log):
    try:
        return await guarded("inner", log)
    except ValueError as e:
        log.append("chain3 caught " + str(e))
        return await guarded("second", log)


log = []
c = chain3(log)
print(c.send(None))
print(c.cr_await.__qualname__, type(c.cr_await).__name__)
print(c.throw(ValueError("thrown")))
try:
    c.send(5)
except StopIteration as s:
    print("chain3 returned", s.value)
print(log)
log = []
c = chain3(log)
c.send(None)
c.close()
print(log, c.cr_frame)


# -- frames seen from inside a pushed frame ------------------------------------

def inner_gen(outer_ref):
    f = sys._getframe()
    print("f_back:", f.f_back.f_code.co_name, "caller line:", f.f_back.f_lineno > 0)
    print("outer running:", outer_ref[0].gi_running, "outer yieldfrom:", outer_ref[0].gi_yieldfrom)
    x = yield "first"
    print("inner got", x, "f_back:", sys._getframe().f_back.f_code.co_name)
    return x * 2


def outer_gen(outer_ref):
    r = yield from inner_gen(outer_ref)
    print("outer got", r)
    yield r


ref = [None]
g = outer_gen(ref)
ref[0] = g
print(next(g))
print(g.gi_yieldfrom.__name__ if g.gi_yieldfrom else None, g.gi_running)
print(g.send(21))


async def whoami():
    await Suspend()
    return sys._getframe(1).f_code.co_name


async def asks():
    return await whoami()


print(run_all(asks()))


# -- the recursion limit in a deep chain ---------------------------------------

async def nest(n):
    if n == 0:
        await Suspend()
        return 0
    return 1 + await nest(n - 1)


old = sys.getrecursionlimit()
sys.setrecursionlimit(120)
for depth in (50, 200):
    r = run_all(nest(depth))
    print(depth, r[0], r[1] if r[0] == "returned" else r[1])
sys.setrecursionlimit(old)


# -- a generator delegating to itself, reused coroutines -----------------------

def selfish(me):
    yield 1
    yield from me[0]


me = [None]
s = selfish(me)
me[0] = s
print(next(s))
try:
    next(s)
except ValueError as e:
    print("ValueError", e)


async def once():
    return 1


async def awaits_twice():
    c = once()
    a = await c
    try:
        await c
    except RuntimeError as e:
        return a, str(e)


print(run_all(awaits_twice()))


# -- yield from chains with values sent, hot -----------------------------------

def acc():
    total = 0
    while True:
        x = yield total
        if x is None:
            return total
        total += x


def relay(depth):
    if depth == 0:
        r = yield from acc()
    else:
        r = yield from relay(depth - 1)
    return r + depth


g = relay(3)
next(g)
for i in range(2000):
    g.send(i % 7)
try:
    g.send(None)
except StopIteration as s:
    print("relay", s.value)


# -- a hook set while a pushed frame runs --------------------------------------

events = []


def tracer(frame, ev, arg):
    if frame.f_code.co_filename == __file__:
        events.append((frame.f_code.co_name, ev, frame.f_lineno,
                       type(arg).__name__ if ev == "exception" else None))
    return tracer


async def sets_hook():
    await Suspend()
    sys.settrace(tracer)
    sys._getframe(1).f_trace = tracer    # (its sender's SEND began untraced)
    return 5


async def hook_mid():
    a = await sets_hook()
    return a + 1


async def hook_top():
    x = await hook_mid()
    sys.settrace(None)
    return x


print(run_all(hook_top()))
for e in events:
    print(e)
