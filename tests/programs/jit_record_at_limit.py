# A loop recorded a few frames below the recursion limit: a call it would
# inline passes the limit -- the recording stops before the call, which the
# interpreter then makes (and raises RecursionError) with its operands intact.
import sys
def f(x):
    return x + 1
def loopy():
    t = 0
    for i in range(10):
        t += f(i)
    return t
def down(n):
    return loopy() if not n else down(n - 1)
sys.setrecursionlimit(100)
for k in range(0, 12):
    try:
        print(k, down(100 - k))
    except RecursionError as e:
        print(k, type(e).__name__)  # (the message: at one depth CPython says "in comparison")
