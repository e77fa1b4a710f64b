# Uncaught AttributeError with "Did you mean" on an instance attribute; caught ones on modules and types.
import math


class Point:
    def __init__(self, x, y):
        self.x_coord = x
        self.y_coord = y

    def distance(self):
        return math.hypot(self.x_coord, self.y_coord)


p = Point(3, 4)
print(p.distance())
try:
    math.sqroot(4)
except AttributeError as e:
    print("module:", e, "| name:", e.name)
try:
    "abc".uper()
except AttributeError as e:
    print("str:", e)
try:
    None.foo
except AttributeError as e:
    print("none:", e)
try:
    p.distanse()
except AttributeError as e:
    print("caught:", e, "|", e.name, "|", type(e.obj).__name__)
print(p.x_cord)
