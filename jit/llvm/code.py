"""Compiled code and what it owns: a loop (:class:`Loop`, entered from Python) and its bridges.

A :class:`Loop` writes its trace as a module (:mod:`.emitter`) and hands it to
a compile job (:mod:`.jobs`); once the job is done, :meth:`Loop.finish` wraps
the machine code in a real builtin function (``PyCFunction_NewEx`` on a
METH_O ``PyMethodDef``: ~10 ns a call).  Until then the loop is *pending*
and the driver keeps interpreting.

:meth:`Loop.attach` compiles a guard's bridge as a function of its own
(:class:`Bridge`) and, when it is done, stores its address in the guard's
slot: the loop's code is never compiled again to add a bridge.  Exit numbers
are stable: the loop's guards in ``trace.guards()`` order, then each
attached bridge's guards, appended when the bridge is made (``guard_ops``).

Each owns the memory its code reads by address (relocated, see
:class:`.layout.Relocations`): an alive flag per weak constant (cleared by a
weakref callback when the object dies), the table of its guards' bridge
slots, the int objects it publishes as positions, and -- for a loop compiled
cheaply first -- the countdown to its tier-up exit.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

import ctypes
import time
import weakref

from .. import ir
from pyjit import hostroom
from . import CompileError
from . import jobs
from .emitter import Memory, generate, generate_bridge, input_slots


class _PyMethodDef(ctypes.Structure):
    _fields_ = [("ml_name", ctypes.c_char_p), ("ml_meth", ctypes.c_void_p),
                ("ml_flags", ctypes.c_int), ("ml_doc", ctypes.c_char_p)]


_METH_O = 0x0008
_PyCFunction_NewEx = ctypes.pythonapi.PyCFunction_NewEx
_PyCFunction_NewEx.restype = ctypes.py_object
_PyCFunction_NewEx.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]


def _clearer(address):
    """The weakref callback that clears the alive flag byte at ``address``."""
    def clear(_ref, memset=ctypes.memset):
        memset(address, 0, 1)
    return clear


class _Owner:
    """Memory some compiled code reads (see the module doc)."""

    def _own(self, weak: list, nslots: int, countdown: int, fault_counter: int) -> Memory:
        self._alive = (ctypes.c_char * (len(weak) or 1))()
        base = ctypes.addressof(self._alive)
        ctypes.memset(base, 1, len(weak))
        self._weakrefs = [weakref.ref(obj, _clearer(base + k)) for k, obj in enumerate(weak)]
        self._slots = (ctypes.c_void_p * max(1, nslots))()
        return Memory(base, ctypes.addressof(self._slots), countdown, fault_counter)

    def _submit(self, gen, pipeline, priority, wait):
        self.gen = gen
        self.pipeline = pipeline
        self.llvm_ir = gen.text
        self._keep = gen.keep               # (position ints: the code stores their addresses)
        self.job = job = jobs.Job(gen.text, pipeline, gen.relocations, priority)
        if wait:
            jobs.run(job)
        else:
            jobs.submit(job)    # (under --jit-sync: done on return)

    @property
    def done(self) -> bool:
        return self.job.done

    def _check(self):
        job = self.job
        if job.error:
            if job.internal:
                raise RuntimeError(job.error)
            raise CompileError(job.error)
        self.code_size = job.code_size
        self.cached = job.cached
        self.compile_seconds = job.seconds


class Loop(_Owner):
    """A trace compiled to native code.  ``enter(buf)``: see :mod:`..backend_llvm`."""

    backend = "llvm"

    def __init__(self, trace: ir.Trace, *, bridgeable=None, pipeline: str = "O2",
                 countdown: int = 0, wait: bool = True, priority: int = jobs.URGENT,
                 fault_counter: int | None = None):
        t0 = time.perf_counter()
        self.trace = trace              # keeps the (strong) constants the code points at alive
        self.guard_ops = trace.guards()
        self.guard_index = {id(op): g for g, op in enumerate(self.guard_ops)}
        self.pipeline = pipeline
        self._countdown = ctypes.c_int64(countdown) if countdown else None
        # (fault_counter: tests only, jit/faults.py; the bridges count it down too)
        self.fault_counter = fault_counter or 0
        memory = self._own(ir.weak_consts(trace), len(self.guard_ops),
                           ctypes.addressof(self._countdown) if countdown else 0,
                           self.fault_counter)
        gen = generate(trace, "pyjit_fn", memory, self.guard_index, bridgeable)
        # id(guard op) -> (slot table, slot number, interface): where a bridge goes
        self.slot_of = {g: (self._slots, n, gen.interfaces[g]) for g, n in gen.slots.items()}
        self.label_kinds = gen.label_kinds
        self.input_slots = input_slots(trace)   # (the trace's grow later: a carried slot)
        self.bridges: list[Bridge] = []
        self.code_size = 0
        self.cached = False
        self._native = None
        snaps = [len(list(op.snapshot.values())) for op in self.guard_ops]
        self.buf_size = 1 + max([len(trace.inputs)] + snaps)
        self.generate_seconds = time.perf_counter() - t0
        self._submit(gen, pipeline, priority, wait)
        if wait:
            self.finish()

    def finish(self) -> None:
        """The job is done: make the builtin (main thread).  CompileError if
        the trace could not be compiled."""
        if self._native is not None:
            return
        self._check()
        self._name = b"pyjit_trace"
        self._methoddef = _PyMethodDef(self._name, self.job.addr, _METH_O, None)
        self._native = _PyCFunction_NewEx(ctypes.addressof(self._methoddef), None, None)

    def enter(self, buf: list) -> int:
        if type(buf) is not list:
            raise TypeError("enter() wants a list")
        if len(buf) < self.buf_size:
            buf.extend([None] * (self.buf_size - len(buf)))
        return self._native(buf)

    def native_entry(self):
        """The builtin :meth:`enter` calls, for a caller whose every buf is a list
        of ``buf_size`` values at least -- bridges attached later included
        (``warmup.Compiled``'s reader): an entry without this method's checks."""
        return self._native

    # -- tier-up --------------------------------------------------------------

    def tier_up_due(self) -> bool:
        """Has the countdown run out (the check_interrupt exit was its)?"""
        c = self._countdown
        return c is not None and c.value == 0

    def countdown_value(self) -> int:
        c = self._countdown
        return 0 if c is None else c.value

    def set_countdown(self, n: int) -> None:
        """Iterations until the code leaves for tier-up (1: at the next back-edge)."""
        if self._countdown is not None:
            self._countdown.value = n

    # -- bridges ----------------------------------------------------------------

    def can_attach(self, guard_op) -> bool:
        return id(guard_op) in self.slot_of and self.label_kinds is not None

    def attach(self, guard_op, *, bridgeable=None, pipeline: str = "O2",
               wait: bool = True) -> "Bridge":
        """Compile ``guard_op.bridge`` as a function of its own, for the guard's
        slot (installed by :meth:`Bridge.finish`).  Its guards get the next
        exit numbers now.  CompileError: the bridge cannot be attached so (the
        caller compiles the loop again with it inside)."""
        if not self.can_attach(guard_op):
            raise CompileError("the guard has no bridge slot")
        return Bridge(self, guard_op, bridgeable, pipeline, wait)


# (its call of the native code, a METH_O builtin, takes a recursion guard
# CPython's frames would not: pyjit.hostroom.walk)
hostroom.guarded(Loop.enter.__code__)


class Bridge(_Owner):
    """One bridge compiled on its own, called through its guard's slot."""

    def __init__(self, loop: Loop, guard_op, bridgeable, pipeline, wait):
        t0 = time.perf_counter()
        self.loop = loop
        self.guard_op = guard_op
        ops = guard_op.bridge
        table, self.slot, iface = loop.slot_of[id(guard_op)]
        self.table = table
        mine = ir.Trace([], ops).guards()
        base = len(loop.guard_ops)
        index = {id(op): base + k for k, op in enumerate(mine)}
        countdown = ctypes.addressof(loop._countdown) if loop._countdown is not None else 0
        memory = self._own(ir.weak_consts(ir.Trace([], ops)), len(mine), countdown,
                           loop.fault_counter)
        gen = generate_bridge(ops, "pyjit_fn", memory, index, iface, loop.label_kinds,
                              bridgeable, loop.input_slots, base)
        # the exit numbers are the loop's from now on (nothing reaches them yet)
        loop.guard_ops.extend(mine)
        loop.guard_index.update(index)
        loop.buf_size = max([loop.buf_size] + [1 + len(list(op.snapshot.values()))
                                              for op in mine])
        self.guard_ops = mine
        self.code_size = 0
        self.installed = False
        self.generate_seconds = time.perf_counter() - t0
        self._submit(gen, pipeline, jobs.URGENT, wait)
        if wait:
            self.finish()

    def finish(self) -> None:
        """The job is done: the bridge goes into its guard's slot (main
        thread; from the next failure of the guard on, the code calls it)."""
        if self.installed:
            return
        self._check()
        loop = self.loop
        for g, n in self.gen.slots.items():
            loop.slot_of[g] = (self._slots, n, self.gen.interfaces[g])
        loop.bridges.append(self)
        self.installed = True
        self.table[self.slot] = self.job.addr
