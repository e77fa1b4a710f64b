# Uncaught exception raised in a functools.reduce callback.
import functools
import operator

print(functools.reduce(operator.mul, range(1, 6)))
print(functools.reduce(lambda a, b: a + b, ["x", "y", "z"], ">"))


def safe_div(acc, x):
    return acc / x


print(functools.reduce(safe_div, [2, 4], 64))
print(functools.reduce(safe_div, [2, 0, 4], 64))
