# Native calls (tier jit, issue #14): references over long runs of native calls
# -- arguments, results and locals of the callee are released exactly (refcounts
# unchanged after many calls; a finalizer sees the locals die in order at the
# callee's return; weakrefs cleared when the last reference goes).
import sys
import weakref


class Token:
    log = []

    def __init__(self, name):
        self.name = name

    def __del__(self):
        Token.log.append(self.name)


def sizes(items, k):
    if k == 0:
        return 0
    first = items[k - 1]
    rest = sizes(items, k - 1)
    return len(first) + rest


def nested(n):
    if n == 0:
        return Token("leaf")
    a = Token(f"a{n}")
    b = Token(f"b{n}")
    r = nested(n - 1)
    return r


def main():
    items = [[0] * (k % 5) for k in range(30)]
    probe = items[3]
    before = sys.getrefcount(probe), sys.getrefcount(items)
    for _ in range(3000):
        sizes(items, 12)
    print(sizes(items, 30), (sys.getrefcount(probe), sys.getrefcount(items)) == before)
    for _ in range(40):
        nested(3)
    Token.log.clear()
    r = nested(3)
    print(Token.log, r.name)
    ref = weakref.ref(r)
    del r
    print(ref() is None, Token.log[-1])


main()
