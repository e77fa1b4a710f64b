"""ExceptionGroup and except*: splitting, nested groups, handlers for multiple types, re-raise of unhandled parts, subgroup/split."""
def show(eg, indent=0):
    pad = " " * indent
    if isinstance(eg, BaseExceptionGroup):
        print(f"{pad}{type(eg).__name__}({eg.message!r}, {len(eg.exceptions)} exceptions)")
        for e in eg.exceptions:
            show(e, indent + 2)
    else:
        print(f"{pad}{type(eg).__name__}({eg})")
eg = ExceptionGroup("many", [ValueError("v1"), TypeError("t1"), ValueError("v2"), KeyError("k")])
try:
    raise eg
except* ValueError as g:
    print("ValueError group:")
    show(g, 2)
except* TypeError as g:
    print("TypeError group:")
    show(g, 2)
except* LookupError as g:
    print("LookupError group:")
    show(g, 2)
try:
    try:
        raise ExceptionGroup("partial", [ValueError("handled"), OSError("unhandled")])
    except* ValueError:
        print("handled the ValueError part")
except ExceptionGroup as rest:
    print("remaining:")
    show(rest, 2)
try:
    raise ExceptionGroup("outer", [ValueError("a"), ExceptionGroup("inner", [TypeError("b"), ValueError("c")])])
except* ValueError as g:
    show(g)
except* TypeError as g:
    show(g)
try:
    raise ValueError("naked")
except* ValueError as g:
    print("naked exception wrapped:", type(g).__name__, g.exceptions)
eg = ExceptionGroup("split me", [ValueError(1), TypeError(2), ValueError(3)])
match, rest = eg.split(ValueError)
show(match)
show(rest)
print(eg.subgroup(lambda e: isinstance(e, TypeError)).exceptions, eg.subgroup(KeyError))
try:
    try:
        raise ExceptionGroup("g", [ValueError("x")])
    except* ValueError:
        raise KeyError("raised in except*")
except ExceptionGroup as e:
    show(e)
    print("context of inner:", repr(e.exceptions[0].__context__))
except KeyError as e:
    print("plain KeyError", e)
try:
    raise BaseExceptionGroup("base", [KeyboardInterrupt(), ValueError("v")])
except* KeyboardInterrupt:
    print("caught KeyboardInterrupt part")
except* ValueError:
    print("caught ValueError part")
class MyGroup(ExceptionGroup):
    def derive(self, excs):
        return MyGroup(self.message + "!", excs)
try:
    raise MyGroup("custom", [ValueError(1), TypeError(2)])
except* ValueError as g:
    print(type(g).__name__, g.message)
except* TypeError as g:
    print(type(g).__name__, g.message)
try:
    ExceptionGroup("bad", [])
except ValueError as e:
    print("ValueError:", e)
try:
    ExceptionGroup("bad", [1])
except ValueError as e:
    print("ValueError:", e)
print(str(ExceptionGroup("msg", [ValueError()])), repr(ExceptionGroup("msg", [ValueError("z")])))
hits = 0
for i in range(1000):
    try:
        raise ExceptionGroup("loop", [ValueError(i)] if i % 2 else [TypeError(i)])
    except* ValueError:
        hits += 1
    except* TypeError:
        hits += 2
print(hits)
def handler_flow():
    for i in range(3):
        try:
            raise ExceptionGroup("x", [ValueError(i)])
        except* ValueError:
            print("handled iteration", i)
    return "done"
print(handler_flow())
raise ExceptionGroup("uncaught group", [ValueError("one"), TypeError("two")])
