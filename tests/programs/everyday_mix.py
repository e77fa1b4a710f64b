"""An everyday program: dataclasses, Counter, defaultdict/deque BFS, heapq of ordered dataclasses, lru_cache recursion, a class with __matmul__ and nested comprehensions, f-strings with format specs, try/except/finally in a loop."""
import collections, itertools, functools, dataclasses, heapq, re, string
from dataclasses import dataclass, field

@dataclass(order=True)
class Item:
    prio: int
    name: str = field(compare=False)
    tags: list = field(default_factory=list, compare=False)

def words(text):
    return re.findall(r"[a-z]+", text.lower())

TEXT = ("The quick brown fox jumps over the lazy dog. " * 50 + "Pack my box with five dozen liquor jugs. " * 30)

def freq(ws):
    c = collections.Counter()
    for w in ws:
        c[w] += 1
    return c.most_common(5)

def graph():
    g = collections.defaultdict(set)
    for i in range(200):
        for j in (i * 7 % 200, i * 13 % 200, (i + 1) % 200):
            g[i].add(j); g[j].add(i)
    dist = {0: 0}
    q = collections.deque([0])
    while q:
        u = q.popleft()
        for v in sorted(g[u]):
            if v not in dist:
                dist[v] = dist[u] + 1
                q.append(v)
    return max(dist.values()), sum(dist.values())

def heap():
    h = []
    for i in range(500):
        heapq.heappush(h, Item((i * 37) % 101, f"n{i}", [i]))
    out = []
    while h:
        it = heapq.heappop(h)
        out.append(it.prio)
    return out[:10], out[-3:]

@functools.lru_cache(maxsize=None)
def part(n, k):
    if n == 0: return 1
    if n < 0 or k == 0: return 0
    return part(n - k, k) + part(n, k - 1)

class Matrix:
    def __init__(self, rows): self.rows = rows
    def __matmul__(self, o):
        cols = list(zip(*o.rows))
        return Matrix([[sum(a * b for a, b in zip(r, c)) for c in cols] for r in self.rows])
    def __repr__(self): return f"Matrix({self.rows})"

def mat():
    m = Matrix([[1, 2], [3, 4]])
    r = m
    for _ in range(30):
        r = r @ m
        r = Matrix([[x % 1000003 for x in row] for row in r.rows])
    return r

def strs():
    out = []
    for i, (a, b) in enumerate(itertools.product("abc", repeat=2)):
        s = f"{a}{b}:{i:03d}|{i/7:.3f}|{i!r:>5}"
        out.append(s.upper().replace("A", "@").center(20, "."))
    return "\n".join(out[:4]), len("".join(out))

def exc():
    n = 0
    for i in range(300):
        try:
            if i % 17 == 0: raise KeyError(i)
            if i % 23 == 0: {}[i]
            n += 1 / (i % 5)
        except ZeroDivisionError:
            n -= 1
        except KeyError as e:
            n += e.args[0] if e.args else 0
        finally:
            n += 0.5
    return n

print(freq(words(TEXT)))
print(graph())
print(heap())
print(part(60, 60))
print(mat())
print(strs())
print(exc())
