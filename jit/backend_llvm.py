"""The LLVM backend (``--jit-backend llvm``): a trace becomes one native function.

``compile(trace)`` writes the trace as LLVM IR *text* (f-strings: ~40x cheaper
than llvmlite's IR builder), has llvmlite parse, verify, optimize and compile
it (a job: on the compile thread, or at once; from the persistent cache when
it has the module), links it into one MCJIT engine shared by all traces, and
wraps the machine code in a real builtin function (``PyCFunction_NewEx`` on a METH_O
``PyMethodDef``): entering the loop costs one builtin call (~10 ns; ``enter``
adds a Python-level check of buf, ~50 ns), and the native code runs with the
GIL held, so it calls the C-API directly.

The native function is ``PyObject *trace(PyObject *self, PyObject *buf)``;
the protocol is the one of :mod:`.traceinterp` (notes/jit.md, "Backend
contract")::

    entry:    inputs = buf[1:], taken (the trace owns them; buf gets None)
              ...preamble...                 ops before label: run once
    loop:     phi per label arg              [preamble value, jump arg]
              ...body...
              br loop                        jump
    exit_g:   (guard g failed)  store g's snapshot values in buf[1:]; return g
    raise_g:  (op g raised)     the same, buf[0] = g; return NULL (exception set)
    bridge_g: (guard g failed, and it has a bridge) the bridge's ops; br loop
    slot_g:   (guard g failed, and its slot holds a bridge compiled later)
              call it with the guard's values; back at the label: br loop

Value kinds map to LLVM types: ``r`` -> ``ptr`` (PyObject*), ``i`` -> ``i64``,
``f`` -> ``double``, ``b`` -> ``i1``.  Object constants are their addresses
(``id(obj)``); the Loop holds the trace, which holds the constants.

Reference counting is planned before any IR is written (:class:`RefPlan`):
every ref value the trace makes or reads is an owned reference, decref'd
right after its last use; whatever is still owned when a guard fails is
decref'd (or moved into ``buf``) on the way out.

This module is the backend's entry (what the driver imports); the work is
done by the modules of :mod:`pyjit.jit.llvm`: ``layout`` (CPython's object
layouts, the C-API table), ``ownership`` (:class:`RefPlan`), ``emitter`` and
``ops`` (the IR text), ``code`` (the compiled loop and bridges), ``jobs`` (the
compile thread), ``engine`` (llvmlite; imported lazily, by the first compile:
``pyjit run`` must not pay for it), ``cache`` (the persistent code cache).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

from . import ir
from .llvm import CompileError
from .llvm.code import Bridge, Loop
from .llvm.emitter import generate
from .llvm.ownership import RefPlan

SUPPORTS_BRIDGES = True   # a guard's bridge: its own function, attached through the guard's slot


def compile(trace: ir.Trace, **options) -> Loop:
    """The trace's loop; ``options``: see :class:`.llvm.code.Loop` (``wait=False``:
    compiled by a job, ``Loop.finish()`` when it is done)."""
    return Loop(trace, **options)


__all__ = ["compile", "generate", "Loop", "Bridge", "RefPlan", "CompileError",
           "SUPPORTS_BRIDGES"]
