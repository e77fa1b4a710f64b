# A long function without a loop (~250 instructions with the lambda around
# it), called only from host code (functools.reduce): its function trace is
# kept (nativecall.unpaid: at least warmup.SEND_BACK_INSTRUCTIONS), compiled
# behind other code and entered from the interpreter only while no other code
# is in flight (jit/keptlong.py) -- spin()'s loop is hot first, so under the
# compile thread its code may still be coming.  Its argument turns float (a
# bridge), then None (a TypeError raised inside the trace, with the lambda's
# and step's frames).
import functools


def spin(n):
    t = 0
    for i in range(n):
        t += i * i % 7
    return t


def step(x):
    t = x
    t = (t * 3 + x) % 1000003
    t = (t * 4 + x) % 1000003
    t = (t * 5 + x) % 1000003
    t = (t * 6 + x) % 1000003
    t = (t * 7 + x) % 1000003
    t = (t * 8 + x) % 1000003
    t = (t * 9 + x) % 1000003
    t = (t * 3 + x) % 1000003
    t = (t * 4 + x) % 1000003
    t = (t * 5 + x) % 1000003
    t = (t * 6 + x) % 1000003
    t = (t * 7 + x) % 1000003
    t = (t * 8 + x) % 1000003
    t = (t * 9 + x) % 1000003
    t = (t * 3 + x) % 1000003
    t = (t * 4 + x) % 1000003
    t = (t * 5 + x) % 1000003
    t = (t * 6 + x) % 1000003
    t = (t * 7 + x) % 1000003
    t = (t * 8 + x) % 1000003
    t = (t * 9 + x) % 1000003
    t = (t * 3 + x) % 1000003
    t = (t * 4 + x) % 1000003
    t = (t * 5 + x) % 1000003
    t = (t * 6 + x) % 1000003
    t = (t * 7 + x) % 1000003
    t = (t * 8 + x) % 1000003
    t = (t * 9 + x) % 1000003
    t = (t * 3 + x) % 1000003
    t = (t * 4 + x) % 1000003
    t = (t * 5 + x) % 1000003
    t = (t * 6 + x) % 1000003
    t = (t * 7 + x) % 1000003
    t = (t * 8 + x) % 1000003
    t = (t * 9 + x) % 1000003
    t = (t * 3 + x) % 1000003
    if t == 12345:
        raise KeyError(t)
    return t


def total(xs):
    return functools.reduce(lambda a, b: a + step(b), xs, 0)


print(spin(30000))
print(total(range(3000)))
print(total([x + 0.5 for x in range(600)]))
try:
    print(total(list(range(1500)) + [None]))
except TypeError as e:
    print("TypeError", e)
print(total(range(100, 2100)))
