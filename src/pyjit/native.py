"""Calls from a compiled trace's native code into pyjit's own Python code, counted.

Native code should call only the C-API; what it cannot avoid -- a VM function
called through the host (a residual call), a VM generator resumed by
``next()``, a cold-path helper raising CPython's message -- runs Python code
of pyjit's.  While a trace runs with statistics on, :data:`STATE` names its
loop, and those entry points count themselves against it
(``LoopInfo.pycalls``; ``--stats`` reports them per trace iteration).  With
statistics off, ``STATE.loop`` stays None and counting costs one test.
"""

from __future__ import annotations


class _State:
    __slots__ = ("loop",)

    def __init__(self):
        self.loop = None   # the jit's LoopInfo whose native code is running (stats on)


STATE = _State()


def counted():
    """Count one call from native code, if a trace is running.  (An entry point
    that runs the interpreter -- Function.__call__ -- also clears ``STATE.loop``
    while it does: the calls the interpreter makes are not native code's.)"""
    loop = STATE.loop
    if loop is not None:
        loop.pycalls += 1
