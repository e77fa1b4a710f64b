"""Fault injection (issue #11): recordings aborted at every instruction and
guards failed at random still give CPython's output, byte for byte.

A bounded sample of ``make faults`` (tests/fault_sweep.py, which runs the whole
corpus with every mode and backend): about every 20th program of the corpus
(chosen by a hash of its name, which also picks its seed and backend) with all
modes at once, and Hypothesis batches.  Each run also checks that faults were
injected: a test whose injection silently stopped working would otherwise pass
forever.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import pytest

from difftest import assert_same, programs
from test_differential import KNOWN

ALL_MODES = "abort=sweep,bridge-abort=sweep,guards=0.1"


def _draw(path) -> int:
    """A number fixed by the program's name: it picks the sample, the seed and the
    backend, so a program joining the corpus moves no other program's run (an
    index into the corpus did: each new program shifted the seeds of the rest)."""
    return zlib.crc32(path.stem.encode())


# about every 20th program of the corpus, with all modes at once (the suite's
# time budget: `make faults` runs them all)
SAMPLE = [p for p in programs() if p.stem not in KNOWN and _draw(p) % 20 == 0]


def _seed(path) -> int:
    return _draw(path) // 10 % 1000


def _backend(path) -> str:
    return ("llvm", "interp")[_draw(path) // 10000 % 2]


# (`make faults` runs the whole corpus)
@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: f"{p.stem}-{_backend(p)}-{_seed(p)}")
def test_corpus_sample_with_faults(path, tmp_path):
    report = tmp_path / "faults.json"
    env = {"PYJIT_FAULTS": f"{ALL_MODES},seed={_seed(path)},report={report}"}
    assert_same(path, "jit", ("--jit-threshold", "2", "--jit-backend", _backend(path)),
                env=env)


def _run_with_faults(source: str, spec: str, backend: str = "llvm"):
    with tempfile.TemporaryDirectory() as tmp:
        prog = Path(tmp) / "prog.py"
        prog.write_text(source)
        report = Path(tmp) / "faults.json"
        env = dict(os.environ, PYJIT_FAULTS=f"{spec},report={report}", PYJIT_STRICT="1")
        r = subprocess.run([sys.executable, "-m", "pyjit", "run", "--tier", "jit",
                            "--jit-threshold", "2", "--jit-backend", backend, str(prog)],
                           capture_output=True, text=True, env=env, timeout=120)
        want = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True,
                              timeout=60)
        assert (r.stdout, r.stderr, r.returncode) == (want.stdout, want.stderr,
                                                      want.returncode)
        return json.loads(report.read_text())


LOOP = """
def f(a, b=2):
    return a + b * 3

def run(n):
    s = 0
    for i in range(n):
        if i % 7 == 3:
            s -= 1
        s += f(i) + (i & 1)
    return s

print(run(3000))
"""


@pytest.mark.parametrize("backend", ["llvm", "interp"])
def test_every_mode_injects(backend):
    """Each mode does what it says: the sweep aborts the loop's recordings at
    instructions 0, 1, 2, ... (one per recording) until one completes; forced
    guard failures make exits and bridges, whose recordings the bridge sweep
    aborts in turn."""
    rep = _run_with_faults(LOOP, "abort=sweep", backend)
    ks = sorted(k for name, header, k in rep["pairs"] if name == "run")
    assert ks == list(range(len(ks))) and len(ks) >= 10, ks
    rep = _run_with_faults(LOOP, "guards=0.2,bridge-abort=sweep,seed=5", backend)
    assert rep["forced_exits"] > 10 and rep["bridge_aborts"] > 0, rep


MAP_TWO = """
def two(n, m):
    t = 0
    for s in map(lambda a, b, c=3: a - b * c, range(n), [k * 2 for k in range(m)]):
        t += s
    return t

print([two(n, n // 2) for n in (300, 500, 7, 0, 1)])
"""


@pytest.mark.parametrize("backend", ["llvm", "interp"])
def test_guards_failed_inside_a_seen_through_map(backend):
    """A guard failed after map.__next__ took an item (of its first iterator,
    then of the second) never resumes before FOR_ITER: the interpreter would
    run map.__next__ again and an item would be lost (record/lazy.py)."""
    for seed in (1, 3, 21):
        rep = _run_with_faults(MAP_TWO, f"guards=0.1,seed={seed}", backend)
        assert rep["forced_exits"] > 0, rep


def test_bad_settings_are_refused():
    env = dict(os.environ, PYJIT_FAULTS="guards=2")
    r = subprocess.run([sys.executable, "-m", "pyjit", "run", "-c", "pass"], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "guards=P wants 0 < P <= 1" in r.stderr


def test_frame_views_after_an_abort_inside_a_nested_frame():
    # (a recording aborted inside an inlined dunder: the frame runs on in a
    # nested eval loop; its caller must be the loop's frame at the instruction,
    # not the recorder's stale position -- spec_blocks_frames' old gap)
    path = Path(__file__).parent / "programs" / "jit_nested_frame_views.py"
    assert_same(path, "jit", ("--jit-threshold", "2", "--jit-backend", "interp"),
                env={"PYJIT_FAULTS": "abort=sweep,seed=1"})
