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
from .argtypes import positive_int
from .tiers import NAMES as TIERS

USAGE = """\
usage: pyjit run [--tier {interp,specialize,jit}] [--specialize-warmup N] [--stats]
                 [--stats-json FILE] [--no-blocks] [--blocks-log FILE] [--jit-threshold N]
                 [--jit-function-threshold N] [--trace-limit N]
                 [--jit-opt PASSES] [--jit-backend {llvm,interp}] [--jit-log FILE [--jit-log-llvm] [--jit-log-passes]]
                 [--jit-events FILE] [--jit-report DIR] [--verify]
                 [--jit-sync] [--jit-cache DIR | --no-jit-cache] [--jit-tier-up N]
                 (FILE | -c CODE | -m MODULE | -) [ARGS...]
       pyjit explain [--json] [-o FILE] [run options] (FILE | -c CODE | -m MODULE) [ARGS...]
       pyjit report [-o DIR] [run options] (FILE | -c CODE | -m MODULE) [ARGS...]
       pyjit cache info|clear [--jit-cache DIR]
       pyjit dis [--adaptive [--specialize-warmup N]] [--show-caches] FILE
       pyjit bench [PROGRAMS...] [--tiers ...] [--quick]
       pyjit demo
       pyjit --version | --help
"""


# options that take a value (the program starts at the first other argument)
_VALUE_OPTIONS = ("--tier", "--specialize-warmup", "--stats-json", "--blocks-log",
                  "--jit-threshold", "--jit-function-threshold",
                  "--trace-limit", "--jit-opt", "--jit-backend", "--jit-log", "--jit-events",
                  "--jit-report", "--jit-cache", "--jit-tier-up", "-o")


def _jit_opt(spec: str) -> str:
    """--jit-opt's value, checked now (the optimizer is imported only when given)."""
    from .jit.opt import select
    try:
        select(spec)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    return spec


def _run_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pyjit run", description="Run a Python 3.11 program in pyjit.")
    p.add_argument("--tier", choices=TIERS, default="jit",
                   help="execution tier (default: jit; each tier includes the ones before it)")
    p.add_argument("--specialize-warmup", type=positive_int, default=None, metavar="N",
                   help="executions before an instruction is specialized (default 8)")
    p.add_argument("--stats", action="store_true",
                   help="print specialization statistics to stderr at exit (the run forms no "
                        "blocks, so that every specialized execution is counted)")
    p.add_argument("--stats-json", metavar="FILE", default=None,
                   help="write the statistics as JSON to FILE at exit")
    p.add_argument("--no-blocks", action="store_true",
                   help="tiers specialize and jit: run every instruction through the "
                        "eval loop (no blocks: warm instruction runs generated as host "
                        "functions)")
    p.add_argument("--blocks-log", metavar="FILE", default=None,
                   help="tiers specialize and jit: write each block's generated source "
                        "to FILE ('-': stderr)")
    p.add_argument("--jit-threshold", type=positive_int, default=None, metavar="N",
                   help="loop iterations before a loop is traced (tier jit; default 1000)")
    p.add_argument("--jit-function-threshold", type=int, default=None, metavar="N",
                   help="calls of a function without a loop before it is traced from entry "
                        "to return, its trace compiled if calls of it are native -- a "
                        "recursion (tier jit; default 1000; 0: never)")
    p.add_argument("--trace-limit", type=positive_int, default=None, metavar="N",
                   help="longest trace recorded, in IR ops (default 2000)")
    p.add_argument("--jit-opt", metavar="PASSES", default=None, type=_jit_opt,
                   help="tier jit: the trace optimizer's passes -- '-heap,-licm' switches "
                        "those off, 'constfold,dce' runs only those (default: all of "
                        "pyjit.jit.opt.PIPELINE)")
    p.add_argument("--jit-backend", choices=("llvm", "interp"), default=None,
                   help="run traces as native code (llvm, default) or in Python (interp)")
    p.add_argument("--jit-log", metavar="FILE", default=None,
                   help="write each trace (recorded and optimized), aborts and drops to FILE "
                        "('-': stderr)")
    p.add_argument("--jit-log-llvm", action="store_true",
                   help="with --jit-log: also write each trace's LLVM IR")
    p.add_argument("--jit-log-passes", action="store_true",
                   help="with --jit-log: also write each trace after every optimizer pass")
    p.add_argument("--jit-events", metavar="FILE", default=None,
                   help="write every JIT event to FILE as JSON lines (schema: "
                        "notes/observability.md)")
    p.add_argument("--jit-report", metavar="DIR", default=None,
                   help="write an HTML report of what the JIT did to DIR/index.html "
                        "(counts instructions: runs without blocks, as --stats)")
    p.add_argument("--jit-sync", action="store_true",
                   help="compile traces on the main thread, at once (deterministic; by "
                        "default a compile thread does it while the program runs)")
    p.add_argument("--jit-cache", metavar="DIR", default=None,
                   help="the persistent code cache's directory (default: "
                        "$XDG_CACHE_HOME/pyjit, else ~/.cache/pyjit)")
    p.add_argument("--no-jit-cache", action="store_true",
                   help="neither read nor write the persistent code cache")
    p.add_argument("--jit-tier-up", type=int, default=None, metavar="N",
                   help="iterations of a trace's first, cheaply compiled code before it is "
                        "compiled again, optimized (default 20000; 0: never)")
    p.add_argument("--verify", action="store_true",
                   help="run each compiled trace's iterations beside the recorded trace "
                        "and stop at the first difference (slow: a debugging aid)")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("-c", dest="code", metavar="CODE", help="program passed in as a string")
    g.add_argument("-m", dest="module", metavar="MODULE", help="run a library module as a script")
    g.add_argument("file", nargs="?", metavar="FILE", help="program file")
    p.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the program")
    return p


def _command_parser(command: str) -> argparse.ArgumentParser:
    """``pyjit run``'s parser; ``explain`` and ``report`` add their own options."""
    p = _run_parser()
    if command == "explain":
        p.prog = "pyjit explain"
        p.description = ("Run a program under tier jit and explain what the JIT did: loops "
                         "not compiled and why, hot guard failures, the native share.")
        p.add_argument("--json", action="store_true", help="write JSON instead of text")
        p.add_argument("-o", dest="out", metavar="FILE", default=None,
                       help="write the explanation to FILE (default: stderr)")
    elif command == "report":
        p.prog = "pyjit report"
        p.description = "Run a program under tier jit and write an HTML report of its traces."
        p.add_argument("-o", dest="out", metavar="DIR", default="pyjit-report",
                       help="the report's directory (default: pyjit-report)")
    return p


def cmd_run(argv: list[str], command: str = "run") -> int:
    """``pyjit run``; ``pyjit explain`` and ``pyjit report`` are runs too (with
    their own options, ``--json``/``-o``)."""
    parser = _command_parser(command)
    # Options end at the program: everything after FILE / -c CODE / -m MOD is the program's.
    opts, rest = [], list(argv)
    while rest and rest[0].startswith("-") and rest[0] not in ("-c", "-m", "-"):
        opt = rest.pop(0)
        opts.append(opt)
        if opt in _VALUE_OPTIONS and rest:
            opts.append(rest.pop(0))
    if not rest:
        parser.parse_args(opts)  # --help exits 0; otherwise a usage error
        parser.error("one of FILE, -c CODE, -m MODULE is required")
    if rest[0] in ("-c", "-m"):
        if len(rest) < 2:
            parser.error(f"argument {rest[0]}: expected one argument")
        target, prog_args = rest[:2], rest[2:]
    else:
        target, prog_args = rest[:1], rest[1:]
    ns = parser.parse_args(opts + target)
    if command == "explain":
        ns.explain = (ns.json, ns.out)
    elif command == "report":
        ns.jit_report = ns.out
    if command != "run":
        if ns.tier != "jit":
            parser.error(f"pyjit {command} runs tier jit")
    elif (ns.jit_report or ns.jit_events or ns.verify) and ns.tier != "jit":
        parser.error("--jit-events, --jit-report and --verify need --tier jit")

    import gc
    if gc.isenabled():
        # no collections while pyjit starts (its imports made ~20 of them, ~20 ms of
        # CPU): enabled again before the program runs (runner._install_runtime)
        gc.disable()
        ns.gc_paused = True
    from . import runner  # the VM itself, imported only to run something
    if ns.code is not None:
        return runner.run_command(ns.code, prog_args, options=ns)
    if ns.module is not None:
        return runner.run_module(ns.module, prog_args, options=ns)
    return runner.run_file(ns.file, prog_args, options=ns)


# ---------------------------------------------------------------------------
# pyjit dis (the listing is pyjit.disasm's)

def _dis_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="pyjit dis",
        description="Disassemble a Python 3.11 source file from pyjit's decoded instruction "
                    "arrays (the same text as dis.dis).")
    p.add_argument("file", metavar="FILE", help="Python source file")
    p.add_argument("--show-caches", action="store_true",
                   help="also list the inline CACHE units (as dis.dis(show_caches=True))")
    p.add_argument("--adaptive", action="store_true",
                   help="run the program under tier specialize first, then list the quickened "
                        "instructions (as dis.dis(adaptive=True)); with --show-caches, the "
                        "cache contents")
    p.add_argument("--specialize-warmup", type=positive_int, default=None, metavar="N",
                   help="with --adaptive: executions before an instruction is specialized "
                        "(default 8)")
    return p


def cmd_dis(argv: list[str]) -> int:
    """``pyjit dis [--adaptive [--specialize-warmup N]] [--show-caches] FILE``."""
    import os
    import traceback

    from . import disasm
    ns = _dis_parser().parse_args(argv)
    path = ns.file
    if ns.adaptive:
        path = _absolute(path)
    try:
        with open(path, "rb") as fh:
            source = fh.read()
    except OSError as e:
        sys.stderr.write(f"pyjit: can't open file {os.path.abspath(path)!r}: "
                         f"[Errno {e.errno}] {e.strerror}\n")
        return 2
    try:
        # the path as given, like `python -m dis FILE`, so nested code reprs match it
        # (--adaptive: absolute, as `pyjit run` compiles the program it runs)
        code = compile(source, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as e:
        sys.stderr.write("".join(traceback.format_exception_only(type(e), e)))
        return 1
    if not ns.adaptive:
        disasm.disassemble_recursive(code, sys.stdout, show_caches=ns.show_caches)
        sys.stdout.flush()
        return 0
    out = sys.stdout  # the listing's stream, whatever the program does to sys.stdout
    exit_exc = None
    try:
        status = _run_adaptive(code, ns.file, path, ns.specialize_warmup)
    except SystemExit as e:  # the program's sys.exit(): honoured after the listing
        exit_exc, status = e, None
    try:
        out.flush()
    except (OSError, ValueError):
        pass
    disasm.disassemble_recursive(code, out, show_caches=ns.show_caches, adaptive=True)
    out.flush()
    if exit_exc is not None:
        raise exit_exc
    return status


def _absolute(path):
    # as pyjit run: absolute, not normalized ("/d/./x.py")
    import os
    return path if os.path.isabs(path) else os.path.join(os.getcwd(), path)


def _run_adaptive(code, given: str, abspath: str, warmup) -> int:
    """Run ``code`` (compiled from ``abspath``) as ``pyjit run --tier specialize``
    runs a file: same ``sys.argv``, ``sys.path[0]``, ``__main__`` and handling of
    an uncaught exception.  Returns the exit status (SystemExit propagates)."""
    import importlib.machinery
    import os

    from . import runner
    sys.argv[:] = [given]
    sys.path[0] = os.path.dirname(os.path.realpath(abspath))
    runner._install_runtime(argparse.Namespace(tier="specialize", specialize_warmup=warmup,
                                               stats=False, stats_json=None))
    loader = importlib.machinery.SourceFileLoader("__main__", abspath)
    return runner._run_code_in(code, runner._new_main(abspath, loader))


# ---------------------------------------------------------------------------
# pyjit cache (the store is pyjit.jit.llvm.cache's)

def cmd_cache(argv: list[str]) -> int:
    """``pyjit cache info|clear [--jit-cache DIR]``: the persistent code cache."""
    p = argparse.ArgumentParser(prog="pyjit cache",
                                description="Show or empty the JIT's persistent code cache.")
    p.add_argument("action", choices=("info", "clear"))
    p.add_argument("--jit-cache", metavar="DIR", default=None,
                   help="the cache's directory (default: $XDG_CACHE_HOME/pyjit, else "
                        "~/.cache/pyjit)")
    ns = p.parse_args(argv)
    from .jit.llvm import cache as cache_mod
    cache = cache_mod.open_cache(ns.jit_cache)
    if cache is None:
        sys.stderr.write(f"pyjit cache: cannot use {ns.jit_cache or cache_mod.default_dir()}\n")
        return 1
    if ns.action == "clear":
        n = cache.clear()
        print(f"removed {n} entries from {cache.dir}")
        return 0
    info = cache.info()
    print(f"directory {info['directory']}\nentries {info['entries']}\n"
          f"size {info['bytes']} bytes (at most {info['max_bytes']})")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0 if argv else 2
    if argv[0] in ("-V", "--version"):
        print(f"pyjit {__version__} (Python {sys.version.split()[0]})")
        return 0
    cmd, rest = argv[0], argv[1:]
    if cmd in ("run", "explain", "report"):
        return cmd_run(rest, cmd)
    if cmd == "cache":
        return cmd_cache(rest)
    if cmd == "dis":
        return cmd_dis(rest)
    if cmd == "bench":
        from . import bench
        return bench.main(rest)
    if cmd == "demo":
        from . import demo
        return demo.main(rest)
    sys.stderr.write(f"pyjit: unknown command {cmd!r}\n{USAGE}")
    return 2
