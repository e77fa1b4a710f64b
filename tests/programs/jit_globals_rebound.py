"""Tier jit: traces of functions whose globals the program keeps rebinding.
A module-level loop assigns globals at every iteration (``total += ...``,
its loop variable), which changes the globals dict's version: the version
guards of every loop it calls failed at each entry, and those loops were sent
back.  Now a dict whose guards keep failing after a retrace is read by name
(``record.attributes.dict_changed``).  Covered: a loop reading a global
constant and a builtin, called from a module-level loop; a function storing a
``global`` in its loop; and guard failures of the reads: the global rebound to
another type, a builtin shadowed by a global and unshadowed again, a global
deleted (NameError at its line), a function global replaced."""

SCALE = 3


def work(xs):
    s = 0
    for x in xs:
        s += x * SCALE + len(xs)
    return s


def helper(v):
    return v + 1


def calls(xs):
    s = 0
    for x in xs:
        s += helper(x)
    return s


count = 0


def bump(xs):
    global count
    for x in xs:
        count += x


xs = list(range(30))
total = 0
for i in range(400):
    total += work(xs)
    bump(xs)
    last = i
print("plain", total, count, last)

for i in range(300):
    if i == 150:
        SCALE = 2.5           # another type: the reads' class guards fail
    total += work(xs)
print("rebound", total)

for i in range(300):
    if i == 100:
        def len(v):           # a global now shadows the builtin
            return 7
    if i == 200:
        del len               # and the builtin is found again
    total += work(xs)
print("shadowed", total)

for i in range(300):
    if i == 150:
        def helper(v):        # the function a trace inlined, replaced
            return v - 1
    total += calls(xs)
print("replaced", total)

for i in range(200):
    bump(xs)
print("stored", count)

del SCALE
try:
    for i in range(10):
        total += work(xs)
except NameError as e:
    print("deleted", e, total)
