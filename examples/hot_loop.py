"""pyjit demo, part two: a hot numeric loop -- where a tracing JIT pays off."""


def integrate(n):
    """Midpoint rule for the integral of 4 / (1 + x*x) on [0, 1] (= pi), plus an
    integer checksum of a linear congruential generator."""
    h = 1.0 / n
    total = 0.0
    seed = 12345
    mixed = 0
    for i in range(n):
        x = (i + 0.5) * h
        total += 4.0 / (1.0 + x * x)
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        if seed & 1:
            mixed += seed >> 16
        else:
            mixed -= i & 255
    return total * h, mixed


pi, checksum = integrate(3_000_000)
print(f"pi ~ {pi:.12f}, checksum {checksum}")
