"""What the engine reads in an ELF64 object file (LLVM's code generator writes one per module).

Parsed here with ``struct`` rather than with llvmlite's ObjectFileRef (whose
``len(data)`` a program that patched ``builtins.len`` would break, and which
would be an LLVM call: the compile thread's lock).  A malformed object raises
:class:`BadObject` -- a corrupted cache entry must never reach the linker.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

import struct

_SHF_EXECINSTR = 0x4
_SHT_SYMTAB = 2
_SHN_UNDEF = 0


class BadObject(ValueError):
    """Not an ELF64 little-endian object file this engine could have written."""


def _sections(obj: bytes):
    if obj[:6] != b"\x7fELF\x02\x01":
        raise BadObject("not an ELF64 little-endian object")
    try:
        shoff, = struct.unpack_from("<Q", obj, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", obj, 0x3A)
        if shentsize < 64 or shoff + shnum * shentsize > len(obj):
            raise BadObject("section headers past the end")
        out = []
        for k in range(shnum):
            base = shoff + k * shentsize
            name, typ, flags = struct.unpack_from("<IIQ", obj, base)
            offset, size, link = struct.unpack_from("<QQI", obj, base + 24)
            entsize, = struct.unpack_from("<Q", obj, base + 56)
            out.append((typ, flags, offset, size, link, entsize))
        return out
    except struct.error:
        raise BadObject("truncated") from None


def code_size(obj: bytes) -> int:
    """Bytes in the executable sections."""
    return sum(size for typ, flags, offset, size, link, ent in _sections(obj)
               if flags & _SHF_EXECINSTR)


def undefined_symbols(obj: bytes) -> set[str]:
    """The names the object needs from elsewhere (each must resolve when linked:
    an unresolved one would make the linker stop the process)."""
    secs = _sections(obj)
    out = set()
    try:
        for typ, flags, offset, size, link, ent in secs:
            if typ != _SHT_SYMTAB or ent < 24:
                continue
            if offset + size > len(obj) or link >= len(secs):
                raise BadObject("symbol table past the end")
            stroff, strsize = secs[link][2], secs[link][3]
            if stroff + strsize > len(obj):
                raise BadObject("string table past the end")
            for at in range(offset + ent, offset + size, ent):   # (entry 0 is null)
                name, info, other, shndx = struct.unpack_from("<IBBH", obj, at)
                if shndx != _SHN_UNDEF or not name:
                    continue
                if name >= strsize:
                    raise BadObject("a symbol name past its table")
                end = obj.index(b"\0", stroff + name, stroff + strsize)
                out.add(obj[stroff + name:end].decode("ascii", "replace"))
    except (struct.error, ValueError) as e:
        if isinstance(e, BadObject):
            raise
        raise BadObject(f"symbol table: {e}") from None
    return out
