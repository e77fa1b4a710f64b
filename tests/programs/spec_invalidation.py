# Tier specialize: one hot loop whose specialized sites see every kind of invalidation
# at fixed iterations: a method monkeypatched on the class, a global reassigned and
# deleted, a builtin shadowed by a global, __class__ assignment, an instance attribute
# shadowing a method, a property added to the class, a module attribute changed, a
# base class changed, __getitem__ replaced.  Every result is printed, so a stale cache
# shows at once.
import types

helpers = types.ModuleType("helpers")
helpers.factor = 3


class Base:
    bonus = 0


class Shape(Base):
    def __init__(self, w):
        self.w = w

    def area(self):
        return self.w * self.w

    def __getitem__(self, i):
        return self.w + i


class Circle(Base):
    def __init__(self, w):
        self.w = w

    def area(self):
        return 3 * self.w * self.w

    def __getitem__(self, i):
        return -i


OFFSET = 100


def step(s, i):
    # LOAD_GLOBAL_MODULE (OFFSET), LOAD_GLOBAL_BUILTIN (len), LOAD_METHOD_WITH_VALUES
    # (area), LOAD_ATTR_INSTANCE_VALUE (w), LOAD_ATTR_MODULE (factor), BINARY_SUBSCR
    # (s[i]), LOAD_ATTR via a base-class attribute (bonus)
    return (s.area() + s.w * helpers.factor + OFFSET + len("xy") + s[1] + s.bonus, i)


s = Shape(2)
log = []
prev = None
for i in range(400):
    if i == 30:
        Shape.area = lambda self: -self.w                   # monkeypatched method
    elif i == 60:
        OFFSET = 1000                                        # global reassigned
    elif i == 90:
        len = lambda x: 40                                   # noqa: E731  shadows builtin
    elif i == 120:
        s.__class__ = Circle                                 # __class__ assignment
    elif i == 150:
        s.area = lambda: 7                                   # instance attr shadows method
    elif i == 180:
        Circle.w = property(lambda self: 5)                  # data descriptor added later
    elif i == 210:
        helpers.factor = 11                                  # module attribute changed
    elif i == 240:
        Base.bonus = 10000                                   # base class changed
    elif i == 270:
        Circle.__getitem__ = lambda self, i: 500             # __getitem__ replaced
    elif i == 300:
        del len                                              # builtin visible again
        del Circle.w                                         # instance dict visible again
        del s.area
    elif i == 330:
        del OFFSET                                           # global deleted
    elif i == 360:
        OFFSET = -1
    try:
        r = step(s, i)[0]
    except NameError as e:
        r = str(e)
    if r != prev:
        log.append((i, r))
        prev = r
for entry in log:
    print(*entry)


# the same kinds of change at specialized STORE_ATTR / STORE_SUBSCR sites
class Box:
    def __init__(self):
        self.v = 0


def put(b, d, i):
    b.v = i
    d[i % 4] = i


b, d = Box(), {}
seen = []
for i in range(200):
    if i == 50:
        Box.v = property(lambda self: "prop", lambda self, v: seen.append(("setter", v)))
    if i == 100:
        del Box.v
        d = [0, 0, 0, 0]
    if i == 150:
        class Box2:
            __slots__ = ("v",)
        b = Box2()
    put(b, d, i)
print(seen[:2], len(seen), b.v, d)
