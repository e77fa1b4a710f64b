"""Misc dunders: __repr__/__str__/__format__, __eq__/__hash__, __call__, __bool__, __enter__/__exit__, __copy__, __sizeof__ use, __instancecheck__."""
class Money:
    def __init__(self, cents):
        self.cents = cents
    def __repr__(self):
        return f"Money({self.cents})"
    def __str__(self):
        return f"${self.cents // 100}.{self.cents % 100:02d}"
    def __format__(self, spec):
        if spec == "c":
            return f"{self.cents}c"
        return format(str(self), spec)
    def __eq__(self, other):
        return isinstance(other, Money) and self.cents == other.cents
    def __hash__(self):
        return hash(self.cents)
    def __bool__(self):
        return self.cents != 0
    def __call__(self, factor):
        return Money(self.cents * factor)
m = Money(1234)
print(m, repr(m), str(m), f"{m}", f"{m:c}", f"{m:>10}|", format(m), [m], (m,), {"k": m})
print(m == Money(1234), m != Money(1), m == 1234, {m: 1}[Money(1234)], bool(Money(0)), m(3))
print("%s %r" % (m, m), "{} {!r} {:c}".format(m, m, m), str([m]), repr(str(m)))
class NoRepr:
    pass
print(type(repr(NoRepr())).__name__, repr(NoRepr()).startswith("<__main__.NoRepr object at "))
class EqNoHash:
    def __eq__(self, o):
        return True
print(EqNoHash.__hash__ is None)
try:
    hash(EqNoHash())
except TypeError as e:
    print("TypeError:", e)
class StrOnly:
    def __str__(self):
        return "str-only"
print(str(StrOnly()), f"{StrOnly()}", "%s" % StrOnly())
class ReprOnly:
    def __repr__(self):
        return "repr-only"
print(str(ReprOnly()), ReprOnly(), [ReprOnly()])
class BadRepr:
    def __repr__(self):
        return 42
try:
    repr(BadRepr())
except TypeError as e:
    print("TypeError:", e)
class Even:
    def __instancecheck__(cls, inst):
        return False
class Meta(type):
    def __instancecheck__(cls, inst):
        return isinstance(inst, int) and inst % 2 == 0
    def __subclasscheck__(cls, sub):
        return sub is bool
class EvenNum(metaclass=Meta):
    pass
print(isinstance(4, EvenNum), isinstance(3, EvenNum), issubclass(bool, EvenNum), issubclass(int, EvenNum))
class Callable:
    def __init__(self):
        self.n = 0
    def __call__(self, *args, **kw):
        self.n += 1
        return args, kw
cb = Callable()
for i in range(3000):
    cb(i)
print(cb.n, cb(1, k=2), callable(cb), callable(Money), callable(5))
import copy
class Custom:
    def __init__(self, v):
        self.v = v
    def __copy__(self):
        print("__copy__")
        return Custom(self.v + "-copy")
    def __deepcopy__(self, memo):
        print("__deepcopy__")
        return Custom(self.v + "-deep")
print(copy.copy(Custom("a")).v, copy.deepcopy([Custom("b")])[0].v)
class H:
    def __init__(self, k):
        self.k = k
    def __hash__(self):
        return self.k % 3
    def __eq__(self, o):
        return self.k == o.k
s = {H(i) for i in range(30)}
print(len(s), sorted(h.k for h in s)[:5], H(4) in s, H(31) in s)
class Len:
    def __len__(self):
        return 3
    def __length_hint__(self):
        return 99
import operator
class Hint:
    def __length_hint__(self):
        return 7
print(operator.length_hint(Len()), operator.length_hint(Hint()), operator.length_hint(iter([1, 2])))
