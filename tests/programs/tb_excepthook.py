# sys.excepthook replaced by user code: it formats the uncaught exception itself (exit status stays 1).
import sys
import traceback


def my_hook(etype, value, tb):
    print("custom hook:", etype.__name__, value)
    frames = traceback.extract_tb(tb)
    for fs in frames:
        print(f"  at {fs.name} line {fs.lineno}: {fs.line}")
    print("cause:", repr(value.__cause__))
    sys.stdout.flush()


sys.excepthook = my_hook


def fail():
    try:
        return [][0]
    except IndexError as e:
        raise LookupError("wrapped") from e


print("start")
print(sys.excepthook is my_hook, sys.__excepthook__ is not my_hook)
fail()
