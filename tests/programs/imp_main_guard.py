# __name__ == "__main__" in the script vs imported modules; `import __main__` is this module; __builtins__ kind.
import sys

import __main__
import pkgdemo.runme as runme

print("main is this module:", __main__ is sys.modules[__name__], __main__.__dict__ is globals())
print("runme.__name__:", runme.__name__)
print(type(__builtins__).__name__, type(runme.__builtins__).__name__)
print(sorted(k for k in globals() if k.startswith("__")))
print(__loader__ is not None, __spec__ is None, __doc__)
value = 10
print(__main__.value)


def main():
    print("main() called")
    return 0


if __name__ == "__main__":
    sys.exit(main())
