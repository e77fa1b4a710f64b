# Function traces entered at the interpreter's call site (tier jit: CALL_PY_*
# into a function whose RESUME_JIT count has run out makes the entry there and,
# at the trace's return, goes on in the caller with no frame switch).  The
# caller's loop never records (vars() needs its frame), so every call of the
# recursive down() (its trace kept: it calls itself natively) is an entry from
# the interpreter: its returns, a guard failing inside (a float, a big int:
# the interpreter goes on in the callee), an exception raised in the trace
# (its traceback through the caller's line), frame views from a callee, a
# RecursionError, a callee whose default argument is used (CALL_PY_WITH_DEFAULTS).
import sys
import traceback


def down(n, k=0):
    if n <= 0:
        return k
    return down(n - 1, k + 1)


def where():
    f = sys._getframe(1)
    return f.f_code.co_name, f.f_lineno - f.f_code.co_firstlineno


def deep(n):
    if n <= 0:
        return where()
    return deep(n - 1)


def main():
    s = 0
    seen = set()
    for i in range(1500):
        v = vars()
        s += down(i % 4, 1) + down(i % 3)
        if i % 500 == 499:
            s += down(2.5) + down(10 ** 20 - 10 ** 20 + 3, 10 ** 19)
            seen.add(deep(i % 5))
    print(s, sorted(seen))
    try:
        for i in range(20):
            v = vars()
            down(i, "x" if i == 17 else 0)
    except TypeError as e:
        print([(t.name, t.lineno) for t in traceback.extract_tb(e.__traceback__)], e)
    try:
        down(100000)
    except RecursionError as e:
        print("RecursionError", type(e).__name__)
    print(down(40), deep(3))


main()
