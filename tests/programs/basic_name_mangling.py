"""Private name mangling (__name -> _Class__name) in attributes, methods, class attributes, nested classes, getattr with mangled names."""
class Account:
    __count = 0
    def __init__(self, owner):
        self.__owner = owner
        Account.__count += 1
        self.__secret()
    def __secret(self):
        self.__touched = True
    def owner(self):
        return self.__owner
    @classmethod
    def count(cls):
        return cls.__count
class Sub(Account):
    def __init__(self, owner):
        super().__init__(owner)
        self.__owner = "sub-" + owner
    def both(self):
        return self.__owner, self._Account__owner
a = Account("ann")
s = Sub("bob")
print(a.owner(), s.owner(), s.both(), Account.count())
print(sorted(vars(a)), sorted(vars(s)))
try:
    a.__owner
except AttributeError as e:
    print("AttributeError:", e)
print(getattr(a, "_Account__owner"), hasattr(a, "__owner"), "_Account__secret" in dir(Account))
class Outer:
    class __Inner:
        value = 1
    def get(self):
        return self.__Inner.value, type(self).__dict__.get("_Outer__Inner").__name__
print(Outer().get())
class _Leading:
    def __m(self):
        return "stripped underscores"
    def call(self):
        return self.__m()
print(_Leading().call(), [n for n in dir(_Leading) if "m" in n and n.startswith("_L")])
class Dunder:
    def __init__(self):
        self.__dunder__ = "not mangled"
        self.__trailing_ = "mangled"
print(sorted(vars(Dunder())))
class Lambdas:
    __x = 5
    f = lambda self: self.__x
    g = [__x for _ in range(2)] if False else None
    def comp(self):
        return [self.__x for _ in range(2)]
print(Lambdas().f(), Lambdas().comp())
def outside(obj):
    return obj._Lambdas__x
print(outside(Lambdas()))
class Counter:
    def __init__(self):
        self.__n = 0
    def inc(self):
        self.__n += 1
        return self.__n
c = Counter()
for _ in range(3000):
    c.inc()
print(c.inc(), c._Counter__n)
class KW:
    def f(self, __a=1):
        return __a
    def g(self, **kw):
        return kw
    def call(self):
        return self.g(__x=1)
print(KW().f(), KW().f(2), KW().call(), KW.f.__code__.co_varnames)
