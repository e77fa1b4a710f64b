# An uncaught RecursionError through string.Template: CPython's traceback (the
# library's frames, the repeated lines) and exit code.
import string
import sys


class M:
    def __getitem__(self, key):
        return string.Template("$x").substitute(self)


sys.setrecursionlimit(60)
M()["x"]
