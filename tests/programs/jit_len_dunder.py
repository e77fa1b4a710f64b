"""Tier jit: ``len(obj)`` on a program class runs its ``__len__`` in the trace.

``len(r)`` -- a CALL of the builtin ``len`` -- on an instance whose class
defines ``__len__`` inlines the method as a nested frame (kind ``len``,
record/dunders.py ``length``), or calls it natively when a recording too long
blamed it (``Long.__len__``, each body a long straight-line mix: ``warm``).
``dunder_result`` checks its value as CPython's ``slot_sq_length`` does
(protocols.len_value): covered, inlined and native, a bool (1), an int subclass, an
object with ``__index__`` (a program class's), a str (TypeError), a negative int
(ValueError "__len__() should return >= 0"), an int past sys.maxsize
(OverflowError "cannot fit 'int' into an index-sized integer"), a big int that
fits, a ``__len__`` raising (its traceback's lines), a guard failing inside the
inlined method (the trace left in the nested frame: protocols finishes the
CALL), ``len`` of a list subclass and ``len(*args)`` (residual calls), and a
``len`` rebound in the module (a program function named len).  ``if r:`` on
such an instance (no ``__bool__``) calls ``__len__`` with the same checks (kind
``lenbool``; ``truths``), inlined and native; a class with ``__bool__ = None``
(TypeError, the generic truth op).
"""
import sys
import traceback


class Index:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


class Sub(int):
    pass


class Ring:
    def __init__(self, n):
        self.n = n
        self.mode = 0

    def __len__(self):
        if self.mode == 1:
            raise KeyError("len")
        if self.mode == 2:
            return self.n + 0.5          # (a float: the guard on + fails in here)
        return self.n


MIX = """
        a = (a * 31 + x * 7 + 3) % 1000003
        c = a ^ (x << 2)
        x = (c + a) % 97 - (x & 7)
        a = (a + c - x) % 1000003
"""

SRC = """
class Long:
    def __init__(self, n):
        self.n = n
        self.mode = 0

    def __len__(self):
        a, x = 3, self.mode
""" + MIX * 8 + """
        if self.mode == 1:
            raise LookupError("long len")
        return self.n if self.mode == 0 or a >= 0 else 0
"""
exec(compile(SRC, "long", "exec"))


class Lst(list):
    pass


def lines(e):
    return [t.lineno for t in traceback.extract_tb(e.__traceback__)]


# values __len__ returns at chosen iterations (each kind: its result or error)
ODD = {40: True, 45: Sub(7), 50: Index(9), 55: "three", 60: -1, 65: sys.maxsize + 1,
       70: sys.maxsize, 75: 2 ** 40, 80: Index(-4), 85: Index("x"), 90: False, 95: -(2 ** 70)}


def run(r, n):
    t = 0
    out = []
    for i in range(n):
        r.n = ODD.get(i, i % 11)
        r.mode = 1 if i == 100 else 2 if i in (110, 111) else 0
        try:
            k = len(r)
            t += k % 1000
            if i in ODD or i == 110:
                out.append((i, k, type(k).__name__))
        except (TypeError, ValueError, OverflowError, KeyError, LookupError) as e:
            out.append((i, type(e).__name__, str(e), lines(e)))
    return t, out


def truths(r, n):
    t = 0
    out = []
    for i in range(n):
        r.n = ODD.get(i, i % 3)
        r.mode = 1 if i == 100 else 2 if i in (110, 111) else 0
        try:
            if r:
                t += 1
            if not r:
                t += 10
            if i in ODD:
                out.append((i, t))
        except (TypeError, ValueError, OverflowError, KeyError, LookupError) as e:
            out.append((i, type(e).__name__, str(e), lines(e)))
    return t, out


class NoBool(Ring):
    __bool__ = None


def warm(b, n):
    # too long by Long.__len__'s frames (eight an iteration): blamed, then called
    # natively by the traces recorded after
    t = 0
    for i in range(n):
        b.n = i
        t += len(b) + len(b) + len(b) + len(b) + len(b) + len(b) + len(b) + len(b)
    return t


def others(n):
    t = 0
    lst = Lst([1, 2, 3])
    args = ([4, 5],)
    for i in range(n):
        lst.append(i)
        t += len(lst) + len(*args) + len("abc")
    return t


def rebound(n):
    global len
    saved = len
    len = lambda o: 7
    try:
        return sum(len(Ring(i)) for i in range(n))
    finally:
        len = saved


print(run(Ring(0), 130))
print(truths(Ring(0), 130))
print(warm(Long(0), 60))
print(run(Long(0), 130))
print(truths(Long(0), 130))
try:
    print(truths(NoBool(0), 5))
except TypeError as e:
    print("NoBool", e, lines(e))
print(others(50))
print(rebound(40))
r = Ring(3)
r.n = -5
len(r)
