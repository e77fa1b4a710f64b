"""Globals and builtins that are dict subclasses (exec/eval namespaces): LOAD_GLOBAL
looks a name up by __getitem__ when the plain lookup fails (a subclass's
__missing__ answers, its KeyError is the NameError), LOAD_NAME reads the globals
as a plain dict and non-dict builtins by __getitem__."""


class Numbers(dict):
    def __missing__(self, key):
        if key.startswith("_n"):
            return int(key[2:])
        raise KeyError(key)


code = "lambda: " + "+".join(f"_n{i}" for i in range(60))
f = eval(code, Numbers())
for _ in range(40):  # (warm: specialized forms, blocks, traces)
    r = f()
print(r, sum(range(60)))

g = Numbers(k=5)
exec("def h():\n    return _n7 + k + len('ab')\nres = [h() for _ in range(30)][-1]", g)
print(g["res"])
try:
    exec("def bad():\n    return undefined_name\nbad()", Numbers())
except NameError as e:
    print(type(e).__name__, e, e.__context__)

# LOAD_NAME: module-level code reads the globals without __missing__
try:
    exec("print(_n3)", Numbers())
except NameError as e:
    print("LOAD_NAME", e)


class Builtins(dict):
    def __missing__(self, key):
        return "builtin:" + key


ns = {"__builtins__": Builtins(print=print)}
exec("print(anything)\ndef q():\n    return other\nprint(q())", ns)


class Loud(dict):
    def __missing__(self, key):
        raise LookupError("not KeyError: " + key)


try:
    eval("lambda: nope", Loud())()
except LookupError as e:
    print(type(e).__name__, e)
