"""del of names, attributes, items, slices, globals; errors after deletion are caught."""
a = 1
b = [0, 1, 2, 3, 4, 5, 6]
del a
try:
    print(a)
except NameError as e:
    print("NameError:", e)
del b[0]
print(b)
del b[1:3]
print(b)
del b[::2]
print(b)
d = {"x": 1, "y": 2, "z": 3}
del d["y"]
print(d)
try:
    del d["nope"]
except KeyError as e:
    print("KeyError:", e)
class C:
    cls_attr = 5
    def __init__(self):
        self.p = 1
        self.q = 2
c = C()
del c.p
print(vars(c), hasattr(c, "p"))
try:
    del c.p
except AttributeError as e:
    print("AttributeError:", e)
del C.cls_attr
print(hasattr(c, "cls_attr"))
x, y, z = 1, 2, 3
del x, y
print("z" in dir(), "x" in dir(), z)
def f():
    loc = 5
    del loc
    try:
        return loc
    except UnboundLocalError as e:
        return "UnboundLocalError: " + str(e)
print(f())
g = 10
def h():
    global g
    del g
h()
print("g" in globals())
def closure():
    v = 1
    def inner():
        nonlocal v
        del v
    inner()
    try:
        print(v)
    except NameError as e:
        print(type(e).__name__, e)
closure()
class D:
    def __delattr__(self, name):
        print("delattr", name)
    def __delitem__(self, key):
        print("delitem", key)
dd = D()
del dd.anything
del dd[1], dd[2:3], dd["k"]
lst = list(range(4000))
while len(lst) > 10:
    del lst[::2]
print(lst)
nested = {"a": {"b": [1, 2, 3]}}
del nested["a"]["b"][1]
print(nested)
for i in range(3):
    pass
del i
print("i" in globals())
