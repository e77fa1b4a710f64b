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

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import importlib.abc
import importlib.machinery
import os
import site
import sys
import sysconfig

from . import opcodes


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


def _run_module_body(code):
    """Called by a trampoline (below) that the host ``exec``s in the module's
    namespace: run the module's real code in the VM."""
    from .vmbuiltins import run_code
    g = _real_getframe(1).f_globals
    run_code(code, g, g)


def _trampoline(code):
    """A code object that calls ``_run_module_body(code)``.

    The host's own ``exec_module`` runs it (``_call_with_frames_removed(exec,
    trampoline, module.__dict__)``), so an import's frames are CPython's
    (``exec_module``, ``_call_with_frames_removed``; stack walkers see them,
    and the host trims them from import-error tracebacks), while the module
    body runs in the VM.  Its filename is this file: pyjit-internal, so its
    frame never shows.
    """
    t = _TEMPLATE
    body = bytearray(t.co_code)
    for i in range(0, len(body), 2):
        if body[i] == _LOAD_NAME:  # f, x: the callable and the real code
            body[i] = _LOAD_CONST
        elif body[i] == _LOAD_CONST:  # None
            body[i + 1] = 2
    return t.replace(co_code=bytes(body), co_consts=(_run_module_body, code, None), co_names=(),
                     co_name="<module>")


_TEMPLATE = compile("f(x)", __file__, "exec")
_LOAD_NAME = opcodes.LOAD_NAME
_LOAD_CONST = opcodes.LOAD_CONST
_real_getframe = sys._getframe  # before frames.install replaces it


class VMLoader(importlib.machinery.SourceFileLoader):
    """Loads a source module with the host's compiler and runs its body in the VM."""

    def user_code(self, fullname):
        """The module's own code object (compiled by the host, bytecode-cached)."""
        return super().get_code(fullname)

    def get_code(self, fullname):
        code = self.user_code(fullname)
        return None if code is None else _trampoline(code)


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
