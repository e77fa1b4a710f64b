"""match statement: literal patterns, capture, wildcard, or-patterns, guards, as-patterns, None/True/False, strings."""
def classify(v):
    match v:
        case 0:
            return "zero"
        case 1 | 2 | 3:
            return "small"
        case -1:
            return "minus one"
        case True:
            return "True?"
        case None:
            return "none"
        case "hello" | "hi":
            return "greeting"
        case b"bytes":
            return "bytes literal"
        case 1.5:
            return "one and a half"
        case 2j:
            return "imaginary"
        case int(n) if n > 100:
            return f"big int {n}"
        case int() as n if n < 0:
            return f"negative {n}"
        case str() as s:
            return f"string {s!r}"
        case other:
            return f"other {other!r}"
for v in [0, 2, -1, True, False, None, "hi", b"bytes", 1.5, 2j, 1000, -50, 50, "xyz", 3.25, [1]]:
    print(repr(v), "->", classify(v))
def http(status):
    match status:
        case 200 | 201 | 204 as ok:
            return f"success {ok}"
        case 301 | 302:
            return "redirect"
        case code if 400 <= code < 500:
            return f"client error {code}"
        case _:
            return "unknown"
print([http(s) for s in (200, 204, 302, 404, 500)])
counts = {}
for i in range(3000):
    match i % 6:
        case 0:
            key = "zero"
        case 1 | 5:
            key = "edge"
        case x if x % 2 == 0:
            key = "even"
        case _:
            key = "rest"
    counts[key] = counts.get(key, 0) + 1
print(counts)
def bind_order(v):
    match v:
        case (1 | 2) as a:
            return a * 10
        case _:
            return None
print(bind_order(1), bind_order(2), bind_order(3))
match 5:
    case captured:
        print("captured", captured)
print(captured)
