"""Code objects of source pyjit generates at start-up (the eval loops of
:mod:`.loopsrc`, the guard checks of :mod:`.guards`, the see-through builtins
of :mod:`.seethrough`), kept as the import system keeps a module's bytecode, in
``__pycache__``: compiling them at each start added ~20 ms to every ``pyjit
run`` (notes/performance.md, branch warm6).

A file is named by a checksum of the file name, the compiler flags and the
source, and holds them too: a collision is a miss.  Not written when
``sys.dont_write_bytecode`` is set (as the import system's).  (zlib, not
hashlib: importing hashlib costs ~14 ms and 3.5 MiB.)  A leaf module: it
imports none of pyjit's.
"""

# pyjit's own name lookups use a snapshot of the builtins (a program may patch them)
__builtins__ = dict(vars(__import__("builtins")))

import marshal
import os
import sys
import zlib

_CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__")


def compiled(src: str, filename: str, flags: int = 0):
    """``compile(src, filename, "exec", flags, dont_inherit=True)``, from the
    cache when it holds that code."""
    data = f"{filename}\0{flags}\0{src}".encode()
    key = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"
    path = os.path.join(_CACHE, f"gen-{key}.{sys.implementation.cache_tag}.bin")
    try:
        with open(path, "rb") as fh:
            kept, code = marshal.load(fh)
        if kept == data:
            return code
    except (OSError, EOFError, ValueError, TypeError):
        pass
    code = compile(src, filename, "exec", flags, dont_inherit=True)
    if not sys.dont_write_bytecode:
        tmp = f"{path}.{os.getpid()}"
        try:
            os.makedirs(_CACHE, exist_ok=True)
            with open(tmp, "wb") as fh:
                marshal.dump((data, code), fh)
            os.replace(tmp, path)  # (atomic: a concurrent start reads all or nothing)
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return code
