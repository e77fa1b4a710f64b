"""Differential testing: run a program under host CPython and under pyjit and
compare stdout, stderr and exit code byte for byte.

A program may start with comment lines that set how it is run:

    # args: one two three        -> sys.argv[1:]
    # stdin: some text\\nmore     -> bytes fed to stdin (backslash escapes decoded)

Both interpreters run the same absolute path from the program's directory,
with the same environment (fixed hash seed, UTF-8 I/O), so tracebacks name
the same file.
"""

from __future__ import annotations

import functools
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "tests" / "programs"
TIERS = ("interp", "specialize", "jit")
TIMEOUT = 120


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: bytes
    stderr: bytes


def _env(overrides: dict | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1",
               PYTHONUTF8="1", PYJIT_BLOCKS_STRICT="1", PYJIT_STRICT="1")
    for var in ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONWARNINGS", "PYTHONSAFEPATH"):
        env.pop(var, None)
    env.update(overrides or {})
    return env


def directives(path: Path) -> tuple[list[str], bytes]:
    """The ``# args:`` and ``# stdin:`` header lines of a program."""
    args: list[str] = []
    stdin = b""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                break
            if line.startswith("# args:"):
                args = shlex.split(line[len("# args:"):])
            elif line.startswith("# stdin:"):
                text = line[len("# stdin:"):].strip()
                stdin = text.encode("utf-8").decode("unicode_escape").encode("utf-8")
    return args, stdin


def _run(cmd: list[str], cwd: Path, stdin: bytes, env: dict | None = None) -> Result:
    p = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, env=_env(env),
                       timeout=TIMEOUT)
    return Result(p.returncode, p.stdout, p.stderr)


@functools.lru_cache(maxsize=None)
def run_cpython(path: Path, args: tuple[str, ...] | None = None, stdin: bytes | None = None) -> Result:
    dargs, dstdin = directives(path)
    args = list(dargs if args is None else args)
    return _run([sys.executable, str(path), *args], path.parent,
                dstdin if stdin is None else stdin)


def run_pyjit(path: Path, tier: str, options: tuple[str, ...] = (),
              args: tuple[str, ...] | None = None, stdin: bytes | None = None,
              env: dict | None = None) -> Result:
    dargs, dstdin = directives(path)
    args = list(dargs if args is None else args)
    cmd = [sys.executable, "-m", "pyjit", "run", "--tier", tier, *options, str(path), *args]
    return _run(cmd, path.parent, dstdin if stdin is None else stdin, env)


def _show(label: str, data: bytes, limit: int = 4000) -> str:
    text = data.decode("utf-8", "replace")
    if len(text) > limit:
        text = text[:limit] + f"\n... ({len(text) - limit} more characters)"
    return f"--- {label} ---\n{text}"


def assert_same(path: Path, tier: str, options: tuple[str, ...] = (),
                env: dict | None = None) -> None:
    """Fail with a readable diff unless pyjit matches CPython exactly (``env``:
    more environment for pyjit, e.g. PYJIT_FAULTS)."""
    want = run_cpython(path)
    got = run_pyjit(path, tier, options, env=env)
    if got == want:
        return
    import difflib
    extra = " ".join(f"{k}={v}" for k, v in (env or {}).items())
    parts = [f"{path.name} under {extra} --tier {tier} {' '.join(options)} differs from CPython"]
    if got.returncode != want.returncode:
        parts.append(f"exit code: CPython {want.returncode}, pyjit {got.returncode}")
    for name in ("stdout", "stderr"):
        a = getattr(want, name).decode("utf-8", "replace").splitlines(keepends=True)
        b = getattr(got, name).decode("utf-8", "replace").splitlines(keepends=True)
        if a != b:
            diff = "".join(difflib.unified_diff(a, b, f"cpython {name}", f"pyjit {name}"))
            parts.append(diff[:6000])
    raise AssertionError("\n".join(parts))


def programs() -> list[Path]:
    """Every top-level ``*.py`` in tests/programs (subdirectories hold packages
    and modules that those programs import)."""
    return sorted(PROGRAMS.glob("*.py"))
