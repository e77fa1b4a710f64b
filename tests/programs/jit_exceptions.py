"""Tier jit: exceptions raised inside compiled loops surface at the right line,
with the right frames, and handlers inside the loop catch them."""


def lookup(d, keys):
    found = 0
    for k in keys:
        found += d[k]
    return found


d = {i: i for i in range(100)}
print(lookup(d, list(range(100)) * 30))
try:
    lookup(d, list(range(100)) * 30 + [1000])
except KeyError as e:
    print("KeyError", e)


def helper(x):
    if x == 2500:
        raise ValueError(f"bad value {x}")
    return x * 2


def caller(n):
    total = 0
    for i in range(n):
        try:
            total += helper(i)
        except ValueError as e:
            print("caught", e)
            total = -total
    return total


print(caller(3000))


def uncaught(n):
    t = 0
    for i in range(n):
        t += helper(i)
    return t


def attr_errors(objs):
    s = 0
    for o in objs:
        s += o.real
    return s


print(attr_errors([1, 2.5, 3] * 1000))
try:
    attr_errors([1] * 2000 + ["x"])
except AttributeError as e:
    print("AttributeError", e)

uncaught(3000)
