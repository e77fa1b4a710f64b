"""f-strings: format specs, conversions (!r !s !a), nested fields, = specifier, objects with __format__."""
import datetime
x, y, name = 42, 3.14159, "pyjit"
print(f"{x} {y} {name}")
print(f"{x:5d}|{x:<5}|{x:^5}|{x:>5}|{x:05}|{x:+}|{-x:+}|{x: }")
print(f"{y:.2f} {y:10.3f} {y:e} {y:.3g} {y:%} {1234567.891:,.2f} {1234567:_}")
print(f"{x:b} {x:o} {x:x} {x:X} {x:#b} {x:#o} {x:#x} {255:08b}")
print(f"{name!r} {name!s} {'é'!a} {name!r:>10} {name:*^11}")
width, prec = 12, 4
print(f"{y:{width}.{prec}f}|{name:{'>'}{width}}|{x:{'0'}{width}d}")
print(f"{x=} {y=:.2f} {name=!r} {x + 1 = }")
print(f"{'nested ' + f'{x * 2}'}", f"{[i for i in range(3)]}", f"{ {'a': 1}['a'] }")
print(f"{{literal braces}} {x}{{}}")
d = {"k": "v", 1: "one"}
print(f"{d['k']} {d[1]} {len(d)} {d!r}")
class Money:
    def __init__(self, v):
        self.v = v
    def __format__(self, spec):
        if spec == "usd":
            return f"${self.v:,.2f}"
        return format(self.v, spec)
    def __repr__(self):
        return f"Money({self.v!r})"
    def __str__(self):
        return f"{self.v} units"
m = Money(1234.5)
print(f"{m:usd} {m:.1f} {m} {m!r} {m!s:>15}")
print("{:usd}|{!r}|{}".format(m, m, m), format(m, "usd"), format(3.5, "06.2f"))
dt = datetime.date(2024, 3, 9)
print(f"{dt:%Y/%m/%d} {dt:%A %B} {dt!r}")
print(f"{3+4j} {complex(1, -2):.1f} {True} {None} {True:d} {1e100:.3e} {float('nan')} {float('-inf'):>6}")
total = 0
for i in range(2000):
    s = f"{i:04d}-{i % 7}"
    total += len(s) + int(s[:4])
print(total, s)
lines = [f"{k:<6}{v:>6.1f}" for k, v in [("a", 1.25), ("bb", 22.5), ("ccc", 333.75)]]
print("\n".join(lines))
print(f"{'multi'}"
      f"{'part'}"
      "plain")
print(f"{x!r:>{width}}", f"{3.0:g}", f"{100:,d}", f"{0.5:.0%}", f"{-0.0}", f"{1_000_000:e}")
