"""pyjit.jit: the tracing JIT tier (recorder, IR, optimizer passes, LLVM backend, resume).

The design as built, and a table of its modules: notes/jit.md.
The package is also ``@pyjit.jit``, the Python API's decorator (:func:`pyjit.api.jit`):
importing any of its modules makes this package the ``jit`` attribute of ``pyjit``,
so calling the package calls the decorator, whichever was imported first.
"""

import sys as _sys
import types as _types


class _JitPackage(_types.ModuleType):
    def __call__(self, *args, **kwargs):
        import pyjit  # (the parent package, imported already: the API's facade)
        return pyjit._jit_decorator(*args, **kwargs)


_sys.modules[__name__].__class__ = _JitPackage
