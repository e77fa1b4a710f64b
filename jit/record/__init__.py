"""The recorder's parts: :mod:`.core` (the recording state and its run loop)
and one module of instruction handlers per family.  The entry, which builds
the dispatch table, is :mod:`pyjit.jit.recorder`.  Imports nothing, so the
handler modules can import :mod:`.core` without a cycle through here."""
