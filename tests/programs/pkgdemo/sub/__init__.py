"""Subpackage: `from .. import y` and a star import governed by __all__."""
from .. import util
from ..core import bump
from .leaf import *

print("pkgdemo.sub: loading, __package__ =", __package__)


def sub_shout(x):
    return util.shout(x)
