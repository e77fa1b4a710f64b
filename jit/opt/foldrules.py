"""Fold rules as data: the algebraic identities and strength reductions
``constfold`` applies, one table (LuaJIT's ``lj_opt_fold.c`` is the model).

Each entry of :data:`RULES` is ``"pattern -> rewrite"`` in the trace's own op
syntax, and why it holds:

* a pattern is an op applied to operands, each a *variable* (a lower-case
  name: any value; the same name twice: the same value), a constant (``0``,
  ``-1``, ``1.0``, ``-0.0``, ``true``), or a nested pattern (the operand is the
  result of that op);
* a rewrite is a variable (the op's uses read that value), a constant (of the
  op's result kind), or an op on variables and constants (it replaces the op,
  with its snapshot when the new op is a guard).

For a commutative op (:data:`COMMUTATIVE`) a pattern also matches its operands
swapped.  Float constants match by bits: ``-0.0`` is not ``0.0``.

Every rule is checked when this module is imported (ops exist, are pure, kinds
agree, the rewrite names only the pattern's variables) and, in
``tests/test_jit_opt_fold.py``, against the ops' semantics
(``traceinterp.SEMANTICS``) on edge values: where the pattern's op computes a
value the rewrite computes the same one, where it leaves the trace the rewrite
leaves too.  A rule never makes a trace longer: a rewrite is one op at most.
"""

from __future__ import annotations

# pyjit's own name lookups use a snapshot of the builtins: a program that patches
# builtins (builtins.len = ...) must not change how the JIT itself runs.
__builtins__ = dict(__import__("pyjit").BUILTINS)

import re
from typing import NamedTuple

from pyjit import opcodes as O

from .. import ir

# ops whose two operands can be swapped (float add/mul: IEEE is commutative)
COMMUTATIVE = frozenset({
    "int_add_ovf", "int_mul_ovf", "int_and", "int_or", "int_xor", "int_eq", "int_ne",
    "float_add", "float_mul", "float_eq", "float_ne", "ptr_eq",
})
assert all(ir.OPS[n].pure and len(ir.OPS[n].args) == 2 for n in COMMUTATIVE)

# an int comparison and its negation (not for floats: with a nan, not (a < b)
# is not a >= b)
_INT_NEGATED = {"lt": "ge", "le": "gt", "eq": "ne", "ne": "eq", "gt": "le", "ge": "lt"}

RULES_TEXT = [
    # -- identities
    ("int_add_ovf(x, 0) -> x", "x + 0 is x and cannot overflow"),
    ("int_sub_ovf(x, 0) -> x", "x - 0 is x"),
    ("int_mul_ovf(x, 1) -> x", "x * 1 is x"),
    ("int_floordiv(x, 1) -> x", "x // 1 is x (no zero divisor, no overflow)"),
    ("int_and(x, -1) -> x", "all bits set"),
    ("int_and(x, x) -> x", "idempotent"),
    ("int_or(x, 0) -> x", "no bit set"),
    ("int_or(x, x) -> x", "idempotent"),
    ("int_xor(x, 0) -> x", "no bit flipped"),
    ("int_lshift_ovf(x, 0) -> x", "a shift by 0"),
    ("int_rshift(x, 0) -> x", "a shift by 0"),
    ("int_neg_ovf(int_neg_ovf(x)) -> x", "the inner negation left the trace for the minimum"),
    ("float_add(x, -0.0) -> x", "x + -0.0 is x for every x, -0.0 and nan included (not + 0.0)"),
    ("float_sub(x, 0.0) -> x", "x - 0.0 is x for every x, -0.0 and nan included"),
    ("float_mul(x, 1.0) -> x", "exact"),
    ("float_truediv(x, 1.0) -> x", "exact, and 1.0 is no zero divisor"),
    ("float_neg(float_neg(x)) -> x", "a sign flip twice"),
    ("bool_not(bool_not(b)) -> b", "double negation"),
    # -- annihilators and self-inverse
    ("int_sub_ovf(x, x) -> 0", "the same value"),
    ("int_mul_ovf(x, 0) -> 0", "cannot overflow"),
    ("int_mod(x, 1) -> 0", "Python's x % 1 is 0 for every int"),
    ("int_mod(x, -1) -> 0", "Python's x % -1 is 0 for every int"),
    ("int_and(x, 0) -> 0", "no bit survives"),
    ("int_or(x, -1) -> -1", "every bit set"),
    ("int_xor(x, x) -> 0", "every bit cancels"),
    ("int_eq(x, x) -> true", "the same value"),
    ("int_le(x, x) -> true", "the same value"),
    ("int_ge(x, x) -> true", "the same value"),
    ("int_ne(x, x) -> false", "the same value"),
    ("int_lt(x, x) -> false", "the same value"),
    ("int_gt(x, x) -> false", "the same value"),
    ("ptr_eq(x, x) -> true", "the same object"),
    # -- strength reductions
    ("int_mul_ovf(x, 2) -> int_add_ovf(x, x)", "an add; overflows exactly when the multiply does"),
    ("int_mul_ovf(x, -1) -> int_neg_ovf(x)", "a negation; overflows for the minimum, as the multiply"),
    ("int_sub_ovf(0, x) -> int_neg_ovf(x)", "a negation; overflows for the minimum, as the subtraction"),
    ("int_floordiv(x, -1) -> int_neg_ovf(x)", "no zero divisor; overflows for the minimum, as //"),
    ("float_mul(x, 2.0) -> float_add(x, x)", "exact: both round the same real number"),
    ("float_truediv(x, 2.0) -> float_mul(x, 0.5)",
     "the reciprocal of a power of two is exact: both round x/2; no zero-divisor check"),
    ("float_truediv(x, 0.5) -> float_mul(x, 2.0)", "as above"),
] + [
    (f"bool_not(int_{a}(x, y)) -> int_{b}(x, y)", "the negated int comparison (total order)")
    for a, b in _INT_NEGATED.items()
]


# ---------------------------------------------------------------------------
# the pattern language


class Var(NamedTuple):
    name: str


class Lit(NamedTuple):
    const: ir.Const


class Pat(NamedTuple):
    op: str
    args: tuple


class Rule(NamedTuple):
    pattern: Pat
    rewrite: object         # Var, Lit or Pat (of Vars and Lits)
    text: str
    why: str


_TOKEN = re.compile(r"\s*(?:(?P<num>-?\d+(?:\.\d*)?(?:e[-+]?\d+)?)|(?P<name>\w+)|(?P<p>[(),]))")


def _parse_term(text: str):
    toks = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip() == "":
                break
            raise ValueError(f"fold rule: cannot read {text[pos:]!r}")
        toks.append(m)
        pos = m.end()
    k = 0

    def term():
        nonlocal k
        m = toks[k]
        k += 1
        if m.group("num"):
            s = m.group("num")
            return Lit(ir.const_float(float(s)) if "." in s or "e" in s else ir.const_int(int(s)))
        name = m.group("name")
        if name is None:
            raise ValueError(f"fold rule: unexpected {m.group(0)!r} in {text!r}")
        if name in ("true", "false"):
            return Lit(ir.const_bool(name == "true"))
        if k < len(toks) and toks[k].group("p") == "(":
            k += 1
            args = []
            while toks[k].group("p") != ")":
                args.append(term())
                if toks[k].group("p") == ",":
                    k += 1
            k += 1
            return Pat(name, tuple(args))
        return Var(name)

    t = term()
    if k != len(toks):
        raise ValueError(f"fold rule: trailing text in {text!r}")
    return t


def _kinds(p: Pat, out: dict) -> str:
    """Check ``p`` against the op table; record each variable's kind in ``out``;
    the pattern's result kind."""
    if p.op not in ir.OPS or not ir.OPS[p.op].pure:
        raise AssertionError(f"fold rule: {p.op!r} is no pure op")
    d = ir.OPS[p.op]
    kinds = ir.arg_kinds(d, len(p.args))
    if len(kinds) != len(p.args):
        raise AssertionError(f"fold rule: {p.op} takes {d.args}")
    for a, kind in zip(p.args, kinds):
        if isinstance(a, Var):
            if out.setdefault(a.name, kind) != kind:
                raise AssertionError(f"fold rule: {a.name} of two kinds")
        elif isinstance(a, Lit):
            if a.const.type != kind:
                raise AssertionError(f"fold rule: constant of kind {a.const.type} for {kind}")
        elif _kinds(a, out) != kind:
            raise AssertionError(f"fold rule: {a.op}'s result is not of kind {kind}")
    return d.result


def _rule(text: str, why: str) -> Rule:
    left, right = text.split("->")
    pattern, rewrite = _parse_term(left), _parse_term(right)
    assert isinstance(pattern, Pat), text
    var_kinds: dict = {}
    kind = _kinds(pattern, var_kinds)
    if isinstance(rewrite, Var):
        assert var_kinds.get(rewrite.name) == kind, f"{text}: kinds differ"
    elif isinstance(rewrite, Lit):
        assert rewrite.const.type == kind, f"{text}: kinds differ"
    else:
        assert all(not isinstance(a, Pat) for a in rewrite.args), f"{text}: one op at most"
        rk: dict = {}
        assert _kinds(rewrite, rk) == kind, f"{text}: kinds differ"
        assert all(var_kinds.get(n) == k for n, k in rk.items()), f"{text}: unbound variable"
        # a new guard needs the snapshot of the op it replaces
        assert not ir.OPS[rewrite.op].guard or ir.OPS[pattern.op].guard, f"{text}: a new guard"
    return Rule(pattern, rewrite, text, why)


RULES = tuple(_rule(t, w) for t, w in RULES_TEXT)

BY_OP: dict[str, tuple] = {}
for _r in RULES:
    BY_OP[_r.pattern.op] = BY_OP.get(_r.pattern.op, ()) + (_r,)


# ---------------------------------------------------------------------------
# matching (constfold calls match(); ``usable`` says whether an op found as an
# operand may be looked into at this point of the trace, see constfold)


def match(rule: Rule, op, usable) -> dict | None:
    """The variable bindings if ``op`` matches ``rule.pattern``, else None."""
    env: dict = {}
    if _match(rule.pattern, op, env, usable, top=True):
        return env
    return None


def _match_operand(pat, v, env, usable) -> bool:
    if isinstance(pat, Var):
        bound = env.get(pat.name)
        if bound is None:
            env[pat.name] = v
            return True
        return bound is v or (isinstance(bound, ir.Const) and bound == v)
    if isinstance(pat, Lit):
        return isinstance(v, ir.Const) and v == pat.const
    return isinstance(v, ir.Op) and usable(v) and _match(pat, v, env, usable)


def _match(pat: Pat, op, env, usable, top=False) -> bool:
    if op.name != pat.op:
        return False
    orders = [op.args]
    if pat.op in COMMUTATIVE:
        orders.append(op.args[::-1])
    for args in orders:
        trial = dict(env)
        if all(_match_operand(p, a, trial, usable) for p, a in zip(pat.args, args)):
            env.clear()
            env.update(trial)
            return True
    return False


def build(rewrite, env, op):
    """The rewrite for ``op``: ``(value, False)`` -- its uses read the value --
    or ``(new op, True)`` -- emit it instead."""
    if isinstance(rewrite, Var):
        return env[rewrite.name], False
    if isinstance(rewrite, Lit):
        return rewrite.const, False
    args = [env[a.name] if isinstance(a, Var) else a.const for a in rewrite.args]
    d = ir.OPS[rewrite.op]
    snap = op.snapshot if (d.guard or d.raises) else None
    new = ir.Op(rewrite.op, args, snap, line=op.line)
    new.instr = op.instr
    return new, True


def rewrite(pass_, op):
    """What the first rule matching ``op`` makes of it (see :func:`build`), or
    None.  ``pass_.sees_definition`` says
    which operands' defining ops may be looked into."""
    for rule in BY_OP.get(op.name, ()):
        env = match(rule, op, pass_.sees_definition)
        if env is not None:
            return build(rule.rewrite, env, op)
    return None


def rewrite_all(pass_, op, limit=4):
    """:func:`rewrite` until no rule matches: None if none matched ``op``,
    ``(value, False)``, or ``(new op, True)`` -- the last op a chain of rules
    made (``x / 0.5`` -> ``x * 2.0`` -> ``x + x``), never emitted yet.  Rules
    never grow a trace; the limit only bounds the loop."""
    found = None
    cur = op
    for _ in range(limit):
        step = rewrite(pass_, cur)
        if step is None:
            break
        found = step
        if not step[1]:
            break
        cur = step[0]
    return found


# ---------------------------------------------------------------------------
# calls of builtins on machine values: a residual call (a boxed argument, a
# C-API call that allocates its result) becomes the machine op that computes
# the same value, where the builtin gives one; where it would not (int() of nan,
# inf or past 64 bits) the op leaves the trace with the call's snapshot, so
# the interpreter makes the call and raises or makes a big int.


class CallRule(NamedTuple):
    fn: object      # the builtin called (the call's constant callable)
    arg: str        # the box op its one argument is the result of
    op: str         # the machine op on the box's operand
    box: str        # the box of the op's result: the call's value
    why: str


CALLS = {r.fn: r for r in (
    CallRule(int, "box_float", "float_to_int", "box_int",
             "int(x) of a float truncates toward zero (float.__int__)"),
    CallRule(float, "box_int", "int_to_float", "box_float",
             "float(i) of a 64-bit int rounds to nearest, ties to even, as sitofp"),
)}
for _c in CALLS.values():
    assert ir.OPS[_c.op].pure and ir.OPS[_c.op].args == ir.OPS[_c.arg].args
    assert ir.OPS[_c.box].args == ir.OPS[_c.op].result and ir.BOX_CLASS[_c.box] is _c.fn


# BINARY_OP opargs (``call_binop``'s first operand) whose float form is a machine
# op the recorder does not emit itself (its guard may fail for values it saw:
# a negative base's complex result): ``x ** y`` of a boxed float and a float
POW_OPARGS = frozenset(k for k, b in enumerate(O.BINARY_OP_TABLE) if b.symbol in ("**", "**="))
assert len(POW_OPARGS) == 2 and ir.OPS["float_pow"].args == ir.F + ir.F


def pow_operands(op, usable, is_float):
    """The operands (base, exponent) of ``call_binop(**, x, y)`` as floats: a
    trace value (a boxed float's operand, or a float object ``is_float`` says
    a guard proved: to unbox) or a constant, when both are floats (or the
    exponent an int constant a float represents exactly); else None."""
    code, base, exp = op.args
    if not (isinstance(code, ir.Const) and code.value in POW_OPARGS):
        return None
    out = []
    for v, k in ((base, 0), (exp, 1)):
        if isinstance(v, ir.Const):
            if type(v.value) is float or (k == 1 and type(v.value) is int
                                          and float(v.value) == v.value):
                out.append(ir.const_float(float(v.value)))
                continue
            return None     # (an int past 2**53: float(y) would be another exponent)
        if isinstance(v, ir.Op) and v.name == "box_float" and usable(v):
            out.append(v.args[0])
        elif is_float(v):
            out.append(v)   # (an object: the caller unboxes it)
        else:
            return None
    return out


def call_rule(op, usable):
    """The :class:`CallRule` a ``call`` op matches (its box operand usable here), or None."""
    if len(op.args) != 2 or not isinstance(op.args[0], ir.Const):
        return None
    try:
        rule = CALLS.get(op.args[0].value)
    except TypeError:       # (an unhashable callable)
        return None
    arg = op.args[1]
    if rule is None or not (isinstance(arg, ir.Op) and arg.name == rule.arg and usable(arg)):
        return None
    return rule


__all__ = ["RULES", "BY_OP", "COMMUTATIVE", "CALLS", "POW_OPARGS", "match", "build", "rewrite",
           "rewrite_all", "call_rule", "pow_operands"]
