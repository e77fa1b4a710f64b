"""__slots__: attribute restriction, inheritance with and without slots, __dict__/__weakref__ slots, defaults via class attrs."""
class Point:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
p = Point(1, 2)
p.x = 10
print(p, hasattr(p, "__dict__"), Point.__slots__, type(Point.x).__name__)
try:
    p.z = 3
except AttributeError as e:
    print("AttributeError:", e)
q = Point.__new__(Point)
try:
    print(q.x)
except AttributeError as e:
    print("AttributeError:", e)
del p.y
try:
    print(p.y)
except AttributeError as e:
    print("AttributeError:", e)
class Point3(Point):
    __slots__ = ("z",)
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z
p3 = Point3(1, 2, 3)
print(p3.x, p3.y, p3.z, hasattr(p3, "__dict__"))
class Loose(Point):
    pass
lo = Loose(1, 2)
lo.extra = "ok"
print(lo.extra, lo.__dict__)
class WithDict:
    __slots__ = ("a", "__dict__")
w = WithDict()
w.a = 1
w.b = 2
print(w.a, w.__dict__)
import weakref
class NoWeak:
    __slots__ = ("v",)
try:
    weakref.ref(NoWeak())
except TypeError as e:
    print("TypeError:", e)
class Weak:
    __slots__ = ("v", "__weakref__")
wk = Weak()
r = weakref.ref(wk)
print(r() is wk)
class Single:
    __slots__ = "only"
s = Single()
s.only = 5
print(s.only, Single.__slots__)
try:
    class Clash:
        __slots__ = ("a",)
        a = 5
except ValueError as e:
    print("ValueError:", e)
pts = [Point(i, i * 2) for i in range(3000)]
tot = 0
for pt in pts:
    pt.x += 1
    tot += pt.x * pt.y
print(tot)
import copy, pickle
c = copy.copy(Point(7, 8))
d = pickle.loads(pickle.dumps(Point3(4, 5, 6)))
print(c, d, d.z)
