"""Graph algorithms: Dijkstra with heapq, BFS shortest path on a grid, DFS topological sort, union-find for Kruskal MST."""
import heapq
from collections import deque, defaultdict
def dijkstra(graph, src):
    dist = {src: 0}
    prev = {}
    pq = [(0, src)]
    while pq:
        d, u = heapq.heappop(pq)
        if d > dist.get(u, float("inf")):
            continue
        for v, w in graph[u]:
            nd = d + w
            if nd < dist.get(v, float("inf")):
                dist[v] = nd
                prev[v] = u
                heapq.heappush(pq, (nd, v))
    return dist, prev
def path(prev, t):
    out = [t]
    while out[-1] in prev:
        out.append(prev[out[-1]])
    return out[::-1]
edges = [("A", "B", 7), ("A", "C", 9), ("A", "F", 14), ("B", "C", 10), ("B", "D", 15), ("C", "D", 11),
         ("C", "F", 2), ("D", "E", 6), ("E", "F", 9)]
g = defaultdict(list)
for a, b, w in edges:
    g[a].append((b, w))
    g[b].append((a, w))
dist, prev = dijkstra(g, "A")
print(sorted(dist.items()), path(prev, "E"))
N = 40
big = defaultdict(list)
for i in range(N * N):
    r, c = divmod(i, N)
    if c + 1 < N:
        w = (i * 31 + 7) % 17 + 1
        big[i].append((i + 1, w)); big[i + 1].append((i, w))
    if r + 1 < N:
        w = (i * 17 + 3) % 13 + 1
        big[i].append((i + N, w)); big[i + N].append((i, w))
d2, p2 = dijkstra(big, 0)
print(d2[N * N - 1], len(path(p2, N * N - 1)), max(d2.values()))
maze = ["S.#.......",
        ".##.####..",
        "....#..#.#",
        "#.#...#...",
        "..#.#.#.#E"]
def bfs(maze):
    rows, cols = len(maze), len(maze[0])
    start = next((r, c) for r in range(rows) for c in range(cols) if maze[r][c] == "S")
    q = deque([(start, 0)])
    seen = {start}
    while q:
        (r, c), d = q.popleft()
        if maze[r][c] == "E":
            return d
        for dr, dc in ((0, 1), (1, 0), (0, -1), (-1, 0)):
            nr, nc = r + dr, c + dc
            if 0 <= nr < rows and 0 <= nc < cols and maze[nr][nc] != "#" and (nr, nc) not in seen:
                seen.add((nr, nc))
                q.append(((nr, nc), d + 1))
    return -1
print("maze steps", bfs(maze))
deps = {"app": ["lib", "utils"], "lib": ["core"], "utils": ["core", "log"], "core": [], "log": [], "tests": ["app"]}
def topo(deps):
    order, state = [], {}
    def visit(n):
        if state.get(n) == 1:
            raise ValueError(f"cycle at {n}")
        if state.get(n) == 2:
            return
        state[n] = 1
        for m in sorted(deps[n]):
            visit(m)
        state[n] = 2
        order.append(n)
    for n in sorted(deps):
        visit(n)
    return order
print(topo(deps))
try:
    topo({"a": ["b"], "b": ["a"]})
except ValueError as e:
    print("ValueError:", e)
class DSU:
    def __init__(self, n):
        self.p = list(range(n))
        self.rank = [0] * n
    def find(self, x):
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x
    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.rank[ra] < self.rank[rb]:
            ra, rb = rb, ra
        self.p[rb] = ra
        if self.rank[ra] == self.rank[rb]:
            self.rank[ra] += 1
        return True
all_edges = sorted((w, u, v) for u in big for v, w in big[u] if u < v)
dsu = DSU(N * N)
mst = sum(w for w, u, v in all_edges if dsu.union(u, v))
print("mst weight", mst, len(all_edges))
