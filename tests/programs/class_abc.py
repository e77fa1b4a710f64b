"""abc: ABC with abstractmethod/abstractproperty, instantiation errors, register(), __subclasshook__, collections.abc mixins."""
from abc import ABC, ABCMeta, abstractmethod
import collections.abc as cabc
class Shape(ABC):
    @abstractmethod
    def area(self):
        ...
    @property
    @abstractmethod
    def name(self):
        ...
    def describe(self):
        return f"{self.name} with area {self.area():.1f}"
try:
    Shape()
except TypeError as e:
    print("TypeError:", e)
class Half(Shape):
    def area(self):
        return 1.0
try:
    Half()
except TypeError as e:
    print("TypeError:", e)
class Square(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s ** 2
    @property
    def name(self):
        return "square"
print(Square(3).describe(), isinstance(Square(1), Shape), Shape.__abstractmethods__ == frozenset({"area", "name"}))
class Plugin(metaclass=ABCMeta):
    @abstractmethod
    def run(self):
        return "base run"
class External:
    def run(self):
        return "external"
Plugin.register(External)
print(isinstance(External(), Plugin), issubclass(External, Plugin))
class Impl(Plugin):
    def run(self):
        return "impl+" + super().run()
print(Impl().run())
class Sized(ABC):
    @classmethod
    def __subclasshook__(cls, C):
        if cls is Sized:
            return hasattr(C, "__len__")
        return NotImplemented
print(isinstance([], Sized), isinstance(5, Sized), issubclass(dict, Sized))
class MyMap(cabc.Mapping):
    def __init__(self, **kw):
        self._d = dict(kw)
    def __getitem__(self, k):
        return self._d[k]
    def __iter__(self):
        return iter(self._d)
    def __len__(self):
        return len(self._d)
m = MyMap(a=1, b=2)
print(dict(m), m.get("a"), m.get("z", 0), "b" in m, list(m.keys()), list(m.items()), m == {"a": 1, "b": 2})
class MySeq(cabc.MutableSequence):
    def __init__(self):
        self._l = []
    def __getitem__(self, i): return self._l[i]
    def __setitem__(self, i, v): self._l[i] = v
    def __delitem__(self, i): del self._l[i]
    def __len__(self): return len(self._l)
    def insert(self, i, v): self._l.insert(i, v)
s = MySeq()
for i in range(3000):
    s.append(i % 10)
s.extend([100, 200])
s.reverse()
print(len(s), s[0], s[-1], s.index(100), s.count(3), s.pop(), 200 in s)
class Count(cabc.Iterator):
    def __init__(self):
        self.i = 0
    def __next__(self):
        self.i += 1
        if self.i > 3:
            raise StopIteration
        return self.i
print(isinstance(Count(), cabc.Iterable), iter(Count()).__class__.__name__)
print(isinstance((x for x in []), cabc.Generator), isinstance(lambda: 0, cabc.Callable), isinstance({}, cabc.MutableMapping))
