"""pyjit.jit: the tracing JIT tier (recorder, IR, optimizer passes, LLVM backend, resume).

The design as built, and a table of its modules: notes/jit.md.
"""
