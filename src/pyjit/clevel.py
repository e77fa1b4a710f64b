"""The recursion levels CPython 3.11 counts for C calls and comparisons, applied
while a trace or profile hook is set (issue #17).

CPython 3.11 has one counter per thread (``tstate->recursion_remaining``,
against ``sys.getrecursionlimit()``): every Python frame takes a level
(``_PyEval_EvalFrameDefault``'s ``start_frame``: pyjit's VM depth,
:attr:`ThreadState.depth <pyjit.frame.ThreadState>`), and so does every C
call that goes through ``_Py_EnterRecursiveCall`` -- while it runs, so a frame
or a check it reaches is one level deeper:

* ``" while calling a Python object"``: the C calls of the generic ``CALL``:
  builtin functions and methods of every calling convention
  (``cfunction_enter_call``, ``method_enter_call``; METH_VARARGS through
  ``_PyObject_MakeTpCall``), types without a ``tp_vectorcall``
  (``_PyObject_MakeTpCall``: ``int``, ``str``, ``bytes``... -- not ``list``,
  ``dict``, ``float``, ``type``...), slot wrappers and method-wrappers; and every
  such call of ``CALL_FUNCTION_EX`` (``PyObject_Call``).  The specialized forms
  a warm ``CALL`` becomes skip the check for METH_FASTCALL functions and
  methods (with or without keywords), ``len``, ``isinstance``, ``list.append``
  of a list, ``str(x)``, ``tuple(x)``, ``type(x)`` and types with a
  ``tp_vectorcall`` (``PRECALL_NO_KW_BUILTIN_FAST`` ...); METH_O and
  METH_NOARGS keep it (``PRECALL_NO_KW_BUILTIN_O``,
  ``PRECALL_NO_KW_METHOD_DESCRIPTOR_O`` ...), and METH_VARARGS is never
  specialized.
* ``" in comparison"``: ``PyObject_RichCompare`` (the generic ``COMPARE_OP``);
  a warm ``COMPARE_OP`` followed by a conditional jump skips it for two
  one-digit ints, two floats, and ``==``/``!=`` of two strs
  (``COMPARE_OP_INT_JUMP`` ...).

With a hook set CPython's traced code runs every instruction in its generic
form (``DO_TRACING`` dispatches the deoptimized opcode), while a hook's own code
runs untraced and, called at every event, specialized: so the traced loop
(:mod:`pyjit.traceloop`) counts a level for the generic forms in program code
(``ts.tracing == 0``) and for what the specialized forms keep in hook code
(``warm``).  A hook's ``RecursionError`` at the limit then comes where
CPython's does, with its message (the hook's own frames were already VM
frames: counted).  Without a hook nothing here runs: the tiers' loops count
VM frames only (notes/design.md, "Recursion": C calls use the host's room).
``exec``/``eval`` count their level themselves, in every mode
(:mod:`pyjit.vmbuiltins`).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import builtins
import ctypes
import types

from .frame import RecursionLimit
from .typelookup import is_type, type_flags, type_in
from .opcodes import (POP_JUMP_BACKWARD_IF_FALSE, POP_JUMP_BACKWARD_IF_TRUE,
                      POP_JUMP_FORWARD_IF_FALSE, POP_JUMP_FORWARD_IF_TRUE)

_BUILTIN = frozenset({types.BuiltinFunctionType,
                      type(__import__("re").compile("").match)})  # (PyCMethod: METH_METHOD)
_DESCRIPTOR = types.MethodDescriptorType
_ALWAYS = frozenset({types.WrapperDescriptorType, types.MethodWrapperType,
                     types.ClassMethodDescriptorType})  # (tp_call: _PyObject_MakeTpCall)
_METH_MASK = 0x1 | 0x2 | 0x4 | 0x8 | 0x80 | 0x200  # VARARGS KEYWORDS NOARGS O FASTCALL METHOD
_FAST = frozenset({0x80, 0x80 | 0x2})              # METH_FASTCALL [| METH_KEYWORDS]
_METH_O = 0x8
_HEAPTYPE = 1 << 9
# offsets in 3.11's structs (64-bit): PyCFunctionObject.m_ml, PyMethodDescrObject.d_method,
# PyMethodDef.ml_flags, PyTypeObject.tp_vectorcall
_M_ML, _D_METHOD, _ML_FLAGS, _TP_VECTORCALL = 16, 40, 16, 400
_ptr = ctypes.c_void_p.from_address
_int = ctypes.c_int.from_address
_len = builtins.len
_isinstance = builtins.isinstance
_list_append = list.append
_str = str
_JUMPS = frozenset({POP_JUMP_FORWARD_IF_FALSE, POP_JUMP_FORWARD_IF_TRUE,
                    POP_JUMP_BACKWARD_IF_FALSE, POP_JUMP_BACKWARD_IF_TRUE})

# id(a pyjit stand-in for a builtin, or of a function that is a builtin's method
# in CPython) -> the builtin (a callable whose calling convention is read)
EQUIVALENT: dict = {}
# ids of builtins whose pyjit stand-in counts its own level (exec, eval: in every mode)
SELF_COUNTED: set = set()

CALL_MESSAGE = "maximum recursion depth exceeded while calling a Python object"
COMPARE_MESSAGE = "maximum recursion depth exceeded in comparison"


def _flags(fn):
    """``ml_flags`` of a builtin function or method descriptor."""
    ml = _ptr(id(fn) + (_M_ML if type_in(type(fn), _BUILTIN) else _D_METHOD)).value
    return _int(ml + _ML_FLAGS).value & _METH_MASK


def call_counts(fn, argc, kwargs, warm):
    """Does CPython 3.11's ``CALL`` of ``fn`` (``argc`` arguments, self included
    for a method; ``kwargs``: keywords given) take a recursion level, in its
    generic form or (``warm``) its specialized one?"""
    t = type(fn)
    if type_in(t, _BUILTIN) or t is _DESCRIPTOR:
        if id(fn) in SELF_COUNTED:
            return False
        if not warm:
            return True
        flags = _flags(fn)
        if flags in _FAST:
            return bool(kwargs) and t is _DESCRIPTOR  # (keywords: not specialized)
        if flags == _METH_O:
            if fn is _len or fn is _list_append or (
                    t is not _DESCRIPTOR and type(fn.__self__) is list and fn.__name__ == "append"):
                return False  # PRECALL_NO_KW_LEN, PRECALL_NO_KW_LIST_APPEND
        return True
    if type_in(t, _ALWAYS):
        return True
    if is_type(fn):
        if type_flags(fn) & _HEAPTYPE:
            # a class: type_call's level is not counted (by any of pyjit's
            # loops; notes/design.md, "Known differences")
            return False
        if _ptr(id(fn) + _TP_VECTORCALL).value:
            return False
        if warm and argc == 1 and not kwargs and fn is _str:
            return False  # PRECALL_NO_KW_STR_1
        return True
    eq = EQUIVALENT.get(id(getattr(fn, "__func__", fn)))
    if eq is not None and (type_in(type(eq), _BUILTIN) or type(eq) is _DESCRIPTOR):
        return call_counts(eq, argc, kwargs, warm)  # (a builtin: no second lookup)
    return False


def ex_counts(fn):
    """The same for ``CALL_FUNCTION_EX`` (never specialized: ``PyObject_Call``)."""
    return call_counts(fn, 0, None, False)


def compare_counts(a, b, op, next_op, warm):
    """Does CPython 3.11's ``COMPARE_OP`` (``op``: its oparg, ``next_op``: the
    instruction after it) of ``a`` and ``b`` take a level?"""
    if not warm or next_op not in _JUMPS:
        return True
    ta = type(a)
    if ta is not type(b):
        return True
    if ta is int:
        return not (-(1 << 30) < a < (1 << 30) and -(1 << 30) < b < (1 << 30))
    if ta is float:
        return False
    if ta is str:
        return op not in (2, 3)  # (== and !=)
    return True


def level(ts, message, limit=RecursionLimit):
    """Take a level (``_Py_EnterRecursiveCall``): the caller gives it back."""
    if ts.depth >= limit.value:
        raise RecursionError(message)
    ts.depth += 1


def same_as(stand_in, builtin):
    """``stand_in`` (pyjit's Python function or method) is ``builtin`` in CPython."""
    EQUIVALENT[id(stand_in)] = builtin
