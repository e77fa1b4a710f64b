"""The differential trace mode (issue #17): a program's events, as ``sys.settrace``
and ``sys.setprofile`` see them, under host CPython and under each tier.

tests/trace_prelude.py runs the program with recording hooks (the first
:data:`LIMIT` events of its own frames, then the hooks remove themselves);
the events, stdout, stderr and exit code must be the same byte for byte.
Tier jit runs with ``--jit-threshold 2``, so the loops that go on after the
hooks are removed are compiled at once.

``make tracediff`` runs the whole corpus (``python tests/tracediff.py``);
``make test`` runs a sample (tests/test_tracing.py).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import difftest  # noqa: E402

PRELUDE = Path(__file__).resolve().parent / "trace_prelude.py"
LIMIT = int(os.environ.get("TRACEDIFF_LIMIT", "5000"))  # events recorded per run
TIER_OPTIONS = {"interp": (), "specialize": (), "jit": ("--jit-threshold", "2")}

# Programs whose events cannot be the same, not even from one CPython run to the
# next: compared, but reported apart (not counted as differences).
EXCLUDED = {
    "jit_signals_threads": "not deterministic: a loop spins until a signal arrives, so how "
        "many of its iterations are traced is wall time (two CPython runs differ)",
    "cb_executor": "not deterministic: whether a submitted future is already done when "
        "add_done_callback runs (then the callback runs, traced, on the main thread; "
        "else on the worker, which CPython does not trace) is a race between threads "
        "(seen both ways under pyjit, tier interp and tier jit)",
    "imp_package_basic": "its loop over sys.modules is traced: the host's loaded modules "
        "(pyjit's own and what it imports) are there, so more iterations under pyjit "
        "(the printed result is filtered: the same)",
    "imp_relative": "as imp_package_basic (a loop over sys.modules)",
    "misc_host_runners": "its traced loop goes over cProfile's stats in the order _lsprof "
        "makes them: CPython's is the order of C addresses (a rotating tree keyed by "
        "code object and PyMethodDef pointers), which pyjit's _lsprof cannot know "
        "(the rows are printed sorted: the same)",
}


def record(path: Path, tier: str | None, limit: int = LIMIT):
    """(events, Result) of ``path`` under CPython (``tier`` None) or a tier."""
    args, stdin = difftest.directives(path)
    fd, out = tempfile.mkstemp(suffix=".events")
    os.close(fd)
    try:
        env = {"TRACEDIFF_OUT": out, "TRACEDIFF_LIMIT": str(limit)}
        if tier is None:
            cmd = [sys.executable, str(PRELUDE), str(path), *args]
        else:
            cmd = [sys.executable, "-m", "pyjit", "run", "--tier", tier, *TIER_OPTIONS[tier],
                   str(PRELUDE), str(path), *args]
        result = difftest._run(cmd, path.parent, stdin, env)
        with open(out, encoding="utf-8") as fh:
            events = fh.read()
    finally:
        os.unlink(out)
    return events, result


def compare(path: Path, tier: str, want=None, limit: int = LIMIT) -> str | None:
    """None when ``path``'s events and output under ``tier`` are CPython's, else
    a readable account of the first differences."""
    want = want or record(path, None, limit)
    got = record(path, tier, limit)
    if got == want:
        return None
    import difflib
    parts = [f"{path.name}: tier {tier} differs from CPython"]
    for label, a, b in (("events", want[0], got[0]),
                        ("stdout", want[1].stdout.decode(errors="replace"),
                         got[1].stdout.decode(errors="replace")),
                        ("stderr", want[1].stderr.decode(errors="replace"),
                         got[1].stderr.decode(errors="replace"))):
        if a != b:
            diff = difflib.unified_diff(a.splitlines(True), b.splitlines(True),
                                        f"cpython {label}", f"pyjit {label}", n=2)
            parts.append("".join(diff)[:3000])
    if want[1].returncode != got[1].returncode:
        parts.append(f"exit code: CPython {want[1].returncode}, pyjit {got[1].returncode}")
    return "\n".join(parts)


def _one(path):
    import subprocess
    try:
        want = record(path, None)
    except subprocess.TimeoutExpired as e:
        return path, [(tier, f"{path.name}: CPython timed out ({e.timeout} s)")
                      for tier in difftest.TIERS]
    results = []
    for tier in difftest.TIERS:
        try:
            results.append((tier, compare(path, tier, want)))
        except subprocess.TimeoutExpired as e:  # (a difference, not the sweep's end)
            results.append((tier, f"{path.name}: tier {tier} timed out ({e.timeout} s)"))
    return path, results


def main(argv):
    """The whole corpus (or the programs named), two at a time; a summary."""
    from concurrent.futures import ThreadPoolExecutor
    paths = [Path(a).resolve() for a in argv] or difftest.programs()
    failed = excluded = 0
    with ThreadPoolExecutor(max_workers=2) as pool:
        for path, results in pool.map(_one, paths):
            bad = [(t, r) for t, r in results if r is not None]
            print(f"{path.name}: {'ok' if not bad else 'DIFFERS in ' + ' '.join(t for t, _ in bad)}",
                  flush=True)
            if bad and path.stem in EXCLUDED:
                excluded += len(bad)
                print(f"  (excluded: {EXCLUDED[path.stem]})")
                continue
            for _, r in bad:
                failed += 1
                print(r)
    print(f"{len(paths)} programs x {len(difftest.TIERS)} tiers: {failed} differ"
          f" (and {excluded} of the excluded programs)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
