"""match: class patterns with __match_args__, keyword patterns, builtin types, dataclasses, value patterns (dotted names, enums)."""
from dataclasses import dataclass
import enum
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
@dataclass
class Circle:
    center: Point
    r: float
@dataclass
class Rect:
    tl: Point
    br: Point
class Color(enum.Enum):
    RED = 1
    GREEN = 2
class Const:
    LIMIT = 10
def describe(s):
    match s:
        case Point(0, 0):
            return "origin"
        case Point(x, 0):
            return f"on x-axis at {x}"
        case Point(x=0, y=y):
            return f"on y-axis at {y}"
        case Point(x, y) if x == y:
            return f"diagonal {x}"
        case Circle(Point(x, y), r) if r > 10:
            return f"big circle at {x},{y}"
        case Circle(center=c, r=r):
            return f"circle r={r} cx={c.x}"
        case Rect(Point(x1, y1), Point(x2, y2)):
            return f"rect {abs(x2 - x1) * abs(y2 - y1)}"
        case Point():
            return "some point"
        case _:
            return "unknown"
shapes = [Point(0, 0), Point(3, 0), Point(0, 4), Point(2, 2), Point(1, 5), Circle(Point(1, 1), 20),
          Circle(Point(7, 1), 2), Rect(Point(0, 0), Point(3, 4)), "str"]
for s in shapes:
    print(describe(s))
def builtin(v):
    match v:
        case bool(b):
            return f"bool {b}"
        case int(i):
            return f"int {i}"
        case float(f):
            return f"float {f}"
        case str(s) if s:
            return f"str {s}"
        case list([a, b]):
            return f"list2 {a} {b}"
        case dict({"k": val}):
            return f"dict k={val}"
        case tuple((x, *_)):
            return f"tuple starting {x}"
        case _:
            return "other"
print([builtin(v) for v in [True, 3, 2.5, "s", "", [1, 2], [1], {"k": 9}, (7, 8), None]])
def values(v):
    match v:
        case Color.RED:
            return "red"
        case Color.GREEN:
            return "green"
        case Const.LIMIT:
            return "at limit"
        case _:
            return "nothing"
print(values(Color.RED), values(Color.GREEN), values(10), values(11))
class NoArgs:
    pass
try:
    match NoArgs():
        case NoArgs(1):
            pass
except TypeError as e:
    print("TypeError:", e)
class TooMany:
    __match_args__ = ("a",)
    a = 1
try:
    match TooMany():
        case TooMany(1, 2):
            pass
except TypeError as e:
    print("TypeError:", e)
class Dyn:
    def __init__(self):
        self.calls = 0
    @property
    def value(self):
        self.calls += 1
        return 42
d = Dyn()
match d:
    case Dyn(value=41):
        print("no")
    case Dyn(value=42):
        print("matched value, calls =", d.calls)
n = 0
pts = [Point(i % 4, i % 3) for i in range(3000)]
for p in pts:
    match p:
        case Point(0, _):
            n += 1
        case Point(_, 0):
            n += 2
        case Point(x, y):
            n += x * y
print(n)
match Point(1, 2):
    case Point(x=1) as whole:
        print("as pattern on class", whole.y)
