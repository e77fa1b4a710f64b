"""Generator pipelines: chained generators, ``yield from``, generator
expressions and a sliding window, consumed by ``sum``/``max`` and ``for``.

``n`` is the number of items fed into the pipeline.
"""

WORKLOAD = 60_000
QUICK_WORKLOAD = 12_000


def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def evens_and_threes(items):
    for x in items:
        if x % 2 == 0 or x % 3 == 0:
            yield x


def scaled(items, k):
    for x in items:
        yield x * k + 1


def windows(items, size):
    window = []
    for x in items:
        window.append(x)
        if len(window) == size:
            yield tuple(window)
            del window[0]


def chunks(n, size):
    start = 0
    while start < n:
        yield from range(start, min(start + size, n))
        start += size


def pipeline(n):
    total = 0
    for w in windows(scaled(evens_and_threes(numbers(n)), 3), 4):
        total += w[0] - w[3] + max(w)
    return total


def run(n):
    a = pipeline(n)
    b = sum(x * x % 7 for x in chunks(n, 100) if x & 1)
    c = max((x ^ (x >> 3)) for x in scaled(numbers(n // 2), 5))
    return a + b + c


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
