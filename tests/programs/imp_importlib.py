# importlib.import_module (absolute and relative), importlib.reload keeping module identity, find_spec, sys.path edits.
import importlib
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
core = importlib.import_module("pkgdemo.core")
leaf = importlib.import_module(".sub.leaf", package="pkgdemo")
print(core.__name__, leaf.__name__, leaf.public_fn(3))
r1 = importlib.import_module("pkgdemo.reloadme")
print(r1.add("a"), r1.add("b"), r1.loads)
r2 = importlib.reload(r1)
print(r2 is r1, r1.loads, r1.items, r1.add("c"))
importlib.reload(r1)
print("after 2nd reload:", r1.loads)
spec = importlib.util.find_spec("pkgdemo.sub.leaf")
print(spec.name, os.path.relpath(spec.origin, HERE), spec.parent)
print(importlib.util.find_spec("pkgdemo.nothing_here"))
try:
    importlib.import_module("pkgdemo.nothing_here")
except ModuleNotFoundError as e:
    print("missing:", e, e.name)
try:
    importlib.import_module(".leaf")
except TypeError as e:
    print("relative without package:", e)
sys.path.insert(0, os.path.join(HERE, "pkgdemo", "plainmods"))
import flatmod
print(flatmod.NAME, flatmod.where(), flatmod.__name__, flatmod.__package__ == "")
lazy = importlib.import_module("pkgdemo.lazy")
print(lazy.alpha, lazy.beta, lazy.plain, dir(lazy))
try:
    lazy.gamma
except AttributeError as e:
    print("lazy:", e)
from pkgdemo.lazy import beta
print(beta, lazy.this_module is lazy)
mod = importlib.util.module_from_spec(importlib.util.find_spec("pkgdemo.sub.leaf"))
print(hasattr(mod, "CONST"))
mod.__spec__.loader.exec_module(mod)
print(mod.CONST, mod is not leaf)
