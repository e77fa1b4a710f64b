# Uncaught exception raised inside a decorator: at decoration time (caught) and in its wrapper at call time.
import functools


def strict(func):
    if not func.__doc__:
        raise TypeError(f"{func.__name__} needs a docstring")
    return func


def checked(limit):
    def deco(func):
        @functools.wraps(func)
        def wrapper(*args):
            for a in args:
                if a > limit:
                    raise ValueError(f"{func.__name__}: argument {a} > {limit}")
            return func(*args)
        return wrapper
    return deco


try:
    @strict
    def undocumented():
        pass
except TypeError as e:
    print("decoration:", e)


@checked(10)
def add(a, b):
    """Add."""
    return a + b


print(add(2, 3), add.__name__, add.__doc__)
print(add(5, 50))
