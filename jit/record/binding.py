"""Binding a call's arguments to a VM function's parameters, at record time.

The shape of a call -- how many positional arguments, which keyword names --
is fixed by the instruction, and the function by a guard, so which argument
lands in which parameter is decided once, here, exactly as
:func:`pyjit.function.bind_args` (CPython's ``initialize_locals``) decides it
at run time: the trace only moves values.  What the trace still computes:

* defaults that are not constants (a positional default that is a list, or any
  default of a function known only by its code): read from the function each
  call, behind guards on the defaults tuple;
* keyword-only defaults: looked up in the function's ``__kwdefaults__`` dict each
  call (a program may change that dict in place: the next call sees it), a guard
  leaving the trace if the name is gone;
* ``*args``: a tuple of the extra positional values; ``**kwargs``: a dict of the
  extra keywords, in the call's order.

A call that does not bind raises CPython's TypeError while recording (the
interpreter raises it at the call).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit import opcodes as O
from pyjit.function import binding_error
from pyjit.null import NULL

from ..ir import const_int, const_ptr
from ..llvm.layout import FUNCTION_MEMBERS
from .core import Raised, atomic



def function_slot(r, vfn, name):
    """The trace's read of slot ``name`` of the Function ``vfn``."""
    return r.emit("getattr_slot", [vfn, const_ptr(name), const_int(FUNCTION_MEMBERS[name])],
                  r.before())


class _Defaults:
    """The defaults of one call, read from the function at most once."""

    def __init__(self, r, fn, vfn, fixed):
        self.r, self.fn, self.vfn, self.fixed = r, fn, vfn, fixed
        self.tuple = None
        self.kwdict = None

    def positional(self, k):
        """Trace value of ``fn.defaults[k]``."""
        fn, r = self.fn, self.r
        d = fn.defaults[k]
        if self.fixed and atomic(d):
            return r.const_value(d)   # (a change of __defaults__ drops every trace)
        if self.tuple is None:
            t = function_slot(r, self.vfn, "defaults")
            r.guard_class(t, tuple)
            r.emit("guard_len", [t, const_int(len(fn.defaults))], r.before())
            self.tuple = t
        return r.emit("tuple_getitem", [self.tuple, const_int(k)])

    def keyword(self, name):
        """Trace value of ``fn.kwdefaults[name]`` (leaves the trace if it is gone)."""
        r = self.r
        if self.kwdict is None:
            d = function_slot(r, self.vfn, "kwdefaults")
            r.guard_class(d, dict)
            self.kwdict = d
        v = r.emit("dict_getitem", [self.kwdict, const_ptr(name)], r.before())
        r.emit("guard_nonnull", [v], r.before())
        return v


def bind(r, fn, vfn, fixed, args, vargs, kwnames=()):
    """``(fast, vfast)``: the frame locals of ``fn(*args)`` -- its last
    ``len(kwnames)`` arguments passed by those keywords -- as objects (what
    ``bind_args`` would make) and as trace values (slot -> value).  ``vfn`` is
    the function's trace value (its defaults are read from it when they are not
    constants: ``fixed`` says it is ``fn`` itself)."""
    code = fn.code
    nk = len(kwnames)
    npos = len(args) - nk
    argcount = code.co_argcount
    kwonly = code.co_kwonlyargcount
    total = argcount + kwonly
    flags = code.co_flags
    nlocalsplus = fn.dec.nlocalsplus
    fast = [NULL] * nlocalsplus
    vfast = {}
    kwargs = dict(zip(kwnames, args[npos:]))

    def fail():
        try:
            binding_error(fn, args[:npos], kwargs)
        except BaseException as e:
            raise Raised(e) from None

    n = min(npos, argcount)
    for i in range(n):
        fast[i] = args[i]
        vfast[i] = vargs[i]
    if flags & O.CO_VARARGS:
        fast[total] = tuple(args[n:npos])
        vfast[total] = r.emit("build_tuple", vargs[n:npos], r.before()) if npos > n \
            else const_ptr(())
    elif npos > argcount:
        fail()
    extra_kw = None
    if flags & O.CO_VARKEYWORDS:
        extra_kw = []
    kwindex = fn.dec.kwindex
    for name, value, vvalue in zip(kwnames, args[npos:], vargs[npos:]):
        j = kwindex.get(name)
        if j is None:
            if extra_kw is None:
                fail()
            extra_kw.append((name, value, vvalue))
        elif fast[j] is not NULL:
            fail()
        else:
            fast[j] = value
            vfast[j] = vvalue
    defaults = _Defaults(r, fn, vfn, fixed)
    if npos < argcount:
        dflt = fn.defaults or ()
        m = argcount - len(dflt)
        for i in range(npos, argcount):
            if fast[i] is NULL:
                if i < m:
                    fail()
                fast[i] = dflt[i - m]
                vfast[i] = defaults.positional(i - m)
    if kwonly:
        kwdefaults = fn.kwdefaults
        varnames = code.co_varnames
        for i in range(argcount, total):
            if fast[i] is NULL:
                if kwdefaults is None or varnames[i] not in kwdefaults:
                    fail()
                fast[i] = kwdefaults[varnames[i]]
                vfast[i] = defaults.keyword(varnames[i])
    if extra_kw is not None:
        slot = total + (1 if flags & O.CO_VARARGS else 0)
        fast[slot] = {name: value for name, value, _ in extra_kw}
        vfast[slot] = r.emit("build_map", [v for name, _, vv in extra_kw
                                           for v in (const_ptr(name), vv)], r.before())
    return fast, vfast

