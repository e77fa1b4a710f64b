"""An everyday program: __init_subclass__ registries, super() chains, descriptors with __set_name__ raising TypeError, closures with nonlocal, a generator driven by send() to its return value, global statements, default-argument lambdas under reduce, groupby, OrderedDict.move_to_end, combinations, zip(*m), del of items until IndexError."""
import functools, itertools, collections
registry = {}
class Base:
    def __init_subclass__(cls, key=None, **kw):
        super().__init_subclass__(**kw)
        registry[key or cls.__name__] = cls
    def __init__(self, v): self.v = v
    def val(self): return self.v
class A(Base, key="a"):
    def val(self): return super().val() * 2
class B(A):
    def __init__(self, v, w=1):
        super().__init__(v)
        self.w = w
    def val(self): return super().val() + self.w

class Typed:
    def __set_name__(self, owner, name): self.name = "_" + name
    def __get__(self, obj, typ=None): return self if obj is None else getattr(obj, self.name, 0)
    def __set__(self, obj, v):
        if not isinstance(v, int): raise TypeError(f"{self.name} wants int, got {type(v).__name__}")
        setattr(obj, self.name, v)
class Rec:
    x = Typed(); y = Typed()
    def __init__(self, x, y): self.x, self.y = x, y

def counter():
    n = 0
    def inc(k=1):
        nonlocal n
        n += k
        return n
    return inc

def averager():
    tot = cnt = 0
    avg = None
    while True:
        x = yield avg
        if x is None: return (tot, cnt)
        tot += x; cnt += 1; avg = tot / cnt

G = 0
def bump():
    global G
    for i in range(1000):
        G += i % 3

def run():
    objs = [B(i, w=i % 4) if i % 3 == 0 else A(i) for i in range(3000)]
    print(sum(o.val() for o in objs), sorted(registry))
    rs = []
    bad = 0
    for i in range(2000):
        try:
            rs.append(Rec(i, i * 2 if i % 97 else str(i)))
        except TypeError as e:
            bad += 1; msg = str(e)
    print(len(rs), bad, msg, sum(r.x + r.y for r in rs))
    incs = [counter() for _ in range(5)]
    for i in range(5000):
        incs[i % 5](i % 7)
    print([f() for f in incs])
    a = averager(); next(a)
    for i in range(1, 2001):
        r = a.send(i * 1.5)
    try:
        a.send(None)
    except StopIteration as e:
        print(r, e.value)
    bump(); print(G)
    fs = [lambda x, i=i: x * i for i in range(10)]
    print(functools.reduce(lambda acc, f: f(acc) % 10007 + 1, fs * 300, 1))
    gb = {k: list(g) for k, g in itertools.groupby(sorted(range(100), key=lambda x: x % 4), key=lambda x: x % 4)}
    print({k: sum(v) for k, v in gb.items()})
    od = collections.OrderedDict()
    for i in range(3000):
        od[i % 37] = i; od.move_to_end(i % 37, last=bool(i % 2))
    print(list(od)[:5])
    s = set()
    for a_, b_ in itertools.combinations(range(60), 2):
        s.add((a_ * b_) % 61)
    print(len(s), min(s), max(s))
    m = [[(i * j) % 11 for j in range(30)] for i in range(30)]
    t = [list(r) for r in zip(*m)]
    print(sum(map(sum, t)), t[3][:5])
    while True:
        try:
            del m[0][0]
        except IndexError:
            break
        if len(m[0]) < 3: break
    print(m[0])
run()
