"""Unpacking: tuple packing and unpacking, swaps, starred targets, functions
returning tuples, and iteration over pairs and triples.

``n`` is the number of iterations.
"""

WORKLOAD = 60_000
QUICK_WORKLOAD = 12_000


def divmod3(a, b):
    return a // b, a % b, a * b


def rotate(t):
    first, *rest = t
    return (*rest, first)


def run(n):
    a, b, c, d = 1, 2, 3, 4
    total = 0
    pairs = [(i, i * 2) for i in range(16)]
    for i in range(n):
        a, b, c, d = b, c, d, (a + i) % 1009
        q, r, p = divmod3(d + 11, (a % 7) + 1)
        x, y = pairs[i & 15]
        head, *mid, tail = (a, b, c, d, q)
        total += q - r + x * y + head - tail + len(mid) + p % 3
        if i % 64 == 0:
            t = rotate((a, b, c, d))
            (a, b), (c, d) = t[:2], t[2:]
    for k, (u, v) in enumerate(pairs):
        total += k * u - v
    return total


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
