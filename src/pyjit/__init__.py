"""pyjit: a tracing JIT for Python 3.11, written in Python.

Tiers (``pyjit run --tier``): ``interp`` (bytecode interpreter), ``specialize``
(PEP 659 quickening) and ``jit`` (tracing JIT with an LLVM backend).
"""

import sys

__version__ = "0.1.0"

if sys.version_info[:2] != (3, 11):
    sys.stderr.write(
        f"pyjit: unsupported Python {sys.version_info[0]}.{sys.version_info[1]}: "
        "pyjit runs CPython 3.11 bytecode and needs Python 3.11\n")
    raise SystemExit(1)
