"""pkgdemo: a package imported by the imp_ differential test programs."""
print("pkgdemo: __init__ running, __name__ =", __name__, "__package__ =", __package__)

from .core import VERSION, bump, counter_value

__all__ = ["VERSION", "bump", "counter_value", "describe"]
init_count = 1


def describe():
    return f"pkgdemo {VERSION} (counter {counter_value()})"
