"""Real tracebacks for code that runs in pyjit's VM.

CPython's ``traceback`` module, ``unittest``, ``logging`` and the host's own
uncaught-exception printer all read ``types.TracebackType`` chains whose
``tb_frame`` is a real frame.  VM frames are not host frames, so for each code
object we obtain one *shell* frame: a real, never-run frame whose ``f_code``
is a copy of the user's code object with the same filename, name, first line
and position table (so ``tb_lasti`` maps to the same line and ``^^^^``
columns), and whose ``f_globals`` are the user's globals (linecache and the
NameError suggester read them).  The shell is the frame of an unstarted
generator built from that copy: creating it executes only the copy's
``RETURN_GENERATOR``, never user code.

Exceptions raised by host code on the VM's behalf pass through pyjit's own
Python frames; :func:`strip` removes those entries so no pyjit-internal frame
ever shows in a user-visible traceback.
"""

from __future__ import annotations

import os
import types

from .opcodes import (DELETE_FAST, EXTENDED_ARG, LOAD_CONST, NOP, POP_TOP, RESUME,
                      RETURN_GENERATOR, RETURN_VALUE, YIELD_VALUE,
                      CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR, CO_ITERABLE_COROUTINE,
                      CO_VARARGS, CO_VARKEYWORDS)

_TB = types.TracebackType
# RETURN_GENERATOR; POP_TOP; RESUME 0; LOAD_CONST 0; RETURN_VALUE -- then NOPs as padding
_SHELL_PROLOGUE = bytes([RETURN_GENERATOR, 0, POP_TOP, 0, RESUME, 0, LOAD_CONST, 0,
                         RETURN_VALUE, 0])
_NOP = bytes([NOP, 0])
_CLEAR = (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR | CO_ITERABLE_COROUTINE
          | CO_VARARGS | CO_VARKEYWORDS)

# (id(code), id(globals)) -> (code, globals, shell code, generator holding the shared frame)
_shells: dict = {}
_started: list = []  # generators behind new_entry_with_locals frames


def _no_location_entries(units: int) -> bytes:
    """Line-table entries (3.11 format, code 15 = no location) covering ``units``."""
    out = bytearray()
    while units > 0:
        n = min(units, 8)
        out.append(0x80 | (15 << 3) | (n - 1))
        units -= n
    return bytes(out)


def _shell_code(code):
    units = len(code.co_code) // 2
    body = _SHELL_PROLOGUE
    linetable = code.co_linetable
    if units >= len(body) // 2:
        body = body + _NOP * (units - len(body) // 2)
    else:  # a tiny code object: extend it, giving the extra units no location
        linetable = linetable + _no_location_entries(len(body) // 2 - units)
    consts = code.co_consts or (None,)
    # No local, cell or free variables: the shell's f_locals is then a plain
    # dict that nothing refills, so a NameError's entry can carry the VM
    # frame's locals (the "Did you mean" suggester reads them).
    return code.replace(
        co_code=body, co_linetable=linetable, co_consts=consts, co_exceptiontable=b"",
        co_flags=(code.co_flags & ~_CLEAR) | CO_GENERATOR,
        co_argcount=0, co_posonlyargcount=0, co_kwonlyargcount=0, co_nlocals=0,
        co_varnames=(), co_cellvars=(), co_freevars=(),
        co_stacksize=max(code.co_stacksize, 2))


def _new_shell(shell, globals_):
    return types.FunctionType(shell, globals_, shell.co_name)().gi_frame


def shell_frame(code, globals_):
    """A real frame object that looks like ``code`` running with ``globals_``."""
    key = (id(code), id(globals_))
    hit = _shells.get(key)
    if hit is not None and hit[0] is code and hit[1] is globals_:
        frame = hit[3].gi_frame
        if frame is not None:  # None once someone clear()ed it (traceback.clear_frames)
            return frame
    shell = _shell_code(code)
    gen = types.FunctionType(shell, globals_, code.co_name)()
    _shells[key] = (code, globals_, shell, gen)
    return gen.gi_frame


def forget_shells():
    """Drop the cached shell frames.  They hold user globals; at exit (after the
    user's atexit handlers) those must be left to the host's finalization, as
    CPython's would be, or module-level objects would never see __del__."""
    _shells.clear()
    _started.clear()


def new_entry(tb_next, code, globals_, unit, lineno):
    """A traceback entry for VM code ``code`` at code unit ``unit``."""
    return _TB(tb_next, shell_frame(code, globals_), unit * 2, lineno if lineno is not None else -1)


def new_entry_with_locals(tb_next, code, globals_, unit, lineno, values):
    """Like :func:`new_entry`, with a frame of its own holding the VM frame's
    local variables (``values``: one per ``co_varnames``, ``NULL`` if unbound).

    The "Did you mean" suggester of a NameError reads the innermost frame:
    the host's C printer reads its ``f_code.co_varnames``, the ``traceback``
    module its ``f_locals``.  This frame's code keeps the user's
    ``co_varnames``, all as parameters, and is started once so that its first
    instructions delete the unbound ones: both readers see what they would in
    CPython.
    """
    from .function import NULL  # (function -> interp -> this module)
    shell_frame(code, globals_)
    shell = _shells[(id(code), id(globals_))][2]
    names = code.co_varnames
    prologue = bytearray(_SHELL_PROLOGUE[:6])  # RETURN_GENERATOR; POP_TOP; RESUME 0
    args = []
    for i, v in enumerate(values):
        if v is NULL:
            if i > 255:
                prologue += bytes([EXTENDED_ARG, i >> 8])
            prologue += bytes([DELETE_FAST, i & 255])
            v = None
        args.append(v)
    prologue += bytes([LOAD_CONST, 0, YIELD_VALUE, 0, RETURN_VALUE, 0])
    covered = len(shell.co_code) // 2  # units the shell's line table describes
    units = len(prologue) // 2
    linetable = shell.co_linetable
    if units > covered:
        linetable += _no_location_entries(units - covered)
    body = bytes(prologue) + _NOP * max(0, covered - units)
    own = shell.replace(co_code=body, co_linetable=linetable, co_varnames=names,
                        co_nlocals=len(names), co_argcount=len(names))
    gen = types.FunctionType(own, globals_, code.co_name)(*args)
    next(gen)  # run the DELETE_FASTs; suspended at the yield from now on
    # Closing the generator would clear its frame's locals: keep the latest
    # ones alive (older tracebacks just lose the suggestion's local names).
    _started.append(gen)
    if len(_started) > 64:
        del _started[0]
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
        path = os.path.normcase(os.path.abspath(filename))
        r = _internal_cache[filename] = path.startswith(_PYJIT_DIRS)
    return r


_IMPORTLIB = frozenset(("<frozen importlib._bootstrap>", "<frozen importlib._bootstrap_external>"))


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
        entries.append(tb)
        tb = tb.tb_next
    keep = [not is_internal(e.tb_frame.f_code.co_filename) for e in entries]
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
    if prev is not None and prev.tb_next is not None:
        prev.tb_next = None
    return head


def leave_vm(exc):
    """``exc`` is leaving the VM for host code: drop pyjit's frames from its traceback."""
    exc.__traceback__ = strip(exc.__traceback__)
