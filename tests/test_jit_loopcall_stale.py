"""jit/loopcall.py: call sites compiled for an old version of a loop's input
slots (the loop's code compiled again with other slots) get their traces
dropped after STALE_CALLS slow calls, not run through Python forever."""

from types import SimpleNamespace

from pyjit.jit import loopcall as LC
from pyjit.jit.ir import Op, const_ptr
from pyjit.jit.loops import DOOMED


def _callee(versions):
    lc = object.__new__(LC.LoopCallee)
    lc.info = SimpleNamespace(name="loop")
    lc.versions = list(versions)
    lc.sites, lc.stale, lc.dooms, lc.codeless = [], 0, 0, False
    return lc


def _site(lc, trace="t"):
    info = SimpleNamespace(trace=trace)
    op = Op("call_loop", [const_ptr(None), const_ptr(lc), const_ptr(())])
    LC.note_sites(info, [op])
    return info


def test_sites_doomed_after_stale_calls_once_the_version_changed():
    lc = _callee([("a",), ("a", "b")])
    a, b = _site(lc), _site(lc)
    _site(lc, trace=None)           # (dropped already: nothing to doom)
    assert len(lc.sites) == 3
    DOOMED.clear()
    for _ in range(LC.STALE_CALLS - 1):
        LC._stale_call(lc)
    assert DOOMED == []
    LC._stale_call(lc)
    assert [d[0] for d in DOOMED] == [a, b] and DOOMED[0][0] is a and all("has new code" in d[2] for d in DOOMED)
    assert lc.sites == [] and lc.dooms == 1
    DOOMED.clear()


def test_one_version_or_too_many_dooms_never_drops():
    lc = _callee([("a",)])          # (the slow path for another reason: a thread, a signal)
    _site(lc)
    for _ in range(3 * LC.STALE_CALLS):
        LC._stale_call(lc)
    assert DOOMED == [] and lc.stale == 0
    lc = _callee([("a",), ("b",)])
    lc.dooms = LC.MAX_DOOMS
    _site(lc)
    for _ in range(3 * LC.STALE_CALLS):
        LC._stale_call(lc)
    assert DOOMED == []


def test_sites_compiled_before_the_loop_had_code_are_doomed():
    # (one version, but a site was compiled while the loop had no code -- it
    # takes the slow path forever: jit/llvm/loopcall.py marks the callee)
    lc = _callee([("a",)])
    lc.codeless = True
    a = _site(lc)
    DOOMED.clear()
    for _ in range(LC.STALE_CALLS):
        LC._stale_call(lc)
    assert [d[0] for d in DOOMED] == [a] and not lc.codeless and lc.dooms == 1
    DOOMED.clear()
    b = _site(lc)                   # (recorded again: compiled with code, one version)
    for _ in range(3 * LC.STALE_CALLS):
        LC._stale_call(lc)
    assert DOOMED == [] and b.trace == "t"
