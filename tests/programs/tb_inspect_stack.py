# inspect.stack / sys._getframe / currentframe: names, line numbers, f_back chain and f_locals of user frames.
import inspect
import sys


def who_called():
    f = sys._getframe(1)
    return f.f_code.co_name, f.f_lineno


def where_am_i():
    frame = inspect.currentframe()
    return frame.f_code.co_name, frame.f_lineno, frame.f_back.f_code.co_name


def with_locals(a, b=2):
    c = a + b
    loc = sys._getframe().f_locals
    return sorted((k, v) for k, v in loc.items() if k != "loc")


def level2():
    names = [fi.function for fi in inspect.stack()]
    lines = [fi.lineno for fi in inspect.stack()]
    return names[:3], lines[:3], inspect.stack()[0].code_context


def level1():
    return level2()


def chain():
    f = sys._getframe()
    out = []
    while f is not None and f.f_code.co_name != "<module>":
        out.append(f.f_code.co_name)
        f = f.f_back
    out.append(f.f_code.co_name if f else None)
    return out


def a():
    return b()


def b():
    return chain()


def caller():
    return who_called()


print(caller())
print(where_am_i())
print(with_locals(5))
print(level1())
print(a())
print(sys._getframe().f_code.co_name, sys._getframe().f_globals is globals())
print(inspect.getframeinfo(sys._getframe()).lineno)
try:
    sys._getframe(500)
except ValueError as e:
    print("too deep:", e)
