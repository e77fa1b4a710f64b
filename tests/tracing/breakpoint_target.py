def compute(values):
    acc = 0
    for v in values:
        acc += v * v
        if v == 3:
            breakpoint()
            acc += 100
    return acc


print(compute([1, 2, 3, 4]))
