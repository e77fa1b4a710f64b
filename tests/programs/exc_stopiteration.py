# Uncaught StopIteration from next() on an exhausted iterator; a StopIteration inside a generator becomes RuntimeError (caught).
def gen():
    yield 1
    raise StopIteration("inner")


g = gen()
print(next(g))
try:
    next(g)
except RuntimeError as e:
    print("caught:", type(e).__name__, e, "| cause:", repr(e.__cause__))
it = iter([10, 20])
print(next(it), next(it))
print(next(it, "default"))
print(next(it))
