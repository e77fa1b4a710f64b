# The stack seen from inside an imported module's body: inspect.stack, sys._getframe(1), warnings stacklevel=2 (importlib frames skipped).
import warnings

warnings.simplefilter("always")


def do_import():
    import pkgdemo.stackprobe as probe
    return probe


probe = do_import()
print(probe.where())
import importlib
importlib.reload(probe)
print("reloaded")
