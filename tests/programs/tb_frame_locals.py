# Traceback entries' frames: tb_lasti, tb_lineno, f_lineno, f_locals values and f_globals of every frame in a caught exception.
import sys


def leaf(values, index):
    scale = 3
    return values[index] * scale


def middle(data):
    total = 0
    for i in range(len(data) + 1):
        total += leaf(data, i)
    return total


def top():
    items = [1, 2, 3]
    label = "top-level"
    return middle(items)


try:
    top()
except IndexError as e:
    tb = e.__traceback__
    while tb is not None:
        f = tb.tb_frame
        loc = {k: v for k, v in f.f_locals.items() if not k.startswith("__") and not callable(v)
               and k not in ("tb", "f", "e", "sys")}
        print(f.f_code.co_name, tb.tb_lineno, tb.tb_lasti, f.f_lineno, sorted(loc.items()),
              f.f_globals is globals(), f.f_code.co_firstlineno)
        tb = tb.tb_next


def gen():
    state = "in generator"
    yield 1
    raise KeyError(state)


g = gen()
next(g)
try:
    next(g)
except KeyError as e:
    last = e.__traceback__
    while last.tb_next:
        last = last.tb_next
    print(last.tb_frame.f_code.co_name, last.tb_lineno, last.tb_frame.f_locals.get("state"))
    print("frame of suspended generator after error:", g.gi_frame)


def closure_err():
    captured = 10

    def inner():
        return captured / 0
    return inner()


try:
    closure_err()
except ZeroDivisionError as e:
    tb = e.__traceback__.tb_next.tb_next
    print(tb.tb_frame.f_code.co_name, tb.tb_frame.f_code.co_freevars, tb.tb_frame.f_locals)
