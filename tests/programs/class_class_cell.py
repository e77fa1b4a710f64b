"""The __class__ cell: zero-arg super in nested functions, __class__ reference, class body execution order and namespace."""
print("before class")
class A:
    print("in class body A")
    x = 1
    y = x + 1
    def who(self):
        return __class__.__name__
    def get_class(self):
        return __class__
    def nested_super(self):
        def inner():
            return __class__
        return inner().__name__
    print("end of body, names:", sorted(k for k in dir() if not k.startswith("__")))
print("after class", A.y)
class B(A):
    def who(self):
        return "B->" + super().who()
    def lam(self):
        return (lambda: super(B, self).who())()
    def comp(self):
        return [__class__.__name__ for _ in range(2)]
b = B()
print(b.who(), b.get_class().__name__, b.nested_super(), b.lam(), b.comp())
class C:
    def method(self):
        return super()
print(type(C().method()).__name__)
def outside(self):
    try:
        return super().who()
    except RuntimeError as e:
        return "RuntimeError: " + str(e)
B.outside = outside
print(b.outside())
class Reg:
    items = []
    for i in range(3):
        items.append(i * i)
    del i
    total = sum(items)
print(Reg.items, Reg.total, hasattr(Reg, "i"))
class Cond:
    import sys as _sys
    if _sys.version_info >= (3, 11):
        ver = "3.11+"
    else:
        ver = "old"
    try:
        fail = 1 / 0
    except ZeroDivisionError:
        fail = "caught in class body"
print(Cond.ver, Cond.fail)
class NS:
    a = 1
    def f(self):
        return a
a = "global a"
print(NS().f())
def factory(n):
    class Made:
        value = n
        def get(self):
            return self.value, __class__.value
    return Made
objs = [factory(i)() for i in range(3)]
print([o.get() for o in objs], objs[0].__class__ is objs[1].__class__)
class Loop:
    def total(self):
        t = 0
        for i in range(3000):
            t += i if __class__ is Loop else 0
        return t
print(Loop().total())
class Qual:
    class Inner:
        class Deeper:
            def m(self):
                return __class__.__qualname__
print(Qual.Inner.Deeper().m(), Qual.Inner.__qualname__, Qual.Inner.Deeper.m.__qualname__)
class Doc:
    "class docstring"
    __doc__ += " extended"
print(Doc.__doc__, Doc.__module__, Doc.__name__)
