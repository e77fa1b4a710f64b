# Unbounded recursion through host-called slots (__getattr__, __eq__, __repr__, __hash__, property) raises RecursionError (caught).
class Loopy:
    def __getattr__(self, name):
        return getattr(self, "x_" + name[:5])


class SelfEq:
    def __eq__(self, other):
        return self == other

    __hash__ = object.__hash__


class DeepRepr:
    def __repr__(self):
        return "<" + repr(self) + ">"


class Prop:
    @property
    def value(self):
        return self.value + 1


class HashLoop:
    def __hash__(self):
        return hash(self)


cases = [
    ("getattr", lambda: Loopy().anything),
    ("eq via ==", lambda: SelfEq() == 1),
    ("eq via list.index", lambda: [SelfEq()].index(2)),
    ("repr via f-string", lambda: f"{DeepRepr()!r}"),
    ("repr via print list", lambda: str([DeepRepr()])),
    ("property", lambda: Prop().value),
    ("hash via dict", lambda: {HashLoop(): 1}),
]
for name, fn in cases:
    try:
        fn()
        print(name, "no error")
    except RecursionError as e:
        print(name, "-> RecursionError:", e)
a = []
a.append(a)
print(a, repr({"k": a}))


class Finite:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        if self.n == 0:
            return True
        return Finite(self.n - 1) == other

    __hash__ = None


print(Finite(200) == 1)
