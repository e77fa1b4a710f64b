"""pyjit: a tracing JIT for Python 3.11, written in Python.

Tiers (``pyjit run --tier``): ``interp`` (bytecode interpreter), ``specialize``
(PEP 659 quickening) and ``jit`` (tracing JIT with an LLVM backend).

From a normal Python process: ``@pyjit.jit``, ``pyjit.status()``,
``pyjit.set_param()``, ``pyjit.on_compile/on_abort/on_guard_failure`` and
``pyjit.explain()`` (:mod:`pyjit.api`, imported when one of them is first used:
``import pyjit`` stays cheap).
"""

import sys

__version__ = "0.1.0"

# The builtins as they were when pyjit started.  pyjit's modules look names up
# in a copy of these: a program that patches builtins (builtins.isinstance = ...)
# must not change how pyjit runs -- and modules imported later (the LLVM backend,
# at the first compile) must not copy the program's versions.
BUILTINS = dict(vars(__import__("builtins")))

# Builtins pyjit itself replaces while a program runs (name -> pyjit's stand-in:
# exec and eval, see importer.install_host_exec).  They are not the program's
# patches: code that puts the program's patches back for host code
# (jit/pristine.py) leaves them, or every compile would write the builtins dict
# twice and fail every trace's guard on its version.
STAND_INS: dict = {}

if sys.version_info[:2] != (3, 11):
    sys.stderr.write(
        f"pyjit: unsupported Python {sys.version_info[0]}.{sys.version_info[1]}: "
        "pyjit runs CPython 3.11 bytecode and needs Python 3.11\n")
    raise SystemExit(1)


_API = ("jit", "status", "set_param", "on_compile", "on_abort", "on_guard_failure", "explain")


def __getattr__(name):
    if name == "jit":
        # the JIT's package, which is callable as the decorator (see jit/__init__.py);
        # (not "from . import jit": its check for the attribute would come back here)
        import importlib
        return importlib.import_module("pyjit.jit")
    if name in _API:
        from . import api
        return getattr(api, name)
    raise AttributeError(f"module 'pyjit' has no attribute {name!r}")


def _jit_decorator(*args, **kwargs):
    """``pyjit.jit(...)``: the ``pyjit.jit`` package called (jit/__init__.py) is
    :func:`pyjit.api.jit`; the package asks here, its parent, so that the JIT's
    modules never import the API that imports them."""
    from . import api
    return api.jit(*args, **kwargs)


def __dir__():
    return sorted(list(globals()) + list(_API))
