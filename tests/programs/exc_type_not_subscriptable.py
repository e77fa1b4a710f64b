# Uncaught TypeError: object is not subscriptable / does not support item assignment.
class Plain:
    pass


for obj in [5, None, Plain(), len]:
    try:
        print(obj[0])
    except TypeError as e:
        print("get:", e)
for obj in [(1, 2), "ab", frozenset()]:
    try:
        obj[0] = 1
    except TypeError as e:
        print("set:", e)
try:
    del (1,)[0]
except TypeError as e:
    print("del:", e)
try:
    {[1]: 2}
except TypeError as e:
    print("hash:", e)


def first(x):
    return x[0]


print(first([9, 8]))
print(first(3.5))
