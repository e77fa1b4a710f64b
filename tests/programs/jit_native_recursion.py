# Native calls between compiled code (tier jit, issue #14): recursion whose
# trace calls its own compiled code -- deep recursion hitting the limit inside
# native code, sys.setrecursionlimit up and down, RecursionError's message and
# traceback, guard failures inside a native callee (types changing mid-recursion).
import sys


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def down(n):
    if n == 0:
        return 0
    return down(n - 1) + 1


def depth_of(e):
    tb = e.__traceback__
    n = 0
    while tb is not None:
        n += 1
        tb = tb.tb_next
    return n


def main():
    print(fib(18), fib(15))
    for _ in range(20):
        down(60)
    # far deeper than the native nesting bound: the interpreter takes over
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(100000)
    print(down(60000))
    sys.setrecursionlimit(old)
    for limit in (400, 120):
        sys.setrecursionlimit(limit)
        try:
            down(limit + 50)
        except RecursionError as e:
            print("RecursionError:", e, depth_of(e) > limit - 20)
        print(down(limit - 30))
        sys.setrecursionlimit(old)
    # a guard failure inside the callee: a float, a big int, a str in the recursion
    print(fib(12.0), fib(10 ** 20 - 10 ** 20 + 11))

    def down_typed(n, unit):
        if n == 0:
            return unit * 0
        return down_typed(n - 1, unit) + unit
    for unit in (1, 2.5, 10 ** 19, "ab"[:1]):
        print(repr(down_typed(12, unit))[:40])
    try:
        down_typed(5, None)
    except TypeError as e:
        print("TypeError:", e)


main()
