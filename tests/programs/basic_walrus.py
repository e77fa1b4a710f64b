"""Assignment expressions (walrus) in if/while/comprehensions/calls and their scoping."""
import re
data = [1, 5, 12, 7, 30, 2]
if (n := len(data)) > 5:
    print("long list", n)
stack = list(range(5))
while (top := stack.pop() if stack else None) is not None:
    print("popped", top, end="; ")
print()
print([y for x in data if (y := x * 2) > 10], y)
def f(x):
    return x * x - 3
print([(x, fx) for x in range(6) if (fx := f(x)) % 2 == 0])
print(total := sum(data), total)
m = None
for line in ["no match", "key=value", "other"]:
    if (m := re.match(r"(\w+)=(\w+)", line)):
        print("matched", m.group(1), m.group(2))
print(m.groups() if m else None)
def outer():
    vals = [last := i for i in range(4)]
    return vals, last
print(outer())
count = 0
i = 0
while (i := i + 1) < 4000:
    if (r := i % 13) == 0:
        count += r + 1
print(count, i)
print((a := 10, b := a + 1), a, b)
print(any((hit := x) > 10 for x in data), hit)
print(all((miss := x) < 10 for x in data), miss)
g = lambda: (z := 5) + z
print(g())
print([[(j := i * k) for k in range(3)] for i in range(3)], j)
