"""Matrix operations in pure Python: multiplication, transpose, determinant via Fraction Gaussian elimination, inverse, power (fibonacci)."""
from fractions import Fraction
def matmul(a, b):
    bt = list(zip(*b))
    return [[sum(x * y for x, y in zip(row, col)) for col in bt] for row in a]
def identity(n):
    return [[int(i == j) for j in range(n)] for i in range(n)]
def matpow(m, e):
    result = identity(len(m))
    while e:
        if e & 1:
            result = matmul(result, m)
        m = matmul(m, m)
        e >>= 1
    return result
def det(m):
    m = [[Fraction(v) for v in row] for row in m]
    n = len(m)
    d = Fraction(1)
    for c in range(n):
        p = next((r for r in range(c, n) if m[r][c] != 0), None)
        if p is None:
            return Fraction(0)
        if p != c:
            m[c], m[p] = m[p], m[c]
            d = -d
        d *= m[c][c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for k in range(c, n):
                m[r][k] -= f * m[c][k]
    return d
def inverse(m):
    n = len(m)
    a = [[Fraction(v) for v in row] + [Fraction(int(i == j)) for j in range(n)] for i, row in enumerate(m)]
    for c in range(n):
        p = next(r for r in range(c, n) if a[r][c] != 0)
        a[c], a[p] = a[p], a[c]
        pv = a[c][c]
        a[c] = [v / pv for v in a[c]]
        for r in range(n):
            if r != c and a[r][c] != 0:
                f = a[r][c]
                a[r] = [x - f * y for x, y in zip(a[r], a[c])]
    return [row[n:] for row in a]
A = [[2, -1, 0], [-1, 2, -1], [0, -1, 2]]
B = [[1, 2, 3], [4, 5, 6], [7, 8, 10]]
print(matmul(A, B))
print([list(r) for r in zip(*B)])
print(det(A), det(B), det([[1, 2], [2, 4]]))
inv = inverse(B)
print([[str(v) for v in row] for row in inv])
print(matmul(B, inv) == identity(3))
print(matpow([[1, 1], [1, 0]], 90)[0][1])
n = 30
M = [[(i * j + 1) % 7 for j in range(n)] for i in range(n)]
P = matmul(M, M)
print(sum(map(sum, P)), P[0][:5], P[n - 1][n - 1])
trace = sum(P[i][i] for i in range(n))
print(trace)
H = [[Fraction(1, i + j + 1) for j in range(5)] for i in range(5)]
print(det(H))
def lu_solve(a, b):
    n = len(a)
    aug = [[Fraction(x) for x in row] + [Fraction(bv)] for row, bv in zip(a, b)]
    for c in range(n):
        for r in range(c + 1, n):
            f = aug[r][c] / aug[c][c]
            aug[r] = [x - f * y for x, y in zip(aug[r], aug[c])]
    x = [Fraction(0)] * n
    for r in range(n - 1, -1, -1):
        x[r] = (aug[r][n] - sum(aug[r][k] * x[k] for k in range(r + 1, n))) / aug[r][r]
    return x
print([str(v) for v in lu_solve(A, [1, 0, 1])], [str(v) for v in lu_solve(B, [1, 1, 1])])
