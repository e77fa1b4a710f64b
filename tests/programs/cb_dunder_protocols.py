# Host code calling VM dunders: __index__, __int__/__float__/__complex__/__round__/__trunc__, __fspath__, __missing__, descriptors, __instancecheck__.
import math
import operator
import os


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


class Num:
    def __init__(self, v):
        self.v = v

    def __int__(self):
        return int(self.v)

    def __float__(self):
        return float(self.v)

    def __complex__(self):
        return complex(self.v, 1)

    def __round__(self, nd=None):
        return ("round", nd)

    def __trunc__(self):
        return "trunc"

    def __floor__(self):
        return "floor"

    def __ceil__(self):
        return "ceil"

    def __abs__(self):
        return "abs"

    def __neg__(self):
        return "neg"

    def __bytes__(self):
        return b"num"


print(list(range(Idx(4))), "abcdef"[Idx(1):Idx(3)], [1, 2, 3][Idx(-1)], hex(Idx(255)), bin(Idx(5)))
print(operator.index(Idx(7)), (10).to_bytes(Idx(2), "big"), bytes(Idx(3)), "x" * Idx(3))
n = Num(2.7)
print(int(n), float(n), complex(n), round(n), round(n, 2), math.trunc(n), math.floor(n), math.ceil(n))
print(abs(n), -n, bytes(n), math.sqrt(Num(16)), "%d %.1f" % (Num(3), Num(2.5)))


class PathLike:
    def __init__(self, p):
        self.p = p

    def __fspath__(self):
        return self.p


print(os.fspath(PathLike("a/b")), os.path.join(PathLike("x"), "y"), os.path.basename(PathLike("/q/r.txt")))


class Defaults(dict):
    def __missing__(self, key):
        print("  __missing__", key)
        value = self[key] = len(key)
        return value


d = Defaults(a=1)
print(d["a"], d["abc"], d["abc"], d.get("zz"), sorted(d.items()))


class Positive:
    def __set_name__(self, owner, name):
        self.name = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name, 0)

    def __set__(self, obj, value):
        if value < 0:
            raise ValueError(f"{self.name[1:]} must be >= 0")
        setattr(obj, self.name, value)


class Account:
    balance = Positive()


acct = Account()
acct.balance = 10
print(acct.balance, getattr(acct, "balance"), vars(acct), type(Account.__dict__["balance"]).__name__)
try:
    setattr(acct, "balance", -1)
except ValueError as e:
    print("descriptor:", e)


class Meta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, int) and obj % 2 == 0

    def __subclasscheck__(cls, sub):
        return sub is bool


class Even(metaclass=Meta):
    pass


print(isinstance(4, Even), isinstance(3, Even), issubclass(bool, Even), issubclass(int, Even))
print(isinstance(6, (str, Even)), [x for x in range(6) if isinstance(x, Even)])


class Sized:
    def __len__(self):
        return 3

    def __getitem__(self, i):
        if i >= 3:
            raise IndexError
        return i * 10


print(len(Sized()), list(reversed(Sized())), operator.getitem(Sized(), 2), operator.length_hint(Sized()))
