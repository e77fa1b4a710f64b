"""exec(code, globals, closure=...): a tuple of exactly as many cells as the
code's free variables, none for other code or for source text (CPython's
messages); dir() with no argument lists a mapping's keys() as locals."""
from types import CellType


def make():
    a, b = 2, 3

    def uses():
        nonlocal a
        a = a * b

    return uses


def plain():
    pass


uses = make()
cells = uses.__closure__
tries = [
    ("ok", uses.__code__, cells),
    ("own cells", uses.__code__, (CellType(5), CellType(7))),
    ("none", uses.__code__, None),
    ("short", uses.__code__, cells[:1]),
    ("list", uses.__code__, list(cells)),
    ("not cells", uses.__code__, (1, 2)),
    ("plain code", plain.__code__, cells),
    ("source", "x = 1", cells),
    ("source, none", "x = 1", None),
]
for label, code, closure in tries:
    try:
        exec(code, {}, closure=closure)
        print(label, "ran", [c.cell_contents for c in closure] if closure else None)
    except TypeError as e:
        print(label, "TypeError", e)
try:
    exec(plain.__code__, 5, closure=cells)
except TypeError as e:
    print("bad globals first:", e)


class M:
    def __getitem__(self, key):
        if key == "a":
            return 12
        raise KeyError(key)

    def keys(self):
        return iter("zyx")


class D(dict):
    def keys(self):
        return ["q", "p"]


class BadKeys:
    def __getitem__(self, key):
        raise KeyError(key)

    def keys(self):
        return 5


print(eval("dir()", {}, M()), eval("dir()", {}, D(r=1)), eval("dir()", {}, {"b": 1, "a": 2}))
try:
    eval("dir()", {}, BadKeys())
except TypeError as e:
    print("TypeError", e)
