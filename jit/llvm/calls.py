"""How emitters call the C-API: the three calling conventions native code uses.

* :func:`new_ref` -- a function returning a new reference, NULL when it raised;
* :func:`status` -- a function returning an int, negative when it raised;
* :func:`vectorcall` -- ``PyObject_Vectorcall`` with the arguments in the
  function's scratch array.

Each leaves through the current op's exception exit when the call raised.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

from .layout import UNLIKELY, VECTORCALL_ARGUMENTS_OFFSET, i64


def new_ref(e, fn, *args):
    """Call a C-API function returning a new reference; NULL raised."""
    v = e.call(fn, *args)
    e.check_raise(e.let(f"icmp eq ptr {v}, null"))
    return v


def status(e, fn, *args):
    """Call a C-API function returning an int, -1 when it raised."""
    r = e.call(fn, *args)
    e.check_raise(e.let(f"icmp slt i32 {r}, 0"))
    return r


def status_dropping(e, owned, fn, *args):
    """``status``, for a call that fills ``owned`` (a new object the op has not
    returned yet): if it raised, ``owned`` is released on the way out."""
    r = e.call(fn, *args)
    fail, ok = e.label("fill_failed"), e.label("filled")
    e.put(f"br i1 {e.let(f'icmp slt i32 {r}, 0')}, label %{fail}, label %{ok}, {UNLIKELY}")
    e.start(fail)
    e.call("Py_DecRef", owned)
    e.check_raise("true")
    e.put(f"br label %{ok}")
    e.start(ok)
    return r


def vectorcall(e, fn, args, kwnames, npos=None):
    """PyObject_Vectorcall(fn, args, npos | ARGUMENTS_OFFSET, kwnames): the
    args go in %argv[1:] so a bound method's callee may prepend self in
    argv[0] without copying."""
    e.argv_size = max(e.argv_size, len(args) + 1)
    for j, v in enumerate(args):
        e.put(f"store ptr {v}, ptr {e.item('%argv', str(j + 1))}")
    argp = e.item("%argv", "1")
    if npos is None:
        npos = str(len(args))
    nargsf = e.let(f"or i64 {npos}, {i64(VECTORCALL_ARGUMENTS_OFFSET)}")
    return e.call("PyObject_Vectorcall", fn, argp, nargsf, kwnames)
