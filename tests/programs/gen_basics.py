"""Generators: yield, next, StopIteration with return value, generator state, exhausted generators, gi_* attributes."""
import inspect
def count_up(n):
    print("start")
    i = 0
    while i < n:
        yield i
        i += 1
    print("end")
    return "finished"
g = count_up(3)
print(inspect.getgeneratorstate(g))
print(next(g), inspect.getgeneratorstate(g))
print(list(g), inspect.getgeneratorstate(g))
print(next(g, "default"))
g = count_up(1)
next(g)
try:
    next(g)
except StopIteration as e:
    print("StopIteration value:", e.value, e.args)
def empty():
    return
    yield
print(list(empty()), type(empty()).__name__)
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(15)])
total = 0
for v in fib():
    if v > 10 ** 100:
        break
    total += v % 1000
print(total)
def pairs(it):
    it = iter(it)
    for a in it:
        yield a, next(it, None)
print(list(pairs("abcde")))
def gen_with_locals():
    x = 10
    yield x
    x += 5
    yield x
g = gen_with_locals()
print(g.gi_running, g.gi_frame is not None, g.__name__, g.__qualname__)
next(g)
print(g.gi_frame.f_locals if g.gi_frame is not None else None)
print(list(g), g.gi_frame)
def running_check():
    yield gen_self.gi_running
gen_self = running_check()
print(next(gen_self))
def reentrant():
    yield next(me)
me = reentrant()
try:
    next(me)
except ValueError as e:
    print("ValueError:", e)
def squares(n):
    for i in range(n):
        yield i * i
print(sum(squares(3000)), max(squares(100)), sorted(squares(5), reverse=True))
gens = [squares(3) for _ in range(2)]
print(list(zip(*gens)))
def yield_expr_value():
    x = yield 1
    print("got", x)
    y = yield x * 2 if x else None
    print("got", y)
ge = yield_expr_value()
print(next(ge), ge.send(5))
try:
    ge.send("last")
except StopIteration:
    print("stopped")
def early(n):
    for i in range(n):
        if i == 2:
            return i * 100
        yield i
g = early(5)
print(list(g))
try:
    next(early(0))
except StopIteration as e:
    print("value", e.value)
def stop_inside():
    yield 1
    raise StopIteration("bad")
try:
    list(stop_inside())
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", repr(e.__cause__))
