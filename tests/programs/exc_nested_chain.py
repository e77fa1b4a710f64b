# Uncaught exception raised 5 calls deep: every frame of the chain is in the traceback.
def level1(x):
    return level2(x + 1) * 2


def level2(x):
    y = x * 3
    return level3(y)


def level3(y):
    return [level4(v) for v in range(y)][-1]


def level4(v):
    if v < 10:
        return v
    return level5(v)


def level5(v):
    raise LookupError(f"value {v} too large")


print(level1(1))
print(level1(3))
