"""Fannkuch-redux (Benchmarks Game): permutations and list slicing/reversal.

After pyperformance's bm_fannkuch; ``n`` is the permutation length.
"""

WORKLOAD = 8
QUICK_WORKLOAD = 7


def fannkuch(n):
    count = list(range(1, n + 1))
    max_flips = 0
    checksum = 0
    m = n - 1
    r = n
    perm1 = list(range(n))
    perm = list(range(n))
    sign = 1
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        if perm1[0] != 0 and perm1[m] != m:
            perm = perm1[:]
            flips = 0
            k = perm[0]
            while k:
                perm[:k + 1] = perm[k::-1]
                flips += 1
                k = perm[0]
            if flips > max_flips:
                max_flips = flips
            checksum += sign * flips
        sign = -sign
        while r != n:
            perm0 = perm1[0]
            for i in range(r):
                perm1[i] = perm1[i + 1]
            perm1[r] = perm0
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        else:
            return checksum, max_flips


def run(n):
    checksum, flips = fannkuch(n)
    return f"{checksum} {flips}"


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
