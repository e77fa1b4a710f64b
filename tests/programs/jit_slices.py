"""Tier jit: slices built inside traced loops (BUILD_SLICE as a call of slice)."""
xs = list(range(10))
def f(n):
    t = 0
    for i in range(n):
        t += sum(xs[i % 5:]) + len(xs[1:8:2]) + xs[::-1][0]
    return t
print(f(3000))
