# Interpreter hooks set to VM functions: sys.displayhook (exec 'single'), sys.breakpointhook, sys.unraisablehook, gc.callbacks.
import gc
import sys

shown = []


def my_displayhook(value):
    if value is not None:
        shown.append(value)
        print("displayhook:", repr(value))


sys.displayhook = my_displayhook
exec(compile("1 + 1", "<single>", "single"))
exec(compile("None", "<single>", "single"))
exec(compile("'text'.upper()", "<single>", "single"))
print("shown:", shown)
sys.displayhook = sys.__displayhook__


def my_breakpointhook(*args, **kwargs):
    print("breakpoint called with", args, kwargs)
    return "hook result"


sys.breakpointhook = my_breakpointhook
print(breakpoint(1, key="v"))
sys.breakpointhook = sys.__breakpointhook__


def my_unraisable(info):
    print("unraisable:", info.exc_type.__name__, info.exc_value, info.err_msg,
          type(info.object).__name__, getattr(info.object, "__qualname__", None))


class FailsOnDel:
    def __del__(self):
        raise ValueError("from __del__")


sys.unraisablehook = my_unraisable
x = FailsOnDel()
del x
print("after del")
sys.unraisablehook = sys.__unraisablehook__
events = []


def gc_callback(phase, info):
    events.append((phase, info["generation"]))


gc.callbacks.append(gc_callback)
gc.collect()
gc.callbacks.remove(gc_callback)
print("gc events:", events)
