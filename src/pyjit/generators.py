"""Generators, coroutines and async generators whose frames run in the VM.

A generator owns a suspended :class:`~pyjit.frame.Frame`; each resumption by
host code runs it as an entry frame of a nested :meth:`~pyjit.tiers.Tier.run`
of the selected tier until it yields or returns (SEND from VM code pushes it
in the running loop instead: :func:`pyjit.calls.send_push`).  The objects follow CPython 3.11's ``genobject.c``:
``send``/``throw``/``close`` (with ``yield from`` delegation through
``gi_yieldfrom``), PEP 479, "already executing" checks, finalization on
garbage collection, and the per-generator "handled exception" state.  They are
registered with ``collections.abc`` so ``for``, ``asyncio`` and ``inspect``
accept them.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import collections.abc as cabc
import functools
import sys
import types
import warnings
import weakref

from . import frames as _frames
from .deferred import UnraisableHookArgs as _UnraisableHookArgs, defer as _defer
from . import opcodes as O
from .excstate import raise_no_chain, set_exc_info
from .frame import discard, enter, kept_exc, push_entry, restore_callers, thread_state
from .function import QUALNAME, set_instance_descriptor
from .native import STATE as _native
from .tracebacks import leave_vm
from .typelookup import (exc_context, exc_traceback, is_type, set_exc_cause,
                         set_exc_context, set_exc_traceback, type_name)

_exception = sys.exception
_RESUME = O.RESUME


_origin_depth = sys.get_coroutine_origin_tracking_depth


# What runs a generator's own frame resumed by host code (``frame.enter``'s
# ``run``): None, the tier's eval loop; tier jit sets its ``functions.resumed``.
RESUMED = None


def make_generator(frame):
    flags = frame.code.co_flags
    if flags & O.CO_COROUTINE:
        coro = Coroutine(frame)
        depth = _origin_depth()
        if depth:  # sys.set_coroutine_origin_tracking_depth
            coro._origin = _frames.creators(frame, depth)
        return coro
    if flags & O.CO_ASYNC_GENERATOR:
        return AsyncGenerator(frame)
    return Generator(frame)


class _GenBase:
    __slots__ = ("frame", "running", "exc_state", "started", "name", "qualname", "code",
                 "__weakref__")
    _kind = "generator"

    def __init__(self, frame):
        self.frame = frame
        self.running = False
        self.exc_state = None
        self.started = False
        self.code = frame.code
        self.name = frame.func.name
        self.qualname = frame.func.qualname

    # -- core: resume the frame --------------------------------------------
    def _resume(self, value, exc=None, push=True):
        """Run the frame with ``value`` sent (or ``exc`` thrown) into it.

        ``push=False`` continues a frame whose stack already holds what its next
        instruction expects (a delegate finished during ``throw``).

        Returns ``(returned, value)``: returned is True when the frame finished
        with ``return value``.  Exceptions propagate (PEP 479 applied).
        """
        f = self.frame
        if self.running:
            raise ValueError(f"{self._kind} already executing")
        if f is None:
            if self._kind == "coroutine":
                raise RuntimeError("cannot reuse already awaited coroutine")
            if exc is not None:
                raise exc
            return True, None
        if not self.started:
            if exc is None and value is not None:
                raise TypeError(f"can't send non-None value to a just-started {self._kind}")
            self.started = True
        ts = thread_state()
        push_entry(f, ts)
        caller_exc = _exception()
        if self.exc_state is not None:
            set_exc_info(self.exc_state)
            if exc is not None:
                _chain(exc, self.exc_state)
        if exc is None and push and f.pc != f.lasti:
            # (pc == lasti: a trace function jumped from the last yield's return
            # event, the frame resumes at the target: pyjit.tracing.yield_jumped)
            f.stack.append(value)
        f = None  # (an exception's traceback holds this host frame: not the VM frame)
        return self._run(None, ts, exc, caller_exc)

    def _run(self, inner, ts, exc, caller_exc):
        """Run the pushed frame (``inner``: the innermost frame running in it, at
        its pc; None: the generator's own) until it yields or returns:
        ``_resume``'s end, also where tier jit leaves a trace inside a
        resumption it began (jit/protocols.py)."""
        f = self.frame
        if inner is None:
            inner = f
        self.running = True
        f.callers = caller_exc  # (what its POP_EXCEPT may restore: excstate.CALLERS)
        err = None
        try:
            # (a coroutine resumed at an await: tier jit's resumption trace entered
            # without an eval loop first -- jit/functions.resumed)
            r = enter(inner, ts, exc,
                      run=RESUMED if inner is f and self._kind == "coroutine" else None)
        except BaseException as e:
            err = e
        self.running = False
        f.callers = None
        if err is not None:
            # restore the caller's handled exception outside the host's except block
            self.frame = None
            self.exc_state = None
            restore_callers(caller_exc)
            err = self._converted(err)
            f = exc = caller_exc = None  # (this frame joins the traceback)
            try:
                raise_no_chain(err)
            finally:
                err = None
        if f.pc < 0:  # returned
            self.frame = None
            self.exc_state = None
            restore_callers(caller_exc)
            return True, r
        self.exc_state = kept_exc(f.code, f.lasti, caller_exc)
        return False, r

    def _converted(self, e):
        """PEP 479: StopIteration leaving the frame becomes RuntimeError."""
        if issubclass(type(e), StopIteration):
            return _from_cause(RuntimeError(f"{self._kind} raised StopIteration"), e)
        return e

    # -- delegation (yield from / await) ------------------------------------
    def _yieldfrom(self):
        f = self.frame
        if f is None or not self.started or f.pc < 0 or self.running:
            return None  # (running: its SEND is executing, CPython's _PyGen_yf says None)
        nxt = f.pc
        if f.dec.ops[nxt] != _RESUME or f.dec.args[nxt] < 2:
            return None
        return f.stack[-1] if f.stack else None

    def _send(self, value):
        returned, r = self._resume(value)
        return returned, r

    def _throw(self, exc, close_on_genexit=True):
        yf = self._yieldfrom()
        if yf is not None:
            if issubclass(type(exc), GeneratorExit) and close_on_genexit:
                self.running = True
                try:
                    _close_iter(yf)
                except BaseException as e:
                    self.running = False
                    return self._resume(None, e)
                self.running = False
                return self._resume(None, exc)
            self.running = True
            no_throw = False
            try:
                if isinstance(yf, _GenBase):
                    # CPython links this frame under the delegate's while the
                    # delegate runs for the throw: the delegate's f_back is
                    # this frame, not throw()'s caller
                    sub = yf.frame
                    if sub is not None and sub.back is None:
                        sub.back = self.frame
                    try:
                        returned, r = yf._throw(exc, close_on_genexit)
                    finally:
                        if sub is not None and sub.back is self.frame:
                            sub.back = None
                        sub = None
                    if not returned:
                        self.running = False
                        return False, r
                    sub_value = r
                else:
                    meth = getattr(yf, "throw", None)
                    if meth is None:
                        # (CPython's throw_here: raised in this frame as it is --
                        # below, outside this try, whose handler is the delegate's)
                        no_throw = True
                    else:
                        try:
                            r = meth(exc)
                            self.running = False
                            return False, r
                        except StopIteration as si:
                            sub_value = si.value
            except BaseException as e:
                self.running = False
                # the delegate raised: pop it and raise in this frame at the SEND loop
                f = self.frame
                f.stack.pop()
                f.lasti = _send_of(f)
                return self._resume(None, e)
            self.running = False
            if no_throw:
                return self._resume(None, exc)
            # the delegate finished: pop it and continue after the SEND loop
            f = self.frame
            f.stack.pop()
            send_at = _send_of(f)
            f.pc = f.dec.args[send_at]
            f.stack.append(sub_value)
            return self._resume(None, None, push=False)
        return self._resume(None, exc)

    def _close(self):
        f = self.frame
        if f is None:
            return None
        if not self.started:
            if not thread_state().hooks:
                self.frame = None
                discard(f)
                return None
            # a hook is set: CPython runs the frame, which raises at its start
            # (the hooks see its call, exception and return)
            self.started = True
        try:
            returned, r = self._throw(GeneratorExit())
        except (GeneratorExit, StopIteration) as e:
            # Swallowed here, never seen by user code: its traceback still holds
            # pyjit's frames (and through them the generator's locals) -- let
            # them go now, as CPython's C close() would.
            set_exc_traceback(e, None)
            return None
        if not returned:
            raise RuntimeError(f"{self._kind} ignored GeneratorExit")
        return r

    def _finalize(self):
        """CPython's _PyGen_Finalize, on garbage collection and ``frame.clear()``:
        a suspended generator is closed (errors go to ``sys.unraisablehook``); an
        unstarted one lets its frame's arguments go."""
        f = self.frame
        if f is None or self.running:
            return
        if not self.started and not thread_state().hooks:
            self.frame = None
            discard(f)
            return
        f = None
        try:
            self._close()
        except BaseException as e:
            sys.unraisablehook(_Unraisable(e, self))

    def __del__(self):
        if self.frame is None:   # (finished: every _finalize has nothing to do)
            return
        if thread_state().internal:
            # on a thread of pyjit's own: a program thread closes it (pyjit.deferred)
            _defer(self._finalize, (), {}, self)
            return
        self._finalize()

    def __reduce__(self):
        raise TypeError(f"cannot pickle '{type_name(type(self))}' object")

    # -- introspection -------------------------------------------------------
    def _frame_view(self):
        f = self.frame
        if f is None:
            return None
        view = _frames.view_of(f)
        view._gen = weakref.ref(self)
        return view


    def __repr__(self):
        return f"<{self._kind} object {self.qualname} at {id(self):#x}>"


def _chain(exc, handled):
    """An exception thrown into a generator suspended in an ``except`` block gets
    that block's exception as its context (``_PyErr_ChainStackItem``, with
    ``_PyErr_SetObject``'s cut of a cycle)."""
    if exc is handled:
        return
    o = handled
    while o is not None:
        ctx = exc_context(o)
        if ctx is exc:
            set_exc_context(o, None)
            break
        o = ctx
    set_exc_context(exc, handled)


def _from_cause(new, cause):
    set_exc_cause(new, cause)
    set_exc_context(new, cause)
    return new


def _send_of(f):
    """The SEND instruction of the yield-from loop ``f`` is suspended in."""
    # suspended at YIELD_VALUE; the loop is SEND; YIELD_VALUE; RESUME; JUMP_BACKWARD_NO_INTERRUPT
    i = f.lasti
    ops = f.dec.ops
    while i >= 0 and ops[i] != O.SEND:
        i -= 1
    return i


def _Unraisable(exc, obj):
    """The argument of ``sys.unraisablehook`` for ``exc`` ignored in ``obj``'s finalizer."""
    return _UnraisableHookArgs((type(exc), exc, exc_traceback(exc), None, obj))


def _close_iter(yf):
    if isinstance(yf, _GenBase):
        yf._close()
        return
    meth = getattr(yf, "close", None)
    if meth is not None:
        meth()


def _normalize_throw(kind, typ, val, tb):
    if tb is not None and not isinstance(tb, types.TracebackType):
        raise TypeError("throw() third argument must be a traceback object")
    if is_type(typ) and issubclass(typ, BaseException):
        # PyErr_NormalizeException: a failure becomes the exception thrown in
        try:
            if val is None:
                exc = typ()
            elif isinstance(val, typ):
                exc = val
            elif issubclass(type(val), tuple):
                exc = typ(*val)
            else:
                exc = typ(val)
        except BaseException as e:
            exc = e
        if not issubclass(type(exc), BaseException):
            exc = TypeError(f"calling {typ!r} should have returned an instance of "
                            f"BaseException, not {type_name(type(exc))}")
    elif issubclass(type(typ), BaseException):
        if val is not None:
            raise TypeError("instance exception may not have a separate value")
        exc = typ
    else:
        raise TypeError(f"exceptions must be classes or instances deriving from BaseException, "
                        f"not {type_name(type(typ))}")
    if tb is not None:
        set_exc_traceback(exc, tb)
    return exc


# ---------------------------------------------------------------------------
# Host-facing methods: an exception leaving the VM through them must not carry
# pyjit's own frames in its traceback (host code may print it).

def host_entry(method):
    @functools.wraps(method)
    def entry(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except BaseException as e:
            leave_vm(e)
            raise
    return entry


# The introspection attributes, which each class names with its prefix (gi_, cr_,
# ag_): running, code, the object it delegates to (gi_yieldfrom, cr_await,
# ag_await), frame, suspended.
_GETTERS = (
    lambda self: self.running,
    lambda self: self.code,
    lambda self: self._yieldfrom(),
    lambda self: self._frame_view(),
    lambda self: self.frame is not None and self.started and not self.running,
)


def _views(prefix, kind, names, members=("code",)):
    """The read-only views ``prefix + name`` of a ``kind`` object, refusing
    assignment and deletion with CPython's messages (a getset's, or a
    member's "readonly attribute" for ``members``)."""
    out = []
    for name, get in zip(names, _GETTERS):
        attr = f"{prefix}_{name}"
        msg = "readonly attribute" if name in members else \
            f"attribute '{attr}' of '{kind}' objects is not writable"

        def refuse(self, value=None, _msg=msg):
            raise AttributeError(_msg)

        out.append(property(get, refuse, refuse))
    return out


class _SendThrow(_GenBase):
    """send(), throw() and close(): generators' and coroutines' (an async
    generator has asend() and athrow() instead)."""
    __slots__ = ()

    def send(self, value):
        # (host_entry's, inline: a scheduler's loop resumes its coroutines here,
        # one host frame fewer per resumption -- and to walk: pyjit.hostroom)
        try:
            returned, r = self._resume(value)
            if returned:
                raise StopIteration(r) if r is not None else StopIteration
        except BaseException as e:
            leave_vm(e)
            raise
        return r

    @host_entry
    def throw(self, typ, val=None, tb=None):
        returned, r = self._throw(_normalize_throw(self._kind, typ, val, tb))
        if returned:
            raise StopIteration(r) if r is not None else StopIteration
        return r

    @host_entry
    def close(self):
        self._close()


class Generator(_SendThrow):
    __slots__ = ()

    @property
    def __class__(self):  # isinstance(x, types.GeneratorType), inspect.is*(): see Function
        return types.GeneratorType

    def __iter__(self):
        return self

    def __next__(self):
        loop = _native.loop
        if loop is not None:      # from a compiled trace: count it (see pyjit.native)
            loop.pycalls += 1
            _native.loop = None
            try:
                return self.__next__()
            finally:
                _native.loop = loop
        try:
            returned, r = self._resume(None)
        except BaseException as e:
            leave_vm(e)
            raise
        if returned:
            if r is None:
                raise StopIteration
            raise StopIteration(r)
        return r

    gi_running, gi_code, gi_yieldfrom, gi_frame, gi_suspended = _views(
        "gi", "generator", ("running", "code", "yieldfrom", "frame", "suspended"))


class Coroutine(_SendThrow):
    __slots__ = ("_origin",)

    @property
    def __class__(self):  # isinstance(x, types.CoroutineType), inspect.is*(): see Function
        return types.CoroutineType
    _kind = "coroutine"

    def __await__(self):
        return _CoroWrapper(self)

    def _finalize(self):
        f = self.frame
        if f is not None and not self.started:
            # As CPython's _PyErr_WarnUnawaitedCoroutine; the warning's frame is
            # whatever VM frame dropped the last reference (warnings sees the
            # logical stack, see frames.warn).  The arguments go after it.
            self.frame = None
            _warn_unawaited(self)
            discard(f)
            return
        f = None
        super()._finalize()

    def _readonly(self, value=None):
        raise AttributeError("readonly attribute")

    cr_origin = property(lambda self: getattr(self, "_origin", None), _readonly, _readonly)

    cr_running, cr_code, cr_await, cr_frame, cr_suspended = _views(
        "cr", "coroutine", ("running", "code", "await", "frame", "suspended"))


def _warn_unawaited(coro):
    """CPython's ``_PyErr_WarnUnawaitedCoroutine``: through
    ``warnings._warn_unawaited_coroutine`` (it adds where the coroutine was
    made); if that is missing or fails other than with the warning itself
    (an error filter), a plain warning; errors go to ``sys.unraisablehook``."""
    warned = False
    err = None
    fn = getattr(warnings, "_warn_unawaited_coroutine", None)
    if fn is not None:
        try:
            fn(coro)
            warned = True
        except BaseException as e:
            warned = issubclass(type(e), RuntimeWarning)
            err = e
    if err is not None:
        sys.unraisablehook(_Unraisable(err, coro))
        err = None
    if not warned:
        try:
            warnings.warn(f"coroutine '{coro.qualname}' was never awaited", RuntimeWarning,
                          1, coro)
        except BaseException as e:
            sys.unraisablehook(_Unraisable(e, coro))


class _CoroWrapper:
    """What ``coroutine.__await__()`` returns (CPython's coroutine_wrapper)."""
    __slots__ = ("coro",)

    def __init__(self, coro):
        self.coro = coro

    def __iter__(self):
        return self

    def __reduce__(self):
        raise TypeError(f"cannot pickle '{type_name(type(self))}' object")

    @host_entry
    def __next__(self):
        return self.coro.send(None)

    @host_entry
    def send(self, v):
        return self.coro.send(v)

    @host_entry
    def throw(self, typ, val=None, tb=None):
        return self.coro.throw(typ, val, tb)

    @host_entry
    def close(self):
        return self.coro.close()


# ---------------------------------------------------------------------------
# async generators

class AsyncGenWrapped:
    """A value yielded by ``yield`` in an async generator (not by an inner await)."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class AsyncGenerator(_GenBase):
    # (``running_async``: CPython's ag_running_async -- an __anext__()/asend()/
    # athrow()/aclose() step is under way, its frame running or suspended in
    # an inner await; what ag_running shows, and why a second step started
    # meanwhile is refused, "already running")
    __slots__ = ("hooks_inited", "finalizer", "closed", "running_async")

    @property
    def __class__(self):  # isinstance(x, types.AsyncGeneratorType), inspect.is*(): see Function
        return types.AsyncGeneratorType
    _kind = "async generator"

    def __init__(self, frame):
        super().__init__(frame)
        self.hooks_inited = False
        self.finalizer = None
        self.closed = False
        self.running_async = False

    def _converted(self, e):
        if issubclass(type(e), StopIteration):
            return _from_cause(RuntimeError("async generator raised StopIteration"), e)
        if issubclass(type(e), StopAsyncIteration):
            return _from_cause(RuntimeError("async generator raised StopAsyncIteration"), e)
        return e

    def _init_hooks(self):
        if self.hooks_inited:
            return
        self.hooks_inited = True
        firstiter, finalizer = sys.get_asyncgen_hooks()
        self.finalizer = finalizer
        if firstiter is not None:
            firstiter(self)

    def __aiter__(self):
        return self

    def __anext__(self):
        self._init_hooks()
        return _ASend(self, None)

    def asend(self, value):
        self._init_hooks()
        return _ASend(self, value)

    def athrow(self, typ, val=None, tb=None):
        self._init_hooks()
        return _AThrow(self, _normalize_throw(self._kind, typ, val, tb), False)

    def aclose(self):
        self._init_hooks()
        return _AThrow(self, None, True)

    ag_running, ag_code, ag_await, ag_frame = _views(  # (3.11: no ag_suspended)
        "ag", "async_generator", ("running", "code", "await", "frame"),
        members=("running", "code"))
    # (3.11's ag_running is the member ag_running_async)
    ag_running = property(lambda self: self.running_async, ag_running.fset, ag_running.fdel)

    def _finalize(self):
        if self.frame is not None and self.started and not self.running:
            fin = self.finalizer
            if fin is not None:
                self.finalizer = None
                fin(self)
                return
        super()._finalize()

    def _unwrap(self, returned, r):
        """Turn a frame result into an awaitable step: StopIteration carries a yield
        (the step ends: not running any more, as an exception ends it)."""
        if returned:
            self.closed = True
            self.running_async = False
            raise StopAsyncIteration
        if type(r) is AsyncGenWrapped:
            self.running_async = False
            raise StopIteration(r.value)
        return r


class _Awaitable:
    """An awaitable that is its own iterator, stepped by its send()."""
    __slots__ = ()

    def __await__(self):
        return self

    def __iter__(self):
        return self

    def __next__(self):
        return self.send(None)


class _ASend(_Awaitable):
    __slots__ = ("gen", "value", "state")

    def __init__(self, gen, value):
        self.gen, self.value, self.state = gen, value, 0

    @host_entry
    def send(self, v):
        if self.state == 2:
            raise RuntimeError("cannot reuse already awaited __anext__()/asend()")
        gen = self.gen
        if self.state == 0:
            if gen.running_async:
                raise RuntimeError("anext(): asynchronous generator is already running")
            if gen.closed:
                self.state = 2
                raise StopAsyncIteration
            if v is None:
                v = self.value
            self.state = 1
        gen.running_async = True
        try:
            return gen._unwrap(*gen._resume(v))
        except BaseException:
            self.state = 2
            gen.running_async = False
            raise

    @host_entry
    def throw(self, typ, val=None, tb=None):
        if self.state == 2:
            raise RuntimeError("cannot reuse already awaited __anext__()/asend()")
        try:
            return self.gen._unwrap(*self.gen._throw(_normalize_throw("", typ, val, tb)))
        except BaseException:
            self.state = 2
            self.gen.running_async = False
            raise

    def close(self):
        self.state = 2


class _AThrow(_Awaitable):
    __slots__ = ("gen", "exc", "is_close", "state")

    def __init__(self, gen, exc, is_close):
        self.gen, self.exc, self.is_close, self.state = gen, exc, is_close, 0

    def _step(self, fn):
        gen = self.gen
        try:
            returned, r = fn()
        except (StopAsyncIteration, GeneratorExit) if self.is_close else () as e:
            self.state = 2
            gen.closed = True
            gen.running_async = False
            set_exc_traceback(e, None)  # swallowed (see _close)
            raise StopIteration from None
        except BaseException:
            self.state = 2
            gen.closed = True
            gen.running_async = False
            raise
        if returned:
            self.state = 2
            gen.closed = True
            gen.running_async = False
            if self.is_close:
                raise StopIteration
            raise StopAsyncIteration
        if type(r) is AsyncGenWrapped:
            gen.running_async = False
            if self.is_close:
                self.state = 2
                raise RuntimeError("async generator ignored GeneratorExit")
            raise StopIteration(r.value)
        return r

    @host_entry
    def send(self, v):
        gen = self.gen
        if self.state == 2:
            raise RuntimeError("cannot reuse already awaited aclose()/athrow()")
        if self.state == 0:
            if gen.running_async:
                self.state = 2
                raise RuntimeError(f"{'aclose' if self.is_close else 'athrow'}(): "
                                   "asynchronous generator is already running")
            if gen.closed or gen.frame is None:
                self.state = 2
                gen.closed = True
                if self.is_close:
                    raise StopIteration
                raise StopAsyncIteration
            if not gen.started and self.is_close:
                gen.frame = None
                self.state = 2
                gen.closed = True
                raise StopIteration
            self.state = 1
            gen.running_async = True
            exc = GeneratorExit() if self.is_close else self.exc
            if not gen.started:
                gen.started = True
            return self._step(lambda: gen._throw(exc))
        return self._step(lambda: gen._resume(v))

    @host_entry
    def throw(self, typ, val=None, tb=None):
        if self.state == 2:
            raise RuntimeError("cannot reuse already awaited aclose()/athrow()")
        exc = _normalize_throw("", typ, val, tb)
        return self._step(lambda: self.gen._throw(exc))

    def close(self):
        self.state = 2


# ---------------------------------------------------------------------------
# SEND support for the eval loop (GET_AWAITABLE's: pyjit.awaitables)

def send(receiver, value):
    """PyIter_Send: ``(True, return value)`` or ``(False, yielded value)``."""
    t = type(receiver)
    if t is Generator or t is Coroutine:
        return receiver._resume(value)
    try:
        if value is None and hasattr(t, "__next__"):
            return False, next(receiver)
        return False, receiver.send(value)
    except StopIteration as e:
        return True, e.value


cabc.Generator.register(Generator)
cabc.Coroutine.register(Coroutine)
cabc.AsyncGenerator.register(AsyncGenerator)


# (not in the class body: see function.set_instance_descriptor)
set_instance_descriptor(_GenBase, "__qualname__", QUALNAME)


def _get_name(self):
    return self.name


def _set_name(self, value):
    if not issubclass(type(value), str):
        raise TypeError("__name__ must be set to a string object")
    self.name = value


def _del_name(self):
    raise TypeError("__name__ must be set to a string object")


set_instance_descriptor(_GenBase, "__name__", property(_get_name, _set_name, _del_name))

# The methods' docstrings are CPython's (help(), doctests that print them).
for _cls, _host in ((Generator, types.GeneratorType), (Coroutine, types.CoroutineType),
                    (AsyncGenerator, types.AsyncGeneratorType)):
    for _name in ("__next__", "__iter__", "send", "throw", "close", "__await__",
                  "__anext__", "__aiter__", "asend", "athrow", "aclose"):
        _m = getattr(_cls, _name, None)
        _h = getattr(_host, _name, None)
        if _name not in vars(_cls) and isinstance(_m, types.FunctionType) and _h is not None:
            # shared with another class (_SendThrow's): a copy of its own, to hold
            # this class's docstring (the same code object: no cost)
            _m = types.FunctionType(_m.__code__, _m.__globals__, _m.__name__, _m.__defaults__,
                                    _m.__closure__)
            _m.__qualname__ = f"{_cls.__qualname__}.{_name}"
            setattr(_cls, _name, _m)
        if _m is not None and _h is not None and hasattr(_m, "__doc__"):
            try:
                _m.__doc__ = _h.__doc__
            except (AttributeError, TypeError):
                pass
del _m, _h, _host

# Host messages and reprs name these types by their CPython names.
for _cls, _name in ((Generator, "generator"), (Coroutine, "coroutine"),
                    (AsyncGenerator, "async_generator"), (_CoroWrapper, "coroutine_wrapper"),
                    (_ASend, "async_generator_asend"), (_AThrow, "async_generator_athrow"),
                    (AsyncGenWrapped, "async_generator_wrapped_value")):
    _cls.__name__ = _cls.__qualname__ = _name
    _cls.__module__ = "builtins"
del _cls, _name

# frame.gen_yielded/pop/unwind tell an async generator's frame a SEND pushed by
# its awaitable step (pyjit.calls.send_push)
from . import frame as _frame  # noqa: E402
_frame.ASEND, _frame.WRAPPED = _ASend, AsyncGenWrapped
