# Found by the Hypothesis program generator: recursion that passes through host
# (C) code calling back into user code hits CPython's limit at CPython's depth, with
# CPython's message.
class C:
    depth = 0

    def __repr__(self):
        C.depth += 1
        return repr(self)


try:
    repr(C())
except RecursionError as e:
    print(C.depth, e)


def in_function():
    C.depth = 0
    try:
        repr(C())
    except RecursionError as e:
        print(C.depth, e)


in_function()


class K:
    def __lt__(self, other):
        return sorted([self, other])


try:
    K() < K()
except RecursionError as e:
    print(e)


def plain(n):
    try:
        return plain(n + 1)
    except RecursionError:
        return n


print(plain(0))
