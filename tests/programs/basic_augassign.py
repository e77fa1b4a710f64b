"""Augmented assignment on names, attributes, subscripts and slices, with evaluation-order tracing."""
x = 10
x += 5; x -= 3; x *= 2; x /= 4; print(x)
x = 17
x //= 3; x %= 4; x **= 3; x <<= 2; x >>= 1; x |= 8; x &= 0b11110; x ^= 0xFF; print(x)
s = "ab"; s += "cd"; s *= 2; print(s)
L = [1]; L2 = L; L += [2, 3]; print(L, L2, L is L2)
T = (1,); T2 = T; T += (2,); print(T, T2, T is T2)
class Obj:
    def __init__(self):
        self.count = 0
        self.items = []
o = Obj()
for i in range(3):
    o.count += i
    o.items += [i]
print(o.count, o.items)
d = {"a": 1}
d["a"] += 10
d.setdefault("b", []).append(1)
d["b"] += [2]
print(d)
class Tracer:
    def __init__(self):
        self.data = {"k": 1}
    def __getitem__(self, key):
        print("getitem", key)
        return self.data[key]
    def __setitem__(self, key, value):
        print("setitem", key, value)
        self.data[key] = value
def key():
    print("key()")
    return "k"
def target():
    print("target()")
    return t
t = Tracer()
target()[key()] += 5
print(t.data)
class Vec:
    def __init__(self, *a):
        self.a = list(a)
    def __iadd__(self, other):
        print("iadd")
        self.a = [p + q for p, q in zip(self.a, other.a)]
        return self
    def __add__(self, other):
        print("add")
        return Vec(*[p + q for p, q in zip(self.a, other.a)])
    def __imul__(self, k):
        return NotImplemented
    def __mul__(self, k):
        print("mul fallback")
        return Vec(*[p * k for p in self.a])
v = Vec(1, 2); w = v
v += Vec(10, 20); print(v.a, v is w)
v *= 3; print(v.a, v is w)
arr = [0] * 10
for i in range(4000):
    arr[i % 10] += i
    arr[(i * 7) % 10] -= 1
print(arr)
m = [[0, 0], [0, 0]]
m[1][0] += 7
m[0][1] -= 2
print(m)
L = list(range(6)); L[1:3] += [9]; print(L)
