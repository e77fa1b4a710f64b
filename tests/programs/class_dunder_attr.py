"""Attribute dunders: __getattr__, __getattribute__, __setattr__, __delattr__, __dir__, delegation proxy, getattr/setattr builtins."""
class Proxy:
    def __init__(self, target):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_log", [])
    def __getattr__(self, name):
        self._log.append(("get", name))
        return getattr(self._target, name)
    def __setattr__(self, name, value):
        self._log.append(("set", name))
        setattr(self._target, name, value)
    def __delattr__(self, name):
        self._log.append(("del", name))
        delattr(self._target, name)
class Target:
    def __init__(self):
        self.a = 1
    def hello(self):
        return "hello from target"
t = Target()
p = Proxy(t)
print(p.a, p.hello())
p.b = 2
del p.a
print(vars(t), p._log)
try:
    p.missing
except AttributeError as e:
    print("AttributeError:", e)
class Audited:
    def __init__(self):
        self.x = 1
    def __getattribute__(self, name):
        if name.startswith("secret"):
            raise AttributeError(f"{name} is hidden")
        if name == "x":
            return object.__getattribute__(self, "x") * 100
        return object.__getattribute__(self, name)
    def __getattr__(self, name):
        return f"fallback:{name}"
au = Audited()
print(au.x, au.secret_key, au.other, getattr(au, "secret2", "dflt"), hasattr(au, "secret3"))
class Frozen:
    def __init__(self, **kw):
        for k, v in kw.items():
            object.__setattr__(self, k, v)
    def __setattr__(self, name, value):
        raise AttributeError(f"cannot set {name!r}: frozen")
    def __delattr__(self, name):
        raise AttributeError(f"cannot delete {name!r}: frozen")
f = Frozen(a=1, b=2)
print(f.a, f.b)
for action in (lambda: setattr(f, "a", 5), lambda: delattr(f, "b")):
    try:
        action()
    except AttributeError as e:
        print("AttributeError:", e)
class Dyn:
    def __dir__(self):
        return ["zeta", "alpha", "mid"]
    def __getattr__(self, name):
        if name in dir(self):
            return name.upper()
        raise AttributeError(name)
d = Dyn()
print(dir(d), d.alpha, getattr(d, "zeta"))
try:
    d.nope
except AttributeError as e:
    print("AttributeError:", repr(e))
class Record:
    pass
r = Record()
for i in range(5):
    setattr(r, f"field{i}", i * i)
print(sorted(vars(r).items()), getattr(r, "field3"), hasattr(r, "field9"))
class Counting:
    def __init__(self):
        object.__setattr__(self, "hits", 0)
    def __getattr__(self, name):
        object.__setattr__(self, "hits", self.hits + 1)
        return len(name)
c = Counting()
tot = 0
for i in range(3000):
    tot += c.abc + c.de
print(tot, c.hits)
class Chained:
    def __getattr__(self, name):
        return Chained() if name != "end" else "END"
print(Chained().a.b.c.end)
class BadGetattr:
    def __getattr__(self, name):
        raise KeyError(name)
try:
    BadGetattr().foo
except KeyError as e:
    print("KeyError:", e)
print(getattr(BadGetattr, "__name__"), type(r).__name__, r.__class__.__name__)
