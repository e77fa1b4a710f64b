# Uncaught chained exception: "During handling of the above exception, another exception occurred".
def load(name):
    try:
        return {"a": 1}[name]
    except KeyError:
        return int(name)


print(load("a"))
try:
    load("b")
except ValueError as e:
    print("context:", repr(e.__context__), e.__suppress_context__, e.__cause__)
try:
    try:
        raise OSError("disk")
    except OSError:
        raise RuntimeError("three") from None
except RuntimeError as e:
    print("suppressed:", e.__suppress_context__, repr(e.__context__))


def cleanup():
    try:
        1 / 0
    finally:
        print("in finally")
        [][1]


try:
    cleanup()
except IndexError as e:
    print("finally context:", type(e.__context__).__name__)
load("zzz")
