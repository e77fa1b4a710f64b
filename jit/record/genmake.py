"""Recording the call of a generator function: the generator made inside the trace.

A call of a plain generator function (``def`` with ``yield``, a generator
expression; not a coroutine nor an async generator) is inlined like any call:
its prologue (MAKE_CELL, COPY_FREE_VARS) runs as a callee's, then its
``RETURN_GENERATOR`` makes the generator.  The trace makes it with the ops the
backends have for objects -- ``new_instance`` of :class:`pyjit.frame.Frame`
and of :class:`pyjit.generators.Generator` and a ``setattr_slot`` per slot --
holding exactly what ``Frame.__init__`` and :func:`pyjit.calls.return_generator`
leave in them (the locals in a new ``fast`` list, the frame suspended at the
instruction after RETURN_GENERATOR, unlinked; the generator not started), so
that it is the object the interpreter would have made: a consumer in the trace
resumes it from the heap (:mod:`.resumption`, its first resumption included),
and anything else -- an exit, a host call, the program -- sees an ordinary
unstarted generator.  ``tests/test_jit_gen_make.py`` checks that every slot the
constructors set is set here.

Not here: a call of a generator function the recorder would not inline
(recursion, too deep), and generator functions whose function object has
attributes beyond its slots the generator reads (none: ``name``/``qualname``
are read from the function's slots).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import opcodes as O
from pyjit.calls import return_generator
from pyjit.frame import Frame
from pyjit.generators import Generator, _GenBase

from .. import ir
from ..ir import const_int, const_ptr
from ..llvm import layout as L
from .binding import function_slot

_PLAIN = O.CO_GENERATOR
_NOT_PLAIN = O.CO_COROUTINE | O.CO_ITERABLE_COROUTINE | O.CO_ASYNC_GENERATOR

# the slots Frame.__init__ sets, and the generator's (_GenBase.__init__): what
# the trace stores, in this order (tests/test_jit_gen_make.py compares them
# with what the constructors leave set)
FRAME_SLOTS = ("code", "dec", "func", "fast", "stack", "globals", "builtins", "locals",
               "names", "consts", "pc", "lasti", "back", "entry", "outside")
GEN_SLOTS = ("frame", "running", "exc_state", "started", "code", "name", "qualname")
_FRAME = {n: L.member_offset(vars(Frame)[n]) for n in FRAME_SLOTS}
_GEN = {n: L.member_offset(vars(_GenBase)[n]) for n in GEN_SLOTS}


def plain(fn) -> bool:
    """Is ``fn`` (a VM function) a plain generator function, whose call the
    recorder inlines up to its RETURN_GENERATOR?"""
    flags = fn.code.co_flags
    return bool(flags & _PLAIN) and not flags & _NOT_PLAIN


def makes(sh) -> bool:
    """Is inlined frame ``sh`` at its RETURN_GENERATOR a plain generator's call?"""
    return sh.kind == "call" and sh.func is not None and plain(sh.func)


def make(r, fn, vfn, fast, stack, pc, cls, started, snap):
    """Emit the making of a generator of class ``cls`` of VM function ``fn``
    (``vfn``) whose frame is suspended at the instruction at unit ``pc``
    (RETURN_GENERATOR, or a YIELD_VALUE: ``frame.suspend``), with locals
    ``fast`` and stack ``stack`` (trace values): what ``Frame.__init__``,
    ``frame.suspend`` and ``_GenBase.__init__`` leave (``started`` as given).
    Returns the generator's trace value."""
    vfast = r.emit("build_list", list(fast), snap)
    vstack = r.emit("build_list", list(stack), snap)
    code = fn.code
    values = {
        "code": const_ptr(code), "dec": const_ptr(fn.dec), "func": vfn, "fast": vfast,
        "stack": vstack, "globals": function_slot(r, vfn, "globals"),
        "builtins": function_slot(r, vfn, "builtins"), "locals": const_ptr(None),
        "names": const_ptr(code.co_names), "consts": const_ptr(code.co_consts),
        # (suspended at pc: frame.suspend; unlinked, no longer an entry, nothing
        # held outside: calls.return_generator, Coroutine._run's end)
        "pc": const_ptr(pc + 1), "lasti": const_ptr(pc), "back": const_ptr(None),
        "entry": const_ptr(False), "outside": const_ptr(None)}
    vname = function_slot(r, vfn, "name")
    vqualname = function_slot(r, vfn, "qualname")
    vframe = r.emit("new_instance", [const_ptr(Frame)], snap)
    for name in FRAME_SLOTS:
        r.emit("setattr_slot", [vframe, const_ptr(name), const_int(_FRAME[name]), values[name]])
    vgen = r.emit("new_instance", [const_ptr(cls)], snap)
    gvalues = {"frame": vframe, "running": const_ptr(False), "exc_state": const_ptr(None),
               "started": const_ptr(started), "code": const_ptr(code), "name": vname,
               "qualname": vqualname}
    for name in GEN_SLOTS:
        r.emit("setattr_slot", [vgen, const_ptr(name), const_int(_GEN[name]), gvalues[name]])
    return vgen


def rec_return_generator(r, f, pc):
    """RETURN_GENERATOR of inlined call frame ``f`` (a plain generator
    function's): the generator made in the trace, the call's value."""
    sh = r.shadows[-1]
    fn = sh.func
    snap = r.before()
    vfn = sh.fref if sh.fref is not None else r.emit("const_ref", [const_ptr(fn)])
    # the frame's locals: a new list (NULL, pyjit's unbound marker, where unbound)
    n = fn.dec.nlocalsplus
    # (suspended at RETURN_GENERATOR: frame.suspend; not started)
    vgen = make(r, fn, vfn, [sh.locals.get(k, ir.NULL_CONST) for k in range(n)], [],
                pc, Generator, False, snap)
    # for real: the interpreter's RETURN_GENERATOR
    back = return_generator(f, pc, r.ts)
    r.shadows.pop()
    caller = r.shadows[-1]
    caller.stack.append(vgen)
    r.f = back
    r.next(back.pc)

