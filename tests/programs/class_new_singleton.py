"""__new__ overrides: singletons, caching instances, immutable subclasses of int/str/tuple, __new__ returning other types."""
class Singleton:
    _inst = None
    def __new__(cls, *args):
        if cls._inst is None:
            print("creating singleton")
            cls._inst = super().__new__(cls)
        return cls._inst
    def __init__(self, v):
        print("init with", v)
        self.v = v
a = Singleton(1)
b = Singleton(2)
print(a is b, a.v)
class Interned:
    _cache = {}
    def __new__(cls, key):
        if key not in cls._cache:
            obj = super().__new__(cls)
            obj.key = key
            cls._cache[key] = obj
        return cls._cache[key]
print(Interned("x") is Interned("x"), Interned("x") is Interned("y"), len(Interned._cache))
class Upper(str):
    def __new__(cls, s):
        return super().__new__(cls, s.upper())
    def shout(self):
        return self + "!"
u = Upper("hello")
print(u, u.shout(), isinstance(u, str), len(u), u.lower(), type(u.lower()).__name__, type(u).__name__)
class Even(int):
    def __new__(cls, v):
        if v % 2:
            raise ValueError(f"{v} is odd")
        return super().__new__(cls, v)
    def __repr__(self):
        return f"Even({int(self)})"
print(Even(4), Even(4) + 2, repr(Even(10)))
try:
    Even(3)
except ValueError as e:
    print("ValueError:", e)
class Pair(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))
    @property
    def first(self):
        return self[0]
pr = Pair(1, 2)
print(pr, pr.first, pr + (3,), len(pr), type(pr).__name__)
class Factory:
    def __new__(cls, kind):
        if kind == "int":
            return 42
        return super().__new__(cls)
    def __init__(self, kind):
        print("Factory.__init__ called", kind)
print(Factory("int"), type(Factory("obj")).__name__)
class Tracked:
    count = 0
    def __new__(cls, *a, **k):
        cls.count += 1
        return super().__new__(cls)
    def __init__(self, x):
        self.x = x
s = 0
for i in range(3000):
    s += Tracked(i).x
print(s, Tracked.count)
class Meters(float):
    def __new__(cls, v, unit="m"):
        obj = super().__new__(cls, v * (1000 if unit == "km" else 1))
        obj.unit = unit
        return obj
    def __str__(self):
        return f"{float(self)} meters"
m = Meters(1.5, "km")
print(m, m + 1, m.unit, round(m))
try:
    object.__new__(int)
except TypeError as e:
    print("TypeError:", e)
class Point:
    def __init__(self, x):
        self.x = x
pt = object.__new__(Point)
print(hasattr(pt, "x"), type(pt).__name__)
pt.__init__(5)
print(pt.x)
