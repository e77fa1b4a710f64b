# sys.exit(3) from inside nested functions and a finally block: the exit status is 3, with-blocks and finally run.
import contextlib
import sys


@contextlib.contextmanager
def section(name):
    print("enter", name)
    try:
        yield
    finally:
        print("exit", name)


def deepest():
    with section("deepest"):
        try:
            raise ValueError("replaced by exit")
        finally:
            print("about to exit")
            sys.exit(3)


def middle():
    try:
        deepest()
    except ValueError:
        print("not reached")


with section("outer"):
    middle()
