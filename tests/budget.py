"""The suite's time budget: what `make test` leaves to `make test-full`.

`make test` must finish within 15 minutes on 2 cores.  A few tests run the same
check on both JIT backends, and the trace interpreter (the Python backend, the
LLVM one's twin) runs its traces 10-50x slower: those twins are the slowest tests
of the suite and add least over their LLVM runs, so `make test` skips them and
`make test-full` (PYJIT_TEST_FULL=1) runs them.  The trace interpreter keeps its
share of `make test` through the differential corpus (tests/test_differential.py,
PARTS) and every faster twin.
"""

from __future__ import annotations

import os

import pytest

FULL = os.environ.get("PYJIT_TEST_FULL") == "1"

full_only = pytest.mark.skipif(not FULL, reason="slow twin: run by `make test-full`")


def slow_twin(*values):
    """A parametrize value run only by `make test-full`."""
    return pytest.param(*values, marks=full_only)
