"""Starred arguments, keyword unpacking, and evaluation order of call arguments."""
def show(*args, **kwargs):
    print("args", args, "kwargs", kwargs)
def tr(v):
    print("eval", v)
    return v
show(tr(1), *[tr(2), tr(3)], tr(4), k=tr(5), **{"m": tr(6)})
show(*(), **{})
show(*"abc", *b"de", *{1: "x"}, *range(2))
opts = {"sep": "|", "end": "!\n"}
print(1, 2, 3, **opts)
print(*[x * x for x in range(5)], sep=", ")
def kwonly(a, *, b, c=3):
    return a, b, c
print(kwonly(1, b=2), kwonly(*[1], **{"b": 2, "c": 4}))
def gen():
    yield 1
    yield 2
show(*gen(), *iter([3]))
class Mapping:
    def keys(self):
        return ["x", "y"]
    def __getitem__(self, k):
        return k.upper()
show(**Mapping())
print({**Mapping(), "z": 1})
try:
    show(*5)
except TypeError as e:
    print("TypeError:", e)
try:
    show(**[1])
except TypeError as e:
    print("TypeError:", e)
try:
    show(**{1: 2})
except TypeError as e:
    print("TypeError:", e)
total = 0
args = [1, 2, 3]
kw = {"d": 4}
def f(a, b, c, d=0):
    return a + b * c - d
for i in range(3000):
    args[0] = i
    total += f(*args, **kw)
print(total)
print(max(*[3, 1, 2]), min(*"zyx"), list(zip(*[[1, 2], [3, 4], [5, 6]])))
