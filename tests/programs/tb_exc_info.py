# sys.exc_info / sys.exception inside and after handlers, nested handlers, generators and with-blocks.
import sys


def show(label):
    t, v, tb = sys.exc_info()
    print(label, t.__name__ if t else None, v, tb is not None, repr(sys.exception()))


show("start")
try:
    raise ValueError("outer")
except ValueError:
    show("in outer handler")
    try:
        raise KeyError("inner")
    except KeyError:
        show("in inner handler")
    show("back in outer")
show("after")


def gen():
    show("gen start")
    yield 1
    show("gen resumed")
    yield 2


g = gen()
try:
    raise TypeError("while iterating")
except TypeError:
    next(g)
    show("between")
next(g)


class CM:
    def __enter__(self):
        return self

    def __exit__(self, et, ev, tb):
        show("in __exit__")
        print("exit args:", et.__name__ if et else None, ev)
        return True


with CM():
    raise RuntimeError("swallowed")
show("after with")


def handler_returns():
    try:
        raise OSError("x")
    except OSError:
        return sys.exc_info()[0].__name__


print(handler_returns())
show("end")
try:
    raise ZeroDivisionError
except Exception as e:
    pass
print(repr(e) if "e" in dir() else "e deleted")
