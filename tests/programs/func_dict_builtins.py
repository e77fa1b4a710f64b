"""A function's __dict__ (replaced by a dict only, never deleted) and
__builtins__ (a function made from a code object and globals without
__builtins__ takes the calling frame's builtins)."""


def f():
    pass


f.x = 1
print(f.__dict__, vars(f))
for bad in (None, [("a", 1)], 3):
    try:
        f.__dict__ = bad
    except TypeError as e:
        print("set", type(e).__name__, e)
try:
    del f.__dict__
except TypeError as e:
    print("del", type(e).__name__, e)
d = {"y": 2}
f.__dict__ = d
print(f.__dict__ is d, f.y, hasattr(f, "x"))
f.z = 3
print(d)


class Sub(dict):
    pass


f.__dict__ = Sub(w=4)
print(type(f.__dict__).__name__, f.w)

g = type(f)(f.__code__, {})
print(g.__builtins__ is __builtins__.__dict__ if hasattr(__builtins__, "__dict__")
      else g.__builtins__ is __builtins__, g.__globals__)
safe = {"None": None, "len": len}
ns = {"type": type, "__builtins__": safe}
exec("def h(s): return len(s)\nh2 = type(h)(h.__code__, {})\nh3 = type(h)(h.__code__, {'__builtins__': {'len': lambda s: -1}})", ns)
print(ns["h"].__builtins__ is safe, ns["h2"].__builtins__ is safe, "__builtins__" in ns["h2"].__globals__)
print(ns["h2"]("abc"), ns["h3"]("abc"), sorted(ns["h3"].__builtins__))
try:
    ns["h2"](None)
except TypeError as e:
    print(type(e).__name__, e)
