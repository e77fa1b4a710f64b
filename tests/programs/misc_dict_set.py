"""dict ordering, views and view set-ops, dict methods, merging operators, set algebra, frozenset, sorting dict items."""
d = {"b": 2, "a": 1, "c": 3}
d["d"] = 4
del d["b"]
d["b"] = 22
print(d, list(d), list(d.values()), list(d.items()))
keys = d.keys()
d["e"] = 5
print(keys, len(keys), "e" in keys, keys & {"a", "z"}, keys | {"q"}, keys - {"a"}, keys ^ {"a", "new"})
print(d.items() & {("a", 1), ("x", 0)}, d.get("zz", "dflt"), d.setdefault("f", 6), d.pop("f"), d.pop("zz", None))
print(d.popitem(), d, dict(sorted(d.items(), key=lambda kv: kv[1], reverse=True)))
m = {"x": 1, "y": 2}
n = {"y": 20, "z": 30}
print(m | n, n | m, {**m, **n})
m |= n
print(m)
print(dict.fromkeys("abc", 0), dict(zip("xy", [1, 2])), dict(a=1, b=2), dict([("k", "v")]))
dd = {}
for w in "the cat and the hat and the bat".split():
    dd[w] = dd.get(w, 0) + 1
print(sorted(dd.items(), key=lambda kv: (-kv[1], kv[0])))
try:
    {}["missing"]
except KeyError as e:
    print("KeyError:", e)
try:
    for k in d:
        d["new" + k] = 1
except RuntimeError as e:
    print("RuntimeError:", e)
print(list(reversed({"a": 1, "b": 2, "c": 3})), list(reversed({"a": 1}.items())))
s1 = {1, 2, 3, 4}
s2 = {3, 4, 5}
print(s1 | s2, s1 & s2, s1 - s2, s1 ^ s2, s1 <= s2, {3} < s2, s1.isdisjoint({9}), s1.issuperset({1, 2}))
s1.add(10); s1.discard(1); s1.update([20, 30]); s1 -= {2}
print(sorted(s1), s1.pop() in {3, 4, 10, 20, 30}, len(s1))
try:
    set().pop()
except KeyError as e:
    print("KeyError:", e)
try:
    {1}.remove(2)
except KeyError as e:
    print("KeyError:", e)
fs = frozenset([1, 2, 2, 3])
print(fs, {fs: "frozen key"}[frozenset({3, 2, 1})], fs | {4}, type(fs | {4}).__name__, hash(fs) == hash(frozenset([3, 2, 1])))
print({1, 2} == {2, 1}, {1: "a"} == {1: "a"}, {"a": 1}.keys() == {"a"}, {1: 2}.values() == {1: 2}.values())
big = {}
for i in range(3000):
    big[i * 7 % 3001] = i
print(len(big), list(big)[:5], sum(big.values()), min(big), max(big, key=big.get))
sq = {i * i for i in range(-50, 50)}
print(len(sq), sorted(sq)[:5], 2401 in sq)
print({True: "a", 1: "b", 1.0: "c"}, {0, False, 0.0}, len({"a", "a", "b"}))
nested = {"a": {"b": {"c": 1}}}
nested["a"]["b"]["d"] = 2
print(nested, nested.copy()["a"] is nested["a"])
print(sorted({"banana": 3, "apple": 7, "cherry": 5}.items(), key=lambda kv: kv[1]))
