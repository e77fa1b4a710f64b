def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

def work():
    out = []
    for i in range(5):
        out.append(fib(i + 5))
    return sorted(out, key=lambda v: -v)

print(work())
