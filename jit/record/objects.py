"""Recording program objects: attributes, methods, instantiation, ``super()``.

The guards are the facts the specializer's caches hold (``LOAD_ATTR_*``,
``LOAD_METHOD_*``, ``STORE_ATTR_*``, ``CALL_ALLOC_AND_ENTER_INIT``): the
object's class (``guard_class``) and that class's version tag
(``guard_type_version``: unchanged since recording, bases included), and for
a method looked up on an instance, that the instance cannot shadow it (its
``__dict__`` never materialized, and no instance of the class has an attribute
of that name: the shared keys did not grow).  Under those guards:

* an instance attribute is a load from the object's inline values
  (``getattr_values``) or ``__slots__`` member (``getattr_slot``) -- each with
  the generic lookup as its fallback when the object is not in that shape;
* a method is a constant: LOAD_METHOD pushes the function and ``self`` (no
  bound method is made), and the call is inlined;
* a property's getter is inlined; a class attribute that is a constant is one;
* ``C(...)`` of a class whose instances ``object.__new__`` makes is
  ``new_instance`` and its ``__init__`` inlined (kind ``init``);
* ``super().m(...)`` is resolved while recording: the method found after the
  ``__class__`` cell's class in the instance's class's MRO, a constant.

Everything else is the generic C-API operation (``call_getattr`` ...).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import types

from pyjit.calls import plain_init
from pyjit.function import Function
from pyjit.null import NULL
from pyjit.typelookup import class_lookup, is_data_descriptor as _is_data_descriptor
from pyjit.typelookup import is_type, type_dict, type_flags, type_mro, type_slot
from pyjit.specialize import versions as V

from .. import ir
from ..ir import Const, const_int, const_ptr
from ..llvm import layout as L
from ..nativecall import callee_of
from .attributes import module_attr
from .binding import bind
from .core import Abort, atomic, kind_guard
from .inline import inlines, push_frame, refusal
from .natively import call_natively, finish_slot_call

_MemberDescriptor = types.MemberDescriptorType
_MethodDescriptor = types.MethodDescriptorType
_WrapperDescriptor = types.WrapperDescriptorType
_ABSTRACT = 1 << 20        # Py_TPFLAGS_IS_ABSTRACT
_object_new = object.__new__
_object_init = object.__init__


def _is_heap(t):
    return bool(type_flags(t) & L.TPFLAGS_HEAPTYPE)


def guard_type(r, v, o, snap):
    """Guard that ``v`` (now ``o``) is an instance of exactly ``o``'s class and
    that the class is unchanged (its version): the TYPE_VERSION guard of the
    LOAD_ATTR/STORE_ATTR/LOAD_METHOD forms; False (nothing emitted) if the
    class has no version."""
    t = type(o)
    ver = V.type_version(t) if V.VERSIONS_OK and atomic(t) else 0
    return bool(ver) and kind_guard(r, "TYPE_VERSION", [v], [o], snap, type_version=ver)


def _guard_class_object(r, v, cls, snap):
    """Guard that ``v`` is the class ``cls`` itself, unchanged (CLASS_VERSION)."""
    ver = V.type_version(cls) if V.VERSIONS_OK and atomic(cls) else 0
    return bool(ver) and kind_guard(r, "CLASS_VERSION", [v], [cls], snap, type_version=ver)


def _no_shadow(r, o, v, t, name, snap):
    """Guard that no instance attribute of ``o`` can be ``name``: the class's
    instances have no ``__dict__`` at all, or ``o``'s is its inline values and
    the shared keys do not hold ``name``.  False if that cannot be guarded."""
    if type_slot(t, "__dictoffset__") == 0:
        return True                      # (__slots__ only: no instance dict)
    if not (type_flags(t) & L.TPFLAGS_MANAGED_DICT) or not L.VALUES_LAYOUT_OK or \
            L.dict_materialized(o) or L.shared_keys_index(t, name) is not None:
        return False
    r.emit("guard_no_dict", [v], snap)
    r.emit("guard_shared_keys", [const_ptr(t), const_int(L.shared_keys_count(t))], snap)
    return True


# ---------------------------------------------------------------------------
# what an attribute of an object is, while recording


class Found:
    """How the trace gets an attribute: ``value`` (a trace value, guards
    emitted), or ``getter`` (a VM function to inline with the object), or
    ``method`` (LOAD_METHOD: a function to push with ``self``, an
    ``(object, trace value)`` pair in ``bound``; None: the object itself)."""
    __slots__ = ("value", "getter", "method", "bound")

    def __init__(self, value=None, getter=None, method=None, bound=None):
        self.value, self.getter, self.method, self.bound = value, getter, method, bound


def _instance_attr(r, o, v, name, snap, method):
    """The attribute ``name`` of ``o``, an instance of a program class (or of a
    builtin type, for methods), as the trace gets it; None: generically."""
    t = type(o)
    heap = _is_heap(t)
    if heap and not (V.generic_getattr(t) and V.VERSIONS_OK and atomic(t) and V.type_version(t)):
        return None
    cattr = class_lookup(t, name)
    ct = type(cattr)
    if not heap:
        # a builtin type (fixed: no guard on its version): its methods -- unless
        # its own tp_getattro finds them elsewhere (super() looks after the class)
        if method and (ct is _MethodDescriptor or ct is _WrapperDescriptor) and \
                V.generic_getattr(t):
            r.guard_class(v, t)
            return Found(method=cattr)
        return None
    if cattr is not NULL and _is_data_descriptor(cattr):
        if ct is _MemberDescriptor and L.member_is_object(cattr):
            guard_type(r, v, o, snap)
            return Found(value=r.emit("getattr_slot", [v, const_ptr(name),
                                                       const_int(L.member_offset(cattr))],
                                      snap))
        if ct is property and type(cattr.fget) is Function and atomic(cattr.fget):
            guard_type(r, v, o, snap)
            return Found(getter=cattr.fget)
        return None
    index = L.shared_keys_index(t, name) if type_flags(t) & L.TPFLAGS_MANAGED_DICT else None
    if index is not None and not L.dict_materialized(o) and L.has_inline_value(o, index):
        guard_type(r, v, o, snap)
        return Found(value=r.emit("getattr_values", [v, const_ptr(name), const_int(index)],
                                  snap))
    if cattr is NULL:
        return None
    # the class's attribute, which no instance attribute may shadow
    if ct is Function or ct is _MethodDescriptor:
        if not guard_type(r, v, o, snap):
            return None
        if not _no_shadow(r, o, v, t, name, snap):
            return None
        vm = class_value(r, t, name, cattr, snap)
        if method:
            return Found(method=cattr, value=vm)
        return Found(value=r.emit("new_method", [vm, v], snap))
    if ct is staticmethod or ct is classmethod or not hasattr(ct, "__get__"):
        value = cattr.__func__ if ct is staticmethod or ct is classmethod else cattr
        if not atomic(value) or not guard_type(r, v, o, snap) or \
                not _no_shadow(r, o, v, t, name, snap):
            return None
        if ct is classmethod:
            if method:
                return Found(method=value, bound=(t, r.const_value(t)))
            return Found(value=r.emit("new_method", [const_ptr(value), const_ptr(t)], snap))
        return Found(value=r.const_value(value))
    return None


def class_value(r, t, name, value, snap):
    """The trace value of ``value``, found as ``name`` in ``t``'s MRO (``t``'s
    version guarded): a constant, or read from the class if it must not be one."""
    if atomic(value):
        return r.const_value(value)
    return r.emit("type_lookup", [const_ptr(t), const_ptr(name)], snap)


def _class_attr(r, cls, v, name, snap, method):
    """Attribute ``name`` of the class ``cls`` itself (LOAD_ATTR_CLASS's facts)."""
    if type(cls) is not type or not _is_heap(cls):
        return None
    cattr = class_lookup(cls, name)
    if cattr is NULL or class_lookup(type, name) is not NULL:
        return None
    ct = type(cattr)
    if ct is staticmethod:
        value = cattr.__func__
    elif ct is classmethod:
        value = cattr.__func__
        if not atomic(value) or not _guard_class_object(r, v, cls, snap):
            return None
        if method:
            return Found(method=value, bound=(cls, v))
        return Found(value=r.emit("new_method", [const_ptr(value), v], snap))
    elif ct is Function or not hasattr(ct, "__get__"):
        value = cattr
    else:
        return None
    if not atomic(value) or not _guard_class_object(r, v, cls, snap):
        return None
    return Found(value=r.const_value(value))


def find_attr(r, o, v, name, snap, method=False):
    """How the trace gets ``o.name`` (None: generically)."""
    value = module_attr(r, o, v, name, snap)
    if value is not None:
        return Found(value=value)
    if is_type(o):
        return _class_attr(r, o, v, name, snap, method)
    return _instance_attr(r, o, v, name, snap, method)


# ---------------------------------------------------------------------------
# the instructions


def rec_LOAD_ATTR(r, f, dec, pc, arg):
    o = f.stack[-1]
    v = r.peek()
    name = f.names[arg]
    snap = r.before()
    found = find_attr(r, o, v, name, snap)
    if found is not None and found.getter is not None:
        return _inline_getter(r, f, dec, pc, o, v, found.getter, push_null=False)
    value = r.call_host(getattr, o, name)
    vv = found.value if found is not None else r.emit("call_getattr", [v, const_ptr(name)], snap)
    f.stack[-1] = value
    r.pop()
    r.push(vv)
    r.next(dec.nexts[pc])


def rec_LOAD_METHOD(r, f, dec, pc, arg):
    o = f.stack[-1]
    v = r.peek()
    name = f.names[arg]
    snap = r.before()
    sup = r.virtual_super
    r.virtual_super = None
    if sup is not None and sup[0] is v and r.ops and r.ops[-1] is v:
        if _super_method(r, f, dec, pc, name, sup):
            return
    found = find_attr(r, o, v, name, snap, method=True)
    if found is not None and found.getter is not None:
        return _inline_getter(r, f, dec, pc, o, v, found.getter, push_null=True)
    if found is not None and found.method is not None:
        # [method, self] (the interpreter's LOAD_METHOD_* do the same)
        self_obj, vself = (o, v) if found.bound is None else found.bound
        f.stack[-1] = found.method
        f.stack.append(self_obj)
        r.pop()
        r.push(found.value if found.value is not None else r.const_value(found.method))
        r.push(vself)
        r.next(dec.nexts[pc])
        return
    value = r.call_host(getattr, o, name)
    vv = found.value if found is not None else r.emit("call_getattr", [v, const_ptr(name)],
                                                       snap)
    f.stack[-1] = NULL
    f.stack.append(value)
    r.pop()
    r.push(ir.NULL_CONST)
    r.push(vv)
    r.next(dec.nexts[pc])


def _inline_getter(r, f, dec, pc, o, v, getter, push_null):
    """A property: its getter inlined, its value pushed when it returns."""
    why = refusal(r, getter)
    if why is not None:
        raise Abort(f"property {getter.__name__}: {why[0]}")
    fref = r.const_value(getter)
    fast, vfast = bind(r, getter, fref, True, [o], [v])
    f.stack.pop()
    r.pop()
    if push_null:
        f.stack.append(NULL)
        r.push(ir.NULL_CONST)
    push_frame(r, getter, fref, fast, vfast, dec.nexts[pc])


def rec_STORE_ATTR(r, f, dec, pc, arg):
    o, value = f.stack[-1], f.stack[-2]
    vo, vv = r.peek(1), r.peek(2)
    name = f.names[arg]
    snap = r.before()
    t = type(o)
    op = None
    if _is_heap(t) and V.VERSIONS_OK and V.generic_setattr(t) and V.type_version(t):
        cattr = class_lookup(t, name)
        if cattr is not NULL and _is_data_descriptor(cattr):
            if type(cattr) is _MemberDescriptor and L.member_is_object(cattr):
                guard_type(r, vo, o, snap)
                op = ("setattr_slot", [vo, const_ptr(name), const_int(L.member_offset(cattr)),
                                       vv])
        elif type_flags(t) & L.TPFLAGS_MANAGED_DICT:
            index = L.shared_keys_index(t, name)
            if index is not None:
                guard_type(r, vo, o, snap)
                op = ("setattr_values", [vo, const_ptr(name), const_int(index), vv])
    if op is None:
        op = ("call_setattr", [vo, const_ptr(name), vv])
    r.call_host(setattr, o, name, value)
    del f.stack[-2:]
    r.pop()
    r.pop()
    r.emit(op[0], op[1], snap)
    r.next(dec.nexts[pc])


def rec_DELETE_ATTR(r, f, dec, pc, arg):
    r.generic(f, pc, arg, "call_delattr", [r.peek(), const_ptr(f.names[arg])], 1, push=False)


# ---------------------------------------------------------------------------
# calls of classes and of objects


def call_class(r, f, pc, cls, vcls, cargs, vargs, kwnames, npop, ret_pc):
    """``cls(...)`` of a program class whose instances ``object.__new__`` makes:
    ``new_instance`` and ``__init__`` inlined.  False: not such a class (the
    caller makes it a residual call)."""
    if type(cls) is not type or not _is_heap(cls) or cls.__flags__ & _ABSTRACT:
        return False
    init = plain_init(cls)
    snap = r.before()
    if init is None:
        if cargs or class_lookup(cls, "__new__") is not _object_new or \
                class_lookup(cls, "__init__") is not _object_init:
            return False
        if not _guard_class_object(r, vcls, cls, snap):
            return False
        obj = r.call_host(cls)
        _pop(r, f, npop)
        f.stack.append(obj)
        r.push(r.emit("new_instance", [const_ptr(cls)], snap))
        r.next(ret_pc)
        return True
    if not inlines(r, init):
        return _native_init(r, f, cls, vcls, init, cargs, vargs, kwnames, npop, ret_pc, snap)
    if not _guard_class_object(r, vcls, cls, snap):
        return False
    vinit = class_value(r, cls, "__init__", init, snap)
    obj = _object_new(cls)
    vobj = r.emit("new_instance", [const_ptr(cls)], snap)
    fast, vfast = bind(r, init, vinit, True, [obj] + cargs, [vobj] + vargs, kwnames)
    _pop(r, f, npop)
    # CPython 3.11 does not inline a class call: its caller holds the arguments
    # (reversed, as pyjit.calls.call holds them) until __init__'s frame is gone
    push_frame(r, init, vinit, fast, vfast, ret_pc, kind="init", lasti=pc,
               outside=(obj, cargs[::-1]), extra=[vobj] + vargs[::-1])
    return True


def _native_init(r, f, cls, vcls, init, cargs, vargs, kwnames, npop, ret_pc, snap):
    """``cls(...)`` whose ``__init__`` is not inlined here (a recording too long
    blamed it; calls nested too deep): ``new_instance``, then ``__init__``
    called natively (its function trace, ``call_assembler``) and its value
    checked (``dunder_result``: None, else TypeError).  False: ``__init__`` has
    no function trace (the class call is a residual call)."""
    cal = callee_of(init)
    if cal is None or not _guard_class_object(r, vcls, cls, snap):
        return False
    vinit = class_value(r, cls, "__init__", init, snap)
    obj = _object_new(cls)
    vobj = r.emit("new_instance", [const_ptr(cls)], snap)
    result, vresult = call_natively(r, init, vinit, True, cal, [obj] + cargs, [vobj] + vargs,
                                    kwnames, snap)
    none = r.const_value(None)
    finish_slot_call(r, "init", 0, result, vresult, None, None, none, none, snap)
    _pop(r, f, npop)
    f.stack.append(obj)
    r.push(vobj)
    r.next(ret_pc)
    return True


def dunder_function(r, o, v, name, snap):
    """The VM function ``type(o).name`` if it is one (``o``'s class guarded), else None."""
    t = type(o)
    if not _is_heap(t):
        return None
    m = class_lookup(t, name)
    if type(m) is not Function or not atomic(m) or not V.VERSIONS_OK or not atomic(t) or \
            not V.type_version(t):
        return None
    guard_type(r, v, o, snap)
    return m


def _pop(r, f, n):
    del f.stack[len(f.stack) - n:]
    sh = r.shadows[-1].stack
    del sh[len(sh) - n:]


# ---------------------------------------------------------------------------
# builtins that need the calling frame


def call_special(r, f, pc, fn, vfn, cargs, vargs, kwnames, npop, ret_pc):
    """``super()``, ``type(x)``, ``globals()``: what they do in this frame.
    False: the recording cannot do it."""
    if kwnames:
        return False
    snap = r.before()
    if fn is type and len(cargs) == 1:
        result, vres = type(cargs[0]), r.emit("type_of", [vargs[0]])
    elif fn is globals and not cargs:
        result, vres = f.globals, const_ptr(f.globals)
    elif fn is super and not cargs:
        got = _zero_arg_super(r, f)
        if got is None:
            return False
        klass, first, vklass, vfirst = got
        result = super(klass, first)
        vres = r.emit("call", [const_ptr(super), vklass, vfirst], snap)
        r.virtual_super = (vres, klass, first, vfirst, snap)
    else:
        return False
    if not (isinstance(vfn, Const) and vfn.value is fn):
        r.emit("guard_value", [vfn, const_ptr(fn)], snap)
    _pop(r, f, npop)
    f.stack.append(result)
    r.push(vres)
    r.next(ret_pc)
    return True


def _zero_arg_super(r, f):
    """``super()``'s ``(klass, first, vklass, vfirst)`` in frame ``f``, as
    vmbuiltins._super finds them; None where it would raise."""
    code = f.code
    if code.co_argcount == 0 or "__class__" not in code.co_freevars:
        return None
    first, vfirst = f.fast[0], r.load_local(0)
    if type(first) is types.CellType and code.co_varnames[0] in code.co_cellvars:
        try:
            first = first.cell_contents
        except ValueError:
            return None
        vfirst = r.emit("cell_get", [vfirst], r.before())
    if first is NULL:
        return None
    slot = f.dec.nlocalsplus - len(code.co_freevars) + code.co_freevars.index("__class__")
    try:
        klass = f.fast[slot].cell_contents
    except ValueError:
        return None
    if not is_type(klass) or not atomic(klass):
        return None
    vklass = r.emit("cell_get", [r.load_local(slot)], r.before())
    r.emit("guard_value", [vklass, const_ptr(klass)], r.before())
    return klass, first, const_ptr(klass), vfirst


def _super_method(r, f, dec, pc, name, sup):
    """``super().name`` as LOAD_METHOD, right after the ``super()`` call: if it
    is a VM function, the call is dropped from the trace and the function
    pushed with the instance (guarded: the instance's class, unchanged, whose
    MRO fixes what follows ``klass``)."""
    vsup, klass, first, vfirst, snap = sup
    t = type(first)
    mro = type_mro(t)
    if klass not in mro or not V.VERSIONS_OK or not atomic(t) or not V.type_version(t):
        return False
    for k in mro[mro.index(klass) + 1:]:
        if name in type_dict(k):
            attr = type_dict(k)[name]
            break
    else:
        return False
    if type(attr) is not Function or not atomic(attr):
        return False
    r.ops.pop()                   # the super() call: nothing needs the object
    r.snaps.remove(vsup.snapshot)
    guard_type(r, vfirst, first, snap)
    f.stack[-1] = attr
    f.stack.append(first)
    r.pop()
    r.push(r.const_value(attr))
    r.push(vfirst)
    r.next(dec.nexts[pc])
    return True

