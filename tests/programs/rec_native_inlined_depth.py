# Recursion through frames a trace inlines (tier jit): a recursive function's
# trace calls itself natively from inside an inlined frame -- a generator
# expression consumed by list(), a plain helper -- and those frames count
# towards the recursion limit as the interpreter counts them.  The deepest
# recursion that fits under a low limit is the same as CPython's (it was
# twice as deep when the native call counted one level for the callee only).
import sys


def through_genexpr(n):
    if n == 0:
        return 0
    return list(through_genexpr(n - 1) for _ in range(1))[0] + 1


def helper(n):
    return through_helper(n - 1) + 1


def through_helper(n):
    if n == 0:
        return 0
    return helper(n)


def deepest(fn, step):
    res = []
    for k in range(0, 300, step):
        try:
            res.append(fn(k))
        except RecursionError as e:
            tb, n = e.__traceback__, 0
            while tb is not None:
                n, tb = n + 1, tb.tb_next
            res.append((type(e).__name__, n))   # (its traceback: as deep as CPython's)
    return res


sys.setrecursionlimit(200)
for fn in (through_genexpr, through_helper):
    for _ in range(3):            # (hot: function traces, then native calls)
        out = deepest(fn, 7)
    first = [k for k, x in enumerate(out) if type(x) is tuple]
    print(fn.__name__, first[:1], out[:3], out[-2:])
