"""throw() and close() into a generator delegating with `yield from` (a
coroutine with `await`): while the delegate runs, its caller frame is the
delegating one, as for send()."""
import sys
import types


def names():
    out = []
    frame = sys._getframe(1)
    while frame is not None and not frame.f_code.co_name.startswith("drive"):
        out.append(frame.f_code.co_name)
        frame = frame.f_back
    return out


def inner():
    print("inner start", names())
    try:
        yield 1
    except Exception as e:
        print("inner caught", type(e).__name__, names())
    try:
        yield 2
    finally:
        print("inner finally", names())


def middle():
    print("middle start", names())
    r = yield from inner()
    print("middle after", names())


def drive_throw():
    g = middle()
    next(g)
    print("threw ->", g.throw(RuntimeError("x")))
    g.close()


def drive_send():
    g = middle()
    next(g)
    print("sent ->", g.send(None))
    g.close()


drive_throw()
drive_send()


@types.coroutine
def suspend():
    try:
        yield "suspended"
    except KeyError:
        print("suspend caught", names())
        yield "again"


async def leaf():
    await suspend()


async def outer():
    await leaf()


def drive_coro():
    c = outer()
    print(c.send(None))
    print(c.throw(KeyError("k")))
    c.close()


drive_coro()
