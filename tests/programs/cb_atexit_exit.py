# atexit handlers still run after sys.exit(2) and after a handler raises ("Exception ignored in atexit callback" + traceback); exit status 2.
import atexit
import sys


def h1():
    print("h1 runs last")


class BadHandler:
    def __repr__(self):
        return "<BadHandler>"

    def __call__(self):
        print("bad handler runs")
        raise RuntimeError("atexit failure")


atexit.register(h1)
atexit.register(BadHandler())
print("exiting with 2")
sys.exit(2)
