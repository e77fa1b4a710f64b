"""A see-through builtin's loop inside an outer loop (tier jit: the outer trace
calls the builtin's loop code natively, call_loop_in): sums and lists over
generator expressions in comprehensions and loops, with the inner loop's exits
taken -- a type change mid-sum, an exception raised mid-iteration, a
generator's finally."""


def weight(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def rows(u):
    return [sum(weight(i, j) * x for j, x in enumerate(u)) for i in range(len(u))]


u = [1.0] * 12
for _ in range(6):
    u = rows(u)
print([round(x, 9) for x in u])

# the sum's types change on a later row: int, then float, then a big int
data = [list(range(k, k + 9)) for k in range(30)]
data[17][4] = 2.5
data[23][2] = 1 << 70
print([sum(v * v for v in row) for row in data])

# lists, tuples and sets of a genexpr, with the inner trip count varying
print([len(list(j for j in range(i % 7))) for i in range(40)])
print([tuple(j * 2 for j in range(3)) for i in range(25)][-1])
print(sorted({x % 5 for x in [sum(j for j in range(i)) for i in range(30)]}))


# an exception raised mid-iteration of the inner loop, on some outer iterations
def check(j, i):
    if i % 9 == 8 and j == 3:
        raise ValueError(f"bad {i}")
    return j


out = []
for i in range(40):
    try:
        out.append(sum(check(j, i) for j in range(6)))
    except ValueError as e:
        out.append(str(e))
print(out)


# a generator that cleans up: its finally runs where CPython runs it
def gen(n, log):
    try:
        for j in range(n):
            yield j
    finally:
        log.append(n)


log = []
print([sum(gen(i % 5, log)) for i in range(30)], log[-6:])
