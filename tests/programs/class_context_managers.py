"""Classes implementing __enter__/__exit__: resource tracking, exception info passed to __exit__, reentrancy, nesting."""
class Tracker:
    depth = 0
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow
    def __enter__(self):
        Tracker.depth += 1
        print("  " * Tracker.depth + f"enter {self.name}")
        return self
    def __exit__(self, et, ev, tb):
        print("  " * Tracker.depth + f"exit {self.name} exc={et.__name__ if et else None} val={ev!s}")
        Tracker.depth -= 1
        return self.swallow
with Tracker("outer") as t:
    print("body", t.name)
    with Tracker("inner"):
        print("deep body")
with Tracker("swallower", swallow=True):
    raise KeyError("lost")
print("continued after swallowed KeyError")
try:
    with Tracker("a"), Tracker("b", swallow=False):
        raise ValueError("propagates")
except ValueError as e:
    print("caught", e)
class Reusable:
    def __init__(self):
        self.level = 0
    def __enter__(self):
        self.level += 1
        return self.level
    def __exit__(self, *exc):
        self.level -= 1
        return False
ru = Reusable()
with ru as l1:
    with ru as l2:
        print("levels", l1, l2)
print("level after", ru.level)
class Transaction:
    def __init__(self, store):
        self.store = store
    def __enter__(self):
        self.snapshot = dict(self.store)
        return self.store
    def __exit__(self, et, ev, tb):
        if et is not None:
            self.store.clear()
            self.store.update(self.snapshot)
            print("rolled back:", ev)
            return True
        print("committed")
store = {"a": 1}
with Transaction(store) as s:
    s["b"] = 2
with Transaction(store) as s:
    s["c"] = 3
    raise RuntimeError("fail mid-transaction")
print(store)
class NoEnter:
    def __exit__(self, *a):
        pass
try:
    with NoEnter():
        pass
except (AttributeError, TypeError) as e:
    print(type(e).__name__, e)
class ExitRaises:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        raise TypeError("from exit")
try:
    with ExitRaises():
        raise ValueError("original")
except TypeError as e:
    print("TypeError:", e, "context:", repr(e.__context__))
count = 0
class Cheap:
    def __enter__(self):
        global count
        count += 1
    def __exit__(self, *a):
        return None
for i in range(3000):
    with Cheap():
        pass
print("entered", count)
def early_return():
    with Tracker("ret"):
        return "returned value"
print(early_return())
for i in range(3):
    with Tracker(f"loop{i}"):
        if i == 1:
            continue
        if i == 2:
            break
        print("loop body", i)
