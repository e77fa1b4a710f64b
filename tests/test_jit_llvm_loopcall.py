"""Recursion through functions with loops runs native (issue #13, jit/loopcall.py):
the function trace stops at its loop's header and calls the loop's code
(``call_loop``), whose recursive call is a native call of the function."""

import json
import re
import subprocess
import sys
import textwrap

import pytest

QUEENS = """
    def solve(n, row, cols, d1, d2, out):
        if row == n:
            out.append(1)
            return
        for col in range(n):
            if col in cols or (row + col) in d1 or (row - col) in d2:
                continue
            cols.add(col)
            d1.add(row + col)
            d2.add(row - col)
            solve(n, row + 1, cols, d1, d2, out)
            cols.remove(col)
            d1.remove(row + col)
            d2.remove(row - col)
    for n in (6, 7, 7, 7):
        out = []
        solve(n, 0, set(), set(), set(), out)
    print(len(out))
"""


@pytest.mark.parametrize("backend", ["llvm", "interp"])
def test_recursion_through_a_loop_stays_native(tmp_path, backend):
    src = textwrap.dedent(QUEENS)
    want = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True, timeout=300)
    log, stats = tmp_path / "log", tmp_path / "stats.json"
    p = subprocess.run([sys.executable, "-m", "pyjit", "run", "--jit-sync", "--stats-json",
                        str(stats), "--jit-backend", backend, "--jit-threshold", "100",
                        "--jit-function-threshold", "100", "--jit-log", str(log), "-c", src],
                       capture_output=True, text=True, timeout=300)
    assert (p.returncode, p.stdout) == (want.returncode, want.stdout), p.stderr
    text = log.read_text()
    # the function trace: prologue, first iteration, then the loop's code
    assert "call_loop(" in text and re.search(r"= call_loop\(\$solve, ", text), text[-3000:]
    # the loop's recursive path calls the function natively
    assert "call_assembler(" in text
    assert "blacklisted" not in text and "sent back solve" not in text, text[-3000:]
    share = json.loads(stats.read_text())["jit"]["native_share"]
    assert share["share"] > 0.9, share
