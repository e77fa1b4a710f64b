"""A frame object kept after its function returned shows the line of the
return that ran (implicit returns included: PEP 626); eval/exec take any
object with a buffer as source."""
import sys

TRUE = True
frame = None


def save_caller():
    global frame
    frame = sys._getframe(1)


def if1(x):
    x()
    if TRUE:
        pass


def if2(x):
    x()
    if not TRUE:
        pass


def early(x, n):
    x()
    if n:
        return n * 2
    y = n + 1
    return y


def loop(x):
    x()
    for i in range(3):
        pass


for fn, args in [(if1, ()), (if2, ()), (early, (1,)), (early, (0,)), (loop, ())]:
    for _ in range(3):
        fn(save_caller, *args)
    print(fn.__name__, args, frame.f_lineno - frame.f_code.co_firstlineno, frame.f_lasti > 0)

print(eval(memoryview(b"1234")[1:-1]), eval(bytearray(b" 5+6")))
ns = {}
exec(memoryview(b"ax = 123")[1:-1], ns)
print(ns["x"])
for bad in (123, None):
    try:
        eval(bad)
    except TypeError as e:
        print("TypeError", e)
try:
    eval(memoryview(b"1\x002"))
except (SyntaxError, ValueError) as e:
    print(type(e).__name__, e)
