# weakref.finalize / weakref.ref callbacks / WeakValueDictionary with VM objects: run when the last reference goes.
import gc
import weakref

log = []


class Resource:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Resource({self.name})"


def on_finalize(name, tag):
    print("finalize", name, tag)


r = Resource("a")
fin = weakref.finalize(r, on_finalize, "a", tag="t1")
print("alive:", fin.alive)
del r
print("after del, alive:", fin.alive)
r2 = Resource("b")
ref = weakref.ref(r2, lambda w: print("ref callback, dead:", w() is None))
print(ref() is r2, ref())
r2 = None
print("ref now:", ref())
cache = weakref.WeakValueDictionary()
keep = Resource("kept")
cache["kept"] = keep
cache["temp"] = Resource("temp")
print(sorted(cache.keys()))
f3 = weakref.finalize(keep, print, "finalize kept at exit")
print("f3 atexit:", f3.atexit)
cycle = Resource("cycle")
cycle.self_ref = cycle
weakref.finalize(cycle, on_finalize, "cycle", tag="gc")
del cycle
print("before collect")
gc.collect()
print("after collect")
f4 = weakref.finalize(Resource("x"), on_finalize, "x", tag="never")
print("f4 immediately dead:", f4.alive)
obj = Resource("detach")
f5 = weakref.finalize(obj, on_finalize, "detach", tag="no")
print(f5.detach()[0] is obj, f5.alive)
print("end of main")
