# SystemExit raised in a finally clause overrides a pending exception; exception in except overrides exit code.
import sys


def work():
    try:
        return 1 / 0
    finally:
        sys.exit(7)


try:
    work()
except SystemExit as e:
    print("caught exit", e.code, "context:", type(e.__context__).__name__)
try:
    try:
        sys.exit(2)
    finally:
        print("cleanup")
except SystemExit as e:
    print("exit code", e.code)


def final():
    for i in range(3):
        try:
            if i == 2:
                sys.exit(5)
        finally:
            print("iteration", i)


final()
