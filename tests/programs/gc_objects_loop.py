"""Iterating gc.get_objects() into a local: every object the collector knows
(pyjit's own among them under pyjit) passes through the loop variable, and the
VM's marker for an unbound local is never one of them."""
import gc
import weakref


class X(dict):
    def __init__(self):
        dict.__init__(self)
        self.__dict__ = self  # a cycle through the instance dict


x = X()
x.attr = 42
wr = weakref.ref(x)
del x
gc.collect()
print(wr() is None)


def count(cls):
    seen = 0
    for o in gc.get_objects():  # (a function's loop: the variable is a fast local)
        if type(o) is cls:
            seen += 1
    return seen, type(o) is not None


print("instances left, loop variable bound:", count(X))
