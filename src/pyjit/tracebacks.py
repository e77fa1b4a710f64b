"""Real tracebacks for code that runs in pyjit's VM.

CPython's ``traceback`` module, ``unittest``, ``logging``, debuggers and the
host's own uncaught-exception printer all read ``types.TracebackType`` chains
whose ``tb_frame`` is a real frame.  VM frames are not host frames, so each
traceback entry gets a real frame made for it: the frame of a generator built
from a copy of the user's code object with the same filename, name, first line
and position table (so ``tb_lasti`` maps to the same line and ``^^^^``
columns), the user's globals, and the VM frame's variables:

* every ``co_varnames`` entry is a parameter of the copy and receives the VM
  frame's value; the copy's first instructions delete the unbound ones, fill
  its cell variables and copy the VM frame's free-variable cells, then it
  yields *at the unit where the VM frame stopped* -- so ``f_locals``,
  ``f_lineno``, ``f_lasti``, ``co_varnames``/``co_freevars`` are CPython's;
* the generator is resumed once to get there and then dropped: the frame
  object, which the traceback holds, keeps its variables (CPython moves a
  referenced frame's data into the frame object when its generator finishes).

None of the user's code runs in these frames.  Exceptions raised by host code
on the VM's behalf pass through pyjit's own Python frames; :func:`strip`
removes those entries so no pyjit-internal frame ever shows in a user-visible
traceback.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import os
import types

from .errors import VMError
from .null import NULL
from .opcodes import (COPY_FREE_VARS, DELETE_DEREF, DELETE_FAST, EXTENDED_ARG, LOAD_CONST,
                      MAKE_CELL, NOP, POP_TOP, RESUME, RETURN_GENERATOR, RETURN_VALUE,
                      STORE_DEREF, YIELD_VALUE, CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR,
                      CO_ITERABLE_COROUTINE, CO_VARARGS, CO_VARKEYWORDS)
from .typelookup import exc_traceback, set_exc_traceback

_TB = types.TracebackType
_CellType = types.CellType
_NOP = bytes([NOP, 0])
_CLEAR = (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR | CO_ITERABLE_COROUTINE
          | CO_VARARGS | CO_VARKEYWORDS)

# (code, unit, layout of bound/unbound variables) -> the frame-maker's code object
_makers: dict = {}
# co_code of every maker: a traceback entry whose frame runs one was made by
# vm_entry, and everything after it in the chain is already clean (see strip).
_maker_codes: set = set()
_MAKERS_MAX = 4096


def is_maker(code) -> bool:
    """Does ``code`` make a traceback entry's frame (pyjit's, though it has the
    program's file and name)?"""
    return code.co_code in _maker_codes


def _no_location_entries(units: int) -> bytes:
    """Line-table entries (3.11 format, code 15 = no location) covering ``units``."""
    out = bytearray()
    while units > 0:
        n = min(units, 8)
        out.append(0x80 | (15 << 3) | (n - 1))
        units -= n
    return bytes(out)


def _op(out, op, arg):
    if arg > 0xFF:
        _op(out, EXTENDED_ARG, arg >> 8)
    out += bytes([op, arg & 0xFF])


def _maker(code, unit, unbound, empty_cells, filled_cells):
    """The code object whose generator frame stands for ``code`` stopped at ``unit``.

    ``unbound``: varnames indexes to delete (plain locals); ``empty_cells``:
    parameter cells to empty; ``filled_cells``: (cell index, const index)
    pairs for bound cell variables that are not parameters.
    """
    # Keyed by identity: equal code objects may come from different files.
    key = (id(code), unit, unbound, empty_cells, filled_cells)
    hit = _makers.get(key)
    if hit is not None and hit[0] is code:
        return hit[1]
    nlocals = code.co_nlocals
    nfree = len(code.co_freevars)
    body = bytearray()
    if nfree:
        _op(body, COPY_FREE_VARS, nfree)
    cell_index = _cell_indexes(code)
    for i in cell_index:
        _op(body, MAKE_CELL, i)
    _op(body, RETURN_GENERATOR, 0)
    _op(body, POP_TOP, 0)
    _op(body, RESUME, 0)
    for i in unbound:
        _op(body, DELETE_FAST, i)
    for i in empty_cells:
        _op(body, DELETE_DEREF, i)
    for i, k in filled_cells:
        _op(body, LOAD_CONST, k)
        _op(body, STORE_DEREF, i)
    # LOAD_CONST; YIELD_VALUE at ``unit``: suspended there, f_lineno is that line.
    here = len(body) // 2
    if here < unit:
        body += _NOP * (unit - 1 - here)
    _op(body, LOAD_CONST, 0)
    _op(body, YIELD_VALUE, 0)
    _op(body, RETURN_VALUE, 0)
    units = len(code.co_code) // 2
    linetable = code.co_linetable
    if len(body) // 2 > units:
        linetable += _no_location_entries(len(body) // 2 - units)
    else:
        body += _NOP * (units - len(body) // 2)
    consts = code.co_consts or (None,)
    maker = code.replace(
        co_code=bytes(body), co_linetable=linetable, co_exceptiontable=b"",
        co_flags=(code.co_flags & ~_CLEAR) | CO_GENERATOR,
        co_argcount=nlocals, co_posonlyargcount=0, co_kwonlyargcount=0,
        co_consts=consts, co_stacksize=max(code.co_stacksize, 2))
    if len(_makers) >= _MAKERS_MAX:
        _makers.clear()
        _maker_codes.clear()
    _makers[key] = (code, maker)
    _maker_codes.add(maker.co_code)
    return maker


def _cell_indexes(code):
    """localsplus indexes of ``code``'s cell variables (3.11 layout)."""
    varnames = code.co_varnames
    out = []
    extra = code.co_nlocals
    for name in code.co_cellvars:
        if name in varnames:
            out.append(varnames.index(name))
        else:
            out.append(extra)
            extra += 1
    return out


def moved(tb, frame, unit):
    """``tb``, whose first entry is VM frame ``frame``'s, with that entry's frame
    showing ``frame`` at ``unit`` now: a handler re-raised the exception there
    (RERAISE).  CPython's entry holds the live frame, whose ``f_lineno`` is then
    the re-raise's line (PEP 626); the entry's own ``tb_lineno`` stays.  ``tb``
    itself when its first entry is not ``frame``'s (the handler replaced the
    traceback) or the line is the same."""
    if tb is None:
        return tb
    shown = tb.tb_frame
    code = shown.f_code
    fcode = frame.code
    if (code.co_name != fcode.co_name or code.co_firstlineno != fcode.co_firstlineno
            or code.co_filename != fcode.co_filename or not is_maker(code)):
        return tb
    line = frame.dec.line_at(unit)
    if line is None or line == shown.f_lineno:
        return tb
    new = vm_entry(tb.tb_next, frame, unit, line)
    return _TB(tb.tb_next, new.tb_frame, tb.tb_lasti, tb.tb_lineno)


def vm_entry(tb_next, frame, unit, lineno):
    """A traceback entry for VM frame ``frame`` stopped at code unit ``unit``."""
    code = frame.code
    fast = frame.fast
    nlocals = code.co_nlocals
    cells = _cell_indexes(code) if code.co_cellvars else ()
    cellset = frozenset(cells)
    args = []
    unbound = []
    empty_cells = []
    filled = []
    consts = list(code.co_consts or (None,))
    for i in range(nlocals):
        v = fast[i]
        if i in cellset:
            if type(v) is _CellType:
                try:
                    v = v.cell_contents
                except ValueError:
                    v = NULL
            if v is NULL:
                empty_cells.append(i)
                v = None
        elif v is NULL:
            unbound.append(i)
            v = None
        args.append(v)
    for i in cells:
        if i >= nlocals:
            c = fast[i] if i < len(fast) else NULL
            try:
                v = c.cell_contents if type(c) is _CellType else NULL
            except ValueError:
                v = NULL
            if v is not NULL:  # (MAKE_CELL left it empty otherwise)
                filled.append((i, len(consts)))
                consts.append(v)
    closure = None
    if code.co_freevars:
        start = len(fast) - len(code.co_freevars)
        closure = tuple(c if type(c) is _CellType else _CellType() for c in fast[start:])
    maker = _maker(code, unit, tuple(unbound), tuple(empty_cells),
                   tuple((i, k) for i, k in filled))
    if filled:
        # Values of cell variables ride in the constants (they vary per frame).
        maker = maker.replace(co_consts=tuple(consts))
    gen = types.FunctionType(maker, frame.globals, code.co_name, None, closure)(*args)
    next(gen)  # run the set-up; suspended at ``unit`` from now on
    # The generator goes; the frame object (held by the traceback) keeps its data.
    return _TB(tb_next, gen.gi_frame, unit * 2, lineno if lineno is not None else -1)


# ---------------------------------------------------------------------------
# Removing pyjit's own frames

_PYJIT_DIRS = tuple(
    os.path.normcase(os.path.dirname(os.path.abspath(p))) + os.sep
    for p in (__file__, os.path.join(os.path.dirname(__file__), "..", "..", "jit", "x.py"))
)
_internal_cache: dict = {}


def is_internal(filename: str) -> bool:
    r = _internal_cache.get(filename)
    if r is None:
        if os.sep == "/" and filename[:1] == "/" and "/." not in filename and "//" not in filename:
            # already absolute and normal: no os.path call, which would use the
            # builtins module's isinstance -- that a program may have replaced with
            # a VM function that raises, whose traceback comes back here
            path = filename
        else:
            path = os.path.normcase(os.path.abspath(filename))
        r = _internal_cache[filename] = path.startswith(_PYJIT_DIRS)
    return r


_IMPORTLIB = frozenset(("<frozen importlib._bootstrap>", "<frozen importlib._bootstrap_external>"))


# A RecursionError pyjit raised for a library unit past the limit (frame.enter)
# and the library frames its traceback must not show (CPython never ran them):
# the first strip that meets them drops their entries.
_cut: list = []


def cut(exc, frames):
    """``exc``'s traceback is not to show host ``frames`` (kept alive meanwhile)."""
    _cut[:] = [exc, {id(fr): fr for fr in frames}]


def strip(tb):
    """Drop every entry of ``tb`` whose frame runs pyjit's own code; relink the rest.

    Also drop a run of importlib frames that leads into pyjit's code: CPython's
    import removes a run of importlib frames that ends in
    ``_call_with_frames_removed`` (import.c, remove_importlib_frames), and
    pyjit's loader frames stand where that call would be (e.g. a SyntaxError
    raised while pyjit's loader compiles a module).
    """
    entries = []
    while tb is not None:
        if tb.tb_frame.f_code.co_code in _maker_codes:
            break  # made by vm_entry: this entry and the rest are clean already
        entries.append(tb)
        tb = tb.tb_next
    rest = tb
    keep = [not is_internal(e.tb_frame.f_code.co_filename) for e in entries]
    if _cut:
        drop = _cut[1]
        if any(id(e.tb_frame) in drop for e in entries):
            keep = [k and id(e.tb_frame) not in drop for k, e in zip(keep, entries)]
            _cut.clear()
    i = 0
    while i < len(entries):
        if entries[i].tb_frame.f_code.co_filename in _IMPORTLIB:
            j = i
            while j < len(entries) and entries[j].tb_frame.f_code.co_filename in _IMPORTLIB:
                j += 1
            if j < len(entries) and not keep[j]:
                keep[i:j] = [False] * (j - i)
            i = j
        else:
            i += 1
    head = prev = None
    for e, k in zip(entries, keep):
        if k:
            if prev is None:
                head = e
            else:
                prev.tb_next = e
            prev = e
    if prev is None:
        return rest
    if prev.tb_next is not rest:
        prev.tb_next = rest
    return head


def leave_vm(exc):
    """``exc`` is leaving the VM for host code: drop pyjit's frames from its traceback
    (unless it is pyjit's own failure, whose frames are the point)."""
    if not isinstance(exc, VMError):
        set_exc_traceback(exc, strip(exc_traceback(exc)))
