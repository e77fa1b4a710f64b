# Frame views and tracebacks inside a nested frame that a trace (or a
# recording) left: a dunder method an unfinished instruction called (BINARY_OP,
# COMPARE_OP, a subscript), __init__ of a class call, a property, a generator
# resumed by FOR_ITER.  Each method takes a new path late in its loop (a guard
# of the trace fails inside the inlined method, whose frame then runs on in a
# nested eval loop): the caller it sees must be the loop's frame at the
# instruction that called it -- not the stale position of the trace or of an
# aborted recording -- and an exception it raises must go through the same
# frames.
import sys
import traceback


def chain(depth=1, n=3):
    f = sys._getframe(depth + 1)
    out = []
    while f is not None and len(out) < n:
        out.append((f.f_code.co_name, f.f_lineno))
        f = f.f_back
    return out


def seen(x, late):
    if x >= late:          # (the new path: a guard that held in the trace fails)
        x = -x
    return x, chain(1), sys._getframe(2) is sys._getframe(2)


class Num:
    def __init__(self, v, late=1000):
        self.v = v
        if v >= late:      # (the guard fails in the method itself ...)
            v = -v
        self.init_seen = v, chain(0), sys._getframe(1) is sys._getframe(1)

    def __add__(self, other):
        if other >= 30:
            other = -other
        return other, chain(0), sys._getframe(1) is sys._getframe(1)

    def __lt__(self, other):
        return seen(other, 31)   # (... or in a function it calls)

    def __getitem__(self, k):
        if k >= 32:
            k = -k
        return k, chain(0), sys._getframe(1) is sys._getframe(1)

    @property
    def prop(self):
        return seen(self.v, 33)


def gen(n):
    for i in range(n):
        yield seen(i, 34)


def binop_loop():
    p, out = Num(0), []
    for i in range(40):
        v = p + i
        if i >= 28:
            out.append((i, v))
    return out


def compare_loop():
    p, out = Num(0), []
    for i in range(40):
        v = p < i
        if i >= 28:
            out.append((i, v))
    return out


def subscript_loop():
    p, out = Num(0), []
    for i in range(40):
        v = p[i]
        if i >= 28:
            out.append((i, v))
    return out


def init_loop():
    out = []
    for i in range(40):
        n = Num(i, 35)
        if i >= 28:
            out.append((i, n.init_seen))
    return out


def property_loop():
    out = []
    for i in range(40):
        v = Num(i).prop
        if i >= 28:
            out.append((i, v))
    return out


def gen_loop():
    out = []
    for v in gen(40):
        if v[0] < 0 or v[0] >= 28:
            out.append(v)
    return out


class Probe:
    def __add__(self, other):
        if other >= 30:
            other = 0
        f1 = sys._getframe(1)
        if f1.f_code.co_name != "probe_loop" or f1.f_lineno != 0:   # (always)
            return (f1.f_code.co_name, f1.f_lineno, f1.f_back.f_code.co_name)
        return 1


def probe_loop():
    p, out = Probe(), []
    for i in range(40):
        v = p + i
        if v != 1:
            out.append((i, v))
    return out


class Boom:
    def __add__(self, other):
        if other >= 30:
            raise ValueError(other)
        return other


def raising_loop():
    b, out = Boom(), []
    for i in range(36):
        try:
            b + i
        except ValueError as e:
            out.append([(fs.name, fs.lineno) for fs in traceback.extract_tb(e.__traceback__)])
    return out


for fn in (binop_loop, compare_loop, subscript_loop, init_loop, property_loop, gen_loop,
           probe_loop, raising_loop):
    for row in fn():
        print(fn.__name__, row)
