"""The JIT's heavy modules, imported when the first loop or function gets hot.

A program that never gets hot never uses the recorder (jit/recorder.py and
jit/record/), the optimizer's passes (jit/opt/) or loop nesting (jit/nest.py):
importing them at start-up cost ~30 ms of every ``pyjit run --tier jit``
(notes/performance.md, branch warm6).  The modules that use them name them by
a :class:`Later` stand-in, which imports the module at its first attribute
read and puts the module itself in its place in the user's globals; the driver
calls :func:`ready` before its first recording, so the import happens there,
at one known point.

An import while the program runs changes ``sys.modules``: a loop that becomes
hot while the program iterates over ``sys.modules`` would see "dictionary
changed size during iteration".  :func:`ready` looks first (an iterator holds
a reference to the dict it walks: the dict's reference count above its count
at start-up sends it to the collector's referrers), and while one walks it,
says "not yet" (the loop is interpreted, and asks again after twice as many
iterations as the last time), at most ``MAX_POSTPONED`` times (an iterator the
program keeps unfinished, then).
llvmlite is imported later still, by the first compile (jit/backends.py).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins (a program may patch them)
__builtins__ = dict(__import__("pyjit").BUILTINS)

import sys

from .pristine import pristine

# (the modules :func:`ready` imports: every one a module's top level imports
# only through a Later stand-in)
HEAVY = ("pyjit.jit.recorder", "pyjit.jit.nest", "pyjit.jit.opt", "pyjit.jit.opt.bridge")
MAX_POSTPONED = 16

loaded = False
postponed = 0
_importing = False
_baseline = None       # (sys.modules, its reference count) when the tier was made
_on_load: list = []    # functions called with nothing once the modules are in


class Later:
    """Stands in for module ``name`` as global ``alias`` of namespace ``ns``
    until its first use: imports it then and rebinds the global to it."""

    __slots__ = ("_name", "_ns", "_alias")

    def __init__(self, name, ns, alias):
        self._name, self._ns, self._alias = name, ns, alias

    def __getattr__(self, attr):
        import importlib
        mod = pristine(importlib.import_module, self._name)
        self._ns[self._alias] = mod
        return getattr(mod, attr)

    def __repr__(self):
        return f"<{self._name}, imported at its first use>"


def note_baseline():
    """Before the program runs: the count of references to ``sys.modules``."""
    global _baseline
    _baseline = (sys.modules, sys.getrefcount(sys.modules))


def on_load(fn):
    """Call ``fn()`` once the heavy modules are imported (now, if they are)."""
    if loaded:
        fn()
    else:
        _on_load.append(fn)


def _modules_iterated():
    mods = sys.modules
    if _baseline is not None and _baseline[0] is mods and \
            sys.getrefcount(mods) - 1 <= _baseline[1]:   # (- 1: this function's own)
        return False
    import gc
    iters = (type(iter({})), type(iter({}.values())), type(iter({}.items())),
             type(reversed({})), type(reversed({}.values())), type(reversed({}.items())))
    return any(type(r) in iters for r in gc.get_referrers(mods))


def ready() -> bool:
    """Are the heavy modules imported?  Imports them now unless the program is
    iterating over ``sys.modules`` (then False: record later)."""
    global loaded, postponed, _importing
    if loaded:
        return True
    if _importing:
        # (a signal handler -- or a finalizer -- whose code got hot runs in the
        # middle of the import: its modules are half made; it records later)
        return False
    if postponed < MAX_POSTPONED and _modules_iterated():
        postponed += 1
        return False
    import gc
    import importlib
    paused = gc.isenabled()
    _importing = True
    gc.disable()      # (no collections while the import makes ~10,000 objects)
    try:
        for name in HEAVY:      # (the import system looks builtins up: the program's
            pristine(importlib.import_module, name)   # patches are put back meanwhile)
    except Exception:           # (RecursionError, MemoryError: never the program's; later)
        postponed += 1
        return False
    finally:
        _importing = False
        if paused:
            gc.enable()
    loaded = True
    while _on_load:
        _on_load.pop(0)()
    return True
