# Relative imports inside a package: `from . import x`, `from .x import y`, `from .. import y`, star import with __all__.
import sys

import pkgdemo.sub as sub
from pkgdemo import util
from pkgdemo.sub import leaf

print(util.shout("hi"), util.bump_twice(), sub.bump(10))
print(sub.sub_shout("sub"), sub.public_fn(2), sub.CONST)
print("HIDDEN_CONST" in vars(sub), "not_exported" in vars(sub), "_private" in vars(sub))
print(leaf.HIDDEN_CONST, leaf._private, leaf.not_exported())
print(sub.__package__, leaf.__package__, leaf.__name__)
print(sub.util is util, sub.bump is pkgdemo.core.bump if "pkgdemo" in dir() else "pkgdemo not bound")
import pkgdemo
print(sub.bump is pkgdemo.core.bump, pkgdemo.sub is sub, pkgdemo.util is util)
print(pkgdemo.core.history)
from pkgdemo.sub.leaf import *
print(CONST, public_fn(1))
print("not_exported" in globals(), "HIDDEN_CONST" in globals())
import pkgdemo.sub.deep as deep
try:
    deep.up_two()
except ImportError as e:
    print("beyond top-level:", type(e).__name__, e)
try:
    exec("from . import anything", {"__name__": "toplevel", "__package__": ""})
except ImportError as e:
    print("no parent:", e)
print(sorted(k for k in sys.modules if k.startswith("pkgdemo")))
