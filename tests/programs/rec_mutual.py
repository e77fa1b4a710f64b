# Mutual recursion: even/odd to depth 800 succeeds; unbounded ping/pong raises RecursionError (caught) and stack unwinds.
def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


print(is_even(800), is_odd(799), is_even(7))
calls = {"ping": 0, "pong": 0}


def ping(n):
    calls["ping"] += 1
    return pong(n + 1)


def pong(n):
    calls["pong"] += 1
    return ping(n + 1)


try:
    ping(0)
except RecursionError as e:
    print("caught:", e)
print(calls)


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


print(ackermann(2, 3), ackermann(3, 3))
