# __name__ == "__main__", __file__, sys.path[0] (the script's directory) and cwd, printed relative to the script's directory.
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
print(__name__, __name__ == "__main__")
print(os.path.isabs(__file__), os.path.relpath(__file__, HERE))
print(repr(os.path.relpath(sys.path[0], HERE)), os.path.isabs(sys.path[0]))
print(os.path.relpath(os.getcwd(), HERE))
print(sys.path[1:] == [p for p in sys.path if p != sys.path[0]][: len(sys.path) - 1])
print(all(os.path.isabs(p) for p in sys.path[1:] if p))
print(sys.flags.optimize, sys.flags.dont_write_bytecode, sys.flags.utf8_mode, sys.flags.interactive, sys.flags.isolated)
print(sys.argv[0] == __file__, __spec__, __cached__ if "__cached__" in dir() else "no __cached__")


def main():
    print("main() ran")
    return 3 if __debug__ else 4


if __name__ == "__main__":
    sys.exit(main())
