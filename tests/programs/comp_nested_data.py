"""Comprehensions over nested data: grouping, transposition, flattening, inverted indexes, frequency tables."""
records = [
    {"name": "ann", "dept": "eng", "skills": ["py", "go"], "age": 31},
    {"name": "bob", "dept": "ops", "skills": ["sh"], "age": 45},
    {"name": "cid", "dept": "eng", "skills": ["py", "rust", "c"], "age": 28},
    {"name": "dee", "dept": "hr", "skills": [], "age": 39},
]
by_dept = {d: [r["name"] for r in records if r["dept"] == d] for d in sorted({r["dept"] for r in records})}
print(by_dept)
skill_index = {s: sorted(r["name"] for r in records if s in r["skills"]) for r0 in records for s in r0["skills"]}
print(dict(sorted(skill_index.items())))
print([r["name"] for r in sorted(records, key=lambda r: -r["age"])], max(records, key=lambda r: len(r["skills"]))["name"])
grid = [[(r * 7 + c * 3) % 10 for c in range(6)] for r in range(4)]
for row in grid:
    print(" ".join(str(v) for v in row))
print([list(col) for col in zip(*grid)][:2], [sum(col) for col in zip(*grid)])
print([max(row) - min(row) for row in grid], [v for row in grid for v in row if v > 7])
text = "the cat sat on the mat the end"
freq = {w: text.split().count(w) for w in set(text.split())}
print(sorted(freq.items(), key=lambda kv: (-kv[1], kv[0])))
letters = {ch: sum(1 for c in text if c == ch) for ch in sorted(set(text) - {" "})}
print(letters)
nested = [[1, [2, 3]], [4], [[5, [6]]]]
def flat(x):
    return [z for y in x for z in (flat(y) if isinstance(y, list) else [y])]
print(flat(nested))
n = 60
table = [[i * j for j in range(1, n + 1)] for i in range(1, n + 1)]
print(sum(sum(r) for r in table), table[59][59], len([v for r in table for v in r if v % 7 == 0]))
primes = [p for p in range(2, 200) if all(p % d for d in range(2, int(p ** 0.5) + 1))]
print(primes[-10:], len(primes))
pairs = {(a, b) for a in range(5) for b in range(5) if a < b and (a + b) % 3 == 0}
print(sorted(pairs))
print({k: {kk: vv for kk, vv in v.items() if vv} for k, v in {"x": {"a": 0, "b": 1}, "y": {"c": 2}}.items()})
