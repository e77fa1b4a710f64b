"""Relative imports of siblings: `from . import x` and `from .x import y`."""
from . import core
from .core import VERSION as V
from . import core as core_alias

print("pkgdemo.util: loading, core is alias:", core is core_alias)


def shout(text):
    return f"{text.upper()}! (v{V})"


def bump_twice():
    core.bump()
    return core.bump()
