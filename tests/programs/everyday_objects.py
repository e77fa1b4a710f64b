"""An everyday program: enum, NamedTuple methods, abc, __slots__ with a property setter that raises, contextmanager in a loop, match with class patterns and guards, recursive dict building and yield from, print to StringIO, **kwargs to print, RecursionError caught, a custom iterator under sum/any, SystemExit code."""
import sys, enum, abc, contextlib, typing, operator, math, json, io, textwrap
from typing import NamedTuple

class Color(enum.Enum):
    RED = 1; GREEN = 2; BLUE = 3

class Pt(NamedTuple):
    x: float
    y: float
    def norm(self): return math.hypot(self.x, self.y)

class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self): ...
    def __lt__(self, o): return self.area() < o.area()

class Sq(Shape):
    __slots__ = ("s",)
    def __init__(self, s): self.s = s
    def area(self): return self.s ** 2
    @property
    def side(self): return self.s
    @side.setter
    def side(self, v):
        if v < 0: raise ValueError("neg")
        self.s = v

class Circ(Shape):
    def __init__(self, r): self.r = r
    def area(self): return math.pi * self.r ** 2

@contextlib.contextmanager
def tag(out, name):
    out.append(f"<{name}>")
    try:
        yield len(out)
    finally:
        out.append(f"</{name}>")

def gen_tree(d, k=2):
    if d == 0:
        return {"leaf": d}
    return {f"c{i}": gen_tree(d - 1, k) for i in range(k)} | {"d": d}

def walk(t, path=()):
    for k, v in t.items():
        if isinstance(v, dict):
            yield from walk(v, path + (k,))
        else:
            yield path + (k,), v

def main():
    shapes = [Sq(i % 7) if i % 2 else Circ(i % 5 / 2) for i in range(400)]
    shapes.sort()
    print([round(s.area(), 3) for s in shapes[:5]], round(shapes[-1].area(), 3))
    tot = 0
    for s in shapes:
        match s:
            case Sq(s=side) if side > 3:
                tot += side
            case Circ(r=r):
                tot += int(r * 10)
            case _:
                tot -= 1
    print(tot)
    out = []
    for i in range(50):
        with tag(out, f"t{i % 3}") as n:
            out.append(str(n))
    print(len(out), out[:6])
    pts = [Pt(i, -i / 3) for i in range(100)]
    print(round(sum(p.norm() for p in pts), 6), max(pts, key=operator.attrgetter("y")))
    print(sorted(Color, key=lambda c: -c.value), Color(2).name)
    t = gen_tree(6)
    paths = list(walk(t))
    print(len(paths), paths[:2], json.dumps(t)[:60])
    sq = Sq(3)
    errs = 0
    for v in range(-5, 50):
        try:
            sq.side = v - 10 if v % 3 == 0 else v
        except ValueError as e:
            errs += 1
    print(errs, sq.side)
    buf = io.StringIO()
    for i in range(100):
        print(i, end=",", file=buf)
    print(textwrap.shorten(buf.getvalue(), 40))
    args = [(i, i * 2) for i in range(200)]
    print(sum(map(lambda p: operator.mul(*p), args)), list(itertools_accumulate := __import__("itertools").accumulate(range(10), operator.mul))[:3])
    kw = {"sep": "-", "end": "!\n"}
    for i in range(3):
        print(*range(i + 2), **kw)
    d = {}
    for i in range(1000):
        d.setdefault(i % 10, []).append(i)
    print({k: len(v) for k, v in d.items()})
    def deep(n):
        return deep(n + 1)
    try:
        deep(0)
    except RecursionError as e:
        print("RecursionError", e)
    class Cnt:
        def __init__(self): self.n = 0
        def __iter__(self): return self
        def __next__(self):
            self.n += 1
            if self.n > 300: raise StopIteration
            return self.n
    print(sum(x for x in Cnt() if x % 2), any(x > 299 for x in Cnt()))
    print(f"{math.inf} {-0.0} {float('nan')} {10**30 // 7} {2**63 + 1} {-7 // 2} {-7 % 3} {divmod(-7.5, 2)}")

main()
raise SystemExit(sum(range(10)) % 4)
