"""The persistent code cache: object code of compiled traces, reused by the next run.

An entry is the object file LLVM made from one module's text, under a key
(``engine.cache_key``) that is everything that decides that object: the text itself (in which every
process-specific value is a relocation symbol, filled when the code is
linked: :class:`.layout.Relocations`, so the same loop recorded in another
run has the same text), the pipeline (its passes and code generation level),
LLVM's and llvmlite's versions, the target (triple, CPU name and features),
pyjit's version and this format's.  Loading an entry replaces the
compile (parse, passes, code generation); linking it is the same as for a
fresh object.

* **Where**: ``--jit-cache DIR``; by default ``$XDG_CACHE_HOME/pyjit`` (else
  ``~/.cache/pyjit``); ``--no-jit-cache`` turns it off.  A directory that
  cannot be made or written turns it off for the run.
* **Entries**: ``objects/<2 hex>/<key>.o``: a header (magic, format, the key,
  the object's length and SHA-256), then the object.  Written to a temporary
  file in the same directory and renamed into place: a reader sees a whole
  entry or none, and concurrent runs writing the same key write the same bytes.
* **Checked on every load**: magic, format, key, length, checksum, and the
  object parses as ELF (:mod:`.elf`); anything else -- truncated, corrupt, a
  different format or key -- is a miss: the entry is removed and the module
  compiled again.  The linker then checks that every symbol the object needs
  resolves (:meth:`.engine._JIT.link`).  Never a crash, never wrong code.
* **Bounded**: ``MAX_BYTES`` by default; past it, the least recently used
  entries (a hit touches an entry's time) are removed down to 3/4 of it.  The
  size is re-measured every ``RESCAN`` stores (other runs write too).

Loading and saving run on the compile thread (or the main thread under
``--jit-sync``); none raises: an I/O error is a miss, counted.  (They use
only functions written in C, or this module's: the program may patch
``builtins`` meanwhile.)
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

import os
import struct
import time

from . import elf

try:
    # (CPython's own SHA-256: the same digests as hashlib's; importing hashlib
    # loads OpenSSL, ~5 ms of the main thread in the first compile)
    from _sha256 import sha256
except ImportError:        # (a CPython built without it)
    from hashlib import sha256

FORMAT = 1
MAGIC = b"PYJITOBJ"
_HEADER = struct.Struct("<8sI32sQ32s")   # magic, format, key, object length, object SHA-256
MAX_BYTES = 256 << 20
RESCAN = 64              # stores between two measurements of the directory
STALE_TMP = 3600         # seconds after which a temporary file is a crashed writer's


def default_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "pyjit")


class Cache:
    """One cache directory (see the module doc)."""

    def __init__(self, directory: str, max_bytes: int = MAX_BYTES):
        self.dir = directory
        self.objects = os.path.join(directory, "objects")
        self.max_bytes = max_bytes
        self.hits = self.misses = self.stores = self.bad = self.evicted = self.errors = 0
        self._stores_since_scan = RESCAN   # (measure at the first store)
        self._size = 0

    def _path(self, key: str) -> str:
        # (no os.path here: its functions use the builtins, which the program may patch)
        return f"{self.objects}/{key[:2]}/{key}.o"

    # -- reading ------------------------------------------------------------

    def load(self, key: str) -> bytes | None:
        """The object stored under ``key``, checked; None: a miss."""
        path = self._path(key)
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError:
            self.errors += 1
            self.misses += 1
            return None
        obj = self._check(key, data)
        if obj is None:
            self.bad += 1
            self.misses += 1
            try:
                os.unlink(path)
            except OSError:
                pass
            return None
        self.hits += 1
        try:
            os.utime(path)           # (least recently used goes first)
        except OSError:
            pass
        return obj

    @staticmethod
    def _check(key: str, data: bytes) -> bytes | None:
        if len(data) < _HEADER.size:
            return None
        magic, fmt, k, n, digest = _HEADER.unpack_from(data)
        obj = data[_HEADER.size:]
        if magic != MAGIC or fmt != FORMAT or k != bytes.fromhex(key) or n != len(obj) \
                or sha256(obj).digest() != digest:
            return None
        try:
            elf.undefined_symbols(obj)
        except elf.BadObject:
            return None
        return obj

    # -- writing ------------------------------------------------------------

    def save(self, key: str, obj: bytes) -> None:
        path = self._path(key)
        data = _HEADER.pack(MAGIC, FORMAT, bytes.fromhex(key), len(obj),
                            sha256(obj).digest()) + obj
        tmp = f"{path}.tmp-{os.getpid()}-{time.monotonic_ns()}"
        try:
            try:
                os.mkdir(f"{self.objects}/{key[:2]}")
            except FileExistsError:
                pass
            with open(tmp, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except OSError:
            self.errors += 1
            try:
                os.unlink(tmp)
            except OSError:
                pass
            return
        self.stores += 1
        self._size += len(data)
        self._stores_since_scan += 1
        if self._stores_since_scan >= RESCAN or self._size > self.max_bytes:
            self._stores_since_scan = 0
            self.evict()

    # -- size -------------------------------------------------------------------

    def entries(self) -> list[tuple[float, int, str]]:
        """(time, bytes, path) of every entry; stale temporary files are removed."""
        out = []
        now = time.time()
        try:
            subdirs = list(os.scandir(self.objects))
        except OSError:
            return out
        for sub in subdirs:
            if not sub.is_dir():
                continue
            try:
                files = list(os.scandir(sub.path))
            except OSError:
                continue
            for f in files:
                try:
                    st = f.stat()
                except OSError:
                    continue
                if ".tmp-" in f.name:
                    if now - st.st_mtime > STALE_TMP:
                        _unlink(f.path)
                    continue
                if f.name.endswith(".o"):
                    out.append((st.st_mtime, st.st_size, f.path))
        return out

    def evict(self) -> None:
        """Remove the least recently used entries while the cache is over its bound."""
        entries = self.entries()
        self._size = sum(e[1] for e in entries)
        if self._size <= self.max_bytes:
            return
        entries.sort()
        goal = self.max_bytes * 3 // 4
        for mtime, size, path in entries:
            if self._size <= goal:
                break
            if _unlink(path):
                self.evicted += 1
            self._size -= size

    def info(self) -> dict:
        entries = self.entries()
        return {"directory": self.dir, "entries": len(entries),
                "bytes": sum(e[1] for e in entries), "max_bytes": self.max_bytes}

    def clear(self) -> int:
        """Remove every entry; how many there were."""
        n = 0
        for _, _, path in self.entries():
            n += _unlink(path)
        return n

    def stats(self) -> dict:
        return {"hits": self.hits, "misses": self.misses, "stores": self.stores,
                "bad": self.bad, "evicted": self.evicted, "errors": self.errors}


def _unlink(path: str) -> bool:
    try:
        os.unlink(path)
        return True
    except OSError:
        return False


def open_cache(directory: str | None, max_bytes: int = MAX_BYTES) -> Cache | None:
    """The cache at ``directory`` (None: the default one), or None when it
    cannot be made."""
    d = directory or default_dir()
    try:
        os.makedirs(os.path.join(d, "objects"), exist_ok=True)
        if not os.access(os.path.join(d, "objects"), os.W_OK | os.X_OK):
            return None
    except OSError:
        return None
    return Cache(d, max_bytes)
