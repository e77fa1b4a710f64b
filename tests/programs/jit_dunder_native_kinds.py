"""Tier jit: the other dunder methods instructions call, called natively when not inlined.

Loops each inlining too much through one of ``Box.__bool__``,
``__contains__``, ``__iter__``, ``__setitem__``, ``__delitem__``,
``__neg__``/``__invert__``/``__pos__`` (each body repeats a long
straight-line mix; ``warm_*``) and ``Walk.__next__`` (``walk``) pass the
trace limit: the methods are blamed (record/toolong.py) and then called
natively from ``main``'s trace through POP_JUMP_IF, CONTAINS_OP, GET_ITER,
STORE_SUBSCR, DELETE_SUBSCR and the unary operators, and from FOR_ITER in
``walk`` (record/dunders.py ``_native``; ``dunder_result`` checks what
``__bool__``/``__contains__``/``__iter__`` returned).  Covered: ``__bool__``
returning an int (TypeError at the ``if``), ``__contains__`` returning a
non-bool (its truth; one whose truth raises), ``__iter__`` returning a
non-iterator (TypeError: an int, an instance of a class without
``__next__``), a short ``__delitem__`` inlined and left inside
(``small_del``), ``__neg__`` returning NotImplemented (the value, as
CPython), exceptions raised inside each method caught in the loop with their
tracebacks' lines, and a guard failing inside the methods (an int field that
becomes a big int, then a bool).  ``walk``: FOR_ITER's ``__next__`` called
natively, its StopIteration (and a subclass's) ending the loop
(protocols.raised_at), a ValueError from it with its traceback; ``walks``:
inner loops over it ending.
"""
import traceback


MIX = """
        a = (a * 31 + x * 7 + 3) % 1000003
        c = a ^ (x << 2)
        x = (c + a) % 97 - (x & 7)
        a = (a + c - x) % 1000003
"""

SRC = """
class Box:
    def __init__(self, a):
        self.a = a
        self.mode = 0
        self.items = [1, 2, 3]

    def __bool__(self):
        a, x = self.a, 3
""" + MIX * 8 + """
        if self.mode == 1:
            raise ValueError("bool")
        if self.mode == 2:
            return 1
        return a % 3 != 0

    def __contains__(self, k):
        a, x = self.a, k
""" + MIX * 8 + """
        if self.mode == 3:
            raise KeyError("contains")
        if self.mode == 4:
            return a % 2 + 5
        if self.mode == 5:
            return Bad()
        return a % 2 == 0

    def __iter__(self):
        a, x = self.a, 1
""" + MIX * 8 + """
        if self.mode == 6:
            raise LookupError("iter")
        if self.mode == 7:
            return 42
        if self.mode == 12:
            return Bad()         # (a class without __next__: not an iterator either)
        return iter(self.items)

    def __setitem__(self, k, v):
        a, x = self.a, k
""" + MIX * 8 + """
        if self.mode == 8:
            raise IndexError(k)
        self.a = self.a + v

    def __delitem__(self, k):
        a, x = self.a, k
""" + MIX * 8 + """
        if self.mode == 11:
            raise AttributeError(k)
        self.a = a % 1000 + 1

    def __neg__(self):
        a, x = self.a, 5
""" + MIX * 8 + """
        if self.mode == 9:
            return NotImplemented
        if self.mode == 10:
            raise ArithmeticError("neg")
        return a % 1000 - self.a % 7

    def __invert__(self):
        a, x = self.a, 6
""" + MIX * 8 + """
        return a % 100

    def __pos__(self):
        a, x = self.a, 7
""" + MIX * 8 + """
        return a % 10

def step(a, x):
""" + MIX.replace("\n        ", "\n    ") * 8 + """
    return a


class Walk:
    def __init__(self, n, fail=-1):
        self.i = 0
        self.n = n
        self.fail = fail

    def __iter__(self):
        return self

    def __next__(self):
        # (eight calls of a long step: a loop's recording is too long by this
        # frame, the biggest -- blamed, then called natively by FOR_ITER)
        a = self.i
        a = step(a, 1) + step(a, 2) + step(a, 3) + step(a, 4)
        a = step(a, 5) + step(a, 6) + step(a, 7) + step(a, 8) + step(a, 9)
        i = self.i
        if i == self.fail:
            raise ValueError(f"next {i}")
        if i >= self.n:
            if self.fail == -2:
                raise Done(i)
            raise StopIteration
        self.i = i + 1
        return i + a % 3
"""
exec(compile(SRC, "box", "exec"))


class Done(StopIteration):
    pass


class Small:
    """A short __delitem__, inlined (a trace left inside it: a guard on ``t``)."""

    def __init__(self):
        self.t = 0

    def __delitem__(self, k):
        self.t = self.t + k


def small_del(n):
    s = Small()
    for i in range(n):
        del s[i]
        if i == 20:
            s.t = 10 ** 20
        elif i == 30:
            s.t = 0.5
    return s.t


class Bad:
    def __bool__(self):
        raise RuntimeError("truth of __contains__'s value")


def lines(e):
    return [t.lineno for t in traceback.extract_tb(e.__traceback__)]


# each too long by one method's own frames (eight of them an iteration): the
# method is blamed, then called natively by every trace recorded after
def warm_bool(b, n):
    t = 0
    for i in range(n):
        b.a = i
        t += (1 if b else 0) + (1 if b else 0) + (1 if b else 0) + (1 if b else 0)
        t += (1 if b else 0) + (1 if b else 0) + (1 if b else 0) + (1 if b else 0)
        t += (1 if b else 0) + (1 if b else 0) + (1 if b else 0) + (1 if b else 0)
    return t


def warm_contains(b, n):
    t = 0
    for i in range(n):
        b.a = i
        t += (i in b) + (3 in b) + (i not in b) + (5 in b)
        t += (i in b) + (3 in b) + (i not in b) + (5 in b)
        t += (i in b) + (3 in b) + (i not in b) + (5 in b)
    return t


def warm_iter(b, n):
    t = 0
    for i in range(n):
        b.a = i
        for y in b:          # (its first item: no inner loop recorded)
            t += y
            break
        for y in b:
            t += y
            break
        for y in b:
            t += y
            break
        for y in b:
            t += y
            break
        for y in b:
            t += y
            break
        for y in b:
            t += y
            break
        for y in b:
            t += y
            break
        for y in b:
            t += y
            break
        for y in b:
            t += y
            break
        for y in b:
            t += y
            break
        for y in b:
            t += y
            break
        for y in b:
            t += y
            break
    return t


def warm_setitem(b, n):
    for i in range(n):
        b[0] = i
        b[1] = i
        b[2] = i
        b[3] = i
        b[4] = i
        b[5] = i
        b[6] = i
        b[7] = i
        b[8] = i
        b[9] = i
        b[10] = i
        b[11] = i
        b.a = b.a % 1000
    return b.a


def warm_delitem(b, n):
    for i in range(n):
        del b[0]
        del b[1]
        del b[2]
        del b[3]
        del b[4]
        del b[5]
        del b[6]
        del b[7]
        del b[8]
        del b[9]
        del b[10]
        del b[11]
    return b.a


def walk(n, fail=-1):
    t = 0
    for y in Walk(n, fail):          # (its __next__ called natively: StopIteration ends it)
        t += y
    return t


def walks(n):
    t = 0
    for k in range(n):
        for y in Walk(k % 4, -2 if k % 3 == 0 else -1):     # (an inner loop ending)
            t += y * k
        try:
            t += walk(5, 3 if k == 7 else -1)
        except ValueError as e:
            print("walk", e, lines(e))
    return t


def warm_unary(b, n):
    t = 0
    for i in range(n):
        b.a = i
        t += -b + -b + -b + -b + -b + -b + -b + -b + -b + -b + -b + -b
    for i in range(n):
        b.a = i
        t += ~b + ~b + ~b + ~b + ~b + ~b + ~b + ~b + ~b + ~b + ~b + ~b
    for i in range(n):
        b.a = i
        t += +b + +b + +b + +b + +b + +b + +b + +b + +b + +b + +b + +b
    return t


MODES = {40: 1, 41: 2, 44: 3, 45: 4, 46: 5, 50: 6, 51: 7, 52: 12, 55: 8, 60: 9, 61: 10, 65: 11}


def main(n):
    b = Box(7)
    t = 0
    for i in range(n):
        b.mode = MODES.get(i, 0)
        try:
            if b:
                t += 1
            if i in b:
                t += 2
            for y in b:
                t += y
            b[i] = 3
            del b[i + 1]
            t += -b
            t += ~b + +b
            b.a = b.a % 100000 + i
        except (ValueError, TypeError, KeyError, LookupError, RuntimeError,
                ArithmeticError, AttributeError) as e:
            print(i, type(e).__name__, e, lines(e))
        if i == 70:
            b.a = 10 ** 20          # a big int inside the called methods
        elif i == 80:
            b.a = True              # then a bool
    return t, b.a


print(warm_bool(Box(1), 30), warm_contains(Box(1), 30), warm_iter(Box(1), 30))
print(warm_setitem(Box(1), 30), warm_delitem(Box(1), 30), warm_unary(Box(1), 30))
print(walk(60), walk(40, -2), walks(30))
try:
    walk(40, 25)
except ValueError as e:
    print("walk", e, lines(e))
print(small_del(40))
print(main(120))
print(main(30))
