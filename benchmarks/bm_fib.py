"""Recursive fib: Python-to-Python calls and small-int arithmetic."""

WORKLOAD = 27
QUICK_WORKLOAD = 22


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def run(n):
    return fib(n)


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
