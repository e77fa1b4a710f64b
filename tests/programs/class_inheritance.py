"""Inheritance: overriding, super() zero-arg and two-arg, MRO of diamonds, isinstance/issubclass, class attributes."""
class Base:
    kind = "base"
    def __init__(self, name):
        self.name = name
        print("Base.__init__", name)
    def hello(self):
        return f"Base hello {self.name}"
    def who(self):
        return self.kind
class Child(Base):
    kind = "child"
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age
    def hello(self):
        return "Child+" + super().hello()
class GrandChild(Child):
    def hello(self):
        return "Grand+" + super(GrandChild, self).hello()
    def skip(self):
        return super(Child, self).hello()
g = GrandChild("gc", 3)
print(g.hello(), g.skip(), g.who(), g.age, GrandChild.kind, Base.kind)
print(isinstance(g, Base), issubclass(GrandChild, Base), issubclass(Base, Child), isinstance(g, (int, Child)))
print([c.__name__ for c in GrandChild.__mro__], GrandChild.__bases__[0].__name__, Base.__subclasses__()[0].__name__)
class A:
    def f(self):
        return ["A"]
class B(A):
    def f(self):
        return ["B"] + super().f()
class C(A):
    def f(self):
        return ["C"] + super().f()
class D(B, C):
    def f(self):
        return ["D"] + super().f()
print(D().f(), [k.__name__ for k in D.mro()])
class X: pass
class Y: pass
try:
    class Bad(X, Y, X): pass
except TypeError as e:
    print("TypeError:", e)
class O: pass
class P(O): pass
try:
    class Conflict(O, P): pass
except TypeError as e:
    print("TypeError:", e)
class Mixin:
    def describe(self):
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in sorted(vars(self).items()))})"
class Thing(Mixin, Base):
    pass
print(Thing("t").describe())
class Shape:
    def area(self):
        raise NotImplementedError
    def __repr__(self):
        return f"{type(self).__name__} area={self.area():.2f}"
class Rect(Shape):
    def __init__(self, w, h):
        self.w, self.h = w, h
    def area(self):
        return self.w * self.h
class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)
class Circle(Shape):
    def __init__(self, r):
        self.r = r
    def area(self):
        return 3.14159 * self.r ** 2
shapes = [Rect(2, 3), Square(4), Circle(1)]
print(shapes, sum(s.area() for s in shapes))
try:
    Shape().area()
except NotImplementedError:
    print("NotImplementedError")
total = 0
for i in range(3000):
    s = Square(i % 10) if i % 2 else Rect(i % 7, 2)
    total += s.area()
print(total)
class Attr:
    shared = []
    def add(self, v):
        self.shared.append(v)
a1, a2 = Attr(), Attr()
a1.add(1); a2.add(2)
a1.shared = ["own"]
print(Attr.shared, a1.shared, a2.shared)
print(super(B, D()).f(), super(C, D()).f())
class Sup(Base):
    def __init__(self):
        s = super()
        print(type(s).__name__, s.__thisclass__.__name__, s.__self_class__.__name__)
        super().__init__("via sup")
Sup()
