"""globals(), locals(), vars(), dir(): contents and mutation, class namespaces, module __name__, builtins shadowing."""
import builtins
a_global = 1
print(__name__, "a_global" in globals(), globals()["a_global"], globals() is vars())
globals()["injected"] = "via globals()"
print(injected)
def show_locals(p, q=2):
    r = p + q
    loc = locals()
    return sorted(loc.items())
print(show_locals(1))
def locals_snapshot():
    x = 1
    snap = locals()
    x = 2
    return snap["x"], locals()["x"]
print(locals_snapshot())
class K:
    attr = 5
    def method(self):
        pass
    names = sorted(k for k in locals() if not k.startswith("__"))
print(K.names, sorted(k for k in vars(K) if not k.startswith("__")))
obj = K()
obj.inst = "i"
print(vars(obj), "inst" in dir(obj), "attr" in dir(obj), "method" in dir(K))
try:
    vars(5)
except TypeError as e:
    print("TypeError:", e)
def shadow_builtin():
    len = lambda x: "shadowed len"
    return len([1, 2])
print(shadow_builtin(), len([1, 2]))
def global_builtin_shadow():
    global print_alias
    print_alias = print
    print_alias("aliased print works")
global_builtin_shadow()
max = lambda *a: "module-level max"
print(max(1, 2), builtins.max(1, 2))
del max
print(max(1, 2))
builtins.custom_builtin = "from builtins"
print(custom_builtin)
del builtins.custom_builtin
try:
    custom_builtin
except NameError as e:
    print("NameError:", e)
print(sorted(k for k in dir() if not k.startswith("_"))[:6])
def nested():
    v = "nested"
    def inner():
        return "v" in locals(), v, "v" in locals()
    return inner()
print(nested())
def dir_in_func(a, b):
    c = 3
    return dir()
print(dir_in_func(1, 2))
import types
mod = types.ModuleType("virtual")
exec("x = 42\ndef hello():\n    return __name__", mod.__dict__)
print(mod.x, mod.hello(), vars(mod)["x"])
print(type(__builtins__).__name__ in ("module", "dict"), __doc__ is None, __spec__ is None or True)
counts = {}
for i in range(3000):
    key = "k" + str(i % 5)
    counts[key] = globals().get("a_global") + counts.get(key, 0)
print(counts)
