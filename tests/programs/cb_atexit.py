# atexit handlers run at exit in LIFO order with their arguments; unregister; output after the main program.
import atexit
import sys


def goodbye(name, punct="!"):
    print(f"goodbye {name}{punct}")


def flush_report(items):
    print("report:", items)


items = []
atexit.register(goodbye, "first")
atexit.register(flush_report, items)
atexit.register(goodbye, "second", punct="?")


@atexit.register
def decorated():
    print("decorated handler, stderr too")
    print("to stderr at exit", file=sys.stderr)


def removed():
    print("should not run")


atexit.register(removed)
atexit.unregister(removed)
items.extend([1, 2, 3])
print("main program done")
