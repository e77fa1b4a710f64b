# A frame view of a function a loop's trace inlines, read after the code went
# on: f_lineno and f_lasti are the frame's line and instruction now (CPython's
# frame object is live), read in the same call, in a callee, and at each step.
import sys


def probe(i):
    f = sys._getframe(0)
    first = f.f_lineno
    x = i + 1
    y = x * 2
    return first, f.f_lineno, y


def deeper(f):
    return f.f_back.f_lineno, f.f_lineno


def caller_line(i):
    f = sys._getframe(0)
    a = f.f_lineno
    b = deeper(sys._getframe(0))
    c = f.f_lineno
    return a, b, c


def steps(i):
    f = sys._getframe(0)
    seen = []
    for k in range(3):
        seen.append(f.f_lineno)
        k += i
    seen.append(f.f_lineno)
    return tuple(seen)


def lasti_moves(i):
    f = sys._getframe(0)
    a = f.f_lasti
    i += 1
    b = f.f_lasti
    return b > a


def run(n):
    out = set()
    for i in range(n):
        out.add(probe(i)[:2])
        out.add(caller_line(i))
        out.add(steps(i))
        out.add(lasti_moves(i))
    return sorted(out, key=repr)


for _ in range(3):
    print(run(300))
