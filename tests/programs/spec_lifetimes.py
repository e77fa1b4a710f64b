# Tier specialize: inline caches and version guards must not keep objects alive.
# __del__ of objects reachable only from a finished call, an exec namespace or a
# class defined in a function runs when CPython runs it, and classes die at gc.
import gc
import weakref


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


def closure_called_in_loop():
    obj = Noisy("closure cell")

    def f():
        return obj
    for _ in range(30):
        f()


closure_called_in_loop()
print("after closure_called_in_loop")


def exec_namespace():
    ns = {"obj": Noisy("exec namespace")}
    exec("def f():\n    return obj\nfor i in range(30):\n    f()\ndel f\n", ns)


exec_namespace()
print("after exec_namespace")


def local_class():
    class K:
        def __init__(self):
            self.x = 0

        def m(self):
            return self.x

        def __getitem__(self, i):
            return i

    k = K()
    for i in range(30):
        k.m()
        k.x = i
        k[i]
        k.x
    return weakref.ref(K)


r = local_class()
gc.collect()
print("local class alive after gc:", r() is not None)


def method_with_super():
    class Base:
        def m(self):
            return 1

    class Sub(Base):
        def m(self):
            return super().m() + 1

    s = Sub()
    total = 0
    for _ in range(30):
        total += s.m()
    return total, weakref.ref(Sub)


total, r = method_with_super()
gc.collect()
print(total, "class with __class__ cell alive after gc:", r() is not None)


def default_holder():
    d = Noisy("default value")

    def g(a, b=d):
        return a
    for i in range(30):
        g(i)


default_holder()
print("after default_holder")
print("end")
