"""Calls, defined once: the generic CALL, CALL_FUNCTION_EX, ``C(...)``, and the
generators' RETURN_GENERATOR and SEND (YIELD_VALUE is :func:`pyjit.frame.suspend`).

Both eval loops run these instructions here (tier specialize's specialized
call forms too, when their guards miss); frames are pushed and popped by
:mod:`pyjit.frame`.  A call of a VM function pushes its frame in the running
loop (no host recursion), ``C(...)`` of a plain class runs ``object.__new__``
and a VM frame for ``__init__``, builtins that need the calling frame
(``locals()``, ``super()``...) get it (:data:`pyjit.vmbuiltins.SPECIAL`), and
everything else is called as the host calls it.

Functions that switch frames return the frame to continue in (the loop then
reloads it) or None when the running frame goes on with the result on its
stack; those that leave an entry frame return None and leave the value on its
stack for the loop to return.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import sys
import types

from . import generators as _gen
from . import opcodes as O
from .frame import Frame, RecursionLimit, push, suspend
from .function import Function, bind_args, funcstr
from .null import NULL
from .seethrough import BOUND, SeeThrough, arguments, for_site
from .vmbuiltins import SPECIAL
from .typelookup import type_name

_MethodType = types.MethodType
_BuiltinMethod = types.BuiltinMethodType
_object_new = object.__new__
_AFTER_CALL = 1 + O.OPS["CALL"].cache  # CALL's next unit, past its inline caches


def call(f, stack, pc, argc, ts):
    """CALL at unit ``pc`` of ``f`` with ``argc`` arguments (keyword names: the
    call site's KW_NAMES).  Returns the frame pushed, or None when the result is
    on the stack."""
    n = len(stack)
    if stack[n - 2 - argc] is NULL:
        fn = stack[n - 1 - argc]
        cargs = stack[n - argc:]
    else:
        fn = stack[n - 2 - argc]
        cargs = stack[n - 1 - argc:]
    del stack[n - 2 - argc:]
    kwargs = None
    kwnames = f.dec.kwnames[pc]
    if kwnames is not None:
        nk = len(kwnames)
        kwargs = dict(zip(kwnames, cargs[len(cargs) - nk:]))
        del cargs[len(cargs) - nk:]
    tfn = type(fn)
    if tfn is _MethodType and type(fn.__func__) is Function:
        cargs.insert(0, fn.__self__)
        fn = fn.__func__
        tfn = Function
    if tfn is Function:
        resume = pc + _AFTER_CALL
        if kwargs is None and fn.simple and len(cargs) == fn.code.co_argcount:
            # (bind_args' fast path, without the call: most calls are exact and
            # positional, as CPython's CALL_PY_EXACT_ARGS counts on)
            cargs.extend(fn.dec.unbound_rest)
            return push(f, Frame(fn, cargs), ts, resume, resume - 1)
        return push(f, Frame(fn, bind_args(fn, cargs, kwargs, fn.dec.nlocalsplus)), ts,
                    resume, resume - 1)
    if tfn is type:
        init = plain_init(fn)
        if init is not None:
            # CPython 3.11 calls the class (type_call): the caller's stack holds the
            # arguments, in their order, until the call returns
            held = cargs[:]
            if kwargs:
                held.extend(kwargs.values())
            held.reverse()  # (released last first: see frame.pop)
            obj = _object_new(fn)
            cargs.insert(0, obj)
            return enter_init(f, pc, init, obj, bind_args(init, cargs, kwargs,
                                                           init.dec.nlocalsplus), ts, held)
    sp = SPECIAL.get(id(fn))
    if sp is None and tfn is _BuiltinMethod and not ts.hooks:
        # lst.sort / sep.join bound (the unspecialized LOAD_METHOD pushes the bound
        # method, the specialized one the method descriptor and self): the same
        # see-through as the descriptor's
        bsp = BOUND.get((type(fn.__self__), fn.__name__))
        if bsp is not None:
            nf = see_through(f, pc, bsp, [fn.__self__] + cargs, kwargs, ts)
            if nf is not None:
                return nf
    if sp is not None:
        if type(sp) is SeeThrough and not ts.hooks:
            nf = see_through(f, pc, sp, cargs, kwargs, ts)
            if nf is not None:
                return nf
        stack.append(sp(f, fn, cargs, kwargs))
    elif kwargs:
        stack.append(fn(*cargs, **kwargs))
    else:
        try:
            r = fn(*cargs)
        except TypeError as e:
            if not _wants_real_function(fn, cargs, e):
                raise
            r = NULL
        if r is NULL:  # retry outside the except block (exception state)
            r = fn(*_host_callables(cargs))
        stack.append(r)
    return None


def see_through(f, pc, sp, cargs, kwargs, ts):
    """A builtin with a VM-level implementation (:mod:`pyjit.seethrough`): its
    frame, pushed, if the arguments select it (else None: the C builtin is
    called).  With a hook set the C builtin is always called (its events)."""
    npos = len(cargs)
    if kwargs:
        kwnames = tuple(kwargs)
        args = cargs + list(kwargs.values())
    else:
        kwnames = ()
        args = cargs
    chosen = sp.select(args, kwnames)
    if chosen is None:
        return None
    impl, spec, _ = chosen
    impl = for_site(impl, f.code, pc)
    nf = Frame(impl, arguments(spec, args, npos) + list(impl.dec.unbound_rest))
    # a C call: the caller holds the arguments until it returns (released in
    # order after the frame's locals), and its lasti stays at the CALL
    held = args[:]
    held.reverse()
    if sp.counted:
        if ts.depth >= RecursionLimit.value:
            # (the builtin's own recursion check: _Py_EnterRecursiveCall's message)
            raise RecursionError("maximum recursion depth exceeded while calling a Python object")
        nf.outside = (NULL, held)
    else:
        # a call CPython makes without a recursion check: its frame is not a
        # level (push counts it, pop and unwind give it back: the third item)
        nf.outside = (NULL, held, True)
        ts.depth -= 1
    return push(f, nf, ts, pc + _AFTER_CALL, pc)


def enter_init(f, pc, init, obj, fast, ts, held, resume=None):
    """``C(...)`` of a plain class: a frame for its VM ``__init__``, whose return
    makes the call's value ``obj`` (see :func:`pyjit.frame.pop`).

    CPython 3.11 does not inline a class call: its caller keeps the arguments
    (``held``: in stack order, reversed) until ``__init__``'s frame is gone, then
    drops them in order; and its lasti stays at the CALL.  ``resume``: where the
    caller continues (default: after the CALL's caches; tier jit inlines
    ``C(*args)`` too, a CALL_FUNCTION_EX, which has none)."""
    nf = Frame(init, fast)
    nf.outside = (obj, held)
    return push(f, nf, ts, pc + _AFTER_CALL if resume is None else resume, pc)


def plain_init(cls):
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


def call_ex(f, stack, pc, arg, ts):
    """CALL_FUNCTION_EX (``f(*args, **kwargs)``).  Returns the frame pushed, or
    None when the result is on the stack."""
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
        # CPython 3.11 does not inline f(*args): its caller holds the argument tuple
        # and the keyword dict until the call returns, then drops them in that order
        nf.outside = (NULL, [kwargs, cargs])
        return push(f, nf, ts, pc + 1, pc)
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
        raise TypeError(f"{funcstr(fn)} argument after ** must be a mapping, not "
                        f"{type_name(type(kwargs))}") from None
    for k in keys:
        if k in d:
            raise TypeError(f"{funcstr(fn)} got multiple values for keyword argument '{k}'")
        d[k] = kwargs[k]
    return d


def _star_args(fn, cargs):
    if not hasattr(type(cargs), "__iter__") and not hasattr(type(cargs), "__getitem__"):
        raise TypeError(f"{funcstr(fn)} argument after * must be an iterable, not "
                        f"{type_name(type(cargs))}")
    return tuple(cargs)


# ---------------------------------------------------------------------------
# generators

def return_generator(f, pc, ts):
    """RETURN_GENERATOR: ``f`` becomes the suspended frame of a new generator,
    coroutine or async generator, which is its call's value.  Returns the caller
    (the generator on its stack), or None for an entry frame (the generator on
    ``f``'s stack, for the loop to return)."""
    suspend(f, pc, ts)
    gen = _gen.make_generator(f)
    back = f.back
    f.back = None
    f.outside = None  # (a call CPython does not inline: its caller drops the arguments now)
    if f.entry:
        f.entry = False
        f.stack.append(gen)
        return None
    back.stack.append(gen)
    return back


_exception = sys.exception
_Generator = _gen.Generator
_Coroutine = _gen.Coroutine
_ASend = _gen._ASend
_AsyncGenerator = _gen.AsyncGenerator


def send_push(f, stack, pc, ts, limit=RecursionLimit):
    """SEND at ``pc`` to a suspended VM generator or coroutine (``yield from``,
    ``await``): its frame pushed in the running loop, as CPython 3.12's
    SEND_GEN does -- no host call, no nested loop per level of an await
    chain.  Returns that frame (the loop switches to it), or None where
    :func:`send` must do it (another delegate; a finished or running
    generator; one that keeps a handled exception; a hook set; the recursion
    limit).  The frame's ``outside`` holds its generator while it runs;
    ``frame.gen_yielded``, ``pop`` and ``unwind`` give its yield, return and
    exception to ``f``, which goes on at the YIELD_VALUE after the SEND (a
    yield) or at its target (a return) as :func:`send` would."""
    gen = stack[-2]
    t = type(gen)
    step = None
    if t is _ASend:
        # (``async for``'s __anext__(), asend(): the async generator's frame,
        # whose yield -- gen_yielded -- ends the step or yields on)
        step = gen
        gen = step.gen
        if step.state == 2 or type(gen) is not _AsyncGenerator:
            return None
    elif t is not _Coroutine and t is not _Generator:
        return None
    gf = gen.frame
    if gf is None or gen.running or gen.exc_state is not None or ts.hooks or \
            ts.depth >= limit.value or gf.pc == gf.lasti:
        return None
    if step is not None and step.state == 0:
        # (its first send: the step's own value, unless one is sent)
        if gen.closed or gen.running_async:
            return None    # (send's StopAsyncIteration, "already running")
        if stack[-1] is None:
            stack[-1] = step.value
    if not gen.started:
        if stack[-1] is not None:
            return None    # (send's TypeError)
        gen.started = True
    if step is not None:
        step.state = 1
        gen.running_async = True
    ts.depth += 1
    f.pc = pc + 1      # (a yield: the YIELD_VALUE after the SEND)
    f.lasti = pc
    gf.entry = False
    gf.back = f
    gf.outside = gen if step is None else step
    gf.callers = _exception()
    gf.stack.append(stack.pop())
    gen.running = True
    return gf


def send(stack, pc, target):
    """SEND (``yield from``/``await`` one step): the next unit -- ``target`` when
    the delegate finished (its return value on the stack), else the YIELD_VALUE
    after SEND (the value it yielded on the stack)."""
    v = stack.pop()
    done, r = _gen.send(stack[-1], v)
    if done:
        stack[-1] = r
        return target
    stack.append(r)
    return pc + 1
