"""A tiny language: tokenizer, recursive-descent parser to AST, tree-walking evaluator with closures; runs a few programs."""
import re
TOKEN = re.compile(r"\s*(?:(\d+)|(\w+)|(==|!=|<=|>=|[-+*/%()<>=,;{}]))")
def tokenize(src):
    pos, out = 0, []
    src = src.strip()
    while pos < len(src):
        m = TOKEN.match(src, pos)
        if not m:
            raise SyntaxError(f"bad char at {pos}: {src[pos]!r}")
        num, name, op = m.groups()
        out.append(("num", int(num)) if num else ("name", name) if name else ("op", op))
        pos = m.end()
    out.append(("eof", None))
    return out
class Parser:
    def __init__(self, toks):
        self.toks, self.i = toks, 0
    def peek(self):
        return self.toks[self.i]
    def take(self, kind=None, val=None):
        t = self.toks[self.i]
        if (kind and t[0] != kind) or (val and t[1] != val):
            raise SyntaxError(f"expected {val or kind}, got {t[1]!r}")
        self.i += 1
        return t
    def program(self):
        stmts = []
        while self.peek()[0] != "eof" and self.peek()[1] != "}":
            stmts.append(self.statement())
        return ("block", stmts)
    def statement(self):
        t = self.peek()
        if t == ("name", "let"):
            self.take(); name = self.take("name")[1]; self.take("op", "=")
            e = self.expr(); self.take("op", ";")
            return ("let", name, e)
        if t == ("name", "while"):
            self.take(); cond = self.expr(); body = self.braced()
            return ("while", cond, body)
        if t == ("name", "if"):
            self.take(); cond = self.expr(); then = self.braced()
            other = ("block", [])
            if self.peek() == ("name", "else"):
                self.take(); other = self.braced()
            return ("if", cond, then, other)
        if t == ("name", "print"):
            self.take(); e = self.expr(); self.take("op", ";")
            return ("print", e)
        if t == ("name", "return"):
            self.take(); e = self.expr(); self.take("op", ";")
            return ("return", e)
        if t[0] == "name" and self.toks[self.i + 1] == ("op", "="):
            name = self.take()[1]; self.take("op", "="); e = self.expr(); self.take("op", ";")
            return ("set", name, e)
        e = self.expr(); self.take("op", ";")
        return ("expr", e)
    def braced(self):
        self.take("op", "{"); b = self.program(); self.take("op", "}")
        return b
    def expr(self):
        left = self.arith()
        while self.peek()[1] in ("==", "!=", "<", ">", "<=", ">="):
            op = self.take()[1]
            left = ("bin", op, left, self.arith())
        return left
    def arith(self):
        left = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            left = ("bin", op, left, self.term())
        return left
    def term(self):
        left = self.atom()
        while self.peek()[1] in ("*", "/", "%"):
            op = self.take()[1]
            left = ("bin", op, left, self.atom())
        return left
    def atom(self):
        t = self.take()
        if t[0] == "num":
            node = ("num", t[1])
        elif t == ("name", "fn"):
            self.take("op", "(")
            params = []
            while self.peek()[1] != ")":
                params.append(self.take("name")[1])
                if self.peek()[1] == ",":
                    self.take()
            self.take("op", ")")
            node = ("fn", params, self.braced())
        elif t[0] == "name":
            node = ("var", t[1])
        elif t == ("op", "("):
            node = self.expr(); self.take("op", ")")
        elif t == ("op", "-"):
            node = ("bin", "-", ("num", 0), self.atom())
        else:
            raise SyntaxError(f"unexpected {t[1]!r}")
        while self.peek() == ("op", "("):
            self.take()
            args = []
            while self.peek()[1] != ")":
                args.append(self.expr())
                if self.peek()[1] == ",":
                    self.take()
            self.take("op", ")")
            node = ("call", node, args)
        return node
class Return(Exception):
    def __init__(self, v):
        self.v = v
class Env:
    def __init__(self, parent=None):
        self.vars, self.parent = {}, parent
    def find(self, n):
        e = self
        while e is not None:
            if n in e.vars:
                return e
            e = e.parent
        raise NameError(f"undefined variable {n}")
OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a // b,
       "%": lambda a, b: a % b, "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b),
       "<": lambda a, b: int(a < b), ">": lambda a, b: int(a > b), "<=": lambda a, b: int(a <= b), ">=": lambda a, b: int(a >= b)}
def run(node, env, out):
    kind = node[0]
    if kind == "block":
        for s in node[1]:
            run(s, env, out)
    elif kind == "let":
        env.vars[node[1]] = ev(node[2], env, out)
    elif kind == "set":
        env.find(node[1]).vars[node[1]] = ev(node[2], env, out)
    elif kind == "while":
        while ev(node[1], env, out):
            run(node[2], env, out)
    elif kind == "if":
        run(node[2] if ev(node[1], env, out) else node[3], env, out)
    elif kind == "print":
        out.append(ev(node[1], env, out))
    elif kind == "return":
        raise Return(ev(node[1], env, out))
    elif kind == "expr":
        ev(node[1], env, out)
def ev(node, env, out):
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "var":
        return env.find(node[1]).vars[node[1]]
    if kind == "bin":
        return OPS[node[1]](ev(node[2], env, out), ev(node[3], env, out))
    if kind == "fn":
        return ("closure", node[1], node[2], env)
    if kind == "call":
        f = ev(node[1], env, out)
        args = [ev(a, env, out) for a in node[2]]
        _, params, body, cenv = f
        local = Env(cenv)
        local.vars.update(zip(params, args))
        try:
            run(body, local, out)
        except Return as r:
            return r.v
        return 0
    raise ValueError(kind)
def execute(src):
    out = []
    try:
        run(Parser(tokenize(src)).program(), Env(), out)
    except (SyntaxError, NameError, ZeroDivisionError) as e:
        out.append(f"{type(e).__name__}: {e}")
    return out
print(execute("let x = 1; let s = 0; while x <= 100 { s = s + x; x = x + 1; } print s;"))
print(execute("let fact = fn(n) { if n <= 1 { return 1; } return n * fact(n - 1); }; print fact(20);"))
print(execute("""
let make = fn(start) { let c = start; return fn() { c = c + 1; return c; }; };
let a = make(10); let b = make(100);
a(); a(); b();
print a(); print b();
"""))
print(execute("let fib = fn(n) { if n < 2 { return n; } return fib(n - 1) + fib(n - 2); }; print fib(15);"))
print(execute("let i = 0; let p = 0; while i < 2000 { if i % 3 == 0 { p = p + i; } else { p = p - 1; } i = i + 1; } print p;"))
print(execute("print y;"), execute("let = 5;"), execute("print 1 / 0;"), execute("print 3 $ 4;"))
print(tokenize("let a = (1 + 22) * -3;")[:6])
