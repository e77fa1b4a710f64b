# dict/set operations using __hash__/__eq__ defined in the VM: lookups, collisions, set algebra, total_ordering.
import functools


class Point:
    hash_calls = 0
    eq_calls = 0

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __hash__(self):
        Point.hash_calls += 1
        return hash((self.x, self.y))

    def __eq__(self, other):
        Point.eq_calls += 1
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)

    def __repr__(self):
        return f"P({self.x},{self.y})"


class Collide:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return 7

    def __eq__(self, other):
        return self.v == other.v

    def __repr__(self):
        return f"C{self.v}"


d = {Point(1, 2): "a", Point(3, 4): "b"}
print(d[Point(1, 2)], Point(3, 4) in d, Point(0, 0) in d, d.get(Point(9, 9), "-"))
s = {Point(1, 2), Point(1, 2), Point(2, 1)}
print(len(s), sorted(s, key=lambda p: (p.x, p.y)))
print(Point.hash_calls, Point.eq_calls)
c = {Collide(i) for i in range(5)} | {Collide(2)}
print(len(c), sorted(x.v for x in c))
print({Collide(1), Collide(2)} & {Collide(2), Collide(3)}, {Collide(1)} - {Collide(1)})
print(Point(1, 1) != Point(1, 1), Point(1, 1) != Point(1, 2), Point(1, 1) == 5)
print([Point(0, 1), Point(1, 0)].index(Point(1, 0)), [Point(1, 1)].count(Point(1, 1)))
print(d.pop(Point(1, 2)), d, frozenset([Point(5, 5)]) == frozenset([Point(5, 5)]))


@functools.total_ordering
class Version:
    def __init__(self, s):
        self.parts = tuple(int(p) for p in s.split("."))

    def __eq__(self, other):
        return self.parts == other.parts

    def __lt__(self, other):
        return self.parts < other.parts

    def __hash__(self):
        return hash(self.parts)

    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))


vs = [Version(s) for s in ["1.10", "1.2", "1.2.1", "0.9"]]
print(sorted(vs), max(vs), Version("1.2") <= Version("1.2"), Version("2.0") >= Version("1.9"))
print({Version("1.0"): 1}[Version("1.0")], Version("1.0") > Version("0.1"))


class NoHash:
    def __eq__(self, other):
        return True


print(NoHash.__hash__)
try:
    {NoHash()}
except TypeError as e:
    print("unhashable:", e)
