"""Python functions compiled traces call on their cold paths.

Native code raises most exceptions through the C-API; where CPython's message
comes from the interpreter itself (unpacking), it calls one of these, which
raise it.  Each counts as a call from native code into pyjit's Python code
(``--stats``), but runs only when the program raises.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import native


def unpack_error(expected, got, at_least):
    """UNPACK_SEQUENCE / UNPACK_EX found too few values."""
    native.counted()
    more = "at least " if at_least else ""
    raise ValueError(f"not enough values to unpack (expected {more}{expected}, got {got})")


def unpack_too_many(expected):
    native.counted()
    raise ValueError(f"too many values to unpack (expected {expected})")
