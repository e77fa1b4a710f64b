"""Spectral norm of an infinite matrix (Benchmarks Game), with small function calls.

After pyperformance's bm_spectral_norm; ``n`` is the matrix size.
"""

WORKLOAD = 80
QUICK_WORKLOAD = 36


def eval_A(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def eval_A_times_u(u):
    n = len(u)
    return [sum(eval_A(i, j) * u_j for j, u_j in enumerate(u)) for i in range(n)]


def eval_At_times_u(u):
    n = len(u)
    return [sum(eval_A(j, i) * u_j for j, u_j in enumerate(u)) for i in range(n)]


def eval_AtA_times_u(u):
    return eval_At_times_u(eval_A_times_u(u))


def run(n):
    u = [1.0] * n
    for _ in range(10):
        v = eval_AtA_times_u(u)
        u = eval_AtA_times_u(v)
    vBv = vv = 0.0
    for ue, ve in zip(u, v):
        vBv += ue * ve
        vv += ve * ve
    return vBv / vv


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
