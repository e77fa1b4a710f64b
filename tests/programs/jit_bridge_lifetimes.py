# A value computed on one path of a compiled loop (a bridge, or the loop's main
# path when a bridge is taken instead) dies when the program drops it, not when
# that path happens to run again (found by fault injection, issue #11).
class Obj:
    def __init__(self, n, log):
        self.n = n
        self.log = log

    def __del__(self):
        self.log.append(("del", self.n))


def sometimes(n, every):
    log = []
    objs = [Obj(k, log) for k in range(n)]
    x = None
    for k in range(n):
        if k % every == 0:
            x = objs.pop()          # taken on a bridge
            log.append(("got", x.n))
        else:
            x = None                # the object popped dies here
            log.append(("none", k))
    return log


def mostly(n, every):
    log = []
    objs = [Obj(k, log) for k in range(2 * n)]
    for k in range(n):
        if k % every:
            y = objs.pop()          # the main path
        else:
            y = Obj(-k, log)        # a bridge: the main path's last value dies now
        log.append(("got", y.n))
    y = None
    return log


def late(log):
    """Where an object died later than right after the program dropped it."""
    return [k for k, e in enumerate(log) if e[0] == "del" and k and
            log[k - 1][0] == "got" and log[k - 1][1] == e[1]][:3], log[-6:]


for every in (2, 3, 7):
    print(every, late(sometimes(60, every)), len(mostly(60, every)))
    print(mostly(40, every)[-8:])
