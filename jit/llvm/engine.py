"""The LLVM backend's engine: LLVM IR text in, a native builtin out (llvmlite).

One MCJIT engine for every trace, created by the first compile (llvmlite is
imported then: ``pyjit run`` must not pay for it): the C-API symbols of
:data:`.layout.CAPI` are resolved once, the exit runtime (``pyjit_exit``,
which every trace's exits call) is compiled once.  Each trace's module is
parsed, verified, checked for unresolved symbols, optimized (O2, or a linear
pipeline for big traces), compiled, and wrapped in a real builtin function
(``PyCFunction_NewEx`` on a METH_O ``PyMethodDef``): :class:`Loop`.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

import ctypes
import struct
import threading
import time
import weakref

from pyjit.null import NULL

from .. import ir
from . import CompileError
from .emitter import generate
from . import layout
from .layout import CAPI



# The runtime module, compiled once per process: how every trace leaves.
#
# pyjit_exit(buf, kinds, start, n, total, result, values...):
#   1. read the ``total`` variadic values, each as its kind letter says, into
#      an array of new references: 'i' box an i64, 'f' box a double, 'b'
#      True/False of an i64, 'r' incref a pointer, 'n' incref a pointer or
#      pyjit's NULL for a C NULL, 'm' as is (the trace's own reference moves),
#      'd' as is (a reference to drop, maybe NULL);
#   2. swap the first n with buf's items[start:start+n] (every new value is in
#      buf before any old one is decref'd: a __del__ may run);
#   3. decref all ``total``: the replaced items, then the drops;
#   4. return PyLong(result), or NULL if result < 0 (an exception is set).
_RUNTIME_IR = """\
declare ptr @PyLong_FromLongLong(i64)
declare ptr @PyFloat_FromDouble(double)
declare void @Py_IncRef(ptr)
declare void @Py_DecRef(ptr)
declare void @llvm.va_start.p0(ptr)
declare void @llvm.va_end.p0(ptr)

define ptr @pyjit_exit(ptr %buf, ptr %kinds, i64 %start, i64 %n, i64 %total,
                       i64 %result, ...) noinline cold {{
entry:
  %ap = alloca {{ i32, i32, ptr, ptr }}
  %vals = alloca ptr, i64 %total
  call void @llvm.va_start.p0(ptr %ap)
  br label %read_head
read_head:
  %k = phi i64 [0, %entry], [%k1, %read_next]
  %more = icmp ult i64 %k, %total
  br i1 %more, label %read, label %swap_start
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
swap_start:
  call void @llvm.va_end.p0(ptr %ap)
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
"""


# ---------------------------------------------------------------------------
# llvmlite: one engine for every trace (created by the first compile)


BIG_TRACE_LINES = 2000     # IR lines above which a trace gets the linear pass pipeline


class _PyMethodDef(ctypes.Structure):
    _fields_ = [("ml_name", ctypes.c_char_p), ("ml_meth", ctypes.c_void_p),
                ("ml_flags", ctypes.c_int), ("ml_doc", ctypes.c_char_p)]


_METH_O = 0x0008
_PyCFunction_NewEx = ctypes.pythonapi.PyCFunction_NewEx
_PyCFunction_NewEx.restype = ctypes.py_object
_PyCFunction_NewEx.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]


def _elf_code_size(obj: bytes) -> int:
    """Bytes in the executable sections of an ELF64 object file.  (Parsed
    here rather than with llvmlite's ObjectFileRef, whose ``len(data)`` a
    program that patched ``builtins.len`` would break.)"""
    if obj[:5] != b"\x7fELF\x02":
        return len(obj)
    shoff, = struct.unpack_from("<Q", obj, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", obj, 0x3A)
    size = 0
    for k in range(shnum):
        flags, = struct.unpack_from("<Q", obj, shoff + k * shentsize + 8)
        if flags & 0x4:                              # SHF_EXECINSTR
            size += struct.unpack_from("<Q", obj, shoff + k * shentsize + 32)[0]
    return size


class _JIT:
    """llvmlite state shared by all traces: target machine, MCJIT engine (code
    is added, never removed), one reused pass pipeline, the C-API symbols."""

    def __init__(self):
        import llvmlite.binding as llvm
        self.llvm = llvm
        llvm.initialize_native_target()
        llvm.initialize_native_asmprinter()
        for name in CAPI:
            addr = ctypes.cast(getattr(ctypes.pythonapi, name), ctypes.c_void_p).value
            if not addr:
                raise RuntimeError(f"C-API symbol {name} not found")
            llvm.add_symbol(name, addr)
        target = llvm.Target.from_default_triple()
        tm = target.create_target_machine(opt=2, jit=True)
        self.engine = llvm.create_mcjit_compiler(llvm.parse_assembly(""), tm)
        # a pass builder of its own target machine (the engine owns tm)
        self.pto = llvm.create_pipeline_tuning_options(speed_level=2)
        self.pb = llvm.create_pass_builder(target.create_target_machine(opt=2, jit=True),
                                           self.pto)
        self.fpm = self.pb.getFunctionPassManager()
        # big traces: LLVM's O2 function pipeline is superlinear in the number of
        # exits (LCSSA puts a phi per value used in each loop exit), ~2.4 s for a
        # 1000-op trace; this one keeps what matters for trace code (folding,
        # redundant loads and guards, dead stores) and is linear
        self.fpm_big = llvm.create_new_function_pass_manager()
        for add in ("add_instruction_combine_pass", "add_simplify_cfg_pass", "add_new_gvn_pass",
                    "add_instruction_combine_pass", "add_dead_store_elimination_pass",
                    "add_simplify_cfg_pass"):
            getattr(self.fpm_big, add)()
        self.code_sizes: dict[str, int] = {}
        self.lock = threading.Lock()
        self.engine.set_object_cache(self._compiled, None)
        self.count = 0
        # the runtime (pyjit_exit): compiled once, kept, linked into every trace
        runtime = llvm.parse_assembly(_RUNTIME_IR.format(
            true=layout.addr(True), false=layout.addr(False), null=layout.addr(NULL)))
        runtime.name = "pyjit_runtime"
        runtime.verify()
        self.engine.add_module(runtime)
        self.engine.finalize_object()
        llvm.add_symbol("pyjit_exit", self.engine.get_function_address("pyjit_exit"))
        self.runtime_code_size = self.code_sizes.pop("pyjit_runtime", 0)

    def _compiled(self, module, obj: bytes) -> None:
        """MCJIT hands over each module's object file: note its code size."""
        self.code_sizes[module.name] = _elf_code_size(obj)

    def compile(self, text: str, fname: str):
        # one compile at a time: LLVM calls release the GIL, and two threads
        # interleaving add_module/finalize_object/remove_module on the one engine
        # would finalize, look up or remove each other's modules
        with self.lock:
            return self._compile(text, fname)

    def _compile(self, text: str, fname: str):
        llvm = self.llvm
        mod = llvm.parse_assembly(text)
        mod.name = fname
        mod.verify()
        for fn in mod.functions:
            if fn.is_declaration:
                if not fn.name.startswith("llvm.") and not llvm.address_of_symbol(fn.name):
                    raise CompileError(f"unresolved symbol {fn.name}")
            else:
                big = text.count("\n") > BIG_TRACE_LINES
                (self.fpm_big if big else self.fpm).run(fn, self.pb)
        self.engine.add_module(mod)
        self.engine.finalize_object()
        addr = self.engine.get_function_address(fname)
        # The machine code stays in the engine's memory manager; the module's
        # IR is of no further use (traces never call each other): dropping it
        # takes a trace's footprint from ~130 kB to ~25 kB.
        self.engine.remove_module(mod)
        if not addr:
            raise CompileError(f"no code for {fname}")
        return addr, self.code_sizes.pop(fname, 0)


_jit: _JIT | None = None


_jit_lock = threading.Lock()


def _get_jit() -> _JIT:
    global _jit
    if _jit is None:
        with _jit_lock:   # (LLVM calls release the GIL: two threads could both build one)
            if _jit is None:
                _jit = _JIT()
    return _jit


# ---------------------------------------------------------------------------
# the compiled loop


def _clearer(address):
    """The weakref callback that clears the alive flag byte at ``address``."""
    def clear(_ref, memset=ctypes.memset):
        memset(address, 0, 1)
    return clear


class Loop:
    """A trace compiled to native code.  ``enter(buf)``: see :mod:`..backend_llvm`."""

    backend = "llvm"

    def __init__(self, trace: ir.Trace, fault_counter: int | None = None):
        t0 = time.perf_counter()
        jit = _get_jit()
        jit.count += 1
        fname = f"pyjit_trace_{jit.count}"
        self.trace = trace              # keeps the (strong) constants the code points at alive
        # weak constants: a flag byte each, cleared when the object dies (guards
        # against them check it); this Loop owns the bytes and the weakrefs
        weak = ir.weak_consts(trace)
        self._alive = ctypes.create_string_buffer(b"\x01" * len(weak), len(weak) or 1)
        base = ctypes.addressof(self._alive)
        self._weakrefs = [weakref.ref(obj, _clearer(base + k)) for k, obj in enumerate(weak)]
        self._keep: list = []
        self.llvm_ir = generate(trace, fname, base, self._keep, fault_counter)
        addr, self.code_size = jit.compile(self.llvm_ir, fname)
        self._name = fname.encode()
        self._methoddef = _PyMethodDef(self._name, addr, _METH_O, None)
        self._native = _PyCFunction_NewEx(ctypes.addressof(self._methoddef), None, None)
        snaps = [len(list(op.snapshot.values())) for op in trace.guards()]
        self.buf_size = 1 + max([len(trace.inputs)] + snaps)
        self.compile_seconds = time.perf_counter() - t0

    def enter(self, buf: list) -> int:
        if type(buf) is not list:
            raise TypeError("enter() wants a list")
        if len(buf) < self.buf_size:
            buf.extend([None] * (self.buf_size - len(buf)))
        return self._native(buf)

