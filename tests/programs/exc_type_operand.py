# Uncaught TypeError: unsupported operand types in a binary op; caught variants for other operators.
pairs = [(1, "a"), ([1], 2.5), (None, None), ({}, {}), ("x", 2)]
for a, b in pairs:
    for name, op in [("+", lambda: a + b), ("-", lambda: a - b), ("<", lambda: a < b),
                     ("*", lambda: a * b), ("**", lambda: a ** b)]:
        try:
            r = op()
            print(repr(a), name, repr(b), "=", repr(r))
        except TypeError as e:
            print(repr(a), name, repr(b), "!", e)
try:
    -"s"
except TypeError as e:
    print("unary:", e)
try:
    x = [1]
    x += None
except TypeError as e:
    print("inplace:", e)


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        if isinstance(other, Money):
            return Money(self.cents + other.cents)
        return NotImplemented


total = Money(5) + Money(7)
print(total.cents)
total = total + 3
