"""Why the JIT did not compile something, in words a user can act on.

Abort reasons are free-form strings made where the recorder gives up (and
they change as the recorder learns more).  :func:`abort_hint` maps the known
ones to a kind and a hint through :data:`ABORTS`, a table of patterns tried in
order; a reason no pattern knows keeps its own words ("not compiled: <reason>"),
so a new reason is never lost, only less explained.  :func:`guard_what` says
what a guard failure means, by guard op (:data:`GUARDS`).
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Hint(NamedTuple):
    kind: str   # a short stable name: "closure", "generator", "keyword call", ...
    text: str   # what to do about it


# instructions the recorder does not handle yet -> (kind, hint)
INSTRUCTIONS = {
    "LOAD_CLOSURE": ("closure", "a function (lambda or def) that uses the loop's variables is "
                                "made inside the loop: define it outside the loop and pass "
                                "those values as arguments"),
    "MAKE_FUNCTION": ("closure", "a function (lambda, def or comprehension) is made on every "
                                 "iteration: define it once outside the loop"),
    "MAKE_CELL": ("closure", "a variable of this function is used by an inner function: "
                             "closures are not traced yet"),
    "COPY_FREE_VARS": ("closure", "the loop is inside a closure: make it a module-level "
                                  "function taking those values as arguments"),
    "YIELD_VALUE": ("generator", "the loop yields (a generator's loop): generators are not "
                                 "traced yet; a loop that builds a list, or the consumer's "
                                 "own loop doing the work, is"),
    "RETURN_GENERATOR": ("generator", "a generator is created on every iteration: generators "
                                      "are not traced yet"),
    "SEND": ("generator", "`yield from`/`await` in the loop: not traced yet"),
    "FORMAT_VALUE": ("f-string", "an f-string in the loop: not traced yet; str() and + "
                                 "(or a format outside the hot loop) are"),
    "BUILD_STRING": ("f-string", "an f-string in the loop: not traced yet"),
    "BEFORE_WITH": ("with", "a `with` block inside the loop: move it around the loop"),
    "UNPACK_EX": ("star-unpacking", "`a, *rest = ...` in the loop: unpack by index instead"),
    "STORE_NAME": ("module-level loop", "a loop at module level: put it in a function "
                                        "(its variables become fast locals)"),
    "LOAD_NAME": ("module-level loop", "a loop at module level (or in a class body): put it "
                                       "in a function"),
    "IMPORT_NAME": ("import", "an import inside the loop: import once, at module level"),
    "PUSH_EXC_INFO": ("exception handler", "an exception handler runs inside the loop: "
                                           "except-paths are not traced yet"),
}

# (pattern, kind, hint); the hint may use the pattern's groups ({1}) and
# {instruction}, {callee}
ABORTS = [
    (r"unsupported instruction (\w+)", "instruction",
     "instruction {1} is not traced yet"),
    (r"call of a VM (?:function|method): keyword arguments", "keyword call",
     "the call passes keyword arguments{callee_in}: pass them by position"),
    (r"call of a VM (?:function|method): \* or \*\* parameters", "keyword call",
     "{callee} has {detail}: calls are inlined only for functions with plain positional "
     "parameters (make them positional, or call a positional-only helper in the loop)"),
    (r"call of a VM (?:function|method): generator function", "generator",
     "{callee} is a generator function, called on every iteration: generators are not "
     "traced yet"),
    (r"call of a VM (?:function|method): recursive call", "recursion",
     "recursive call{callee_in}: recursion is not traced (the JIT compiles loops); "
     "a hot recursion runs interpreted"),
    (r"call of a VM (?:function|method): closure cells", "closure",
     "{callee} is a closure (uses variables of an enclosing function): make it a "
     "module-level function taking them as arguments"),
    (r"call of a VM (?:function|method): call too deep", "call depth",
     "calls nested more than 8 deep{callee_in}: flatten the call chain in the loop"),
    (r"call of a VM (?:function|method): wrong number of arguments", "call arguments",
     "the call{callee_in} does not match the function's parameters"),
    (r"call of a VM (?:function|method): default argument value not a constant", "defaults",
     "{callee} has a default value that is a mutable object: pass that argument explicitly"),
    (r"call of a VM (?:function|method): function holds objects", "closure",
     "{callee} holds objects a trace must not keep alive (defaults or closure "
     "values): pass them as arguments"),
    (r"call of a VM (?:function|method): (.+)", "call",
     "the call{callee_in} is not inlined: {1}"),
    (r"instantiation of a VM class", "object creation",
     "an instance of a class defined in the program ({callee}) is created in the loop: "
     "not traced yet (create objects outside the hot loop, or use tuples)"),
    (r"trace too long", "trace too long",
     "one iteration (with its inlined calls and unrolled inner loops) is longer than "
     "--trace-limit: raise the limit, or move part of the body into a function with a "
     "loop of its own"),
    (r"loop in an inlined call", "inner loop",
     "a function called in the loop has a loop of its own: it is called, not inlined"),
    (r"loop exit while recording", "inner loop",
     "an inner loop (or comprehension) ended while the outer loop was being recorded: "
     "hoist the inner loop into a function"),
    (r"return from the loop's frame", "early return",
     "the function returns from inside the loop on this path: the recording could not "
     "get back to the loop's start"),
    (r"return from __init__", "object creation", "an __init__ returns inside the loop"),
    (r"recursion limit", "recursion", "the calls in the loop come near the recursion limit"),
    (r"call of (.+)\(\) needs the frame", "frame access",
     "{1}() needs the interpreter's frame (locals(), globals(), super(), vars()...): "
     "hoist it out of the loop"),
    (r"call of a builtin that may want real functions", "host call",
     "a builtin that may call back with real functions is called in the loop"),
    (r"unpacking a (\w+)", "unpacking",
     "unpacking a {1} (not a tuple or list) in the loop: not traced yet"),
    (r"__getitem__ of a VM class", "dunder method",
     "indexing an object of a program class (its __getitem__) in the loop: not traced yet"),
    (r"unbound local", "unbound local", "a local variable is read before it is assigned"),
    (r"NameError", "name error", "a global name is not defined when the loop runs"),
    (r"empty cell", "closure", "a closure variable is read before it is assigned"),
    (r"(?:LOAD|STORE)_DEREF of a slot without a cell", "closure",
     "closure variables in the loop: not traced yet"),
    (r"globals or builtins not a dict", "globals", "the function's globals are not a dict"),
    (r"bound method constant", "method", "a bound method kept in a constant"),
    (r"loop carries a value of kind", "bridge", "a bridge cannot carry a value of that kind"),
    (r"a guard keeps failing", "unstable guard",
     "a guard failed on most entries even after the loop was recorded again: the types "
     "or paths of the loop keep changing"),
    (r"backend: (.+)", "backend", "the native backend refused the trace ({1}): a pyjit "
                                  "limitation; run with --jit-backend interp to compare"),
    (r"exception (\w+)", "exception",
     "the loop raised {1} while it was being recorded: a path that raises on most "
     "iterations is not compiled"),
]
_COMPILED = [(re.compile(p), kind, hint) for p, kind, hint in ABORTS]


def abort_hint(reason: str, callee: str | None = None, detail: str | None = None) -> Hint:
    """The kind and hint of an abort reason (a bridge's reason may start with
    ``bridge: ``); an unknown reason gives kind "other" and keeps its words.
    ``callee`` names the function a call-related abort was about, ``detail``
    what about its parameters stopped the inlining."""
    r = reason[len("bridge: "):] if reason.startswith("bridge: ") else reason
    names = {"callee": _call_name(callee) if callee else "the function called",
             "callee_in": f" to {_call_name(callee)}" if callee else "",
             "detail": detail or "*args, **kwargs or keyword-only parameters"}
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
