"""collections.namedtuple and typing.NamedTuple: fields, defaults, _replace/_asdict/_make, methods, subclassing, unpacking, pickling."""
import collections
import pickle
from typing import NamedTuple
Point = collections.namedtuple("Point", ["x", "y"])
p = Point(1, 2)
print(p, p.x, p[1], p._fields, p._asdict(), p._replace(x=10), Point._make([5, 6]), tuple(p), len(p))
x, y = p
print(x + y, p == (1, 2), p < Point(1, 3), hash(p) == hash((1, 2)), Point.__module__)
P3 = collections.namedtuple("P3", "a b c", defaults=[0, 9])
print(P3(1), P3(1, 2), P3._field_defaults)
try:
    Point(1)
except TypeError as e:
    print("TypeError:", e)
try:
    p.x = 5
except AttributeError as e:
    print("AttributeError:", e)
Renamed = collections.namedtuple("Renamed", "def class ok", rename=True)
print(Renamed._fields)
class Employee(NamedTuple):
    name: str
    dept: str = "eng"
    salary: int = 100
    def raise_(self, pct):
        return self._replace(salary=self.salary * (100 + pct) // 100)
    @property
    def tag(self):
        return f"{self.name}@{self.dept}"
e = Employee("ann")
print(e, e.raise_(10), e.tag, Employee.__annotations__, Employee._field_defaults, Employee.__module__)
class Vec(collections.namedtuple("Vec", "x y")):
    __slots__ = ()
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    @property
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
print(Vec(3, 4) + Vec(1, 1), Vec(3, 4).norm)
q = pickle.loads(pickle.dumps(p))
print(q, q == p, type(q).__name__)
emps = [Employee(n, d, s) for n, d, s in [("a", "ops", 50), ("b", "eng", 90), ("c", "eng", 70)]]
print(sorted(emps, key=lambda e: e.salary), max(emps, key=lambda e: e.salary).name)
by_dept = collections.defaultdict(list)
for emp in emps:
    by_dept[emp.dept].append(emp.name)
print(dict(by_dept))
total = 0
for i in range(3000):
    pt = Point(i, -i)
    total += pt.x * 2 + pt[1]
print(total)
print(pickle.loads(pickle.dumps(e)))
