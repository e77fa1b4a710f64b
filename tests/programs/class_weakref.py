"""weakref: ref, callbacks, WeakValueDictionary, WeakKeyDictionary, WeakSet, finalize, proxy, WeakMethod."""
import weakref
import gc
class Obj:
    def __init__(self, name):
        self.name = name
    def hello(self):
        return "hello " + self.name
    def __repr__(self):
        return f"Obj({self.name})"
o = Obj("a")
def cb(ref):
    print("callback fired, dead:", ref() is None)
r = weakref.ref(o, cb)
print(r() is o, r().name, weakref.getweakrefcount(o))
del o
print("after del", r())
cache = weakref.WeakValueDictionary()
keep = [Obj(f"v{i}") for i in range(5)]
for k in keep:
    cache[k.name] = k
print(sorted(cache.keys()))
del keep[1:3]
print(sorted(cache.keys()))
wk = weakref.WeakKeyDictionary()
k1, k2 = Obj("k1"), Obj("k2")
wk[k1] = 1
wk[k2] = 2
del k1
print(sorted(v for v in wk.values()), len(wk))
ws = weakref.WeakSet()
items = [Obj(str(i)) for i in range(4)]
for it in items:
    ws.add(it)
items.pop()
print(len(ws), sorted(x.name for x in ws))
f_obj = Obj("fin")
fin = weakref.finalize(f_obj, print, "finalizer ran for", "fin")
print(fin.alive)
del f_obj
print(fin.alive)
p_obj = Obj("prox")
px = weakref.proxy(p_obj)
print(px.hello(), px.name)
del p_obj
try:
    px.name
except ReferenceError as e:
    print("ReferenceError:", e)
m_obj = Obj("meth")
wm = weakref.WeakMethod(m_obj.hello)
print(wm()())
del m_obj
print(wm())
class Node:
    def __init__(self, v, parent=None):
        self.v = v
        self.parent = weakref.ref(parent) if parent else None
        self.children = []
    def path(self):
        n, out = self, []
        while n:
            out.append(n.v)
            n = n.parent() if n.parent else None
        return out
root = Node("root")
cur = root
for i in range(50):
    nxt = Node(f"n{i}", cur)
    cur.children.append(nxt)
    cur = nxt
print(cur.path()[:4], len(cur.path()))
refs = []
alive = [Obj(str(i)) for i in range(3000)]
for a in alive:
    refs.append(weakref.ref(a))
del alive[::2]
print(sum(1 for r in refs if r() is not None))
print(weakref.ref(root) == weakref.ref(root), weakref.ref(root) is weakref.ref(root))
