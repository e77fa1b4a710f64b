# Tier specialize: PRECALL sites specialized for host callables (len, isinstance, str,
# tuple, type, builtin functions and classes, method descriptors, list.append) that
# later see user objects with __len__/__str__/__iter__/__instancecheck__, subclasses,
# bound builtin methods, callable instances and VM functions at the same site.


class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __repr__(self):
        return f"Sized({self.n})"


class BadLen:
    def __len__(self):
        return -1

    def __repr__(self):
        return "BadLen()"


class Named:
    def __str__(self):
        return "Named!"

    def __iter__(self):
        return iter("nm")


class Meta(type):
    def __instancecheck__(cls, obj):
        return obj == "magic"


class Magic(metaclass=Meta):
    pass


class Adder:
    def __init__(self, k):
        self.k = k

    def __call__(self, x):
        return x + self.k


class StrSub(str):
    def upper(self):
        return "StrSub.upper"


class ListSub(list):
    pass


def one_arg(fn, x):
    return fn(x)


def probe(x):
    # PRECALL_NO_KW_LEN, _ISINSTANCE, _STR_1, _TUPLE_1, _TYPE_1
    try:
        n = len(x)
    except TypeError as e:
        n = "TypeError"
    except ValueError as e:
        n = "ValueError " + str(e)
    return (n, isinstance(x, (str, Magic)), str(x), tuple(x)[:2] if hasattr(x, "__iter__") else (),
            type(x).__name__)


items = (["abc"] * 40 + [[1, 2, 3]] * 20 + [Sized(7)] * 10 + [Named()] * 10
         + ["magic"] * 5 + [BadLen(), 5, b"xy", StrSub("q")] * 5 + ["abc"] * 10)
res = [probe(x) for x in items]
for k in (0, 40, 60, 70, 80, 85, 86, 87, 88, 89, -1):
    print(res[k])

# builtin functions, classes, bound builtin methods, callable instances, VM functions
fns = ([abs] * 30 + [int] * 20 + [float] * 10 + [Adder(5)] * 10 + [str.upper] * 5
       + [[].append] * 5 + [{}.get] * 5 + [lambda x: ("vm", x)] * 10 + [abs] * 10)
args = ([-3] * 30 + ["42"] * 20 + ["2.5"] * 10 + [1] * 10 + ["abc"] * 5 + [0] * 5
        + ["k"] * 5 + [9] * 10 + [-8] * 10)
out = [one_arg(f, a) for f, a in zip(fns, args)]
print(out[::5])


# method descriptors at LOAD_METHOD sites whose receivers change type
def up(s):
    return s.upper()


def app(lst, v):
    lst.append(v)
    return lst[-1]


def join2(sep, a, b):
    return sep.join([a, b])


print([up(s) for s in ["ab"] * 40 + [StrSub("cd")] * 5 + [b"ef"] * 5 + ["gh"]][38:])
print([app(l, i) for i, l in enumerate([[]] * 40 + [ListSub()] * 5 + [bytearray()] * 5)][38:])
print([join2(s, "a", "b") for s in [","] * 40 + [b"-"] * 0 + [StrSub("+")] * 5][-7:])
try:
    [join2(s, "a", "b") for s in [","] * 40 + [b"-"]]
except TypeError as e:
    print("TypeError", e)


# max/min/sorted/getattr with changing arity or keywords at nearby sites
def fold(seq):
    best = seq[0]
    for x in seq:
        best = max(best, x)
    return best, min(seq), sorted(seq, key=lambda v: (v,), reverse=True)[0], getattr(seq, "index")(best)


print(fold(list(range(100))), fold([3.5, 1.0, 9.25] * 20), fold(["b", "a", "c"] * 20))

# isinstance with a class whose __instancecheck__ appears later
class Late:
    pass


def check(x):
    return isinstance(x, Late)


out = []
for i in range(100):
    if i == 50:
        Late.__class__ if False else None
        globals()["Late"] = Magic
    out.append(check("magic"))
print(out[49:51])

# str/tuple/type calls with user subclasses of the builtins
class T(tuple):
    pass


print([tuple(T((i, i))) for i in range(40)][-1], [type(T(())) for _ in range(40)][-1],
      [str(StrSub("x")) for _ in range(40)][-1].__class__.__name__)


# a method descriptor with two arguments (str.replace) at a site whose receiver and
# method change: str -> bytes -> a user class -> str
class Replacer:
    def replace(self, a, b):
        return ("Replacer", a, b)


def repl(s, a, b):
    return s.replace(a, b)


print([repl(s, a, b) for s, a, b in [("abcabc", "b", "x")] * 60 + [(b"abab", b"a", b"-")] * 60
       + [(Replacer(), 1, 2)] * 60 + [("zz", "z", "y")] * 5][::25])


# a bound method site that later sees plain functions, then bound methods of other types
def call0(fn):
    return fn()


class Box:
    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v


fns = [Box(1).get] * 60 + [lambda: "plain"] * 60 + [Box(2).get] * 10 + [(3).bit_length] * 10
print([call0(fn) for fn in fns][::19])


# Class.method() sites whose class changes at every call
class K1:
    def m():
        return "K1"


class K2:
    def m():
        return "K2"


def class_call(k):
    return k.m()


print("".join(class_call(k) for k in [K1] * 60 + [K2] * 60 + [K1, K2] * 30)[::7])
