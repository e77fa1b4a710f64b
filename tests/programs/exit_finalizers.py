# At exit, what only the main module's namespace holds is finalized as CPython's
# last collection does: its __del__ runs with every global still bound (module
# imports, functions, classes, constants), directly held objects first, then
# the ones in containers; after the program's atexit handlers.
import sys

LABEL = "bound"


def describe(obj):
    return f"{type(obj).__name__} {obj.n}: {LABEL}, {Res is not None}, {describe.__name__}"


class Res:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        sys.stdout.write(describe(self) + "\n")
        sys.stdout.flush()


import atexit
atexit.register(lambda: print("atexit handler", LABEL))
keep = Res(1)
held = [Res(2), Res(3)]
last = Res(4)


def gen():
    try:
        yield 1
    finally:
        print("generator closed", LABEL, sys.platform is not None)


g = gen()
next(g)
print("end of program")
