"""``pyjit dis``: a ``dis.dis``-identical listing printed from pyjit's own arrays.

The listing is generated from a :class:`pyjit.decode.Decoded` (``ops``,
``args``, ``nexts``, ``line_at``, ``exc_entries``, ``localsplus_names``) and
the opcode table (:mod:`pyjit.opcodes`); ``dis`` is never called.  For an
unmodified code object the text is byte for byte what ``dis.dis(code)``
prints on CPython 3.11 (``tests/test_dis.py`` checks it), including nested
code objects, line numbers, ``>>`` jump targets, the exception table and,
with ``--show-caches``, the CACHE units.

Because every row is read from the decoded arrays, a rewritten array prints
as rewritten: once tier specialize (issue #4) quickens ``ops[i]`` into a
specialized instruction registered in ``opcodes.BY_CODE``, its name shows,
while its argument is still described by its family's base instruction (as
``dis`` does with ``deoptmap``).  An ``--adaptive`` listing then only needs a
``cache_repr`` callback describing the inline cache units (see
:func:`instructions`).

Two quirks of 3.11's ``dis`` are reproduced on purpose: only ``LOAD_CONST``
shows its constant (``KW_NAMES`` prints the bare index), and jump targets are
printed in bytes (``to 24``) while pyjit keeps them in code units.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
import types
from typing import Callable, Iterator, NamedTuple, Optional, TextIO

from . import opcodes
from .decode import Decoded, decode
from .opcodes import Arg, Jump, OpInfo

# ---------------------------------------------------------------------------
# Table lookups

# specialized name -> its family's base instruction (CPython's dis.deoptmap)
_BASE_OF: dict[str, OpInfo] = {spec: info for info in opcodes.OPS.values()
                               for spec in info.family}
_BASE_OF.update({form.name: opcodes.OPS[form.base] for form in opcodes.SPECIALIZED})

_FORMAT_CONVERSIONS = ("", "str", "repr", "ascii")        # FORMAT_VALUE arg & 3
_MAKE_FUNCTION_FLAGS = ("defaults", "kwdefaults", "annotations", "closure")

_OPNAME_WIDTH = 20
_OPARG_WIDTH = 5


def op_info(op: int) -> Optional[OpInfo]:
    """The table entry for opcode number ``op`` (looked up now, not cached, so
    entries added later by another tier are seen)."""
    return opcodes.ALL_BY_CODE[op]


def base_info(info: Optional[OpInfo]) -> Optional[OpInfo]:
    """The unspecialized instruction whose argument/cache layout ``info`` shares."""
    if info is None:
        return None
    return _BASE_OF.get(info.name, info)


# ---------------------------------------------------------------------------
# Rows

class Row(NamedTuple):
    """One printed line: an instruction or (with show_caches) a CACHE unit."""
    unit: int                   # code-unit index (the printed offset is 2 * unit)
    name: str
    arg: Optional[int]          # the oparg as encoded, None for argument-less ops
    argrepr: str
    starts_line: Optional[int]  # source line, if a new line starts here
    is_target: bool             # a jump or exception-handler target ('>>')

    def format(self, lineno_width: int, offset_width: int) -> str:
        fields = []
        if lineno_width:
            fields.append(f"{self.starts_line:{lineno_width}d}" if self.starts_line is not None
                          else " " * lineno_width)
        fields.append("   ")  # current-instruction marker column ('-->' in dis.distb)
        fields.append(">>" if self.is_target else "  ")
        fields.append(str(2 * self.unit).rjust(offset_width))
        fields.append(self.name.ljust(_OPNAME_WIDTH))
        if self.arg is not None:
            fields.append(str(self.arg).rjust(_OPARG_WIDTH))
            if self.argrepr:
                fields.append(f"({self.argrepr})")
        return " ".join(fields).rstrip()


def line_starts(dec: Decoded) -> dict[int, int]:
    """unit -> line, for each unit where a new source line starts (dis.findlinestarts)."""
    starts = {}
    last = None
    for i in range(len(dec.ops)):
        line = dec.line_at(i)
        if line is not None and line != last:
            starts[i] = last = line
    return starts


def jump_targets(dec: Decoded) -> set[int]:
    """Units that a jump or an exception handler leads to."""
    targets = {e.target for e in dec.exc_entries}
    i, n = 0, len(dec.ops)
    while i < n:
        info = base_info(op_info(dec.ops[i]))
        if info is not None and info.jump is not Jump.NONE:
            targets.add(dec.args[i])  # decode stores the absolute target unit
        i = dec.nexts[i]
    return targets


def encoded_arg(dec: Decoded, i: int, info: OpInfo) -> int:
    """The oparg as it is written in the bytecode (jumps: the distance, not the target)."""
    arg = dec.args[i]
    if info.jump is Jump.FORWARD:
        return arg - dec.nexts[i]
    if info.jump is Jump.BACKWARD:
        return dec.nexts[i] - arg
    return arg


def describe_arg(dec: Decoded, i: int, info: OpInfo) -> str:
    """The text dis shows in parentheses after the oparg of instruction ``i``."""
    code = dec.code
    arg = dec.args[i]
    kind = info.arg
    if kind is Arg.CONST:
        # 3.11's dis resolves only LOAD_CONST's constant (KW_NAMES shows the index)
        return repr(code.co_consts[arg]) if info.code == opcodes.LOAD_CONST else ""
    if kind is Arg.NAME:
        return code.co_names[arg]
    if kind is Arg.GLOBAL:
        name = code.co_names[arg >> 1]
        return "NULL + " + name if arg & 1 else name
    if kind is Arg.LOCAL or kind is Arg.FREE:
        return dec.localsplus_names[arg]
    if kind is Arg.JUMP:
        return f"to {2 * arg}"
    if kind is Arg.COMPARE:
        return opcodes.COMPARE_OPS[arg]
    if kind is Arg.BINOP:
        return opcodes.BINARY_OPS[arg][0]
    if kind is Arg.FORMAT:
        parts = [_FORMAT_CONVERSIONS[arg & 0x3]] if arg & 0x3 else []
        if arg & 0x4:
            parts.append("with format")
        return ", ".join(parts)
    if info.code == opcodes.MAKE_FUNCTION:
        return ", ".join(flag for bit, flag in enumerate(_MAKE_FUNCTION_FLAGS) if arg & (1 << bit))
    return ""


# A cache describer for --adaptive listings: (decoded, instruction unit, cache unit) -> text.
CacheRepr = Callable[[Decoded, int, int], str]


def instructions(dec: Decoded, show_caches: bool = False,
                 cache_repr: Optional[CacheRepr] = None) -> Iterator[Row]:
    """The rows of ``dec``'s listing, in order."""
    starts = line_starts(dec)
    targets = jump_targets(dec)
    i, n = 0, len(dec.ops)
    while i < n:
        op = dec.ops[i]
        info = op_info(op)
        base = base_info(info)
        if base is None:  # not an opcode pyjit knows: shown like dis shows it
            yield Row(i, f"<{op}>", None, "", starts.get(i), i in targets)
        else:
            has_arg = base.code >= opcodes.HAVE_ARGUMENT
            yield Row(i, info.name,
                      encoded_arg(dec, i, base) if has_arg else None,
                      describe_arg(dec, i, base) if has_arg else "",
                      starts.get(i), i in targets)
        nxt = dec.nexts[i]
        if show_caches:
            for j in range(i + 1, nxt):
                text = cache_repr(dec, i, j) if cache_repr is not None else ""
                yield Row(j, opcodes.BY_CODE[opcodes.CACHE].name, 0, text, None, False)
        i = nxt


# ---------------------------------------------------------------------------
# Listings

def disassemble(dec: Decoded, file: TextIO, show_caches: bool = False,
                cache_repr: Optional[CacheRepr] = None) -> None:
    """Print one code object's listing (dis.disassemble)."""
    out = file.write
    starts = line_starts(dec)
    if starts:
        maxline = max(starts.values())
        lineno_width = len(str(maxline)) if maxline >= 1000 else 3
    else:
        lineno_width = 0
    maxoffset = 2 * (len(dec.ops) - 1)
    offset_width = len(str(maxoffset)) if maxoffset >= 10000 else 4
    for row in instructions(dec, show_caches, cache_repr):
        if lineno_width and row.starts_line is not None and row.unit > 0:
            out("\n")
        out(row.format(lineno_width, offset_width) + "\n")
    if dec.exc_entries:
        out("ExceptionTable:\n")
        for e in dec.exc_entries:
            lasti = " lasti" if e.lasti else ""
            out(f"  {2 * e.start} to {2 * (e.end - 1)} -> {2 * e.target} [{e.depth}]{lasti}\n")


def disassemble_recursive(code: types.CodeType, file: TextIO, show_caches: bool = False,
                          cache_repr: Optional[CacheRepr] = None) -> None:
    """``code`` and then every code object among its constants, depth first (dis.dis)."""
    disassemble(decode(code), file, show_caches, cache_repr)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            file.write(f"\nDisassembly of {const!r}:\n")
            disassemble_recursive(const, file, show_caches, cache_repr)


# ---------------------------------------------------------------------------
# Command line

def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="pyjit dis",
        description="Disassemble a Python 3.11 source file from pyjit's decoded instruction "
                    "arrays (the same text as dis.dis).")
    p.add_argument("file", metavar="FILE", help="Python source file")
    p.add_argument("--show-caches", action="store_true",
                   help="also list the inline CACHE units (as dis.dis(show_caches=True))")
    return p


def main(argv: Optional[list[str]] = None) -> int:
    ns = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    path = ns.file
    try:
        with open(path, "rb") as fh:
            source = fh.read()
    except OSError as e:
        sys.stderr.write(f"pyjit: can't open file {os.path.abspath(path)!r}: "
                         f"[Errno {e.errno}] {e.strerror}\n")
        return 2
    try:
        # the path as given, like `python -m dis FILE`, so nested code reprs match it
        code = compile(source, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as e:
        sys.stderr.write("".join(traceback.format_exception_only(type(e), e)))
        return 1
    disassemble_recursive(code, sys.stdout, show_caches=ns.show_caches)
    sys.stdout.flush()
    return 0
