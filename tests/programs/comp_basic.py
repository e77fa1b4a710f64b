"""List/set/dict comprehensions: conditions, nesting, multiple for clauses, conditional expressions, big loops."""
print([x * x for x in range(10)])
print([x for x in range(30) if x % 2 if x % 5])
print([(x, y) for x in range(4) for y in range(x) if (x + y) % 2])
print([[r * c for c in range(4)] for r in range(3)])
print({x % 5 for x in range(20)}, {c.lower() for c in "HeLLo"})
print({k: v for k, v in zip("abc", range(3))}, {x: x ** 2 for x in range(5) if x != 2})
print({v: k for k, v in {"a": 1, "b": 2}.items()})
print(["even" if x % 2 == 0 else "odd" for x in range(5)])
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([row[i] for i in range(3) for row in matrix], [[row[i] for row in matrix] for i in range(3)])
print([x for row in matrix for x in row if x % 2 == 0])
words = ["apple", "banana", "cherry", "date"]
print({w[0]: len(w) for w in words}, [w.upper() for w in words if "a" in w], sorted({len(w) for w in words}))
print([i for i in range(3000) if i % 97 == 0][-3:], sum([i * 2 for i in range(3000)]))
big = {i: i * i for i in range(3000)}
print(len(big), big[2999], sum(v for k, v in big.items() if k % 1000 == 0))
pyth = [(a, b, c) for c in range(1, 30) for b in range(1, c) for a in range(1, b) if a * a + b * b == c * c]
print(pyth)
print([(lambda v: v * 10)(x) for x in range(3)], [f(2) for f in [lambda x, k=k: x + k for k in range(3)]])
flat = [c for word in words for c in word if c in "aeiou"]
print("".join(flat))
print([y for x in [[1, 2], [3]] for y in x], [[y for y in x] for x in [[1, 2], [3]]])
print({(i, j): i * j for i in range(3) for j in range(3) if i <= j})
d = {"x": [1, 2], "y": [3]}
print([(k, v) for k, vs in d.items() for v in vs])
print([i for i in range(5)][::-1], list(reversed([i for i in range(5)])), [*[i for i in range(3)], 99])
print(dict.fromkeys([c for c in "hello"]), [c for c in {"b": 1, "a": 2}])
strs = [str(i) for i in range(15)]
print(sorted(strs), sorted(strs, key=int)[-3:], [s for s in strs if len(s) > 1 and s[0] == s[1]])
