"""pyjit demo program: a little of everything, with a deterministic result."""

import math


class Body:
    __slots__ = ("x", "y", "vx", "vy", "m")

    def __init__(self, x, y, vx, vy, m):
        self.x, self.y, self.vx, self.vy, self.m = x, y, vx, vy, m


def simulate(bodies, steps, dt=0.01):
    for _ in range(steps):
        for i, a in enumerate(bodies):
            for b in bodies[i + 1:]:
                dx, dy = a.x - b.x, a.y - b.y
                d = math.sqrt(dx * dx + dy * dy) + 0.01
                f = dt / (d * d * d)
                a.vx -= dx * b.m * f
                a.vy -= dy * b.m * f
                b.vx += dx * a.m * f
                b.vy += dy * a.m * f
        for body in bodies:
            body.x += dt * body.vx
            body.y += dt * body.vy
    return sum(b.x + b.y for b in bodies)


def primes(limit):
    sieve = [True] * limit
    for n in range(2, limit):
        if sieve[n]:
            yield n
            for k in range(n * n, limit, n):
                sieve[k] = False


def word_counts(text):
    counts = {}
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]


def main():
    bodies = [Body(math.cos(i), math.sin(i), 0.0, 0.0, 1.0 + i % 3) for i in range(5)]
    print(f"nbody checksum: {simulate(bodies, 200):.9f}")
    ps = list(primes(5000))
    print(f"primes: {len(ps)} found, last {ps[-1]}")
    print("words:", word_counts("the quick brown fox jumps over the lazy dog the fox " * 50))
    try:
        {}["missing"]
    except KeyError as e:
        print("caught", repr(e))


if __name__ == "__main__":
    main()
