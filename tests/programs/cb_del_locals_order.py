# A finished frame releases its locals in index order (CPython's _PyFrame_Clear): on return, in hot loops, for __init__ and closures, in generators and coroutines, when an exception leaves, on frame.clear(), and when a frame view kept the frame alive.
import sys
import warnings

LOG = []


class O:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        LOG.append(self.n)


def flush(what):
    print(what, LOG)
    LOG.clear()


def plain():
    a = O(1)
    b = O(2)
    c = O(3)
    return 0


def params(x, y, z):
    w = O(4)
    return x.n + y.n + z.n + w.n


def with_cells():
    a = O(1)
    b = O(2)
    c = O(3)

    def inner():
        return a, c
    return 0


class K:
    def __init__(self, first):
        a = O(2)
        b = O(3)

    def method(self, x):
        y = O(5)
        return x.n + y.n


def hot():
    # long enough for blocks to form and loops to be traced
    for i in range(25):
        plain()
        params(O(1), O(2), O(3))
        K(O(1)).method(O(4))
        if i % 8 == 0:
            flush(f"hot {i}")
    LOG.clear()


hot()
plain()
flush("plain")
params(O(1), O(2), O(3))
flush("params")
with_cells()
flush("cells")
K(O(1))
flush("__init__")


# -- generators -----------------------------------------------------------------

def gen(x):
    a = O(2)
    b = O(3)
    yield 1
    yield 2


for _ in gen(O(1)):
    pass
flush("generator finished")
g = gen(O(1))
next(g)
g.close()
flush("generator closed")
g = gen(O(1))
next(g)
del g
flush("suspended generator dropped")
g = gen(O(1))
del g
flush("unstarted generator dropped")
g = gen(O(1))
next(g)
try:
    g.throw(ValueError("into the generator"))
except ValueError:
    pass
flush("generator thrown into")


# -- exceptions -------------------------------------------------------------------

def raiser(x):
    a = O(2)
    b = O(3)
    raise KeyError("out")


try:
    raiser(O(1))
except KeyError:
    print("caught")
flush("exception left the frame")
for i in range(20):
    try:
        raiser(O(1))
    except KeyError:
        pass
    if i == 19:
        flush("exception in a loop")


# -- frame.clear() and frames kept by views ----------------------------------------

def keep():
    a = O(1)
    b = O(2)
    c = O(3)
    return sys._getframe()


fr = keep()
flush("kept frame returned")
fr.clear()
flush("kept frame cleared")
del fr
fr = keep()
del fr
flush("kept frame dropped")


def callee():
    return sys._getframe()


def caller():
    a = O(1)
    b = O(2)
    return callee()


fr = caller()
flush("caller kept by its callee's frame")
del fr
flush("callee's frame dropped")

g = gen(O(1))
next(g)
fr = g.gi_frame
fr.clear()
print("gi_frame after clear:", g.gi_frame)
flush("suspended generator's frame cleared")
del fr, g
flush("and dropped")


def running():
    a = O(1)
    try:
        sys._getframe().clear()
    except RuntimeError as e:
        print(e)
    return 0


running()
flush("running frame")


# -- coroutines -------------------------------------------------------------------

async def coro(x, y):
    z = O(3)
    return x.n + y.n + z.n


def drive(c):
    try:
        c.send(None)
    except StopIteration as e:
        return e.value


print(drive(coro(O(1), O(2))))
flush("coroutine returned")
warnings.simplefilter("ignore")
c = coro(O(1), O(2))
del c
flush("coroutine never awaited")
c = coro(O(1), O(2))
c.close()
flush("coroutine closed unstarted")


# -- what a __del__ sees: the frame that returned is gone from the stack ---------

class Where:
    def __del__(self):
        fr = sys._getframe(1)
        print("released in", fr.f_code.co_name, "line", fr.f_lineno - fr.f_code.co_firstlineno)


def makes_where():
    w = Where()
    x = 1
    return 0


def calls_it():
    makes_where()
    return 0


calls_it()
