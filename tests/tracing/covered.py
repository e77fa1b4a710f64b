def classify(n):
    if n < 0:
        return "neg"
    elif n == 0:
        return "zero"
    for i in range(2):
        n += i
    return "pos"


def unused():
    return 1


print([classify(v) for v in (-1, 3)])
