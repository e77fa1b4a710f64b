"""Loops at module level and in class bodies (LOAD_NAME/STORE_NAME/DELETE_NAME
on the namespace dict the loop itself writes), functions they call that read
the module's globals, imports inside loops (IMPORT_NAME, IMPORT_FROM), and del
of names and globals -- with a name deleted or rebound on a later iteration."""

total = 0
squares = []
for i in range(300):
    total += i
    squares.append(i * i)
    if i == 150:
        shadow = 1            # a name that appears later
    if i > 150:
        total += shadow
print("module", total, len(squares), squares[-1])


def uses_globals(k):
    return total + k


acc = 0
for j in range(200):
    acc += uses_globals(j) % 7
    total = j                 # the function's global, rebound each iteration
print("calls", acc, total)

for k in range(100):
    import math
    from os import path as p
    acc += int(math.sqrt(k)) + len(p.sep)
print("imports", acc)

names = []
for k in range(100):
    tmp = k * 2
    names.append(tmp)
    del tmp
    if k == 50:
        try:
            print(tmp)
        except NameError as e:
            print("deleted:", e)
print("del", sum(names))


class Table:
    rows = []
    for r in range(100):
        rows.append(r % 7)
        last = r
    del r
    size = len(rows)


print("class body", Table.size, Table.last, sum(Table.rows), hasattr(Table, "r"))

builtin_shadowed = 0
for k in range(100):
    builtin_shadowed += len("ab")
    if k == 60:
        len = lambda s: 10     # a global shadows the builtin
print("shadow", builtin_shadowed)
del len

for k in range(100):
    if k == 90:
        missing_name_here      # NameError on a later iteration
