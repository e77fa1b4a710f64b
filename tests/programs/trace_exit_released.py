"""Generators left suspended at exit whose frames had a trace function that
leads nowhere back (a builtin's partial) or that was removed again are finalized at exit
as untraced ones: their `finally` runs (see trace_exit_held.py for one that
keeps __main__ alive)."""
import functools
import os
import sys

QUIET = functools.partial(print, file=open(os.devnull, "w"))  # (leads to no namespace)


def resource(name, w=os.write):
    frame = sys._getframe()
    if name == "builtin":
        frame.f_trace = QUIET
    elif name == "reset":
        frame.f_trace = tracer
        frame.f_trace = None
    del frame
    try:
        yield name
    finally:
        w(1, b"finally of " + name.encode() + b"\n")


def tracer(frame, event, arg):
    return tracer


a = resource("builtin")
next(a)
b = resource("reset")
next(b)
# traced, but the generator finished: its frame is gone
sys.settrace(tracer)
c = resource("finished")
print(list(c))
sys.settrace(None)
print("end of main")
sys.stdout.flush()
