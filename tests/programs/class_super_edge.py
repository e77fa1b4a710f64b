"""super() edge cases: in classmethods, __init_subclass__, __new__, generators and async methods, properties via super, metaclass methods."""
import asyncio
class Base:
    def __init__(self):
        self.log = ["Base.__init__"]
    def __new__(cls, *a, **k):
        print("Base.__new__", cls.__name__)
        return super().__new__(cls)
    @classmethod
    def create(cls):
        return f"Base.create({cls.__name__})"
    @property
    def prop(self):
        return "Base.prop"
    def gen(self):
        yield "Base.gen"
    async def acall(self):
        return "Base.acall"
    def __init_subclass__(cls, **kw):
        print("Base.__init_subclass__", cls.__name__)
class Child(Base):
    def __new__(cls, *a):
        print("Child.__new__")
        return super().__new__(cls, *a)
    def __init__(self):
        super().__init__()
        self.log.append("Child.__init__")
    @classmethod
    def create(cls):
        return "Child+" + super().create()
    @property
    def prop(self):
        return "Child+" + super().prop
    def gen(self):
        yield "Child.gen"
        yield from super().gen()
    async def acall(self):
        return "Child+" + await super().acall()
    def __init_subclass__(cls, **kw):
        print("Child.__init_subclass__", cls.__name__)
        super().__init_subclass__(**kw)
    def comp(self):
        return [super(Child, self).prop for _ in range(2)]
    def genexp(self):
        return list(super(Child, self).prop for _ in range(1))
class Grand(Child):
    pass
g = Grand()
print(g.log, Grand.create(), g.prop, list(g.gen()), asyncio.run(g.acall()), g.comp(), g.genexp())
class Meta(type):
    def __call__(cls, *a):
        print("Meta.__call__", cls.__name__)
        return super().__call__(*a)
    def __getitem__(cls, k):
        return f"{cls.__name__}[{k}]"
class WithMeta(metaclass=Meta):
    pass
print(type(WithMeta()).__name__, WithMeta["x"])
class A:
    def who(self):
        return "A"
class B(A):
    def who(self):
        return "B>" + super().who()
class C(A):
    def who(self):
        return "C>" + super().who()
class D(B, C):
    def who(self):
        return "D>" + super().who()
print(D().who(), super(B, D()).who(), super(D, D).who(D()))
class Stat:
    @staticmethod
    def s():
        try:
            return super().__repr__
        except RuntimeError as e:
            return f"RuntimeError: {e}"
print(Stat.s())
class Attr(Base):
    def __getattribute__(self, name):
        if name == "magic":
            return 42
        return super().__getattribute__(name)
    def __setattr__(self, name, value):
        super().__setattr__(name, value.upper() if isinstance(value, str) else value)
at = Attr()
at.word = "loud"
print(at.magic, at.word, at.log)
def plain_function_super(self):
    return super(B, self).who()
print(plain_function_super(D()))
class Counter(Base):
    n = 0
    def bump(self):
        Counter.n += 1
        return super().prop
tot = 0
cnt = Counter()
for _ in range(3000):
    tot += len(cnt.bump())
print(tot, Counter.n)
class Strange:
    def method(self):
        __class__ = "shadowed"
        try:
            return super().method()
        except RuntimeError as e:
            return f"RuntimeError: {e}"
        except AttributeError as e:
            return f"AttributeError: {e}"
print(Strange().method())
