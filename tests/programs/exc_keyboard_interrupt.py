# Uncaught KeyboardInterrupt from `raise KeyboardInterrupt`: traceback, then the process dies by SIGINT.
import sys


def long_task():
    for i in range(3):
        print("step", i)
        if i == 2:
            raise KeyboardInterrupt


try:
    raise KeyboardInterrupt("caught one")
except KeyboardInterrupt as e:
    print("caught:", repr(e), isinstance(e, Exception), isinstance(e, BaseException))
sys.stdout.flush()
long_task()
