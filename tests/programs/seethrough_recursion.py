"""Recursion through builtins the tracer sees through: the depth at which
RecursionError comes is CPython's -- max/min (tp_call) and any/all (METH_O)
count a level for the C call, list/tuple/set (a type's vectorcall) do not.
(sum() and sorted() are left out: CPython 3.11 stops them at depths its frames
do not explain -- sum 45, sorted 32 or 40 by the shape of the elements --,
through C-level accounting pyjit does not model.)"""
import sys

sys.setrecursionlimit(100)
depths = []


def through(b):
    def f(n):
        try:
            return b((f(n + 1), 0)[1] for _ in (0,))
        except RecursionError:
            depths.append(n)   # (nothing more at the limit: str(e) is C-level recursion)
            return 0
    return f


for b in (any, all, max, min, list, tuple, set, frozenset):
    depths.clear()
    through(b)(0)
    print(b.__name__, depths)


def keyed(n):
    try:
        return max([0], key=lambda x: keyed(n + 1))
    except RecursionError:
        return n


print("key", keyed(0))
