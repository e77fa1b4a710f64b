"""A generator's handled exception is its own: an except block it enters while
its caller handles another exception saves "none of its own", so leaving the
block (after a yield, resumed by another caller) gives back the handled
exception of whoever resumed it then -- not the first caller's."""
import sys


def name():
    e = sys.exception()
    return None if e is None else type(e).__name__


def g():
    try:
        raise ValueError
    except ValueError:
        yield ("in handler", name())
    yield ("after handler", name())
    try:
        raise KeyError
    except KeyError:
        try:
            raise TypeError
        except TypeError:
            yield ("nested", name())
        yield ("outer again", name())
    yield ("after both", name())


def step(gen, ctx):
    if ctx is None:
        return next(gen)
    try:
        raise ctx
    except BaseException:
        return next(gen)


for contexts in ([IndexError, None, None, OSError, None],
                 [None, IndexError, OSError, None, LookupError],
                 [IndexError, OSError, LookupError, None, IndexError],
                 [OSError] * 5):
    gen = g()
    out = []
    for ctx in contexts:
        out.append(step(gen, ctx) + (name(),))
    print(out)


def gen_with_helper():
    def helper():
        try:
            raise ZeroDivisionError
        except ZeroDivisionError:
            return name()
    r = helper()
    yield (r, name())
    yield name()


try:
    raise IndexError
except IndexError:
    h = gen_with_helper()
    print(next(h))
print(next(h), name())
