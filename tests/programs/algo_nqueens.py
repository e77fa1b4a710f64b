"""N-queens by backtracking (counts and first solutions for n=1..8), plus permutations-based check."""
def solve(n):
    cols, d1, d2 = set(), set(), set()
    board = []
    solutions = []
    def place(r):
        if r == n:
            solutions.append(board[:])
            return
        for c in range(n):
            if c in cols or (r - c) in d1 or (r + c) in d2:
                continue
            cols.add(c); d1.add(r - c); d2.add(r + c); board.append(c)
            place(r + 1)
            cols.remove(c); d1.remove(r - c); d2.remove(r + c); board.pop()
    place(0)
    return solutions
for n in range(1, 9):
    sols = solve(n)
    print(n, len(sols), sols[0] if sols else None)
def show(sol):
    for c in sol:
        print(" ".join("Q" if i == c else "." for i in range(len(sol))))
show(solve(6)[0])
def count_bits(n):
    full = (1 << n) - 1
    def go(cols, ld, rd):
        if cols == full:
            return 1
        total = 0
        avail = full & ~(cols | ld | rd)
        while avail:
            bit = avail & -avail
            avail -= bit
            total += go(cols | bit, (ld | bit) << 1 & full, (rd | bit) >> 1)
        return total
    return go(0, 0, 0)
print([count_bits(n) for n in range(1, 10)])
