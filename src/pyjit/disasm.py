"""A ``dis.dis``-identical listing printed from pyjit's own arrays (``pyjit dis``,
whose command is :func:`pyjit.cli.cmd_dis`; the JIT's HTML report lists code too).

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

``pyjit dis --adaptive FILE`` (``dis.dis(adaptive=True)``)
---------------------------------------------------------

First runs the program in the VM under tier specialize, in this process and
the way ``pyjit run --tier specialize FILE`` does (its own output goes where it
normally goes; an uncaught exception prints its traceback; ``SystemExit`` is
honoured after the listing), then lists every code object of the file, module
first and nested ones in ``dis`` order, from each one's *quickened* array
(``decode(code).extra``, a :class:`pyjit.specialize.specializer.Quickened`):
adaptive, specialized, quick and superinstruction names as CPython's
``dis(adaptive=True)`` prints them (``BINARY_OP_ADD_INT``,
``LOAD_FAST__LOAD_FAST``, ``RESUME_QUICK``; pyjit's own ``FOR_ITER_RANGE``...),
argument descriptions from the base instruction.  A code object that never
ran has no quickened array and prints exactly as plain ``dis`` prints it.  The
file is compiled under its absolute path (as ``pyjit run`` does), so nested
code reprs and tracebacks name that path.  ``--specialize-warmup N`` sets the
warm-up as for ``pyjit run``.  The exit status is the program's.  Program
output from ``atexit`` handlers comes after the listing.

With ``--show-caches`` the CACHE units of an instruction that tier specialize
quickened (its family's adaptive or specialized form) describe its inline
cache as ``name: value`` entries, CPython's ``CACHE 0 (counter: 53)`` style:

* entry 1 is ``counter: N`` -- for an adaptive form the executions left before
  the next specialization attempt, for a specialized form the misses left
  before it deopts -- followed by ``, backoff: B`` when the backoff exponent
  is not 0;
* then one entry per cache field, named and ordered as the form declares them
  in ``opcodes.SPECIALIZED`` (``SpecForm.cache``), e.g. ``globals_version:
  1234``;
* entries go one per CACHE unit, in order; when a form has more entries than
  units, the last unit holds all remaining ones, joined by ``", "`` (so a
  ``PRECALL_NO_KW_LEN`` shows ``counter: 53, callable: <built-in function
  len>``); units left over print bare, as ``dis`` prints unused ones.

Values (no user ``__repr__`` ever runs, no dead object's memory is read):

* a ``*_reader`` field (a view of a dict's or type's version in memory) shows
  ``now V``, the version it reads at print time, if a dict or type is alive at
  its address, else ``gone`` (so ``globals_version: 7`` next to
  ``globals_version_reader: now 9`` means the guard would miss);
* a ``*_id`` field shows the address in hex, followed by what lives there now
  when it is a class (``type.__repr__``) or a module or its dict
  (``<module 'm'>``, ``<dict of module 'm'>``);
* ``target`` shows a jump target as ``to OFFSET`` in bytes;
* a weak reference shows ``<weakref to X>`` or ``<dead weakref>``;
* classes print as ``type.__repr__``, VM functions as ``<function
  QUALNAME>``, code objects as ``<code object NAME, line N>``, modules as
  ``<module 'NAME'>``; ints, floats, strings, bools and ``None`` as ``repr``
  (strings cut at 40 characters), tuples element by element; builtin callables
  and descriptors as their ``repr`` without addresses; any other object as
  ``<TYPENAME object>``.

Addresses and version numbers differ from run to run; the rest is stable.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.id = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import ctypes
import gc
import re
import sys
import types
import weakref
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
                          cache_repr: Optional[CacheRepr] = None,
                          adaptive: bool = False, _live=None) -> None:
    """``code`` and then every code object among its constants, depth first (dis.dis).

    With ``adaptive``, each code object that tier specialize quickened is listed
    from its quickened array, its caches described by :func:`adaptive_cache_repr`
    (unless ``cache_repr`` is given); the others print as plain ``dis``."""
    dec = decode(code)
    if adaptive:
        if _live is None:
            _live = LiveObjects()  # one scan of live objects per listing
        view = adaptive_view(dec, _live)
        if view is not None:
            disassemble(view, file, show_caches,
                        adaptive_cache_repr if cache_repr is None else cache_repr)
        else:
            disassemble(dec, file, show_caches)
    else:
        disassemble(dec, file, show_caches, cache_repr)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            file.write(f"\nDisassembly of {const!r}:\n")
            disassemble_recursive(const, file, show_caches, cache_repr, adaptive, _live)


# ---------------------------------------------------------------------------
# --adaptive: quickened arrays and their inline caches (format: module docstring)

class AdaptiveView:
    """A :class:`Decoded` seen through its tier-2 state: ``ops`` is the quickened
    array; everything else (args, nexts, lines, exception table) is the
    decoded code's.  ``extra`` is the :class:`Quickened` itself."""

    __slots__ = ("_dec", "ops", "extra", "live")

    def __init__(self, dec: Decoded, quickened, live=None):
        self._dec = dec
        self.ops = quickened.ops
        self.extra = quickened
        self.live = live if live is not None else LiveObjects()

    def __getattr__(self, name):
        return getattr(self._dec, name)


def adaptive_view(dec: Decoded, live=None) -> Optional[AdaptiveView]:
    """``dec`` with its quickened array, or None if tier specialize never ran it."""
    extra = dec.extra
    if extra is None:
        return None
    from .specialize.specializer import Quickened
    if not isinstance(extra, Quickened):
        return None
    return AdaptiveView(dec, extra, live)


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_PLAIN_VALUES = (bool, int, float, complex, type(None), bytes)
_STR_LIMIT = 40
_HOST_CALLABLES = (types.BuiltinFunctionType, types.MethodDescriptorType,
                   types.MemberDescriptorType, types.GetSetDescriptorType,
                   types.WrapperDescriptorType, types.ClassMethodDescriptorType,
                   types.MethodWrapperType)


def cache_value_repr(name: str, value, live: Optional["LiveObjects"] = None) -> str:
    """One cache field's value as an ``--adaptive --show-caches`` listing shows it.
    Never runs a user ``__repr__``, never reads memory of an object that died."""
    live = live if live is not None else LiveObjects()
    if name.endswith("_reader") and isinstance(value, ctypes._SimpleCData):
        return live.reader_repr(value)
    if name.endswith("_id") and type(value) is int:
        return live.id_repr(value)
    if name == "target" and type(value) is int:
        return f"to {2 * value}"
    return _safe_repr(value)


def _safe_repr(value) -> str:
    from .function import Function
    t = type(value)
    if t in _PLAIN_VALUES:
        return repr(value)
    if t is str:
        return repr(value if len(value) <= _STR_LIMIT else value[:_STR_LIMIT]) + \
            ("..." if len(value) > _STR_LIMIT else "")
    if t is tuple:
        inner = ", ".join(_safe_repr(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, type):
        return type.__repr__(value)
    if t is Function:
        return f"<function {value.qualname}>"
    if t is types.CodeType:
        return f"<code object {value.co_name}, line {value.co_firstlineno}>"
    if t is types.ModuleType:
        return f"<module {value.__name__!r}>"
    if t is weakref.ReferenceType:
        target = value()
        return "<dead weakref>" if target is None else f"<weakref to {_safe_repr(target)}>"
    if t in _HOST_CALLABLES:
        return _ADDRESS.sub("", repr(value))
    return f"<{t.__name__} object>"


class LiveObjects:
    """What a listing may say about the objects that caches name by id or read
    through version readers: built lazily, once per listing.

    A version reader is a view of raw memory at an object's address; it is read
    only when a dict or type is alive at that address now (a dict among the
    garbage collector's objects or the modules' namespaces, a type among
    ``object``'s subclasses), else shown as ``gone``."""

    def __init__(self):
        self._types = None      # id -> live type
        self._dicts = None      # id -> description, for modules and their dicts
        self._gc_dicts = None   # ids of the dicts the garbage collector tracks

    def _scan(self):
        if self._types is not None:
            return
        found = {}
        todo = [object]
        while todo:
            t = todo.pop()
            if id(t) in found:
                continue
            found[id(t)] = t
            try:
                todo.extend(type.__subclasses__(t))
            except TypeError:
                pass
        self._types = found
        dicts = {}
        for m in list(sys.modules.values()):
            d = getattr(m, "__dict__", None) if type(m) is types.ModuleType else None
            if type(d) is dict:
                name = d.get("__name__")
                name = name if type(name) is str else "?"
                dicts[id(d)] = f"<dict of module {name!r}>"
                dicts[id(m)] = f"<module {name!r}>"
        self._dicts = dicts
        self._gc_dicts = {id(o) for o in gc.get_objects() if type(o) is dict}

    def id_repr(self, ident: int) -> str:
        self._scan()
        t = self._types.get(ident)
        what = type.__repr__(t) if t is not None else self._dicts.get(ident)
        return f"{ident:#x}" + (f" {what}" if what else "")

    def reader_repr(self, reader) -> str:
        from .specialize import versions
        self._scan()
        address = ctypes.addressof(reader)
        if type(reader) is ctypes.c_uint32:
            alive = (address - versions._TYPE_VERSION_OFFSET) in self._types
        else:
            obj = address - versions._DICT_VERSION_OFFSET
            alive = obj in self._gc_dicts or obj in self._dicts
        return f"now {reader.value}" if alive else "gone"


def cache_entries(quickened, i: int, live: Optional[LiveObjects] = None) -> list[str]:
    """The ``name: value`` entries describing instruction ``i``'s tier-2 state
    (empty unless it is a family's adaptive or specialized form)."""
    op = quickened.ops[i]
    form = _forms_by_code().get(op)
    if form is None or opcodes.OPS[form.base].cache == 0:
        return []
    counter = f"counter: {quickened.counters[i]}"
    backoff = quickened.backoff[i]
    if backoff:
        counter += f", backoff: {backoff}"
    entries = [counter]
    cache = quickened.caches[i]
    names = form.cache
    if cache is None or not names:  # (an adaptive form's stale cache is not its own)
        return entries
    for k, value in enumerate(cache):
        name = names[k] if k < len(names) else f"field{k}"  # layout drift: still shown
        entries.append(f"{name}: {cache_value_repr(name, value, live)}")
    return entries


_forms_memo: list = [None, None]  # [the SPECIALIZED list it was built from (and its length), map]


def _forms_by_code() -> dict:
    """opcode -> SpecForm, from the table as it is now (forms may be declared later)."""
    key = (id(opcodes.SPECIALIZED), len(opcodes.SPECIALIZED))
    if _forms_memo[0] != key:
        _forms_memo[0] = key
        _forms_memo[1] = {form.code: form for form in opcodes.SPECIALIZED}
    return _forms_memo[1]


def adaptive_cache_repr(view, i: int, unit: int) -> str:
    """The text of CACHE unit ``unit`` of instruction ``i`` (a :data:`CacheRepr`)."""
    entries = cache_entries(view.extra, i, getattr(view, "live", None))
    k = unit - i - 1                      # 0 for the first CACHE unit
    last = view.nexts[i] - i - 2          # index of the last CACHE unit
    if k < last:
        return entries[k] if k < len(entries) else ""
    return ", ".join(entries[k:])
