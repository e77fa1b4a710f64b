"""pyjit.jit: the tracing JIT tier (recorder, IR, optimizer passes, LLVM backend, resume).

Built in issue #5; until then ``--tier jit`` runs the lower tiers (see notes/design.md).
"""
