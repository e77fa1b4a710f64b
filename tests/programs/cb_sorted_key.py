# VM functions called by host sorting code: sorted/min/max key=, list.sort, cmp_to_key, heapq with __lt__, bisect key=.
import bisect
import functools
import heapq

words = ["banana", "Apple", "cherry", "date", "Elder", "fig"]
calls = []


def key_lower(w):
    calls.append(w)
    return w.lower()


print(sorted(words, key=key_lower))
print(len(calls), calls[:3])
print(sorted(words, key=len, reverse=True))
print(min(words, key=lambda w: (len(w), w)), max(words, key=lambda w: w[-1]))
print(max([], key=len, default="empty"), min(3, 1, 2, key=lambda x: -x))
words.sort(key=lambda w: (w[0].isupper(), w))
print(words)


def compare(a, b):
    return (a % 10 - b % 10) or (b - a)


print(sorted([31, 12, 22, 5, 41, 15], key=functools.cmp_to_key(compare)))


class Task:
    def __init__(self, prio, name):
        self.prio, self.name = prio, name

    def __lt__(self, other):
        return (self.prio, self.name) < (other.prio, other.name)

    def __repr__(self):
        return f"Task({self.prio}, {self.name!r})"


heap = []
for p, n in [(3, "c"), (1, "a"), (2, "b"), (1, "z"), (5, "e")]:
    heapq.heappush(heap, Task(p, n))
print([heapq.heappop(heap) for _ in range(3)], heap[0])
print(sorted([Task(2, "x"), Task(1, "y")]), heapq.nsmallest(2, [5, 1, 4, 2], key=lambda v: -v))
records = [(1, "a"), (3, "c"), (5, "e")]
print(bisect.bisect_left(records, 3, key=lambda r: r[0]), bisect.bisect_right([1, 2, 2, 3], 2))
stable = sorted([("b", 1), ("a", 1), ("c", 0)], key=lambda t: t[1])
print(stable)
