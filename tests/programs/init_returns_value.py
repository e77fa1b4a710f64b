"""__init__ returning a value: CPython raises TypeError in the caller after the
frame returned (type_call) -- no traceback entry for __init__, a trace
function sees its "return" event with the value; also when a trace left inside
an inlined __init__ (tier jit)."""
import traceback
class P:
    def __init__(self, x, mode):
        self.x = x
        if mode:
            return mode

def f(n):
    t = 0
    for i in range(n):
        try:
            t += P(i, 7 if i % 9 == 8 else 0).x
        except TypeError as e:
            print(i, e, [l.lineno for l in traceback.extract_tb(e.__traceback__)])
    return t

print(f(40))
import sys
def tr(frame, event, arg):
    if frame.f_code.co_name == "__init__" and event in ("return", "exception"):
        print("trace", event, arg if event == "return" else arg[0].__name__)
    return tr
sys.settrace(tr)
try:
    P(1, 3)
except TypeError as e:
    print("traced", e)
sys.settrace(None)
