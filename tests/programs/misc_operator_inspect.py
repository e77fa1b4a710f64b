"""operator module (itemgetter, attrgetter, methodcaller, functional operators) and inspect.signature/getmembers on VM functions."""
import operator
import inspect
rows = [{"n": "b", "v": 2}, {"n": "a", "v": 3}, {"n": "c", "v": 1}]
print(sorted(rows, key=operator.itemgetter("v")), list(map(operator.itemgetter("n", "v"), rows)))
class P:
    def __init__(self, name, age):
        self.name, self.age = name, age
        self.addr = type("A", (), {})()
        self.addr.city = name.upper()
    def greet(self, greeting, punct="!"):
        return f"{greeting}, {self.name}{punct}"
ps = [P("zed", 30), P("amy", 25)]
print([p.name for p in sorted(ps, key=operator.attrgetter("age"))], operator.attrgetter("addr.city", "name")(ps[0]))
print(list(map(operator.methodcaller("greet", "Hi", punct="?"), ps)))
print(operator.add(2, 3), operator.mul("ab", 2), operator.truediv(7, 2), operator.floordiv(7, 2), operator.neg(5), operator.not_(0))
print(operator.lt(1, 2), operator.eq("a", "a"), operator.contains([1, 2], 2), operator.getitem("abc", 1), operator.index(7))
lst = [1, 2, 3]
operator.setitem(lst, 0, 9); operator.delitem(lst, 1)
print(lst, operator.concat([1], [2]), operator.countOf([1, 1, 2], 1), operator.indexOf("abc", "c"))
x = [1]
y = operator.iadd(x, [2])
print(x, y is x, operator.iadd(5, 1), operator.is_(None, None), operator.truth([]))
def sample(a, b: int = 2, *args, c, d: str = "x", **kw) -> bool:
    """Sample docstring."""
    return True
sig = inspect.signature(sample)
print(sig)
for name, param in sig.parameters.items():
    print(" ", name, param.kind.name, param.default is inspect.Parameter.empty, param.annotation)
print(sig.return_annotation, sig.bind(1, c=3).arguments, sig.bind_partial(1).arguments)
try:
    sig.bind(1, 2, 3)
except TypeError as e:
    print("TypeError:", e)
print(inspect.signature(lambda p, /, q=1: 0), inspect.signature(P.greet), inspect.signature(ps[0].greet), inspect.signature(P))
print(inspect.getdoc(sample), inspect.isclass(P), inspect.ismethod(ps[0].greet), inspect.isroutine(len))
print(sorted(n for n, _ in inspect.getmembers(ps[0]) if not n.startswith("_")))
print(inspect.getfullargspec(sample).args, inspect.getfullargspec(sample).kwonlyargs, inspect.getfullargspec(sample).defaults)
getter = operator.itemgetter(1)
acc = 0
pairs = [(i, i * 3) for i in range(3000)]
for pr in pairs:
    acc += getter(pr)
print(acc, sum(map(operator.mul, range(100), range(100))))
print(inspect.unwrap(sample) is sample, inspect.getattr_static(ps[0], "name"), callable(operator.attrgetter("x")))
