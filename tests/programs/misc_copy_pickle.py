"""copy/deepcopy and pickle round-trips of user classes, nested structures, functions pickled by reference, __getstate__/__setstate__, __reduce__."""
import copy
import pickle
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
    def __eq__(self, o):
        return isinstance(o, Point) and (self.x, self.y) == (o.x, o.y)
class Shape:
    def __init__(self, name, points):
        self.name = name
        self.points = points
        self.meta = {"tags": ["a"]}
    def __repr__(self):
        return f"Shape({self.name}, {self.points}, {self.meta})"
s = Shape("tri", [Point(0, 0), Point(1, 0), Point(0, 1)])
sc = copy.copy(s)
sd = copy.deepcopy(s)
s.points.append(Point(9, 9))
s.meta["tags"].append("b")
print(sc)
print(sd)
print(sc.points is s.points, sd.points is s.points, sd.points[0] == s.points[0], sd.points[0] is s.points[0])
shared = [1, 2]
container = [shared, shared]
dc = copy.deepcopy(container)
print(dc[0] is dc[1], dc[0] is shared)
cyc = [1]
cyc.append(cyc)
cc = copy.deepcopy(cyc)
print(cc[1] is cc, cc is cyc)
class Stateful:
    def __init__(self, v):
        self.v = v
        self.cache = {"expensive": v * 100}
    def __getstate__(self):
        print("getstate")
        st = self.__dict__.copy()
        del st["cache"]
        return st
    def __setstate__(self, st):
        print("setstate", st)
        self.__dict__.update(st)
        self.cache = {"rebuilt": True}
st = Stateful(3)
st2 = pickle.loads(pickle.dumps(st))
print(st2.v, st2.cache)
st3 = copy.deepcopy(st)
print(st3.cache)
class Reduced:
    def __init__(self, a, b):
        self.a, self.b = a, b
    def __reduce__(self):
        return (Reduced, (self.a * 2, self.b))
    def __repr__(self):
        return f"Reduced({self.a}, {self.b})"
print(pickle.loads(pickle.dumps(Reduced(1, "x"))), copy.copy(Reduced(5, "y")))
def top_level_func(v):
    return v + 1
data = {"fn": top_level_func, "cls": Point, "pt": Point(2, 3), "list": [1, 2.5, "s", None, True], "t": (1, (2, 3))}
for proto in range(0, pickle.HIGHEST_PROTOCOL + 1):
    back = pickle.loads(pickle.dumps(data, protocol=proto))
    print(proto, back["fn"] is top_level_func, back["fn"](1), back["cls"] is Point, back["pt"], back["t"])
try:
    pickle.dumps(lambda x: x)
except (pickle.PicklingError, AttributeError) as e:
    print(type(e).__name__, str(e).split(" at 0x")[0], str(e).split(":")[-1])
def outer():
    def inner():
        pass
    return inner
try:
    pickle.dumps(outer())
except (pickle.PicklingError, AttributeError) as e:
    print(type(e).__name__, str(e).split(":")[0])
print(copy.copy(top_level_func) is top_level_func, copy.deepcopy(top_level_func) is top_level_func)
pts = [Point(i, i * i) for i in range(3000)]
restored = pickle.loads(pickle.dumps(pts))
print(len(restored), restored[2999], sum(p.y for p in restored) == sum(p.y for p in pts))
class Slotted:
    __slots__ = ("a", "b")
    def __init__(self):
        self.a, self.b = 1, [2]
sl = copy.deepcopy(Slotted())
print(sl.a, sl.b, pickle.loads(pickle.dumps(Slotted(), 2)).b)
print(copy.deepcopy({"k": (1, [2, {3}])}), copy.copy([1, [2]])[1] is not None)
