# The messages of ~65 failing builtin calls, call shapes and operators (branch fuzz),
# each made three times (the call sites warm, then specialized).
class M:
    def keys(self):
        return ["a", "b"]
    def __getitem__(self, k):
        return k * 2

class NoKeys:
    def __getitem__(self, k):
        return 1

class BadIter:
    def __iter__(self):
        raise TypeError("inner type error")

def f(*args, **kw):
    return args, kw

def g(a, b=2, *, c):
    return a, b, c

cases = [
    lambda: f(*5),
    lambda: f(**[1]),
    lambda: f(**NoKeys()),
    lambda: f(**M()),
    lambda: f(**{1: 2}),
    lambda: f(a=1, **{"a": 2}),
    lambda: f(**{"a": 1}, **{"a": 2}),
    lambda: f(*BadIter()),
    lambda: g(),
    lambda: g(1, 2, 3),
    lambda: g(1, c=1, d=2),
    lambda: g(1, b=1, a=2, c=3),
    lambda: g(*[1, 2], **{"c": 3, "b": 4}),
    lambda: [*5],
    lambda: {**[1]},
    lambda: {**NoKeys()},
    lambda: (lambda x, /, y: x)(x=1, y=2),
    lambda: len(5),
    lambda: sorted([3, "a"]),
    lambda: "a" + 1,
    lambda: 1 + "a",
    lambda: [] < (),
    lambda: -"s",
    lambda: None(),
    lambda: (1)[0],
    lambda: {}[[]],
    lambda: {[]: 1},
    lambda: hash([]),
    lambda: int("x1"),
    lambda: float("abc"),
    lambda: "abc".index("z"),
    lambda: [1, 2].index(5),
    lambda: divmod(1, 0),
    lambda: 2 ** -1 % 0,
    lambda: next(iter([])),
    lambda: object().x,
    lambda: setattr(object(), "x", 1),
    lambda: type("X", (int, str), {}),
    lambda: "%d" % "s",
    lambda: "%s %s" % (1,),
    lambda: "{0} {1}".format(1),
    lambda: f"{1:q}",
    lambda: format(1.5, "d"),
    lambda: range(1.5),
    lambda: [1][1.0],
    lambda: "abc"[::0],
    lambda: bytes([300]),
    lambda: chr(-1),
    lambda: iter(5),
    lambda: list(zip([1], 5)),
    lambda: max([]),
    lambda: min(1),
    lambda: sum(["a", "b"], ""),
    lambda: isinstance(1, 5),
    lambda: issubclass(1, int),
    lambda: super(int, "x"),
    lambda: [].pop(),
    lambda: {}.popitem(),
    lambda: set().pop(),
    lambda: dict([1, 2]),
    lambda: dict(a=1)["b"],
    lambda: getattr(1, "x"),
    lambda: round("x"),
    lambda: abs("x"),
    lambda: ord("ab"),
    lambda: int(10 ** 5000 * 1.0),
]

for rep in range(3):
    for i, c in enumerate(cases):
        try:
            r = c()
            if rep == 0:
                print(i, "ok", r)
        except Exception as e:
            if rep == 0:
                print(i, type(e).__name__, e)
