# Recursion through generators (yield from chains, nested next()) until RecursionError: the depth reached must match CPython.
import sys

deepest = 0


def chain(n):
    global deepest
    deepest = n
    yield n
    yield from chain(n + 1)


def nested_next(n):
    global deepest
    deepest = n
    yield next(nested_next(n + 1))


for name, factory in [("yield from", chain), ("nested next", nested_next)]:
    deepest = 0
    try:
        for _ in factory(1):
            pass
    except RecursionError as e:
        print(name, "RecursionError:", e)
    print(name, "depth:", deepest)


def tree(depth):
    if depth:
        yield from tree(depth - 1)
        yield depth


print(sum(tree(300)))
# (past the default limit: 1200 levels of yield from; each value passes up through
# the levels above it -- quadratic, so kept to what shows the limit raised)
sys.setrecursionlimit(1500)
print(sum(tree(1200)) == 1200 * 1201 // 2)
