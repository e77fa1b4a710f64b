"""What native code knows of CPython 3.11 (64-bit), and how values are spelled in LLVM IR.

* object layouts: field offsets the emitted code loads and stores.  The ones
  that are not documented API (range iterators) are checked against a live
  object at import;
* the C-API functions (and LLVM intrinsics) native code calls, each with its
  LLVM signature: the emitter declares what it calls from this table, and the
  engine resolves every name in it at start-up;
* trace constants and value kinds as LLVM IR text.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

import ctypes
import struct
import sys
import types
import weakref

from pyjit.function import Function
from pyjit.typelookup import type_flags

from pyjit import opcodes as O

from .. import ir
from . import CompileError

# ---------------------------------------------------------------------------
# CPython 3.11 layout (64-bit)

assert sys.version_info[:2] == (3, 11) and ctypes.sizeof(ctypes.c_void_p) == 8, \
    "backend_llvm knows CPython 3.11's 64-bit object layout only"

OB_REFCNT = 0
OB_TYPE = 8
OB_SIZE = 16            # PyVarObject.ob_size (list/tuple length, int sign*ndigits)
LIST_ITEMS = 24         # PyListObject.ob_item (a pointer: it moves when the list grows)
LIST_ALLOCATED = 32     # PyListObject.allocated (the items ob_item has room for)

# What a function trace's code returns to a native call site at the function's
# return (emitter._return_direct): the result is in buf[0] (no object is at 3;
# the emitter's JUMPED, REENTERED and SLOT_EMPTY are 1, 2 and 4).  A native call site passes
# DIRECT as the code's ``self`` (Python's calls pass NULL); every bridge is
# passed its loop's.
RETURNED = 3
DIRECT = 1
TUPLE_ITEMS = 24        # PyTupleObject.ob_item[] (inline)
CELL_REF = 16           # PyCellObject.ob_ref (NULL: empty)
CFUNC_ML = 16           # PyCFunctionObject.m_ml: the PyMethodDef of a builtin function/method
LONG_DIGITS = 24        # PyLongObject.ob_digit[] (uint32, 30 bits used)
FLOAT_VALUE = 16        # PyFloatObject.ob_fval
DICT_VERSION = 24       # PyDictObject.ma_version_tag (uint64)
TYPE_VERSION = 384      # PyTypeObject.tp_version_tag (uint32)
SEQITER_INDEX = 16      # listiterobject / tupleiterobject .it_index
SEQITER_SEQ = 24        # .it_seq (NULL once exhausted)
RANGEITER_FIELDS = (16, 24, 32, 40)   # rangeiterobject: index, start, step, len (C longs)
VECTORCALL_ARGUMENTS_OFFSET = 1 << 63  # callee may use args[-1] as scratch


def _rangeiter_layout_ok() -> bool:
    """Does a live range iterator have the {index, start, step, len} layout of
    3.11's rangeobject.c?  (3.12 dropped ``index``.)  If not, rangeiter_next
    goes through the generic ``PyIter_Next``."""
    it = iter(range(5, 100, 7))
    next(it)
    next(it)
    fields = [ctypes.c_long.from_address(id(it) + off).value for off in RANGEITER_FIELDS]
    return fields == [2, 5, 7, 14] and type(it).__basicsize__ == 48


RANGEITER_INLINE = _rangeiter_layout_ok()


def _eval_breaker_address() -> int:
    """The address of ``interp->ceval.eval_breaker``, the flag CPython's eval
    loop tests at every back-edge: set when a signal arrived, a thread waits for
    the GIL, a call is pending or an asynchronous exception was set for a
    thread.  Compiled loops test it too, and leave for the interpreter (whose
    host eval loop then does what CPython does) when it is set.

    Not API: 3.11's ``struct _ceval_state`` (pycore_interp.h) is
    ``{int recursion_limit; _Py_atomic_int eval_breaker; ...}`` inside the
    interpreter state, so the field after the one ``Py_SetRecursionLimit``
    writes is found by moving the limit and watching the interpreter state.
    0 when the probe fails (compiled loops then do not test it)."""
    api = ctypes.pythonapi
    get_interp = api.PyInterpreterState_Get
    get_interp.restype = ctypes.c_void_p
    base = get_interp()
    api.Py_GetRecursionLimit.restype = ctypes.c_int
    api.Py_SetRecursionLimit.argtypes = [ctypes.c_int]
    old = api.Py_GetRecursionLimit()

    def ints():
        return [ctypes.c_int32.from_address(base + off).value for off in range(0, 1024, 4)]
    found = []
    try:
        for probe in (old + 7919, old + 104729):
            api.Py_SetRecursionLimit(probe)
            found.append({k for k, v in enumerate(ints()) if v == probe})
    finally:
        api.Py_SetRecursionLimit(old)
    hits = found[0] & found[1] & {k for k, v in enumerate(ints()) if v == old}
    if len(hits) != 1:
        return 0
    return base + 4 * hits.pop() + 4


EVAL_BREAKER = _eval_breaker_address()


def _tstate_current_address() -> int:
    """The address of ``_PyRuntime.gilstate.tstate_current``, the word 3.11's
    ``PyThreadState_Get`` returns (native call sites compare it with the
    thread owning the native counters: a load instead of a call).  Not API:
    read off ``PyThreadState_Get``'s own x86-64 code -- ``mov rax, [rip+GOT]``
    (``&_PyRuntime``) then ``mov rax, [rax+off]`` -- and checked against the
    function's result; 0 when that is not the code found (native call sites
    then call it)."""
    api = ctypes.pythonapi
    start = ctypes.cast(api.PyThreadState_Get, ctypes.c_void_p).value
    code = ctypes.string_at(start, 14)
    if code[:3] != b"\x48\x8b\x05" or code[7:10] != b"\x48\x8b\x80":
        return 0
    runtime = ctypes.c_void_p.from_address(
        start + 7 + int.from_bytes(code[3:7], "little", signed=True)).value
    try:
        if runtime != ctypes.addressof(ctypes.c_char.in_dll(api, "_PyRuntime")):
            return 0
    except ValueError:
        return 0
    at = runtime + int.from_bytes(code[10:14], "little", signed=True)
    get = ctypes.PYFUNCTYPE(ctypes.c_void_p)(("PyThreadState_Get", api))
    return at if ctypes.c_void_p.from_address(at).value == get() else 0


TSTATE_CURRENT = _tstate_current_address()


# -- type objects and instances of program classes (the recorder reads these
#    too, at record time, to choose an attribute's fast path)
TP_FLAGS = 168          # PyTypeObject.tp_flags (unsigned long)
TP_ITERNEXT = 224       # PyTypeObject.tp_iternext (an iterator's type: not NULL, and not
#                         _PyObject_NextNotImplemented, which a class without __next__ gets)
TP_ALLOC = 304          # PyTypeObject.tp_alloc
TP_NEW = 312            # PyTypeObject.tp_new
HT_NAME = 848           # PyHeapTypeObject.ht_name (checked below)
HT_QUALNAME = 864       # PyHeapTypeObject.ht_qualname (checked below)
HT_CACHED_KEYS = 872    # PyHeapTypeObject.ht_cached_keys: the shared keys of its instances
TPFLAGS_MANAGED_DICT = 1 << 4
TPFLAGS_HEAPTYPE = 1 << 9
MANAGED_VALUES = -32    # an instance of a MANAGED_DICT type: its inline values (or NULL)
MANAGED_DICT = -24      # ... and its materialized __dict__ (or NULL)
DK_NENTRIES = 24        # PyDictKeysObject.dk_nentries
DK_LOG2_INDEX_BYTES = 9
DK_INDICES = 32         # where dk_indices starts (the entries follow them)
MEMBER_DESCR_MEMBER = 40   # PyMemberDescrObject.d_member (a PyMemberDef *)
MEMBER_DEF_OFFSET = 16     # PyMemberDef.offset

_P = ctypes.c_void_p


def _next_not_implemented() -> int:
    """The tp_iternext of a class without ``__next__`` (CPython's
    ``_PyObject_NextNotImplemented``): PyIter_Check's "not an iterator"."""
    class NotIterator:
        pass
    return _P.from_address(id(NotIterator) + TP_ITERNEXT).value or 0


NEXT_NOT_IMPLEMENTED = _next_not_implemented()


def shared_keys_index(cls: type, name: str) -> int | None:
    """The index of ``name`` in the shared keys of ``cls``'s instances (CPython
    3.11's ``_PyDictKeys_StringLookup`` on ``ht_cached_keys``), i.e. where its
    value is in an instance's inline values; None if absent.  Keys are only
    ever appended to, so an index found stays valid while ``cls`` lives."""
    if not (type_flags(cls) & TPFLAGS_MANAGED_DICT) or not VALUES_LAYOUT_OK:
        return None
    keys = _P.from_address(id(cls) + HT_CACHED_KEYS).value
    if not keys:
        return None
    for i, key in enumerate(_shared_keys(keys)):
        if key == name:
            return i
    return None


def shared_keys_count(cls: type) -> int:
    """How many names the shared keys of ``cls``'s instances hold (dk_nentries)."""
    keys = _P.from_address(id(cls) + HT_CACHED_KEYS).value
    return ctypes.c_ssize_t.from_address(keys + DK_NENTRIES).value if keys else -1


def _shared_keys(keys: int) -> list:
    n = ctypes.c_ssize_t.from_address(keys + DK_NENTRIES).value
    entries = keys + DK_INDICES + (1 << ctypes.c_uint8.from_address(
        keys + DK_LOG2_INDEX_BYTES).value)
    out = []
    for i in range(n):
        k = _P.from_address(entries + 16 * i).value   # PyDictUnicodeEntry {me_key, me_value}
        out.append(ctypes.cast(k, ctypes.py_object).value if k else None)
    return out


MEMBER_DEF_TYPE = 8        # PyMemberDef.type
T_OBJECT_EX = 16           # a member holding an object; NULL: AttributeError (__slots__)


def member_offset(descr) -> int:
    """Where a member descriptor (a ``__slots__`` entry) keeps its value in an instance."""
    member = _P.from_address(id(descr) + MEMBER_DESCR_MEMBER).value
    return ctypes.c_ssize_t.from_address(member + MEMBER_DEF_OFFSET).value


def member_is_object(descr) -> bool:
    """Is the member an object slot that may be empty (T_OBJECT_EX, what
    ``__slots__`` makes), rather than a C field converted on access?"""
    member = _P.from_address(id(descr) + MEMBER_DESCR_MEMBER).value
    return ctypes.c_int.from_address(member + MEMBER_DEF_TYPE).value == T_OBJECT_EX


def has_inline_value(o, index: int) -> bool:
    """Does ``o`` (of a MANAGED_DICT type) hold its attribute number ``index`` in
    its inline values (its ``__dict__`` not materialized)?"""
    values = _P.from_address(id(o) + MANAGED_VALUES).value
    return bool(values) and bool(_P.from_address(values + 8 * index).value)


_KEYS: dict = {}    # class -> (its shared keys, their count, {name: index})
# the process's memory as bytes, for struct reads (one C call for two words;
# ctypes' from_address costs twice that per word); only valid addresses are read
_MEM = memoryview((ctypes.c_char * (1 << 47)).from_address(0)).cast("B")
_PP = struct.Struct("PP").unpack_from
_N = struct.Struct("n").unpack_from


def in_inline_values(o, name: str):
    """``name in o.__dict__`` for an instance of a MANAGED_DICT class, read from
    its inline values -- without materializing its ``__dict__``, which reading
    ``o.__dict__`` does (the object then has a dict and no inline values, and
    the trace's attribute fast paths no longer apply to it).  None when it has
    no inline values (no managed dict, or materialized): ask ``__dict__``.
    Cheap enough for the specializer's checks under tier jit (~10x the dict
    lookup, ~1 us): the names of a class's shared keys are read again only
    when the keys grew (they are only appended to); the class is held weakly
    (an entry whose class died is replaced when its id is reused)."""
    t = type(o)
    if not (VALUES_LAYOUT_OK and type_flags(t) & TPFLAGS_MANAGED_DICT):
        return None
    values, d = _PP(_MEM, id(o) + MANAGED_VALUES)
    if d or not values:
        return None
    known = _KEYS.get(id(t))
    if known is None or known[3]() is not t or _N(_MEM, known[0] + DK_NENTRIES)[0] != known[1]:
        keys = _P.from_address(id(t) + HT_CACHED_KEYS).value
        if not keys:
            return None
        names = {k: i for i, k in enumerate(_shared_keys(keys)) if k is not None}
        known = _KEYS[id(t)] = (keys, ctypes.c_ssize_t.from_address(keys + DK_NENTRIES).value,
                                names, weakref.ref(t))
    i = known[2].get(name)
    return i is not None and _PP(_MEM, values + 8 * i)[0] != 0


def dict_materialized(o) -> bool:
    return bool(_P.from_address(id(o) + MANAGED_DICT).value)


def _objects_layout_ok() -> bool:
    """Do the heap-type, shared-keys, inline-values and member layouts above
    hold for a live class and instances?  (Checked once: the recorder falls
    back to generic attribute ops if not.)"""
    class Probe:
        def __init__(self):
            self.a = 1.5
            self.b = "b"

    class Slotted:
        __slots__ = ("x", "y")

    if _P.from_address(id(Probe) + HT_NAME).value != id(Probe.__name__) or \
            _P.from_address(id(Probe) + HT_QUALNAME).value != id(Probe.__qualname__) or \
            not Probe.__flags__ & TPFLAGS_MANAGED_DICT:
        return False
    o = Probe()
    keys = _P.from_address(id(Probe) + HT_CACHED_KEYS).value
    if not keys or _shared_keys(keys)[:2] != ["a", "b"]:
        return False
    values = _P.from_address(id(o) + MANAGED_VALUES).value
    if not values or _P.from_address(values).value != id(o.a) or \
            _P.from_address(values + 8).value != id(o.b) or \
            _P.from_address(id(o) + MANAGED_DICT).value:
        return False
    d = o.__dict__   # materialized: the values move into it
    if _P.from_address(id(o) + MANAGED_DICT).value != id(d) or \
            _P.from_address(id(o) + MANAGED_VALUES).value:
        return False
    s = Slotted()
    s.y = value = object()
    if _P.from_address(id(s) + member_offset(Slotted.__dict__["y"])).value != id(value):
        return False
    return _P.from_address(id(object) + TP_NEW).value != 0


VALUES_LAYOUT_OK = _objects_layout_ok()


# pyjit's Function: its slots (``__slots__`` members) -> offsets (MAKE_FUNCTION
# fills them, the recorder reads a function's code, defaults, closure...)
FUNCTION_MEMBERS = {name: member_offset(d) for name, d in vars(Function).items()
                    if type(d) is types.MemberDescriptorType}

# ---------------------------------------------------------------------------
# the C-API the native code calls: name -> LLVM signature (return, params)

CAPI = {
    "_Py_Dealloc": ("void", "ptr"),
    "Py_IncRef": ("void", "ptr"),          # NULL-safe: used on the cold exit paths
    "Py_DecRef": ("void", "ptr"),
    "PyLong_FromLongLong": ("ptr", "i64"),
    "PyLong_AsLongLong": ("i64", "ptr"),
    "PyFloat_FromDouble": ("ptr", "double"),
    "PyObject_RichCompare": ("ptr", "ptr, ptr, i32"),
    "PyNumber_Negative": ("ptr", "ptr"),
    "PyNumber_Positive": ("ptr", "ptr"),
    "PyNumber_Invert": ("ptr", "ptr"),
    "PyObject_Not": ("i32", "ptr"),
    "PyObject_IsTrue": ("i32", "ptr"),
    "PySequence_Contains": ("i32", "ptr, ptr"),
    "PyObject_GetAttr": ("ptr", "ptr, ptr"),
    "PyObject_SetAttr": ("i32", "ptr, ptr, ptr"),
    "PyObject_GetItem": ("ptr", "ptr, ptr"),
    "PyObject_SetItem": ("i32", "ptr, ptr, ptr"),
    "PyObject_DelItem": ("i32", "ptr, ptr"),
    "PyIter_Check": ("i32", "ptr"),
    "PyIter_Next": ("ptr", "ptr"),
    "PyErr_Occurred": ("ptr", ""),
    "PyObject_GetIter": ("ptr", "ptr"),
    "PyObject_Vectorcall": ("ptr", "ptr, ptr, i64, ptr"),
    "PyObject_CallNoArgs": ("ptr", "ptr"),
    "PyTuple_New": ("ptr", "i64"),
    "PyList_New": ("ptr", "i64"),
    "PyMethod_New": ("ptr", "ptr, ptr"),
    "PyCell_New": ("ptr", "ptr"),
    "PyDict_GetItemWithError": ("ptr", "ptr, ptr"),
    "PyDict_New": ("ptr", ""),
    "_PyType_Lookup": ("ptr", "ptr, ptr"),
    "_PyObject_LookupSpecial": ("ptr", "ptr, ptr"),
    "PySet_New": ("ptr", "ptr"),
    "PySet_Add": ("i32", "ptr, ptr"),
    "_PySet_Update": ("i32", "ptr, ptr"),
    "PyDict_Update": ("i32", "ptr, ptr"),
    "_PyUnicode_JoinArray": ("ptr", "ptr, ptr, i64"),
    "PyObject_Format": ("ptr", "ptr, ptr"),
    "PyObject_Str": ("ptr", "ptr"),
    "PyObject_Repr": ("ptr", "ptr"),
    "PyObject_ASCII": ("ptr", "ptr"),
    "_PyList_Extend": ("ptr", "ptr, ptr"),
    "PyList_AsTuple": ("ptr", "ptr"),
    "PySequence_List": ("ptr", "ptr"),
    "PyObject_Size": ("i64", "ptr"),
    "PyList_GetSlice": ("ptr", "ptr, i64, i64"),
    "PySlice_New": ("ptr", "ptr, ptr, ptr"),
    "PyTuple_GetSlice": ("ptr", "ptr, i64, i64"),
    "PyDict_SetItem": ("i32", "ptr, ptr, ptr"),
    "PyList_Append": ("i32", "ptr, ptr"),   # (the exit runtime's: buf grows)
    "pow": ("double", "double, double"),    # libm's, as CPython's float ** (ops.emit_float_pow)
    # native calls (llvm/native.py)
    "PyThreadState_Get": ("ptr", ""),
    "PyErr_Fetch": ("void", "ptr, ptr, ptr"),
    "PyErr_NormalizeException": ("void", "ptr, ptr, ptr"),
    "PyException_SetTraceback": ("i32", "ptr, ptr"),
}

# BINARY_OP's oparg -> its PyNumber_* function (opcodes.BINARY_OP_TABLE)
BINOP_FUNCS = tuple(b.capi for b in O.BINARY_OP_TABLE)
for _f in BINOP_FUNCS:     # (the power functions take a third operand, the modulus)
    CAPI[_f] = ("ptr", "ptr, ptr, ptr") if _f.endswith("Power") else ("ptr", "ptr, ptr")
_missing = [u.capi for u in ir.UNARY_OPS if u.capi not in CAPI]
assert not _missing, f"call_unary's C functions {_missing} have no signature here"

INTRINSICS = {
    "llvm.sadd.with.overflow.i64": ("{i64, i1}", "i64, i64"),
    "llvm.ssub.with.overflow.i64": ("{i64, i1}", "i64, i64"),
    "llvm.smul.with.overflow.i64": ("{i64, i1}", "i64, i64"),
}

# ---------------------------------------------------------------------------
# LLVM IR text of value kinds and trace constants

LLTYPE = {ir.R: "ptr", ir.I: "i64", ir.F: "double", ir.B: "i1"}
I64_MIN = -(1 << 63)


def double(v: float) -> str:
    """A double constant as LLVM writes it exactly: the bits in hex."""
    return "0x%016X" % struct.unpack("<Q", struct.pack("<d", v))[0]


def i64(v: int) -> str:
    if not -(1 << 63) <= v < (1 << 64):
        raise CompileError(f"integer constant {v} does not fit in 64 bits")
    return str(v - (1 << 64) if v >= (1 << 63) else v)


def addr(obj) -> str:
    """The address of object ``obj`` as an LLVM ptr constant: relocated while a
    module is written under :func:`relocating` (see :class:`Relocations`)."""
    return raw_addr(id(obj))


def raw_addr(address: int) -> str:
    """A process-specific address (of an object, a flag, a counter) as a ptr constant."""
    r = _relocating
    if r is not None and address:
        return r.symbol(address)
    return f"inttoptr (i64 {address} to ptr)"


def process_int(value: int) -> str:
    """A process-specific i64 (a dict or type version, a PyMethodDef's address)."""
    r = _relocating
    if r is not None and value:
        return r.int_symbol(value & 0xFFFFFFFFFFFFFFFF)
    return i64(value)


def fresh_int(value: int) -> str:
    """A process- or run-specific i64 as its own relocation (Relocations.fresh_int)."""
    r = _relocating
    return i64(value) if r is None else r.fresh_int(value)


def function(fname: str) -> str:
    """The callee operand of a call of C function ``fname`` (see Relocations.function)."""
    r = _relocating
    return f"@{fname}" if r is None else r.function(fname)


# ---------------------------------------------------------------------------
# relocations: what makes compiled code valid in another process
#
# Object addresses, the eval breaker's address, the alive flags and counters
# of a compiled loop, dict and type versions: none of them is the same in the
# next run of the program.  While a module is written they become external
# symbols, ``@pyjit_r0``, ``@pyjit_r1``..., one per distinct value, and the
# engine sets each symbol to its value right before it links the object code
# (the linker writes them into the code: absolute relocations, as fast as the
# constants were).  So the module's text -- everything in it that is not a
# relocation -- decides the code, and is the persistent cache's key; a value
# written as a literal by code that does not relocate it is in the key, which
# makes the entry miss in another process, never wrong.
#
# The symbols are globals of an opaque type: of unknown size (LLVM must not
# conclude that an access past a known size is to another object) and
# alignment.  Distinct symbols have distinct values (one per value), and 0 is
# never one (LLVM assumes a global is not at address 0).

RELOC_PREFIX = "pyjit_r"
RELOC_TYPE = "%pyjit.obj = type opaque"


class Relocations:
    """The process-specific values of one module, in the order first used.

    With ``cells`` (the modules of traces and bridges), each symbol is a
    *cell* -- an 8-byte word holding the value (``engine.link`` makes them) --
    and each function loads the cells it uses once, in its entry block
    (:meth:`entry_loads`), into ``%pyjit_rK`` (as a pointer) or ``%pyjit_iK``
    (as an i64); C functions are called through cells too
    (``@pyjit.c.NAME``, holding the function's address: :meth:`function`).
    Why: the JIT's code model is the large one (code and data may be anywhere
    in the address space), where LLVM's fast instruction selector cannot use
    a global's address as a value, nor call a function by name, and selects
    each block that does with the ~10x slower SelectionDAG -- most of a
    trace's blocks did (calls of _Py_Dealloc, compares with a constant
    object).  Through cells, code generation of the benchmarks' traces took
    2.5x less time (notes/jit.md)."""

    def __init__(self, cells: bool = False):
        self.values: list[int] = []
        self._index: dict[int, int] = {}
        self.cells = cells
        self._loads: dict[str, str] = {}     # SSA name -> its load (entry block)

    def _k(self, value: int) -> int:
        k = self._index.get(value)
        if k is None:
            k = self._index[value] = len(self.values)
            self.values.append(value)
        return k

    def symbol(self, value: int) -> str:
        k = self._k(value)
        if not self.cells:
            return f"@{RELOC_PREFIX}{k}"
        return self._load(f"{RELOC_PREFIX}{k}", "ptr", f"{RELOC_PREFIX}{k}")

    def int_symbol(self, value: int) -> str:
        """``value`` as an i64 operand."""
        if not self.cells:
            return f"ptrtoint (ptr {self.symbol(value)} to i64)"
        k = self._k(value)
        return self._load(f"pyjit_i{k}", "i64", f"{RELOC_PREFIX}{k}")

    def fresh_int(self, value: int) -> str:
        """``value`` as an i64 operand, a relocation of its own (never shared
        with an equal value: the text must not depend on the value)."""
        k = len(self.values)
        self.values.append(value)
        if not self.cells:
            return f"ptrtoint (ptr @{RELOC_PREFIX}{k} to i64)"
        return self._load(f"pyjit_i{k}", "i64", f"{RELOC_PREFIX}{k}")

    def function(self, fname: str) -> str:
        """The callee operand of C function ``fname`` (a CAPI entry, or the
        exit runtime's ``pyjit_exit`` / ``pyjit_slot``)."""
        if not self.cells:
            return f"@{fname}"
        return self._load(f"{FUNCTION_CELL}{fname}", "ptr", f"{FUNCTION_CELL}{fname}")

    def _load(self, name: str, ty: str, cell: str) -> str:
        """``%name``: cell ``@cell`` read as ``ty`` once, in the entry block."""
        ssa = f"%{name}"
        if ssa not in self._loads:
            self._loads[ssa] = f"  {ssa} = load {ty}, ptr @{cell}"
        return ssa

    def entry_loads(self) -> list[str]:
        return list(self._loads.values())

    def declarations(self) -> list[str]:
        if self.cells:
            # (constant: a cell never changes once its code is linked)
            return [f"@{RELOC_PREFIX}{k} = external constant ptr"
                    for k in range(len(self.values))] + \
                sorted(f"@{n[1:]} = external constant ptr" for n in self._loads
                       if n.startswith(f"%{FUNCTION_CELL}"))
        if not self.values:
            return []
        return [RELOC_TYPE] + [f"@{RELOC_PREFIX}{k} = external global %pyjit.obj"
                               for k in range(len(self.values))]


FUNCTION_CELL = "pyjit.c."    # @pyjit.c.NAME: a cell holding C function NAME's address


_relocating: Relocations | None = None


class relocating:
    """``with relocating(r):`` -- object addresses and process-specific values
    written meanwhile (by :func:`addr`, :func:`raw_addr`, :func:`process_int`)
    are relocations of ``r``.  (Modules are written on the main thread, one at a
    time.)"""

    def __init__(self, r: Relocations):
        self.r = r

    def __enter__(self):
        global _relocating
        self.saved, _relocating = _relocating, self.r
        return self.r

    def __exit__(self, *exc):
        global _relocating
        _relocating = self.saved


# CPython's small ints (-5..256) are one static array: the int ``v``'s object is at
# ``id(0) + v * SMALL_INT_STRIDE`` (checked here; None: box_int always calls)
SMALL_INT_STRIDE = id(1) - id(0)
if not all(id(int(str(v))) == id(0) + v * SMALL_INT_STRIDE for v in range(-5, 257)):
    SMALL_INT_STRIDE = None
LIKELY = "!prof !0"     # the branch's true edge is the hot one (exits are cold)
UNLIKELY = "!prof !1"   # ... its false edge is
METADATA = '!0 = !{!"branch_weights", i32 2000, i32 1}\n!1 = !{!"branch_weights", i32 1, i32 2000}\n'


MAP_ITERS = 16          # mapobject.iters (a tuple of iterators)
MAP_FUNC = 24           # mapobject.func
FILTER_FUNC = 16        # filterobject.func
FILTER_IT = 24          # filterobject.it


def _lazy_layout_ok() -> bool:
    """Do live ``map`` and ``filter`` objects have the fields above (bltinmodule.c
    of 3.11)?  If not, the recorder does not see through them."""
    def f(x):
        return x
    it = iter(())
    m, flt = map(f, it), filter(f, it)
    word = ctypes.c_void_p.from_address
    iters = word(id(m) + MAP_ITERS).value
    return word(id(m) + MAP_FUNC).value == id(f) and iters is not None and \
        ctypes.cast(iters, ctypes.py_object).value == (it,) and \
        word(id(flt) + FILTER_FUNC).value == id(f) and word(id(flt) + FILTER_IT).value == id(it)


LAZY_INLINE = _lazy_layout_ok()
