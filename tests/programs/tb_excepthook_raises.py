# sys.excepthook that itself raises: CPython prints "Error in sys.excepthook:" then the original exception.
import sys


def broken_hook(etype, value, tb):
    print("hook called with", etype.__name__)
    sys.stdout.flush()
    raise RuntimeError("hook is broken")


sys.excepthook = broken_hook


def work():
    return 1 + "1"


work()
