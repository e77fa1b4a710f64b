# A lambda (and a closure) made anew on every iteration, at module level and in a
# function, called through a helper: the trace identifies them by their code,
# not their identity (an identity guard would fail, and its weak constant die,
# on every iteration).  Later iterations change the defaults, then the code.


def apply(f, x):
    return f(x)


total = 0
for i in range(3000):
    g = lambda x: x + 1
    total += apply(g, i)
    if i > 2500:
        h = lambda x, k=i: x * 2 + k          # new defaults every iteration
        total += apply(h, i) % 7
print(total)


def work(n):
    out = 0
    for i in range(n):
        key = lambda r: r % 97
        out += apply(key, i * 31)
        if i == n // 2:
            key = lambda r: -r                # another code: a guard fails
            out += apply(key, i)
    return out


print(work(3000))
print([work(50) for _ in range(3)])
