# Importing a package: __init__ runs once, __name__/__package__/__file__/__path__ (relative to this dir), sys.modules.
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def rel(p):
    return os.path.relpath(p, HERE) if p else p


import pkgdemo
import pkgdemo  # second import: no re-run
import pkgdemo.core as core

print(pkgdemo.__name__, pkgdemo.__package__, rel(pkgdemo.__file__))
print([rel(p) for p in pkgdemo.__path__])
print(core.__name__, core.__package__, rel(core.__file__), rel(core.__spec__.origin))
print(pkgdemo.__spec__.name, pkgdemo.__spec__.parent, pkgdemo.__spec__.submodule_search_locations is not None)
print(core.__spec__.parent, core.__spec__.has_location, core.__cached__ is None or "__pycache__" in core.__cached__)
print(pkgdemo.__doc__)
print(sorted(k for k in sys.modules if k.startswith("pkgdemo")))
print(pkgdemo.describe(), pkgdemo.bump(5), core.counter_value(), pkgdemo.describe())
print(pkgdemo.core is core, pkgdemo.bump is core.bump)
print(sorted(n for n in vars(pkgdemo) if not n.startswith("__")))
print(__name__, __package__, rel(__file__), __spec__)
print(rel(sys.path[0]) if sys.path[0] else repr(sys.path[0]))
from pkgdemo import *
print(VERSION, counter_value(), "describe" in dir(), "init_count" in dir())
