"""The LLVM backend's engine: LLVM IR text in, linked machine code out (llvmlite).

One MCJIT engine for every trace, made by the first job (llvmlite is imported
by the first compile: ``pyjit run`` must not pay for it): the C-API symbols of
:data:`.layout.CAPI` are resolved once and the exit runtime (``pyjit_exit``,
which every trace's exits call) is built once.  A module goes through two
steps, each of which can run on the compile thread (:mod:`.jobs`):

* :meth:`_JIT.build`: parse, verify, check that every function it declares
  exists, optimize with a :data:`PIPELINES` entry, generate an object file
  (ELF bytes: what the persistent cache stores);
* :meth:`_JIT.link`: set the module's relocation symbols (``@pyjit_rK``, see
  :class:`.layout.Relocations`) to this process's values, add the object to the
  engine and finalize it; the function's address comes back.

Nothing here runs program code or touches a program's object: jobs carry text,
bytes and integers only.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

import ctypes
import os
import sys
import threading
from typing import NamedTuple

import pyjit
from pyjit.null import NULL

from . import CompileError
from . import elf
from .cache import sha256
from .emitter import SLOT_EMPTY
from .layout import CAPI, FUNCTION_CELL, RELOC_PREFIX, Relocations


def _import_llvmlite():
    """``llvmlite.binding``, its modules' functions looking names up in a
    snapshot of the builtins, as pyjit's own do: the compile thread runs them
    while the program may patch ``builtins.len`` (a program that imported
    llvmlite itself keeps its modules as they are).  Imported here, on the main
    thread, by the first compile: never while the program iterates over
    ``sys.modules`` on another thread's account."""
    if "llvmlite" in sys.modules:
        import llvmlite.binding as llvm
        return llvm
    snapshot = dict(getattr(pyjit, "BUILTINS", None) or vars(__import__("builtins")))

    class Loader:
        def __init__(self, loader):
            self.loader = loader

        def create_module(self, spec):
            return self.loader.create_module(spec)

        def exec_module(self, module):
            module.__dict__["__builtins__"] = snapshot   # (before any function is made)
            self.loader.exec_module(module)

        def __getattr__(self, name):     # (resources: llvmlite finds its library so)
            return getattr(self.loader, name)

    class Finder:
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name != "llvmlite" and not name.startswith("llvmlite."):
                return None
            from importlib.machinery import PathFinder
            spec = PathFinder.find_spec(name, path)
            if spec is not None and spec.loader is not None:
                spec.loader = Loader(spec.loader)
            return spec

    sys.meta_path.insert(0, Finder)
    try:
        import llvmlite.binding as llvm
    finally:
        sys.meta_path.remove(Finder)
    _resolve_c_functions(llvm)
    return llvm


def _resolve_c_functions(llvm) -> None:
    """Look up, now, every C function llvmlite's modules name: llvmlite finds
    those it declares no argument types for at their first call, through
    ctypes' ``CDLL.__getitem__`` -- stdlib Python code that calls the
    program's ``isinstance`` from the compile thread (LLVMPY_DisposeString,
    seen by spec_blocks_patched_builtins)."""
    import re
    # (bytes, and no word boundary before the name: 1 ms instead of 4-6 ms of the
    # main thread in the first compile; a name found inside a longer word is
    # looked up like one named in a comment)
    names = set()
    find = re.compile(rb"LLVMPY_\w+").findall
    folder = os.path.dirname(llvm.__file__)
    for fname in os.listdir(folder):
        if fname.endswith(".py"):
            with open(os.path.join(folder, fname), "rb") as f:
                names.update(find(f.read()))
    for name in sorted(n.decode() for n in names):
        try:
            getattr(llvm.ffi.lib, name)
        except AttributeError:        # (named in a comment, or absent from this build)
            pass


llvm = _import_llvmlite()
llvm.initialize_native_target()
llvm.initialize_native_asmprinter()
LLVM_VERSION = ".".join(map(str, llvm.llvm_version_info))   # (loads the library, here)
# the C-API functions the code calls, found once, here (ctypes' lookups are
# Python code using the program's builtins)
_CAPI_ADDRESSES = {}
for _name in CAPI:
    _a = ctypes.cast(getattr(ctypes.pythonapi, _name), ctypes.c_void_p).value
    if not _a:
        raise RuntimeError(f"C-API symbol {_name} not found")
    _CAPI_ADDRESSES[_name] = _a


# The runtime module, built once per process: how every trace leaves.
#
# pyjit_exit(buf, kinds, start, n, total, result, values...):
#   1. read the ``total`` variadic values, each as its kind letter says, into
#      an array of new references: 'i' box an i64, 'f' box a double, 'b'
#      True/False of an i64, 'r' incref a pointer, 'n' incref a pointer or
#      pyjit's NULL for a C NULL, 'm' as is (the trace's own reference moves),
#      'd' as is (a reference to drop, maybe NULL);
#   2. swap the first n with buf's items[start:start+n] (every new value is in
#      buf before any old one is decref'd: a __del__ may run) -- buf grown with
#      None first if it is shorter (a bridge attached while an entry of its
#      loop was running may leave with more values than that entry's buf holds);
#   3. decref all ``total``: the replaced items, then the drops;
#   4. return PyLong(result), or NULL if result < 0 (an exception is set).
_RUNTIME_IR = """\
{relocations}
declare ptr @PyLong_FromLongLong(i64)
declare ptr @PyFloat_FromDouble(double)
declare void @Py_IncRef(ptr)
declare void @Py_DecRef(ptr)
declare i32 @PyList_Append(ptr, ptr)
declare void @llvm.va_start.p0(ptr)
declare void @llvm.va_end.p0(ptr)

define ptr @{fname}(ptr %buf, ptr %kinds, i64 %start, i64 %n, i64 %total,
                       i64 %result, ...) noinline cold {{
entry:
  %ap = alloca {{ i32, i32, ptr, ptr }}
  %vals = alloca ptr, i64 %total
  call void @llvm.va_start.p0(ptr %ap)
  br label %read_head
read_head:
  %k = phi i64 [0, %entry], [%k1, %read_next]
  %more = icmp ult i64 %k, %total
  br i1 %more, label %read, label %grow
read:
  %kp = getelementptr i8, ptr %kinds, i64 %k
  %kind = load i8, ptr %kp
  %vp = getelementptr ptr, ptr %vals, i64 %k
  %isf = icmp eq i8 %kind, 102
  br i1 %isf, label %k_float, label %read_int
k_float:
  %d = va_arg ptr %ap, double
  %o1 = call ptr @PyFloat_FromDouble(double %d)
  store ptr %o1, ptr %vp
  br label %read_next
read_int:
  %raw = va_arg ptr %ap, i64
  %p = inttoptr i64 %raw to ptr
  store ptr %p, ptr %vp
  switch i8 %kind, label %read_next [ i8 105, label %k_int
                                      i8 98, label %k_bool
                                      i8 114, label %k_ref
                                      i8 110, label %k_null ]
k_int:
  %o2 = call ptr @PyLong_FromLongLong(i64 %raw)
  store ptr %o2, ptr %vp
  br label %read_next
k_bool:
  %t = icmp ne i64 %raw, 0
  %o3 = select i1 %t, ptr {true}, ptr {false}
  call void @Py_IncRef(ptr %o3)
  store ptr %o3, ptr %vp
  br label %read_next
k_ref:
  call void @Py_IncRef(ptr %p)
  br label %read_next
k_null:
  %isnull = icmp eq ptr %p, null
  %o4 = select i1 %isnull, ptr {null}, ptr %p
  call void @Py_IncRef(ptr %o4)
  store ptr %o4, ptr %vp
  br label %read_next
read_next:
  %k1 = add i64 %k, 1
  br label %read_head
grow:
  call void @llvm.va_end.p0(ptr %ap)
  %need = add i64 %start, %n
  br label %grow_head
grow_head:
  %sizep = getelementptr i8, ptr %buf, i64 16
  %size = load i64, ptr %sizep
  %short = icmp slt i64 %size, %need
  br i1 %short, label %grow_one, label %swap_start
grow_one:
  %appended = call i32 @PyList_Append(ptr %buf, ptr {none})
  %failed = icmp slt i32 %appended, 0
  br i1 %failed, label %swap_start, label %grow_head
swap_start:
  %itemsp = getelementptr i8, ptr %buf, i64 24
  %items = load ptr, ptr %itemsp
  %base = getelementptr ptr, ptr %items, i64 %start
  br label %swap_head
swap_head:
  %s = phi i64 [0, %swap_start], [%s1, %swap]
  %more2 = icmp ult i64 %s, %n
  br i1 %more2, label %swap, label %drop_head
swap:
  %src = getelementptr ptr, ptr %vals, i64 %s
  %dst = getelementptr ptr, ptr %base, i64 %s
  %new = load ptr, ptr %src
  %old = load ptr, ptr %dst
  store ptr %new, ptr %dst
  store ptr %old, ptr %src
  %s1 = add i64 %s, 1
  br label %swap_head
drop_head:
  %j = phi i64 [0, %swap_head], [%j1, %drop]
  %more3 = icmp ult i64 %j, %total
  br i1 %more3, label %drop, label %done
drop:
  %q = getelementptr ptr, ptr %vals, i64 %j
  %o = load ptr, ptr %q
  call void @Py_DecRef(ptr %o)
  %j1 = add i64 %j, 1
  br label %drop_head
done:
  %raised = icmp slt i64 %result, 0
  br i1 %raised, label %ret_null, label %ret_g
ret_null:
  ret ptr null
ret_g:
  %g = call ptr @PyLong_FromLongLong(i64 %result)
  ret ptr %g
}}

define ptr @pyjit_slot_impl(ptr %slot, ptr %buf, ptr %out, ptr %self, i64 %n, ...) noinline cold {{
entry:
  %fn = load ptr, ptr %slot
  %empty = icmp eq ptr %fn, null
  br i1 %empty, label %none, label %call
none:
  ret ptr inttoptr (i64 {slot_empty} to ptr)
call:
  %ap = alloca {{ i32, i32, ptr, ptr }}
  %words = alloca i64, i64 %n
  call void @llvm.va_start.p0(ptr %ap)
  br label %head
head:
  %k = phi i64 [0, %call], [%k1, %word]
  %more = icmp ult i64 %k, %n
  br i1 %more, label %word, label %go
word:
  %w = va_arg ptr %ap, i64
  %wp = getelementptr i64, ptr %words, i64 %k
  store i64 %w, ptr %wp
  %k1 = add i64 %k, 1
  br label %head
go:
  call void @llvm.va_end.p0(ptr %ap)
  %r = call ptr %fn(ptr %buf, ptr %words, ptr %out, ptr %self)
  ret ptr %r
}}
"""

# pyjit_slot(slot, buf, out, self, n, words...): a guard's exit through its bridge
# slot (emitter._through_slot).  If the slot (a function pointer) is NULL,
# returns SLOT_EMPTY and touches nothing (the caller leaves through
# pyjit_exit); else copies the ``n`` variadic words -- the guard's interface,
# pointers and i64 as they are, doubles bitcast, i1 zero-extended -- into an
# array and returns ``bridge(buf, words, out, self)`` (``self``: the loop's, see
# emitter.RETURNED).  One call per exit instead of
# a dozen blocks and three instructions per value: most of a trace's IR was
# these exits (richards: 60% of the lines), and LLVM's time is per line.


def runtime_module(fname: str) -> tuple[str, list[int]]:
    """The exit runtime's text (its function named ``fname``) and relocations.
    (Written with its own Relocations: it may be written on the compile thread,
    where the main thread's :func:`.layout.relocating` context is not.)"""
    r = Relocations()
    t, f, n, none = (r.symbol(id(x)) for x in (True, False, NULL, None))
    decls = "\n".join(r.declarations())
    return _RUNTIME_IR.format(relocations=decls, fname=fname, true=t, false=f, null=n,
                              none=none, slot_empty=SLOT_EMPTY), r.values


# ---------------------------------------------------------------------------
# pipelines: what runs between parsing and the object file


class Pipeline(NamedTuple):
    """LLVM passes run on each function, then code generation at ``codegen``
    (the target machine's level: 0 is LLVM's fast instruction selector and
    register allocator).  Measured on the benchmarks' traces: notes/jit.md."""
    passes: tuple        # names of llvmlite's add_<name>_pass, in order; "O<n>": LLVM's O<n>
    codegen: int


PIPELINES = {
    # the first compile of every trace: no IR passes, fast code generation
    "fast": Pipeline((), 0),
    # loops that stay hot: the folding trace code gains most from, then full code generation
    "opt": Pipeline(("instruction_combine", "simplify_cfg"), 2),
    # LLVM's own O2 function pipeline (what every trace got before: for measurements)
    "O2": Pipeline(("O2",), 2),
}


class _JIT:
    """llvmlite state shared by all traces: target machines, the MCJIT engine
    (code is added, never removed), pass managers, the C-API symbols."""

    def __init__(self):
        self.llvm = llvm
        for name, addr in _CAPI_ADDRESSES.items():
            llvm.add_symbol(name, addr)
            self.function_cell(name, addr)
        self.target = llvm.Target.from_default_triple()
        # (an engine owns its target machine: the code generators have their own)
        self.engine = llvm.create_mcjit_compiler(
            llvm.parse_assembly(""), self.target.create_target_machine(opt=2, jit=True))
        self.machines = {}       # codegen level -> target machine
        self.managers = {}       # pipeline name -> (function pass manager, pass builder)
        self.lock = threading.Lock()
        self.cpu = llvm.get_host_cpu_name()
        self.features = llvm.get_host_cpu_features().flatten()
        self.version = LLVM_VERSION
        self.triple = llvm.get_default_triple()

    def function_cell(self, name: str, address: int) -> None:
        """``@pyjit.c.NAME``: the cell through which modules call C function
        ``name`` (layout.Relocations.function)."""
        cell = ctypes.c_uint64(address)
        _CELLS.append(cell)
        self.llvm.add_symbol(FUNCTION_CELL + name, ctypes.addressof(cell))

    def machine(self, level: int):
        tm = self.machines.get(level)
        if tm is None:
            tm = self.machines[level] = self.target.create_target_machine(opt=level, jit=True)
        return tm

    def _manager(self, name: str):
        m = self.managers.get(name)
        if m is None:
            llvm = self.llvm
            passes = PIPELINES[name].passes
            level = int(passes[0][1:]) if passes and passes[0].startswith("O") else 2
            pb = llvm.create_pass_builder(self.target.create_target_machine(opt=2, jit=True),
                                          llvm.create_pipeline_tuning_options(speed_level=level))
            if passes and passes[0].startswith("O"):
                fpm = pb.getFunctionPassManager()
            else:
                fpm = llvm.create_new_function_pass_manager()
                for p in passes:
                    getattr(fpm, f"add_{p}_pass")()
            m = self.managers[name] = (fpm, pb)
        return m

    def build(self, text: str, fname: str, pipeline: str) -> bytes:
        """Parse, verify, optimize and generate ``text``'s object file (its one
        function ``fname``).  (Few llvmlite calls: see jobs.)  Whether every
        symbol it needs exists is checked when it is linked."""
        llvm = self.llvm
        p = PIPELINES[pipeline]
        mod = llvm.parse_assembly(text)
        mod.verify()
        if p.passes:
            fpm, pb = self._manager(pipeline)
            fpm.run(mod.get_function(fname), pb)
        return self.machine(p.codegen).emit_object(mod)

    def link(self, obj: bytes, fname: str, relocations: list[int], cells: bool = False) -> int:
        """Load object ``obj`` with its relocations set (``cells``: the module
        reads them from cells, see layout.Relocations); the address of ``fname``."""
        llvm = self.llvm
        # every symbol the object needs must resolve (the linker would stop the
        # process otherwise): the relocations this module has, and functions the
        # process has (the C-API, the exit runtime)
        nrel = len(relocations)
        for name in elf.undefined_symbols(obj):
            if name.startswith(RELOC_PREFIX) and name[len(RELOC_PREFIX):].isdigit():
                if int(name[len(RELOC_PREFIX):]) < nrel:
                    continue
            elif llvm.address_of_symbol(name):
                continue
            raise CompileError(f"object code needs unresolved symbol {name}")
        if cells and relocations:
            # the module reads its values from cells (layout.Relocations): kept
            # for the process's life, as the code is
            words = (ctypes.c_uint64 * nrel)(*relocations)
            _CELLS.append(words)
            base = ctypes.addressof(words)
            relocations = [base + 8 * k for k in range(nrel)]
        for k, v in enumerate(relocations):
            llvm.add_symbol(f"{RELOC_PREFIX}{k}", v)
        self.engine.add_object_file(llvm.ObjectFileRef.from_data(obj))
        self.engine.finalize_object()
        addr = self.engine.get_function_address(fname)
        if not addr:
            raise CompileError(f"no code for {fname}")
        return addr


def cache_key(jit: _JIT, text: str, pipeline: str) -> str:
    """The hex SHA-256 of everything that decides the object code of ``text``
    (the persistent cache's key: see :mod:`.cache`)."""
    h = sha256()
    for part in (f"pyjit-code-cache {_CACHE_FORMAT}", pyjit.__version__, _LLVMLITE_VERSION,
                 jit.version, jit.triple, jit.cpu, jit.features, repr(PIPELINES[pipeline])):
        h.update(part.encode())
        h.update(b"\0")
    h.update(text.encode())
    return h.hexdigest()


_CACHE_FORMAT = 2     # 2: relocations read from cells, slot exits through pyjit_slot
_CELLS = []           # every cell a linked module reads (never freed, as its code)
_LLVMLITE_VERSION = sys.modules["llvmlite"].__version__

_jit: _JIT | None = None
_jit_lock = threading.Lock()


def get_jit() -> _JIT:
    """The engine (made by the first caller: the compile thread, or the main
    thread under --jit-sync)."""
    global _jit
    if _jit is None:
        with _jit_lock:   # (LLVM calls release the GIL: two threads could both build one)
            if _jit is None:
                _jit = _JIT()
    return _jit
