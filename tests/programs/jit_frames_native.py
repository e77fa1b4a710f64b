# Frame views of code a trace calls natively (issue #17): a function trace called
# by call_assembler (recursion), a loop's code by call_loop/call_loop_in -- through
# the native call sites' fast path and through Python -- is on the stack that
# sys._getframe, inspect, traceback and warnings' stacklevel see while it runs.
import inspect
import sys
import traceback
import warnings

seen = set()


def where(k):
    # the callers' frames (their lines are where they call: stable)
    f = sys._getframe(1)
    out = []
    while f is not None and len(out) < k:
        out.append((f.f_code.co_name, f.f_lineno))
        f = f.f_back
    return tuple(out)


def fib(n):
    if n < 2:
        seen.add(where(4))
        return n
    return fib(n - 1) + fib(n - 2)


def down(n, tag):
    if n == 0:
        seen.add((tag, sys._getframe(2).f_code.co_name, sys._getframe(1).f_lineno))
        seen.add(tuple(x.function for x in inspect.stack()[:5]))
        return 1
    return down(n - 1, tag) + 1


def loops(n):
    # a loop with code of its own, entered natively from the caller's trace
    t = 0
    for i in range(n):
        t += i
        if i == n - 1:
            seen.add(where(3))
    return t


def rec_loops(n):
    if n == 0:
        return loops(5)
    return rec_loops(n - 1) + loops(3 + n)


def warn_deep(n):
    if n == 0:
        warnings.warn("deep", UserWarning, stacklevel=3)
        return 0
    return warn_deep(n - 1)


def comp(n):
    if n == 0:
        return [sys._getframe(1).f_code.co_name for _ in range(2)]
    return comp(n - 1) + [sum(len(sys._getframe(2).f_code.co_name) for _ in range(2))]


def gen(n):
    for i in range(n):
        yield where(2)


def rec_gen(n):
    if n == 0:
        return list(gen(2))
    return rec_gen(n - 1)


def printing(n):
    if n == 0:
        traceback.print_stack(sys._getframe(1), limit=4, file=sys.stdout)
        return 0
    return printing(n - 1)


def main():
    warnings.simplefilter("once")
    total = 0
    for i in range(120):
        total += fib(6)
        total += down(i % 4, "d") + down(3, "e")
        total += rec_loops(i % 3)
        total += warn_deep(i % 3)
        seen.add(tuple(comp(i % 3)))
        seen.add(tuple(rec_gen(i % 3)))
        if i in (0, 119):
            printing(2)
    print(total)
    for x in sorted(seen, key=repr):
        print(x)


main()
