"""A leaf module with __all__ restricting `from .leaf import *`."""
__all__ = ["public_fn", "CONST"]

CONST = 42
HIDDEN_CONST = 7
_private = "underscore"


def public_fn(x):
    return x * CONST


def not_exported():
    return "not exported"
