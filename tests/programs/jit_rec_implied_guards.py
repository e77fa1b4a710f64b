# The recorder leaves out a guard that an earlier op of the same recording
# implies, and a load whose value an earlier store or load left known (the
# optimizer's guards/heap rules).  Each case below changes what an earlier guard
# proved between two uses in one iteration -- a class, a type attribute, a
# field -- through code the trace runs: the later guard or load must stay.


class V:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return self.x + self.y


class W(V):
    __slots__ = ()

    def norm1(self):
        return self.x - self.y


def morph(o, i):
    if i % 97 == 5:
        o.__class__ = W if type(o) is V else V
    return o


def class_change(n):
    o = V(1.0, 2.0)
    total = 0.0
    for i in range(n):
        a = o.norm1()
        morph(o, i)
        total += a + o.norm1() + o.x
    return total, type(o).__name__


class K:
    scale = 1.5

    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v * self.scale


def retune(i):
    if i % 50 == 7:
        K.scale = K.scale + 0.25


def type_mutation(n):
    k = K(2.0)
    total = 0.0
    for i in range(n):
        a = k.get()
        retune(i)
        total += a + k.get()
    return total


class Dropper:
    """Its death (the last reference dropped by a store) rewrites a field of
    another object and, now and then, its class."""
    __slots__ = ("target", "i")

    def __init__(self, target, i):
        self.target = target
        self.i = i

    def __del__(self):
        t = self.target
        t.y = t.y + 100.0
        if self.i % 7 == 3 and self.i > 20:
            t.__class__ = W


def store_runs_code(n):
    total = 0.0
    for i in range(n):
        o = V(float(i), 1.0)            # first stores: no code runs
        h = V(Dropper(o, i), 0.0)
        before = o.norm1() + o.y        # o's class and fields known from here
        h.x = 3.0                       # a second store: the Dropper dies here
        total += before + o.y + o.norm1() + h.x
    return total


def fresh_fields(n):
    total = 0.0
    for i in range(n):
        a = V(i * 0.5, 2.0)
        b = V(a.x + a.y, a.x * a.y)
        total += b.norm1() + a.norm1() + b.x
    return total


print(class_change(400))
print(type_mutation(300))
print(store_runs_code(300))
print(fresh_fields(300))
