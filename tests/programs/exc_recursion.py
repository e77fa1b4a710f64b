# Uncaught RecursionError from unbounded recursion: CPython's "[Previous line repeated N more times]".
def descend(n):
    return descend(n + 1) + 1


print("limit", __import__("sys").getrecursionlimit())
descend(0)
