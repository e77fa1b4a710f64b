"""Class decorators: adding methods, registering, wrapping __init__, returning a different object, stacking."""
import functools
def add_repr(cls):
    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{cls.__name__}({fields})"
    cls.__repr__ = __repr__
    return cls
def count_instances(cls):
    orig_init = cls.__init__
    cls.instances = 0
    @functools.wraps(orig_init)
    def __init__(self, *a, **k):
        cls.instances += 1
        orig_init(self, *a, **k)
    cls.__init__ = __init__
    return cls
registry = []
def register(cls):
    registry.append(cls.__name__)
    return cls
@register
@add_repr
@count_instances
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
p = Point(1, 2)
q = Point(3, y=4)
print(p, q, Point.instances, registry, Point.__init__.__name__)
def singleton(cls):
    instances = {}
    @functools.wraps(cls, updated=())
    def get(*a):
        if cls not in instances:
            instances[cls] = cls(*a)
        return instances[cls]
    return get
@singleton
class DB:
    def __init__(self, url):
        print("connecting", url)
        self.url = url
print(DB("a").url, DB("b").url, DB("c") is DB("d"), DB.__name__)
def with_tag(tag):
    def deco(cls):
        cls.tag = tag
        return cls
    return deco
@with_tag("x")
class Tagged:
    pass
print(Tagged.tag)
def auto_eq(cls):
    def __eq__(self, other):
        return type(self) is type(other) and vars(self) == vars(other)
    cls.__eq__ = __eq__
    cls.__hash__ = None
    return cls
@auto_eq
@add_repr
class Pair:
    def __init__(self, a, b):
        self.a, self.b = a, b
print(Pair(1, 2) == Pair(1, 2), Pair(1, 2) == Pair(2, 1), Pair.__hash__)
def validate_methods(cls):
    for name, val in list(vars(cls).items()):
        if callable(val) and name.startswith("do_"):
            def make(fn):
                def wrapped(self, *a):
                    return f"[{fn.__name__}] " + fn(self, *a)
                return wrapped
            setattr(cls, name, make(val))
    return cls
@validate_methods
class Commands:
    def do_run(self):
        return "running"
    def do_stop(self, why):
        return "stopped: " + why
c = Commands()
print(c.do_run(), c.do_stop("done"))
@count_instances
class Many:
    def __init__(self, v):
        self.v = v
s = sum(Many(i).v for i in range(3000))
print(s, Many.instances)
