# Recursion 900 deep succeeds under the default limit (plain, with kwargs, through a method and a recursive generator).
import sys


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


def total(items, i=0, *, acc=0):
    if i == len(items):
        return acc
    return total(items, i + 1, acc=acc + items[i])


class Tree:
    def __init__(self, n):
        self.child = Tree(n - 1) if n else None

    def height(self):
        return 1 + (self.child.height() if self.child else 0)


def walk(n):
    if n:
        yield n
        yield from walk(n - 1)


print(sys.getrecursionlimit())
print(depth(900))
print(total(list(range(900))))
print(Tree(450).height())
print(sum(walk(400)))
fact = lambda n: 1 if n <= 1 else n * fact(n - 1)
print(len(str(fact(900))))
