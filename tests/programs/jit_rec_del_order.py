# Inlined frames let their locals go as CPython's frames do (index order, then what a class call's caller held), whatever order the trace computed them in; in hot loops, through __init__, dunders, and after a guard fails on a later iteration.
LOG = []


class O:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        LOG.append(self.n)


class P(O):
    pass


def flush(what):
    print(what, LOG)
    LOG.clear()


def backwards():
    a = b = c = None  # (the slots' order: a, b, c)
    c = O(3)
    b = O(2)
    a = O(1)
    return 0


def early(x):
    first = O(1)      # (not used again: CPython keeps it until the return)
    second = O(2)
    total = x + 1
    third = O(3)
    return total


def shared():
    a = O(1)
    b = a             # (one object, two slots: it goes with the later one)
    c = O(2)
    return 0


class Holder:
    def __init__(self, one, two):
        mine = O(9)
        self.k = one.n + two.n


class V:
    def __init__(self, n):
        self.n = n

    def __add__(self, other):
        tmp = O(7)
        res = V(self.n + other.n)
        return res


def hot(kind):
    for i in range(30):
        backwards()
        early(i)
        shared()
        Holder(kind(1), O(2))
        V(1) + V(2)
        if i % 10 == 0:
            flush(f"{kind.__name__} {i}")
    flush(f"{kind.__name__} end")


hot(O)
hot(P)     # (the class guard fails: a bridge or the interpreter)


def mixed():
    for i in range(30):
        Holder(O(1) if i < 20 else P(1), O(2))
        if i % 10 == 9:
            flush(f"mixed {i}")


mixed()
