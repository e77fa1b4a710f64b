"""with statement semantics: multiple managers order, __exit__ return values, exceptions in __enter__, return/break inside with."""
class CM:
    def __init__(self, name, swallow=False, fail_enter=False):
        self.name, self.swallow, self.fail_enter = name, swallow, fail_enter
    def __enter__(self):
        print("enter", self.name)
        if self.fail_enter:
            raise RuntimeError(f"enter failed {self.name}")
        return self.name
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else "-", "tb" if tb is not None else "no-tb")
        return self.swallow
with CM("a") as a, CM("b") as b, CM("c") as c:
    print("body", a, b, c)
with (CM("p1") as p1,
      CM("p2") as p2):
    print("parenthesized", p1, p2)
try:
    with CM("x"), CM("y", fail_enter=True), CM("z"):
        print("never")
except RuntimeError as e:
    print("caught", e)
with CM("outer-swallow", swallow=True), CM("inner"):
    raise ValueError("gone")
print("after")
with CM("inner-swallow-only", swallow=False), CM("sw", swallow=True):
    raise ValueError("gone too")
print("after 2")
def ret():
    with CM("r"):
        return "return value"
print(ret())
def ret_swallow():
    with CM("rs", swallow=True):
        raise KeyError
    return "after swallow in function"
print(ret_swallow())
for i in range(3):
    with CM(f"loop{i}"):
        if i == 0:
            continue
        if i == 1:
            break
print("loop done", i)
class Truthy:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        return "non-empty string is truthy"
with Truthy():
    raise IndexError
print("truthy swallowed")
class Falsy:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        return 0
try:
    with Falsy():
        raise IndexError("kept")
except IndexError as e:
    print("falsy kept", e)
with CM("target") as (first, *rest):
    print(first, rest)
d = {}
with CM("to-dict") as d["key"]:
    pass
print(d)
def gen():
    with CM("in-gen"):
        yield 1
        yield 2
print(list(gen()))
import sys
class ExcInfo:
    def __enter__(self):
        return self
    def __exit__(self, et, ev, tb):
        print("exc_info inside exit:", sys.exc_info()[0].__name__ if sys.exc_info()[0] else None)
        return True
with ExcInfo():
    raise OSError("x")
print("exc_info after:", sys.exc_info())
n = 0
cm = CM.__new__(CM)
class Fast:
    def __enter__(self):
        return 1
    def __exit__(self, *a):
        return False
for i in range(3000):
    with Fast() as one, Fast() as two:
        n += one + two
print(n)
