# At exit, what only the main module's namespace holds is finalized as CPython's
# last collection does: its __del__ runs with every global still bound (module
# imports, functions, classes, constants).  (Not here: an atexit handler of the
# program's keeps the namespace alive past pyjit's collection -- notes/design.md.)
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


keep = Res(1)
print("end of program")
