# __del__ defined in the VM: runs at once when the last reference goes (del, rebinding, function return, container clear) and at exit.
class Noisy:
    def __init__(self, name):
        self.name = name
        print("init", name)

    def __del__(self):
        print("del", self.name)


a = Noisy("a")
del a
print("after del a")
b = Noisy("b1")
b = Noisy("b2")
print("after rebinding b")


def scope():
    local = Noisy("local")
    print("leaving scope")


scope()
print("after scope")
items = [Noisy("l1"), Noisy("l2")]
items.clear()
print("after clear")
d = {"k": Noisy("dv")}
d["k"] = None
print("after dict overwrite")


def make_temp():
    return Noisy("temp")


print("temp name:", make_temp().name)
print("after temp")
try:
    x = Noisy("in try")
    raise ValueError("boom")
except ValueError:
    del x
    print("handled")
keep_global = Noisy("global at exit")
_private_global = Noisy("underscore global at exit")
print("end of main")
