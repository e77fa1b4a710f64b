"""match: evaluation order, subject evaluated once, guard side effects, irrefutable patterns, nested or-patterns, tokens."""
def subject():
    print("subject evaluated")
    return (1, [2, 3])
match subject():
    case (0, _):
        print("no")
    case (1, [2, x]) if print("guard checked", x) is None and x > 2:
        print("matched", x)
log = []
def g(tag, result):
    log.append(tag)
    return result
match 5:
    case 1 if g("a", True):
        pass
    case 5 if g("b", False):
        pass
    case 5 if g("c", True):
        log.append("body c")
print(log)
def tokenize(s):
    tokens = []
    i = 0
    while i < len(s):
        ch = s[i]
        match ch:
            case " ":
                i += 1
                continue
            case "+" | "-" | "*" | "/" | "(" | ")":
                tokens.append(("op", ch))
            case d if d.isdigit():
                j = i
                while j < len(s) and s[j].isdigit():
                    j += 1
                tokens.append(("num", int(s[i:j])))
                i = j
                continue
            case _:
                tokens.append(("err", ch))
        i += 1
    return tokens
print(tokenize("12 + (3*45) - x"))
def evaluate(tree):
    match tree:
        case ("num", n):
            return n
        case ("+", l, r):
            return evaluate(l) + evaluate(r)
        case ("*", l, r):
            return evaluate(l) * evaluate(r)
        case ("neg", e):
            return -evaluate(e)
        case ("let", str(name), val, body):
            return evaluate(substitute(body, name, evaluate(val)))
        case ("var", name):
            raise NameError(f"unbound {name}")
    raise ValueError(f"bad tree {tree!r}")
def substitute(tree, name, val):
    match tree:
        case ("var", n) if n == name:
            return ("num", val)
        case (op, *kids):
            return (op, *[substitute(k, name, val) if isinstance(k, tuple) else k for k in kids])
tree = ("let", "x", ("+", ("num", 2), ("num", 3)), ("*", ("var", "x"), ("neg", ("num", 4))))
print(evaluate(tree))
try:
    evaluate(("var", "y"))
except NameError as e:
    print("NameError:", e)
try:
    evaluate(("bogus",))
except ValueError as e:
    print("ValueError:", e)
def nested_or(v):
    match v:
        case [1 | 2, (3 | 4) as b] | [b, 0]:
            return f"b={b}"
        case {"a": 1 | 2 as a} | {"b": a}:
            return f"a={a}"
    return "none"
print([nested_or(v) for v in [[1, 3], [2, 4], [9, 0], [1, 5], {"a": 2}, {"b": 7}, {"c": 1}]])
hits = 0
for i in range(3000):
    match (i % 2 == 0, i % 3 == 0):
        case (True, True):
            hits += 6
        case (True, False) | (False, True):
            hits += 1
        case (False, False):
            pass
print(hits)
match 42:
    case _:
        print("wildcard always matches")
x = 7
match x:
    case int(x):
        print("rebinding x", x)
