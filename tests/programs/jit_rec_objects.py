"""Objects of program classes in hot loops: instantiation (__init__, __slots__,
super().__init__), instance and class attributes, methods, properties, static
and class methods -- and what must leave a trace that relied on them: a class
changed, a method patched, an attribute deleted, an instance's __dict__
materialized, an object's class reassigned, new attribute names."""


class Base:
    kind = "base"

    def __init__(self, x):
        self.x = x

    def value(self):
        return self.x

    @property
    def double(self):
        return self.x * 2

    @staticmethod
    def helper(a, b=3):
        return a * b

    @classmethod
    def make(cls, x):
        return cls(x)


class Derived(Base):
    kind = "derived"

    def __init__(self, x, y=1):
        super().__init__(x)
        self.y = y

    def value(self):
        return self.x + self.y + super().value()


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self, a):
        self.a = a
        self.b = a + 1

    def total(self):
        return self.a + self.b


class Plain:
    pass


def objects_loop(n):
    t = 0
    for i in range(n):
        b = Base(i)
        d = Derived(i, 2)
        s = Slotted(i)
        t += b.value() + d.value() + s.total() + b.double + d.double
        t += Base.helper(i) + b.helper(2, 4) + len(Derived.kind) + len(d.kind)
        m = Derived.make(i)
        t += m.y + m.x
        p = Plain()
        p.q = i
        t += p.q
        f = d.value        # a bound method as a value
        t += f()
    return t


print("objects", objects_loop(300))


def patched(n):
    t = 0
    o = Base(1)
    for i in range(n):
        t += o.value()
        if i == 100:
            Base.value = lambda self: -self.x          # method patched
        if i == 150:
            Base.kind = "changed"                      # class attribute changed
        t += len(o.kind)
    return t


print("patched", patched(200))
Base.value = lambda self: self.x


def shapes(n):
    t = 0
    objs = [Base(k) for k in range(4)]
    for i in range(n):
        o = objs[i % 4]
        t += o.x
        if i == 60:
            del objs[1].x                               # deleted: the value is gone
            objs[1].x = 7
        if i == 90:
            objs[2].__dict__["z"] = 1                   # materialized __dict__
        if i == 120:
            objs[3].value = lambda: 100                 # an instance attribute shadows a method
        t += o.value()
    return t


print("shapes", shapes(200))


class Other(Base):
    def value(self):
        return 1000


def reclassed(n):
    t = 0
    o = Base(5)
    for i in range(n):
        t += o.value() + o.x
        if i == 50:
            o.__class__ = Other                         # the object's class changes
    return t


print("reclassed", reclassed(120))


class Grows:
    def __init__(self, k):
        self.k = k


def growing(n):
    t = 0
    objs = [Grows(j) for j in range(3)]
    for i in range(n):
        o = objs[i % 3]
        t += o.k
        if i == 40:
            for j, p in enumerate(objs):
                setattr(p, f"extra{j}", j)              # new names in the shared keys
        t += getattr(o, "extra1", 0)
    return t


print("growing", growing(100))


def init_errors(n):
    out = []
    for i in range(n):
        try:
            out.append(Slotted(i if i != 40 else "s").total())
        except TypeError as e:
            out.append(str(e))
    return out[38:43]


print("init errors", init_errors(60))


class Counted:
    made = 0

    def __init__(self):
        Counted.made += 1

    def __del__(self):
        print("del", self.__class__.__name__, end="; ")


def lifetimes(n):
    for i in range(n):
        c = Counted()
        if i % 10 == 0:
            print(i, end=" ")
    print()


lifetimes(30)
print("made", Counted.made)


class Pt:
    def __init__(self, x):
        self.x = x


def trace_error(n):
    t = 0
    for i in range(n):
        p = Pt(i)
        t += 100 // (p.x - 70)
    return t


trace_error(100)
