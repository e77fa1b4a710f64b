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

import builtins
import importlib.abc
import importlib.machinery
import os
import site
import sys
import sysconfig
import types

from . import STAND_INS, opcodes
from .frame import thread_state
from .tracebacks import leave_vm as _leave_vm
from .vmbuiltins import _FUTURE_FLAGS, _check_closure, run_code, stand_in


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


# ---------------------------------------------------------------------------
# exec / eval called by host code: program code runs in the VM

_host_exec = builtins.exec
_host_eval = builtins.eval
_host_compile = builtins.compile
_CodeType = types.CodeType
_user_files: dict = {}
_native = None


def is_user_file(filename):
    """Is ``filename`` one of the program's files (not the standard library's,
    an installed package's, pyjit's, nor a pseudo-file such as ``<string>``)?"""
    r = _user_files.get(filename)
    if r is None:
        global _native
        ts = thread_state()
        ts.tracing += 1  # (pyjit's own use of os.path: no hook sees it)
        try:
            if _native is None:
                _native = _native_roots()
            if filename.startswith("<"):
                r = _user_files[filename] = False
            elif os.path.isabs(filename):
                r = _user_files[filename] = not os.path.realpath(filename).startswith(_native)
            else:
                # a name relative to the working directory, as given to
                # runpy.run_path("x.py") or compile(src, "x.py", ...): the program's
                # file if it is one there (not cached: the directory may change)
                r = (os.path.isfile(filename)
                     and not os.path.realpath(filename).startswith(_native))
        finally:
            ts.tracing -= 1
    return r


def _namespaces(g, loc):
    """exec's and eval's defaults, for a host caller two frames up."""
    if g is None:
        caller = _real_getframe(2)
        g = caller.f_globals
        if loc is None:
            loc = caller.f_locals
    elif loc is None:
        loc = g
    return g, loc


def _host_namespaces(g, loc):
    """The namespaces the host's exec or eval gets for a host caller two frames
    up: its own defaults, and (as CPython inserts the *caller's* builtins into
    globals that have none) the caller's builtins, not pyjit's."""
    caller = _real_getframe(2)
    if g is None:
        g = caller.f_globals
        if loc is None:
            loc = caller.f_locals
    if type(g) is dict and "__builtins__" not in g:
        g["__builtins__"] = caller.f_builtins
    return g, loc


# the __main__ namespaces of programs that have no file (pyjit run -c, stdin)
_program_mains: list = []


def add_program_namespace(g):
    """``g`` is a program's namespace though it names no file (``-c``, stdin)."""
    _program_mains.append(g)


def is_program_namespace(g):
    """Is dict ``g`` the namespace of one of the program's modules (or a copy of
    one, as doctest runs examples in): its ``__file__`` is a program file?"""
    f = g.get("__file__")
    if type(f) is str:
        return is_user_file(f)
    for m in _program_mains:
        if g is m:
            return True
    return False


def _program_code(source, g, mode, closure=None):
    """The code object host code's exec/eval should run in the VM, or None.

    Program code is (a) a code object compiled from one of the program's files,
    whatever the namespace, or (b) code compiled from a string -- a str or bytes,
    or a code object whose filename is a pseudo-file such as ``<string>``,
    ``<timeit-src>``, ``<doctest ...>`` -- executed in one of the program's
    namespaces (see notes/design.md, "Program code that host code runs")."""
    if g is not None and type(g) is not dict:
        return None
    if type(source) is _CodeType:
        if source.co_freevars and closure is None:
            return None  # (the host reports it)
        if is_user_file(source.co_filename):
            return source
        if not source.co_filename.startswith("<"):
            return None
        code = source
    elif isinstance(source, (str, bytes, bytearray)):
        code = None
    else:
        return None
    if not is_program_namespace(_real_getframe(2).f_globals if g is None else g):
        return None
    if code is None:
        if mode == "eval":
            source = (source.lstrip(" \t") if isinstance(source, str)
                      else bytes(source).lstrip(b" \t"))
        try:
            # exec(str) inherits its caller's future flags, as CPython's does
            code = _host_compile(source, "<string>", mode,
                                 _real_getframe(2).f_code.co_flags & _FUTURE_FLAGS, True)
        except (SyntaxError, ValueError, TypeError):
            return None  # the host's exec raises it, from the caller's frame
    return code


def host_exec(source, globals=None, locals=None, /, *, closure=None):
    """``builtins.exec`` while a program runs.  Host code that executes program
    code (:func:`_program_code`) -- runpy, cProfile, profile, pdb/bdb, trace,
    timeit, doctest, a loader made by ``importlib.util.spec_from_file_location``,
    pytest's assertion rewriter -- runs it in the VM; everything else is the
    host's exec.  (VM code's own exec calls never come here: see vmbuiltins.SPECIAL.)"""
    code = _program_code(source, globals, "exec", closure)
    if code is not None:
        _check_closure(source, closure)
        g, loc = _namespaces(globals, locals)
        try:
            run_code(code, g, loc, closure)
        except BaseException as e:
            _leave_vm(e)  # host code may print the traceback: no pyjit frames in it
            raise
        return None
    globals, locals = _host_namespaces(globals, locals)
    return _host_exec(source, globals, locals, closure=closure)


def host_eval(source, globals=None, locals=None, /):
    """``builtins.eval`` while a program runs (as :func:`host_exec`)."""
    code = _program_code(source, globals, "eval")
    if code is not None:
        g, loc = _namespaces(globals, locals)
        try:
            return run_code(code, g, loc)
        except BaseException as e:
            _leave_vm(e)
            raise
    globals, locals = _host_namespaces(globals, locals)
    return _host_eval(source, globals, locals)


def install_host_exec():
    """``builtins.exec``/``eval`` become :func:`host_exec`/:func:`host_eval`
    while a program runs: host code (a runner such as cProfile, pdb, trace,
    pytest, runpy, timeit, doctest) that executes the program's code runs it
    in the VM."""
    builtins.exec = STAND_INS["exec"] = stand_in(host_exec, _host_exec)
    builtins.eval = STAND_INS["eval"] = stand_in(host_eval, _host_eval)


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
