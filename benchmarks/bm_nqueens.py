"""N-queens: count all solutions by backtracking, with sets for the attacked
columns and diagonals and recursion per row.

``n`` is the board size.
"""

WORKLOAD = 10
QUICK_WORKLOAD = 8


def solve(n, row, cols, diag1, diag2, placed, out):
    if row == n:
        out.append(tuple(placed))
        return
    for col in range(n):
        if col in cols or (row + col) in diag1 or (row - col) in diag2:
            continue
        cols.add(col)
        diag1.add(row + col)
        diag2.add(row - col)
        placed.append(col)
        solve(n, row + 1, cols, diag1, diag2, placed, out)
        placed.pop()
        cols.remove(col)
        diag1.remove(row + col)
        diag2.remove(row - col)


def run(n):
    solutions = []
    solve(n, 0, set(), set(), set(), [], solutions)
    checksum = 0
    for sol in solutions:
        for i, c in enumerate(sol):
            checksum = (checksum * 7 + c * (i + 1)) % 1000003
    return f"{len(solutions)} {checksum}"


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
