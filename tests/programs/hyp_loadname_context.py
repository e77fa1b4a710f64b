# Found by the Hypothesis program generator: a NameError raised by a module-level
# name lookup while handling another exception keeps that exception as __context__.
try:
    1 / 0
except Exception:
    try:
        undefined_name
    except NameError as e:
        print(repr(e.__context__), e.__suppress_context__)


def f():
    try:
        [][1]
    except IndexError:
        try:
            also_undefined
        except NameError as e:
            print(repr(e.__context__), e.__suppress_context__)


f()
try:
    {}["k"]
except KeyError:
    undefined_name
