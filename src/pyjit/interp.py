"""The interp tier: pyjit's eval loop over decoded CPython 3.11 bytecode.

One :func:`run` call executes VM frames until its *entry* frame returns (or
yields, for generators).  Python-to-Python calls made by the VM push a
:class:`Frame` and continue in the same loop, so user recursion never
recurses on the host stack; only host->VM entries (:func:`call_function`,
generator resumption) start a nested ``run``.

Hot instructions are executed inline in the loop (local variables, no
per-instruction allocation); the rest go through :data:`handlers.HANDLERS`.
Exceptions raised while executing an instruction are unwound by
:func:`_unwind` against 3.11's exception table, adding real traceback entries
(see :mod:`pyjit.tracebacks`) frame by frame as CPython does.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import threading
import types

from . import handlers as H
from . import opcodes as O
from .excstate import Reraise, raise_no_chain
from .function import NULL, Function, bind_args
from .tracebacks import strip, vm_entry

_MethodType = types.MethodType
HANDLERS = H.HANDLERS


class Frame:
    """A VM frame: CPython's _PyInterpreterFrame, as Python objects."""

    __slots__ = ("code", "dec", "func", "fast", "stack", "globals", "builtins", "locals",
                 "names", "consts", "pc", "lasti", "back", "entry", "init_self",
                 "snapshot")  # snapshot: locals() dict (frames.frame_locals), set lazily

    def __init__(self, func, fast, locals_=None):
        code = func.code
        self.code = code
        self.dec = func.dec
        self.func = func
        self.fast = fast
        self.stack = []
        self.globals = func.globals
        self.builtins = func.builtins
        self.locals = locals_
        self.names = code.co_names
        self.consts = code.co_consts
        self.pc = func.dec.entry_pc  # next instruction to run when (re)entered
        self.lasti = 0     # instruction being run / suspended at (tracebacks, handlers)
        self.back = None
        self.entry = False
        self.init_self = NULL  # the new object, when this frame is an inlined C.__init__


# ---------------------------------------------------------------------------
# per-thread state and the recursion limit

class ThreadState:
    __slots__ = ("depth",)

    def __init__(self):
        self.depth = 0


_tls = threading.local()


def thread_state() -> ThreadState:
    try:
        return _tls.ts
    except AttributeError:
        ts = _tls.ts = ThreadState()
        return ts


class RecursionLimit:
    """The user-visible recursion limit; the host's is kept above it (see runner)."""
    value = 1000


def recursion_error():
    return RecursionError("maximum recursion depth exceeded")


# Calls to these builtins need the calling VM frame (globals(), super(), ...);
# vmbuiltins fills the table: id(builtin) -> handler(frame, args, kwargs).
SPECIAL: dict = {}


# ---------------------------------------------------------------------------
# entering the VM from the host

def call_function(func, args, kwargs):
    """Host -> VM: call ``func`` (a Function) and run it to completion."""
    fast = bind_args(func, args, kwargs, func.dec.nlocalsplus)
    f = Frame(func, fast)
    return run_frame(f)


def run_frame(f):
    ts = thread_state()
    if ts.depth >= RecursionLimit.value:
        raise recursion_error()
    ts.depth += 1
    f.entry = True
    return run(f, ts)


from . import function as _function_module  # noqa: E402
_function_module._call_function = call_function  # Function.__call__ enters the VM here


# ---------------------------------------------------------------------------
# the eval loop

def run(f, ts, throw=None, *,
        LOAD_FAST=O.LOAD_FAST, STORE_FAST=O.STORE_FAST, LOAD_CONST=O.LOAD_CONST,
        LOAD_GLOBAL=O.LOAD_GLOBAL, BINARY_OP=O.BINARY_OP, COMPARE_OP=O.COMPARE_OP,
        LOAD_ATTR=O.LOAD_ATTR, LOAD_METHOD=O.LOAD_METHOD, PRECALL=O.PRECALL, CALL=O.CALL,
        KW_NAMES=O.KW_NAMES, RETURN_VALUE=O.RETURN_VALUE, POP_TOP=O.POP_TOP,
        PUSH_NULL=O.PUSH_NULL, JUMP_BACKWARD=O.JUMP_BACKWARD,
        JUMP_FORWARD=O.JUMP_FORWARD, JUMP_BACKWARD_NO_INTERRUPT=O.JUMP_BACKWARD_NO_INTERRUPT,
        PJ_F_FALSE=O.POP_JUMP_FORWARD_IF_FALSE, PJ_F_TRUE=O.POP_JUMP_FORWARD_IF_TRUE,
        PJ_B_FALSE=O.POP_JUMP_BACKWARD_IF_FALSE, PJ_B_TRUE=O.POP_JUMP_BACKWARD_IF_TRUE,
        CALL_FUNCTION_EX=O.CALL_FUNCTION_EX, RETURN_GENERATOR=O.RETURN_GENERATOR,
        YIELD_VALUE=O.YIELD_VALUE, SEND=O.SEND, Null=NULL, Func=Function,
        MethodType=_MethodType, limit=RecursionLimit, new_object=object.__new__,
        type_=type):
    """Run ``f`` (an entry frame, already counted in ``ts.depth``) to its return.

    With ``throw``, first raise that exception at ``f.lasti`` (generator.throw).
    """
    binops = BINOPS
    compares = COMPARES
    handlers = HANDLERS
    special = SPECIAL
    if throw is not None:
        f = _unwind(f, f.lasti, throw, ts)
    kwnames = None
    while True:
        # (Re)entering a frame.  Drop the temporaries of the last call/return:
        # an object must die when CPython would drop it (__del__, weakrefs).
        v = r = fn = cargs = kwargs = nf = obj = gen = back = None
        dec = f.dec
        ops = dec.ops
        args = dec.args
        nexts = dec.nexts
        stack = f.stack
        fast = f.fast
        pc = f.pc
        try:
            while True:
                op = ops[pc]
                if op == LOAD_FAST:
                    v = fast[args[pc]]
                    if v is Null:
                        raise H.unbound_local(f.code, args[pc])
                    stack.append(v)
                    v = None  # no stale references: __del__ runs when CPython's would
                    pc += 1
                elif op == LOAD_CONST:
                    stack.append(f.consts[args[pc]])
                    pc += 1
                elif op == STORE_FAST:
                    fast[args[pc]] = stack.pop()
                    pc += 1
                elif op == LOAD_GLOBAL:
                    a = args[pc]
                    if a & 1:
                        stack.append(Null)
                    name = f.names[a >> 1]
                    v = f.globals.get(name, Null)
                    if v is Null:
                        v = f.builtins.get(name, Null)
                        if v is Null:
                            raise NameError(f"name '{name}' is not defined", name=name)
                    stack.append(v)
                    v = None
                    pc = nexts[pc]
                elif op == BINARY_OP:
                    r = stack.pop()
                    stack[-1] = binops[args[pc]](stack[-1], r)
                    r = None
                    pc = nexts[pc]
                elif op == COMPARE_OP:
                    r = stack.pop()
                    stack[-1] = compares[args[pc]](stack[-1], r)
                    r = None
                    pc = nexts[pc]
                elif op == PJ_F_FALSE or op == PJ_B_FALSE:
                    if stack.pop():
                        pc += 1
                    else:
                        pc = args[pc]
                elif op == PJ_F_TRUE or op == PJ_B_TRUE:
                    if stack.pop():
                        pc = args[pc]
                    else:
                        pc += 1
                elif op == JUMP_BACKWARD or op == JUMP_FORWARD or op == JUMP_BACKWARD_NO_INTERRUPT:
                    pc = args[pc]
                elif handlers[op] is not None:
                    # Everything not executed inline below: one table call.  (Each
                    # ``op ==`` test costs ~7 ns; an op past the whole chain paid
                    # ~200 ns before its handler ran.)
                    r = handlers[op](f, args[pc])
                    pc = nexts[pc] if r is None else r
                elif op == LOAD_ATTR:
                    stack[-1] = getattr(stack[-1], f.names[args[pc]])
                    pc = nexts[pc]
                elif op == LOAD_METHOD:
                    stack.append(getattr(stack[-1], f.names[args[pc]]))
                    stack[-2] = Null
                    pc = nexts[pc]
                elif op == PRECALL:
                    pc = nexts[pc]
                elif op == CALL:
                    argc = args[pc]
                    n = len(stack)
                    if stack[n - 2 - argc] is Null:
                        fn = stack[n - 1 - argc]
                        cargs = stack[n - argc:]
                    else:
                        fn = stack[n - 2 - argc]
                        cargs = stack[n - 1 - argc:]
                    del stack[n - 2 - argc:]
                    kwargs = None
                    if kwnames is not None:
                        nk = len(kwnames)
                        kwargs = dict(zip(kwnames, cargs[len(cargs) - nk:]))
                        del cargs[len(cargs) - nk:]
                        kwnames = None
                    tfn = type(fn)
                    if tfn is MethodType and type(fn.__func__) is Func:
                        cargs.insert(0, fn.__self__)
                        fn = fn.__func__
                        tfn = Func
                    if tfn is Func:
                        nf = Frame(fn, bind_args(fn, cargs, kwargs, fn.dec.nlocalsplus))
                        if ts.depth >= limit.value:
                            raise recursion_error()
                        ts.depth += 1
                        # CPython's inlined call skips CALL's caches first: the
                        # caller's lasti (tb_lasti) is the last cache unit.
                        f.pc = nexts[pc]
                        f.lasti = f.pc - 1
                        nf.back = f
                        f = nf
                        break
                    if tfn is type_:
                        init = _plain_init(fn)
                        if init is not None:
                            # C(...) of a plain class: run __init__ as a VM frame
                            obj = new_object(fn)
                            cargs.insert(0, obj)
                            nf = Frame(init, bind_args(init, cargs, kwargs, init.dec.nlocalsplus))
                            if ts.depth >= limit.value:
                                raise recursion_error()
                            ts.depth += 1
                            nf.init_self = obj
                            f.lasti = pc
                            f.pc = nexts[pc]
                            nf.back = f
                            f = nf
                            break
                    sp = special.get(id(fn))
                    if sp is not None:
                        stack.append(sp(f, fn, cargs, kwargs))
                    elif kwargs:
                        stack.append(fn(*cargs, **kwargs))
                    else:
                        try:
                            r = fn(*cargs)
                        except TypeError as e:
                            if not _wants_real_function(fn, cargs, e):
                                raise
                            r = Null
                        if r is Null:  # retry outside the except block (exc state)
                            r = fn(*_host_callables(cargs))
                        stack.append(r)
                        r = None
                    fn = cargs = kwargs = None
                    pc = nexts[pc]
                elif op == KW_NAMES:
                    kwnames = f.consts[args[pc]]
                    pc += 1
                elif op == POP_TOP:
                    stack.pop()
                    pc += 1
                elif op == RETURN_VALUE:
                    v = stack.pop()
                    if f.init_self is not Null:
                        if v is not None:
                            raise TypeError(f"__init__() should return None, not "
                                            f"'{type(v).__name__}'")
                        v = f.init_self
                    ts.depth -= 1
                    if f.entry:
                        f.pc = -1
                        return v
                    f = f.back
                    f.stack.append(v)
                    break
                elif op == PUSH_NULL:
                    stack.append(Null)
                    pc += 1
                elif op == CALL_FUNCTION_EX:
                    nf = call_function_ex(f, stack, pc, args[pc], ts)
                    if nf is not None:
                        f = nf
                        break
                    pc += 1
                elif op == RETURN_GENERATOR:
                    f.lasti = pc
                    f.pc = pc + 1
                    gen = _gen.make_generator(f)
                    ts.depth -= 1
                    back = f.back
                    f.back = None
                    if f.entry:
                        f.entry = False
                        return gen
                    f = back
                    f.stack.append(gen)
                    break
                elif op == YIELD_VALUE:
                    v = stack.pop()
                    f.lasti = pc
                    f.pc = pc + 1
                    ts.depth -= 1
                    return v
                elif op == SEND:
                    v = stack.pop()
                    done, r = _gen.send(stack[-1], v)
                    v = None
                    if done:
                        stack[-1] = r
                        pc = args[pc]
                    else:
                        stack.append(r)
                        pc += 1
                    r = None
                else:
                    raise SystemError(f"pyjit: no handler for opcode {op}")
            continue  # a frame switch: reload the locals above
        except BaseException as e:
            exc = e
        # Unwind outside the host's except block, so the host's "handled exception"
        # stays what the VM's PUSH_EXC_INFO/POP_EXCEPT made it (see excstate).
        f.lasti = pc
        try:
            f = _unwind(f, pc, exc, ts)
        finally:
            # When the exception leaves ``run``, this frame is in its traceback:
            # holding it here would make a cycle keeping every VM frame alive.
            exc = None
        kwnames = None


def _unwind(f, pc, exc, ts):
    """Find the handler for ``exc`` raised at unit ``pc`` of ``f``, popping frames.

    Returns the frame to continue in (its ``pc`` set to the handler), or
    re-raises ``exc`` out of ``run`` when the entry frame has no handler.
    """
    if type(exc) is Reraise:
        exc = exc.exc
        tb = exc.__traceback__
        add = False  # RERAISE does not add this frame again
    else:
        tb = strip(exc.__traceback__)
        add = True
    while True:
        if add:
            tb = vm_entry(tb, f, pc, f.dec.line_at(pc))
        add = True
        h = f.dec.handlers[pc]
        if h is not None:
            exc.__traceback__ = tb
            target, depth, push_lasti = h
            st = f.stack
            del st[depth:]
            if push_lasti:
                st.append(pc)
            st.append(exc)
            f.pc = target
            return f
        ts.depth -= 1
        if f.entry:
            exc.__traceback__ = tb
            f.pc = -1
            f.stack = []
            f = tb = None  # this frame joins the traceback: keep nothing alive from it
            try:
                raise_no_chain(exc)
            finally:
                exc = None
        f = f.back
        pc = f.lasti


_object_new = object.__new__
_object_init = object.__init__


def _plain_init(cls):
    """``cls.__init__`` if ``cls(...)`` is just object.__new__ + a VM ``__init__``."""
    try:
        if cls.__new__ is not _object_new:
            return None
        init = cls.__init__
    except AttributeError:
        return None
    return init if type(init) is Function else None


# Host functions that accept only a real ``types.FunctionType`` (PyFunction_Check)
# where users pass callables: (builtin name, the TypeError they raise otherwise).
_REAL_FUNCTION_ONLY = {
    ("split", "expected a function, exception type or tuple of exception types"),
    ("subgroup", "expected a function, exception type or tuple of exception types"),
}


def _wants_real_function(fn, args, exc):
    """Did host ``fn`` refuse a VM function where it wanted a real one?"""
    return (type(fn) is types.BuiltinMethodType
            and (fn.__name__, str(exc)) in _REAL_FUNCTION_ONLY
            and any(type(a) is Function for a in args))


def _host_callable(func):
    def call(*args, **kwargs):
        return func(*args, **kwargs)
    return call


def _host_callables(args):
    """``args`` with each VM function wrapped in a real host function that calls it."""
    return [_host_callable(a) if type(a) is Function else a for a in args]


def call_function_ex(f, stack, pc, arg, ts):
    """CALL_FUNCTION_EX (``f(*args, **kwargs)``), for both eval loops.  Returns the
    frame to switch to, or None when the result is already on the stack."""
    kwargs = stack.pop() if arg & 1 else None
    cargs = stack.pop()
    fn = stack.pop()
    stack.pop()  # the NULL below the callable
    if kwargs is not None and type(kwargs) is not dict:
        kwargs = _merge_kwargs(fn, kwargs)
    if type(cargs) is not tuple:
        cargs = _star_args(fn, cargs)
    tfn = type(fn)
    if tfn is _MethodType and type(fn.__func__) is Function:
        cargs = (fn.__self__,) + cargs
        fn = fn.__func__
        tfn = Function
    if tfn is Function:
        nf = Frame(fn, bind_args(fn, cargs, kwargs, fn.dec.nlocalsplus))
        if ts.depth >= RecursionLimit.value:
            raise recursion_error()
        ts.depth += 1
        f.lasti = pc
        f.pc = pc + 1
        nf.back = f
        return nf
    sp = SPECIAL.get(id(fn))
    if sp is not None:
        stack.append(sp(f, fn, list(cargs), kwargs))
    elif kwargs:
        stack.append(fn(*cargs, **kwargs))
    else:
        stack.append(fn(*cargs))
    return None


def _merge_kwargs(fn, kwargs):
    d = {}
    try:
        keys = kwargs.keys()
    except AttributeError:
        raise TypeError(f"{H.funcstr(fn)} argument after ** must be a mapping, not "
                        f"{type(kwargs).__name__}") from None
    for k in keys:
        if k in d:
            raise TypeError(f"{H.funcstr(fn)} got multiple values for keyword argument '{k}'")
        d[k] = kwargs[k]
    return d


def _star_args(fn, cargs):
    if not hasattr(type(cargs), "__iter__") and not hasattr(type(cargs), "__getitem__"):
        raise TypeError(f"{H.funcstr(fn)} argument after * must be an iterable, not "
                        f"{type(cargs).__name__}")
    return tuple(cargs)


# ---------------------------------------------------------------------------
# operator tables (indexed by oparg), from opcodes.BINARY_OP_TABLE / COMPARE_OP_TABLE
BINOPS = tuple(b.function for b in O.BINARY_OP_TABLE)
COMPARES = tuple(c.function for c in O.COMPARE_OP_TABLE)

# The loops advance these by 1 without consulting ``nexts`` (FOR_ITER: tier
# specialize's back-edge fusion): they must have no caches.
for _name in ("LOAD_FAST", "LOAD_CONST", "STORE_FAST", "POP_TOP", "PUSH_NULL", "KW_NAMES",
              "FOR_ITER", "CALL_FUNCTION_EX", "RETURN_GENERATOR", "YIELD_VALUE", "SEND",
              "POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE"):
    assert O.OPS[_name].cache == 0, _name
del _name


from . import generators as _gen  # noqa: E402  (generators imports this module)
