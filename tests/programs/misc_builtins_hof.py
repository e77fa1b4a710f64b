"""Builtins with VM callables: sorted key, map/filter/zip/enumerate, min/max key/default, sum, any/all over generators, iter(callable, sentinel), reversed, round."""
people = [("ann", 31, 5.5), ("bob", 25, 6.1), ("cid", 31, 5.9), ("dee", 22, 5.5)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(sorted(people, key=lambda p: p[2], reverse=True))
def by_name_len(p):
    return len(p[0]), p[0]
print([p[0] for p in sorted(people, key=by_name_len)])
print(list(map(lambda p: p[0].upper(), people)), list(map(pow, [2, 3, 4], [3, 2, 1])))
print(list(filter(lambda p: p[1] > 24, people)), list(filter(None, [0, 1, "", "a", None, [], [0]])))
print(list(zip("abc", range(10), [True, False, True])), list(zip()), list(zip([1], [])))
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as e:
    print("ValueError:", e)
print(list(enumerate("xyz", start=1)), dict(enumerate("ab")))
print(min(people, key=lambda p: p[2]), max(people, key=lambda p: p[2]), min([], default="empty"), max([3, 1], key=lambda v: -v))
print(sum([1, 2, 3], 10), sum([[1], [2]], []), sum(x / 10 for x in range(5)), sum(range(3000)))
calls = []
def check(v):
    calls.append(v)
    return v > 2
print(any(check(v) for v in [1, 2, 3, 4, 5]), calls)
calls.clear()
print(all(check(v) for v in [5, 4, 1, 6]), calls)
data = iter([5, 3, 0, 7])
print(list(iter(lambda: next(data), 0)))
class Reader:
    def __init__(self, chunks):
        self.chunks = list(chunks)
    def read(self):
        return self.chunks.pop(0) if self.chunks else ""
r = Reader(["ab", "cd", "ef"])
print(list(iter(r.read, "")))
print(list(reversed([1, 2, 3])), list(reversed(range(5))), "".join(reversed("abc")))
print(round(3.14159, 2), round(2.5), round(-2.5), round(1e20), abs(-5), abs(-2.5), divmod(17, 5))
print(isinstance(3, (str, int)), issubclass(bool, int), callable(len), hasattr([], "append"), id(None) == id(None))
print(chr(9731), ord("☃"), hex(-255), oct(-8), bin(-5), format(255, "x"), format(0.5, "%"))
counter = {"n": 0}
def keyfn(v):
    counter["n"] += 1
    return v % 100
big = sorted(range(3000), key=keyfn)
print(big[:5], big[-3:], counter["n"])
print(list(map(lambda a, b, c: a + b + c, [1, 2], [10, 20], [100, 200])), list(map(str.strip, [" a ", "b "])))
print(sorted("Hello World", key=str.lower), sorted([3, 1, 2], key=None), sorted([[2, 1], [1, 2]]))
print(next(filter(lambda v: v > 10, range(100))), next(map(lambda v: v * 2, [21])), list(map(len, ["a", "bb"])))
print(sorted(["b", "A", "c", "B"]), sorted(["b", "A", "c", "B"], key=str.casefold), max("apple", "Banana", key=str.lower))
print(list(zip(*[(1, "a"), (2, "b"), (3, "c")])), [list(t) for t in zip(*[[1, 2, 3]] * 2)])
print(hash("abc") == hash("abc"), pow(2, 10), pow(2, 10, 1000), bool(), int(), str(), list(), float())
