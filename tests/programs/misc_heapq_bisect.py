"""heapq and bisect with user classes defining __lt__, key= functions, priority queues with tie-breaking, merge/nlargest."""
import heapq
import bisect
import functools
@functools.total_ordering
class Task:
    def __init__(self, prio, name):
        self.prio, self.name = prio, name
    def __lt__(self, other):
        return (self.prio, self.name) < (other.prio, other.name)
    def __eq__(self, other):
        return (self.prio, self.name) == (other.prio, other.name)
    def __repr__(self):
        return f"Task({self.prio}, {self.name!r})"
tasks = [Task(3, "write"), Task(1, "plan"), Task(2, "code"), Task(1, "coffee"), Task(5, "ship")]
h = []
for t in tasks:
    heapq.heappush(h, t)
print([heapq.heappop(h) for _ in range(len(h))])
h = list(tasks)
heapq.heapify(h)
print(h[0], heapq.heappushpop(h, Task(0, "urgent")), heapq.heapreplace(h, Task(9, "later")), h[0])
print(heapq.nsmallest(2, tasks), heapq.nlargest(2, tasks, key=lambda t: len(t.name)))
print(list(heapq.merge([1, 4, 7], [2, 5, 8], [3, 6, 9])), list(heapq.merge(["bb", "a"], ["ccc"], key=len)))
counter = 0
pq = []
for i in range(3000):
    heapq.heappush(pq, ((i * 7919) % 1000, i))
out = [heapq.heappop(pq) for _ in range(5)]
print(out, len(pq))
class Rev:
    def __init__(self, v):
        self.v = v
    def __lt__(self, o):
        return self.v > o.v
rh = []
for v in [5, 1, 9, 3]:
    heapq.heappush(rh, Rev(v))
print([heapq.heappop(rh).v for _ in range(4)])
grades = [60, 70, 80, 90]
letters = "FDCBA"
def grade(score):
    return letters[bisect.bisect(grades, score)]
print([grade(s) for s in [33, 60, 75, 89, 90, 100]])
a = [1, 2, 4, 4, 8]
print(bisect.bisect_left(a, 4), bisect.bisect_right(a, 4), bisect.bisect(a, 0), bisect.bisect(a, 100))
bisect.insort(a, 5)
bisect.insort_left(a, 4)
print(a)
records = [("ann", 31), ("bob", 25), ("cid", 40)]
records.sort(key=lambda r: r[1])
ages = [r[1] for r in records]
print(records[bisect.bisect_left(ages, 30)], bisect.bisect_left(records, 30, key=lambda r: r[1]))
items = [Task(1, "a"), Task(3, "c")]
bisect.insort(items, Task(2, "b"))
print(items, bisect.bisect(items, Task(2, "b")))
sl = []
for i in range(3000):
    bisect.insort(sl, (i * 37) % 1009)
print(sl[:6], sl[-3:], len(sl))
try:
    heapq.heappush([1], "x")
except TypeError as e:
    print("TypeError:", e)
class NoLt:
    pass
try:
    heapq.heapify([NoLt(), NoLt()])
except TypeError as e:
    print("TypeError:", e)
