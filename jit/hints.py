"""Why the JIT did not compile something, in words a user can act on.

Abort reasons are free-form strings made where the recorder gives up (and
they change as the recorder learns more).  :func:`abort_hint` maps the known
ones to a kind and a hint through :data:`ABORTS`, a table of patterns tried in
order; a reason no pattern knows keeps its own words ("not compiled: <reason>"),
so a new reason is never lost, only less explained.  :func:`guard_what` says
what a guard failure means, by guard op (:data:`GUARDS`).
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.id = ...) must not change how pyjit itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import re
from typing import NamedTuple


class Hint(NamedTuple):
    kind: str   # a short stable name: "closure", "generator", "keyword call", ...
    text: str   # what to do about it


# instructions the recorder does not handle yet -> (kind, hint)
INSTRUCTIONS = {
    "YIELD_VALUE": ("generator", "the loop yields (a generator's own loop): a generator runs "
                                 "in the trace of the `for` loop (or sum(), max(), list()... "
                                 "of it) that consumes it; consumed by other host code "
                                 "(map(), next(), str.join()...) it is interpreted"),
    "RETURN_GENERATOR": ("generator", "a generator is created on every iteration: generators "
                                      "are not traced yet"),
    "SEND": ("generator", "`yield from`/`await` in the loop: not traced yet"),
    "GET_AWAITABLE": ("coroutine", "`await` in the loop: coroutines are not traced yet"),
    "GET_AITER": ("coroutine", "`async for` in the loop: coroutines are not traced yet"),
    "GET_ANEXT": ("coroutine", "`async for` in the loop: coroutines are not traced yet"),
    "END_ASYNC_FOR": ("coroutine", "`async for` in the loop: coroutines are not traced yet"),
    "PUSH_EXC_INFO": ("exception handler", "an exception handler runs inside the loop: "
                                           "a raise leaves the trace for the interpreter, "
                                           "and the handler's path is not recorded"),
    "WITH_EXCEPT_START": ("exception handler", "an exception leaves a `with` block inside "
                                               "the loop: the handler's path is not recorded"),
    "RERAISE": ("exception handler", "a `finally` or `except` block re-raises inside the "
                                     "loop: not recorded"),
    "CHECK_EXC_MATCH": ("exception handler", "an `except` clause runs inside the loop: "
                                             "not recorded"),
    "CHECK_EG_MATCH": ("exception handler", "an `except*` clause runs inside the loop"),
    "IMPORT_STAR": ("import", "`from m import *` inside the loop: import once, at module "
                              "level"),
}

# (pattern, kind, hint); the hint may use the pattern's groups ({1}) and
# {callee}, {callee_in}, {detail}, {reason}.  The reasons are the recorder's
# (jit/record/, notes/jit.md "Abort reasons").
ABORTS = [
    (r"unsupported instruction (\w+)", "instruction",
     "instruction {1} is not traced yet"),
    (r"call of generator function (\w+)\(\)", "generator",
     "{1}() is a generator function, called on every iteration: generators are not "
     "traced yet"),
    (r"an await of a coroutine not made for it", "suspension",
     "the path awaits something that suspends (a future, an awaitable whose __await__ "
     "yields, a coroutine made before): the event loop resumes it, so the trace leaves "
     "there; `await f(...)` of a program coroutine that returns is traced"),
    (r"recursive call of (\w+)\(\)", "recursion",
     "{1}() calls itself in the loop: recursion is not traced (the JIT compiles "
     "loops); a hot recursion runs interpreted"),
    (r"call of (.+)\(\) needs the (?:calling )?frame", "frame access",
     "{1}() needs the interpreter's frame (locals(), vars(), eval(), exec(), "
     "super() with no class cell...): hoist it out of the loop"),
    (r"call of (.+)\(\), which may want real functions", "host call",
     "the builtin {1}() is given a program function to call back (sorted(key=...), "
     "map(f, ...), ...): a loop over program code inside a builtin is not traced yet; "
     "a plain loop in the program is"),
    (r"f\((?:\*\*m|\*args, \*\*kwargs|\*\*kwargs)\)", "call arguments",
     "a call with * or ** arguments{callee_in} passes values the recording cannot "
     "spread (a tuple or list for *, a dict with string keys for **)"),
    (r"property (\w+): (.+)", "property", "the getter of property {1} is not inlined: {2}"),
    (r"__init__ returned a value", "object creation",
     "an __init__ returns a value (the interpreter raises TypeError)"),
    (r"a dunder method returned NotImplemented", "dunder method",
     "an operator's dunder method of a program class returned NotImplemented: the "
     "reflected method is not traced yet"),
    (r"__bool__ or __contains__ returned", "dunder method",
     "__bool__ or __contains__ of a program class returned something other than a bool"),
    (r"__iter__ returned a non-iterator", "dunder method",
     "__iter__ of a program class returned a non-iterator (the interpreter raises)"),
    (r"match on an instance of", "match",
     "a class pattern matches an object whose class the trace cannot guard"),
    (r"a (?:mapping|class) pattern", "match",
     "a `case` pattern the recorder does not know how to guard: {reason}"),
    (r"async with", "coroutine", "`async with` inside the loop: only a manager of a program "
     "class with `async def __aenter__`/`__aexit__` is traced"),
    (r"a class statement in the loop", "class statement",
     "a class is defined on every iteration: define it once, outside the loop"),
    (r"(?:MAKE_CELL|COPY_FREE_VARS) in the loop's own frame", "closure",
     "the loop's own frame makes its cells inside the recording (not expected): {reason}"),
    (r"MAKE_FUNCTION", "closure", "{reason}"),
    (r"(?:a namespace|a bridge reads the namespace)", "module-level loop",
     "the loop runs in a namespace the trace cannot guard ({reason}): put it in a function"),
    (r"import without a builtins __import__|from-import of", "import",
     "an import in the loop the trace cannot do as the interpreter does: import once, at "
     "module level"),
    (r"trace too long", "trace too long",
     "one iteration (with its inlined calls and unrolled inner loops) is longer than "
     "--trace-limit: raise the limit, or move part of the body into a function with a "
     "loop of its own"),
    (r"the loop ended in the iteration recorded", "loop exit",
     "the loop (or an inner loop of a function it calls) ended while it was being "
     "recorded: the next iteration is recorded again"),
    (r"return from the loop's frame", "early return",
     "the function returns from inside the loop on this path: the recording could not "
     "get back to the loop's start"),
    (r"recursion limit", "recursion", "the calls in the loop come near the recursion limit"),
    (r"unbound local|del of an unbound local", "unbound local",
     "a local variable is read before it is assigned"),
    (r"(?:global )?name '(.+)' not defined|del of (?:a global )?name", "name error",
     "a name is not defined when the loop runs (the interpreter raises NameError)"),
    (r"empty cell", "closure", "a closure variable is read before it is assigned"),
    (r"(?:LOAD|STORE|DELETE)_DEREF of a slot without a cell", "closure",
     "a closure variable with no cell (not expected): {reason}"),
    (r"globals(?: or builtins)? not a dict", "globals", "the function's globals are not a dict"),
    (r"a bound method constant", "method", "a bound method kept in a constant"),
    (r"loop carries a value of kind", "bridge", "a bridge cannot carry a value of that kind"),
    (r"a guard keeps failing", "unstable guard",
     "a guard failed on most entries even after the loop was recorded again: the types "
     "or paths of the loop keep changing"),
    (r"injected fault", "injected", "a fault injected by PYJIT_FAULTS (a test of the JIT itself)"),
    (r"backend: (.+)", "backend", "the native backend refused the trace ({1}): a pyjit "
                                  "limitation; run with --jit-backend interp to compare"),
    (r"exception (\w+)", "exception",
     "the loop raised {1} while it was being recorded: a path that raises on most "
     "iterations is not compiled"),
]
_COMPILED: list = []   # (ABORTS' patterns compiled by the first abort_hint: not at start-up)


def abort_hint(reason: str, callee: str | None = None, detail: str | None = None) -> Hint:
    """The kind and hint of an abort reason (a bridge's reason may start with
    ``bridge: ``); an unknown reason gives kind "other" and keeps its words.
    ``callee`` names the function a call-related abort was about, ``detail``
    what about its parameters stopped the inlining."""
    r = reason[len("bridge: "):] if reason.startswith("bridge: ") else reason
    names = {"callee": _call_name(callee) if callee else "the function called",
             "callee_in": f" to {_call_name(callee)}" if callee else "",
             "detail": detail or "*args, **kwargs or keyword-only parameters",
             "reason": r}
    if not _COMPILED:
        _COMPILED[:] = [(re.compile(p), kind, hint) for p, kind, hint in ABORTS]
    for pattern, kind, hint in _COMPILED:
        m = pattern.fullmatch(r) or pattern.match(r)
        if m is None:
            continue
        if kind == "instruction":
            known = INSTRUCTIONS.get(m.group(1))
            if known is not None:
                return Hint(*known)
        groups = [m.group(0)] + [g or "" for g in m.groups()]
        return Hint(kind, hint.format(*groups, **names))
    return Hint("other", f"not compiled: {r}")


def _call_name(callee: str) -> str:
    """``f (line 3)`` -> ``f() (line 3)``."""
    name, _, rest = callee.partition(" ")
    return f"{name}() {rest}".rstrip()


class GuardMeaning(NamedTuple):
    kind: str
    text: str      # what the failure means
    normal: bool   # a loop's ordinary way out (its end): not a problem
    hint: str = ""  # what to do when it keeps failing


_TYPES = ("keep the value's type the same on every iteration (e.g. do not mix int and "
          "float in one variable)")
_BIG = ("the values outgrow 64 bits (big ints): native code does machine-int arithmetic; "
        "keep them below 2**63 (reduce them earlier, e.g. modulo), or the loop stays "
        "interpreted")

GUARDS = {
    "guard_class": GuardMeaning("type changed", "a value's type differs from the one the trace "
                                "assumed", False, _TYPES),
    "guard_value": GuardMeaning("object changed", "a different object (function, class) than "
                                "the one the trace assumed", False,
                                "call the same function at this site (a call site that sees "
                                "many functions or classes is polymorphic)"),
    "guard_true": GuardMeaning("branch", "a branch went the other way than when recorded", False,
                               "both ways are taken often: bridges compile the other path"),
    "guard_false": GuardMeaning("branch", "a branch went the other way than when recorded",
                                False, "both ways are taken often: bridges compile the other "
                                "path"),
    "guard_nonnull": GuardMeaning("iterator ended", "an iterator ended", True),
    "guard_isnull": GuardMeaning("inner loop length", "an inner loop ran a different number of "
                                 "iterations than when recorded", False,
                                 "inner loops are unrolled into the outer loop's trace: one "
                                 "whose trip count varies is better in a function of its own"),
    "guard_dict_version": GuardMeaning("global changed", "the globals or builtins dict changed "
                                       "(a global was rebound or added while the loop ran)",
                                       False, "do not assign globals inside a hot loop: use a "
                                       "local variable and assign the global after the loop"),
    "guard_type_version": GuardMeaning("class changed", "a class was modified (an attribute "
                                       "assigned) while the loop ran", False,
                                       "do not assign class attributes in a hot loop"),
    "guard_len": GuardMeaning("length changed", "a list or tuple's length differs from the "
                              "one assumed", False, "unpack sequences of one length per site"),
    "unbox_int": GuardMeaning("big int", "an int too big for 64 bits (or not an int) where a "
                              "machine int was assumed", False, _BIG),
    "int_add_ovf": GuardMeaning("int overflow", "int arithmetic overflowed 64 bits: the value "
                                "is a big int from here on", False, _BIG),
    "int_sub_ovf": GuardMeaning("int overflow", "int arithmetic overflowed 64 bits", False, _BIG),
    "int_mul_ovf": GuardMeaning("int overflow", "int arithmetic overflowed 64 bits", False, _BIG),
    "int_neg_ovf": GuardMeaning("int overflow", "int negation overflowed 64 bits", False, _BIG),
    "int_lshift_ovf": GuardMeaning("int overflow", "a shift overflowed 64 bits (or the count "
                                   "is negative)", False, _BIG),
    "int_floordiv": GuardMeaning("division", "division by zero or overflow", False),
    "int_mod": GuardMeaning("division", "modulo by zero", False),
    "int_rshift": GuardMeaning("shift", "a negative shift count", False),
    "float_truediv": GuardMeaning("division", "float division by zero", False),
    "rangeiter_next": GuardMeaning("loop end", "the loop's range ended", True),
    "listiter_next": GuardMeaning("loop end", "the loop's list ended", True),
    "tupleiter_next": GuardMeaning("loop end", "the loop's tuple ended", True),
    "list_getitem": GuardMeaning("index", "a list index out of range or negative", False),
    "list_setitem": GuardMeaning("index", "a list index out of range or negative", False),
    "cell_get": GuardMeaning("closure", "an empty closure cell", False),
}


def guard_what(op: str, exception: str | None = None) -> GuardMeaning:
    """What a guard failure (or an op raising) means."""
    if exception is not None:
        return GuardMeaning("exception", f"{op} raised {exception}", False,
                            "an exception raised on most iterations leaves native code "
                            "each time")
    return GUARDS.get(op, GuardMeaning("guard", f"{op} failed", False))
