"""Module-level loops whose bridges (attached to the loop's slots on their own)
look names up in the module's namespace -- found there, missing there and found
in the builtins, missing everywhere -- and call builtins and program code."""


class Counter:
    def __init__(self):
        self.n = 0

    def inc(self):
        self.n += 1


c = Counter()
for i in range(3000):
    c.inc()
    if i == 1000:
        c.inc = lambda: setattr(c, "n", c.n + len("ab") * 5)
    if i == 2000:
        del c.inc
print(c.n)

total = 0
for i in range(2000):
    if i % 7 == 0:
        total += abs(-i) + max(i, 3)       # builtins, from a bridge
    elif i % 11 == 0:
        total += Counter().n + c.n          # program code
    else:
        total += 1
print(total)

seen = []
for i in range(600):
    if i > 400:
        try:
            seen.append(undefined_name)     # NameError on a bridge's path
        except NameError as e:
            seen.append(str(e))
            undefined_name = i
            del undefined_name
print(len(seen), seen[:2])
