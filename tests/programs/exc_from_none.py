# Uncaught exception raised `from None` inside an except block: the context is not printed.
class NotFound(Exception):
    pass


def find(registry, key):
    try:
        return registry[key]
    except KeyError:
        raise NotFound(f"no entry for {key!r}") from None


reg = {"x": 1}
print(find(reg, "x"))
try:
    find(reg, "y")
except NotFound as e:
    print(repr(e), e.__cause__, type(e.__context__).__name__, e.__suppress_context__)
find(reg, "z")
