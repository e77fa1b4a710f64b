"""jit/gcpause.py: the collector paused around the JIT's bulk work (optimizing,
writing modules) only when no one can tell, and always as it was afterwards."""

import gc
import threading

import pytest

from pyjit.jit import gcpause, observer
from pyjit.jit.config import Config


@pytest.fixture(autouse=True)
def _collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


@pytest.fixture
def alone(monkeypatch):
    # (the test process may run threads of its own: xdist's, an earlier test's)
    monkeypatch.setattr(gcpause, "_alone", lambda: True)


def test_paused_inside_and_on_again_after(alone):
    assert gcpause.quiet(gc.isenabled) is False
    assert gc.isenabled()


def test_arguments_and_result_pass_through(alone):
    assert gcpause.quiet(lambda a, b=0: (a, b), 1, b=2) == (1, 2)


def test_on_again_after_an_exception(alone):
    def boom():
        assert not gc.isenabled()
        raise ValueError("x")
    with pytest.raises(ValueError):
        gcpause.quiet(boom)
    assert gc.isenabled()


def test_a_program_that_turned_it_off_keeps_it_off(alone):
    gc.disable()
    assert gcpause.quiet(gc.isenabled) is False
    assert not gc.isenabled()


def test_nested_the_outer_call_turns_it_on(alone):
    def inner():
        assert gcpause.quiet(gc.isenabled) is False
        return gc.isenabled()
    assert gcpause.quiet(inner) is False     # (the inner call left it off)
    assert gc.isenabled()


def test_not_paused_while_another_thread_runs():
    go, done = threading.Event(), threading.Event()
    t = threading.Thread(target=lambda: (go.set(), done.wait()))
    t.start()
    go.wait()
    try:
        assert gcpause.quiet(gc.isenabled) is True
    finally:
        done.set()
        t.join()
    assert gc.isenabled()


def test_alone_counts_the_compile_thread_out(monkeypatch):
    import _thread
    monkeypatch.setattr(_thread, "_count", lambda: 1)
    monkeypatch.setattr(gcpause, "_compile_thread", lambda: None)
    assert not gcpause._alone()          # (one thread of the program's)
    monkeypatch.setattr(gcpause, "_compile_thread", lambda: object())
    assert gcpause._alone()              # (the compile thread)


def test_not_paused_when_an_observer_hands_out_the_objects(monkeypatch, alone):
    monkeypatch.setattr(Config, "observer", observer.EventObserver(Config))
    assert Config.observer.keeps_traces
    assert gcpause.quiet(gc.isenabled) is True


def test_young_objects_are_collected_when_the_compile_thread_could_allocate(monkeypatch):
    # with the compile thread running, the collector comes back on with
    # generation 0 below the thread's margin (llvm.jobs._gc_room)
    from pyjit.jit.llvm import jobs
    monkeypatch.setattr(gcpause, "_compile_thread", lambda: jobs)
    monkeypatch.setattr(gcpause, "_alone", lambda: True)
    limit = gc.get_threshold()[0]
    keep = gcpause.quiet(lambda: [[] for _ in range(3 * limit)])
    assert gc.get_count()[0] < limit - jobs._GC_MARGIN
    assert len(keep) == 3 * limit


def test_the_jobs_module_half_imported_by_another_thread(monkeypatch):
    # (a program thread's first compile imports llvm.jobs while another thread
    # compiles: its names are not all set yet -- everyday_threads under load)
    import sys
    import types
    monkeypatch.setitem(sys.modules, "pyjit.jit.llvm.jobs", types.ModuleType("half"))
    assert gcpause._compile_thread() is None
    gcpause._alone()                     # (no AttributeError)
    gcpause.quiet(gc.isenabled)
    assert gc.isenabled()
