# Uncaught KeyError with a tuple key; caught KeyErrors show repr rules for str/empty/tuple keys.
table = {"a": 1, "b": 2}
for k in ["a", "z", "", (1, 2), None]:
    try:
        print(k, table[k])
    except KeyError as e:
        print("caught", repr(e), str(e), e.args)
try:
    {}.pop("gone")
except KeyError as e:
    print("pop:", e)
try:
    set().remove(3)
except KeyError as e:
    print("set:", e)


def lookup(d, *path):
    for p in path:
        d = d[p]
    return d


nested = {"x": {"y": {"z": 1}}}
print(lookup(nested, "x", "y", "z"))
print(lookup(nested, "x", ("y", 1), "z"))
