"""__init_subclass__ with keyword arguments, __set_name__ descriptors, __class_getitem__, plugin registries."""
class Plugin:
    registry = {}
    def __init_subclass__(cls, name=None, **kwargs):
        super().__init_subclass__(**kwargs)
        key = name or cls.__name__.lower()
        Plugin.registry[key] = cls
        print("registered", key, cls.__name__)
class Alpha(Plugin):
    pass
class Beta(Plugin, name="b"):
    pass
class Gamma(Beta):
    pass
print(sorted(Plugin.registry), Plugin.registry["b"] is Beta)
try:
    class Bad(Plugin, unknown=1):
        pass
except TypeError as e:
    print("TypeError:", e)
class Field:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = name
        self.private = "_" + name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.private, None)
    def __set__(self, obj, value):
        print(f"set {self.name}={value!r}")
        setattr(obj, self.private, value)
class Typed(Field):
    def __init__(self, typ):
        self.typ = typ
    def __set__(self, obj, value):
        if not isinstance(value, self.typ):
            raise TypeError(f"{self.name} must be {self.typ.__name__}")
        super().__set__(obj, value)
class Person:
    name = Typed(str)
    age = Typed(int)
    nick = Field()
    def __init__(self, name, age):
        self.name = name
        self.age = age
p = Person("Ann", 30)
print(p.name, p.age, p.nick, Person.name.name, type(Person.age).__name__, sorted(vars(p)))
try:
    p.age = "old"
except TypeError as e:
    print("TypeError:", e)
class Box:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item.__name__ if isinstance(item, type) else item}]"
print(Box[int], Box["x"], Box[int, str] if False else Box[str])
class Stack(list):
    def __class_getitem__(cls, item):
        return ("Stack", item)
print(Stack[int], list[int], dict[str, list[int]], type(list[int]).__name__)
class Base:
    subclasses = []
    def __init_subclass__(cls):
        cls.subclasses.append(cls.__name__)
        cls.tag = cls.__name__.upper()
class A(Base): pass
class B(A): pass
print(Base.subclasses, A.tag, B.tag, hasattr(Base, "tag"))
class Meter:
    def __set_name__(self, owner, name):
        self.attr = name
    def __get__(self, obj, owner):
        return obj.__dict__.get(self.attr, 0)
    def __set__(self, obj, v):
        obj.__dict__[self.attr] = v
class Counter:
    ticks = Meter()
c = Counter()
for i in range(3000):
    c.ticks = c.ticks + i % 4
print(c.ticks)
def late_field():
    f = Field()
    class Late:
        pass
    Late.added = f
    print(hasattr(f, "name"))
    f.__set_name__(Late, "added")
    print(f.name)
late_field()
