"""Random Python 3.11 programs for differential testing (Hypothesis strategies).

``programs()`` builds a whole program (module level code, may end in an uncaught
exception whose traceback then shows on stderr); ``cases()`` builds the body of a
``def case_N():`` and ``batch_program()`` joins many of those into one program
that runs each case under ``try``/``except`` and prints what it raised.

Every program is deterministic, terminates quickly and stays small in memory:

* The generator keeps an environment of the names that are definitely bound (with
  a static type: int, float, str, bool, None, list of int, list of str, tuple of
  int, dict str->int, set of int, instances of generated classes, functions), so
  most programs run far; a few reference unbound names on purpose.
* Values stay bounded: ``**`` only with small literal exponents, shifts and
  repetitions by small literals, and every expression carries an estimate of its
  printed size; one that grows past a cap is cut (``% 1000003`` / ``[:8]``).
* Loops are bounded (``range`` of literals, copies of lists, counted ``while``)
  and cannot blow up across iterations: each expression also carries a "growth"
  class g (0 = independent of state that survives an iteration, 1 = grows at most
  linearly, 2 = may grow geometrically), and a store into state that survives
  the iteration (a variable bound outside the loop, an element, an attribute)
  must have g <= 1.  Lists iterated directly are frozen (no container mutation in
  the loop body); function bodies only mutate containers they created.
* Recursion has a small literal-bounded depth; nothing prints ids, default
  object reprs or anything else that varies between runs (no None or float in
  sets either: their hashes are id-based in 3.11).

Besides random statements over that environment, ``s_feature`` draws "feature
templates" (the ``f_*`` methods), each a fixed shape with random parts, aimed
at the runtime rather than at arithmetic: argument binding errors, object
lifetime (``__del__`` timing), the generator/coroutine protocols, context
managers, ``except*``, host code calling back into user code, recursion limits,
class machinery, and hot loops whose operand types, object shapes, classes,
globals or builtins change midway (what the specializing and tracing tiers
must deoptimize on).  ``EXCLUDE_FEATURES`` leaves templates out when hunting
around a known bug.

The generator is driven by a ``draw(lo, hi) -> int`` function, so it runs both
under Hypothesis (``programs()``, ``cases()``: shrinkable) and from a plain
``random.Random`` (``generate(seed)``, used for quick local bug hunting:
``python tests/progen.py SEED [batch]`` prints a program).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

INT, FLOAT, STR, BOOL, NONE = "int", "float", "str", "bool", "none"
LIST, SLIST, TUPLE, DICT, SET = "list", "slist", "tuple", "dict", "set"
SCALARS = (INT, FLOAT, STR, BOOL, NONE)
CONTAINERS = (LIST, SLIST, TUPLE, DICT, SET)
BASIC = SCALARS + CONTAINERS
# element type produced by iterating a value of this type
ELEM = {LIST: INT, SLIST: STR, TUPLE: INT, DICT: STR, SET: INT, STR: STR}
PYTYPE = {INT: "int", FLOAT: "float", STR: "str", BOOL: "bool", LIST: "list",
          SLIST: "list", TUPLE: "tuple", DICT: "dict", SET: "set"}

CATCHABLE = ("ZeroDivisionError", "TypeError", "IndexError", "KeyError", "ValueError",
             "OverflowError")

INT_CAP = 400       # decimal digits an int expression may reach before it is cut
SEQ_CAP = 400       # printed size a str/container expression may reach
HARD_CAP = 60000    # beyond this even computing the expression once is refused
MAX_NEST = 3        # nesting of compound statements
EXCLUDE_FEATURES: set[str] = set()   # feature templates to leave out (bug hunting around known bugs)
CALL_BUDGET = 3000  # statements one call site may cost (times enclosing loop trips)
TOTAL_BUDGET = 40000

INT_LITS = (0, 1, 2, 3, -1, 5, 7, 10, -3, 4, 6, 9, 42, 100, -100, 255, 256, -128, 1000, 12345,
            2**31 - 1, 2**31, -2**31, 2**62, 2**63 - 1, 2**63, -2**63, 2**64, 10**20,
            -10**25, 2**100 + 1, 3**50, 12345678901234567890123, -(2**200))
FLOAT_LITS = ("0.0", "1.5", "-2.25", "0.1", "-0.0", "3.0", "2.5", "0.5", "1e300", "-1e-300",
              "1e16", "1e308", "float('inf')", "float('-inf')", "float('nan')", "123.456",
              "7.0", "-0.5", "1e-05", "2.0", "1.7976931348623157e+308", "5e-324")
STR_LITS = ("", "a", "abc", "Hello", " x ", "é", "日本", "a,b,c", "12", "-7", "x y z", "AbC",
            "\n", "'q'", "3.5", "a\tb", "zz", "banana", "  padded  ", "0", "ß", "TeSt",
            "1_000", "None", "\\", "🐍", "line1\nline2")
KEYS = ("a", "b", "k", "x", "key", "zz", "", "é")


@dataclass(frozen=True)
class E:
    """A generated expression: code (parenthesised where it matters), growth
    class g (see module doc), estimated printed size w, whether it always
    evaluates to a fresh container, and whether it may raise."""
    code: str
    g: int = 0
    w: int = 1
    fresh: bool = False


@dataclass(frozen=True)
class Var:
    name: str
    ty: str
    level: int = 0          # loop depth at which it was bound (-1: outer scope)
    g: int = 0
    w: int = 8
    owned: bool = True      # a container created here (mutable inside functions)
    readonly: bool = False  # while-loop counters


@dataclass
class Func:
    name: str
    params: list            # [(name, ty, default_code or None)]
    ret: str
    varargs: str | None = None
    kwonly: list = field(default_factory=list)   # [(name, ty, default_code or None)]
    kwargs: str | None = None
    kind: str = "func"      # func | gen | lambda | closure | rec
    cost: int = 1           # estimated statements executed per call


@dataclass
class Cls:
    name: str
    base: "Cls | None"
    init: list              # [(param, ty, default or None)]
    attrs: dict             # attr -> ty (including inherited)
    cattrs: dict            # class attributes: name -> ty
    methods: dict           # name -> ([(param, ty)], ret, mutating)
    props: dict             # name -> ty
    dunders: set
    classmethod_make: bool = False
    static: str | None = None
    param_attr: dict = field(default_factory=dict)


@dataclass
class Ctx:
    vars: dict
    funcs: dict
    classes: dict
    excs: list
    depth: int = 0          # loop depth inside the current function
    iters: int = 1          # product of enclosing loop bounds
    loop: bool = False      # break/continue allowed
    func: Func | None = None
    gen: bool = False       # inside a generator body: yield allowed
    frozen: bool = False    # no container mutation (a list is being iterated)
    owned_only: bool = False
    nest: int = 0
    module: bool = True     # module-level code (top of a whole program)
    in_class: "Cls | None" = None   # method body: self.<attr> leaves
    meter: list = field(default_factory=lambda: [0])   # cost of the code so far

    def affordable(self, cost: int) -> bool:
        return self.iters * cost <= CALL_BUDGET and self.meter[0] <= TOTAL_BUDGET

    def charge(self, cost: int) -> None:
        self.meter[0] += self.iters * cost

    def child(self, **kw) -> "Ctx":
        c = replace(self, **kw)
        c.vars = dict(self.vars)
        c.funcs = dict(self.funcs)
        c.classes = dict(self.classes)
        c.excs = list(self.excs)
        return c

    def absorb(self, child: "Ctx") -> None:
        """After a block: keep what changed about names bound before it."""
        for name, v in list(self.vars.items()):
            c = child.vars.get(name)
            if c is None or c is v:
                continue
            self.vars[name] = replace(v, g=max(v.g, c.g), w=max(v.w, c.w),
                                      owned=v.owned and c.owned)


def ind(lines: list[str], n: int = 1) -> list[str]:
    pad = "    " * n
    return [pad + line if line else line for line in lines]


def digits(v: int) -> int:
    return len(str(abs(v)))


class Gen:
    """One program's worth of generation state around a ``draw(lo, hi)``."""

    def __init__(self, draw_int):
        self._draw = draw_int
        self.counter = 0
        self.uses_math = False
        self.costs: dict[str, int] = {}

    # ----------------------------------------------------------- choices
    def int(self, lo: int, hi: int) -> int:
        return self._draw(lo, hi)

    def chance(self, pct: int) -> bool:
        # Shrinks towards False: the simpler program.
        return self._draw(0, 99) >= 100 - pct

    def choice(self, seq):
        seq = list(seq)
        return seq[self._draw(0, len(seq) - 1)]

    def pick(self, options):
        """options: [(weight, fn)]; draws one (shrinking towards the first)."""
        options = [(w, f) for w, f in options if w > 0]
        total = sum(w for w, _ in options)
        r = self._draw(0, total - 1)
        for w, f in options:
            if r < w:
                return f()
            r -= w
        raise AssertionError

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    # ----------------------------------------------------------- helpers
    def vars_of(self, ctx: Ctx, ty: str, writable: bool = False) -> list[Var]:
        out = [v for v in ctx.vars.values() if v.ty == ty]
        if writable:
            out = [v for v in out if not v.readonly and (v.level >= 0 or ctx.module)]
        return out

    def read(self, ctx: Ctx, v: Var) -> E:
        g = max(v.g, 1 if v.level < ctx.depth else 0)
        return E(v.name, g=g, w=v.w)

    def cap(self, e: E, ty: str) -> E:
        """Cut expressions whose result would be too big to keep around."""
        if ty == INT and e.w > INT_CAP:
            if e.w > HARD_CAP:
                return E(str(self.choice(INT_LITS[:12])))
            return E(f"({e.code} % 1000003)", g=0, w=7)
        if ty in (STR, LIST, SLIST, TUPLE) and e.w > SEQ_CAP:
            if e.w > HARD_CAP:
                return self.literal(ty)
            return E(f"{e.code}[:8]", g=e.g if ty != STR else 0, w=SEQ_CAP // 4, fresh=True)
        if ty in (DICT, SET) and e.w > SEQ_CAP:
            return self.literal(ty)
        return e

    def literal(self, ty: str) -> E:
        if ty == INT:
            if self.chance(15):
                v = self.int(-1000, 1000)
            else:
                v = self.choice(INT_LITS)
            return E(str(v) if v >= 0 else f"({v})", w=digits(v))
        if ty == FLOAT:
            return E(self.choice(FLOAT_LITS) if not self.chance(5) else "(-0.0)", w=25)
        if ty == STR:
            s = self.choice(STR_LITS)
            return E(repr(s), w=len(s) + 2)
        if ty == BOOL:
            return E(self.choice(("True", "False")))
        if ty == NONE:
            return E("None")
        if ty == LIST:
            items = [self.literal(INT) for _ in range(self.int(0, 4))]
            return E("[" + ", ".join(i.code for i in items) + "]",
                     w=sum(i.w + 2 for i in items) + 2, fresh=True)
        if ty == SLIST:
            items = [self.literal(STR) for _ in range(self.int(0, 4))]
            return E("[" + ", ".join(i.code for i in items) + "]",
                     w=sum(i.w + 2 for i in items) + 2, fresh=True)
        if ty == TUPLE:
            items = [self.literal(INT) for _ in range(self.int(0, 3))]
            code = "(" + ", ".join(i.code for i in items) + ("," if len(items) == 1 else "") + ")"
            return E(code, w=sum(i.w + 2 for i in items) + 2)
        if ty == DICT:
            keys = []
            for _ in range(self.int(0, 3)):
                keys.append(self.choice(KEYS))
            items = [(repr(k), self.literal(INT)) for k in keys]
            return E("{" + ", ".join(f"{k}: {v.code}" for k, v in items) + "}",
                     w=sum(v.w + 6 for _, v in items) + 2, fresh=True)
        if ty == SET:
            items = [self.literal(INT) for _ in range(self.int(0, 3))]
            if not items:
                return E("set()", fresh=True)
            return E("{" + ", ".join(i.code for i in items) + "}",
                     w=sum(i.w + 2 for i in items) + 2, fresh=True)
        return E("None")

    # ----------------------------------------------------------- expressions
    def expr(self, ctx: Ctx, ty: str, d: int) -> E:
        """An expression of static type ty (rarely another type on purpose)."""
        if d > 0 and self.chance(2):
            # now and then an operand of the wrong type (TypeError & co); never None
            # or a float: hash(None) and hash(nan) are id-based in 3.11, so such a
            # value reaching a set would print in a varying order; and no sequence
            # where an int is expected: `big_int * [x]` would allocate gigabytes
            if ty in (INT, BOOL):
                pool = tuple(t for t in (INT, BOOL, DICT, SET) if t != ty)
            else:
                pool = tuple(t for t in BASIC if t not in (NONE, FLOAT))
            e = self.expr(ctx, self.choice(pool), d - 1)
            return replace(e, code=f"({e.code})")
        if ty.startswith("obj:"):
            return self.e_obj(ctx, ty[4:], d)
        fn = {INT: self.e_int, FLOAT: self.e_float, STR: self.e_str, BOOL: self.e_bool,
              NONE: self.e_none, LIST: self.e_list, SLIST: self.e_slist,
              TUPLE: self.e_tuple, DICT: self.e_dict, SET: self.e_set}.get(ty)
        if fn is None:
            return E("None")
        return self.cap(fn(ctx, d), ty)

    def leaf(self, ctx: Ctx, ty: str) -> E:
        """A literal, a variable, or an attribute of that type."""
        opts = [(3, lambda: self.literal(ty))]
        vs = self.vars_of(ctx, ty)
        if vs:
            opts.append((6, lambda: self.read(ctx, self.choice(vs))))
        attrs = self.attr_leaves(ctx, ty)
        if attrs:
            opts.append((2, lambda: self.choice(attrs)))
        if not vs and ctx.vars and self.int(0, 999) >= 997:
            # an unbound name now and then: NameError / UnboundLocalError
            return E(self.choice(("undefined_name", "v0", "x")))
        return self.pick(opts)

    def attr_leaves(self, ctx: Ctx, ty: str) -> list[E]:
        out = []
        if ctx.in_class is not None:
            for a, aty in ctx.in_class.attrs.items():
                if aty == ty:
                    out.append(E(f"self.{a}", g=1, w=30))
        for v in ctx.vars.values():
            if v.ty.startswith("obj:") and v.ty[4:] in ctx.classes:
                cls = ctx.classes[v.ty[4:]]
                for a, aty in cls.attrs.items():
                    if aty == ty:
                        out.append(E(f"{v.name}.{a}", g=1, w=30))
                for a, aty in cls.props.items():
                    if aty == ty:
                        out.append(E(f"{v.name}.{a}", g=2, w=40))
                for a, aty in cls.cattrs.items():
                    if aty == ty:
                        out.append(E(f"{cls.name}.{a}", g=1, w=20))
        return out

    def sub(self, ctx: Ctx, ty: str, d: int) -> E:
        return self.expr(ctx, ty, d - 1)

    def ternary(self, ctx: Ctx, ty: str, d: int) -> E:
        a, c, b = self.sub(ctx, ty, d), self.sub(ctx, BOOL, d), self.sub(ctx, ty, d)
        return E(f"({a.code} if {c.code} else {b.code})", g=max(a.g, b.g), w=max(a.w, b.w))

    def call_user(self, ctx: Ctx, ty: str, d: int) -> E | None:
        fs = [f for f in ctx.funcs.values() if f.ret == ty and f.kind != "gen"
              and ctx.affordable(f.cost)]
        if not fs:
            return None
        f = self.choice(fs)
        ctx.charge(f.cost)
        if f.kind == "closure":
            return E(f"{f.name}({self.literal(INT).code})", g=2, w=30)
        args, w = self.call_args(ctx, f, d)
        return E(f"{f.name}({args})", g=2, w=max(30, w * 3))

    def call_args(self, ctx: Ctx, f: Func, d: int) -> tuple[str, int]:
        parts, w = [], 1
        wrong = self.chance(3)
        use_kw = False
        for i, (p, pty, default) in enumerate(f.params):
            if default is not None and self.chance(40):
                use_kw = use_kw or (i < len(f.params) - 1)
                continue
            a = self.sub(ctx, pty, d)
            w = max(w, a.w)
            if use_kw or (f.kind != "lambda" and self.chance(20)):
                use_kw = True
                parts.append(f"{p}={a.code}")
            else:
                parts.append(a.code)
        if f.varargs and not use_kw:
            for _ in range(self.int(0, 2)):
                a = self.sub(ctx, INT, d)
                parts.append(a.code)
        for p, pty, default in f.kwonly:
            if default is not None and self.chance(50):
                continue
            a = self.sub(ctx, pty, d)
            parts.append(f"{p}={a.code}")
        if f.kwargs:
            for i in range(self.int(0, 2)):
                parts.append(f"{self.choice(('zz', 'kk', 'opt'))}{i}="
                             f"{self.sub(ctx, INT, d).code}")
        if wrong:
            if parts and self.chance(50):
                parts.pop(self.int(0, len(parts) - 1))
            else:
                parts.append(self.choice(("1", "bogus=2", "'extra'")))
        # keyword arguments must follow positional ones
        pos = [p for p in parts if "=" not in p.split("(")[0] or p.startswith(("(", "[", "{", "'"))]
        kw = [p for p in parts if p not in pos]
        return ", ".join(pos + kw), w

    def e_int(self, ctx: Ctx, d: int) -> E:
        if d <= 0:
            return self.leaf(ctx, INT)

        def binop():
            op = self.choice(("+", "-", "*", "//", "%", "&", "|", "^", "+", "-", "*"))
            a, b = self.sub(ctx, INT, d), self.sub(ctx, INT, d)
            if op == "*":
                g = min(2, a.g + b.g) if a.g and b.g else max(a.g, b.g)
                w = a.w + b.w
            elif op == "%":
                g, w = b.g, b.w
            elif op == "//":
                g, w = a.g, a.w
            else:
                g, w = max(a.g, b.g), max(a.w, b.w) + 1
            if op == "%" and b.code.lstrip("(-").isdigit():
                g = 0
            return E(f"({a.code} {op} {b.code})", g=g, w=w)

        def unary():
            a = self.sub(ctx, INT, d)
            fmt = self.choice(("(-{})", "(~{})", "abs({})", "(+{})"))
            return E(fmt.format(a.code), g=a.g, w=a.w)

        def power():
            a = self.sub(ctx, INT, d)
            k = self.int(0, 5)
            return E(f"({a.code} ** {k})", g=min(2, a.g * k), w=a.w * max(k, 1))

        def shift():
            a = self.sub(ctx, INT, d)
            if self.chance(30):
                b = self.sub(ctx, INT, d)
                s = f"({b.code} % 70)" if self.chance(80) else b.code
                if "%" not in s:
                    return E(f"({a.code} >> {s})", g=a.g, w=a.w)
                return E(f"({a.code} << {s})", g=a.g, w=a.w + 22)
            k = self.int(0, 70)
            op = self.choice(("<<", ">>"))
            return E(f"({a.code} {op} {k})", g=a.g, w=a.w + (k // 3 + 1 if op == "<<" else 0))

        def length():
            ty = self.choice((LIST, SLIST, TUPLE, DICT, SET, STR))
            a = self.sub(ctx, ty, d)
            return E(f"len({a.code})", w=4)

        def index():
            ty = self.choice((LIST, TUPLE))
            a = self.sub(ctx, ty, d)
            i = self.index_expr(ctx, d)
            return E(f"{a.code}[{i.code}]", g=max(1, a.g) if a.g else 0, w=a.w)

        def dict_get():
            a = self.sub(ctx, DICT, d)
            k = self.key_expr(ctx, d)
            if self.chance(50):
                return E(f"{a.code}[{k.code}]", g=a.g, w=a.w)
            dflt = self.sub(ctx, INT, d)
            return E(f"{a.code}.get({k.code}, {dflt.code})", g=max(a.g, dflt.g),
                     w=max(a.w, dflt.w))

        def aggregate():
            ty = self.choice((LIST, TUPLE, SET))
            a = self.sub(ctx, ty, d)
            fn = self.choice(("sum", "min", "max", "len", "sum"))
            if fn == "len":
                return E(f"len({a.code})", w=4)
            return E(f"{fn}({a.code})", g=a.g, w=a.w)

        def minmax():
            a, b = self.sub(ctx, INT, d), self.sub(ctx, INT, d)
            fn = self.choice(("min", "max"))
            return E(f"{fn}({a.code}, {b.code})", g=max(a.g, b.g), w=max(a.w, b.w))

        def from_float():
            a = self.sub(ctx, FLOAT, d)
            if self.chance(30):
                self.uses_math = True
                fn = self.choice(("math.floor", "math.ceil", "math.trunc"))
            else:
                fn = self.choice(("int", "round"))
            return E(f"{fn}({a.code})", g=0, w=310)

        def from_str():
            a = self.sub(ctx, STR, d)
            if self.chance(50):
                return E(f"int({a.code})", g=a.g, w=a.w)
            fn = self.choice(("find", "count", "rfind"))
            b = self.sub(ctx, STR, d)
            return E(f"{a.code}.{fn}({b.code})", w=4)

        def modpow():
            a, b = self.sub(ctx, INT, d), self.sub(ctx, INT, d)
            m = self.choice((7, 97, 1000003, 2**61 - 1, 10, -13, 1))
            return E(f"pow({a.code}, {b.code}, {m})", g=0, w=digits(m))

        def divmod_():
            a, b = self.sub(ctx, INT, d), self.sub(ctx, INT, d)
            return E(f"divmod({a.code}, {b.code})[{self.int(0, 1)}]", g=a.g, w=a.w)

        def from_bool():
            a, b = self.sub(ctx, BOOL, d), self.sub(ctx, INT, d)
            return E(f"({a.code} + {b.code})", g=b.g, w=b.w + 1)

        def seq_method():
            a = self.sub(ctx, LIST, d)
            b = self.sub(ctx, INT, d)
            fn = self.choice(("index", "count"))
            return E(f"{a.code}.{fn}({b.code})", w=4)

        def bitlen():
            a = self.sub(ctx, INT, d)
            return E(f"({a.code}).bit_length()", w=4)

        def comp_sum():
            it, v, ety, itg = self.iterable(ctx, d)
            c2 = ctx.child(iters=ctx.iters * 8)
            c2.vars[v] = Var(v, ety, level=ctx.depth, g=itg, w=30)
            body = self.sub(c2, INT, d) if ety != INT or self.chance(60) else E(v)
            cond = ""
            if self.chance(40):
                cond = f" if {self.sub(c2, BOOL, d).code}"
            fn = self.choice(("sum", "len", "max", "min"))
            if fn == "len":
                return E(f"len([{body.code} for {v} in {it}{cond}])", w=4)
            if fn in ("max", "min"):
                return E(f"{fn}(({body.code} for {v} in {it}{cond}), default=0)", g=2,
                         w=body.w)
            return E(f"sum({body.code} for {v} in {it}{cond})", g=2, w=body.w + 3)

        def ordch():
            a = self.sub(ctx, STR, d)
            if self.chance(60):
                return E(f"ord({a.code}[0])", w=7)
            return E(f"ord({a.code})", w=7)

        def hashed():
            a = self.sub(ctx, self.choice((TUPLE, INT, STR)), d)
            return E(f"(hash({a.code}) % 1000)", w=4)

        opts = [(8, lambda: self.leaf(ctx, INT)), (14, binop), (3, unary), (2, power),
                (2, shift), (3, length), (3, index), (2, dict_get), (3, aggregate),
                (2, minmax), (2, from_float), (2, from_str), (1, modpow), (1, divmod_),
                (1, from_bool), (1 if self.chance(30) else 0, seq_method), (1, bitlen), (2, comp_sum), (1, ordch),
                (1, hashed), (2, lambda: self.ternary(ctx, INT, d)),
                (3, lambda: self.call_user(ctx, INT, d) or self.leaf(ctx, INT)),
                (2, lambda: self.obj_to(ctx, INT, d) or self.leaf(ctx, INT))]
        return self.pick(opts)

    def index_expr(self, ctx: Ctx, d: int) -> E:
        if self.chance(60):
            return E(str(self.int(-3, 4)))
        return self.sub(ctx, INT, d)

    def key_expr(self, ctx: Ctx, d: int) -> E:
        if self.chance(60):
            return E(repr(self.choice(KEYS)))
        return self.sub(ctx, STR, d)

    def e_float(self, ctx: Ctx, d: int) -> E:
        if d <= 0:
            return self.leaf(ctx, FLOAT)

        def binop():
            op = self.choice(("+", "-", "*", "/", "//", "%", "+", "*", "/"))
            a = self.sub(ctx, FLOAT, d)
            b = self.sub(ctx, self.choice((FLOAT, FLOAT, INT)), d)
            if self.chance(50):
                a, b = b, a
            return E(f"({a.code} {op} {b.code})", w=25)

        def truediv():
            a, b = self.sub(ctx, INT, d), self.sub(ctx, INT, d)
            return E(f"({a.code} / {b.code})", w=25)

        def power():
            a = self.sub(ctx, FLOAT, d)
            k = self.choice(("2", "3", "-1", "0", "0.5", "-2", "1.5"))
            if k in ("0.5", "1.5") and self.chance(80):
                a = E(f"abs({a.code})")
            return E(f"({a.code} ** {k})", w=25)

        def conv():
            ty = self.choice((INT, STR, BOOL, INT))
            a = self.sub(ctx, ty, d)
            return E(f"float({a.code})", w=25)

        def mathfn():
            self.uses_math = True
            a = self.sub(ctx, FLOAT, d)
            fn = self.choice(("math.sqrt", "math.fabs", "math.exp", "math.log", "math.sin",
                              "math.atan", "math.log10", "math.copysign"))
            if fn == "math.copysign":
                b = self.sub(ctx, FLOAT, d)
                return E(f"math.copysign({a.code}, {b.code})", w=25)
            return E(f"{fn}({a.code})", w=25)

        def rnd():
            a = self.sub(ctx, FLOAT, d)
            return E(f"round({a.code}, {self.int(-2, 4)})", w=25)

        def misc():
            a, b = self.sub(ctx, FLOAT, d), self.sub(ctx, FLOAT, d)
            fn = self.choice(("min({}, {})", "max({}, {})", "abs({})", "(-{})"))
            return E(fn.format(a.code, b.code), w=25)

        def agg():
            it, v, ety, itg = self.iterable(ctx, d)
            c2 = ctx.child(iters=ctx.iters * 8)
            c2.vars[v] = Var(v, ety, level=ctx.depth, w=30)
            body = self.sub(c2, FLOAT, d)
            return E(f"sum({body.code} for {v} in {it})", w=25)

        opts = [(6, lambda: self.leaf(ctx, FLOAT)), (10, binop), (4, truediv), (2, power),
                (3, conv), (3, mathfn), (2, rnd), (2, misc), (1, agg),
                (1, lambda: self.ternary(ctx, FLOAT, d)),
                (2, lambda: self.call_user(ctx, FLOAT, d) or self.leaf(ctx, FLOAT)),
                (1, lambda: self.obj_to(ctx, FLOAT, d) or self.leaf(ctx, FLOAT))]
        return self.pick(opts)

    def e_str(self, ctx: Ctx, d: int) -> E:
        if d <= 0:
            return self.leaf(ctx, STR)

        def concat():
            a, b = self.sub(ctx, STR, d), self.sub(ctx, STR, d)
            return E(f"({a.code} + {b.code})", g=min(2, a.g + b.g), w=a.w + b.w)

        def repeat():
            a = self.sub(ctx, STR, d)
            k = self.int(-1, 3)
            return E(f"({a.code} * {k})", g=min(2, a.g * max(k, 0)), w=a.w * max(k, 1))

        def index():
            a = self.sub(ctx, STR, d)
            i = self.index_expr(ctx, d)
            return E(f"{a.code}[{i.code}]", w=3)

        def slice_():
            a = self.sub(ctx, STR, d)
            lo = self.choice(("", "1", "-2", "2", "0"))
            hi = self.choice(("", "3", "-1", "10", "5"))
            if self.chance(30):
                st = self.choice(("-1", "2", "-2", "3", "0"))
                code = f"{a.code}[{lo}:{hi}:{st}]"
            else:
                code = f"{a.code}[{lo}:{hi}]"
            g = 0 if hi.isdigit() else a.g
            return E(code, g=g, w=min(a.w, 10) if hi.isdigit() else a.w)

        def conv():
            ty = self.choice(BASIC + tuple(f"obj:{c}" for c in ctx.classes))
            a = self.sub(ctx, ty, d)
            fn = self.choice(("str", "repr", "str", "ascii"))
            if fn == "str" and ty in (INT, FLOAT, BOOL, NONE):
                return E(f"{fn}({a.code})", g=a.g, w=a.w + 4)
            # repr of a str doubles its backslashes: repeated, that is geometric
            return E(f"{fn}({a.code})", g=2 if a.g else 0, w=a.w * 2 + 4)

        def fstring():
            parts, w, g = [], 0, 0
            for _ in range(self.int(1, 3)):
                ty = self.choice((INT, FLOAT, STR, BOOL, LIST, INT, FLOAT, NONE))
                a = self.sub(ctx, ty, d)
                spec = ""
                if self.chance(50):
                    spec = self.choice({
                        INT: (":5d", ":x", ":,", ":>8", ":08b", ":+", ":e", ":_", ":^9", ":o"),
                        FLOAT: (":.3f", ":e", ":g", ":10.2f", ":.0%", ":+.1f", ":,.2f", ":d"),
                        STR: (":<6", ":^7", ":>5", "!r", ":.2", ":d"),
                        BOOL: (":d", "!r", ":>6"),
                        LIST: ("!r", "", "!s"),
                        NONE: ("!r", ":>5", ""),
                    }[ty])
                w += a.w + 10
                g = max(g, a.g)
                if "\\" in a.code or '"' in a.code or "f'" in a.code:
                    parts.append(self.choice(("x", "y", "{{", "}}")))
                else:
                    parts.append("{(" + a.code + ")" + spec + "}")
                if self.chance(50):
                    parts.append(self.choice(("-", " ", ":", "=", "|")))
            return E('f"' + "".join(parts) + '"', g=min(2, g * 2), w=w)

        def method():
            a = self.sub(ctx, STR, d)
            m = self.choice(("upper()", "lower()", "strip()", "title()", "capitalize()",
                             "swapcase()", "lstrip()", "rstrip()", "casefold()"))
            return E(f"{a.code}.{m}", g=a.g, w=a.w)

        def method2():
            a = self.sub(ctx, STR, d)
            m = self.choice(("replace", "center", "ljust", "zfill", "rjust", "removeprefix",
                             "split_join", "partition"))
            if m == "replace":
                b, c = self.sub(ctx, STR, d), self.sub(ctx, STR, d)
                return E(f"{a.code}.replace({b.code}, {c.code})", g=2,
                         w=a.w * max(1, c.w) + 1)
            if m in ("center", "ljust", "rjust"):
                n = self.int(0, 12)
                fill = self.choice(("", ", '*'", ", '-'", ", ' '", ", '*'", ", 'ab'"))
                return E(f"{a.code}.{m}({n}{fill})", g=a.g, w=a.w + n)
            if m == "zfill":
                n = self.int(0, 10)
                return E(f"{a.code}.zfill({n})", g=a.g, w=a.w + n)
            if m == "removeprefix":
                b = self.sub(ctx, STR, d)
                return E(f"{a.code}.removeprefix({b.code})", g=a.g, w=a.w)
            if m == "partition":
                b = self.sub(ctx, STR, d)
                return E(f"{a.code}.partition({b.code})[{self.int(0, 2)}]", g=a.g, w=a.w)
            sep = self.choice(("','", "' '", "None", "'a'", "''"))
            return E(f"'-'.join({a.code}.split({sep}))", g=a.g, w=a.w * 2)

        def join():
            if self.chance(50):
                a = self.sub(ctx, SLIST, d)
                sep = self.literal(STR)
                return E(f"{sep.code}.join({a.code})", g=a.g, w=a.w * 2)
            a = self.sub(ctx, LIST, d)
            v = self.fresh("e")
            return E(f"','.join(str({v}) for {v} in {a.code})", g=a.g, w=a.w * 2)

        def percent():
            a, b = self.sub(ctx, INT, d), self.sub(ctx, STR, d)
            fmt = self.choice(("'%d/%s'", "'%5d|%-4s|'", "'%x:%r'", "'%s %s'", "'%d'"))
            if fmt == "'%d'":
                return E(f"({fmt} % {a.code})", g=a.g, w=a.w + 4)
            if "%r" in fmt:
                return E(f"({fmt} % ({a.code}, {b.code}))", g=2 if a.g or b.g else 0,
                         w=a.w + 2 * b.w + 8)
            return E(f"({fmt} % ({a.code}, {b.code}))", g=max(a.g, b.g), w=a.w + b.w + 8)

        def fmt_method():
            a, b = self.sub(ctx, INT, d), self.sub(ctx, FLOAT, d)
            f = self.choice(("'{}-{}'", "'{0}/{1}/{0}'", "'{:>4}{:.2f}'", "'{1!r}'"))
            return E(f"{f}.format({a.code}, {b.code})", g=a.g, w=2 * a.w + 40)

        def chr_():
            a = self.sub(ctx, INT, d)
            if self.chance(70):
                return E(f"chr(65 + {a.code} % 26)", w=1)
            return E(f"chr({a.code})", w=1)

        def numfmt():
            a = self.sub(ctx, INT, d)
            fn = self.choice(("hex", "bin", "oct"))
            return E(f"{fn}({a.code})", g=a.g, w=a.w * 4)

        def typename():
            a = self.sub(ctx, self.choice(BASIC), d)
            return E(f"type({a.code}).__name__", w=6)

        opts = [(6, lambda: self.leaf(ctx, STR)), (5, concat), (2, repeat), (2, index),
                (3, slice_), (4, conv), (4, fstring), (3, method), (3, method2), (2, join),
                (2, percent), (1, fmt_method), (1, chr_), (1, numfmt), (1, typename),
                (1, lambda: self.ternary(ctx, STR, d)),
                (2, lambda: self.call_user(ctx, STR, d) or self.leaf(ctx, STR)),
                (1, lambda: self.obj_to(ctx, STR, d) or self.leaf(ctx, STR))]
        return self.pick(opts)

    def e_bool(self, ctx: Ctx, d: int) -> E:
        if d <= 0:
            return self.leaf(ctx, BOOL)

        def compare():
            ty = self.choice((INT, INT, FLOAT, STR, INT, LIST, TUPLE, BOOL))
            if self.chance(5):
                ty2 = self.choice(BASIC)
            else:
                ty2 = ty if ty not in (INT, FLOAT) else self.choice((INT, FLOAT, ty))
            a, b = self.sub(ctx, ty, d), self.sub(ctx, ty2, d)
            op = self.choice(("<", "<=", ">", ">=", "==", "!="))
            if self.chance(25):
                c = self.sub(ctx, ty, d)
                op2 = self.choice(("<", "<=", "==", "!=", ">", "<"))
                return E(f"({a.code} {op} {b.code} {op2} {c.code})")
            return E(f"({a.code} {op} {b.code})")

        def equality():
            ty = self.choice(BASIC)
            a, b = self.sub(ctx, ty, d), self.sub(ctx, self.choice((ty, ty, INT, FLOAT)), d)
            op = self.choice(("==", "!="))
            return E(f"({a.code} {op} {b.code})")

        def member():
            ty = self.choice((LIST, SLIST, TUPLE, DICT, SET, STR))
            c = self.sub(ctx, ty, d)
            x = self.sub(ctx, ELEM[ty], d)
            op = self.choice(("in", "not in"))
            return E(f"({x.code} {op} {c.code})")

        def logic():
            a, b = self.sub(ctx, BOOL, d), self.sub(ctx, BOOL, d)
            op = self.choice(("and", "or"))
            return E(f"({a.code} {op} {b.code})")

        def neg():
            a = self.sub(ctx, BOOL, d)
            return E(f"(not {a.code})")

        def truth():
            a = self.sub(ctx, self.choice(BASIC), d)
            return E(f"bool({a.code})") if self.chance(50) else E(f"(not {a.code})")

        def isinst():
            a = self.sub(ctx, self.choice(BASIC), d)
            t = self.choice(("int", "str", "float", "list", "(int, float)", "bool", "dict",
                             "tuple", "object", "type(None)"))
            return E(f"isinstance({a.code}, {t})")

        def none_check():
            vs = self.vars_of(ctx, NONE) + self.vars_of(ctx, INT) + self.vars_of(ctx, STR)
            a = self.read(ctx, self.choice(vs)) if vs else self.sub(ctx, NONE, d)
            return E(f"({a.code} is {self.choice(('None', 'not None'))})")

        def str_pred():
            a = self.sub(ctx, STR, d)
            m = self.choice(("isdigit()", "isalpha()", "isupper()", "isspace()",
                             "startswith('a')", "endswith('c')", "islower()", "isidentifier()"))
            return E(f"{a.code}.{m}")

        def float_pred():
            a = self.sub(ctx, FLOAT, d)
            if self.chance(50):
                self.uses_math = True
                return E(f"math.{self.choice(('isnan', 'isinf', 'isfinite'))}({a.code})")
            return E(f"({a.code} != {a.code})") if self.chance(50) else E(f"{a.code}.is_integer()")

        def quant():
            it, v, ety, itg = self.iterable(ctx, d)
            c2 = ctx.child(iters=ctx.iters * 8)
            c2.vars[v] = Var(v, ety, level=ctx.depth, w=30)
            body = self.sub(c2, BOOL, d)
            return E(f"{self.choice(('all', 'any'))}({body.code} for {v} in {it})")

        opts = [(4, lambda: self.leaf(ctx, BOOL)), (10, compare), (2, equality), (3, member),
                (3, logic), (2, neg), (1, truth), (1, isinst), (1, none_check), (1, str_pred),
                (1, float_pred), (1, quant), (1, lambda: self.ternary(ctx, BOOL, d)),
                (1, lambda: self.call_user(ctx, BOOL, d) or self.leaf(ctx, BOOL))]
        return self.pick(opts)

    def e_none(self, ctx: Ctx, d: int) -> E:
        if d <= 0 or self.chance(70):
            return self.leaf(ctx, NONE)
        return self.pick([(1, lambda: self.ternary(ctx, NONE, d)),
                          (1, lambda: self.call_user(ctx, NONE, d) or E("None"))])

    def iterable(self, ctx: Ctx, d: int, direct_ok: bool = True):
        """(code, loop var name, element type, g) for a comprehension/for source."""
        v = self.fresh("i")

        def rng():
            a = self.int(-2, 8)
            if self.chance(60):
                return (f"range({max(a, 0)})", v, INT, 0)
            b = self.int(-3, 9)
            s = self.choice(("", ", 2", ", -1", ", 3", ", -2"))
            return (f"range({a}, {b}{s})", v, INT, 0)

        def container():
            ty = self.choice((LIST, SLIST, TUPLE, STR, DICT, SET))
            e = self.sub(ctx, ty, d) if d > 0 else self.leaf(ctx, ty)
            code = e.code
            if ty == SET:
                code = f"sorted({code})"
            if ty == DICT and self.chance(40):
                code = f"{code}.values()"
                return (code, v, INT, max(e.g, 1) if e.g else 0)
            return (code, v, ELEM[ty], e.g)

        def enum():
            e = self.sub(ctx, LIST, d) if d > 0 else self.leaf(ctx, LIST)
            return (f"enumerate({e.code})", v, TUPLE, e.g)

        return self.pick([(4, rng), (5, container), (1, enum)])

    def comp_parts(self, ctx: Ctx, d: int, elem_ty: str):
        it, v, ety, itg = self.iterable(ctx, d)
        c2 = ctx.child(iters=ctx.iters * 8)
        c2.vars[v] = Var(v, ety, level=ctx.depth, g=itg, w=30)
        clauses = f"for {v} in {it}"
        if self.chance(20):
            it2, v2, ety2, itg2 = self.iterable(c2, max(d - 1, 0))
            c2.vars[v2] = Var(v2, ety2, level=ctx.depth, g=itg2, w=30)
            clauses += f" for {v2} in {it2}"
        if self.chance(35):
            clauses += f" if {self.sub(c2, BOOL, d).code}"
        if ety == elem_ty and self.chance(30):
            body = E(v, g=itg)
        else:
            body = self.sub(c2, elem_ty, d)
        return body, clauses

    def e_list(self, ctx: Ctx, d: int) -> E:
        return self.e_seqlist(ctx, d, LIST, INT)

    def e_slist(self, ctx: Ctx, d: int) -> E:
        return self.e_seqlist(ctx, d, SLIST, STR)

    def e_seqlist(self, ctx: Ctx, d: int, ty: str, ety: str) -> E:
        if d <= 0:
            return self.leaf(ctx, ty)

        def display():
            items = [self.sub(ctx, ety, d) for _ in range(self.int(0, 4))]
            star = ""
            if self.chance(15):
                o = self.sub(ctx, ty, d)
                star = ", *" + o.code if items else "*" + o.code
                items.append(o)
            return E("[" + ", ".join(i.code for i in items[:len(items) - (1 if star else 0)])
                     + star + "]", g=max([i.g for i in items], default=0),
                     w=sum(i.w + 2 for i in items) + 2, fresh=True)

        def concat():
            a, b = self.sub(ctx, ty, d), self.sub(ctx, ty, d)
            return E(f"({a.code} + {b.code})", g=min(2, a.g + b.g), w=a.w + b.w, fresh=True)

        def repeat():
            a = self.sub(ctx, ty, d)
            k = self.int(-1, 3)
            return E(f"({a.code} * {k})", g=min(2, a.g * max(k, 0)), w=a.w * max(k, 1),
                     fresh=True)

        def slice_():
            a = self.sub(ctx, ty, d)
            sl = self.choice(("[1:]", "[:-1]", "[::-1]", "[::2]", "[1:3]", "[-2:]", "[:]",
                              "[::-2]", "[5:1:-1]"))
            return E(f"{a.code}{sl}", g=a.g, w=a.w, fresh=True)

        def sort():
            src = LIST if ty == LIST else SLIST
            a = self.sub(ctx, self.choice((src, src, SET if ty == LIST else DICT,
                                           TUPLE if ty == LIST else STR)), d)
            extra = ""
            if self.chance(30):
                extra = ", reverse=True"
            if self.chance(30):
                v = self.fresh("k")
                c2 = ctx.child(iters=ctx.iters * 8)
                c2.vars[v] = Var(v, ety, level=ctx.depth, w=30)
                key = self.sub(c2, self.choice((INT, STR, TUPLE)) if ty == LIST
                               else self.choice((INT, STR)), d)
                extra += f", key=lambda {v}: {key.code}"
            return E(f"sorted({a.code}{extra})", g=a.g, w=a.w, fresh=True)

        def comp():
            body, clauses = self.comp_parts(ctx, d, ety)
            return E(f"[{body.code} {clauses}]", g=2, w=body.w * 10 + 10, fresh=True)

        def conv():
            if ty == LIST:
                src = self.choice((TUPLE, SET, "range", "dictvals", "gen"))
                if src == "range":
                    return E(f"list(range({self.int(-2, 3)}, {self.int(0, 9)}"
                             f"{self.choice(('', ', 2', ', -1'))}))", w=30, fresh=True)
                if src == "dictvals":
                    a = self.sub(ctx, DICT, d)
                    return E(f"list({a.code}.values())", g=a.g, w=a.w, fresh=True)
                if src == "gen":
                    gens = [f for f in ctx.funcs.values() if f.kind == "gen"
                            and ctx.affordable(f.cost)]
                    if gens:
                        f = self.choice(gens)
                        ctx.charge(f.cost)
                        args, w = self.call_args(ctx, f, d)
                        return E(f"list({f.name}({args}))", g=2, w=w * 10 + 20, fresh=True)
                    src = TUPLE
                a = self.sub(ctx, src, d)
                return E(f"list({a.code})", g=a.g, w=a.w, fresh=True)
            src = self.choice((STR, DICT, "split", "keys"))
            a = self.sub(ctx, STR if src in (STR, "split") else DICT, d)
            if src == "split":
                sep = self.choice(("", "','", "' '", "'a'"))
                return E(f"{a.code}.split({sep})", g=a.g, w=a.w * 3, fresh=True)
            if src == "keys":
                return E(f"list({a.code}.keys())", g=a.g, w=a.w, fresh=True)
            return E(f"list({a.code})", g=a.g, w=a.w * 4, fresh=True)

        def mapfilter():
            src = self.sub(ctx, ty, d)
            v = self.fresh("m")
            c2 = ctx.child(iters=ctx.iters * 8)
            c2.vars[v] = Var(v, ety, level=ctx.depth, g=max(src.g, 0), w=30)
            if self.chance(50):
                body = self.sub(c2, ety, d)
                return E(f"list(map(lambda {v}: {body.code}, {src.code}))", g=2,
                         w=src.w * 3 + body.w, fresh=True)
            cond = self.sub(c2, BOOL, d)
            return E(f"list(filter(lambda {v}: {cond.code}, {src.code}))", g=src.g, w=src.w,
                     fresh=True)

        def rev():
            a = self.sub(ctx, ty, d)
            return E(f"list(reversed({a.code}))", g=a.g, w=a.w, fresh=True)

        opts = [(6, lambda: self.leaf(ctx, ty)), (6, display), (2, concat), (1, repeat),
                (2, slice_), (3, sort), (4, comp), (3, conv), (2, mapfilter), (1, rev),
                (1, lambda: self.ternary(ctx, ty, d)),
                (2, lambda: self.call_user(ctx, ty, d) or self.leaf(ctx, ty)),
                (1, lambda: self.obj_to(ctx, ty, d) or self.leaf(ctx, ty))]
        return self.pick(opts)

    def e_tuple(self, ctx: Ctx, d: int) -> E:
        if d <= 0:
            return self.leaf(ctx, TUPLE)

        def display():
            items = [self.sub(ctx, INT, d) for _ in range(self.int(0, 3))]
            code = "(" + ", ".join(i.code for i in items) + ("," if len(items) == 1 else "") + ")"
            return E(code, g=max([i.g for i in items], default=0),
                     w=sum(i.w + 2 for i in items) + 2)

        def conv():
            a = self.sub(ctx, self.choice((LIST, SET)), d)
            if self.chance(30):
                return E(f"tuple(sorted({a.code}))", g=a.g, w=a.w)
            return E(f"tuple({a.code})", g=a.g, w=a.w)

        def concat():
            a, b = self.sub(ctx, TUPLE, d), self.sub(ctx, TUPLE, d)
            return E(f"({a.code} + {b.code})", g=min(2, a.g + b.g), w=a.w + b.w)

        def slice_():
            a = self.sub(ctx, TUPLE, d)
            return E(f"{a.code}{self.choice(('[1:]', '[::-1]', '[:2]', '[-1:]'))}", g=a.g, w=a.w)

        def dm():
            a, b = self.sub(ctx, INT, d), self.sub(ctx, INT, d)
            return E(f"divmod({a.code}, {b.code})", g=max(a.g, b.g), w=2 * a.w + 4)

        def comp():
            body, clauses = self.comp_parts(ctx, d, INT)
            return E(f"tuple({body.code} {clauses})", g=2, w=body.w * 10 + 10)

        def star():
            a, b = self.sub(ctx, INT, d), self.sub(ctx, LIST, d)
            return E(f"({a.code}, *{b.code})", g=max(a.g, b.g), w=a.w + b.w)

        opts = [(5, lambda: self.leaf(ctx, TUPLE)), (5, display), (2, conv), (1, concat),
                (1, slice_), (1, dm), (1, comp), (1, star),
                (1, lambda: self.ternary(ctx, TUPLE, d)),
                (1, lambda: self.call_user(ctx, TUPLE, d) or self.leaf(ctx, TUPLE))]
        return self.pick(opts)

    def e_dict(self, ctx: Ctx, d: int) -> E:
        if d <= 0:
            return self.leaf(ctx, DICT)

        def display():
            items = [(self.key_expr(ctx, d), self.sub(ctx, INT, d)) for _ in range(self.int(0, 3))]
            return E("{" + ", ".join(f"{k.code}: {v.code}" for k, v in items) + "}",
                     g=max([max(k.g, v.g) for k, v in items], default=0),
                     w=sum(k.w + v.w + 4 for k, v in items) + 2, fresh=True)

        def zipped():
            a, b = self.sub(ctx, SLIST, d), self.sub(ctx, LIST, d)
            return E(f"dict(zip({a.code}, {b.code}))", g=max(a.g, b.g), w=a.w + b.w,
                     fresh=True)

        def comp():
            sty = self.choice((SLIST, STR, LIST))
            src = self.sub(ctx, sty, d)
            v = self.fresh("k")
            c2 = ctx.child(iters=ctx.iters * 8)
            c2.vars[v] = Var(v, ELEM[sty], level=ctx.depth, w=10)
            val = self.sub(c2, INT, d)
            key = f"str({v})" if sty == LIST or self.chance(30) else v
            return E(f"{{{key}: {val.code} for {v} in {src.code}}}", g=2,
                     w=src.w * (val.w + 4), fresh=True)

        def merge():
            a, b = self.sub(ctx, DICT, d), self.sub(ctx, DICT, d)
            fmt = self.choice(("{{**{}, **{}}}", "({} | {})"))
            return E(fmt.format(a.code, b.code), g=min(2, a.g + b.g), w=a.w + b.w, fresh=True)

        def fromkeys():
            a, v = self.sub(ctx, SLIST, d), self.sub(ctx, INT, d)
            return E(f"dict.fromkeys({a.code}, {v.code})", g=max(a.g, v.g),
                     w=a.w * (v.w + 2), fresh=True)

        def filt():
            a = self.sub(ctx, DICT, d)
            k, v = self.fresh("k"), self.fresh("v")
            c2 = ctx.child(iters=ctx.iters * 8)
            c2.vars[k] = Var(k, STR, level=ctx.depth, w=5)
            c2.vars[v] = Var(v, INT, level=ctx.depth, w=30)
            cond = self.sub(c2, BOOL, d)
            val = self.sub(c2, INT, d) if self.chance(40) else E(v)
            return E(f"{{{k}: {val.code} for {k}, {v} in {a.code}.items() if {cond.code}}}",
                     g=2, w=a.w * 2 + val.w, fresh=True)

        def copy():
            a = self.sub(ctx, DICT, d)
            return E(f"dict({a.code})" if self.chance(50) else f"dict(sorted({a.code}.items()))",
                     g=a.g, w=a.w, fresh=True)

        opts = [(5, lambda: self.leaf(ctx, DICT)), (5, display), (1, zipped), (2, comp),
                (2, merge), (1, fromkeys), (1, filt), (1, copy),
                (1, lambda: self.call_user(ctx, DICT, d) or self.leaf(ctx, DICT))]
        return self.pick(opts)

    def e_set(self, ctx: Ctx, d: int) -> E:
        if d <= 0:
            return self.leaf(ctx, SET)

        def display():
            items = [self.sub(ctx, INT, d) for _ in range(self.int(1, 3))]
            return E("{" + ", ".join(i.code for i in items) + "}",
                     g=max(i.g for i in items), w=sum(i.w + 2 for i in items), fresh=True)

        def conv():
            a = self.sub(ctx, self.choice((LIST, TUPLE)), d)
            return E(f"set({a.code})", g=a.g, w=a.w, fresh=True)

        def setop():
            a, b = self.sub(ctx, SET, d), self.sub(ctx, SET, d)
            op = self.choice(("|", "&", "-", "^"))
            return E(f"({a.code} {op} {b.code})", g=min(2, a.g + b.g), w=a.w + b.w, fresh=True)

        def comp():
            body, clauses = self.comp_parts(ctx, d, INT)
            return E(f"{{{body.code} {clauses}}}", g=2, w=body.w * 10 + 10, fresh=True)

        opts = [(5, lambda: self.leaf(ctx, SET)), (3, display), (2, conv), (3, setop), (2, comp),
                (1, lambda: self.call_user(ctx, SET, d) or self.leaf(ctx, SET))]
        return self.pick(opts)

    # ----------------------------------------------------------- objects
    def construct(self, ctx: Ctx | None, cname: str, d: int) -> E:
        cls = ctx.classes[cname]
        parts = []
        for p, pty, default in cls.init:
            if default is not None and self.chance(40):
                continue
            a = self.sub(ctx, pty, max(d, 1)) if ctx else self.literal(pty)
            parts.append(a.code)
        if cls.classmethod_make and self.chance(30):
            return E(f"{cname}.make({self.sub(ctx, INT, max(d, 1)).code})", g=2, w=40)
        return E(f"{cname}({', '.join(parts)})", g=2, w=40)

    def e_obj(self, ctx: Ctx, cname: str, d: int) -> E:
        if cname not in ctx.classes:
            return E("None")
        cls = ctx.classes[cname]
        vs = self.vars_of(ctx, f"obj:{cname}")
        opts = [(4, lambda: self.construct(ctx, cname, d))]
        if vs:
            opts.append((5, lambda: self.read(ctx, self.choice(vs))))
        if "__add__" in cls.dunders and d > 0:
            def add():
                a = self.e_obj(ctx, cname, d - 1)
                b = self.e_obj(ctx, cname, d - 1) if self.chance(60) else self.sub(ctx, INT, d)
                return E(f"({a.code} + {b.code})", g=2, w=40)
            opts.append((2, add))
        chain = [m for m, (ps, ret, mut) in cls.methods.items() if ret == f"obj:{cname}"]
        if chain and vs:
            def chained():
                m = self.choice(chain)
                ps = cls.methods[m][0]
                args = ", ".join(self.literal(pty).code for _, pty in ps)
                return E(f"{self.choice(vs).name}.{m}({args})", g=2, w=40)
            opts.append((1, chained))
        return self.pick(opts)

    def obj_to(self, ctx: Ctx, ty: str, d: int) -> E | None:
        """A method call / dunder use on an object yielding ty."""
        opts = []
        for v in ctx.vars.values():
            if not v.ty.startswith("obj:") or v.ty[4:] not in ctx.classes:
                continue
            cls = ctx.classes[v.ty[4:]]
            for m, (ps, ret, mut) in cls.methods.items():
                if ret == ty and ctx.affordable(self.costs.get(m, 1)):
                    opts.append((v, cls, m, ps))
            if ty == INT and "__len__" in cls.dunders:
                opts.append((v, cls, "__len__", None))
            if ty == BOOL and "__eq__" in cls.dunders:
                opts.append((v, cls, "__eq__", None))
            if ty == BOOL and "__lt__" in cls.dunders:
                opts.append((v, cls, "__lt__", None))
            if ty == BOOL and "__contains__" in cls.dunders:
                opts.append((v, cls, "__contains__", None))
            if ty == BOOL and "__bool__" in cls.dunders:
                opts.append((v, cls, "__bool__", None))
            if ty == LIST and "__iter__" in cls.dunders:
                opts.append((v, cls, "__iter__", None))
            if ty == INT and "__getitem__" in cls.dunders:
                opts.append((v, cls, "__getitem__", None))
            if ty == INT and "__call__" in cls.dunders:
                opts.append((v, cls, "__call__", None))
            if ty == STR:
                opts.append((v, cls, "__str__", None))
            if ty == INT and cls.static:
                opts.append((v, cls, cls.static, "static"))
        if not opts:
            return None
        v, cls, m, ps = self.choice(opts)
        if m == "__len__":
            return E(f"len({v.name})", w=4)
        if m == "__eq__":
            o = self.e_obj(ctx, cls.name, d - 1)
            return E(f"({v.name} {self.choice(('==', '!='))} {o.code})")
        if m == "__lt__":
            o = self.e_obj(ctx, cls.name, d - 1)
            return E(f"({v.name} {self.choice(('<', '>'))} {o.code})")
        if m == "__contains__":
            return E(f"({self.sub(ctx, INT, d).code} in {v.name})")
        if m == "__bool__":
            return E(f"bool({v.name})" if self.chance(50) else f"(not {v.name})")
        if m == "__iter__":
            return E(f"list({v.name})", g=2, w=60, fresh=True)
        if m == "__getitem__":
            return E(f"{v.name}[{self.index_expr(ctx, d).code}]", g=2, w=40)
        if m == "__call__":
            return E(f"{v.name}({self.sub(ctx, INT, d).code})", g=2, w=40)
        if m == "__str__":
            return E(f"{self.choice(('str', 'repr'))}({v.name})", g=2, w=60)
        if ps == "static":
            a, b = self.sub(ctx, INT, d), self.sub(ctx, INT, d)
            target = cls.name if self.chance(50) else v.name
            return E(f"{target}.{m}({a.code}, {b.code})", g=2, w=max(a.w, b.w) + 2)
        ctx.charge(self.costs.get(m, 1))
        args = ", ".join(self.sub(ctx, pty, d).code for _, pty in ps)
        return E(f"{v.name}.{m}({args})", g=2, w=60)

    # ----------------------------------------------------------- statements
    def block(self, ctx: Ctx, lo: int, hi: int) -> list[str]:
        lines: list[str] = []
        for _ in range(self.int(lo, hi)):
            lines += self.stmt(ctx)
        return lines or ["pass"]

    def printer(self, *codes: str) -> str:
        return "print(" + ", ".join(codes) + ")"

    def stmt(self, ctx: Ctx) -> list[str]:
        ctx.charge(1)
        can_nest = ctx.nest < MAX_NEST
        top = ctx.depth == 0 and ctx.func is None and not ctx.frozen
        defs_ok = ctx.nest <= 1 and ctx.depth == 0
        objs = [v for v in ctx.vars.values() if v.ty.startswith("obj:")
                and v.ty[4:] in ctx.classes]
        opts = [
            (10, lambda: self.s_assign(ctx)),
            (6, lambda: self.s_reassign(ctx)),
            (5, lambda: self.s_augassign(ctx)),
            (4, lambda: self.s_print(ctx)),
            (0 if ctx.frozen else 5, lambda: self.s_mutate(ctx)),
            (2, lambda: self.s_unpack(ctx)),
            (6 if can_nest else 0, lambda: self.s_if(ctx)),
            (5 if can_nest else 0, lambda: self.s_for(ctx)),
            (2 if can_nest else 0, lambda: self.s_while(ctx)),
            (4 if can_nest else 0, lambda: self.s_try(ctx)),
            (2 if can_nest else 0, lambda: self.s_match(ctx)),
            (4 if defs_ok else 0, lambda: self.s_def(ctx)),
            (2 if defs_ok else 0, lambda: self.s_gendef(ctx)),
            (1 if defs_ok else 0, lambda: self.s_recdef(ctx)),
            (1 if defs_ok else 0, lambda: self.s_closure(ctx)),
            (2 if defs_ok and ctx.func is None else 0, lambda: self.s_class(ctx)),
            (1 if defs_ok and not ctx.excs else 0, lambda: self.s_excclass(ctx)),
            (2, lambda: self.s_lambda(ctx)),
            (3 if objs else 0, lambda: self.s_objuse(ctx, objs)),
            (1, lambda: self.s_assert(ctx)),
            (1, lambda: self.s_raise(ctx)),
            (1 if top else 0, lambda: self.s_template(ctx)),
            (3 if ctx.nest <= 1 and ctx.depth == 0 and ctx.func is None else 0,
             lambda: self.s_feature(ctx)),

            (3 if ctx.loop else 0, lambda: self.s_jump(ctx)),
            (2 if ctx.func is not None and not ctx.gen else 0, lambda: self.s_return(ctx)),
            (2 if ctx.gen else 0, lambda: self.s_yield(ctx)),
        ]
        return self.pick(opts)

    def bind(self, ctx: Ctx, name: str, ty: str, e: E, readonly=False) -> None:
        old = ctx.vars.get(name)
        if old is not None and old.level < ctx.depth:
            # a store into state that outlives the loop iteration
            ctx.vars[name] = replace(old, w=max(old.w, min(e.w * ctx.iters, HARD_CAP)),
                                     owned=old.owned and e.fresh)
            return
        ctx.vars[name] = Var(name, ty, level=ctx.depth, g=e.g, w=e.w, owned=e.fresh,
                             readonly=readonly)

    def outer(self, ctx: Ctx, v: Var) -> bool:
        return v.level < ctx.depth

    def s_assign(self, ctx: Ctx) -> list[str]:
        ty = self.choice(BASIC + tuple(f"obj:{c}" for c in ctx.classes)
                         + (INT, INT, STR, LIST))
        e = self.expr(ctx, ty, self.int(0, 3))
        name = self.fresh("v")
        self.bind(ctx, name, ty, e)
        lines = [f"{name} = {e.code}"]
        if not self.chance(15):
            lines.append(self.printer(repr(name), name))
        return lines

    def bounded(self, ctx: Ctx, v: Var, make) -> E | None:
        """make() -> E; for outer names in loops retry until the store is safe."""
        for _ in range(3):
            e = make()
            if not self.outer(ctx, v) or e.g <= 1:
                return e
        return None

    def s_reassign(self, ctx: Ctx) -> list[str]:
        vs = [v for v in ctx.vars.values() if not v.readonly and v.level >= 0
              and not v.ty.startswith("func")]
        if not vs:
            return self.s_assign(ctx)
        v = self.choice(vs)
        e = self.bounded(ctx, v, lambda: self.expr(ctx, v.ty, self.int(0, 3)))
        if e is None:
            e = self.literal(v.ty) if not v.ty.startswith("obj:") else E("None")
            if v.ty.startswith("obj:"):
                return self.s_print(ctx)
        self.bind(ctx, v.name, v.ty, e)
        return [f"{v.name} = {e.code}", self.printer(repr(v.name), v.name)]

    def s_augassign(self, ctx: Ctx) -> list[str]:
        vs = [v for v in ctx.vars.values() if not v.readonly and v.level >= 0
              and v.ty in (INT, FLOAT, STR, LIST, SLIST, SET, DICT, TUPLE)]
        if ctx.frozen:
            vs = [v for v in vs if v.ty not in (LIST, SLIST, SET, DICT)]
        if ctx.owned_only:
            vs = [v for v in vs if v.ty not in (LIST, SLIST, SET, DICT) or v.owned]
        if not vs:
            return self.s_assign(ctx)
        v = self.choice(vs)
        outer = self.outer(ctx, v)
        if v.ty in (INT, FLOAT):
            ops = ("+=", "-=", "*=", "//=", "%=", "|=", "^=", "&=", "<<=", ">>=", "/=", "**=")
            if v.ty == FLOAT:
                ops = ("+=", "-=", "*=", "/=", "//=", "%=", "**=")
            op = self.choice(ops)
            if op in ("<<=", ">>="):
                e = E(str(self.int(0, 40)))
            elif op == "**=":
                e = E(str(self.int(0, 3)))
            elif op == "/=" and v.ty == INT:
                op = "//="
                e = self.expr(ctx, INT, self.int(0, 2))
            else:
                e = self.bounded(ctx, v, lambda: self.expr(
                    ctx, self.choice((v.ty, INT)), self.int(0, 2)))
                if e is None:
                    e = self.literal(INT)
            if outer and op in ("*=", "**="):
                op = "*="
                e = E(str(self.int(-3, 3)))
            w = {"*=": v.w + e.w, "**=": v.w * 3, "<<=": v.w + 14}.get(op, v.w + 1)
            if w > INT_CAP and v.ty == INT:
                op, e = "%=", E("1000003")
            code = f"{v.name} {op} {e.code}"
            self.bind(ctx, v.name, v.ty, E("", g=max(e.g, v.g), w=w))
        elif v.ty == STR:
            if outer:
                e = self.bounded(ctx, v, lambda: self.expr(ctx, STR, self.int(0, 2)))
                if e is None or e.g > 0:
                    e = E(f"{self.expr(ctx, STR, 1).code}[:3]")
                code = f"{v.name} += {e.code}"
            elif self.chance(20):
                k = self.int(0, 3)
                e = E(str(k), w=v.w * k)
                code = f"{v.name} *= {k}"
            else:
                e = self.expr(ctx, STR, self.int(0, 2))
                code = f"{v.name} += {e.code}"
            w = v.w + e.w
            if w > SEQ_CAP:
                code = f"{v.name} = {v.name}[-20:]"
                w = 20
            self.bind(ctx, v.name, STR, E("", g=max(v.g, e.g), w=w))
        elif v.ty == SET:
            op = self.choice(("|=", "&=", "-=", "^="))
            e = self.expr(ctx, SET, self.int(0, 2)) if not outer else self.literal(SET)
            code = f"{v.name} {op} {e.code}"
            self.bind(ctx, v.name, SET, E("", g=v.g, w=v.w + e.w, fresh=v.owned))
        elif v.ty == DICT:
            e = self.expr(ctx, DICT, self.int(0, 2)) if not outer else self.literal(DICT)
            code = f"{v.name} |= {e.code}"
            self.bind(ctx, v.name, DICT, E("", g=v.g, w=v.w + e.w, fresh=v.owned))
        else:  # LIST, SLIST, TUPLE
            if outer:
                e = self.literal(v.ty)
            elif self.chance(20) and v.ty != TUPLE:
                e = E(str(self.int(0, 2)))
                code = f"{v.name} *= {e.code}"
                self.bind(ctx, v.name, v.ty, E("", g=v.g, w=v.w * 2, fresh=v.owned))
                return [code, self.printer(repr(v.name), v.name)]
            else:
                e = self.expr(ctx, v.ty, self.int(0, 2))
            w = v.w + e.w
            code = f"{v.name} += {e.code}"
            if w > SEQ_CAP:
                code = f"{v.name} = {v.name}[-5:]"
                w = SEQ_CAP // 4
            self.bind(ctx, v.name, v.ty, E("", g=max(v.g, e.g), w=w,
                                           fresh=v.owned if v.ty != TUPLE else True))
        return [code, self.printer(repr(v.name), v.name)]

    def s_print(self, ctx: Ctx) -> list[str]:
        items = []
        for _ in range(self.int(1, 3)):
            ty = self.choice(BASIC + tuple(f"obj:{c}" for c in ctx.classes))
            items.append(self.expr(ctx, ty, self.int(0, 3)).code)
        if self.chance(15):
            items.append(self.choice(("sep='|'", "end=' <\\n'", "sep=''")))
        return [self.printer(*items)]

    def s_mutate(self, ctx: Ctx) -> list[str]:
        vs = [v for v in ctx.vars.values() if v.ty in (LIST, SLIST, DICT, SET)
              and (v.owned or not ctx.owned_only)]
        if not vs:
            return self.s_assign(ctx)
        v = self.choice(vs)
        outer = self.outer(ctx, v)
        ety = ELEM[v.ty] if v.ty != DICT else INT

        def elem() -> E:
            e = self.bounded(ctx, v, lambda: self.expr(ctx, ety, self.int(0, 2)))
            if e is None:
                e = self.literal(ety)
            return e

        if v.ty in (LIST, SLIST):
            op = self.choice(("append", "append", "extend", "insert", "pop", "pop_i", "remove",
                              "sort", "reverse", "setitem", "delitem", "setslice", "clear",
                              "sortkey"))
            if op == "append":
                e = elem()
                code = f"{v.name}.append({e.code})"
            elif op == "extend":
                e = self.literal(v.ty) if outer else self.expr(ctx, v.ty, self.int(0, 2))
                code = f"{v.name}.extend({e.code})"
            elif op == "insert":
                e = elem()
                code = f"{v.name}.insert({self.int(-2, 3)}, {e.code})"
            elif op == "pop":
                code = f"{v.name}.pop()"
            elif op == "pop_i":
                code = f"{v.name}.pop({self.int(-3, 3)})"
            elif op == "remove":
                code = f"{v.name}.remove({elem().code})"
            elif op == "sort":
                code = f"{v.name}.sort({self.choice(('', 'reverse=True'))})"
            elif op == "sortkey":
                k = self.fresh("k")
                c2 = ctx.child(iters=ctx.iters * 8)
                c2.vars[k] = Var(k, ety, level=ctx.depth, w=30)
                key = self.expr(c2, self.choice((INT, STR) if ety == STR else (INT, TUPLE)), 1)
                code = f"{v.name}.sort(key=lambda {k}: {key.code})"
            elif op == "reverse":
                code = f"{v.name}.reverse()"
            elif op == "setitem":
                code = f"{v.name}[{self.index_expr(ctx, 1).code}] = {elem().code}"
            elif op == "delitem":
                code = f"del {v.name}[{self.index_expr(ctx, 1).code}]"
            elif op == "setslice":
                e = self.literal(v.ty)
                code = f"{v.name}[{self.choice(('1:2', ':1', '::2', '2:', ':'))}] = {e.code}"
            else:
                code = f"{v.name}.clear()"
        elif v.ty == DICT:
            op = self.choice(("set", "set", "del", "pop", "setdefault", "update", "popitem"))
            k = self.key_expr(ctx, 1)
            if op == "set":
                code = f"{v.name}[{k.code}] = {elem().code}"
            elif op == "del":
                code = f"del {v.name}[{k.code}]"
            elif op == "pop":
                code = f"{v.name}.pop({k.code}{self.choice(('', ', None', ', -1'))})"
            elif op == "setdefault":
                code = f"{v.name}.setdefault({k.code}, {elem().code})"
            elif op == "update":
                code = f"{v.name}.update({self.literal(DICT).code})"
            else:
                code = f"{v.name}.popitem()"
        else:
            op = self.choice(("add", "discard", "remove", "pop", "update"))
            if op == "pop":
                code = f"{v.name}.pop()"
            elif op == "update":
                code = f"{v.name}.update({self.literal(LIST).code})"
            else:
                code = f"{v.name}.{op}({elem().code})"
        w = v.w + 30
        if w > SEQ_CAP:
            w = SEQ_CAP
            lines = [f"{v.name}.clear()"]
        else:
            lines = [code]
        self.bind(ctx, v.name, v.ty, E("", g=v.g, w=w, fresh=v.owned))
        return lines + [self.printer(repr(v.name), v.name)]

    def s_unpack(self, ctx: Ctx) -> list[str]:
        kind = self.choice(("pair", "divmod", "star", "swap", "nested"))
        a, b = self.fresh("v"), self.fresh("v")
        if kind == "pair":
            t1, t2 = self.choice(BASIC), self.choice(BASIC)
            e1, e2 = self.expr(ctx, t1, 2), self.expr(ctx, t2, 2)
            self.bind(ctx, a, t1, e1)
            self.bind(ctx, b, t2, e2)
            code = f"{a}, {b} = {e1.code}, {e2.code}"
        elif kind == "divmod":
            e = self.expr(ctx, TUPLE, 2) if self.chance(50) else self.expr(ctx, LIST, 2)
            self.bind(ctx, a, INT, E("", g=max(e.g, 1) if e.g else 0, w=e.w))
            self.bind(ctx, b, INT, E("", g=max(e.g, 1) if e.g else 0, w=e.w))
            code = f"{a}, {b} = {e.code}"
        elif kind == "star":
            e = self.expr(ctx, LIST, 2)
            self.bind(ctx, a, INT, E("", g=e.g, w=e.w))
            self.bind(ctx, b, LIST, E("", g=e.g, w=e.w, fresh=True))
            code = (f"{a}, *{b} = {e.code}" if self.chance(50) else f"*{b}, {a} = {e.code}")
        elif kind == "swap":
            vs = [v for v in ctx.vars.values() if not v.readonly and v.level >= 0]
            if len(vs) < 2:
                return self.s_assign(ctx)
            x, y = self.choice(vs), self.choice(vs)
            if x.ty != y.ty or x.name == y.name:
                return self.s_assign(ctx)
            code = f"{x.name}, {y.name} = {y.name}, {x.name}"
            if self.outer(ctx, x) or self.outer(ctx, y):
                ox, oy = ctx.vars[x.name], ctx.vars[y.name]
                ctx.vars[x.name] = replace(ox, g=max(ox.g, oy.g), w=max(ox.w, oy.w),
                                           owned=ox.owned and oy.owned)
                ctx.vars[y.name] = replace(oy, g=max(ox.g, oy.g), w=max(ox.w, oy.w),
                                           owned=ox.owned and oy.owned)
            return [code, self.printer(x.name, y.name)]
        else:
            c = self.fresh("v")
            e1, e2, e3 = self.expr(ctx, INT, 1), self.expr(ctx, STR, 1), self.expr(ctx, INT, 1)
            self.bind(ctx, a, INT, e1)
            self.bind(ctx, b, STR, e2)
            self.bind(ctx, c, INT, e3)
            return [f"({a}, {b}), {c} = ({e1.code}, {e2.code}), {e3.code}",
                    self.printer(a, b, c)]
        return [code, self.printer(a, b)]

    def s_if(self, ctx: Ctx) -> list[str]:
        cond = self.expr(ctx, BOOL, self.int(1, 3))
        lines = [f"if {cond.code}:"]
        branches = []
        c1 = ctx.child(nest=ctx.nest + 1)
        lines += ind(self.block(c1, 1, 3))
        branches.append(c1)
        for _ in range(self.int(0, 2) if self.chance(40) else 0):
            cond = self.expr(ctx, BOOL, self.int(1, 2))
            c = ctx.child(nest=ctx.nest + 1)
            lines.append(f"elif {cond.code}:")
            lines += ind(self.block(c, 1, 2))
            branches.append(c)
        has_else = self.chance(50)
        if has_else:
            c = ctx.child(nest=ctx.nest + 1)
            lines.append("else:")
            lines += ind(self.block(c, 1, 2))
            branches.append(c)
        for c in branches:
            ctx.absorb(c)
        if has_else:
            # names bound (with one type) in every branch stay bound
            common = set(branches[0].vars) - set(ctx.vars)
            for c in branches[1:]:
                common &= set(c.vars)
            for name in sorted(common):
                vs = [c.vars[name] for c in branches]
                if len({v.ty for v in vs}) == 1 and not vs[0].ty.startswith("func"):
                    ctx.vars[name] = replace(vs[0], g=max(v.g for v in vs),
                                             w=max(v.w for v in vs),
                                             owned=all(v.owned for v in vs),
                                             readonly=False)
        return lines

    def loop_ctx(self, ctx: Ctx, n: int, **kw) -> Ctx:
        return ctx.child(nest=ctx.nest + 1, depth=ctx.depth + 1, iters=ctx.iters * max(n, 1),
                         loop=True, **kw)

    def s_for(self, ctx: Ctx) -> list[str]:
        v = self.fresh("i")
        frozen = ctx.frozen
        kind = self.choice(("range", "range", "list", "copy", "str", "enum", "zip", "dict",
                            "tuple", "gen", "obj"))
        n = 6
        target = v
        tvars = []
        if kind == "range":
            n = self.int(0, 7)
            if self.chance(30):
                a = self.int(-3, 3)
                s = self.choice((1, 2, -1, 3))
                hi = a + n * s
                src = f"range({a}, {hi}, {s})" if s != 1 else f"range({a}, {hi})"
            else:
                src = f"range({n})"
            tvars = [(v, INT, 0)]
        elif kind in ("list", "copy", "tuple", "str", "dict"):
            ty = {"list": self.choice((LIST, SLIST)), "copy": self.choice((LIST, SLIST)),
                  "tuple": TUPLE, "str": STR, "dict": DICT}[kind]
            e = self.expr(ctx, ty, self.int(0, 2))
            src = e.code
            if kind == "copy":
                src = self.choice((f"{e.code}[:]", f"list({e.code})", f"sorted({e.code})",
                                   f"reversed({e.code})"))
            elif kind == "list":
                frozen = True
                if ctx.gen:
                    # the consumer may mutate it while the generator is suspended
                    src = f"list({e.code})"
            elif kind == "dict" and self.chance(50):
                k2 = self.fresh("i")
                src = f"{e.code}.items()"
                target = f"{v}, {k2}"
                tvars = [(v, STR, 0), (k2, INT, 1)]
            if not tvars:
                tvars = [(v, ELEM[ty], 1 if e.g else 0)]
        elif kind == "enum":
            ety = self.choice((LIST, SLIST))
            e = self.expr(ctx, ety, self.int(0, 2))
            k2 = self.fresh("i")
            src = f"enumerate({e.code if not ctx.gen else f'list({e.code})'}"
            src += f"{self.choice(('', ', 1', ', -2'))})"
            target = f"{v}, {k2}"
            tvars = [(v, INT, 0), (k2, ELEM[ety], 1)]
            frozen = True
        elif kind == "zip":
            a, b = self.expr(ctx, LIST, 1), self.expr(ctx, SLIST, 1)
            k2 = self.fresh("i")
            src = f"zip({a.code}, {b.code})" if not ctx.gen else f"zip(list({a.code}), list({b.code}))"
            target = f"{v}, {k2}"
            tvars = [(v, INT, 1), (k2, STR, 1)]
            frozen = True
        elif kind == "gen":
            gens = [f for f in ctx.funcs.values() if f.kind == "gen"
                    and ctx.affordable(f.cost * 8)]
            if not gens:
                return self.s_assign(ctx)
            f = self.choice(gens)
            ctx.charge(f.cost)
            args, _ = self.call_args(ctx, f, 1)
            src = f"{f.name}({args})"
            tvars = [(v, INT, 2)]
        else:
            objs = [x for x in ctx.vars.values() if x.ty.startswith("obj:")
                    and x.ty[4:] in ctx.classes
                    and "__iter__" in ctx.classes[x.ty[4:]].dunders]
            if not objs:
                return self.s_assign(ctx)
            src = self.choice(objs).name
            tvars = [(v, INT, 2)]
        c = self.loop_ctx(ctx, n, frozen=frozen)
        for name, ty, g in tvars:
            c.vars[name] = Var(name, ty, level=c.depth, g=g, w=30)
        lines = [f"for {target} in {src}:"]
        body = self.block(c, 1, 3)
        if self.chance(30):
            body += [f"print('it', {tvars[0][0]})"]
        lines += ind(body)
        if self.chance(25):
            c2 = ctx.child(nest=ctx.nest + 1)
            lines += ["else:"] + ind(self.block(c2, 1, 1))
            ctx.absorb(c2)
        ctx.absorb(c)
        return lines

    def s_while(self, ctx: Ctx) -> list[str]:
        k = self.fresh("w")
        n = self.int(0, 7)
        lines = [f"{k} = 0"]
        c = self.loop_ctx(ctx, n)
        c.vars[k] = Var(k, INT, level=ctx.depth, w=2, readonly=True)
        if self.chance(30):
            lines += ["while True:", f"    {k} += 1", f"    if {k} > {n}:", "        break"]
        else:
            cond = f"{k} < {n}"
            if self.chance(30):
                extra = self.expr(c, BOOL, 1)
                cond = f"{cond} and {extra.code}"
            lines += [f"while {cond}:", f"    {k} += 1"]
        lines += ind(self.block(c, 1, 3))
        if self.chance(20):
            lines += ["else:", f"    print('while-else', {k})"]
        ctx.absorb(c)
        ctx.vars[k] = Var(k, INT, level=ctx.depth, w=2, readonly=True)
        lines.append(self.printer(repr(k), k))
        return lines

    def handler_types(self, ctx: Ctx) -> str:
        pool = list(CATCHABLE) + ["ArithmeticError", "LookupError", "Exception",
                                  "AttributeError", "NameError", "RuntimeError"] + ctx.excs
        if self.chance(40):
            ts = sorted({self.choice(pool) for _ in range(self.int(2, 3))})
            return "(" + ", ".join(ts) + ")"
        return self.choice(pool)

    def s_try(self, ctx: Ctx) -> list[str]:
        lines = ["try:"]
        c = ctx.child(nest=ctx.nest + 1)
        body = self.block(c, 1, 3)
        if self.chance(30):
            body += self.s_raise(c) if self.chance(50) else [self.risky(c)]
        lines += ind(body)
        ctx.absorb(c)
        nh = self.int(0, 2) if self.chance(70) else self.int(1, 2)
        has_finally = self.chance(35) or nh == 0
        for hi in range(nh):
            h = ctx.child(nest=ctx.nest + 1)
            name = self.fresh("e")
            if hi == nh - 1 and self.chance(10):
                lines.append("except:")
                hb = ["print('caught (bare)')"]
            else:
                lines.append(f"except {self.handler_types(ctx)} as {name}:")
                hb = [self.printer("'caught'", f"type({name}).__name__", name)]
            hb += self.block(h, 0, 1) if self.chance(50) else []
            if self.chance(8):
                hb.append("raise" if self.chance(50) else "raise ValueError('in handler')")
            lines += ind(hb)
            ctx.absorb(h)
        if nh and self.chance(25):
            c2 = ctx.child(nest=ctx.nest + 1)
            lines += ["else:"] + ind([self.printer("'no exception'")] + self.block(c2, 0, 1))
            ctx.absorb(c2)
        if has_finally:
            c3 = ctx.child(nest=ctx.nest + 1)
            fb = [self.printer("'finally'")] + (self.block(c3, 0, 1) if self.chance(40) else [])
            lines += ["finally:"] + ind(fb)
            for name, v in c3.vars.items():
                if name not in ctx.vars:
                    ctx.vars[name] = v
            ctx.absorb(c3)
        return lines

    def risky(self, ctx: Ctx) -> str:
        """A statement that is likely to raise."""
        opts = [
            lambda: f"print({self.expr(ctx, INT, 1).code} // 0)",
            lambda: f"print([1, 2][{self.int(2, 5)}])",
            lambda: f"print({{'a': 1}}[{self.key_expr(ctx, 1).code}])",
            lambda: f"print(int({self.expr(ctx, STR, 1).code}))",
            lambda: f"print({self.expr(ctx, STR, 1).code} + {self.expr(ctx, INT, 1).code})",
            lambda: f"print(float('inf') ** {self.expr(ctx, INT, 0).code})",
            lambda: f"print(2.0 ** {self.int(1000, 2000)})",
            lambda: f"print(int(float({self.choice(FLOAT_LITS)!r} if False else "
                    f"{self.choice(FLOAT_LITS)})))",
            lambda: f"print(None.{self.choice(('x', 'upper'))})",
            lambda: f"print(len({self.expr(ctx, INT, 0).code}))",
        ]
        return self.choice(opts)()

    def s_raise(self, ctx: Ctx, guard: bool = True) -> list[str]:
        pool = ["ValueError", "KeyError", "TypeError", "IndexError", "ZeroDivisionError",
                "RuntimeError", "OverflowError"] + ctx.excs * 2
        exc = self.choice(pool)
        arg = self.expr(ctx, self.choice((STR, INT, STR)), 1).code
        code = f"raise {exc}({arg})"
        if self.chance(15):
            code += " from " + self.choice(("None", "ValueError('cause')", "KeyError(0)"))
        if guard and ctx.nest < MAX_NEST and self.chance(70):
            cond = self.expr(ctx, BOOL, 1)
            return [f"if {cond.code}:", "    " + code]
        return [code]

    def s_assert(self, ctx: Ctx) -> list[str]:
        cond = self.expr(ctx, BOOL, self.int(1, 2))
        if self.chance(50):
            return [f"assert {cond.code}, {self.expr(ctx, STR, 1).code}"]
        return [f"assert {cond.code}"]

    def s_jump(self, ctx: Ctx) -> list[str]:
        kw = self.choice(("break", "continue"))
        if self.chance(70) and ctx.nest < MAX_NEST + 1:
            cond = self.expr(ctx, BOOL, 1)
            return [f"if {cond.code}:", f"    {kw}"]
        return [kw]

    def s_return(self, ctx: Ctx) -> list[str]:
        e = self.expr(ctx, ctx.func.ret, self.int(0, 2))
        if self.chance(70):
            cond = self.expr(ctx, BOOL, 1)
            return [f"if {cond.code}:", f"    return {e.code}"]
        return [f"return {e.code}"]

    def s_yield(self, ctx: Ctx) -> list[str]:
        if self.chance(25):
            # a copy: the consumer may grow the list while the generator is suspended
            e = self.expr(ctx, LIST, 1)
            return [f"yield from {e.code if e.fresh else f'list({e.code})'}"]
        e = self.expr(ctx, INT, self.int(0, 2))
        return [f"yield {e.code}"]

    def s_lambda(self, ctx: Ctx) -> list[str]:
        name = self.fresh("lam")
        ps = [(self.fresh("p"), self.choice((INT, INT, STR, FLOAT, LIST)), None)
              for _ in range(self.int(0, 2))]
        if self.chance(30):
            p = self.fresh("p")
            ps.append((p, INT, self.literal(INT).code))
        ret = self.choice((INT, STR, BOOL, FLOAT, LIST))
        c = ctx.child(meter=[0])
        for p, pty, _ in ps:
            c.vars[p] = Var(p, pty, level=-1, w=30, owned=False)
        body = self.expr(c, ret, self.int(1, 2))
        params = ", ".join(p if dflt is None else f"{p}={dflt}" for p, _, dflt in ps)
        f = Func(name, ps, ret, kind="lambda", cost=c.meter[0] + 1)
        ctx.funcs[name] = f
        args, _ = self.call_args(ctx, f, 1)
        return [f"{name} = lambda {params}: {body.code}", self.printer(f"{name}({args})")]

    def func_ctx(self, ctx: Ctx, f: Func, gen=False) -> Ctx:
        c = ctx.child(depth=0, iters=1, loop=False, func=f, gen=gen, frozen=False,
                      owned_only=True, nest=ctx.nest + 1, module=False)
        c.meter = [0]
        c.vars = {n: replace(v, level=-1, owned=False) for n, v in ctx.vars.items()}
        for p, pty, _ in f.params + f.kwonly:
            c.vars[p] = Var(p, pty, level=0, w=30, owned=False)
        if f.varargs:
            c.vars[f.varargs] = Var(f.varargs, TUPLE, level=0, w=30, owned=False)
        if f.kwargs:
            c.vars[f.kwargs] = Var(f.kwargs, DICT, level=0, w=30, owned=False)
        return c

    def signature(self, name: str, kind: str = "func") -> Func:
        ps = []
        for i in range(self.int(0, 3)):
            pty = self.choice((INT, INT, STR, FLOAT, LIST, BOOL, SLIST, DICT, TUPLE))
            ps.append((self.fresh("p"), pty, None))
        nd = self.int(0, len(ps)) if self.chance(40) else 0
        for i in range(len(ps) - nd, len(ps)):
            p, pty, _ = ps[i]
            ps[i] = (p, pty, self.literal(pty).code)
        f = Func(name, ps, self.choice((INT, INT, STR, FLOAT, LIST, BOOL, TUPLE, NONE)),
                 kind=kind)
        if self.chance(15):
            f.varargs = self.fresh("args")
        if self.chance(15):
            f.kwonly = [(self.fresh("kw"), INT, self.literal(INT).code if self.chance(60)
                         else None)]
        if self.chance(10):
            f.kwargs = self.fresh("kws")
        return f

    def params_code(self, f: Func) -> str:
        parts = [p if dflt is None else f"{p}={dflt}" for p, _, dflt in f.params]
        if f.varargs:
            parts.append("*" + f.varargs)
        elif f.kwonly:
            parts.append("*")
        parts += [p if dflt is None else f"{p}={dflt}" for p, _, dflt in f.kwonly]
        if f.kwargs:
            parts.append("**" + f.kwargs)
        return ", ".join(parts)

    def s_def(self, ctx: Ctx) -> list[str]:
        name = self.fresh("f")
        f = self.signature(name)
        c = self.func_ctx(ctx, f)
        lines = []
        deco = self.chance(10)
        if deco:
            dn = self.fresh("deco")
            lines += [f"def {dn}(fn):",
                      "    def wrapper(*a, **k):",
                      "        print('call', fn.__name__, len(a), sorted(k))",
                      "        return fn(*a, **k)",
                      "    return wrapper",
                      f"@{dn}"]
        lines.append(f"def {name}({self.params_code(f)}):")
        body = self.block(c, 0, 3)
        if self.chance(20) and ctx.nest < 2:
            # a nested function (a closure over the locals)
            inner = self.fresh("f")
            fi = Func(inner, [(self.fresh("p"), INT, None)], self.choice((INT, STR)))
            ci = self.func_ctx(c, fi)
            ibody = self.block(ci, 0, 1) + [f"return {self.expr(ci, fi.ret, 2).code}"]
            body += [f"def {inner}({fi.params[0][0]}):"] + ind(ibody)
            fi.cost = ci.meter[0] + 1
            c.funcs[inner] = fi
        body.append(f"return {self.expr(c, f.ret, self.int(0, 3)).code}")
        lines += ind(body)
        f.cost = c.meter[0] + 1
        ctx.funcs[name] = f
        ctx.charge(f.cost)
        args, _ = self.call_args(ctx, f, 1)
        lines.append(self.printer(f"{name}({args})"))
        return lines

    def s_gendef(self, ctx: Ctx) -> list[str]:
        name = self.fresh("gen")
        f = self.signature(name, kind="gen")
        f.ret = INT
        c = self.func_ctx(ctx, f, gen=True)
        n = self.int(0, 5)
        v = self.fresh("i")
        body = self.block(c, 0, 1)
        lc = self.loop_ctx(c, n)
        lc.vars[v] = Var(v, INT, level=lc.depth, w=3)
        inner = self.block(lc, 0, 2) + [f"yield {self.expr(lc, INT, self.int(0, 2)).code}"]
        body += [f"for {v} in range({n}):"] + ind(inner)
        if self.chance(40):
            e = self.expr(c, LIST, 1)
            body.append(f"yield from {e.code if e.fresh else f'list({e.code})'}")
        if self.chance(20):
            body.append("return")
        lines = [f"def {name}({self.params_code(f)}):"] + ind(body)
        f.cost = c.meter[0] + 1
        ctx.funcs[name] = f
        ctx.charge(f.cost)
        args, _ = self.call_args(ctx, f, 1)
        use = self.choice((f"list({name}({args}))", f"sum({name}({args}))",
                           f"next({name}({args}), 'done')", f"sorted({name}({args}))",
                           f"[x for x in {name}({args}) if x]"))
        lines.append(self.printer(use))
        return lines

    def s_recdef(self, ctx: Ctx) -> list[str]:
        name = self.fresh("rec")
        n = self.fresh("n")
        kind = self.choice(("acc", "tree", "str"))
        if kind == "tree":
            f = Func(name, [(n, INT, None)], INT, kind="rec")
            c = self.func_ctx(ctx, f)
            c.iters = 120
            base = self.expr(c, INT, 1)
            if base.w > 20:
                base = E("1")
            lines = [f"def {name}({n}):",
                     f"    if {n} < 2:",
                     f"        return {base.code}",
                     f"    return {name}({n} - 1) + {name}({n} - 2)"]
            lines.append(self.printer(f"{name}({self.int(0, 9)})"))
            return lines
        acc = self.fresh("acc")
        aty = INT if kind == "acc" else STR
        f = Func(name, [(n, INT, None), (acc, aty, self.literal(aty).code)], aty, kind="rec")
        c = self.func_ctx(ctx, f)
        c.vars[acc] = Var(acc, aty, level=-1, w=30, owned=False)
        c.vars[n] = Var(n, INT, level=-1, w=3, owned=False)
        c = c.child(depth=0, iters=10)
        upd = None
        for _ in range(3):
            e = self.expr(c, aty, 2)
            if e.g <= 1 and e.w < 200:
                upd = e
                break
        if upd is None:
            upd = E(f"{acc} + {n}" if aty == INT else f"{acc} + str({n})")
        lines = [f"def {name}({n}, {acc}={f.params[1][2]}):",
                 f"    if {n} <= 0:",
                 f"        return {acc}",
                 f"    return {name}({n} - 1, {upd.code})"]
        # calls must keep the depth small: n is always a small literal here
        lines.append(self.printer(f"{name}({self.int(-1, 8)})"))
        return lines

    def s_closure(self, ctx: Ctx) -> list[str]:
        mk, inner, state, k = self.fresh("mk"), self.fresh("step"), self.fresh("st"), self.fresh("k")
        cn = self.fresh("ctr")
        start = self.literal(INT).code
        lines = [f"def {mk}(start):",
                 f"    {state} = start",
                 f"    def {inner}({k}=1):",
                 f"        nonlocal {state}",
                 f"        {state} {self.choice(('+=', '-=', '^=', '|='))} {k}",
                 f"        return {state}",
                 f"    return {inner}",
                 f"{cn} = {mk}({start})",
                 self.printer(f"{cn}()", f"{cn}({self.literal(INT).code})", f"{cn}.__name__")]
        ctx.funcs[cn] = Func(cn, [(k, INT, "1")], INT, kind="closure", cost=2)
        return lines

    def s_template(self, ctx: Ctx) -> list[str]:
        """Fixed shapes that exercise particular runtime paths."""
        n = self.int(1, 4)
        t = self.choice(("late", "early", "send", "genexp", "nested", "finally_ret",
                         "walrus", "starcall") + (("global",) if ctx.module else ()))
        x = self.fresh("t")
        if t == "late":
            return [f"{x} = [lambda: i for i in range({n})]", f"print([f() for f in {x}])"]
        if t == "early":
            return [f"{x} = [lambda i=i: i * 2 for i in range({n})]",
                    f"print([f() for f in {x}])"]
        if t == "send":
            return [f"def {x}():",
                    "    total = 0",
                    "    while True:",
                    "        got = yield total",
                    "        if got is None:",
                    "            return total",
                    "        total += got",
                    f"{x}_g = {x}()",
                    f"print(next({x}_g), {x}_g.send({n}), {x}_g.send(-{n + 1}))",
                    "try:",
                    f"    {x}_g.send(None)",
                    "except StopIteration as stop:",
                    "    print('stop', stop.value)"]
        if t == "genexp":
            e = self.expr(ctx, LIST, 1)
            return [f"{x} = (v * {n} for v in {e.code} if v % 2 == 0)",
                    f"print(list({x}), list({x}))"]
        if t == "nested":
            return [f"def {x}(a):",
                    "    def inner(b):",
                    "        def innermost(c):",
                    "            return a + b + c",
                    "        return innermost",
                    "    return inner",
                    f"print({x}({n})(2)(3), {x}.__qualname__, {x}(1).__qualname__)"]
        if t == "finally_ret":
            return [f"def {x}(k):",
                    "    for j in range(k):",
                    "        try:",
                    "            if j == 1:",
                    "                return 'ret'",
                    "            if j == 2:",
                    "                break",
                    "        finally:",
                    "            print('fin', j)",
                    "    return 'end'",
                    f"print({x}({n}), {x}(0))"]
        if t == "walrus":
            e = self.expr(ctx, LIST, 1)
            return [f"if ({x} := len({e.code})) > 1:", f"    print('long', {x})",
                    "print([y for v in range(5) if (y := v * v) % 2])"]
        if t == "starcall":
            return [f"def {x}(a, b=2, *rest, c=3, **kw):",
                    "    return (a, b, rest, c, sorted(kw.items()))",
                    f"print({x}(*[1, 2, 3], **{{'c': 4, 'd': 5}}))",
                    f"print({x}(1, *(), c={n}), {x}(*range({n})))"]
        return [f"{x} = 0",
                f"def {x}_bump(k):",
                f"    global {x}",
                f"    {x} += k",
                f"    return {x}",
                f"print({x}_bump({n}), {x}_bump(-1), {x})"]

    def s_excclass(self, ctx: Ctx) -> list[str]:
        a, b = self.fresh("Err"), self.fresh("Err")
        ctx.excs += [a, b]
        return [f"class {a}(Exception):",
                "    pass",
                f"class {b}({a}):",
                "    def __init__(self, code):",
                "        super().__init__(f'code={code!r}')",
                "        self.code = code"]

    def s_class(self, ctx: Ctx) -> list[str]:
        name = self.fresh("C")
        bases = [c for c in ctx.classes.values()]
        base = self.choice(bases) if bases and self.chance(40) else None
        attrs = dict(base.attrs) if base else {}
        own = {}
        for _ in range(self.int(1, 2)):
            own[self.fresh("a")] = self.choice((INT, INT, STR, FLOAT))
        attrs.update(own)
        init = [(self.fresh("q"), ty, None) for ty in own.values()]
        if init and self.chance(40):
            p, ty, _ = init[-1]
            init[-1] = (p, ty, self.literal(ty).code)
        cls = Cls(name, base, init=[], attrs=attrs, cattrs={}, methods={}, props={},
                  dunders=set())
        if base:
            cls.methods = dict(base.methods)
            cls.props = dict(base.props)
            cls.dunders = set(base.dunders)
            cls.cattrs = dict(base.cattrs)
            cls.static = base.static
            cls.classmethod_make = base.classmethod_make
        lines = [f"class {name}({base.name if base else ''}):"]
        body = []
        cattr = self.fresh("ca")
        body.append(f"{cattr} = {self.literal(INT).code}")
        cls.cattrs[cattr] = INT
        # __init__
        bp = [(p, ty, dflt) for p, ty, dflt in base.init] if base else []
        # base params first (all given defaults if the base had them)
        all_init = bp + init
        # defaults must be trailing
        seen_default = False
        fixed = []
        for p, ty, dflt in all_init:
            if seen_default and dflt is None:
                dflt = self.literal(ty).code
            seen_default = seen_default or dflt is not None
            fixed.append((p, ty, dflt))
        cls.init = fixed
        cls.param_attr = dict(base.param_attr) if base else {}
        for (p, _, _), a in zip(init, own):
            cls.param_attr[p] = a
        if base and not all(dflt is not None for _, _, dflt in fixed[1:]):
            cls.classmethod_make = False
        ib = []
        if base:
            ib.append(f"super().__init__({', '.join(p for p, _, _ in bp)})")
        for (p, ty, _), a in zip(init, own):
            ib.append(f"self.{a} = {p}")
        if self.chance(30):
            ib.append(f"{name}.{cattr} += 1")
        params = ", ".join(["self"] + [p if d is None else f"{p}={d}" for p, _, d in fixed])
        body += [f"def __init__({params}):"] + ind(ib)
        # __repr__
        fields = ", ".join(f"{a}={{self.{a}!r}}" for a in attrs)
        body += ["def __repr__(self):", f"    return f'{name}({fields})'"]
        mctx = ctx.child(depth=0, iters=1, loop=False, func=None, gen=False, frozen=False,
                         owned_only=True, nest=ctx.nest + 1, module=False, in_class=cls)
        mctx.vars = {n: replace(v, level=-1, owned=False) for n, v in ctx.vars.items()}
        # methods
        for _ in range(self.int(0, 2)):
            m = self.fresh("m")
            ps = [(self.fresh("p"), self.choice((INT, STR, INT)))
                  for _ in range(self.int(0, 2))]
            ret = self.choice((INT, STR, BOOL, FLOAT, LIST, f"obj:{name}"))
            f = Func(m, [(p, t, None) for p, t in ps], ret if not ret.startswith("obj") else INT)
            c = self.func_ctx(mctx, f)
            mb = self.block(c, 0, 2) if not ret.startswith("obj:") else []
            if ret.startswith("obj:"):
                mutating = True
                intattrs = [a for a, t in attrs.items() if t == INT]
                stmts = []
                if intattrs:
                    a = self.choice(intattrs)
                    src = ps[0][0] if ps and ps[0][1] == INT else "1"
                    stmts.append(f"self.{a} += {src}")
                strattrs = [a for a, t in attrs.items() if t == STR]
                if strattrs and self.chance(50):
                    a = self.choice(strattrs)
                    stmts.append(f"self.{a} = (self.{a} + {self.literal(STR).code})[-12:]")
                mb += stmts + ["return self"]
            else:
                mutating = False
                mb.append(f"return {self.expr(c, ret, self.int(0, 2)).code}")
            body += [f"def {m}({', '.join(['self'] + [p for p, _ in ps])}):"] + ind(mb)
            cls.methods[m] = (ps, ret, mutating)
            self.costs[m] = c.meter[0] + 1
        # override a base method via super()
        if base:
            over = [m for m, (ps, ret, mut) in base.methods.items()
                    if ret in (INT, STR, LIST) and not mut]
            if over and self.chance(60):
                m = self.choice(over)
                ps, ret, _ = base.methods[m]
                pl = ", ".join(p for p, _ in ps)
                extra = {INT: " + 1", STR: " + '!'", LIST: " + [0]"}[ret]
                body += [f"def {m}({', '.join(['self'] + [p for p, _ in ps])}):",
                         f"    return super().{m}({pl}){extra}"]
        # properties
        if self.chance(40):
            pn = self.fresh("prop")
            ret = self.choice((INT, STR, BOOL))
            c = self.func_ctx(mctx, Func(pn, [], ret))
            body += ["@property", f"def {pn}(self):",
                     f"    return {self.expr(c, ret, self.int(1, 2)).code}"]
            cls.props[pn] = ret
            if c.meter[0] > 50:
                del cls.props[pn]   # too dear to read from loops: keep it, unused
        if not base and self.chance(25):
            cls.static = self.fresh("helper")
            body += ["@staticmethod", f"def {cls.static}(a, b):", "    return a * 2 - b"]
        if not base and all(d is not None for _, _, d in fixed[1:]) and fixed and self.chance(25):
            cls.classmethod_make = True
            body += ["@classmethod", "def make(cls, v):", "    return cls(v)"]
        # dunders
        first = next(iter(own))
        avail = ["__eq__", "__lt__", "__len__", "__bool__", "__add__", "__str__",
                 "__contains__", "__getitem__", "__iter__", "__call__", "__hash__", "__neg__"]
        for _ in range(self.int(0, 4)):
            dn = self.choice(avail)
            cls.dunders.add(dn)
            a = f"self.{first}"
            if dn == "__eq__":
                body += ["def __eq__(self, other):",
                         f"    return isinstance(other, {name}) and {a} == other.{first}"]
            elif dn == "__hash__":
                body += ["def __hash__(self):", f"    return hash(({a},))"]
            elif dn == "__lt__":
                body += ["def __lt__(self, other):", f"    return {a} < other.{first}"]
            elif dn == "__len__":
                body += ["def __len__(self):",
                         f"    return {self.choice(('len(str(' + a + '))', 'abs(int(' + a + ')) % 7', 'int(' + a + ') % 5 - 1'))}"]
            elif dn == "__bool__":
                body += ["def __bool__(self):", f"    return bool({a})"]
            elif dn == "__add__":
                body += ["def __add__(self, other):",
                         f"    if isinstance(other, {name}):",
                         f"        return {name}({self.add_args(cls, first)})",
                         "    if isinstance(other, int):",
                         f"        return {name}({self.add_args(cls, first, 'other')})",
                         "    return NotImplemented"]
                if self.chance(50):
                    body.append("__radd__ = __add__")
            elif dn == "__str__":
                body += ["def __str__(self):", f"    return '<' + str({a}) + '>'"]
            elif dn == "__contains__":
                body += ["def __contains__(self, item):", f"    return item == {a}"]
            elif dn == "__getitem__":
                body += ["def __getitem__(self, i):",
                         "    if i >= 3:",
                         "        raise IndexError(i)",
                         "    return i * 10"]
            elif dn == "__iter__":
                body += ["def __iter__(self):", "    yield 1", f"    yield from range({self.int(0, 3)})"]
            elif dn == "__call__":
                body += ["def __call__(self, k):", "    return k * 3"]
            elif dn == "__neg__":
                body += ["def __neg__(self):", f"    return {name}({self.add_args(cls, first, neg=True)})"]
        if "__eq__" in cls.dunders and "__hash__" not in cls.dunders:
            pass  # instances are unhashable: sets/dict keys raise TypeError
        lines += ind(body)
        ctx.classes[name] = cls
        o = self.fresh("o")
        e = self.construct(ctx, name, 1)
        self.bind(ctx, o, f"obj:{name}", e)
        lines += [f"{o} = {e.code}", self.printer(o)]
        return lines

    def add_args(self, cls: Cls, first: str, other=None, neg=False) -> str:
        out = []
        for p, ty, _ in cls.init:
            attr = cls.param_attr.get(p)
            if attr == first:
                if neg:
                    out.append(f"-self.{attr}")
                elif other:
                    out.append(f"self.{attr} + {other}")
                else:
                    out.append(f"self.{attr} + other.{attr}")
            elif attr is not None:
                out.append(f"self.{attr}")
            else:
                out.append(self.literal(ty).code)
        return ", ".join(out)

    def s_objuse(self, ctx: Ctx, objs: list[Var]) -> list[str]:
        v = self.choice(objs)
        cls = ctx.classes[v.ty[4:]]
        kind = self.choice(("set", "call", "print", "sort", "chain"))
        if kind == "set":
            attrs = [(a, t) for a, t in cls.attrs.items()]
            a, t = self.choice(attrs)
            e = self.bounded(ctx, v, lambda: self.expr(ctx, t, self.int(0, 2)))
            if e is None:
                e = self.literal(t)
            if e.w > 200:
                e = self.literal(t)
            return [f"{v.name}.{a} = {e.code}", self.printer(v.name)]
        if kind == "chain":
            muts = [m for m, (ps, ret, mut) in cls.methods.items() if mut]
            if muts:
                m = self.choice(muts)
                ps = cls.methods[m][0]
                args = []
                for _, pty in ps:
                    e = self.bounded(ctx, v, lambda: self.expr(ctx, pty, 1))
                    args.append(e.code if e is not None and e.w < 200 else "1")
                return [f"{v.name}.{m}({', '.join(args)})", self.printer(v.name)]
        if kind == "sort":
            e1, e2 = self.construct(ctx, cls.name, 1), self.construct(ctx, cls.name, 1)
            return [self.printer(f"sorted([{e1.code}, {v.name}, {e2.code}])"
                                 if "__lt__" in cls.dunders
                                 else f"[{e1.code}, {v.name}] == [{v.name}, {e2.code}]")]
        e = self.obj_to(ctx, self.choice((INT, STR, BOOL, LIST, FLOAT)), 2)
        if e is None:
            return [self.printer(v.name, f"isinstance({v.name}, {cls.name})")]
        return [self.printer(e.code)]

    def s_match(self, ctx: Ctx) -> list[str]:
        ty = self.choice((INT, STR, LIST, TUPLE, DICT, NONE, BOOL)
                         + tuple(f"obj:{c}" for c in ctx.classes))
        subj = self.expr(ctx, ty, self.int(0, 2))
        lines = [f"match {subj.code}:"]
        for _ in range(self.int(1, 4)):
            c = ctx.child(nest=ctx.nest + 1)
            pat, binds = self.pattern(ctx, ty)
            for n, t in binds:
                c.vars[n] = Var(n, t, level=ctx.depth, g=2, w=30, owned=False)
            guard = ""
            if self.chance(25):
                guard = f" if {self.expr(c, BOOL, 1).code}"
            lines += ind([f"case {pat}{guard}:"] + ind(
                [self.printer(repr(pat[:20]), *[n for n, _ in binds])] + self.block(c, 0, 1)))
            ctx.absorb(c)
        if self.chance(60):
            lines += ind(["case _:", "    print('no match')"])
        return lines

    def pattern(self, ctx: Ctx, ty: str):
        x = self.fresh("m")
        opts = [
            lambda: (self.literal(INT).code.strip("()") if not self.chance(30)
                     else f"{self.int(0, 3)} | {self.int(4, 9)}", []),
            lambda: (repr(self.choice(STR_LITS[:8])), []),
            lambda: ("None", []),
            lambda: (self.choice(("True", "False")), []),
            lambda: (f"int({x})" if self.chance(50) else f"int() as {x}", [(x, INT)]),
            lambda: (f"str({x})", [(x, STR)]),
            lambda: (f"[{x}]", [(x, INT)]),
            lambda: (f"[{x}, *{x}r]", [(x, INT), (f"{x}r", LIST)]),
            lambda: (f"({x}, {x}b)", [(x, INT), (f"{x}b", INT)]),
            lambda: ("[]", []),
            lambda: (f"{{'a': {x}}}", [(x, INT)]),
            lambda: (f"{{'a': 1, **{x}}}", [(x, DICT)]),
            lambda: (f"(list() | tuple()) as {x}", [(x, LIST)]),
            lambda: ("dict()", []),
            lambda: ("float() | bool()", []),
            lambda: (x, [(x, ty if ty != BOOL else BOOL)]) if False else ("-1", []),
        ]
        if ctx.classes:
            def clspat():
                cname = self.choice(list(ctx.classes))
                cls = ctx.classes[cname]
                a = self.choice(list(cls.attrs))
                if self.chance(50):
                    return (f"{cname}({a}={x})", [(x, cls.attrs[a])])
                return (f"{cname}()", [])
            opts.append(clspat)
        return self.choice(opts)()

    # ----------------------------------------------------------- feature templates
    def s_feature(self, ctx: Ctx) -> list[str]:
        """Shapes aimed at the runtime: argument binding, object lifetime,
        generator protocol, context managers, except*, coroutines, host code
        calling back into user code, recursion limits, class machinery."""
        x = self.fresh("t")
        kinds = ["callzoo", "callzoo", "del", "genproto", "with", "cmgen", "exgroup",
                 "coro", "hostcb", "recursion", "classy", "iterproto", "dunder_err",
                 "notes", "reraise", "stderr", "introspect", "subclass_builtin", "cells",
                 "defaults", "stdlib", "descriptor", "classbody", "polyloop", "polyloop",
                 "shapes", "shapes", "opzoo", "opzoo", "itemaug", "bytesetc", "controlzoo",
                 "loopedge", "loopedge", "patchbuiltin"]
        kinds = [k for k in kinds if k not in EXCLUDE_FEATURES] or ["classbody"]
        kind = self.choice(kinds)
        return getattr(self, "f_" + kind)(ctx, x)

    def small(self, ctx: Ctx, ty: str = INT) -> str:
        e = self.expr(ctx, ty, self.int(0, 1))
        return e.code if e.w < 60 else self.literal(ty).code

    def f_callzoo(self, ctx: Ctx, x: str) -> list[str]:
        # A random signature, called with random argument lists.
        names = [f"a{i}" for i in range(self.int(0, 4))]
        posonly = self.int(0, len(names)) if self.chance(30) else 0
        ndef = self.int(0, len(names)) if self.chance(60) else 0
        parts = []
        for i, n in enumerate(names):
            parts.append(n if i < len(names) - ndef else f"{n}={self.int(-5, 9)}")
            if posonly and i == posonly - 1:
                parts.append("/")
        star = self.chance(40)
        kwonly = [f"k{i}" for i in range(self.int(0, 2))]
        if star:
            parts.append("*rest")
        elif kwonly:
            parts.append("*")
        for k in kwonly:
            parts.append(k if self.chance(40) else f"{k}={self.int(0, 5)}")
        dstar = self.chance(30)
        if dstar:
            parts.append("**extra")
        ret = ", ".join(names + (["rest"] if star else []) + kwonly
                        + (["sorted(extra.items())"] if dstar else []))
        kind = self.choice(("def", "def", "lambda", "method", "static"))
        lines = []
        if kind == "lambda":
            lines.append(f"{x} = lambda {', '.join(parts)}: ({ret}{',' if ret else ''})")
            callee = x
        elif kind in ("method", "static"):
            lines += [f"class {x}_K:"]
            if kind == "static":
                lines += ["    @staticmethod", f"    def m({', '.join(parts)}):"]
            else:
                lines += [f"    def m({', '.join(['self'] + parts)}):"]
            lines += [f"        return ({ret}{',' if ret else ''})"]
            callee = f"{x}_K().m" if kind == "method" else self.choice((f"{x}_K.m", f"{x}_K().m"))
        else:
            lines += [f"def {x}({', '.join(parts)}):", f"    return ({ret}{',' if ret else ''})"]
            callee = x
        pool = names + kwonly + ["zz", "rest", "extra"]
        for _ in range(self.int(2, 5)):
            args = [str(self.int(0, 9)) for _ in range(self.int(0, 4))]
            if self.chance(25):
                args.append(f"*{self.choice(('[7, 8]', '()', '(9,)', 'range(2)', '5', 'None'))}")
            used = set()
            for _ in range(self.int(0, 2)):
                k = self.choice(pool)
                if k in used:
                    continue
                used.add(k)
                args.append(f"{k}={self.int(0, 9)}")
            if self.chance(20):
                d = self.choice(("{'zz': 1}", "{}", "{'a0': 3}", "{'k0': 4, 'q': 5}", "[]",
                                 "{1: 2}"))
                args.append(f"**{d}")
            lines += ["try:", f"    print({callee}({', '.join(args)}))",
                      "except TypeError as err:", "    print('TypeError', err)"]
        if kind != "lambda" and self.chance(30):
            tgt = callee if kind == "def" else f"{x}_K.m"
            lines.append(f"print({tgt}.__name__, {tgt}.__qualname__, {tgt}.__defaults__, "
                         f"{tgt}.__kwdefaults__, {tgt}.__code__.co_argcount, "
                         f"{tgt}.__code__.co_varnames)")
        return lines

    def f_del(self, ctx: Ctx, x: str) -> list[str]:
        body = [f"class {x}:",
                "    def __init__(self, tag):",
                "        self.tag = tag",
                "        print('new', tag)",
                "    def __del__(self):",
                "        print('del', self.tag)"]
        shape = self.choice(("rebind", "del", "func", "loop", "container", "exc", "gen",
                             "cycle_free", "arg"))
        if shape == "rebind":
            body += [f"{x}_o = {x}(1)", f"{x}_o = {x}(2)", "print('rebound')",
                     f"{x}_o = None", "print('cleared')"]
        elif shape == "del":
            body += [f"{x}_o = {x}('a')", f"{x}_p = {x}_o", f"del {x}_o", "print('one left')",
                     f"del {x}_p", "print('none left')"]
        elif shape == "func":
            body += [f"def {x}_f(n):", f"    tmp = {x}(n)", "    print('in f', tmp.tag)",
                     "    return n * 2", f"print({x}_f(5))", "print('after f')"]
        elif shape == "loop":
            body += [f"for {x}_i in range({self.int(1, 3)}):", f"    {x}_o = {x}({x}_i)",
                     "    print('iter')", f"{x}_o = None", "print('loop done')"]
        elif shape == "container":
            body += [f"{x}_l = [{x}(i) for i in range(3)]", f"{x}_l.pop(1)",
                     "print('popped')", f"{x}_l.clear()", "print('cleared')"]
        elif shape == "exc":
            body += ["try:", f"    {x}_o = {x}('e')", "    1 / 0",
                     "except ZeroDivisionError as err:", "    print('caught', err)",
                     f"{x}_o = None", "print('after')"]
        elif shape == "gen":
            body += [f"def {x}_g():", f"    o = {x}('g')", "    yield 1", "    yield 2",
                     f"{x}_it = {x}_g()", f"print(next({x}_it))", f"del {x}_it",
                     "print('gen dropped')"]
        elif shape == "arg":
            body += [f"def {x}_f(o):", "    return o.tag", f"print({x}_f({x}('tmp')))",
                     "print('temp gone')", f"print(len([{x}(i).tag for i in range(2)]))"]
        else:
            body += [f"{x}_d = {{'k': {x}('dict')}}", f"{x}_d['k'] = 0", "print('replaced')"]
        return body

    def f_genproto(self, ctx: Ctx, x: str) -> list[str]:
        n = self.int(1, 3)
        lines = [f"def {x}(n):",
                 "    try:",
                 "        for i in range(n):",
                 "            got = yield i",
                 "            if got is not None:",
                 "                print('got', got)",
                 "    except ValueError as e:",
                 "        print('gen caught', e)",
                 "        yield -1",
                 "    finally:",
                 "        print('gen finally')",
                 "    return 'done'",
                 f"{x}_g = {x}({n})",
                 f"print(next({x}_g))"]
        op = self.choice(("throw", "close", "send", "exhaust", "yield_from", "state", "throw2"))
        if op == "throw":
            lines += ["try:", f"    print({x}_g.throw(ValueError('boom')))",
                      "except StopIteration as s:", "    print('stop', s.value)"]
        elif op == "throw2":
            lines += ["try:", f"    {x}_g.throw(KeyError, 'kk')",
                      "except KeyError as e:", "    print('propagated', repr(e))",
                      f"print(list({x}_g))"]
        elif op == "close":
            lines += [f"{x}_g.close()", f"print(list({x}_g))"]
        elif op == "send":
            lines += ["try:", f"    print({x}_g.send('hi'))", f"    print({x}_g.send('there'))",
                      "except StopIteration as s:", "    print('stop', s.value)"]
        elif op == "exhaust":
            lines += [f"print(list({x}_g))", f"print(next({x}_g, 'empty'))"]
        elif op == "state":
            lines += [f"print({x}_g.gi_running, {x}_g.gi_frame is not None, "
                      f"{x}_g.__name__, {x}_g.__qualname__)",
                      f"print(list({x}_g))", f"print({x}_g.gi_frame)"]
        else:
            lines += [f"def {x}_outer():",
                      f"    r = yield from {x}({n})",
                      "    print('inner returned', r)",
                      "    yield 'tail'",
                      f"print(list({x}_outer()))"]
        return lines

    def f_with(self, ctx: Ctx, x: str) -> list[str]:
        suppress = self.choice(("True", "False", "et is ZeroDivisionError"))
        body = self.choice(("print('body', v)", "print('body', v); 1 / 0",
                            "print('body', v); raise KeyError(v)", "print(v[10])",
                            "return_"))
        lines = [f"class {x}:",
                 "    def __init__(self, tag):",
                 "        self.tag = tag",
                 "    def __enter__(self):",
                 "        print('enter', self.tag)",
                 "        return self.tag",
                 "    def __exit__(self, et, ev, tb):",
                 "        print('exit', self.tag, et.__name__ if et else None, ev)",
                 f"        return {suppress}"]
        tag = self.small(ctx, self.choice((INT, STR)))
        if body == "return_":
            lines += [f"def {x}_f():",
                      f"    with {x}({tag}) as v, {x}('second') as w:",
                      "        return (v, w)",
                      "    return 'unreached'",
                      "try:",
                      f"    print({x}_f())",
                      "except Exception as e:",
                      "    print('escaped', type(e).__name__, e)"]
        else:
            lines += ["try:",
                      f"    with {x}({tag}) as v:",
                      f"        {body}",
                      "    print('after with')",
                      "except Exception as e:",
                      "    print('escaped', type(e).__name__, e)"]
        return lines

    def f_cmgen(self, ctx: Ctx, x: str) -> list[str]:
        exc = self.choice(("", "1 / 0", "raise ValueError('v')", "[][0]"))
        return ["import contextlib",
                "@contextlib.contextmanager",
                f"def {x}(tag):",
                "    print('before', tag)",
                "    try:",
                "        yield str(tag) * 2",
                "    except ZeroDivisionError as e:",
                "        print('cm caught', e)",
                "    finally:",
                "        print('after', tag)",
                "try:",
                f"    with {x}({self.small(ctx)}) as v:",
                "        print('inside', v)",
                f"        {exc or 'pass'}",
                "except Exception as e:",
                "    print('escaped', type(e).__name__, e)"]

    def f_exgroup(self, ctx: Ctx, x: str) -> list[str]:
        excs = ", ".join(self.choice(("ValueError(1)", "TypeError('t')", "KeyError('k')",
                                      "ZeroDivisionError()", "ExceptionGroup('inner', [ValueError(2)])"))
                         for _ in range(self.int(1, 3)))
        handlers = []
        for t in sorted({self.choice(("ValueError", "TypeError", "KeyError", "ArithmeticError",
                                      "LookupError")) for _ in range(self.int(1, 2))}):
            handlers += [f"except* {t} as eg:",
                         f"    print('{t}', [repr(e) for e in eg.exceptions])"]
        return ["try:",
                "    try:",
                f"        raise ExceptionGroup('grp', [{excs}])",
                "    " + handlers[0]] + ["    " + h for h in handlers[1:]] + [
                "except Exception as rest:",
                "    print('rest', type(rest).__name__, rest, "
                "[repr(e) for e in getattr(rest, 'exceptions', ())])"]

    def f_coro(self, ctx: Ctx, x: str) -> list[str]:
        n = self.int(1, 3)
        shape = self.choice(("asyncio", "manual", "agen", "awith"))
        lines = [f"async def {x}_work(n):",
                 "    if n < 0:",
                 "        raise ValueError('negative')",
                 "    return n * 2"]
        if shape == "asyncio":
            lines += ["import asyncio",
                      f"async def {x}_main():",
                      f"    r = await asyncio.gather(*[{x}_work(i) for i in range({n})])",
                      f"    s = await {x}_work({self.int(-1, 3)})",
                      "    return r, s",
                      "try:",
                      f"    print(asyncio.run({x}_main()))",
                      "except ValueError as e:",
                      "    print('coro error', e)"]
        elif shape == "manual":
            lines += [f"{x}_c = {x}_work({self.int(-1, 4)})",
                      "try:",
                      f"    {x}_c.send(None)",
                      "except StopIteration as s:",
                      "    print('value', s.value)",
                      "except ValueError as e:",
                      "    print('raised', e)",
                      f"print(type({x}_c).__name__, {x}_c.__qualname__)"]
        elif shape == "agen":
            lines += ["import asyncio",
                      f"async def {x}_agen(n):",
                      "    for i in range(n):",
                      "        yield await " + f"{x}_work(i)",
                      f"async def {x}_main():",
                      f"    out = [v async for v in {x}_agen({n})]",
                      f"    async for v in {x}_agen(2):",
                      "        out.append(-v)",
                      "    return out",
                      f"print(asyncio.run({x}_main()))"]
        else:
            lines += ["import asyncio",
                      f"class {x}_CM:",
                      "    async def __aenter__(self):",
                      "        print('aenter')",
                      "        return 5",
                      "    async def __aexit__(self, *a):",
                      "        print('aexit', a[0])",
                      "        return True",
                      f"async def {x}_main():",
                      f"    async with {x}_CM() as v:",
                      f"        print('in', v, await {x}_work(v))",
                      "        raise KeyError('swallowed')",
                      "    return 'ok'",
                      f"print(asyncio.run({x}_main()))"]
        return lines

    def f_hostcb(self, ctx: Ctx, x: str) -> list[str]:
        shape = self.choice(("sorted", "map", "minmax", "reduce", "dict", "filter", "key_err",
                             "lru", "partial", "itertools", "defaultdict", "format"))
        vals = self.literal(LIST).code
        if shape == "sorted":
            return [f"class {x}:",
                    "    def __init__(self, v):",
                    "        self.v = v",
                    "    def __lt__(self, other):",
                    "        if self.v == other.v:",
                    "            raise ValueError(f'tie {self.v}')",
                    "        return self.v < other.v",
                    "    def __repr__(self):",
                    f"        return '{x}(%r)' % self.v",
                    "try:",
                    f"    print(sorted([{x}(v) for v in {vals}]))",
                    "except ValueError as e:",
                    "    print('sort failed', e)"]
        if shape == "map":
            return [f"def {x}(v):",
                    "    return 100 // v",
                    "try:",
                    f"    print(list(map({x}, {vals})))",
                    "except ZeroDivisionError as e:",
                    "    print('map failed', e)"]
        if shape == "minmax":
            return [f"print(min({vals} or [0], key=lambda v: (v % 3, -v)), "
                    f"max({vals}, key=abs, default=None))"]
        if shape == "reduce":
            return ["import functools",
                    f"print(functools.reduce(lambda a, b: a * 2 + b, {vals}, {self.int(0, 3)}))"]
        if shape == "dict":
            return [f"class {x}:",
                    "    def __init__(self, v):",
                    "        self.v = v",
                    "    def __hash__(self):",
                    "        return self.v % 3",
                    "    def __eq__(self, other):",
                    "        print('eq', self.v, other.v)",
                    "        return self.v == other.v",
                    f"{x}_d = {{}}",
                    f"for v in {vals}:",
                    f"    {x}_d[{x}(v)] = v",
                    f"print(sorted({x}_d.values()), {x}(1) in {x}_d)"]
        if shape == "filter":
            return [f"print(list(filter(lambda v: v % 2, {vals})), "
                    f"list(zip({vals}, map(str, {vals}))))"]
        if shape == "key_err":
            return [f"def {x}(v):",
                    "    if v > 5:",
                    "        raise KeyError(v)",
                    "    return -v",
                    "try:",
                    f"    print(sorted({vals}, key={x}))",
                    "except KeyError as e:",
                    "    print('key failed', e)"]
        if shape == "lru":
            return ["import functools",
                    "@functools.lru_cache(maxsize=None)",
                    f"def {x}(n):",
                    "    print('compute', n)",
                    f"    return n if n < 2 else {x}(n - 1) + {x}(n - 2)",
                    f"print({x}({self.int(0, 12)}), {x}(5), {x}.cache_info())"]
        if shape == "partial":
            return ["import functools",
                    f"def {x}(a, b, c=3):",
                    "    return (a, b, c)",
                    f"{x}_p = functools.partial({x}, 1, c=9)",
                    f"print({x}_p(2), {x}_p(b=5))"]
        if shape == "itertools":
            return ["import itertools",
                    f"print(list(itertools.accumulate({vals}, lambda a, b: a - b)))",
                    f"print([(k, list(g)) for k, g in itertools.groupby(sorted({vals}), "
                    "key=lambda v: v % 2)])",
                    f"print(list(itertools.islice(itertools.count({self.int(0, 5)}), 3)))",
                    f"print(list(itertools.chain({vals}, (v * 2 for v in {vals}))))"]
        if shape == "defaultdict":
            return ["import collections",
                    f"{x} = collections.defaultdict(lambda: ['new'])",
                    f"for v in {vals}:",
                    f"    {x}[v % 3].append(v)",
                    f"print(sorted({x}.items()), collections.Counter({vals}).most_common(2))"]
        return [f"class {x}:",
                "    def __format__(self, spec):",
                "        return f'<{spec}>'",
                "    def __str__(self):",
                "        return 'S'",
                f"print(f'{{{x}():>5}}', format({x}(), 'x'), '{{}}'.format({x}()), str({x}()))"]

    def f_recursion(self, ctx: Ctx, x: str) -> list[str]:
        shape = self.choice(("catch", "catch_method", "depth", "mutual"))
        if shape == "catch":
            return [f"def {x}(n):",
                    f"    return {x}(n + 1) + 1",
                    "try:",
                    f"    {x}(0)",
                    "except RecursionError as e:",
                    "    print('recursion', e)"]
        if shape == "catch_method":
            return [f"class {x}:",
                    "    def __repr__(self):",
                    "        return repr(self)",
                    "try:",
                    f"    repr({x}())",
                    "except RecursionError as e:",
                    "    print('recursion', e)"]
        if shape == "mutual":
            return [f"def {x}_a(n):",
                    f"    return n if n <= 0 else {x}_b(n - 1)",
                    f"def {x}_b(n):",
                    f"    return -n if n <= 0 else {x}_a(n - 1) + 1",
                    f"print({x}_a({self.int(0, 300)}))"]
        return ["import sys",
                f"def {x}(n):",
                "    return n if n == 0 else 1 + " + f"{x}(n - 1)",
                f"print({x}({self.choice((50, 500, 900))}), sys.getrecursionlimit())"]

    def f_classy(self, ctx: Ctx, x: str) -> list[str]:
        shape = self.choice(("slots", "init_subclass", "classgetitem", "new", "getattr",
                             "setattr", "meta", "classdeco", "dataclass", "total", "super",
                             "classmethod_inh", "mro"))
        if shape == "slots":
            return [f"class {x}:",
                    "    __slots__ = ('a', 'b')",
                    "    def __init__(self, a):",
                    "        self.a = a",
                    f"{x}_o = {x}({self.small(ctx)})",
                    "try:",
                    f"    {x}_o.c = 1",
                    "except AttributeError as e:",
                    "    print('slots', e)",
                    "try:",
                    f"    print({x}_o.b)",
                    "except AttributeError as e:",
                    "    print('unset', e)",
                    f"print({x}_o.a, {x}.__slots__)"]
        if shape == "init_subclass":
            return [f"class {x}:",
                    "    registry = []",
                    "    def __init_subclass__(cls, tag=None, **kw):",
                    "        super().__init_subclass__(**kw)",
                    "        cls.tag = tag",
                    f"        {x}.registry.append(cls.__name__)",
                    f"class {x}_A({x}, tag='a'):",
                    "    pass",
                    f"class {x}_B({x}_A):",
                    "    pass",
                    f"print({x}.registry, {x}_A.tag, {x}_B.tag)"]
        if shape == "classgetitem":
            return [f"class {x}:",
                    "    def __class_getitem__(cls, item):",
                    "        return f'{cls.__name__}[{item!r}]'",
                    f"print({x}[int], {x}[{self.small(ctx)}])"]
        if shape == "new":
            return [f"class {x}:",
                    "    _inst = None",
                    "    def __new__(cls, *args):",
                    "        if cls._inst is None:",
                    "            cls._inst = super().__new__(cls)",
                    "            print('created', args)",
                    "        return cls._inst",
                    "    def __init__(self, v):",
                    "        self.v = v",
                    f"{x}_a, {x}_b = {x}(1), {x}(2)",
                    f"print({x}_a is {x}_b, {x}_a.v)"]
        if shape == "getattr":
            return [f"class {x}:",
                    "    real = 1",
                    "    def __getattr__(self, name):",
                    "        if name.startswith('x'):",
                    "            return name.upper()",
                    "        raise AttributeError(f'no {name}')",
                    f"print({x}().real, {x}().xyz, getattr({x}(), 'q', 'dflt'))",
                    "try:",
                    f"    {x}().missing",
                    "except AttributeError as e:",
                    "    print('attr', e)"]
        if shape == "setattr":
            return [f"class {x}:",
                    "    def __setattr__(self, name, value):",
                    "        print('set', name, value)",
                    "        super().__setattr__(name, value * 2)",
                    "    def __delattr__(self, name):",
                    "        print('del', name)",
                    "        super().__delattr__(name)",
                    f"{x}_o = {x}()",
                    f"{x}_o.a = {self.small(ctx)}",
                    f"print({x}_o.a, vars({x}_o))",
                    f"del {x}_o.a",
                    f"print(hasattr({x}_o, 'a'))"]
        if shape == "meta":
            return [f"class {x}_Meta(type):",
                    "    def __new__(mcls, name, bases, ns):",
                    "        ns['made_by'] = mcls.__name__",
                    "        return super().__new__(mcls, name, bases, ns)",
                    "    def __call__(cls, *a):",
                    "        print('meta call', cls.__name__, a)",
                    "        return super().__call__(*a)",
                    f"class {x}(metaclass={x}_Meta):",
                    "    def __init__(self, v=0):",
                    "        self.v = v",
                    f"print({x}(3).v, {x}.made_by, type({x}).__name__)"]
        if shape == "classdeco":
            return [f"def {x}_deco(cls):",
                    "    cls.extra = lambda self: 'extra:' + type(self).__name__",
                    "    return cls",
                    f"@{x}_deco",
                    f"class {x}:",
                    "    pass",
                    f"print({x}().extra())"]
        if shape == "dataclass":
            return ["import dataclasses",
                    "@dataclasses.dataclass(order=True)",
                    f"class {x}:",
                    "    a: int",
                    "    b: str = 'z'",
                    "    def total(self):",
                    "        return self.a * 2",
                    f"{x}_l = [{x}({self.int(0, 9)}), {x}({self.int(0, 9)}, 'y'), {x}(1)]",
                    f"print(sorted({x}_l), {x}_l[0] == {x}_l[1], {x}_l[2].total())",
                    f"print(dataclasses.asdict({x}_l[0]), dataclasses.replace({x}_l[0], b='q'))"]
        if shape == "total":
            return ["import functools",
                    "@functools.total_ordering",
                    f"class {x}:",
                    "    def __init__(self, v):",
                    "        self.v = v",
                    "    def __eq__(self, o):",
                    "        return self.v == o.v",
                    "    def __lt__(self, o):",
                    "        return self.v < o.v",
                    f"print({x}(1) >= {x}(2), {x}(3) > {x}(2), {x}(2) <= {x}(2))"]
        if shape == "super":
            return [f"class {x}_A:",
                    "    def who(self):",
                    "        return ['A']",
                    f"class {x}_B({x}_A):",
                    "    def who(self):",
                    "        return ['B'] + super().who()",
                    f"class {x}_C({x}_A):",
                    "    def who(self):",
                    "        return ['C'] + super().who()",
                    f"class {x}_D({x}_B, {x}_C):",
                    "    def who(self):",
                    "        inner = lambda: super(" + f"{x}_D, self).who()",
                    "        return ['D'] + inner()",
                    f"print({x}_D().who(), [k.__name__ for k in {x}_D.__mro__])"]
        if shape == "classmethod_inh":
            return [f"class {x}_A:",
                    "    count = 0",
                    "    @classmethod",
                    "    def make(cls):",
                    "        cls.count += 1",
                    "        return cls()",
                    "    def __repr__(self):",
                    "        return type(self).__name__",
                    f"class {x}_B({x}_A):",
                    "    pass",
                    f"print({x}_A.make(), {x}_B.make(), {x}_B.make(), {x}_A.count, {x}_B.count)"]
        return [f"class {x}_A:",
                "    def f(self):",
                "        return 'A'",
                f"class {x}_B({x}_A):",
                "    pass",
                "try:",
                f"    class {x}_bad({x}_A, {x}_B):",
                "        pass",
                "except TypeError as e:",
                "    print('mro', e)",
                f"print({x}_B().f(), isinstance({x}_B(), {x}_A), issubclass({x}_A, {x}_B))"]

    def f_iterproto(self, ctx: Ctx, x: str) -> list[str]:
        n = self.int(0, 4)
        shape = self.choice(("iter", "getitem", "unpack", "bad"))
        lines = [f"class {x}:",
                 "    def __init__(self, n):",
                 "        self.n = n",
                 "        self.i = 0"]
        if shape == "getitem":
            lines += ["    def __getitem__(self, i):",
                      "        if i >= self.n:",
                      "            raise IndexError(i)",
                      "        return i * i"]
        elif shape == "bad":
            lines += ["    def __iter__(self):",
                      "        return 42"]
        else:
            lines += ["    def __iter__(self):",
                      "        return self",
                      "    def __next__(self):",
                      "        if self.i >= self.n:",
                      "            raise StopIteration",
                      "        self.i += 1",
                      "        return self.i"]
        if shape == "unpack":
            lines += ["try:",
                      f"    a, b = {x}({n})",
                      "    print(a, b)",
                      "except ValueError as e:",
                      "    print('unpack', e)",
                      f"print(*{x}({n}), sep=',')",
                      f"print([*{x}({n}), *{x}(1)], sum({x}({n})), {n - 1} in {x}({n}))"]
        else:
            lines += ["try:",
                      f"    print(list({x}({n})), [v for v in {x}({n})], tuple({x}({n})))",
                      f"    for v in {x}({n}):",
                      "        print('v', v)",
                      "except TypeError as e:",
                      "    print('iter', e)"]
        return lines

    def f_dunder_err(self, ctx: Ctx, x: str) -> list[str]:
        shape = self.choice(("bool", "len", "index", "repr", "hash", "eq_none", "contains",
                             "radd", "iadd", "neg", "call"))
        v = self.small(ctx)
        if shape == "bool":
            body = ["    def __bool__(self):", f"        return {self.choice(('1', 'True', '0', 'None'))}"]
            use = f"bool({x}()), not {x}(), 'y' if {x}() else 'n'"
        elif shape == "len":
            body = ["    def __len__(self):", f"        return {self.choice(('-1', '3', '2**70', '1.5', 'True'))}"]
            use = f"len({x}()), bool({x}())"
        elif shape == "index":
            body = ["    def __index__(self):", f"        return {self.choice(('2', '-1', '7'))}"]
            use = f"[10, 20, 30][{x}()], list(range({x}())), hex({x}()), 'ab' * {x}()"
        elif shape == "repr":
            body = ["    def __repr__(self):", f"        return {self.choice(('42', repr('ok'), 'None'))}"]
            use = f"repr({x}()), [{x}()]"
        elif shape == "hash":
            body = ["    def __hash__(self):", f"        return {self.choice(('-1', '2**100', repr('s'), '7'))}"]
            use = f"hash({x}()), len({{{x}(), {x}()}})"
        elif shape == "eq_none":
            body = ["    def __eq__(self, o):", "        return NotImplemented"]
            use = f"{x}() == {x}(), {x}() != 1, {x}() in [1, 2]"
        elif shape == "contains":
            body = ["    def __contains__(self, item):", "        return item"]
            use = f"{v} in {x}(), 0 not in {x}()"
        elif shape == "radd":
            body = ["    def __radd__(self, o):", "        return ('radd', o)"]
            use = f"{v} + {x}(), sum([{x}()]), [1] + {x}()"
        elif shape == "iadd":
            body = ["    def __init__(self):", "        self.items = []",
                    "    def __iadd__(self, o):", "        self.items.append(o)",
                    "        return self", "    def __repr__(self):",
                    "        return f'X{self.items}'"]
            return [f"class {x}:"] + body + [f"{x}_o = {x}()", f"{x}_o += {v}",
                                              f"{x}_o += 'b'", f"print({x}_o)"]
        elif shape == "neg":
            body = ["    def __neg__(self):", "        return 'neg'", "    def __invert__(self):",
                    "        return 'inv'", "    def __abs__(self):", "        return -5"]
            use = f"-{x}(), ~{x}(), abs({x}()), +{x}()"
        else:
            body = ["    def __call__(self, *a, **k):", "        return (a, sorted(k))"]
            use = f"{x}()(1, 2, z=3), {x}()(), callable({x}()), callable({x})"
        return [f"class {x}:"] + body + ["try:", f"    print({use})",
                                         "except Exception as e:",
                                         "    print(type(e).__name__, e)"]

    def f_notes(self, ctx: Ctx, x: str) -> list[str]:
        return [f"class {x}(Exception):",
                "    def __str__(self):",
                "        return 'custom:' + repr(self.args)",
                "try:",
                "    try:",
                f"        raise {x}({self.small(ctx)}, 'two')",
                "    except Exception as e:",
                "        e.add_note('a note')",
                "        print(e.__notes__, str(e), repr(e), e.args)",
                "        raise",
                f"except {x} as e:",
                "    print('outer', e, type(e).__mro__[1].__name__)"]

    def f_reraise(self, ctx: Ctx, x: str) -> list[str]:
        shape = self.choice(("bare", "named", "from", "context", "finally", "suppress"))
        head = [f"def {x}_inner(v):",
                "    return [1, 2][v]",
                f"def {x}(v):",
                "    try:",
                f"        return {x}_inner(v)",
                "    except IndexError as e:"]
        tail = {"bare": ["        raise"],
                "named": ["        raise e"],
                "from": ["        raise ValueError('converted') from e"],
                "context": ["        raise ValueError('during')"],
                "finally": ["        print('handler')", "    finally:", "        print('finally')"],
                "suppress": ["        return 'suppressed'"]}[shape]
        return head + tail + [
            "import traceback",
            "try:",
            f"    print({x}({self.int(0, 4)}))",
            "except Exception as err:",
            "    print(type(err).__name__, err, repr(err.__cause__), repr(err.__context__),",
            "          err.__suppress_context__)",
            "    print([(f.name, f.lineno) for f in traceback.extract_tb(err.__traceback__)])"]

    def f_stderr(self, ctx: Ctx, x: str) -> list[str]:
        return ["import sys",
                f"print('to stderr', {self.small(ctx, STR)}, file=sys.stderr)",
                f"sys.stdout.write(str({self.small(ctx)}) + '\\n')",
                "sys.stderr.write('err line\\n')",
                "print('flushed', flush=True)"]

    def f_introspect(self, ctx: Ctx, x: str) -> list[str]:
        shape = self.choice(("locals", "globals", "vars", "code", "frame", "eval", "exec"))
        if shape == "locals":
            return [f"def {x}(a, b=2):",
                    "    c = a + b",
                    "    d = [c]",
                    "    return sorted(locals().items())",
                    f"print({x}({self.int(0, 9)}))"]
        if shape == "globals":
            scope = "globals" if ctx.module else "locals"
            return [f"{x} = 1",
                    f"print('{x}' in {scope}(), {scope}()['{x}'], __name__, "
                    "type(__builtins__).__name__)"]
        if shape == "vars":
            return [f"class {x}:",
                    "    def __init__(self):",
                    "        self.p = 1",
                    "        self.q = 'two'",
                    f"print(vars({x}()), {x}().__dict__, '__init__' in vars({x}), "
                    f"{x}.__name__, {x}.__qualname__, {x}.__module__)"]
        if shape == "code":
            return [f"def {x}(a, *b, c=1, **d):",
                    "    '''doc string'''",
                    "    e = a",
                    "    return e",
                    f"print({x}.__doc__, {x}.__code__.co_name, {x}.__code__.co_argcount, "
                    f"{x}.__code__.co_kwonlyargcount, {x}.__code__.co_varnames, "
                    f"{x}.__module__, {x}.__annotations__, {x}.__defaults__)"]
        if shape == "frame":
            return ["import sys",
                    f"def {x}():",
                    "    f = sys._getframe()",
                    "    return f.f_code.co_name, f.f_back.f_code.co_name, f.f_lineno",
                    f"print({x}())"]
        if shape == "eval":
            return [f"{x} = {self.int(0, 9)}",
                    f"print(eval('{x} * 2 + 1'), eval('[i for i in range(3)]'), "
                    f"eval('y + 1', {{'y': 5}}))",
                    "try:",
                    "    eval('1 +')",
                    "except SyntaxError as e:",
                    "    print('syntax', e.msg, e.lineno)"]
        return [f"{x}_ns = {{}}",
                f"exec('def g(a):\\n    return a * 3\\nr = g({self.int(0, 9)})', {x}_ns)",
                f"print({x}_ns['r'], {x}_ns['g'].__name__)",
                "try:",
                "    exec('1 / 0')",
                "except ZeroDivisionError as e:",
                "    print('exec raised', e)"]

    def f_subclass_builtin(self, ctx: Ctx, x: str) -> list[str]:
        shape = self.choice(("list", "dict", "int", "str", "exc"))
        if shape == "list":
            return [f"class {x}(list):",
                    "    def append(self, v):",
                    "        super().append(v * 2)",
                    "    def __repr__(self):",
                    "        return 'L' + super().__repr__()",
                    f"{x}_o = {x}([1])",
                    f"{x}_o.append({self.small(ctx)})",
                    f"{x}_o.extend([5])",
                    f"print({x}_o, len({x}_o), isinstance({x}_o, list), {x}_o + [0], {x}_o[::-1])"]
        if shape == "dict":
            return [f"class {x}(dict):",
                    "    def __missing__(self, key):",
                    "        return f'missing:{key}'",
                    f"{x}_o = {x}(a=1)",
                    f"print({x}_o['a'], {x}_o['b'], {x}_o.get('b'), 'b' in {x}_o, {x}_o)"]
        if shape == "int":
            return [f"class {x}(int):",
                    "    def __add__(self, o):",
                    f"        return {x}(int(self) + int(o) + 1)",
                    "    def __repr__(self):",
                    "        return f'I({int(self)})'",
                    f"print({x}(2) + 3, 3 + {x}(2), {x}(5) * 2, {x}({self.int(-9, 9)}) == "
                    f"{self.int(-9, 9)}, [{x}(1)])"]
        if shape == "str":
            return [f"class {x}(str):",
                    "    def shout(self):",
                    "        return self.upper() + '!'",
                    f"{x}_o = {x}({self.small(ctx, STR)})",
                    f"print({x}_o.shout(), type({x}_o + 'x').__name__, {x}_o == str({x}_o))"]
        return [f"class {x}(KeyError):",
                "    pass",
                "try:",
                f"    raise {x}('k', 2)",
                "except LookupError as e:",
                "    print(type(e).__name__, e, e.args, str(e), repr(e))"]

    def f_cells(self, ctx: Ctx, x: str) -> list[str]:
        shape = self.choice(("loop", "delcell", "nonlocal_loop", "classcell", "shadow"))
        if shape == "loop":
            return [f"def {x}():",
                    "    fs = []",
                    "    for i in range(3):",
                    "        def g():",
                    "            return i",
                    "        fs.append(g)",
                    "    i = 'changed'",
                    "    return [f() for f in fs]",
                    f"print({x}())"]
        if shape == "delcell":
            return [f"def {x}():",
                    "    v = 1",
                    "    def g():",
                    "        return v",
                    "    del v",
                    "    return g()",
                    "try:",
                    f"    print({x}())",
                    "except NameError as e:",
                    "    print(type(e).__name__, e)"]
        if shape == "nonlocal_loop":
            return [f"def {x}(n):",
                    "    total = 0",
                    "    def add(k):",
                    "        nonlocal total",
                    "        total += k",
                    "    for j in range(n):",
                    "        add(j)",
                    "    return total",
                    f"print({x}({self.int(0, 6)}))"]
        if shape == "classcell":
            return [f"class {x}:",
                    "    v = 10",
                    "    w = [v * i for i in range(2)] if False else None",
                    "    def m(self):",
                    "        return __class__.__name__, self.v",
                    "try:",
                    f"    class {x}_bad:",
                    "        k = 3",
                    "        lst = [k for _ in range(2)]",
                    "except NameError as e:",
                    "    print('classbody', e)",
                    f"print({x}().m())"]
        return [f"{x} = 'global'",
                f"def {x}_f():",
                "    try:",
                f"        print({x})",
                "    except UnboundLocalError as e:",
                "        print(type(e).__name__, e)",
                f"    {x} = 'local'",
                f"    return {x}",
                f"print({x}_f(), {x})"]

    def f_defaults(self, ctx: Ctx, x: str) -> list[str]:
        return [f"def {x}(v, acc=[]):",
                "    acc.append(v)",
                "    return acc",
                f"print({x}(1), {x}(2), {x}(3, []), {x}(4))",
                f"print({x}.__defaults__)"]

    def f_stdlib(self, ctx: Ctx, x: str) -> list[str]:
        shape = self.choice(("json", "re", "namedtuple", "enum", "fractions", "decimal", "heapq",
                             "bisect", "struct", "string"))
        vals = self.literal(LIST).code
        if shape == "json":
            return ["import json",
                    f"print(json.dumps({{'a': {vals}, 'b': None, 'c': 1.5}}, sort_keys=True))",
                    "print(json.loads('[1, 2.5, \"x\", null, true]'))"]
        if shape == "re":
            return ["import re",
                    "print(re.findall(r'\\d+', 'a1b22c333'), re.sub(r'(\\w)\\1', "
                    "lambda m: m.group(1).upper(), 'aabbcd'))"]
        if shape == "namedtuple":
            return ["import collections",
                    f"{x} = collections.namedtuple('{x}', 'a b')",
                    f"{x}_p = {x}({self.int(0, 9)}, b='q')",
                    f"print({x}_p, {x}_p.a, {x}_p._replace(a=0), {x}_p._asdict(), tuple({x}_p))"]
        if shape == "enum":
            return ["import enum",
                    f"class {x}(enum.Enum):",
                    "    RED = 1",
                    "    GREEN = 2",
                    "    def shade(self):",
                    "        return self.name.lower()",
                    f"print({x}.RED, {x}(2), {x}.GREEN.shade(), list({x}), {x}['RED'].value)"]
        if shape == "fractions":
            return ["import fractions",
                    f"print(fractions.Fraction({self.int(-9, 9)}, {self.int(1, 9)}) + "
                    "fractions.Fraction(1, 3))"]
        if shape == "decimal":
            return ["import decimal",
                    f"print(decimal.Decimal('{self.int(-99, 99)}.{self.int(0, 99)}') * 3)"]
        if shape == "heapq":
            return ["import heapq",
                    f"{x} = {vals}",
                    f"heapq.heapify({x})",
                    f"print([heapq.heappop({x}) for _ in range(len({x}))])"]
        if shape == "bisect":
            return ["import bisect",
                    f"print(bisect.bisect_left(sorted({vals}), {self.int(-5, 5)}))"]
        if shape == "struct":
            return ["import struct",
                    f"print(struct.pack('<hI', {self.int(-99, 99)}, {self.int(0, 999)}).hex())"]
        return ["import string",
                f"print(string.Template('$a-$b').substitute(a={self.int(0, 9)}, b='x'), "
                "string.ascii_lowercase[:5])"]

    def f_descriptor(self, ctx: Ctx, x: str) -> list[str]:
        return [f"class {x}_D:",
                "    def __set_name__(self, owner, name):",
                "        self.name = '_' + name",
                "    def __get__(self, obj, objtype=None):",
                "        if obj is None:",
                "            return self",
                "        return getattr(obj, self.name, 'unset')",
                "    def __set__(self, obj, value):",
                "        print('setting', self.name, value)",
                "        setattr(obj, self.name, value)",
                f"class {x}:",
                f"    attr = {x}_D()",
                "    @property",
                "    def prop(self):",
                "        return 'prop'",
                "    @prop.setter",
                "    def prop(self, v):",
                "        raise AttributeError('read only: ' + str(v))",
                f"{x}_o = {x}()",
                f"print({x}_o.attr)",
                f"{x}_o.attr = {self.small(ctx)}",
                f"print({x}_o.attr, type({x}.attr).__name__, {x}_o.prop)",
                "try:",
                f"    {x}_o.prop = 1",
                "except AttributeError as e:",
                "    print(e)"]

    def f_classbody(self, ctx: Ctx, x: str) -> list[str]:
        return [f"class {x}:",
                "    print('class body runs')",
                f"    a = {self.small(ctx)}",
                "    b = a if False else 2",
                "    for i in range(2):",
                "        b += i",
                "    del i",
                "    def m(self):",
                "        return self.a, self.b",
                f"print({x}().m(), sorted(k for k in vars({x}) if not k.startswith('__')))"]

    def f_polyloop(self, ctx: Ctx, x: str) -> list[str]:
        """A loop whose operands change type/size midway: the specializing and
        tracing tiers must deoptimize and still compute what CPython computes."""
        pools = {
            # (no sequences among the numbers: `seq * big_int` would allocate gigabytes)
            INT: ["0", "1", "-7", "2**62", "2**63 - 1", "2**64", "-2**63", "10**30", "True",
                  "1.5", "-0.0", "float('inf')", "{'s'}", "False", "3"],
            FLOAT: ["0.5", "-2.0", "1e308", "float('nan')", "3", "2**70", "True", "{'f': 1}",
                    "0.0", "-0.0"],
            STR: ["'a'", "''", "'xyz'", "'é'", "3", "b'b'", "None", "'12'", "['l']"],
        }
        ty = self.choice((INT, INT, FLOAT, STR))
        pool = pools[ty]
        n = self.int(3, 8)
        vals = [pool[0]] * self.int(0, 2) + [self.choice(pool) for _ in range(n)]
        v, i = f"{x}_v", f"{x}_i"
        c = ctx.child(depth=ctx.depth + 1, iters=ctx.iters * 30, loop=True,
                      nest=ctx.nest + 1)
        c.vars[v] = Var(v, ty, level=c.depth, w=20)
        c.vars[i] = Var(i, INT, level=c.depth, w=2)
        acc = f"{x}_acc"
        lines = [f"{x}_vals = [{', '.join(vals)}]", f"{acc} = 0",
                 f"for {i}, {v} in enumerate({x}_vals * {self.int(2, 3)}):",
                 "    try:"]
        body = []
        ops = ("{v} + {e}", "{e} + {v}", "{v} * {e}", "{v} - {e}", "{v} // {e}", "{v} % {e}",
               "{v} / {e}", "-{v}", "{v} < {e}", "{v} == {e}", "{e} <= {v} < {e2}", "str({v})",
               "abs({v})", "{v} and {e}", "f'{{{v}}}'", "{v} << 3", "{v} ** 2", "int({v})",
               "float({v})", "{v} & {e}", "{v} >> 1", "not {v}", "{v} + {v}", "[{v}] * 2",
               "{v}.__class__.__name__", "{v} is None", "{v} != {v}", "round({v})",
               "{e} if {v} else {e2}", "hash(str({v})) % 97", "max({v}, {e})", "{v} * {i}")
        for _ in range(self.int(1, 3)):
            if self.chance(75):
                op = self.choice(ops)
                e = self.expr(c, self.choice((ty, INT, FLOAT)), self.int(0, 1))
                if ty == STR and "*" in op:
                    e = E(str(self.int(-1, 3)))   # repetition counts stay small
                e2 = self.expr(c, self.choice((ty, INT)), 0)
                code = op.format(v=v, e=e.code, e2=e2.code, i=i)
            else:
                code = self.expr(c, self.choice((ty, ty, INT, BOOL, STR)), self.int(1, 2)).code
            if len(code) > 300:
                continue
            body.append(f"print({i}, {code})")
        if self.chance(60):
            body.append(f"{acc} = ({acc} + {i}) % 1000003")
        if self.chance(30):
            body.append(f"if {i} == {self.int(2, 8)}:")
            body.append(f"    {x}_vals.append({self.choice(pool)})")
        lines += ind(body or ["pass"], 2)
        lines += ["    except Exception as err:",
                  f"        print({i}, type(err).__name__, err)",
                  f"print('acc', {acc})"]
        return lines

    def f_shapes(self, ctx: Ctx, x: str) -> list[str]:
        """Attribute and method lookups on objects whose class or shape changes
        inside a hot loop (inline caches must notice)."""
        n = self.int(4, 9)
        k = self.int(1, n - 1)
        change = self.choice(("method", "classattr", "instattr", "newattr", "delattr",
                              "global", "builtin", "subclass", "slots", "property", "defaults",
                              "code", "instmethod", "reclass", "proplater", "getattrlater",
                              "dict", "init"))
        lines = [f"class {x}_A:",
                 "    kind = 'A'",
                 "    def __init__(self, v):",
                 "        self.v = v",
                 "    def get(self):",
                 "        return self.v * 2",
                 f"class {x}_B({x}_A):",
                 "    def get(self):",
                 "        return -self.v",
                 f"def {x}_helper(o):",
                 "    return o.v + 1",
                 f"{x}_objs = [{x}_A(i) for i in range({n})]"]
        if change == "subclass":
            lines.append(f"{x}_objs[{k}] = {x}_B(100)")
        if change == "slots":
            lines += [f"class {x}_S:", "    __slots__ = ('v',)", "    kind = 'S'",
                      "    def __init__(self, v):", "        self.v = v",
                      "    def get(self):", "        return self.v",
                      f"{x}_objs.insert({k}, {x}_S(7))"]
        if change == "property":
            lines += [f"class {x}_P({x}_A):", "    @property", "    def v(self):",
                      "        return 'prop'", "    @v.setter", "    def v(self, val):",
                      "        pass",
                      f"{x}_objs[{k}] = {x}_P(0)"]
        restore = []
        lines += [f"for {x}_i, {x}_o in enumerate({x}_objs):"]
        body = [f"if {x}_i == {k}:"]
        if change == "method":
            body.append(f"    {x}_A.get = lambda self: 'patched'")
        elif change == "classattr":
            body.append(f"    {x}_A.kind = 'changed'")
        elif change == "instattr":
            body.append(f"    {x}_o.kind = 'own'")
        elif change == "newattr":
            body.append(f"    {x}_o.extra = 1")
        elif change == "delattr":
            body.append(f"    del {x}_o.v")
        elif change == "global":
            if ctx.module:
                body.append(f"    {x}_helper = lambda o: 'rebound'")
            else:
                body.append(f"    globals()['{x}_helper2'] = 1")
        elif change == "builtin":
            body.append("    globals()['len'] = lambda o: -1")
            restore = ["globals().pop('len', None)"]
        elif change == "defaults":
            body.append(f"    {x}_helper.__defaults__ = (5,)")
        elif change == "code":
            body.append(f"    {x}_helper.__code__ = (lambda o: ('code', o.v)).__code__")
        elif change == "instmethod":
            body.append(f"    {x}_o.get = lambda: 'instance'")
        elif change == "reclass":
            body.append(f"    {x}_o.__class__ = {x}_B")
        elif change == "proplater":
            body.append(f"    {x}_A.v = property(lambda self: 'late property')")
        elif change == "getattrlater":
            body.append(f"    {x}_A.__getattr__ = lambda self, n: 'ga:' + n")
            body.append(f"    del {x}_o.v")
        elif change == "dict":
            body.append(f"    {x}_o.__dict__['v'] = 'via dict'")
            body.append(f"    vars({x}_o).update(extra=2)")
        elif change == "init":
            body.append(f"    {x}_A.__init__ = lambda self, v: setattr(self, 'v', -v)")
            body.append(f"    {x}_objs.append({x}_A(50))")
        else:
            body.append("    pass")
        body += ["try:",
                 f"    print({x}_i, {x}_o.kind, {x}_o.get(), {x}_helper({x}_o), "
                 f"getattr({x}_o, 'extra', None), len([{x}_o]))",
                 "except Exception as err:",
                 f"    print({x}_i, type(err).__name__, err)"]
        lines += ind(body) + restore
        return lines

    def f_opzoo(self, ctx: Ctx, x: str) -> list[str]:
        """Binary operators and comparisons between user objects, subclasses and
        ints, with NotImplemented and reflected operands."""
        ops = [("__add__", "+"), ("__sub__", "-"), ("__mul__", "*"), ("__truediv__", "/"),
               ("__floordiv__", "//"), ("__mod__", "%"), ("__matmul__", "@"),
               ("__and__", "&"), ("__lshift__", "<<"), ("__pow__", "**")]
        chosen = [ops[self.int(0, len(ops) - 1)] for _ in range(self.int(1, 3))]
        cmps = [self.choice(("__lt__", "__gt__", "__le__", "__eq__", "__ne__"))
                for _ in range(self.int(0, 2))]
        lines = [f"class {x}:",
                 "    def __init__(self, v):",
                 "        self.v = v",
                 "    def __repr__(self):",
                 f"        return '{x}(%r)' % (self.v,)"]
        for name, _ in chosen:
            mode = self.choice(("value", "notimpl_int", "obj"))
            lines += [f"    def {name}(self, o):"]
            if mode == "notimpl_int":
                lines += ["        if isinstance(o, int):", "            return NotImplemented"]
            lines += [f"        return ('{name}', self.v, getattr(o, 'v', o))" if mode != "obj"
                      else f"        return {x}(('{name}', self.v))"]
            if self.chance(50):
                rname = "__r" + name[2:]
                lines += [f"    def {rname}(self, o):",
                          f"        return ('{rname}', self.v, getattr(o, 'v', o))"]
            if self.chance(30):
                iname = "__i" + name[2:]
                lines += [f"    def {iname}(self, o):",
                          f"        self.v = ('{iname}', self.v)", "        return self"]
        for name in cmps:
            lines += [f"    def {name}(self, o):",
                      "        if not isinstance(o, " + x + "):",
                      "            return NotImplemented",
                      f"        return ('{name}', self.v, o.v)"]
        lines += [f"class {x}_Sub({x}):"]
        sub = [f"    def __r{chosen[0][0][2:]}(self, o):",
               "        return ('sub-reflected', self.v)"] if self.chance(50) else ["    pass"]
        lines += sub
        operands = [f"{x}(1)", f"{x}_Sub(2)", str(self.int(-3, 5)), "2.5", "'s'"]
        exprs = []
        for _, sym in chosen:
            for _ in range(3):
                a, b = self.choice(operands), self.choice(operands)
                exprs.append(f"{a} {sym} {b}")
        for name in cmps:
            sym = {"__lt__": "<", "__gt__": ">", "__le__": "<=", "__eq__": "==",
                   "__ne__": "!="}[name]
            exprs.append(f"{self.choice(operands)} {sym} {self.choice(operands)}")
            exprs.append(f"{self.choice(operands)} {self.choice(('<', '>=', '=='))} "
                         f"{self.choice(operands)}")
        for e in exprs:
            lines += ["try:", f"    print({e!r}, {e})", "except TypeError as err:",
                      "    print('TypeError', err)"]
        if self.chance(50):
            sym = chosen[0][1]
            lines += [f"{x}_o = {x}(5)", "try:", f"    {x}_o {sym}= 3", f"    {x}_o {sym}= {x}(1)",
                      f"    print({x}_o)", "except TypeError as err:",
                      "    print('TypeError', err)"]
        return lines

    def f_itemaug(self, ctx: Ctx, x: str) -> list[str]:
        """Augmented and chained assignment to subscripts, slices and attributes."""
        v = self.small(ctx)
        return [f"{x}_l = [1, 2, 3, 4, 5, 6]",
                f"{x}_d = {{'a': 1, 'b': [1]}}",
                f"class {x}_N:", "    pass",
                f"{x}_o = {x}_N()",
                f"{x}_o.a = {x}_o.b = {v}",
                f"{x}_l[{self.int(-3, 3)}] += {v}",
                f"{x}_d['a'] *= {self.int(-2, 3)}",
                f"{x}_d['b'] += [{v}]",
                f"{x}_o.a -= 1",
                f"{x}_l[1:3] = [{self.int(0, 9)}] * {self.int(0, 3)}",
                "try:",
                f"    {x}_l[::2] = [0]",
                "except ValueError as err:",
                "    print('ValueError', err)",
                f"del {x}_l[::{self.choice((2, 3, -2))}]",
                f"{x}_a = {x}_b = {x}_c = [{v}]",
                f"{x}_a.append(0)",
                "try:",
                f"    {x}_d['zz'] += 1",
                "except KeyError as err:",
                "    print('KeyError', err)",
                "try:",
                f"    {x}_o.missing += 1",
                "except AttributeError as err:",
                "    print('AttributeError', err)",
                f"{x}_t = ({x}_l, 1)",
                "try:",
                f"    {x}_t[0] += [9]",
                "except TypeError as err:",
                "    print('TypeError', err)",
                f"print({x}_l, {x}_d, vars({x}_o), {x}_b, {x}_c is {x}_a, {x}_t)"]

    def f_bytesetc(self, ctx: Ctx, x: str) -> list[str]:
        n = self.int(0, 5)
        shape = self.choice(("bytes", "complex", "frozenset", "range", "slice", "memory"))
        if shape == "bytes":
            return [f"{x} = b'abc' + bytes([{n}, 65]) * 2",
                    f"{x}_ba = bytearray({x})",
                    f"{x}_ba[0] = {n + 60}",
                    f"{x}_ba.extend(b'!')",
                    f"print({x}, {x}_ba, {x}[1], {x}[1:3], {x}.hex(), {x}_ba.decode('latin-1'),"
                    f" b'%d-%s' % ({n}, b'x'), {x}.split(b'b'), bytes({n}))",
                    "try:",
                    f"    print({x}.decode('ascii'))",
                    "except UnicodeDecodeError as err:",
                    "    print('decode', err)"]
        if shape == "complex":
            return [f"{x} = complex({n}, -2) * 1j + {self.small(ctx, FLOAT)}",
                    f"print({x}, abs(3 + 4j), {x}.real, {x}.imag, {x}.conjugate(), "
                    f"(1 + 2j) ** 2, (-8) ** 0.5, 1j ** 2, {x} == {x})",
                    "try:",
                    f"    print({x} < 1j)",
                    "except TypeError as err:",
                    "    print('TypeError', err)"]
        if shape == "frozenset":
            return [f"{x} = frozenset(range({n}))",
                    f"print({x} | {{9}}, {x} & {{1, 2}}, {{{x}: 1}}, {x} == set(range({n})), "
                    f"sorted({x} ^ frozenset([0, 7])), hash({x}) == hash(frozenset(range({n}))))"]
        if shape == "range":
            return [f"{x} = range({n}, {n * 3 + 1}, {self.choice((1, 2, 3))})",
                    f"print({x}, len({x}), {x}[1:], {x}[-1:], {n + 2} in {x}, {x}.index({n}), "
                    f"list({x}[::-1]), {x} == range({n}, {n * 3 + 1}), reversed({x}).__class__.__name__)"]
        if shape == "slice":
            return [f"{x} = slice({n}, None, -1)",
                    f"print({x}, [0, 1, 2, 3, 4][{x}], 'hello'[{x}], {x}.indices(3))"]
        return [f"{x} = memoryview(b'abcdef')",
                f"print({x}[{n}], bytes({x}[1:{n + 1}]), {x}.tolist()[:2], len({x}))"]

    def f_controlzoo(self, ctx: Ctx, x: str) -> list[str]:
        """break/continue/return crossing try/finally/with and loop else clauses."""
        n = self.int(2, 5)
        a, b = self.int(0, n), self.int(0, n)
        stmt1 = self.choice(("break", "continue", "return ('ret', i)", "pass",
                             "raise ValueError(i)"))
        stmt2 = self.choice(("break", "continue", "pass", "return 'fin'", "print('f', i)"))
        return [f"def {x}():",
                "    log = []",
                f"    for i in range({n}):",
                "        try:",
                "            try:",
                f"                if i == {a}:",
                f"                    {stmt1}",
                "                log.append(i)",
                "            except ValueError:",
                "                log.append('caught')",
                "                continue",
                "            finally:",
                "                log.append(('inner', i))",
                f"                if i == {b}:",
                f"                    {stmt2}",
                "        finally:",
                "            log.append('outer')",
                "    else:",
                "        log.append('else')",
                "    return log",
                f"print({x}())",
                f"def {x}_w():",
                f"    for i in range({n}):",
                "        while True:",
                "            if i % 2:",
                "                break",
                "            i += 1",
                "        else:",
                "            return 'unreachable'",
                f"        if i > {a}:",
                "            return i",
                "    return None",
                f"print({x}_w())"]
    def f_loopedge(self, ctx: Ctx, x: str) -> list[str]:
        """Loop and subscript edge cases that specialized forms must get right."""
        shape = self.choice(("bigrange", "negstep", "pop", "unpack", "index", "strloop",
                             "dictloop", "nested", "zipped", "genloop"))
        k = self.int(1, 4)
        if shape == "bigrange":
            base = self.choice(("2**63", "2**31", "-2**63", "2**62", "10**20", "-1"))
            return [f"{x} = 0",
                    f"for {x}_i in range({base} - {k}, {base} + {k}):",
                    f"    {x} += {x}_i",
                    f"    print({x}_i, {x}_i + 1, {x}_i * 2, {x}_i < {base})",
                    f"print({x})"]
        if shape == "negstep":
            return [f"print([i for i in range({k * 3}, -{k}, -{k})], list(range(0, {k}, -1)), "
                    f"[i * i for i in range(-{k}, {k})])"]
        if shape == "pop":
            return [f"{x} = list(range({k * 2}))",
                    f"for {x}_v in {x}:",
                    f"    print({x}_v, {x}.pop(), len({x}))"]
        if shape == "unpack":
            items = ", ".join(self.choice(("(1, 2)", "[3, 4]", "(5, 6, 7)", "'ab'", "(8,)",
                                           "{9: 0, 10: 0}", "range(2)"))
                              for _ in range(self.int(3, 6)))
            return [f"for {x}_t in [{items}] * 2:",
                    "    try:",
                    f"        {x}_a, {x}_b = {x}_t",
                    f"        print({x}_a, {x}_b)",
                    "    except ValueError as err:",
                    "        print('ValueError', err)"]
        if shape == "index":
            idx = ", ".join(self.choice(("0", "-1", "True", "2**64", "-5", "1", "2", "False",
                                         "1.0", "'a'", "None"))
                            for _ in range(self.int(3, 7)))
            return [f"{x}_l = [10, 20, 30]", f"{x}_t = (1, 2, 3)", f"{x}_d = {{0: 'z', 1: 'o'}}",
                    f"for {x}_i in [{idx}] * 2:",
                    "    try:",
                    f"        print({x}_l[{x}_i], {x}_t[{x}_i], {x}_d[{x}_i], 'abc'[{x}_i])",
                    "    except (IndexError, TypeError, KeyError) as err:",
                    "        print(type(err).__name__, err)",
                    "    try:",
                    f"        {x}_l[{x}_i] = {x}_i",
                    "    except (IndexError, TypeError) as err:",
                    "        print(type(err).__name__, err)",
                    f"print({x}_l)"]
        if shape == "strloop":
            return [f"{x} = ''",
                    f"for {x}_c in {self.choice(STR_LITS[5:])!r} * {k}:",
                    f"    {x} = {x}_c + {x}[:10]",
                    f"    print(repr({x}), {x}_c == 'a', {x}_c < 'm', ord({x}_c))"]
        if shape == "dictloop":
            return [f"{x} = {{}}",
                    f"for {x}_i in range({k * 3}):",
                    f"    {x}[{x}_i % {k + 1}] = {x}.get({x}_i % {k + 1}, 0) + {x}_i",
                    f"    {x}[str({x}_i)] = {x}_i",
                    f"    if {x}_i % 3 == 0:",
                    f"        del {x}[str({x}_i)]",
                    f"print({x}, list({x}.items())[-2:])"]
        if shape == "nested":
            return [f"{x} = 0",
                    f"for {x}_a in range({k + 2}):",
                    f"    for {x}_b in range({x}_a):",
                    f"        if ({x}_a + {x}_b) % 3 == 0:",
                    "            continue",
                    f"        if {x}_b > {k}:",
                    "            break",
                    f"        {x} += {x}_a * {x}_b - {x}_b",
                    "    else:",
                    f"        {x} -= 1",
                    f"print({x})"]
        if shape == "zipped":
            return [f"for {x}_a, ({x}_b, {x}_c) in zip(range({k + 3}), enumerate('abcdef')):",
                    f"    print({x}_a, {x}_b, {x}_c, {x}_a == {x}_b)"]
        return [f"def {x}_g(n):",
                "    for i in range(n):",
                "        if i % 2:",
                "            yield i",
                "        else:",
                "            yield from (i, -i)",
                f"for {x}_v in {x}_g({k + 2}):",
                f"    print({x}_v, end=' ')",
                "print()"]

    def f_patchbuiltin(self, ctx: Ctx, x: str) -> list[str]:
        """User code replacing a builtin (a counting wrapper), then ordinary code."""
        name = self.choice(("len", "tuple", "isinstance", "type", "range", "id", "abs", "min", "max", "sorted", "repr",
                            "iter", "next", "getattr", "hasattr", "list", "dict", "str", "int",
                            "callable", "sum", "any", "enumerate", "zip", "print"))
        args = {"len": "'ab'", "type": "1", "range": "3", "id": "None", "tuple": "'ab'", "isinstance": "1, int", "abs": "-3", "min": "[3, 1]",
                "max": "2, 5", "sorted": "'cab'", "repr": "'r'", "iter": "[1]",
                "next": "iter([7])", "getattr": "1, 'real'", "hasattr": "1, 'x'",
                "list": "'ab'", "dict": "a=1", "str": "5", "int": "'7'", "callable": "len",
                "sum": "[1, 2]", "any": "[0, 1]", "enumerate": "'a'", "zip": "'a', 'b'",
                "print": "'printed'"}[name]
        return ["import builtins",
                f"{x}_real = builtins.{name}",
                f"{x}_calls = []",
                f"def {x}_wrap(*a, **k):",
                f"    {x}_calls.append(1)",
                f"    return {x}_real(*a, **k)",
                f"builtins.{name} = {x}_wrap",
                "try:",
                f"    {x}_r = {name}({args})",
                f"    {x}_s = [v * 2 for v in range(3)]",
                f"    {x}_t = (lambda *q, **kw: (q, kw))(1, *[2], k=3)",
                f"    {x}_u = f'{{{x}_s!r:>12}}' + str({self.small(ctx)})",
                "finally:",
                f"    builtins.{name} = {x}_real",
                f"print({x}_r if '{name}' not in ('iter', 'enumerate', 'zip', 'range', 'id') "
                f"else list({x}_r) if '{name}' != 'id' else type({x}_r).__name__, "
                f"{x}_s, {x}_t, {x}_u, len({x}_calls))"]

    # ----------------------------------------------------------- programs
    def new_ctx(self, module: bool) -> Ctx:
        return Ctx(vars={}, funcs={}, classes={}, excs=[], module=module)

    def program(self, lo: int = 3, hi: int = 14, escape: bool = True) -> str:
        ctx = self.new_ctx(module=True)
        lines: list[str] = []
        for _ in range(self.int(lo, hi)):
            if self.chance(65):
                # guarded: names it binds may stay unbound, so they are forgotten
                c = ctx.child()
                s = self.stmt(c)
                ctx.absorb(c)
                ctx.funcs.update(c.funcs)
                ctx.classes.update(c.classes)
                e = self.fresh("e")
                s = ["try:"] + ind(s) + [f"except Exception as {e}:",
                                         f"    print('error', type({e}).__name__, {e})"]
            else:
                s = self.stmt(ctx)
            lines += s
        if ctx.vars and self.chance(60):
            names = [n for n in ctx.vars if not ctx.vars[n].ty.startswith("func")][:8]
            if names:
                lines.append(self.printer("'end'", *names))
        if escape and self.chance(40):
            # an exception that reaches the top level: the traceback is compared
            lines += self.escaper(ctx)
        head = ["import math"] if self.uses_math or self.chance(10) else []
        return "\n".join(head + lines) + "\n"

    def escaper(self, ctx: Ctx) -> list[str]:
        kind = self.choice(("risky", "raise", "deep", "chain", "fn"))
        if kind == "risky":
            return [self.risky(ctx)]
        if kind == "raise":
            return self.s_raise(ctx, guard=False)
        if kind == "deep":
            a, b = self.fresh("f"), self.fresh("f")
            return [f"def {a}(x):", "    return 10 // x",
                    f"def {b}(x):", f"    return [{a}(x - 1)]",
                    f"print({b}({self.int(0, 2)}))"]
        if kind == "chain":
            return ["try:", f"    {self.risky(ctx)}", "except Exception as exc:",
                    f"    raise RuntimeError('wrapped') from {self.choice(('exc', 'None'))}"
                    if self.chance(50) else "    print(undefined_name)"]
        fs = [f for f in ctx.funcs.values() if f.kind in ("func", "lambda")]
        if not fs:
            return [self.risky(ctx)]
        f = self.choice(fs)
        args, _ = self.call_args(ctx, f, 2)
        return [self.printer(f"{f.name}({args})")]

    def case_body(self, lo: int = 2, hi: int = 8) -> list[str]:
        ctx = self.new_ctx(module=False)
        ctx.owned_only = False
        lines: list[str] = []
        features = self.chance(30)
        for _ in range(self.int(lo, hi)):
            if features and self.chance(50):
                ctx.charge(1)
                lines += self.s_feature(ctx)
            else:
                lines += self.stmt(ctx)
        names = [n for n in ctx.vars if not ctx.vars[n].ty.startswith("func")][:6]
        if names:
            lines.append(self.printer("'end'", *names))
        return lines


# --------------------------------------------------------------- front ends

def batch_program(bodies: list[list[str]]) -> str:
    """Join case bodies into one program: each is run under try/except."""
    lines = ["import math", ""]
    for i, body in enumerate(bodies):
        lines += [f"def case_{i}():"] + ind(body) + [""]
    lines += ["for _name, _case in list(globals().items()):",
              "    if not _name.startswith('case_'):",
              "        continue",
              "    print('==', _name)",
              "    try:",
              "        _case()",
              "    except Exception as _e:",
              "        print('!!', type(_e).__name__, _e)"]
    return "\n".join(lines) + "\n"


def generate(seed: int, batch: int = 0) -> str:
    """A program from a plain PRNG seed (no Hypothesis): quick local runs."""
    r = random.Random(seed)
    g = Gen(lambda lo, hi: r.randint(lo, hi))
    if batch:
        return batch_program([g.case_body() for _ in range(batch)])
    return g.program()


try:
    from hypothesis import strategies as st

    @st.composite
    def programs(draw, lo: int = 3, hi: int = 14):
        """A whole program (source text)."""
        g = Gen(lambda a, b: draw(st.integers(a, b)))
        return g.program(lo, hi)

    @st.composite
    def cases(draw, lo: int = 2, hi: int = 7):
        """The body lines of one ``def case_N():``."""
        g = Gen(lambda a, b: draw(st.integers(a, b)))
        return g.case_body(lo, hi)

    def batches(min_size: int = 10, max_size: int = 20):
        return st.lists(cases(), min_size=min_size, max_size=max_size).map(batch_program)
except ImportError:  # pragma: no cover - the generator itself needs no Hypothesis
    pass


if __name__ == "__main__":
    import sys
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    sys.stdout.write(generate(seed, n))
