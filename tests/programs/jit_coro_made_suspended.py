"""Coroutines an await chain suspends inside a trace's bridge: made in the
trace at their yields (jit/record/suspension.py), seen from outside as
ordinary suspended coroutines -- cr_await, cr_frame's locals and line,
cr_origin when origin tracking is turned on midway, send/throw/close."""

import sys


class Pause:
    __slots__ = ("tag",)

    def __init__(self, tag):
        self.tag = tag

    def __await__(self):
        got = yield self.tag
        return got


async def leaf(state, k):
    state[0] = (state[0] * 75 + k) % 65537
    if state[0] % 5 == 0:
        extra = await Pause(k)
        if extra:
            state[0] += extra
    return state[0] % 11


async def middle(state, k):
    a = await leaf(state, k)
    b = await leaf(state, k + 1)
    return a * 3 + b


async def task(ident, steps):
    state = [ident + 7]
    total = 0
    for k in range(steps):
        total += await middle(state, k)
    return ident, total


def chain_of(c):
    names = []
    while c is not None and hasattr(c, "cr_frame"):
        fr = c.cr_frame
        names.append((c.cr_code.co_name, fr.f_lineno if fr else None,
                       sorted(k for k in (fr.f_locals if fr else {}) if not k.startswith("."))))
        c = c.cr_await
    return names


def drive(coros, reply=None, probe_at=(), origin_at=None, throw_at=None, close_at=None):
    ready = list(coros)
    results = {}
    sends = 0
    log = []
    while ready:
        c = ready.pop(0)
        sends += 1
        if sends == origin_at:
            sys.set_coroutine_origin_tracking_depth(3)
        try:
            if sends == throw_at:
                tag = c.throw(KeyError("thrown %d" % sends))
            elif sends == close_at:
                c.close()
                log.append(("closed", c.cr_frame is None))
                continue
            else:
                tag = c.send(reply(sends) if reply and sends > len(coros) else None)
        except StopIteration as stop:
            results[stop.value[0]] = stop.value[1]
            continue
        except KeyError as e:
            log.append(("raised", str(e)))
            continue
        if sends in probe_at:
            log.append((tag, chain_of(c)))
            inner = c.cr_await
            while inner is not None and hasattr(inner, "cr_await") and inner.cr_await is not None \
                    and hasattr(inner.cr_await, "cr_await"):
                inner = inner.cr_await
            if hasattr(inner, "cr_origin"):
                o = inner.cr_origin
                log.append(("origin", None if o is None else [x[1:] for x in o]))
        ready.append(c)
    sys.set_coroutine_origin_tracking_depth(0)
    return sorted(results.items()), sends, log


print(drive([task(i, 400) for i in range(3)], probe_at=(5, 90, 200)))
print(drive([task(i, 300) for i in range(2)], reply=lambda n: n % 3, probe_at=(77,)))
print(drive([task(i, 300) for i in range(2)], probe_at=(60, 61, 150), origin_at=60))
print(drive([task(i, 300) for i in range(3)], throw_at=40, close_at=70))
