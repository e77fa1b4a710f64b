"""yield from: delegation, return values, send/throw forwarded to subgenerators, nested delegation, iterables."""
def sub(n):
    total = 0
    for i in range(n):
        x = yield i
        if x:
            total += x
    return total
def delegator():
    r1 = yield from sub(3)
    print("sub1 returned", r1)
    r2 = yield from sub(2)
    print("sub2 returned", r2)
    return r1 + r2
d = delegator()
print(next(d))
print(d.send(10))
print(d.send(20))
print(d.send(30))
try:
    d.send(5)
except StopIteration as e:
    print("delegator returned", e.value)
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], "ab", range(3), (x * x for x in range(3)), {"k": 1})))
def inner_catch():
    try:
        yield "inner ready"
    except ValueError as e:
        print("inner caught", e)
        yield "inner recovered"
    finally:
        print("inner finally")
def outer():
    result = yield from inner_catch()
    print("outer resumes", result)
    yield "outer done"
o = outer()
print(next(o))
print(o.throw(ValueError("boom")))
print(next(o))
print(next(o, "end"))
def close_target():
    try:
        yield 1
        yield 2
    finally:
        print("sub closed")
def wraps_close():
    try:
        yield from close_target()
    finally:
        print("outer closed")
w = wraps_close()
next(w)
w.close()
def tree(node):
    val, kids = node
    yield val
    for k in kids:
        yield from tree(k)
t = (1, [(2, [(4, []), (5, [])]), (3, [(6, [(7, [])])])])
print(list(tree(t)))
def counter(n):
    yield from range(n)
    return n
def summing():
    total = 0
    for n in (1000, 1000, 1000):
        total += yield from counter(n)
    return total
g = summing()
s = sum(g)
print(s)
def ret_value_gen():
    return (yield from ret_value_inner())
def ret_value_inner():
    yield "x"
    return "inner value"
g = ret_value_gen()
next(g)
try:
    next(g)
except StopIteration as e:
    print(e.value)
def deep(n):
    if n == 0:
        yield "bottom"
        return 0
    r = yield from deep(n - 1)
    return r + 1
g = deep(50)
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("depth", e.value)
class Iterable:
    def __iter__(self):
        return iter([7, 8, 9])
def from_iterable():
    yield from Iterable()
print(list(from_iterable()))
def yf_stop_value():
    x = yield from iter([1, 2])
    yield x
print(list(yf_stop_value()))
