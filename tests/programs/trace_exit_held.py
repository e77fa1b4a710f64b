"""A suspended generator whose frame's f_trace is a function of __main__ keeps
__main__'s namespace alive to the end (CPython 3.11's collector never sees a
live frame's f_trace): at exit neither it nor the other objects there are
finalized -- no `finally`, no __del__.  The same program without the trace
function (the first part, deleted) closes its generator at once."""
import os
import sys


def resource(name, w=os.write):
    try:
        yield name
    finally:
        w(1, b"finally of " + name.encode() + b"\n")


def tracer(frame, event, arg):
    return tracer


class Noisy:
    def __del__(self, w=os.write):
        w(1, b"Noisy.__del__\n")


# untraced, dropped: closed at once
g = resource("dropped")
next(g)
del g

# traced (its frame's f_trace is `tracer`), then the hook is removed
sys.settrace(tracer)
kept = resource("kept")
print(next(kept))
sys.settrace(None)
print(sys._getframe().f_trace is None)

# a frame given f_trace directly, without settrace
def direct(w=os.write):
    sys._getframe().f_trace = tracer
    try:
        yield 1
    finally:
        w(1, b"finally of direct\n")


d = direct()
next(d)
n = Noisy()
print("end of main")
sys.stdout.flush()
