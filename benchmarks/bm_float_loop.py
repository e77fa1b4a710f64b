"""Float loop: a chaotic logistic map driving a leaky accumulator; multiply,
divide, ``abs`` and a comparison per step on floats only.

``n`` is the number of steps.
"""

WORKLOAD = 250_000
QUICK_WORKLOAD = 50_000


def run(n):
    x = 0.3
    y = 0.0
    acc = 0.0
    for _ in range(n):
        x = 3.9 * x * (1.0 - x)
        y = 0.9 * y + x - 0.5
        if y > 1.0:
            y -= 1.0
        acc += x * y / (1.5 + abs(y))
    return acc


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
