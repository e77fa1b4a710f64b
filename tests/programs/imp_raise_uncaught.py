# A module that raises on import, uncaught: the traceback shows the import line then the module's frames.
import pkgdemo

print("package ok:", pkgdemo.VERSION)
from pkgdemo import broken
