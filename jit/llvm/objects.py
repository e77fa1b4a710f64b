"""What the IR ops on program objects become in LLVM IR (``emit_<op>``, merged into
:data:`.ops.EMITTERS`).

Instances of classes the program defines, their attributes (inline values of
3.11's managed dicts, ``__slots__`` members), bound methods, cells, dict
lookups.  The layout facts (:mod:`.layout`) hold while the class is the one
the trace guarded; each fast path falls back to the generic C-API call when the
object is not in the shape it expects (an attribute deleted, a ``__dict__``
materialized), so these ops leave the trace only by raising.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins taken at start-up (this
# module is imported by the first compile, maybe after the program patched them).
__builtins__ = dict(__import__("pyjit").BUILTINS)

from pyjit.function import Function
from pyjit.null import NULL

from .calls import new_ref, status, status_dropping
from .layout import (CELL_REF, DK_NENTRIES, FUNCTION_MEMBERS, HT_CACHED_KEYS, LIKELY,
                     MANAGED_DICT, MANAGED_VALUES, OB_TYPE, TP_ALLOC, TP_NEW, addr)


def emit_new_instance(e, op, a):
    # object.__new__ itself (tp_alloc, then 3.11's inline values for the instance):
    # the function is read from ``object`` (its tp_new), called with no arguments
    new = e.load("ptr", addr(object), TP_NEW)
    o = e.let(f"call ptr {new}(ptr {a[0]}, ptr {addr(())}, ptr null)")
    e.check_raise(e.let(f"icmp eq ptr {o}, null"))
    return o


def emit_getattr_values(e, op, a):
    o, name, index = a
    vals = e.load("ptr", o, MANAGED_VALUES)
    e.guard(e.let(f"icmp ne ptr {vals}, null"))
    v = e.load("ptr", e.item(vals, index))
    e.guard(e.let(f"icmp ne ptr {v}, null"))
    e.incref(v)
    return v


def emit_setattr_values(e, op, a):
    o, name, index, v = a
    vals = e.load("ptr", o, MANAGED_VALUES)
    check, fast, slow, join = (e.label(x) for x in ("sv_check", "sv_fast", "sv_slow",
                                                     "sv_join"))
    e.put(f"br i1 {e.let(f'icmp ne ptr {vals}, null')}, label %{check}, label %{slow}, "
          f"{LIKELY}")
    e.start(check)
    at = e.item(vals, index)
    old = e.load("ptr", at)
    e.put(f"br i1 {e.let(f'icmp ne ptr {old}, null')}, label %{fast}, label %{slow}, "
          f"{LIKELY}")
    e.start(fast)
    e.incref(v)
    e.put(f"store ptr {v}, ptr {at}")
    e.decref(old)                      # last: a __del__ sees the attribute updated
    e.put(f"br label %{join}")
    e.start(slow)                      # a new attribute keeps its insertion order there
    status(e, "PyObject_SetAttr", o, name, v)
    e.put(f"br label %{join}")
    e.start(join)


def emit_getattr_slot(e, op, a):
    v = e.load("ptr", e.field(a[0], e.const_int(op.args[2], "a slot's offset")))
    e.guard(e.let(f"icmp ne ptr {v}, null"))
    e.incref(v)
    return v


def emit_type_lookup(e, op, a):
    v = e.call("_PyType_Lookup", a[0], a[1])        # (borrowed, or NULL: no exception)
    e.guard(e.let(f"icmp ne ptr {v}, null"))
    e.incref(v)
    return v


def emit_setattr_slot(e, op, a):
    o, v = a[0], a[3]
    e.incref(v)
    at = e.field(o, e.const_int(op.args[2], "a slot's offset"))
    old = e.load("ptr", at)
    e.put(f"store ptr {v}, ptr {at}")
    e.if_nonnull(old, e.decref)        # last: a __del__ sees the slot updated


def emit_guard_no_dict(e, op, a):
    d = e.load("ptr", a[0], MANAGED_DICT)
    e.guard(e.let(f"icmp eq ptr {d}, null"))


def emit_guard_shared_keys(e, op, a):
    keys = e.load("ptr", a[0], HT_CACHED_KEYS)
    n = e.load("i64", keys, DK_NENTRIES)
    e.guard(e.let(f"icmp eq i64 {n}, {a[1]}"))


def emit_new_method(e, op, a):
    return new_ref(e, "PyMethod_New", a[0], a[1])


def emit_type_of(e, op, a):
    t = e.load("ptr", a[0], OB_TYPE)
    e.incref(t)
    return t


def emit_new_cell(e, op, a):
    # pyjit's NULL marker (an unbound slot) makes an empty cell
    v = e.let(f"select i1 {e.let(f'icmp eq ptr {a[0]}, {addr(NULL)}')}, ptr null, ptr {a[0]}")
    return new_ref(e, "PyCell_New", v)


def emit_lookup_special(e, op, a):
    """_PyObject_LookupSpecial: a new reference, or NULL -- absent, or raised."""
    r = e.call("_PyObject_LookupSpecial", a[0], a[1])
    missing, join = e.label("ls_missing"), e.label("ls_join")
    e.put(f"br i1 {e.let(f'icmp ne ptr {r}, null')}, label %{join}, label %{missing}, "
          f"{LIKELY}")
    e.start(missing)
    e.check_raise(e.let(f"icmp ne ptr {e.call('PyErr_Occurred')}, null"))
    e.put(f"br label %{join}")
    e.start(join)
    return r


def emit_dict_getitem(e, op, a):
    """PyDict_GetItemWithError: a borrowed reference (incref'd), or NULL --
    absent, or raised (then the exception exit)."""
    r = e.call("PyDict_GetItemWithError", a[0], a[1])
    found, missing, join = e.label("dg_found"), e.label("dg_missing"), e.label("dg_join")
    e.put(f"br i1 {e.let(f'icmp ne ptr {r}, null')}, label %{found}, label %{missing}, "
          f"{LIKELY}")
    e.start(found)
    e.incref(r)
    e.put(f"br label %{join}")
    e.start(missing)
    e.check_raise(e.let(f"icmp ne ptr {e.call('PyErr_Occurred')}, null"))
    e.put(f"br label %{join}")
    e.start(join)
    return r


# MAKE_FUNCTION's operands, in op order, and the slots they fill
_NEW_FUNCTION_OPERANDS = ("globals", "module", "defaults", "kwdefaults", "annotations",
                          "closure")


def emit_new_function(e, op, a):
    """A Function made natively (Function.__init__ is Python): allocated by its
    type, every slot copied from the prototype (incref'd) but the operands'."""
    ftype = addr(Function)
    alloc = e.load("ptr", ftype, TP_ALLOC)
    f = e.let(f"call ptr {alloc}(ptr {ftype}, i64 0)")
    e.check_raise(e.let(f"icmp eq ptr {f}, null"))
    given = dict(zip(_NEW_FUNCTION_OPERANDS, a[1:]))
    for name, offset in FUNCTION_MEMBERS.items():
        if name in given:
            v = given[name]
            e.incref(v)
        else:
            v = e.load("ptr", a[0], offset)
            e.if_nonnull(v, e.incref)
        e.put(f"store ptr {v}, ptr {e.field(f, offset)}")
    return f


def emit_cell_clear(e, op, a):
    at = e.field(a[0], CELL_REF)
    old = e.load("ptr", at)
    e.put(f"store ptr null, ptr {at}")
    e.if_nonnull(old, e.decref)        # last: a __del__ sees the cell empty


def emit_call_delattr(e, op, a):
    status(e, "PyObject_SetAttr", a[0], a[1], "null")


def emit_build_map(e, op, a):
    d = new_ref(e, "PyDict_New")
    for j in range(0, len(a), 2):
        status_dropping(e, d, "PyDict_SetItem", d, a[j], a[j + 1])
    return d


EMITTERS = {name[len("emit_"):]: fn for name, fn in list(globals().items())
            if name.startswith("emit_")}
