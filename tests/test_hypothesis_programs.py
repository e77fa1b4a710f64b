"""Differential tests on random programs: each program Hypothesis generates
(tests/progen.py) runs under host CPython and under ``pyjit run --tier T``, and
stdout, stderr and exit code must match byte for byte.

Two shapes of program:

* whole programs: module-level code that may end in an uncaught exception, so
  the traceback on stderr is compared too (one program = one process pair);
* batches: many small programs, each the body of a ``def case_N():`` run under
  ``try``/``except`` that prints the exception's type and message, so one
  process pair checks dozens of programs (and function-local code).

Examples are derandomized (the same programs on every run, so CI is
reproducible).  Environment knobs for bug hunting:

    PYJIT_HYPOTHESIS_EXAMPLES=500   examples per test (default: a CI-sized budget)
    PYJIT_HYPOTHESIS_SEED=123       random (not derandomized) generation from this seed
    PYJIT_HYPOTHESIS_SHRINK=1|0     shrink failing programs (default: only when
                                    PYJIT_HYPOTHESIS_EXAMPLES is set: it takes minutes)
    PYJIT_HYPOTHESIS_EXCLUDE=recursion,del   leave these feature templates out

When a program differs, the failure shows the program's source and a diff
(shrunk by Hypothesis when shrinking is on).  ``python tests/progen.py SEED [N]`` prints a
program (N > 0: a batch of N cases) without Hypothesis.
"""

from __future__ import annotations

import difflib
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, reject, seed, settings

import progen
from difftest import TIERS, Result, _env

EXAMPLES = int(os.environ.get("PYJIT_HYPOTHESIS_EXAMPLES", "0"))
SEED = os.environ.get("PYJIT_HYPOTHESIS_SEED")
# Shrinking re-runs both interpreters hundreds of times (minutes); by default only
# when hunting (PYJIT_HYPOTHESIS_EXAMPLES set) or asked for, so that a failure in CI
# stays within the suite's time budget (the report still shows program and diff).
SHRINK = os.environ.get("PYJIT_HYPOTHESIS_SHRINK", "1" if EXAMPLES else "0") == "1"
# Feature templates to leave out (comma-separated f_* names without "f_"), to hunt
# past a known bug.
progen.EXCLUDE_FEATURES.update(filter(None, os.environ.get("PYJIT_HYPOTHESIS_EXCLUDE",
                                                           "").split(",")))

WHOLE_EXAMPLES = EXAMPLES or 10   # (per configuration: the suite's time budget)
BATCH_EXAMPLES = max(1, EXAMPLES // 4) if EXAMPLES else 4
BATCH_SIZE = (12, 24)

CPYTHON_TIMEOUT = 10      # a generated program that runs longer is the generator's fault
PYJIT_TIMEOUT = 60        # generated programs take well under a second in CPython

# Flags that make the faster tiers kick in on the small loops of generated
# programs; passed only once `pyjit run` knows them.
TIER_FLAGS = {
    "specialize": (("--specialize-warmup", "1"),),
    "jit": (("--specialize-warmup", "1"), ("--jit-threshold", "2")),
    "jit-interp": (("--specialize-warmup", "1"), ("--jit-threshold", "2"),
                   ("--jit-backend", "interp")),
    "jit-bg": (("--specialize-warmup", "1"), ("--jit-threshold", "2")),
}
# the configurations: each tier, the JIT with its Python trace interpreter, and
# with its compile thread (the others compile at once: PYJIT_JIT_SYNC, conftest.py)
CONFIGS = TIERS + ("jit-interp", "jit-bg")
# ... and batches also with every fault injected (jit/faults.py): recordings
# aborted at every instruction, guards failed at random, bridges aborted
TIER_FLAGS["jit-faults"] = TIER_FLAGS["jit"]
CONFIG_ENV = {"jit-faults": {"PYJIT_FAULTS": "abort=sweep,bridge-abort=sweep,guards=0.1"},
              "jit-bg": {"PYJIT_JIT_SYNC": "0"}}


@functools.lru_cache(maxsize=None)
def _run_help() -> str:
    p = subprocess.run([sys.executable, "-m", "pyjit", "run", "--help", "-c", "pass"],
                       capture_output=True, text=True, env=_env(), timeout=60)
    return p.stdout + p.stderr


def tier_options(tier: str) -> tuple[str, ...]:
    out: list[str] = []
    for flag, value in TIER_FLAGS.get(tier, ()):
        if flag in _run_help():
            out += [flag, value]
    return tuple(out)


def _settings(n: int):
    phases = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if SHRINK else [])
    s = settings(max_examples=n, deadline=None, derandomize=SEED is None, database=None,
                 print_blob=False, phases=phases,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.filter_too_much,
                                        HealthCheck.large_base_example])

    def deco(fn):
        fn = s(fn)
        return seed(int(SEED))(fn) if SEED is not None else fn
    return deco


def _run(cmd: list[str], cwd: Path, timeout: float, env: dict | None = None) -> Result:
    p = subprocess.run(cmd, cwd=cwd, input=b"", capture_output=True, env=_env(env),
                       timeout=timeout)
    return Result(p.returncode, p.stdout, p.stderr)


def _diff(want: Result, got: Result) -> str:
    parts = []
    if got.returncode != want.returncode:
        parts.append(f"exit code: CPython {want.returncode}, pyjit {got.returncode}")
    for name in ("stdout", "stderr"):
        a = getattr(want, name).decode("utf-8", "replace").splitlines(keepends=True)
        b = getattr(got, name).decode("utf-8", "replace").splitlines(keepends=True)
        if a != b:
            parts.append("".join(difflib.unified_diff(a, b, f"cpython {name}",
                                                      f"pyjit {name}"))[:6000])
    return "\n".join(parts)


def check_program(source: str, tier: str) -> None:
    """Run source under CPython and pyjit --tier tier; fail on any difference."""
    tmp = Path(tempfile.mkdtemp(prefix="pyjit-hyp-"))
    try:
        path = tmp / "prog.py"
        path.write_text(source, encoding="utf-8")
        try:
            want = _run([sys.executable, str(path)], tmp, CPYTHON_TIMEOUT)
        except subprocess.TimeoutExpired:
            reject()  # too slow even for CPython: not a useful example
        if b"MemoryError" in want.stderr:
            reject()
        options = tier_options(tier)
        env = CONFIG_ENV.get(tier)
        tier = tier.split("-")[0]
        cmd = [sys.executable, "-m", "pyjit", "run", "--tier", tier, *options, str(path)]
        try:
            got = _run(cmd, tmp, PYJIT_TIMEOUT, env)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"pyjit --tier {tier} timed out after {PYJIT_TIMEOUT}s "
                                 f"(CPython finished)\n--- program ---\n{source}") from None
        if got == want:
            return
        again = _run([sys.executable, str(path)], tmp, CPYTHON_TIMEOUT)
        if again != want:
            raise AssertionError("generator bug: CPython itself is not deterministic on "
                                 f"this program\n{_diff(want, again)}\n--- program ---\n{source}")
        raise AssertionError(f"pyjit run --tier {tier} {' '.join(options)} differs from "
                             f"CPython\n{_diff(want, got)}\n--- program ---\n{source}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.mark.parametrize("tier", CONFIGS)
@_settings(WHOLE_EXAMPLES)
@given(source=progen.programs())
def test_whole_program(tier, source):
    check_program(source, tier)


@pytest.mark.parametrize("tier", CONFIGS + ("jit-faults",))
@_settings(BATCH_EXAMPLES)
@given(source=progen.batches(*BATCH_SIZE))
def test_batched_programs(tier, source):
    check_program(source, tier)


def test_generator_is_deterministic_and_valid():
    """The plain-PRNG front end gives the same, compilable program for a seed."""
    for s in range(5):
        a, b = progen.generate(s), progen.generate(s)
        assert a == b
        compile(a, f"<seed {s}>", "exec")
        compile(progen.generate(s, batch=3), f"<batch {s}>", "exec")
