"""__del__ ordering with refcounting: del, rebinding, scope exit, containers, cycles collected by gc.collect()."""
import gc
log = []
class Res:
    def __init__(self, name):
        self.name = name
        print("open", name)
    def __del__(self):
        print("close", self.name)
r = Res("a")
del r
print("after del a")
r = Res("b")
r = Res("c")
print("after rebinding")
def scope():
    local = Res("d")
    print("in scope")
scope()
print("after scope")
lst = [Res("e1"), Res("e2")]
lst.pop()
print("after pop")
lst.clear()
print("after clear")
d = {"k": Res("f")}
d["k"] = None
print("after dict overwrite")
def make_cycle():
    x = Res("cyc1")
    y = Res("cyc2")
    x.other = y
    y.other = x
# (the order a collection finalizes a cycle in depends on the generations its
# objects are in; a collection first leaves both in the youngest: CPython's order
# then does not hang on how many objects the runtime allocated before)
gc.collect()
make_cycle()
print("cycle unreachable")
gc.collect()
print("after collect")
class Holder:
    def __init__(self):
        self.items = [Res(f"h{i}") for i in range(3)]
h = Holder()
del h
print("after holder")
def ret():
    return Res("temp")
ret()
print("after temp discard")
x = ret().name
print("name was", x)
count = 0
class Counted:
    def __del__(self):
        global count
        count += 1
for i in range(3000):
    c = Counted()
print("deleted", count)
del c
print("deleted", count)
try:
    raise ValueError(Res("in exc"))
except ValueError:
    print("handling")
print("after handler")
r = None
print("end of program")
