# Functions and classes a hot loop uses die when the program lets go of them
# (issue #11): a trace refers to them without keeping them alive.
import gc
import weakref


def helper(x):
    return x + 1


def rebinding():
    global helper
    dead = []
    r = weakref.ref(helper, lambda _: dead.append("helper died"))
    t = 0
    for i in range(3000):
        t += helper(i)
        if i == 1500:
            helper = abs          # the old function's last reference goes
            print("rebound", dead)
    print(t, dead, r() is None)


class Shape:
    def area(self):
        return 1


def rebinding_class():
    global Shape
    dead = []
    r = weakref.ref(Shape, lambda _: dead.append("Shape died"))
    t = 0
    for i in range(3000):
        t += Shape().area()
        if i == 1500:
            class Shape:          # noqa: F811 - a new class under the same name
                def area(self):
                    return 2
            globals()["Shape"] = Shape
            gc.collect()
            print("rebound class", dead)
    gc.collect()
    print(t, dead, r() is None)


def in_a_list():
    # the callee comes from a list; its item is replaced by a new function
    dead = []
    fs = [lambda v: v * 2]
    r = weakref.ref(fs[0], lambda _: dead.append("lambda died"))
    t = 0
    for i in range(3000):
        t += fs[0](i)
        if i == 1000:
            fs[0] = lambda v: v * 3
            print("replaced", dead)
    print(t, dead, r() is None)


def lives_while_called():
    # the callee rebinds the global that named it: it stays alive until it
    # returns (the frame holds it), as in CPython
    global victim
    log = []

    def make(n):
        def victim(x):
            global victim
            if x == n:
                victim = make(n + 1000)
                log.append(("rebound inside", r() is None))
            return x
        return victim

    victim = make(1200)
    r = weakref.ref(victim, lambda _: log.append("old died"))
    t = 0
    for i in range(2000):
        t += victim(i)
    print(t, log)


rebinding()
rebinding_class()
in_a_list()
lives_while_called()
