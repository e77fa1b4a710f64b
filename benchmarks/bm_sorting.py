"""List sorting with key functions: records sorted by lambdas, by methods,
by tuples of fields, in reverse, plus a merge sort written in Python.

``n`` is the number of records.
"""

WORKLOAD = 8_000
QUICK_WORKLOAD = 2_000


class Record:
    __slots__ = ("ident", "name", "age", "score")

    def __init__(self, ident, name, age, score):
        self.ident = ident
        self.name = name
        self.age = age
        self.score = score

    def rank(self):
        return (self.score * 37 + self.age) % 101


def make_records(n):
    recs = []
    x = 3
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        name = "n" + str(x % 977)
        recs.append(Record(i, name, 18 + x % 60, (x >> 5) % 1000))
    return recs


def merge_sort(items, key):
    if len(items) <= 1:
        return items
    mid = len(items) // 2
    left = merge_sort(items[:mid], key)
    right = merge_sort(items[mid:], key)
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if key(right[j]) < key(left[i]):
            out.append(right[j])
            j += 1
        else:
            out.append(left[i])
            i += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out


def checksum(recs):
    total = 0
    for r in recs:
        total = (total * 31 + r.ident) % 1000000007
    return total


def run(n):
    recs = make_records(n)
    a = sorted(recs, key=lambda r: r.age)
    b = sorted(recs, key=lambda r: (r.name, -r.score))
    c = sorted(recs, key=Record.rank, reverse=True)
    d = list(recs)
    d.sort(key=lambda r: r.score % 97)
    e = merge_sort(recs, lambda r: r.score)
    return " ".join(str(checksum(x)) for x in (a, b, c, d, e))


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
