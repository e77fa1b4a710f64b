"""Integer loop: arithmetic, shifts, bit operations and a branch on small ints."""

WORKLOAD = 200_000
QUICK_WORKLOAD = 40_000


def run(n):
    total = 0
    x = 12345
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        if x & 4:
            total += (x >> 7) % 1000
        else:
            total -= i ^ (x & 255)
    return total


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
