"""Run with `-m pkgdemo.runme` by tests/test_cli.py; imported normally by imp_ programs."""
import sys

from . import core
from .sub import leaf

print("runme: __name__ =", __name__, "| __package__ =", __package__)
print("runme: argv[1:] =", sys.argv[1:])
print("runme: leaf.CONST =", leaf.CONST, "| core.VERSION =", core.VERSION)
if __name__ == "__main__":
    print("runme: running as main")
