"""Descriptor protocol edge cases: data vs non-data precedence, property raising AttributeError -> __getattr__, __get__(None, cls), __set_name__ errors, __delete__."""
class NonData:
    def __get__(self, obj, cls):
        return f"nondata({'inst' if obj is not None else 'cls'})"
class Data:
    def __get__(self, obj, cls):
        if obj is None:
            return self
        return obj.__dict__.get("_data", "data-default")
    def __set__(self, obj, value):
        obj.__dict__["_data"] = value * 2
    def __delete__(self, obj):
        print("Data.__delete__")
        obj.__dict__.pop("_data", None)
class C:
    nd = NonData()
    d = Data()
c = C()
print(c.nd, C.nd, c.d, type(C.d).__name__)
c.__dict__["nd"] = "instance wins over non-data"
c.__dict__["d"] = "instance loses to data"
print(c.nd, c.d)
c.d = 5
print(c.d, c.__dict__)
del c.d
print(c.d)
class Lazy:
    @property
    def broken(self):
        raise AttributeError("inner missing")
    def __getattr__(self, name):
        return f"__getattr__({name})"
print(Lazy().broken)
class Computed:
    def __init__(self, fn):
        self.fn = fn
        self.name = fn.__name__
    def __get__(self, obj, cls):
        if obj is None:
            return self
        v = self.fn(obj)
        obj.__dict__[self.name] = v
        return v
class Circle:
    def __init__(self, r):
        self.r = r
    @Computed
    def area(self):
        print("computing area")
        return 3 * self.r * self.r
ci = Circle(2)
print(ci.area, ci.area, "area" in vars(ci))
class BadName:
    def __set_name__(self, owner, name):
        raise ValueError(f"refusing {name}")
try:
    class Owner:
        attr = BadName()
except Exception as e:
    print(type(e).__name__, e, "| cause:", repr(e.__cause__))
class Method:
    def __init__(self, fn):
        self.fn = fn
    def __get__(self, obj, cls):
        if obj is None:
            return self.fn
        return lambda *a: self.fn(obj, *a)
class M:
    @Method
    def hello(self, x):
        return f"hello {x} from {type(self).__name__}"
print(M().hello(1), M.hello(M(), 2))
class ClassProp:
    def __init__(self, fn):
        self.fn = fn
    def __get__(self, obj, cls):
        return self.fn(cls)
class WithCP:
    base = 10
    @ClassProp
    def doubled(cls):
        return cls.base * 2
class SubCP(WithCP):
    base = 7
print(WithCP.doubled, SubCP.doubled, SubCP().doubled)
class ROProp:
    x = property(lambda self: 1)
try:
    ROProp().x = 2
except AttributeError as e:
    print("AttributeError:", e)
try:
    del ROProp().x
except AttributeError as e:
    print("AttributeError:", e)
class Validated:
    def __set_name__(self, owner, name):
        self.name = "_" + name
    def __get__(self, obj, cls):
        return getattr(obj, self.name)
    def __set__(self, obj, v):
        if v < 0:
            raise ValueError("negative")
        setattr(obj, self.name, v)
class Acct:
    bal = Validated()
    def __init__(self):
        self.bal = 0
a = Acct()
for i in range(3000):
    a.bal = a.bal + (i % 3)
print(a.bal)
try:
    a.bal = -1
except ValueError as e:
    print("ValueError:", e)
print(type(Acct.__dict__["bal"]).__name__, staticmethod(len).__get__(None, Acct)([1, 2]), classmethod(lambda cls: cls.__name__).__get__(None, Acct)())
