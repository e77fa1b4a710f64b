"""exec/eval with explicit globals/locals dicts, exec defining functions and classes, eval in nested scopes, compile()."""
g = {"x": 10}
print(eval("x * 2", g), eval("x + y", g, {"y": 5}), eval("len('abc')"))
exec("z = x + 1\ndef f(a):\n    return a * z\n", g)
print(g["z"], g["f"](3), sorted(k for k in g if k != "__builtins__"))
ns = {}
exec("""
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def dist2(self):
        return self.x ** 2 + self.y ** 2
p = Point(3, 4)
result = p.dist2()
""", ns)
print(ns["result"], ns["Point"].__name__, ns["Point"].__module__ if "__module__" in vars(ns["Point"]) else None)
loc = {}
exec("a = 1\nb = a + 1", {}, loc)
print(loc)
def in_function():
    local_var = 7
    print(eval("local_var * 3"))
    exec("new_var = 5")
    print("new_var" in locals(), eval("local_var + 1", {}, {"local_var": 100}))
in_function()
def nested_eval():
    outer = "outer value"
    def inner():
        return eval("outer") if False else eval("1 + 1")
    def inner2():
        try:
            return eval("outer")
        except NameError as e:
            return "NameError: " + str(e)
    def inner3():
        outer
        return eval("outer")
    return inner(), inner2(), inner3()
print(nested_eval())
code = compile("sum(range(n))", "<expr>", "eval")
print([eval(code, {"n": n}) for n in (10, 100, 1000)])
block = compile("for i in range(3):\n    out.append(i * i)\n", "<block>", "exec")
out = []
exec(block)
print(out)
exec("print('exec print', 1 + 2)")
try:
    eval("1 +")
except SyntaxError as e:
    print("SyntaxError:", e.msg, e.lineno)
try:
    exec("raise ValueError('from exec')")
except ValueError as e:
    print("ValueError:", e)
try:
    eval("undefined_thing")
except NameError as e:
    print("NameError:", e)
safe = {"__builtins__": {}}
try:
    eval("len([1])", safe)
except NameError as e:
    print("NameError:", e)
print(eval("abs(-3)", {"__builtins__": {"abs": abs}}))
gl = {}
exec("import math\nroot = math.sqrt(16)", gl)
print(gl["root"], "math" in gl)
src = "def fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\n"
scope = {}
exec(src, scope)
print(scope["fact"](20), scope["fact"].__name__, scope["fact"].__code__.co_filename)
acc = 0
expr = compile("i * i % 7", "<loop>", "eval")
for i in range(2000):
    acc += eval(expr)
print(acc)
print(eval("[k for k in range(3)]"), eval("(lambda q: q + 1)(4)"), eval("x", {"x": "global"}, {"x": "local"}))
m = {"v": 1}
exec("v += 1\nw = v * 10", m)
print(m["v"], m["w"])
exec("global gv\ngv = 'set via exec'")
print(gv)
