"""Objects die when CPython drops them, also inside warm code run as blocks
(whose stack values live in host locals): __del__ and weakref callbacks."""
import weakref

log = []


class T:
    def __init__(self, n):
        self.n = n

    def __add__(self, other):
        return T(self.n + (other.n if isinstance(other, T) else other))

    def __del__(self):
        log.append(self.n)


def work(n):
    for i in range(n):
        a = T(i)
        b = a + 1000      # a temporary result, kept in b
        c = (a + b) + 1   # (a + b) is a temporary: dies inside the expression
        log.append("end")
        a = b = c = None
        log.append("cleared")


work(20)
print(log[:20])
print(len(log))

events = []


class R:
    pass


def watch(n):
    for i in range(n):
        r = R()
        w = weakref.ref(r, lambda _, i=i: events.append(i))
        x = r
        r = None
        events.append(("alive", w() is x))
        x = None
        events.append(("gone", w() is None))


watch(20)
print(events[-6:], len(events))
