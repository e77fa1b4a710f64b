# __repr__/__str__/__format__ defined in the VM, called by print, f-strings, str.format, %-formatting, containers and logging.
import logging
import sys


class Money:
    def __init__(self, cents, cur="EUR"):
        self.cents, self.cur = cents, cur

    def __repr__(self):
        return f"Money({self.cents}, {self.cur!r})"

    def __str__(self):
        return f"{self.cents / 100:.2f} {self.cur}"

    def __format__(self, spec):
        if spec == "short":
            return f"{self.cents // 100}{self.cur[0]}"
        if spec:
            return format(self.cents / 100, spec) + " " + self.cur
        return str(self)


class OnlyRepr:
    def __repr__(self):
        return "<OnlyRepr é>"


m = Money(12345)
print(m)
print(repr(m), str(m), [m], (m,), {"k": m})
print(f"{m} | {m!r} | {m!s} | {m:short} | {m:>12.1f} | {m!a}")
print("{} {!r} {:short} {0:.3f}".format(m, m, m) if False else "{0} {0!r} {0:short} {0:.3f}".format(m))
print("%s and %r" % (m, m), "%(x)s" % {"x": m})
print(format(m, "short"), format(OnlyRepr()), str(OnlyRepr()), ascii(OnlyRepr()))
print("{:^20}".format("centered"), f"{3.14159:.2f}", f"{42:08b}", f"{'x'!r:>5}")
logging.basicConfig(stream=sys.stdout, format="%(levelname)s %(message)s", level=logging.INFO)
logging.info("money is %s, repr %r", m, m)
logging.info(m)
logging.warning("dict %s", {"m": m})


class Broken:
    def __repr__(self):
        raise ValueError("repr broke")


try:
    print([Broken()])
except ValueError as e:
    print("repr error:", e)
try:
    f"{m:bad spec}"
except ValueError as e:
    print("format error:", e)


class Tree:
    def __init__(self, *kids):
        self.kids = kids

    def __repr__(self):
        return f"T{list(self.kids)}" if self.kids else "leaf"


print(Tree(Tree(), Tree(Tree())))
