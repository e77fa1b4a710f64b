# RecursionError caught: the depth reached, measured by a counter, must equal CPython's exactly.
import sys

reached = 0


def recurse(n):
    global reached
    reached = n
    recurse(n + 1)


try:
    recurse(1)
except RecursionError as e:
    print("caught:", e)
print("depth reached:", reached)


def recurse_in_func():
    def inner(n):
        global reached
        reached = n
        return inner(n + 1) + 1
    try:
        inner(1)
    except RecursionError:
        return reached


print("depth from a nested frame:", recurse_in_func())
sys.setrecursionlimit(200)
try:
    recurse(1)
except RecursionError:
    print("depth at limit 200:", reached)
sys.setrecursionlimit(1000)


def count_frames():
    f = sys._getframe()
    n = 0
    while f:
        n += 1
        f = f.f_back
    return n


def nest(k):
    return count_frames() if k == 0 else nest(k - 1)


print("frames at nest(10):", nest(10))
try:
    recurse(1)
except RecursionError:
    print("recovered, depth again:", reached)
