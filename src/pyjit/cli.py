"""The ``pyjit`` command line: ``run``, ``dis``, ``bench``, ``demo``.

``pyjit run`` behaves like ``python3`` for the program it runs: ``sys.argv``,
``sys.path[0]``, ``__main__``, exit codes and error output are CPython's.
Heavy modules (llvmlite, pyperf, matplotlib) are imported only by the
subcommands that use them, so ``pyjit run`` starts quickly.
"""

from __future__ import annotations

import argparse
import sys

from . import __version__

TIERS = ("interp", "specialize", "jit")

USAGE = """\
usage: pyjit run [--tier {interp,specialize,jit}] (FILE | -c CODE | -m MODULE) [ARGS...]
       pyjit dis [--show-caches] FILE
       pyjit bench [PROGRAMS...] [--tiers ...] [--quick]
       pyjit demo
       pyjit --version | --help
"""


def _run_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pyjit run", description="Run a Python 3.11 program in pyjit.")
    p.add_argument("--tier", choices=TIERS, default="jit",
                   help="execution tier (default: jit; each tier includes the ones before it)")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("-c", dest="code", metavar="CODE", help="program passed in as a string")
    g.add_argument("-m", dest="module", metavar="MODULE", help="run a library module as a script")
    g.add_argument("file", nargs="?", metavar="FILE", help="program file")
    p.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the program")
    return p


def cmd_run(argv: list[str]) -> int:
    # Options end at the program: everything after FILE / -c CODE / -m MOD is the program's.
    opts, rest = [], list(argv)
    while rest and rest[0].startswith("-") and rest[0] not in ("-c", "-m", "-"):
        opt = rest.pop(0)
        opts.append(opt)
        if opt == "--tier" and rest:
            opts.append(rest.pop(0))
    if not rest:
        _run_parser().parse_args(opts)  # --help exits 0; otherwise a usage error
        _run_parser().error("one of FILE, -c CODE, -m MODULE is required")
    if rest[0] in ("-c", "-m"):
        if len(rest) < 2:
            _run_parser().error(f"argument {rest[0]}: expected one argument")
        target, prog_args = rest[:2], rest[2:]
    else:
        target, prog_args = rest[:1], rest[1:]
    ns = _run_parser().parse_args(opts + target)

    from . import runner  # the VM itself, imported only to run something
    if ns.code is not None:
        return runner.run_command(ns.code, prog_args, tier=ns.tier)
    if ns.module is not None:
        return runner.run_module(ns.module, prog_args, tier=ns.tier)
    return runner.run_file(ns.file, prog_args, tier=ns.tier)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0 if argv else 2
    if argv[0] in ("-V", "--version"):
        print(f"pyjit {__version__} (Python {sys.version.split()[0]})")
        return 0
    cmd, rest = argv[0], argv[1:]
    if cmd == "run":
        return cmd_run(rest)
    if cmd == "dis":
        from . import disasm
        return disasm.main(rest)
    if cmd == "bench":
        from . import bench
        return bench.main(rest)
    if cmd == "demo":
        from . import demo
        return demo.main(rest)
    sys.stderr.write(f"pyjit: unknown command {cmd!r}\n{USAGE}")
    return 2
