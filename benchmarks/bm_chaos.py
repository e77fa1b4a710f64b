"""Chaos game: iterated random affine maps (a Barnsley fern and a Sierpinski
triangle) drawn into a grid; float arithmetic with a linear congruential
generator, so every implementation draws the same points.

A simpler relative of pyperformance's bm_chaos. ``n`` is the number of points.
"""

WORKLOAD = 60_000
QUICK_WORKLOAD = 12_000

SIZE = 64

# (cumulative probability, a, b, c, d, e, f): x' = a*x + b*y + e, y' = c*x + d*y + f
FERN = [
    (0.01, 0.0, 0.0, 0.0, 0.16, 0.0, 0.0),
    (0.86, 0.85, 0.04, -0.04, 0.85, 0.0, 1.6),
    (0.93, 0.2, -0.26, 0.23, 0.22, 0.0, 1.6),
    (1.00, -0.15, 0.28, 0.26, 0.24, 0.0, 0.44),
]
FERN_BOX = (-2.2, 2.7, 0.0, 10.0)

TRIANGLE = [
    (1.0 / 3.0, 0.5, 0.0, 0.0, 0.5, 0.0, 0.0),
    (2.0 / 3.0, 0.5, 0.0, 0.0, 0.5, 0.5, 0.0),
    (1.00, 0.5, 0.0, 0.0, 0.5, 0.25, 0.5),
]
TRIANGLE_BOX = (0.0, 1.0, 0.0, 1.0)


class Random:
    """A 31-bit linear congruential generator returning floats in [0, 1)."""

    def __init__(self, seed):
        self.state = seed

    def random(self):
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return self.state / 2147483648.0


def chaos_game(maps, box, points, rng, grid):
    xmin, xmax, ymin, ymax = box
    sx = (SIZE - 1) / (xmax - xmin)
    sy = (SIZE - 1) / (ymax - ymin)
    x = y = 0.0
    for i in range(points):
        r = rng.random()
        for p, a, b, c, d, e, f in maps:
            if r < p:
                break
        x, y = a * x + b * y + e, c * x + d * y + f
        if i >= 20:
            col = int((x - xmin) * sx)
            row = int((y - ymin) * sy)
            if 0 <= col < SIZE and 0 <= row < SIZE:
                grid[row][col] += 1
    return x + y


def run(n):
    rng = Random(42)
    grid = [[0] * SIZE for _ in range(SIZE)]
    end = chaos_game(FERN, FERN_BOX, n, rng, grid)
    end += chaos_game(TRIANGLE, TRIANGLE_BOX, n // 2, rng, grid)
    total = 0
    for row in grid:
        for count in row:
            total = (total * 131 + count) % 1000000007
    filled = sum(1 for row in grid for count in row if count)
    return f"{total} {filled} {end!r}"


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
