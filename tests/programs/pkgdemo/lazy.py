"""PEP 562 module __getattr__ and __dir__."""
import sys

_values = {"alpha": 1, "beta": 2}


def __getattr__(name):
    if name in _values:
        return _values[name] * 100
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(_values) + ["plain"])


plain = "plain value"
this_module = sys.modules[__name__]
