"""Tier jit: a loop whose body calls its own function (a residual call runs the
same loop, same trace, nested); the nested runs record bridges and recompile
the loop while the outer run is still inside the previous code."""


def walk(depth, width, acc):
    total = 0
    for i in range(width):
        if (i + depth) % 3 == 0:
            total += i * depth
        elif i % 2:
            total -= depth
        else:
            total += 1
        if depth > 0 and i == width - 1:
            total += walk(depth - 1, width, acc)
        acc.append(total & 7)
    return total


for w in (5, 40, 200):
    acc = []
    print(w, walk(6, w, acc), sum(acc), len(acc))
