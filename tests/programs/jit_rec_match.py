"""match statements in hot loops: literal, sequence, mapping, class (with
__match_args__ and keywords), guards, captures, or-patterns -- subjects whose
shape changes on later iterations."""

from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: int


class Shape:
    __match_args__ = ("kind", "size")

    def __init__(self, kind, size):
        self.kind = kind
        self.size = size


def classify(v):
    match v:
        case 0 | 1:
            return "small"
        case int(n) if n < 0:
            return "negative"
        case int():
            return "int"
        case [x, y]:
            return f"pair {x} {y}"
        case [x, *rest]:
            return f"seq {x} +{len(rest)}"
        case {"name": str(name), **others}:
            return f"named {name} {len(others)}"
        case Point(x=0, y=yy):
            return f"on y axis {yy}"
        case Point(x, y):
            return f"point {x},{y}"
        case Shape("circle", size=s) if s > 2:
            return "big circle"
        case Shape(k, s):
            return f"shape {k} {s}"
        case str() as s:
            return "str " + s
        case _:
            return "other"


def loop(n, make):
    counts = {}
    for i in range(n):
        c = classify(make(i))
        counts[c.split()[0]] = counts.get(c.split()[0], 0) + 1
    return sorted(counts.items())


print("ints", loop(60, lambda i: i % 3 - 1))
print("seqs", loop(60, lambda i: (i, 1) if i % 4 else [i, 2, 3]))
print("maps", loop(60, lambda i: {"name": "n", "k": i} if i != 50 else {"name": 5}))
print("points", loop(60, lambda i: Point(i % 2, i)))
print("shapes", loop(60, lambda i: Shape("circle" if i % 3 else "square", i % 5)))
print("strs", loop(60, lambda i: "s" if i != 40 else None))


def bad_match_args(n):
    class Broken:
        __match_args__ = ("a",)
    out = []
    for i in range(n):
        b = Broken()
        if i > 40:
            b.a = i
        match b:
            case Broken(a=x):
                out.append(x)
            case _:
                out.append(None)
    return out[38:44]


print(bad_match_args(50))
