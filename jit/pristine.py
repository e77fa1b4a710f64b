"""Host code run with the builtins the program may have patched put back.

The LLVM backend (llvmlite, imported by the first compile) is host code: the
program must not see it call its ``isinstance()``.  (pyjit's own modules look
names up in a snapshot of the builtins; llvmlite's modules in the real ones.)
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import BUILTINS, STAND_INS

_builtins_dict = vars(__import__("builtins"))
_MISSING = object()


def pristine(fn, *args):
    """``fn(*args)`` with the builtins the program may have patched put back."""
    b = _builtins_dict
    changed = {k: b.get(k, _MISSING) for k, v in BUILTINS.items()
               if b.get(k, _MISSING) is not v and b.get(k, _MISSING) is not STAND_INS.get(k, v)}
    if not changed:
        return fn(*args)
    b.update(BUILTINS)
    try:
        return fn(*args)
    finally:
        for k, v in changed.items():
            if v is _MISSING:
                b.pop(k, None)
            else:
                b[k] = v
