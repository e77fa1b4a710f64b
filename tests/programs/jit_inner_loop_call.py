"""Tier jit: functions with short inner loops (over an object's few items),
inlined into a hot loop's trace or a function trace, whose loops have code of
their own: the trace calls that code from the inlined frame at the loop's
header (``call_loop_in``, jit/record/loopstop.py) and goes on in the caller
with the frame's return value -- raytrace's ``Scene.nearest``/``shadowed``
called from ``Scene.trace`` in ``render``'s loop.
Covered: a search loop returning a tuple after it ends, one returning from
inside the loop (early), a ``while`` loop, a loop two inlined frames deep, a
loop of two iterations per visit, lists of 0-4 items; guard failures inside
the called loop (ints, then floats, then big ints; another class of item; a
list that grows), an exception raised inside the called loop at a later
iteration (caught by the caller, its traceback's frames and lines printed) and
finally one not caught (the program ends with its traceback)."""


class Ball:
    __slots__ = ("c", "r")

    def __init__(self, c, r):
        self.c = c
        self.r = r

    def hit(self, x):
        # (long enough a body for its loop to be called: record.loopstop.CALLED_BODY)
        d = x - self.c
        if d < 0:
            d = -d
        e = d * 3 + self.r * 2 - x % 5
        f = (e + d) * (e - d) + self.c
        if d > self.r or f < -10 ** 30:
            return None
        return d


class Wall:
    def __init__(self, at):
        self.at = at

    def hit(self, x):
        if x < self.at:
            return None
        e = (x - self.at) * 2 + x % 3
        return (e - x % 3) // 2 if type(x) is int else x - self.at


class Bad:
    def __init__(self, when):
        self.when = when

    def hit(self, x):
        if x == self.when:
            raise ValueError(f"bad hit at {x}")
        return None


def nearest(things, x):
    best = None
    best_t = None
    for t in things:
        d = t.hit(x)
        if d is not None and (best_t is None or d < best_t):
            best_t = d
            best = t
    return best, best_t


def blocked(things, x, limit):
    for t in things:
        d = t.hit(x)
        if d is not None and d < limit:
            return True
    return False


def count_down(n):
    k = 0
    while n > 0:
        k += n % 3
        n -= 1
    return k


def shade(things, lights, x):
    obj, d = nearest(things, x)
    if obj is None:
        return 0
    total = d
    for light in lights:
        if blocked(things, light, 2):
            continue
        total = total + light * 2
    return total + count_down(len(things))


def deeper(things, x):
    return shade(things, [x, x + 1], x) + 1


def run(things, lights, n, step):
    acc = 0
    x = 0
    for i in range(n):
        acc = acc + shade(things, lights, x) + deeper(things, x)
        x = x + step
        if x > 40:
            x = x - 40
    return acc


def walk(tb):
    out = []
    while tb is not None:
        out.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
        tb = tb.tb_next
    return out


def main():
    things = [Ball(5, 3), Ball(12, 4), Wall(30), Ball(20, 6)]
    print("ints", run(things, [3, 25], 1000, 1))
    print("floats", run(things, [3.5, 25.0], 700, 0.5))
    things2 = [Ball(5.5, 3), Wall(30), Ball(12, 4.5)]
    print("mixed", run(things2, [3, 25.5], 700, 1))
    print("empty", run([], [1, 2], 200, 1))
    print("one", run([Ball(7, 40)], [1], 400, 1))
    big = [Ball(2 ** 70, 3), Ball(5, 2 ** 65)]
    print("big", run(big, [3, 4], 400, 1))
    grown = list(things)
    for k in range(6):
        grown.append(Ball(k * 6, 2))
    print("grown", run(grown, [3, 25, 33], 500, 1))
    try:
        run(things + [Bad(37)], [3, 25], 700, 1)
    except ValueError as e:
        print("caught", e, walk(e.__traceback__))
    print("after", run(things, [3, 25], 400, 1))
    run([Ball(5, 3), Bad(17)], [3], 400, 1)


main()
