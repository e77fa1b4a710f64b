# sys.setrecursionlimit(5000) lets recursion reach 4500; invalid limits raise; getrecursionlimit round-trips.
import sys


def down(n):
    if n == 0:
        return 0
    return down(n - 1) + 1


print(sys.getrecursionlimit())
try:
    down(4500)
except RecursionError as e:
    print("default limit:", e)
sys.setrecursionlimit(5000)
print(sys.getrecursionlimit())
print(down(4500))
for bad in (0, -5, 2.5, "10"):
    try:
        sys.setrecursionlimit(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
sys.setrecursionlimit(1000)
print(sys.getrecursionlimit())
try:
    down(1500)
except RecursionError as e:
    print("lowered again:", e)
