# Uncaught FileNotFoundError from open(); caught OSError subclasses and their errno/strerror/filename.
import errno
import os

try:
    open("missing_file_for_test.txt")
except FileNotFoundError as e:
    print("caught:", e.errno == errno.ENOENT, e.strerror, e.filename)
try:
    os.listdir("no_such_dir_here")
except OSError as e:
    print("listdir:", type(e).__name__, e)
try:
    os.rmdir(".")
except OSError as e:
    print("rmdir:", isinstance(e, OSError))
print(OSError(2, "No such file or directory", "x.txt"))
print(type(OSError(2, "x")).__name__)


def read_config(name):
    with open(name) as fh:
        return fh.read()


read_config("config_that_does_not_exist.ini")
