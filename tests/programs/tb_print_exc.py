# traceback.print_exc / format_exc / format_exception / format_exception_only on caught exceptions (incl. chains).
import sys
import traceback


def inner(x):
    return {"a": 1}[x]


def outer(x):
    try:
        return inner(x)
    except KeyError as e:
        raise ValueError(f"bad key {x}") from e


try:
    outer("b")
except ValueError:
    traceback.print_exc(file=sys.stdout)
print("---- format_exc")
try:
    [1, 2, 3][10]
except IndexError:
    text = traceback.format_exc()
    print(text, end="")
    print("lines:", len(text.splitlines()))
print("---- format_exception (new-style, exc only)")
try:
    outer("zz")
except ValueError as e:
    parts = traceback.format_exception(e)
    print(len(parts))
    print("".join(parts), end="")
    print("---- chain=False, limit=1")
    print("".join(traceback.format_exception(type(e), e, e.__traceback__, limit=1, chain=False)), end="")
    print("---- format_exception_only")
    print(traceback.format_exception_only(type(e), e))
print("---- print_exc to stderr")
try:
    int("nope")
except ValueError:
    traceback.print_exc()
sys.stderr.flush()
print("---- print_exception(limit=-1)")
try:
    outer("q")
except ValueError as e:
    traceback.print_exception(e, limit=-1, file=sys.stdout)
print("done")
