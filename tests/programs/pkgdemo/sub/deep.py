"""Two levels up with `from ...`: beyond the top-level package when imported as pkgdemo.sub.deep."""
from .. import core


def up_two():
    from ... import something  # noqa: F401  (beyond top-level package)
