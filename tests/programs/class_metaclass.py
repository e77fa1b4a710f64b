"""Metaclasses: __new__/__init__/__call__/__prepare__, class creation order, metaclass inheritance, type() three-arg."""
class Meta(type):
    @classmethod
    def __prepare__(mcs, name, bases, **kw):
        print("prepare", name, kw)
        return {"injected": "from prepare"}
    def __new__(mcs, name, bases, ns, **kw):
        print("meta new", name, sorted(k for k in ns if not k.startswith("__")))
        cls = super().__new__(mcs, name, bases, ns)
        cls.created_by = mcs.__name__
        return cls
    def __init__(cls, name, bases, ns, **kw):
        print("meta init", name)
        super().__init__(name, bases, ns)
    def __call__(cls, *args, **kwargs):
        print("meta call", cls.__name__, args)
        inst = super().__call__(*args, **kwargs)
        inst.via_meta = True
        return inst
class Model(metaclass=Meta, flag=1):
    field = 1
    def __init__(self, v):
        print("Model init", v)
        self.v = v
m = Model(5)
print(m.v, m.via_meta, Model.injected, Model.created_by, type(Model).__name__)
class SubModel(Model):
    pass
print(type(SubModel).__name__, SubModel(1).v)
class OrderedMeta(type):
    def __new__(mcs, name, bases, ns):
        cls = super().__new__(mcs, name, bases, ns)
        cls.order = [k for k in ns if not k.startswith("_")]
        return cls
class Form(metaclass=OrderedMeta):
    zeta = 1
    alpha = 2
    mid = 3
    def method(self): pass
print(Form.order)
class Singleton(type):
    _instances = {}
    def __call__(cls, *a, **k):
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__(*a, **k)
        return cls._instances[cls]
class Config(metaclass=Singleton):
    def __init__(self):
        print("Config created")
print(Config() is Config(), len(Singleton._instances))
Dyn = type("Dyn", (object,), {"x": 5, "hello": lambda self: "hi " + str(self.x)})
d = Dyn()
print(Dyn.__name__, d.hello(), Dyn.__bases__, Dyn.__module__)
class Counted(type):
    count = 0
    def __call__(cls, *a):
        Counted.count += 1
        return super().__call__(*a)
class Pt(metaclass=Counted):
    def __init__(self, x):
        self.x = x
s = 0
for i in range(3000):
    s += Pt(i).x
print(s, Counted.count)
class M1(type): pass
class M2(type): pass
class A(metaclass=M1): pass
class B(metaclass=M2): pass
try:
    class C(A, B): pass
except TypeError as e:
    print("TypeError:", e)
class M3(M1): pass
class D(metaclass=M3): pass
class E(A, D): pass
print(type(E).__name__)
class AttrMeta(type):
    def __getattr__(cls, name):
        return f"meta-attr {name}"
    def __len__(cls):
        return 42
    def __repr__(cls):
        return f"<class {cls.__name__} via AttrMeta>"
class Q(metaclass=AttrMeta): pass
print(Q.anything, len(Q), repr(Q), Q)
def func_meta(name, bases, ns):
    print("function as metaclass", name)
    return type(name, bases, dict(ns, made=True))
class F(metaclass=func_meta):
    pass
print(F.made, type(F).__name__)
