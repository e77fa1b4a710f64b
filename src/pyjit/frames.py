"""``sys._getframe`` and friends, seen from the user's side of the VM.

The host's frame stack is a mix of host frames (stdlib, pyjit itself) and
pyjit's eval loop, whose one host frame (the selected tier's
:meth:`~pyjit.tiers.Tier.run`) executes a chain of VM frames.  Code that
walks frames -- ``sys._getframe`` callers such as ``collections.namedtuple``, ``enum``, ``typing`` (they read the caller's
``__name__``), ``inspect.stack``, ``traceback.print_stack``, ``logging``'s
``findCaller`` and ``warnings.warn``'s ``stacklevel`` -- must see the stack a
CPython run would have: the user's VM frames in place of each ``run`` frame,
and none of pyjit's own frames.

:func:`getframe` replaces ``sys._getframe`` while a program runs.  It returns
*views*: :class:`VMFrameView` for VM frames and :class:`HostFrameView` for host
frames, both passing ``isinstance(x, types.FrameType)`` and linked by a logical
``f_back``.  What views do not do (documented in notes/design.md):
``f_locals`` of a VM frame is a snapshot (as 3.11's is for function frames;
written back only after a trace function ran, as CPython's
``PyFrame_LocalsToFast``).  A VM frame has one view while anything holds it
(debuggers compare frames by identity); ``f_trace`` and its flags are the
traced loop's (:mod:`pyjit.tracing`).  ``clear()``
does what CPython's does: a finished frame's locals go (in index order), a
suspended generator's frame closes the generator, an executing frame refuses.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import gc
import sys
import types
import weakref

from . import frame as _frame
from . import jumps, tiers
from .null import NULL
from .tracebacks import is_internal
from .typelookup import is_type, type_name

_real_getframe = sys._getframe
_weakref = weakref.ref
_FrameType = types.FrameType
# Code of the pyjit functions that start a program (runner): the logical stack ends there.
_bottoms: set = set()

def mark_bottom(function):
    """Frames of ``function`` (and below) are not part of the user's stack."""
    _bottoms.add(function.__code__)
    return function


# Host code of eval loops other than the tier's own (the traced loop,
# pyjit.traceloop): their frames run VM frames too, with locals ``f`` and ``pc``.
_loop_codes: set = set()


def register_loop(function):
    """``function`` is an eval loop (locals ``f`` and ``pc``, as the tiers' ``run``)."""
    _loop_codes.add(function.__code__)
    return function


def _vm_state(host_frame):
    """The innermost VM frame that a ``run`` host frame is executing, and its pc
    (``(None, 0)`` once that ``run`` has finished)."""
    # 3.11's f_locals of a function frame is a snapshot dict kept on the frame
    # and never written back (no tracing here); empty it again so the snapshot
    # does not keep the loop's temporaries alive (that would delay __del__).
    d = host_frame.f_locals
    f = d.get("f")
    pc = d.get("pc")
    d.clear()
    if f is None:
        return None, 0
    if f.pc < 0:
        # finished: the loop is popping it (its locals are being released, and a
        # __del__ looks), so it is gone from the stack as in CPython (GH-99729)
        f = f.back
        return (None, 0) if f is None else (f, f.lasti)
    if pc == -1:  # the loop handed the frame to generated code (tier specialize's blocks)
        return f, tiers.selected().block_pc(host_frame, f)
    return f, (f.lasti if pc is None else pc)


def _is_loop(code):
    return code is tiers.selected().loop_code or code in _loop_codes


def _live_pc(frame):
    """Where VM frame ``frame`` is: the loop's ``pc`` if it is the innermost frame
    of a running loop, else its ``lasti`` (a caller, a suspended or finished frame).
    An eval loop that handed its frame to a runner (tier jit's recorder, a
    compiled trace) is stopped at the back-edge that did so: its ``pc`` is stale,
    the runner knows where the frame is (its position) or has kept ``lasti``."""
    runners = tiers.selected().compiled_runners
    handed = False
    callee = None   # the pc a native callee run from Python shows ``frame``'s function at
    # (the entry frame of the eval loop or runner just above, and its pc: the frame
    # an exit of the loop's code -- call_loop -- rebuilt for ``frame``'s function,
    # which runs on in the interpreter or a recording in place of ``frame``;
    # loopcall.left)
    rebuilt = None
    host = _real_getframe(1)
    while host is not None:
        code = host.f_code
        if code in runners:
            position = runners[code](host)
            if position is not None and position[0] is frame:
                if position[1] is not None:
                    return position[1]
                # (a function trace's frame whose loop's code runs it now --
                # call_loop: that native callee's entry, first in its chain --
                # or the native callee run from Python just above -- is where
                # the frame is; frame.lasti is where the function trace entered)
                inlined = position[2]
                if inlined and inlined[0][0] is frame.func:
                    return inlined[0][1]
                if callee is not None:
                    return callee
                if rebuilt is not None and rebuilt[0].func is frame.func:
                    return rebuilt[1]
                return frame.lasti
            callee = rebuilt = None
            if position is not None:
                if position[0] is None:
                    if position[2] and position[2][0][0] is frame.func:
                        callee = position[2][0][1]
                elif position[1] is not None:
                    rebuilt = _entry_of(position[0], position[1])
            handed = True
        elif _is_loop(code):
            f, pc = _vm_state(host)
            if f is frame:
                return frame.lasti if handed else pc
            handed = False   # (only the loop right below a runner handed its frame over)
            callee = None
            rebuilt = None if f is None else _entry_of(f, pc)
        host = host.f_back
    return frame.lasti


def _entry_of(f, pc):
    """The entry frame of the chain ``f`` (at ``pc``) is the innermost of, and its pc."""
    g = f
    while g.back is not None:
        g = g.back
    return g, (pc if g is f else g.lasti)


def _host_of(frame):
    """The host frame whose chain of VM frames holds ``frame`` (or None): an eval
    loop's, or a runner's (tier jit's recorder runs a frame the eval loop of an
    exit rebuilt, which no loop holds).  The outermost such: a frame an entry
    frame's ``back`` links to (tier jit's ``call_loop_in`` while recording,
    jit/record/loopstop.py) is in the chains of loops above its own too, and
    what is below it is below its own (the innermost made the views go round:
    ``f_back`` of the bottom frame led to the top again)."""
    runners = tiers.selected().compiled_runners
    found = None
    host = _real_getframe(1)
    while host is not None:
        code = host.f_code
        if _is_loop(code):
            f, _ = _vm_state(host)
        elif code in runners:
            position = runners[code](host)
            f = None if position is None else position[0]
        else:
            f = None
        while f is not None:
            if f is frame:
                found = host
                break
            f = f.back
        host = host.f_back
    return found


def _logical_from_host(host):
    """The first logical frame at or above host frame ``host`` (``None`` at the bottom)."""
    tier = tiers.selected()
    # host frames that run VM frames on the loop's behalf (tier jit's recorder and
    # compiled traces): code -> position(host frame), see Tier.compiled_runners
    runners = tier.compiled_runners
    while host is not None:
        code = host.f_code
        if _is_loop(code):
            f, _ = _vm_state(host)
            if f is not None:
                return visible_view(f)
        elif code in runners:
            view = _compiled_views(host, runners[code](host))
            if view is not None:
                return view
        elif code in _bottoms:
            return None  # below here is pyjit starting the program: not the user's stack
        elif not is_internal(code.co_filename):
            return host_view(host)
        host = host.f_back
    return None


def creators(f, depth):
    """``cr_origin`` of a coroutine whose frame ``f`` was just made:
    (filename, line, function name) of up to ``depth`` logical frames, its
    creator's first (CPython's ``compute_cr_origin``)."""
    if f.back is not None:
        v = visible_view(f.back)
    else:  # made for host code: the logical stack from the loop running ``f``
        v = _logical_from_host(_real_getframe(1))
        if isinstance(v, VMFrameView) and v._frame is f:
            v = v.f_back
    out = []
    while v is not None and len(out) < depth:
        code = v.f_code
        out.append((code.co_filename, v.f_lineno, code.co_name))
        v = v.f_back
    return tuple(out)


def visible(f):
    """``f``, or the first caller of it that the program can see: the frames of
    pyjit's VM-level builtins (:mod:`pyjit.seethrough`) stand for C calls, which
    have no frame.  None if the chain ends at such a frame: an entry frame
    (tier jit's ``call_loop_in`` runs one whose caller a compiled trace
    inlined, jit/record/loopstop.py) -- :func:`visible_view` finds the caller."""
    while f.dec.hidden:
        f = f.back
        if f is None:
            return None
    return f


def visible_view(f):
    """The view of :func:`visible` ``f``: past a hidden entry frame, the logical
    frame above the host frame that runs it (what called it: a compiled trace)."""
    v = visible(f)
    if v is not None:
        return view_of(v)
    while f.back is not None:
        f = f.back
    host = _host_of(f)
    return None if host is None else _logical_from_host(host.f_back)


def view_of(f):
    """The view of VM frame ``f``: one object while anything holds it (debuggers
    compare frames by identity: ``frame is self.stopframe``).  The frame holds it
    weakly: no cycle keeps a finished frame's locals alive."""
    try:
        v = f.view()
    except AttributeError:  # (the slot is unset until a view is first made)
        v = None
    if v is None:
        v = VMFrameView(f)
        f.view = _weakref(v)
    return v


# id(real frame) -> weak reference to its HostFrameView.  (Not a
# WeakValueDictionary: its Python code calls builtins -- super() -- which a
# program may have replaced.)
_host_views: dict = {}


def _host_view_gone(ref, views=_host_views):
    for k, r in list(views.items()):
        if r is ref:
            del views[k]
            return


def host_view(real):
    """The view of host frame ``real`` (one object while anything holds it)."""
    r = _host_views.get(id(real))
    v = None if r is None else r()
    if v is None or v._real is not real:
        v = HostFrameView(real)
        _host_views[id(real)] = _weakref(v, _host_view_gone)
    return v


# Set once a VM frame may have been given a trace function (sys.settrace, or
# frame.f_trace assigned): only then can held_by_frame_traces find one.
FTRACE_SET = False


def held_by_frame_traces(obj):
    """Is ``obj`` reachable from the trace function (``f_trace``) of a frame
    that has not finished -- a suspended generator's or coroutine's?

    CPython 3.11 does not let its garbage collector see such a frame's
    ``f_trace``: the frame object of a frame still running or suspended is not
    tracked (``_PyFrame_New_NoTrack``), so what its ``f_trace`` holds is
    external to every cycle and is never collected.  A traced generator whose
    ``f_trace`` is a function of ``__main__`` (its globals: the namespace that
    holds the generator) keeps ``__main__``'s namespace alive to the end: it is
    never cleared, and the generators there are not closed.  (Exit only: it
    walks the heap.)"""
    if not FTRACE_SET:
        return False
    import gc
    from .frame import Frame
    roots = [t for o in gc.get_objects() if type(o) is Frame and o.pc >= 0
             and (t := getattr(o, "ftrace", None)) is not None]
    # Not through modules (CPython empties sys.modules before that collection;
    # and the builtins' stand-ins, pyjit's functions, would lead through its own
    # modules to every program namespace): ``obj`` is found through module
    # objects or namespaces only if it is one of them.
    seen = {id(sys.modules)}
    for m in list(sys.modules.values()):
        if isinstance(m, types.ModuleType) and m is not obj and vars(m) is not obj:
            seen.add(id(m))
            seen.add(id(vars(m)))
    while roots:
        o = roots.pop()
        if o is obj:
            return True
        if id(o) not in seen:
            seen.add(id(o))
            roots.extend(gc.get_referents(o))
    return False


def frame_locals(fr):
    """``locals()`` / ``f_locals`` of a VM frame: its mapping (module and class
    bodies), or for a function frame one dict per frame, refreshed from the fast
    locals on each call and never written back -- 3.11's semantics, so names
    that ``exec()`` added to it stay visible to later ``locals()`` calls."""
    if fr.locals is not None:
        return fr.locals
    d = getattr(fr, "snapshot", None)  # the slot stays unset until first asked
    if d is None:
        d = fr.snapshot = {}
    code = fr.code
    nvars = len(code.co_varnames)
    cellvars = code.co_cellvars
    fast = fr.fast if fr.pc != _frame.RELEASED else fr.fast[::-1]  # (see frame.release)
    for i, (name, value) in enumerate(zip(fr.dec.localsplus_names, fast)):
        if value is not NULL and type(value) is types.CellType and (
                i >= nvars or name in cellvars):
            try:
                value = value.cell_contents
            except ValueError:
                value = NULL
        if value is NULL:
            d.pop(name, None)
        else:
            d[name] = value
    return d


class _FrameView:
    __slots__ = ()

    # isinstance(view, types.FrameType) is what inspect and traceback check.
    @property
    def __class__(self):
        return _FrameType

    f_trace = None
    f_trace_lines = True
    f_trace_opcodes = False


class VMFrameView(_FrameView):
    """A VM frame (:class:`pyjit.frame.Frame`) looking like a host frame."""

    __slots__ = ("_frame", "_fixed", "_gen", "_event", "__weakref__")

    def __init__(self, frame, pc=None, gen=None):
        self._frame = frame
        self._event = None  # the event a hook is being called for (pyjit.tracing._hook)
        # the position compiled code running this frame published, or (while
        # the traced loop reports an event of this frame) where it stopped
        self._fixed = pc
        # a weak reference to the generator owning the frame, when known (as
        # CPython's frame object, the view does not keep its generator alive)
        self._gen = None if gen is None else weakref.ref(gen)

    def clear(self):
        """CPython's ``frame.clear()``: a finished frame releases its locals (in
        index order); a suspended generator's frame finalizes the generator
        (``_PyGen_Finalize``: it is closed); an executing frame cannot be cleared."""
        f = self._frame
        if f.pc < 0:
            _frame.clear(f)
            return
        gen = self._gen() if self._gen is not None else None
        if gen is None:
            gen = _generator_of(f)
        if gen is None or gen.running:
            raise RuntimeError("cannot clear an executing frame")
        gen._finalize()

    @property
    def _pc(self):
        # Read live, as a frame object's f_lineno is: the innermost VM frame of a
        # running loop is at the loop's ``pc``; the others saved theirs in ``lasti``.
        if self._fixed is not None:
            return self._fixed
        return _live_pc(self._frame)

    # the trace hooks' per-frame state (pyjit.tracing reads it from the frame)
    @property
    def f_trace(self):
        return getattr(self._frame, "ftrace", None)

    @f_trace.setter
    def f_trace(self, value):
        global FTRACE_SET
        FTRACE_SET = True
        self._frame.ftrace = value

    @f_trace.deleter
    def f_trace(self):
        self._frame.ftrace = None

    @property
    def f_trace_lines(self):
        return getattr(self._frame, "tlines", True)

    @f_trace_lines.setter
    def f_trace_lines(self, value):
        if type(value) is not bool:
            raise TypeError("attribute value type must be bool")
        self._frame.tlines = value

    @property
    def f_trace_opcodes(self):
        return getattr(self._frame, "topcodes", False)

    @f_trace_opcodes.setter
    def f_trace_opcodes(self, value):
        if type(value) is not bool:
            raise TypeError("attribute value type must be bool")
        self._frame.topcodes = value

    @property
    def f_code(self):
        return self._frame.code

    @property
    def f_globals(self):
        return self._frame.globals

    @property
    def f_builtins(self):
        return self._frame.builtins

    @property
    def f_lasti(self):
        return self._pc * 2

    @property
    def f_lineno(self):
        line = self._frame.dec.line_at(self._pc)
        if line is None and (self._fixed is None or self._fixed < 0):
            return self._frame.code.co_firstlineno
        # (None during a hook's event at an instruction without a line -- an
        # exception's clean-up: CPython's call_trace sets f_lineno from the line
        # table, -1 there, which the getter shows as None)
        return line

    @f_lineno.setter
    def f_lineno(self, value):
        # a debugger's jump: CPython's rules and errors (pyjit.jumps); the traced
        # loop goes on at the target when the hook returns (tracing.line_event)
        target = jumps.jump(self._frame, self._pc, self._event, value)
        _frame.thread_state().jump = target
        self._fixed = target

    @f_lineno.deleter
    def f_lineno(self):
        raise AttributeError("cannot delete attribute")

    @property
    def f_locals(self):
        # (PyFrame_FastToLocalsWithError: the next hook's call refreshes the
        # snapshot first and writes it back after; locals() does not mark it)
        f = self._frame
        if f.locals is None:
            f.fastlocals = True
        return frame_locals(f)

    @property
    def f_back(self):
        back = self._frame.back
        if back is not None:
            return visible_view(back)  # (a caller: where its lasti says)
        host = _host_of(self._frame)
        return None if host is None else _logical_from_host(host.f_back)

    def __repr__(self):
        code = self._frame.code
        return (f"<frame at 0x{id(self):x}, file {code.co_filename!r}, line {self.f_lineno}, "
                f"code {code.co_name}>")


def _named_frame(cls):
    """The views' classes are named as CPython's frame type (``type(f)`` prints
    ``<class 'frame'>``; their ``__class__`` is FrameType already).  Their
    ``__qualname__`` stays pyjit's, which tells a VM frame's view from a host's."""
    cls.__name__ = "frame"
    cls.__module__ = "builtins"
    return cls


_named_frame(VMFrameView)


def _compiled_views(host, position):
    """The views of the VM frames host frame ``host`` runs: the frames a compiled
    trace inlined, innermost first, on top of the real frames, the innermost at
    the position published, the others where their ``lasti`` says.  (The real
    frame's view is its one view, read live: :func:`_live_pc` finds the same
    position while ``host`` runs it.)  A native callee's position has no real
    frame (None): its frames go on top of the logical frame below ``host``."""
    if position is None:
        return None
    f, pc, inlined = position
    if f is None:   # a native callee: on top of its caller's frames, below the host frame
        view = _logical_from_host(host.f_back)
    elif pc is None:   # ``f`` stands for the frame its native callee shows (a call_loop's)
        view = VMFrameView(f).f_back
    else:
        view = visible_view(f)
    for i, (func, fpc) in enumerate(inlined):
        if not func.dec.hidden:
            view = InlinedFrameView(func, fpc, view, id(host), i)
    return view


@_named_frame
class InlinedFrameView(_FrameView):
    """A frame that compiled code inlined (it exists only as a snapshot of the
    trace): its code, globals and line are known; its locals live in machine
    registers, so ``f_locals`` is empty (notes/jit.md)."""

    __slots__ = ("_func", "_pc", "f_back", "_host", "_index")

    def __init__(self, func, pc, back, host=None, index=0):
        self._func = func
        self._pc = pc
        self.f_back = back
        self._host = host     # id of the runner's host frame (never the frame: lifetimes)
        self._index = index   # the frame's place in the runner's inlined chain

    f_code = property(lambda self: self._func.code)
    f_globals = property(lambda self: self._func.globals)
    f_builtins = property(lambda self: self._func.builtins)
    f_locals = property(lambda self: {})

    def _live(self):
        """The frame's pc now: while the runner that made the view is still running
        with this function at the same place of its inlined chain, where that
        runner's position says (a view read after the code went on: CPython's
        frame object shows the current line); else where it was last seen."""
        if self._host is not None:
            host = _real_getframe(2)
            runners = tiers.selected().compiled_runners
            while host is not None:
                if id(host) == self._host:
                    position = runners.get(host.f_code)
                    position = position(host) if position is not None else None
                    if position is not None:
                        inlined = position[2]
                        if len(inlined) > self._index and inlined[self._index][0] is self._func:
                            self._pc = inlined[self._index][1]
                    break
                host = host.f_back
        return self._pc

    f_lasti = property(lambda self: self._live() * 2)

    @property
    def f_lineno(self):
        line = self._func.dec.line_at(self._live())
        return line if line is not None else self._func.code.co_firstlineno

    def __repr__(self):
        code = self._func.code
        return (f"<frame at 0x{id(self):x}, file {code.co_filename!r}, line {self.f_lineno}, "
                f"code {code.co_name}>")


def _generator_of(f):
    """The generator whose suspended frame ``f`` is, or None (a view from
    ``sys._getframe`` does not know it; ``clear()`` is rare enough to search)."""
    for r in gc.get_referrers(f):
        if getattr(r, "frame", None) is f and hasattr(type(r), "_finalize"):
            return r
    return None


@_named_frame
class HostFrameView(_FrameView):
    """A host frame whose ``f_back`` follows the logical stack (the rest, ``clear()``
    and the trace attributes included, is the real frame's)."""

    __slots__ = ("_real", "__weakref__")

    def __init__(self, real):
        object.__setattr__(self, "_real", real)

    def __setattr__(self, name, value):
        setattr(self._real, name, value)

    def __delattr__(self, name):
        delattr(self._real, name)

    f_trace = property(lambda self: self._real.f_trace)
    f_trace_lines = property(lambda self: self._real.f_trace_lines)
    f_trace_opcodes = property(lambda self: self._real.f_trace_opcodes)

    @property
    def f_back(self):
        return _logical_from_host(self._real.f_back)

    def __getattr__(self, name):
        return getattr(self._real, name)

    def __repr__(self):
        return repr(self._real)


def getframe(depth=0, /):
    """``sys._getframe`` over the logical stack."""
    if not issubclass(type(depth), int):
        return _real_getframe(depth)  # the host's TypeError
    frame = _logical_from_host(_real_getframe(1))
    while depth > 0 and frame is not None:
        frame = frame.f_back
        depth -= 1
    if frame is None:
        raise ValueError("call stack is not deep enough")
    return frame


def _is_importlib_frame(frame):
    filename = frame.f_code.co_filename
    return "importlib" in filename and "_bootstrap" in filename


def warn(message, category=None, stacklevel=1, source=None):
    """``warnings.warn`` finding its ``stacklevel`` frame on the logical stack.

    The host's C ``warn`` walks the host's frames, where the caller of a VM
    function is pyjit's eval loop.  This is Lib/warnings.py's pure-Python
    ``warn``, with :func:`getframe` for ``sys._getframe``.
    """
    if isinstance(message, Warning):
        category = type(message)   # (C get_category: Py_TYPE)
    if category is None:
        category = UserWarning
    if not (is_type(category) and issubclass(category, Warning)):
        raise TypeError("category must be a Warning subclass, "
                        "not '{:s}'".format(type_name(type(category))))
    frame = getframe(0)  # the caller: this function's own frame is pyjit's
    if stacklevel <= 1 or (frame is not None and _is_importlib_frame(frame)):
        for _ in range(stacklevel - 1):
            frame = frame.f_back if frame is not None else None
    else:
        for _ in range(stacklevel - 1):
            frame = frame.f_back
            while frame is not None and _is_importlib_frame(frame):
                frame = frame.f_back
            if frame is None:
                break
    if frame is None:
        globals_ = sys.__dict__
        filename = "sys"
        lineno = 1
    else:
        globals_ = frame.f_globals
        filename = frame.f_code.co_filename
        lineno = frame.f_lineno
    module = globals_["__name__"] if "__name__" in globals_ else "<string>"
    registry = globals_.setdefault("__warningregistry__", {})
    # Like the host's C warn(), and unlike warnings.py's, no module_globals: the
    # source line comes from linecache by filename.
    _warn_explicit(message, category, filename, lineno, module, registry, None, source)


_warn_explicit = None


def install():
    global _warn_explicit
    import warnings
    _warn_explicit = warnings.warn_explicit
    sys._getframe = getframe
    warnings.warn = warn

