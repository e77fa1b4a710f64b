"""The import hook: user modules run in the VM, the stdlib and packages natively.

A meta-path finder placed before the host's ``PathFinder`` claims source
modules found on ``sys.path`` entries that are *not* the standard library,
site-packages or pyjit itself (so the program's own modules and packages,
found next to the script or on ``PYTHONPATH``).  Their loader compiles with the
host (bytecode caching included) and executes the module body in the VM.
Relative imports need nothing special: IMPORT_NAME calls the host's
``__import__`` with the module's globals, which carry ``__package__``.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import site
import sys
import sysconfig


def _native_roots():
    roots = set()
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        p = sysconfig.get_paths().get(key)
        if p:
            roots.add(os.path.realpath(p))
    try:
        for p in site.getsitepackages():
            roots.add(os.path.realpath(p))
    except AttributeError:
        pass
    user = getattr(site, "USER_SITE", None)
    if user:
        roots.add(os.path.realpath(user))
    roots.add(os.path.realpath(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    jit_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "jit")
    roots.add(os.path.realpath(jit_dir))
    roots.add(os.path.realpath(sys.prefix))
    roots.add(os.path.realpath(sys.base_prefix))
    return tuple(r + os.sep for r in roots)


class VMLoader(importlib.machinery.SourceFileLoader):
    """Loads a source module with the host's compiler and runs its body in the VM."""

    def exec_module(self, module):
        from .vmbuiltins import run_code
        code = self.get_code(module.__name__)
        if code is None:
            raise ImportError(f"cannot load {module.__name__!r}", name=module.__name__)
        run_code(code, module.__dict__, module.__dict__)


class VMFinder(importlib.abc.MetaPathFinder):
    def __init__(self):
        self._native = _native_roots()
        self._entry_cache: dict = {}

    def _is_user_entry(self, entry):
        r = self._entry_cache.get(entry)
        if r is None:
            real = os.path.realpath(entry or os.getcwd()) + os.sep
            r = self._entry_cache[entry] = not real.startswith(self._native)
        return r

    def find_spec(self, fullname, path=None, target=None):
        entries = sys.path if path is None else path
        entries = [e for e in entries if isinstance(e, str) and self._is_user_entry(e)]
        if not entries:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, entries, target)
        if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
            return None
        if isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            spec.loader = VMLoader(spec.loader.name, spec.loader.path)
            return spec
        return None


def install():
    for f in sys.meta_path:
        if isinstance(f, VMFinder):
            return f
    finder = VMFinder()
    # before PathFinder: it would otherwise load user modules natively
    idx = next((i for i, f in enumerate(sys.meta_path)
                if f is importlib.machinery.PathFinder), len(sys.meta_path))
    sys.meta_path.insert(idx, finder)
    return finder
