"""Function and variable annotations: __annotations__, evaluation order, forward refs as strings."""
from typing import Optional, List, Dict
def note(x):
    print("annotation evaluated:", x)
    return x
def f(a: int, b: "str" = "x", *args: note("args"), c: float = 1.0, **kw: dict) -> List[int]:
    return [a]
print(f.__annotations__)
print(f(1))
def g(x: Optional[int] = None) -> Dict[str, int]:
    return {}
print(g.__annotations__)
def no_ann(x, y):
    pass
print(no_ann.__annotations__)
class Point:
    x: int
    y: int = 0
    z: "Point"
    def method(self, other: "Point") -> bool:
        return True
print(Point.__annotations__, Point.y, hasattr(Point, "x"))
print(Point.method.__annotations__)
count: int = 5
label: str
print(__annotations__)
def local_ann():
    v: int = 3
    w: str
    return v, "w" in locals()
print(local_ann())
print(f.__annotations__["return"] == List[int], f.__annotations__["a"] is int)
lam = lambda x: x
print(lam.__annotations__)
f.__annotations__ = {"new": 1}
print(f.__annotations__)
total = 0
def typed_add(a: int, b: int) -> int:
    return a + b
for i in range(3000):
    total = typed_add(total, i)
print(total)
import typing
print(typing.get_type_hints(typed_add))
