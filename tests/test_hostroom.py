"""The host's recursion room at host->VM entries (pyjit.hostroom, frame.enter).

In process, under tier interp (conftest): VM functions called from host code
run with the room CPython's program would have; what an entry gave is taken
back when it ends, however it ends; the program's ``sys.setrecursionlimit``
and C recursion are tested end to end by tests/programs/c_recursion_limit.py.
"""

import sys
import textwrap

import pytest

from pyjit import frame, hostroom, tiers, vmbuiltins

pytestmark = pytest.mark.skipif(not hostroom.OK, reason="PyThreadState layout not 3.11's")


def vm(src):
    g = {"__builtins__": __builtins__, "__name__": "hostroom_test"}
    vmbuiltins.run_code(compile(textwrap.dedent(src), "/nonexistent/hostroom_test.py", "exec"),
                        g, g)
    return g


def test_view_is_the_threads_counter():
    room = hostroom.view()
    outer = room.value

    def inner():
        return room.value
    assert inner() == outer - 1   # a Python frame is one unit
    assert hostroom.view().value == outer


def test_room_inside_an_entry_is_the_programs():
    room = hostroom.view()
    g = vm("""
        def probe(read):
            return read()
        def deeper(n, read):
            return probe(read) if n == 0 else deeper(n - 1, read)
    """)
    read = lambda: room.value   # noqa: E731  (a host function: no VM frame)
    before = room.value
    # the outermost entry (no VM frame running): limit + margin less its one frame,
    # less the few host frames between the loop and the read
    at_top = g["probe"](read)
    limit = frame.RecursionLimit.value
    assert limit + hostroom.MARGIN - 1 - 6 <= at_top < limit + hostroom.MARGIN
    assert room.value == before   # given back
    # VM->VM calls inside one run do not move the host's room
    assert g["deeper"](20, read) == at_top


def test_nested_entries_count_vm_depth_not_pyjit_frames():
    room = hostroom.view()
    g = vm("""
        def nest(n, read):
            # each level: host code (map, list) calling back into the VM
            if n == 0:
                return read()
            return list(map(lambda _: nest(n - 1, read), [0]))[0]
    """)
    read = lambda: room.value   # noqa: E731
    # (warm: pyjit's own host code calls builtins through a C guard until the
    # host quickens it -- its first 8 runs -- which an entry counts as the program's)
    g["nest"](41, read)
    shallow = g["nest"](1, read)
    deep = g["nest"](41, read)
    # 40 more levels of two VM frames each (nest, the lambda): 80 less, as in
    # CPython (map and list call back with no C guard) -- not the host frames
    # pyjit uses per level
    assert shallow - deep == 80


def test_room_given_back_when_the_run_raises():
    room = hostroom.view()
    g = vm("""
        def boom():
            raise KeyError(1)
    """)
    before = room.value
    depth = frame.thread_state().depth
    with pytest.raises(KeyError):
        g["boom"]()
    assert room.value == before
    assert frame.thread_state().depth == depth


def test_a_frame_that_never_ran_is_not_counted():
    """RecursionError raised by the host before the tier's loop started (the
    host's room exhausted by C recursion): the entry frame's count goes too."""
    class Refuses:
        def run(self, f, ts, throw=None):
            raise RecursionError("maximum recursion depth exceeded")
    ts = frame.thread_state()
    depth = ts.depth
    g = vm("def f():\n    return 1\n")
    old = tiers.active
    tiers.select(Refuses())
    try:
        with pytest.raises(RecursionError):
            g["f"]()
    finally:
        tiers.select(old)
    assert ts.depth == depth


def test_library_frames_counts_only_non_pyjit_frames():
    def stop_here(via):
        return via()

    def host_a():
        return host_b()

    def host_b():
        return hostroom.library_frames(sys._getframe(), stop_here.__code__)
    # host_b, host_a (this file is not pyjit's); the stop frame is not counted
    assert stop_here(host_a) == 2
    # a frame of pyjit's code (its file is pyjit's) between them is not counted
    mod = {}
    exec(compile("def through(fn):\n    return fn()\n", hostroom.__file__, "exec"), mod)
    assert stop_here(lambda: mod["through"](host_b)) == 2   # host_b, the lambda


def test_library_frames_keeps_the_count_below_an_anchor_frame():
    # (hostroom.ANCHOR: jit.driver.enter's frames; here a function of the test's)
    ts = frame.ThreadState()
    seen = []

    def stop_here(via):
        return via()

    def lib_below():          # a library frame below the anchor: counted once
        return anchor()

    def anchor():
        w = ts.walked
        ts.walked = None      # (as driver.enter: its own count, its caller's given back)
        try:
            out = []
            for k in range(3):
                out.append(above(k))
            return out
        finally:
            ts.walked = w

    def above(k):
        if k == 2:            # one more library frame above it on the third walk
            return extra()
        n = hostroom.library_frames(sys._getframe(), stop_here.__code__, ts)
        seen.append(ts.walked[1])   # (kept by the first walk: lib_below)
        return n

    def extra():
        return hostroom.library_frames(sys._getframe(), stop_here.__code__, ts)

    old = hostroom.ANCHOR[0]
    hostroom.ANCHOR[0] = anchor.__code__
    try:
        # above (+ extra), then lib_below below the anchor (the anchor not counted)
        assert stop_here(lib_below) == [2, 2, 3]
        assert ts.walked is None           # given back by the anchor
        # the count below an anchor is the walk's own: a stale one (another
        # frame's) is not used
        ts.walked = (0, 99)
        assert stop_here(lib_below) == [2, 2, 3]
        seen.append(ts.walked)
    finally:
        hostroom.ANCHOR[0] = old
    assert seen == [1, 1, 1, 1, (0, 99)]
    # without ts the walk does not stop at the anchor
    hostroom.ANCHOR[0] = anchor.__code__
    try:
        ts.walked = None
        assert stop_here(lambda: hostroom.library_frames(sys._getframe(), stop_here.__code__)) == 1
    finally:
        hostroom.ANCHOR[0] = old


def test_spare_lends_and_gives_back():
    room = hostroom.view()
    before = room.value
    with hostroom.spare():
        assert room.value == before + hostroom.SPARE
    assert room.value == before


def test_an_entry_counts_the_library_frames_and_guards_of_its_hop():
    # (issue #17) host code between two VM frames: CPython counts its Python frames
    # and its C guards on the program's counter; an entry adds them to the VM depth
    # while it runs, and takes them off when it returns
    ts = frame.thread_state()
    g = vm("""
        def via_library(n, lib, read):
            # each level: a host function (this test file's: library code) calls back
            return read() if n == 0 else lib(lambda: via_library(n - 1, lib, read))
        def via_reduce(n, read):
            # each level: functools.reduce's C call (METH_VARARGS: a guard) calls back
            import functools
            return read() if n == 0 else functools.reduce(
                lambda a, b: via_reduce(n - 1, read), [0, 0])
    """)

    def lib(fn):
        return fn()
    read = lambda: ts.depth   # noqa: E731
    before = ts.depth
    one, five = g["via_library"](1, lib, read), g["via_library"](5, lib, read)
    # 4 more levels of 3 units each: via_library's frame, the lambda's, lib's frame
    assert five - one == 12
    one, five = g["via_reduce"](1, read), g["via_reduce"](5, read)
    # 4 more levels of 3: via_reduce's frame, the lambda's, reduce's guard
    assert five - one == 12
    assert ts.depth == before   # taken off again
