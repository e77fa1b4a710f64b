"""Ints that move between machine size and big: a JIT's representation cliff (issue #15).

A value grows past 64 bits and is brought back, again and again, as in
big-number arithmetic tests.  A trace that keeps such a variable as a machine
int fails its unbox guard on every big value; recording a bridge for each
failure made the loop run for minutes under tier jit (tier specialize: 1.4 s).
The driver now generalizes the variable (an object, unboxed where it fits).
"""

WORKLOAD = 100_000
QUICK_WORKLOAD = 20_000


def run(n):
    total = 0
    x = 1
    for i in range(n):
        x = x * 3 + i               # past 2**63 after ~40 steps
        if x > 1 << 100:
            total += x % 1_000_003
            x = x // (1 << 90)      # back to a machine int
        total += x & 0xFF
    q = 10 ** 40 + 7
    r = 0
    for i in range(n // 10):        # big by big division, a small remainder
        r = (r * 31 + q // (i + 1)) % (10 ** 30 + 57)
    return total, r


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
