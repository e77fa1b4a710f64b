"""`python -m pkgdemo` runs this."""
import sys

import pkgdemo

print("pkgdemo.__main__: __name__ =", __name__, "| __package__ =", __package__)
print("describe:", pkgdemo.describe(), "| argv[1:] =", sys.argv[1:])
