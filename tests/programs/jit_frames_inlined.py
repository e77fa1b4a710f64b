# Frames a hot loop's trace inlined are still frames (issue #11): sys._getframe,
# inspect, warnings' stacklevel and logging's caller see them, at the right line.
import inspect
import logging
import sys
import warnings

logging.basicConfig(stream=sys.stdout, format="%(funcName)s:%(lineno)d %(message)s")
log = logging.getLogger("t")


def helper():
    return sys._getframe(0).f_code.co_name


def caller_of_helper():
    return inspect.currentframe().f_back.f_code.co_name, sys._getframe(1).f_lineno


def deprecated(i):
    if i % 50 == 0:
        warnings.warn(f"old {i}", DeprecationWarning, stacklevel=2)
    return i


def outer(i):
    return inner(i) + 1


def inner(i):
    f = sys._getframe(0)
    return len([f.f_code.co_name, f.f_back.f_code.co_name, f.f_back.f_back.f_code.co_name])


def stack_names():
    st = inspect.stack()
    return st[0].function, st[1].function, st[2].function


def logs(i):
    if i % 60 == 0:
        log.warning("at %d", i)


def compiled():
    # (everything here is traced: the calls are inlined into the loop's trace)
    r, c, n, s = [], [], 0, []
    for i in range(200):
        r.append(helper())
        c.append(caller_of_helper())
        n += outer(i)
        s.append(stack_names())
    print(r[0], r[-1], c[0], c[-1], n, s[0], s[-1])


def main():
    warnings.simplefilter("always")
    d = []
    for i in range(200):
        d.append(deprecated(i))
        logs(i)
    print(sum(d))


compiled()
main()
