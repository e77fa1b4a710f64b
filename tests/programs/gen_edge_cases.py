"""Generator edge cases: yield inside except/with, exc_info restored across yields, gi_yieldfrom, throw with traceback, close of delegating gen, generator in class."""
import sys
def yield_in_except():
    try:
        raise ValueError("active")
    except ValueError:
        yield sys.exc_info()[0].__name__
        yield sys.exc_info()[0].__name__
    yield sys.exc_info()[0]
g = yield_in_except()
print(next(g))
try:
    raise KeyError("outer")
except KeyError:
    print(next(g), sys.exc_info()[0].__name__)
print(next(g))
def inner():
    yield 1
    yield 2
def outer():
    yield from inner()
o = outer()
next(o)
print(o.gi_yieldfrom.__name__ if o.gi_yieldfrom else None)
list(o)
print(o.gi_yieldfrom)
class ClosableIter:
    def __init__(self):
        self.i = 0
    def __iter__(self):
        return self
    def __next__(self):
        self.i += 1
        return self.i
    def close(self):
        print("ClosableIter.close called")
    def throw(self, *a):
        print("ClosableIter.throw called with", a[0].__name__ if isinstance(a[0], type) else type(a[0]).__name__)
        raise StopIteration("handled by iterator")
def delegate():
    r = yield from ClosableIter()
    print("delegate got", r)
    yield "after"
d = delegate()
print(next(d), next(d))
d.close()
d = delegate()
next(d)
print(d.throw(ValueError))
def tb_gen():
    try:
        yield
    except ZeroDivisionError as e:
        yield type(e).__name__ + (" with tb" if e.__traceback__ is not None else "")
try:
    1 / 0
except ZeroDivisionError as err:
    saved = err
t = tb_gen()
next(t)
print(t.throw(saved))
class Tree:
    def __init__(self, v, *kids):
        self.v, self.kids = v, kids
    def __iter__(self):
        yield self.v
        for k in self.kids:
            yield from k
    def depth_first(self, depth=0):
        yield depth, self.v
        for k in self.kids:
            yield from k.depth_first(depth + 1)
tr = Tree(1, Tree(2, Tree(4)), Tree(3))
print(list(tr), list(tr.depth_first()), sum(tr), 4 in tr)
def gen_with_return_in_loop():
    for i in range(10):
        if (yield i) == "stop":
            return f"stopped at {i}"
g = gen_with_return_in_loop()
next(g); next(g)
try:
    g.send("stop")
except StopIteration as e:
    print(e.value)
def lazy_sum():
    total = 0
    while True:
        x = yield total
        if x is None:
            return total
        total += x
ls = lazy_sum()
next(ls)
for i in range(3000):
    ls.send(i)
try:
    ls.send(None)
except StopIteration as e:
    print("sum", e.value)
def gen_del_local():
    x = 1
    yield x
    del x
    try:
        yield x
    except UnboundLocalError as e:
        yield "UnboundLocalError: " + str(e)
    yield locals()
print(list(gen_del_local()))
def gen_finally_exc():
    try:
        yield 1
    finally:
        print("finally exc_info:", sys.exc_info()[0])
g = gen_finally_exc()
next(g)
try:
    raise OSError
except OSError:
    g.close()
def nonlocal_gen():
    count = 0
    def g():
        nonlocal count
        while True:
            count += 1
            yield count
    it = g()
    return [next(it) for _ in range(3)], count
print(nonlocal_gen())
print(list(zip(*(iter(range(9)),) * 3)))
