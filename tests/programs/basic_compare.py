"""Comparisons: chained comparisons with side effects, identity, membership, mixed types, rich compare fallback."""
def v(x, tag):
    print("eval", tag)
    return x
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1 > 0, 1 == 1.0 == True, 1 < 2 > 0)
print(v(1, "a") < v(2, "b") < v(0, "c") < v(9, "d"))
print(v(5, "a") < v(2, "b") < v(9, "c"))
x = 5
print(0 <= x < 10, 0 <= x < 5, x is x, x is not None, None is None, [] is [], [] == [])
print(1 in [1, 2], 3 not in (1, 2), "a" in {"a": 1}, 2 in {1, 2}, 3 in range(5), 7 in range(0, 10, 2))
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), [1, "a"] == [1, "a"], (1, [2]) == (1, [2]), {1: 2} == {1: 2})
print(1 == 1.0, 1 == 1 + 0j, 0.1 + 0.2 == 0.3, float("nan") == float("nan"), 2 ** 64 == 2.0 ** 64)
try:
    print(1 < "a")
except TypeError as e:
    print("TypeError:", e)
try:
    print([1] < (1,))
except TypeError as e:
    print("TypeError:", e)
class A:
    def __init__(self, n):
        self.n = n
    def __eq__(self, other):
        print("A.__eq__")
        return NotImplemented
class B:
    def __eq__(self, other):
        print("B.__eq__")
        return True
print(A(1) == B(), B() == A(1), A(1) == A(1), A(1) != A(2))
n = 0
for i in range(5000):
    if 10 < i % 97 <= 50 != i % 3:
        n += 1
print(n)
a = b = c = [1]
print(a is b is c, a == b == [1], (a is b) == True, not a is None)
print(max(3, 1, 2) == 3 != 4, min("b", "a") < "c")
