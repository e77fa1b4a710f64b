# Native calls (tier jit, issue #14) returning directly: a callee's return hands
# its result to the native caller without the exit runtime, releasing its own
# references itself (temporaries, then locals by index; a value two locals name
# dies at the later one), and the call's buffer comes from a per-depth pool.
# Checked here: the order finalizers see at such returns, a finalizer that runs
# at a return and calls the recursion again (the pool at the same depth), guard
# failures and exceptions inside callees mid-recursion, the recursion limit hit
# inside native code, and references unchanged over a long run of calls.
import sys


class Token:
    log = []

    def __init__(self, name):
        self.name = name

    def __del__(self):
        Token.log.append(self.name)


def order(n):
    # at the return: t (local 1) dies first, then u and its alias w (w is later:
    # u's object dies there); the argument n is an int; the result is local v
    if n == 0:
        return Token("base")
    t = Token(f"t{n}")
    u = Token(f"u{n}")
    v = order(n - 1)
    w = u
    return v


class Reenter:
    # a finalizer run by a callee's return calls the recursion again
    depth_seen = []

    def __del__(self):
        Reenter.depth_seen.append(count(6))


def count(n):
    if n == 0:
        return 0
    return 1 + count(n - 1)


def spawn(n):
    if n == 0:
        return 0
    r = Reenter()
    return 1 + spawn(n - 1)


def mixed(n, x):
    # x is an int on most calls; a float or a str at some depths (guard failures
    # inside callees; the str one raises at the addition, crossing native calls)
    if n == 0:
        return x
    return mixed(n - 1, x) + x


def deep(n):
    if n == 0:
        return 0
    return deep(n - 1) + 1


def main():
    for _ in range(60):
        order(4)
    Token.log.clear()
    r = order(4)
    print(Token.log, r.name)
    del r
    print(Token.log[-1])

    for _ in range(40):
        spawn(5)
    Reenter.depth_seen.clear()
    print(spawn(8), Reenter.depth_seen)

    for _ in range(300):
        mixed(6, 1)
    print(mixed(6, 2), mixed(6, 0.5), mixed(3, 7))
    print(mixed(5, "s"))
    try:
        mixed(5, None)
    except TypeError as e:
        print("TypeError", e)
    print(mixed(6, 3))

    for _ in range(50):
        deep(30)
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(150)
    for n in (100, 140, 147, 148, 149, 160, 400):
        try:
            print(n, deep(n))
        except RecursionError as e:
            print(n, "RecursionError", e)
    sys.setrecursionlimit(old)
    print(deep(600))

    probe = Token("probe")
    before = sys.getrefcount(probe)
    for _ in range(5000):
        mixed(4, 1)
        order(2)
    print(sys.getrefcount(probe) == before, count(20))


main()
