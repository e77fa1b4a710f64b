"""Exceptions raised in the middle of warm code (tier specialize runs it as
blocks with stack values in host locals): the handler sees the right stack,
tracebacks the right line, loops continue correctly."""


def div_all(xs):
    out = []
    for x in xs:
        try:
            out.append(100 // x + len(out))
        except ZeroDivisionError as e:
            out.append(str(e))
    return out


def lookups(d, keys):
    hits = misses = 0
    for k in keys:
        try:
            hits += d[k] * 2
        except KeyError:
            misses += 1
        finally:
            hits += 1
    return hits, misses


def nested(n):
    res = []
    for i in range(n):
        for j in range(3):
            try:
                if j == 2 and i % 5 == 4:
                    raise ValueError(i)
                res.append(i * j)
            except ValueError as e:
                res.append(-e.args[0])
                break
        else:
            res.append(None)
    return res


def with_cm(n):
    class CM:
        def __enter__(self):
            return self

        def __exit__(self, *a):
            return a[0] is ArithmeticError or (a[0] is not None and issubclass(a[0], ArithmeticError))

    t = 0
    for i in range(n):
        with CM():
            t += 10 // (i % 4)
    return t


def comp(n):
    try:
        return [1 / (i - n // 2) for i in range(n)]
    except ZeroDivisionError as e:
        return repr(e)


def gen(n):
    for i in range(n):
        yield i
        if i == n - 3:
            raise RuntimeError("gen stopped")


def consume():
    got = []
    try:
        for v in gen(30):
            got.append(v * v)
    except RuntimeError as e:
        got.append(str(e))
    return got[-4:]


def unbound(n):
    for i in range(n):
        v = i
        if i == n - 1:
            del v
        w = v + 1
    return w


G = 5


def global_goes(n):
    global G
    t = 0
    for i in range(n):
        t += G
        if i == n - 2:
            del G
    return t


print(div_all([5, 3, 0, 7, 0, 1] * 6))
print(lookups({i: i for i in range(0, 40, 3)}, range(40)))
print(nested(20))
print(with_cm(20))
print(comp(20))
print(consume())
try:
    unbound(30)
except UnboundLocalError as e:
    print("unbound:", e)
try:
    global_goes(30)
except NameError as e:
    print("name:", e)


def deep(n):
    acc = 0
    for i in range(n):
        acc += i
        if i == n - 1:
            return acc + [1, 2][i]  # IndexError, uncaught: the traceback's line and carets


print(deep(25))
