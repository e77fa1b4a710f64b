"""Builtins the tracer can see through: VM-level ``sum``, ``min``, ``max``, ``any``,
``all``, ``list``, ``tuple``, ``set``, ``frozenset``, ``sorted`` and ``str.join``.

Called with a VM generator or a ``map``/``filter`` of a VM function (or, for
``min``/``max``/``sorted``, a VM key function), a C builtin would loop in C and call back into the VM for every
element (``gen.__next__``, ``f(item)`` or ``key(...)``: a host entry each, no trace covers
the loop).  Instead the call protocol (:func:`pyjit.calls.call`) pushes a frame
of a pyjit function written here in Python, whose loop runs in the VM: it gets
hot, is recorded like a program loop, and the generator's body is resumed
inside that trace (:mod:`pyjit.jit.record.resumption`).

What is observable stays CPython's:

* only the exact builtins take this path (looked up by identity in
  :data:`pyjit.vmbuiltins.SPECIAL`: a program that replaces ``builtins.sum``
  calls its own), only with the argument kinds above and a well-formed call
  (anything else -- host iterables, bad keywords -- calls the C builtin, which
  also reports the errors);
* the frames are invisible: their code has :data:`pyjit.decode.HIDDEN_FILENAME`,
  so ``Decoded.hidden`` is set; tracebacks get no entry for them
  (:func:`pyjit.frame.unwind`), frame views skip them (``f_back`` of the
  generator's frame is the builtin's caller, :mod:`pyjit.frames`), hooks see
  no event from them; with a trace or profile hook set at the call the C
  builtin is called (its ``c_call``/``c_return`` events are CPython's);
* the caller keeps the arguments until the frame is gone (``Frame.outside``,
  as for a call CPython does not inline), the lasti shown for the caller is
  its CALL, and each implementation releases elements when CPython's C code
  does (``del item`` before the next ``__next__``);
* results and error messages are CPython 3.11's (e.g. ``max() arg is an
  empty sequence``, ``sum() can't sum strings [use ''.join(seq) instead]``).

Not here, and why: ``map``/``filter``/``zip``/``enumerate`` are lazy objects of
their own types (``type(map(f, xs)) is map``, ``__reduce__``,
``__length_hint__``, ``__setstate__``) that a VM generator cannot be (the
recorder sees through ``map`` and ``filter`` of a VM function where a loop
iterates them instead: pyjit.jit.record.lazy; ``zip``/``enumerate`` of VM
generators still call back per item);
``list.sort`` is seen through only as ``lst.sort(key=f)`` of an exact list (the
method descriptor, as ``str.join`` below; ``list_sort_key`` mimics the emptied
list while the key function runs); ``str.join`` is seen through only
as ``sep.join(...)`` (LOAD_METHOD: the method descriptor is the callable), not
through a bound method kept in a variable; ``dict``/``dict.update`` of
pairs keep their C error messages about "sequence element #n".
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the VM itself runs.
__builtins__ = dict(vars(__import__("builtins")))

import builtins as _builtins
import functools

from . import codecache
from .decode import HIDDEN_FILENAME
from .function import Function
from .generators import Generator
from .vmbuiltins import SPECIAL

_EMPTY = object()  # no element yet (never an element: nothing else has it)

# The implementations.  Their globals are private: the builtins they name are the
# real ones (a snapshot), whatever the program does to its builtins module.
_SOURCE = r'''
def sum(iterable, start):
    if issubclass(type(start), str):
        raise TypeError("sum() can't sum strings [use ''.join(seq) instead]")
    if issubclass(type(start), bytes):
        raise TypeError("sum() can't sum bytes [use b''.join(seq) instead]")
    if issubclass(type(start), bytearray):
        raise TypeError("sum() can't sum bytearray [use b''.join(seq) instead]")
    for item in iterable:
        # (the first addition on its own -- 0 + a float is a float --: the loop
        # below then starts with the type it keeps; iterable is a generator,
        # which the second loop goes on with)
        start = start + item
        del item
        break
    for item in iterable:
        start = start + item
        del item
    return start


def any(iterable):
    for item in iterable:
        if item:
            return True
        del item
    return False


def all(iterable):
    for item in iterable:
        if not item:
            return False
        del item
    return True


def list(iterable):
    result = []
    for item in iterable:
        result.append(item)
    return result


def tuple(iterable):
    result = []
    for item in iterable:
        result.append(item)
    return _tuple(result)


def set(iterable):
    result = _set()
    for item in iterable:
        result.add(item)
    return result


def frozenset(iterable):
    result = _set()
    for item in iterable:
        result.add(item)
    return _frozenset(result)


def join(sep, iterable):
    # str.join: PySequence_Fast(iterable) -- a list of every item first, its
    # errors the generator's --, then the C join of that list (its messages:
    # "sequence item 1: expected str instance, int found")
    items = []
    for item in iterable:
        items.append(item)
    return _join(sep, items)


def sorted(iterable, reverse):
    if type(type(iterable)) is type and type(iterable) in _LOOPED:
        result = []
        for item in iterable:
            result.append(item)
    else:
        result = _list(iterable)
    result.sort(reverse=reverse)
    return result


def sorted_key(iterable, key, reverse):
    # CPython's sorted(): list(iterable), then list.sort calls key on each
    # element in order and timsorts the keys; sorting the indexes by the same
    # keys makes the same comparisons in the same order
    if type(type(iterable)) is type and type(iterable) in _LOOPED:
        items = []
        for item in iterable:
            items.append(item)
    else:
        items = _list(iterable)
    keys = []
    for item in items:
        keys.append(key(item))
    order = _sorted(_range(_len(keys)), key=keys.__getitem__, reverse=reverse)
    return _list(_map(items.__getitem__, order))


def list_sort_key(lst, key, reverse):
    # CPython's list.sort(key=...): the list is empty while the key function and
    # the comparisons run (its items kept aside); the keys are computed in order,
    # then items and keys are timsorted together; the keys are released (in
    # order) while the list is still empty, then the items come back -- sorted,
    # or as the sort left them after an exception -- and what the key function
    # or a comparison put into the list meanwhile is dropped ("list modified
    # during sort" if it was resized at all).  The reverse argument is converted
    # first (its errors come before any key call): an empty list's sort does
    # that with list.sort's own conversion.
    _list().sort(reverse=reverse)
    items = _detach(lst)
    keys = []
    try:
        for item in items:
            keys.append(key(item))
    except BaseException:
        keys.clear()   # (released last first, as CPython's keyfunc failure does)
        _reattach(lst, items)
        raise
    # items.sort calls its key once per item in order: each call hands over the
    # next precomputed key (popped: items.sort then owns it and releases it at
    # its end, in order, as CPython does) -- the same comparisons in the same
    # order, and on an exception the same partial order of the items
    keys.reverse()
    try:
        items.sort(key=_partial(_next, _iter(keys.pop, _EMPTY)), reverse=reverse)
    except BaseException:
        _reattach(lst, items)
        raise
    if _reattach(lst, items):
        raise _ValueError("list modified during sort")
'''

# min and max, with and without a key: the same loops but for the comparison
# (written out for each: the recorder sees a COMPARE_OP, not a call of an
# operator function)
_PICK = r'''
def {name}(iterable, default):
    best = _EMPTY
    for item in iterable:
        if best is _EMPTY:
            best = item
        elif item {op} best:
            best = item
        del item
    if best is _EMPTY:
        if default is _EMPTY:
            raise ValueError("{name}() arg is an empty sequence")
        return default
    return best


def {name}_key(iterable, key, default):
    best = bestval = _EMPTY
    for item in iterable:
        val = key(item)
        if bestval is _EMPTY:
            best = item
            bestval = val
        elif val {op} bestval:
            best = item
            bestval = val
        del item, val
    if bestval is _EMPTY:
        if default is _EMPTY:
            raise ValueError("{name}() arg is an empty sequence")
        return default
    return best
'''
_SOURCE += _PICK.format(name="min", op="<") + _PICK.format(name="max", op=">")



# PyListObject's allocated field: list.sort sets it to -1 while the list is set
# aside, and takes any other value at the end as "modified during sort"
_ALLOCATED = None


def _allocated_cell(lst):
    global _ALLOCATED
    import ctypes
    if _ALLOCATED is None:
        _ALLOCATED = list.__basicsize__ - ctypes.sizeof(ctypes.c_ssize_t)
    return ctypes.c_ssize_t.from_address(id(lst) + _ALLOCATED)


def _detach(lst):
    """Empty the exact list ``lst`` as list.sort does (its items returned in a new
    list, which keeps them alive: clearing runs no finalizer)."""
    items = lst[:]
    lst.clear()
    _allocated_cell(lst).value = -1
    return items


def _reattach(lst, items):
    """Put ``items`` back into ``lst`` (what it holds now dropped); was ``lst``
    modified since :func:`_detach`?"""
    cell = _allocated_cell(lst)
    modified = cell.value != -1
    if not modified:
        cell.value = 0   # (an empty list's state: no buffer, nothing allocated)
    lst[:] = items
    return modified


def _compile():
    g = {"__builtins__": dict(vars(_builtins)), "__name__": "builtins",
         "_EMPTY": _EMPTY, "_tuple": tuple, "_set": set,
         "_frozenset": frozenset, "_list": list, "_sorted": sorted, "_range": range,
         "_len": len, "_map": map, "_LOOPED": (Generator, map, filter),
         "_join": str.join, "_detach": _detach, "_reattach": _reattach,
         "_partial": functools.partial, "_next": next, "_iter": iter,
         "_ValueError": ValueError}
    module = codecache.compiled(_SOURCE, HIDDEN_FILENAME)   # (kept: start-up time)
    out = {}
    for const in module.co_consts:
        if hasattr(const, "co_code"):
            fn = Function(const, g)
            assert fn.dec.hidden and fn.simple
            out[const.co_name] = fn
    return out


IMPL = _compile()


# (id of the caller's code, its CALL's unit, id of the implementation) ->
# (caller's code, the implementation's copy for that call site)
_sites: dict = {}
_SITES_MAX = 4096


def for_site(impl, code, pc):
    """``impl``'s copy for the call at unit ``pc`` of ``code``: a function of its
    own code object, so its loop is a loop of its own for the JIT.  One shared
    loop would see every call site's generator (another code object each: the
    trace's guard on it fails for all but one) and its accumulator's types;
    CPython's C loop is per call anyway."""
    key = (id(code), pc, id(impl))
    hit = _sites.get(key)
    if hit is not None and hit[0] is code:
        return hit[1]
    if len(_sites) >= _SITES_MAX:
        return impl   # (shared by the call sites past the cap: correct, less specialized)
    site = Function(impl.code.replace(), impl.globals)
    _sites[key] = (code, site)
    return site


class SeeThrough:
    """The :data:`~pyjit.vmbuiltins.SPECIAL` handler of a builtin that has a
    VM-level implementation: :meth:`select` says whether a call takes it.

    ``select(args, kwnames)`` gets the call's argument values (the last
    ``len(kwnames)`` by keyword) and returns None (call the C builtin) or
    ``(implementation, spec, guarded)``: ``spec`` lists, for each parameter of
    the implementation, the index in ``args`` of its value, or ``(value,)``
    for a constant, or ``"args"`` for the tuple of the positional arguments;
    ``guarded``: the indexes of the arguments whose class decided (the JIT
    guards them)."""

    __slots__ = ("builtin", "select", "counted")

    def __init__(self, builtin, select, counted):
        self.builtin = builtin
        self.select = select
        # Does CPython's call count a recursion level (besides the generator's
        # frames)?  tp_call (min, max, sorted) and METH_O (any, all) check the
        # C recursion limit; a type's vectorcall (list, tuple, set, frozenset)
        # and sum's FASTCALL do not.
        self.counted = counted

    def __call__(self, f, fn, args, kwargs):
        # (as a plain SPECIAL handler -- f(*args), the recorder's fallbacks --
        # it is the C builtin)
        return fn(*args, **(kwargs or {}))


def arguments(spec, args, npos):
    """The implementation's argument list for ``spec`` (see :class:`SeeThrough`);
    ``args[:npos]`` are the call's positional arguments."""
    out = []
    for s in spec:
        if type(s) is int:
            out.append(args[s])
        elif s == "args":
            out.append(tuple(args[:npos]))
        else:
            out.append(s[0])
    return out


def _keywords(args, kwnames, allowed):
    """Positional count and {keyword: index}, or None if a keyword is not allowed."""
    npos = len(args) - len(kwnames)
    kw = {}
    for i, k in enumerate(kwnames):
        if k not in allowed:
            return None
        kw[k] = npos + i
    return npos, kw


def _is_gen(x):
    """Does iterating ``x`` run VM code: a VM generator, or a ``map``/``filter``
    of a VM function (whose loop the recorder sees through: jit/record/lazy.py)?"""
    t = type(x)
    if t is Generator:
        return True
    return (t is map or t is filter) and type(x.__reduce__()[1][0]) is Function


def _select_sum(args, kwnames):
    r = _keywords(args, kwnames, ("start",))
    if r is None:
        return None
    npos, kw = r
    if npos == 2 and not kw:
        start = 1
    elif npos == 1:
        start = kw.get("start", (0,))
    else:
        return None
    if not _is_gen(args[0]):
        return None
    return IMPL["sum"], [0, start], (0,)


def _select_one(name):
    impl = IMPL[name]

    def select(args, kwnames):
        if kwnames or len(args) != 1 or not _is_gen(args[0]):
            return None
        return impl, [0], (0,)
    return select


def _select_minmax(name):
    plain, keyed = IMPL[name], IMPL[name + "_key"]

    def select(args, kwnames):
        r = _keywords(args, kwnames, ("key", "default"))
        if r is None:
            return None
        npos, kw = r
        if npos == 0 or (npos > 1 and "default" in kw):
            return None
        default = kw.get("default", (_EMPTY,))
        key = kw.get("key")
        if key is not None and args[key] is not None:
            if type(args[key]) is not Function:
                return None
            return keyed, [0 if npos == 1 else "args", key, default], (key,)
        if npos != 1 or not _is_gen(args[0]):
            return None
        guarded = (0,) if key is None else (0, key)
        return plain, [0, default], guarded
    return select


def _select_sorted(args, kwnames):
    r = _keywords(args, kwnames, ("key", "reverse"))
    if r is None:
        return None
    npos, kw = r
    if npos != 1:
        return None
    reverse = kw.get("reverse", (False,))
    guarded = [0]
    if type(reverse) is int:
        if type(args[reverse]) not in (bool, int):
            return None  # (C's conversion error, before the key is called)
        guarded.append(reverse)
    key = kw.get("key")
    if key is not None and args[key] is not None:
        if type(args[key]) is not Function:
            return None
        guarded.append(key)
        return IMPL["sorted_key"], [0, key, reverse], tuple(guarded)
    if not _is_gen(args[0]):
        return None
    if key is not None:
        guarded.append(key)
    return IMPL["sorted"], [0, reverse], tuple(guarded)


def _select_list_sort(args, kwnames):
    # lst.sort(key=f) reaches CALL as the method descriptor with lst first
    r = _keywords(args, kwnames, ("key", "reverse"))
    if r is None:
        return None
    npos, kw = r
    key = kw.get("key")
    if npos != 1 or type(args[0]) is not list or key is None or type(args[key]) is not Function:
        return None
    reverse = kw.get("reverse", (False,))
    guarded = [0, key]
    if type(reverse) is int:
        if type(args[reverse]) not in (bool, int):
            return None   # (the C method's conversion error)
        guarded.append(reverse)
    return IMPL["list_sort_key"], [0, key, reverse], tuple(guarded)


def _select_join(args, kwnames):
    if kwnames or len(args) != 2 or type(args[0]) is not str or not _is_gen(args[1]):
        return None
    return IMPL["join"], [0, 1], (0, 1)


HANDLERS = {
    _builtins.sum: SeeThrough(_builtins.sum, _select_sum, False),
    _builtins.any: SeeThrough(_builtins.any, _select_one("any"), True),
    _builtins.all: SeeThrough(_builtins.all, _select_one("all"), True),
    _builtins.min: SeeThrough(_builtins.min, _select_minmax("min"), True),
    _builtins.max: SeeThrough(_builtins.max, _select_minmax("max"), True),
    _builtins.sorted: SeeThrough(_builtins.sorted, _select_sorted, True),
    list: SeeThrough(list, _select_one("list"), False),
    tuple: SeeThrough(tuple, _select_one("tuple"), False),
    set: SeeThrough(set, _select_one("set"), False),
    frozenset: SeeThrough(frozenset, _select_one("frozenset"), False),
    # (sep.join(...): LOAD_METHOD gives CALL the method descriptor itself, with
    # sep first; a method descriptor's vectorcall counts a recursion level)
    str.join: SeeThrough(str.join, _select_join, True),
    # (a method descriptor with keywords: method_vectorcall_FASTCALL_KEYWORDS
    # counts a recursion level)
    list.sort: SeeThrough(list.sort, _select_list_sort, True),
}
for _b, _h in HANDLERS.items():
    SPECIAL[id(_b)] = _h
del _b, _h

# The method descriptors above by (exact class, name): a call of the bound method
# (``m = lst.sort; m(key=f)``, and what the unspecialized LOAD_METHOD pushes) takes
# the same path, with ``__self__`` as the first argument.
BOUND = {(_b.__objclass__, _b.__name__): _h for _b, _h in HANDLERS.items()
         if type(_b) is type(list.sort)}
