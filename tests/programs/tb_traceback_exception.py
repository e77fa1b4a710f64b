# traceback.TracebackException: stack, exc_type, chained __cause__, format(chain=...), and print_stack of the live stack.
import sys
import traceback


def deep(n):
    if n == 0:
        traceback.print_stack(file=sys.stdout, limit=3)
        print([fs.name for fs in traceback.extract_stack()][-4:])
        raise ArithmeticError("bottom")
    return deep(n - 1)


def wrapper():
    try:
        deep(2)
    except ArithmeticError as e:
        raise RuntimeError("wrapped") from e


try:
    wrapper()
except RuntimeError as e:
    te = traceback.TracebackException.from_exception(e)
    print(te.exc_type.__name__, str(te), len(te.stack))
    print(te.__cause__.exc_type.__name__, [fs.name for fs in te.__cause__.stack])
    print("".join(te.format(chain=False)), end="")
    print("===")
    print("".join(te.format()), end="")
    print("===")
    print("".join(te.format_exception_only()), end="")
    te2 = traceback.TracebackException(type(e), e, e.__traceback__, limit=1, capture_locals=True)
    print([sorted(fs.locals) if fs.locals else None for fs in te2.stack])
