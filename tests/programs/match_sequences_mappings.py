"""match: sequence patterns with star, nested sequences, mapping patterns with **rest, strings are not sequences."""
def seq(v):
    match v:
        case []:
            return "empty"
        case [x]:
            return f"one {x}"
        case [x, y]:
            return f"two {x},{y}"
        case [first, *mid, last] if not mid:
            return "impossible"
        case [0, *rest]:
            return f"starts with 0, rest={rest}"
        case [first, *_, last]:
            return f"first={first} last={last}"
        case _:
            return "not a sequence"
for v in [[], [1], (1, 2), [0, 5, 6], [1, 2, 3, 4], "abc", range(3), {"a": 1}, 42]:
    print(repr(v), "->", seq(v))
def nested(v):
    match v:
        case [(x, y), [z, *_]]:
            return ("pair+list", x, y, z)
        case [[a, b], *others] if len(others) == 2:
            return ("two others", a, b, others)
        case _:
            return "no"
print(nested([(1, 2), [3, 4]]), nested([[1, 2], 3, 4]), nested([[1], 2]))
def mapping(v):
    match v:
        case {"type": "point", "x": x, "y": y}:
            return f"point {x},{y}"
        case {"type": "circle", "r": r, **rest}:
            return f"circle r={r} extra={rest}"
        case {"type": t} if t.startswith("s"):
            return f"s-type {t}"
        case {}:
            return "some mapping"
        case _:
            return "not mapping"
for v in [{"type": "point", "x": 1, "y": 2, "z": 0}, {"type": "circle", "r": 5, "color": "red"}, {"type": "square"},
          {"other": 1}, {}, [("type", "point")]]:
    print(mapping(v))
import collections
od = collections.OrderedDict(type="circle", r=2)
dd = collections.defaultdict(int, {"type": "point", "x": 0})
print(mapping(od), mapping(dd), dict(dd))
def command(line):
    match line.split():
        case ["go", ("north" | "south" | "east" | "west") as direction]:
            return f"going {direction}"
        case ["pick", "up", *items] if items:
            return f"picking {', '.join(items)}"
        case ["quit" | "exit"]:
            return "bye"
        case [verb, *_]:
            return f"unknown verb {verb}"
        case []:
            return "empty"
for line in ["go north", "go up", "pick up lamp key", "pick up", "quit", "", "dance wildly"]:
    print(repr(line), "->", command(line))
total = 0
for i in range(3000):
    match [i % 3, i % 5]:
        case [0, 0]:
            total += 15
        case [0, _]:
            total += 3
        case [_, 0]:
            total += 5
        case [a, b]:
            total += a * b
print(total)
match {"k": 1}:
    case {"k": 1, **rest}:
        print("rest is", rest, type(rest).__name__)
match (1, 2, 3):
    case (1, *rest):
        print("tuple star gives", type(rest).__name__, rest)
