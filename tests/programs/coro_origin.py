"""sys.set_coroutine_origin_tracking_depth: a coroutine's cr_origin names the
frames that made it (innermost first, at most that many, down to the module),
and the never-awaited warning lists them; with warnings._warn_unawaited_coroutine
missing or failing, CPython's plain warning (the failure unraisable)."""
import gc
import os
import sys
import warnings


async def corofn():
    pass


def a1():
    return corofn()


def a2():
    return a1()


def short(origin):
    return tuple((os.path.basename(f), line, name) for f, line, name in origin)


for depth in (0, 1, 2, 1000):
    sys.set_coroutine_origin_tracking_depth(depth)
    c = a2()
    print(depth, sys.get_coroutine_origin_tracking_depth(), None if c.cr_origin is None
          else short(c.cr_origin))
    c.close()
try:
    sys.set_coroutine_origin_tracking_depth(-1)
except ValueError as e:
    print("ValueError", e)


def show(w):
    print(w.category.__name__, str(w.message).replace(os.path.dirname(__file__), "<dir>"))


sys.set_coroutine_origin_tracking_depth(2)
with warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter("always")
    a2()
    gc.collect()
for w in ws:
    show(w)

sys.set_coroutine_origin_tracking_depth(0)
seen = []
old_hook = sys.unraisablehook
sys.unraisablehook = lambda u: seen.append(u.exc_type.__name__)
orig = warnings._warn_unawaited_coroutine
try:
    warnings._warn_unawaited_coroutine = lambda coro: 1 / 0
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        corofn()
        gc.collect()
    for w in ws:
        show(w)
    print("unraisable", seen)
    del warnings._warn_unawaited_coroutine
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        corofn()
        gc.collect()
    for w in ws:
        show(w)
finally:
    warnings._warn_unawaited_coroutine = orig
    sys.unraisablehook = old_hook
