"""The LLVM backend's parts (the entry module is :mod:`pyjit.jit.backend_llvm`).

One concern per module, in the order a trace goes through them:

* :mod:`.layout` -- what native code knows of CPython 3.11: object layouts,
  the C-API functions it calls (with their LLVM signatures), how trace
  constants and value kinds are spelled in LLVM IR;
* :mod:`.ownership` -- reference counting planned before any IR is written
  (:class:`~.ownership.RefPlan`);
* :mod:`.emitter` -- one trace as one LLVM function: paths, exits, bridges,
  reference counts, the loop's label and jump;
* :mod:`.ops` -- what each IR op becomes (``emit_<op>``, one table);
* :mod:`.engine` -- llvmlite: parse, optimize, code generation (named
  pipelines), linking, the exit runtime;
* :mod:`.elf` -- what the engine reads in an object file;
* :mod:`.jobs` -- compile jobs, and the compile thread that runs them;
* :mod:`.code` -- the compiled loop (a native builtin, :class:`~.code.Loop`)
  and its bridges, attached through their guards' slots;
* :mod:`.cache` -- the persistent code cache (object files by module text).

This module defines only what all of them raise, so it imports nothing.
"""


class CompileError(ValueError):
    """The trace is outside what this backend compiles (the driver keeps
    running it in the interpreter)."""
