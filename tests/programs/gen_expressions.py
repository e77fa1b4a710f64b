"""Generator expressions: laziness, scoping of the first iterable, nesting, passing to builtins, exhaustion."""
def src(n):
    for i in range(n):
        print("produce", i)
        yield i
g = (x * 10 for x in src(3))
print("created")
print(next(g))
print(list(g))
print(list(g))
print(sum(x * x for x in range(3000)), max(len(w) for w in "a bb ccc".split()), min((x % 7 for x in range(100)), default=-1))
print(any(x > 5 for x in range(10)), all(x < 5 for x in range(10)), any(()), all([]))
nested = ((i, j) for i in range(3) for j in range(i))
print(list(nested))
print(list(x for x in range(20) if x % 2 if x % 3))
def first_iterable_evaluated_early():
    data = [1, 2, 3]
    gen = (x for x in data)
    data = [9, 9]
    return list(gen)
print(first_iterable_evaluated_early())
def late_binding_in_condition():
    limit = 2
    gen = (x for x in range(5) if x > limit)
    limit = 3
    return list(gen)
print(late_binding_in_condition())
try:
    (x for x in 5)
except TypeError as e:
    print("TypeError:", e)
g = (1 / x for x in [1, 0, 2])
print(next(g))
try:
    next(g)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
print(next(g, "exhausted after error"))
print(dict((k, len(k)) for k in ["a", "bb"]), set(c for c in "hello"), tuple(i for i in range(4)), "".join(c.upper() for c in "abc"))
matrix = [[1, 2, 3], [4, 5, 6]]
print(list(sum(row) for row in matrix), list(list(col) for col in zip(*matrix)))
gen = (i for i in range(3))
print(type(gen).__name__, gen.__name__, iter(gen) is gen)
print(sorted((x for x in "banana"), key=lambda c: (-ord(c))))
import itertools
evens = (n for n in itertools.count() if n % 2 == 0)
print(list(itertools.islice(evens, 5)), next(evens))
class C:
    vals = [1, 2, 3]
    doubled = list(v * 2 for v in vals)
print(C.doubled)
words = "the quick brown fox jumps over the lazy dog".split()
print(" ".join(w[::-1] for w in words), sum(1 for w in words if "o" in w))
total = sum(sum(j for j in range(i)) for i in range(200))
print(total)
