# sep.join(...) of a VM generator or a map/filter of a VM function runs in the VM
# (pyjit/seethrough.py): results, errors and laziness as CPython's.


def words(n):
    for i in range(n):
        yield f"w{i}"


def long_join(n):
    s = "".join(c for c in words(n) if c[-1] != "7")
    return len(s), s[:12], s[-12:]


def per_iteration(n):
    t = 0
    for k in range(n):
        t += len(",".join(str(i * k) for i in range(k % 9)))
        t += len("-".join(map(lambda v: str(v + k), range(3))))
        t += len("".join(filter(lambda c: c != "a", "banana" * (k % 3))))
    return t


def bad_item():
    try:
        print("".join(x for x in ["a", 2, "c"]))
    except TypeError as e:
        print("TypeError:", e)


def raises_midway():
    def g():
        yield "a"
        yield "b"
        raise KeyError("midway")
    try:
        " ".join(g())
    except KeyError as e:
        print("KeyError", e)


def laziness():
    seen = []

    def g():
        for c in "xyz":
            seen.append(c)
            yield c
    it = g()
    print(next(it), "|".join(it), seen)
    print(repr("".join(c for c in "")), repr(",".join(map(lambda v: v, []))))


class Sep(str):
    pass


print(long_join(5000))
print(per_iteration(3000))
bad_item()
raises_midway()
laziness()
print(Sep("+").join(c for c in "abc"), str.join("/", (c for c in "xyz")))
j = ";".join
print(j(str(i) for i in range(4)))
print("".join(x for x in [1]))
