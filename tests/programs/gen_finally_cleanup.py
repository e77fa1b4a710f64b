"""Generators with try/finally and with-blocks: cleanup on exhaustion, close, garbage collection, break out of for."""
class Res:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("acquire", self.name)
        return self
    def __exit__(self, *exc):
        print("release", self.name, "exc" if exc[0] else "clean")
        return False
def managed(n):
    with Res("gen-res"):
        for i in range(n):
            yield i
def tryfin(n):
    try:
        for i in range(n):
            yield i
    finally:
        print("tryfin finally")
print(list(managed(3)))
for v in managed(10):
    if v == 1:
        break
print("after break (generator closed when collected)")
g = tryfin(5)
print(next(g), next(g))
g.close()
print("explicitly closed")
g = tryfin(5)
next(g)
del g
print("after del")
def nested_finally():
    try:
        try:
            yield "a"
        finally:
            print("inner finally")
        yield "b"
    finally:
        print("outer finally")
print(list(nested_finally()))
g = nested_finally()
next(g)
g.close()
def finally_yield_value():
    try:
        yield 1
    finally:
        print("cleanup in progress")
gen = finally_yield_value()
for x in gen:
    print("got", x)
def exc_in_gen():
    try:
        yield 1
        raise ValueError("inside gen")
    finally:
        print("finally before propagate")
try:
    for x in exc_in_gen():
        print("val", x)
except ValueError as e:
    print("caught", e)
count = 0
def tick():
    global count
    try:
        while True:
            yield
    finally:
        count += 1
for _ in range(1000):
    t = tick()
    next(t)
    next(t)
    t.close()
print("closed", count)
def return_in_finally():
    try:
        yield 1
    finally:
        return "from finally"
g = return_in_finally()
next(g)
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.value)
