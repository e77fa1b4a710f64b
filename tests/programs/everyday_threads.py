"""An everyday program: worker threads over a queue with a lock, a __slots__ key class with __eq__/__hash__ in a dict and weakrefs to it, keyword-only and **extra method calls chained, float accumulation into list items at module level."""
import threading, queue, weakref, gc, sys

class Key:
    __slots__ = ("a", "b", "__weakref__")
    def __init__(self, a, b): self.a, self.b = a, b
    def __eq__(self, o): return isinstance(o, Key) and (self.a, self.b) == (o.a, o.b)
    def __hash__(self): return hash((self.a, self.b))
    def __repr__(self): return f"Key({self.a},{self.b})"

def worker(q, out, lock):
    while True:
        item = q.get()
        if item is None: break
        s = 0
        for i in range(item):
            s += i * i % 7
        with lock:
            out.append((item, s))

def threads():
    q = queue.Queue(); out = []; lock = threading.Lock()
    ts = [threading.Thread(target=worker, args=(q, out, lock)) for _ in range(3)]
    for t in ts: t.start()
    for n in range(50, 3050, 100): q.put(n)
    for _ in ts: q.put(None)
    for t in ts: t.join()
    return sorted(out)[:3], len(out)

def dicts():
    d = {}
    for i in range(20000):
        k = Key(i % 50, i % 3)
        d[k] = d.get(k, 0) + 1
    refs = [weakref.ref(k) for k in list(d)[:5]]
    return len(d), sum(d.values()), [r() for r in refs][:2]

class Acc:
    def __init__(self): self.total = 0
    def add(self, v, *, scale=1, **extra):
        self.total += v * scale + len(extra)
        return self

def calls():
    a = Acc()
    for i in range(30000):
        a.add(i, scale=2).add(1, x=1, y=2)
    return a.total

def boom(n):
    acc = 0
    for i in range(n):
        acc += 100 // (n - 5000 - i) if i > 4000 else i
    return acc

print(threads())
print(dicts())
print(calls())
x = [1.5, 2]
for i in range(10000):
    x[i % 2] += 0.25 if i % 3 else 1
print(x)
print(boom(9000))
