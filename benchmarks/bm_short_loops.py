"""Loops of a few iterations per visit, in functions called from a loop (issue #15).

Entering a compiled loop and leaving it costs a few microseconds (the frame's
values read and rebuilt); a loop that runs two or three iterations per visit
pays that every time and can end slower than interpreting.  The driver sends
such a loop back to tier specialize (measured: instructions per entry).  A
tier jit run must never be slower than tier specialize's.
"""

WORKLOAD = 60_000
QUICK_WORKLOAD = 10_000


def digits(k):
    s = 0
    while k:                        # 1-6 iterations a call
        s += k % 10
        k //= 10
    return s


def pairs(row):
    t = 0
    for a, b in zip(row, row[1:]):  # 3 iterations a call
        t += a * b
    return t


def run(n):
    total = 0
    row = [1, 2, 3, 4]
    for i in range(n):
        total += digits(i) + pairs(row)
        row[i & 3] = i & 15
    return total


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
