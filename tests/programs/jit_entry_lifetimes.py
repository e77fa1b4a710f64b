# The value a loop variable held when a compiled trace was entered dies when
# the loop rebinds the variable, not when the trace is left (issue #11).
import weakref


class Obj:
    def __init__(self, n, log):
        self.n = n
        self.log = log

    def __del__(self):
        self.log.append(("del", self.n))


def popping(n):
    log = []
    objs = [Obj(k, log) for k in range(n)]
    seen = 0
    while objs:
        x = objs.pop()
        seen += x.n
        log.append(("got", x.n))
    x = None
    return seen, log


def iterating(n):
    log = []
    objs = [Obj(k, log) for k in range(n)]
    it = iter(objs)
    del objs
    for x in it:
        log.append(("got", x.n))
    return log


def weakref_callbacks(n):
    log = []
    objs = [Obj(k, []) for k in range(n)]
    for o in objs:
        weakref.finalize(o, log.append, o.n)
    o = None
    total = 0
    while objs:
        x = objs.pop()
        total += len(log)
    x = None
    return total, log[-3:]


def out_of_order(log):
    """Pairs where the object got was not the one that died right after."""
    return [k for k in range(1, len(log) - 1, 2)
            if log[k] != ("del", log[k - 1][1])]


seen, log = popping(400)
print(seen, len(log), out_of_order(log)[:5], log[-4:])
log = iterating(300)
print(len(log), out_of_order(log)[:5], log[-4:])
print(weakref_callbacks(400))
