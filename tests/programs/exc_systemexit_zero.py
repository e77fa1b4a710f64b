# Uncaught SystemExit(None) through sys.exit() from a nested call: exit status 0, no output on stderr.
import sys


def inner():
    print("inner exiting")
    sys.exit()


def outer():
    try:
        inner()
    finally:
        print("outer finally")


outer()
print("never printed")
