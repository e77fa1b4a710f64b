"""pyjit.deferred: the program's finalizers reached on a thread of pyjit's own
are queued and run by a program thread (issue #17).  Here a host thread plays
the compile thread (``ThreadState.internal``)."""

import builtins
import gc
import sys
import textwrap
import threading
import types

from pyjit import deferred, vmbuiltins
from pyjit.frame import thread_state


def load(src):
    mod = types.ModuleType("pyjit_test_deferred")
    g = mod.__dict__
    g["__builtins__"] = builtins
    code = compile(textwrap.dedent(src), "/nonexistent/pyjit_test_deferred.py", "exec",
                   dont_inherit=True)
    vmbuiltins.run_code(code, g, g)
    return g


SRC = """
    import threading
    ran = []

    class C:
        def __init__(self, fail=False):
            self.fail = fail

        def __del__(self):
            ran.append(("del", threading.current_thread().name))
            if self.fail:
                raise ValueError("in __del__")

    def gen():
        try:
            yield 1
        finally:
            ran.append(("gen", threading.current_thread().name))

    def started():
        g = gen()
        next(g)
        return g

    def cb(phase, info):
        if phase == "stop":
            raise KeyError("cb")
"""


def on_internal_thread(fn):
    """Run ``fn()`` on a host thread registered as pyjit's own."""
    def body():
        thread_state().internal = True
        fn()
    t = threading.Thread(target=body, name="internal")
    t.start()
    t.join()


def test_finalizers_wait_for_a_program_thread():
    g = load(SRC)
    box = [g["C"](), g["started"]()]
    on_internal_thread(box.clear)      # the last references die there
    assert g["ran"] == []              # queued, not run
    assert len(deferred.queue) == 2
    deferred.drain()
    # (in the order they died: a list lets its items go last first)
    assert g["ran"] == [("gen", "MainThread"), ("del", "MainThread")]
    assert not deferred.queue
    gc.collect()
    assert len(g["ran"]) == 2          # (finalized once: PEP 442)


def test_collection_on_internal_thread_defers_cycles():
    g = load(SRC)
    c = g["C"]()
    c.me = c
    del c
    on_internal_thread(gc.collect)
    assert g["ran"] == []
    deferred.drain()
    assert g["ran"] == [("del", "MainThread")]


def test_exceptions_go_to_unraisablehook():
    g = load(SRC)
    seen = []
    hook, sys.unraisablehook = sys.unraisablehook, seen.append
    gc.callbacks.append(g["cb"])
    try:
        box = [g["C"](fail=True)]
        on_internal_thread(box.clear)
        on_internal_thread(gc.collect)
        gc.callbacks.remove(g["cb"])
        deferred.drain()
    finally:
        sys.unraisablehook = hook
        if g["cb"] in gc.callbacks:
            gc.callbacks.remove(g["cb"])
    assert [(type(a.exc_value), a.err_msg, a.object) for a in seen] == [
        (ValueError, None, g["C"].__del__),
        (KeyError, "Exception ignored in garbage collection callback", g["cb"])]
    # the program's frames only
    tb = seen[0].exc_traceback
    names = []
    while tb is not None:
        names.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    assert names == ["/nonexistent/pyjit_test_deferred.py"]


def test_a_program_thread_runs_its_own():
    g = load(SRC)

    def drop():
        box = [g["C"]()]
        box.clear()
    t = threading.Thread(target=drop, name="prog")
    t.start()
    t.join()
    assert g["ran"] == [("del", "prog")]
    assert not deferred.queue


def test_program_gc_collect_runs_the_queue_first():
    # CPython runs a cycle's finalizers inside the collection that found it: a
    # program's gc.collect() after the compile thread's collection deferred them
    # runs them before it returns, and frees the cycle in that same call
    g = load(SRC + """
    import gc, weakref

    def make():
        c = C()
        c.me = c
        return weakref.ref(c)

    def collect():
        gc.collect()
        return list(ran)
    """)
    ref = g["make"]()
    gc.disable()
    try:
        on_internal_thread(gc.collect)
        assert g["ran"] == [] and len(deferred.queue) == 1
        assert g["collect"]() == [("del", "MainThread")]
        assert not deferred.queue
        assert ref() is None           # (no second collection needed)
    finally:
        gc.enable()
