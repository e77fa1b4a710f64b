# Uncaught exception raised in __init__ via super().__init__ chain; __new__ error caught.
class Base:
    def __init__(self, size):
        if size < 0:
            raise ValueError(f"size must be >= 0, got {size}")
        self.size = size


class Child(Base):
    def __init__(self, size, name):
        super().__init__(size)
        self.name = name


class Weird:
    def __new__(cls, x):
        if x is None:
            raise TypeError("no None allowed")
        return super().__new__(cls)

    def __init__(self, x):
        self.x = x


c = Child(3, "ok")
print(c.size, c.name)
try:
    Weird(None)
except TypeError as e:
    print("new:", e)
print(Weird(2).x)
Child(-1, "bad")
