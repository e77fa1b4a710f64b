# Native calls (tier jit, issue #14): exceptions crossing native call boundaries
# both ways -- raised in a native callee and caught by a compiled caller, caught
# inside the callee, raised by the caller after the call returned, and one left
# uncaught (its traceback printed through every level).


class Boom(Exception):
    pass


def explode(n, at):
    if n == at:
        raise Boom(f"at {n}")
    if n == 0:
        return 0
    return explode(n - 1, at) + 1


def guarded(n, at):
    if n == 0:
        return 0
    try:
        return explode(n, at) + guarded(n - 1, at)
    except Boom as e:
        return -len(str(e)) + guarded(n - 1, at)


def catch_inside(n):
    if n == 0:
        raise KeyError(n)
    try:
        return catch_inside(n - 1) + 1
    except KeyError:
        return 100


def after_call(n):
    if n == 0:
        return 1
    r = after_call(n - 1)
    if r > 6:
        raise ValueError(f"too big at {n}")
    return r + 1


def main():
    # (warm-up without raising: the recordings -- at the second call under
    # --jit-function-threshold 2 -- follow the recursive paths, which then
    # run as native calls when the exceptions below cross them)
    for _ in range(4):
        print(explode(10, -1), guarded(6, -1), catch_inside(5), after_call(3))
    for k in range(6):
        print(guarded(8, k))
    print(sum(catch_inside(n % 7 + 1) for n in range(40)))
    for n in range(12):
        try:
            print(after_call(n % 9))
        except ValueError as e:
            print("ValueError:", e)
    for _ in range(30):
        try:
            explode(10, -1)
            explode(10, 3)
        except Boom as e:
            last = e
    print(last)
    explode(12, 2)      # uncaught: the traceback goes through every level


main()
