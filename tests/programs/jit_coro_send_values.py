# Values other than None sent into coroutines suspended in await chains, by a
# scheduler's loop (host send()): the resumption trace passes the value down
# the chain to the awaitable's generator, whose yield receives it -- ints,
# strings, None, objects, a value of another type after many rounds; the
# awaitable returns it (the await's value), an inner coroutine raises on one,
# throw() and close() between sends, StopIteration's value.


class Ask:
    __slots__ = ("q",)

    def __init__(self, q):
        self.q = q

    def __await__(self):
        got = yield self.q
        return got


class Boom(Exception):
    pass


async def inner(k):
    v = await Ask(k)
    if v == "boom":
        raise Boom(k)
    return v


async def middle(k):
    a = await inner(k)
    b = await Ask(-k)
    return (a, b)


async def worker(ident, n):
    acc = []
    for k in range(n):
        try:
            acc.append(await middle(k))
        except Boom as e:
            acc.append(("boom", e.args[0]))
    return ident, len(acc), acc[-4:]


def answer(i, q):
    m = i % 11
    if m == 3:
        return "boom" if q >= 0 else "text"
    if m == 5:
        return None
    if m == 7:
        return (q, "t")
    if m == 9:
        return 2.5
    return q * 10 + 1


def schedule(coros, twist=None):
    ready = list(coros)
    started = set()
    out = []
    i = 0
    while ready:
        c = ready.pop(0)
        try:
            if id(c) not in started:
                started.add(id(c))
                q = c.send(None)
            else:
                q = c.send(answer(i, last[id(c)]))
            last[id(c)] = q
        except StopIteration as stop:
            out.append(stop.value)
        else:
            ready.append(c)
            if twist is not None and i == twist:
                try:
                    c.throw(KeyError("thrown"))
                except KeyError as e:
                    out.append(("thrown out", str(e)))
                    ready.remove(c)
        i += 1
    return out


last = {}
for rnd in range(4):
    print("round", rnd, schedule([worker(j, 40) for j in range(3)]))
print("thrown", schedule([worker(j, 30) for j in range(3)], twist=50))


async def closing(n):
    try:
        for k in range(n):
            await Ask(k)
    finally:
        print("closing finally", k)


cs = [closing(200) for _ in range(2)]
for c in cs:
    c.send(None)
for i in range(150):
    for c in cs:
        c.send(i)
for c in cs:
    c.close()
    print("closed", c.cr_frame)

# a value of another type after many rounds of ints
async def typed(n):
    total = 0
    for k in range(n):
        v = await Ask(k)
        total = total + v
    return total


c = typed(300)
c.send(None)
try:
    for i in range(299):
        c.send(i)
    c.send(1.5)
except StopIteration as s:
    print("typed", s.value)
c = typed(300)
c.send(None)
try:
    for i in range(250):
        c.send(i)
    c.send("str")
except TypeError as e:
    print("typed error", e)
