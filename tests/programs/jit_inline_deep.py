# Calls nested 12 levels deep inside a hot loop (inlined up to
# record.inline.MAX_INLINE_DEPTH): the deepest levels are a closure and a
# method; a guard that fails at the bottom, an exception raised there and
# caught at the top, and a traceback through every level.
import traceback


def make(k):
    def l11(x):
        if x % 97 == 0:
            raise ValueError(f"bottom {x}")
        return x + k if x % 5 else x - k
    def l10(x):
        return l11(x) * 2
    return l10


l10 = make(3)


class Box:
    def __init__(self, v):
        self.v = v

    def l9(self, x):
        return l10(x + self.v) - 1


box = Box(1)


def l8(x): return box.l9(x) + 3
def l7(x): return l8(x) % 1000003
def l6(x): return l7(x) + 1
def l5(x): return l6(x) ^ 5
def l4(x): return l5(x) + 2
def l3(x): return l4(x) - 7
def l2(x): return l3(x) + 1
def l1(x): return l2(x) * 3
def l0(x): return l1(x) - x


def main(n):
    t = 0
    errors = 0
    for i in range(n):
        try:
            t += l0(i)
        except ValueError as e:
            errors += 1
            if errors == 5:
                box.v = 2          # the attribute read at level 9 changes
            if errors == 7:
                tb = traceback.extract_tb(e.__traceback__)
                print([f.name for f in tb])
    return t, errors


print(main(2000))
print(main(500))
