# Uncaught ModuleNotFoundError from a missing module; caught ImportError variants first.
try:
    import no_such_module_here
except ModuleNotFoundError as e:
    print("caught:", e, "| name:", e.name)
try:
    from os import no_such_name
except ImportError as e:
    print("from-import:", type(e).__name__, "| name:", e.name)
try:
    import os.no_such_sub
except ModuleNotFoundError as e:
    print("dotted:", e)
try:
    from helpers_missing.sub import thing
except ImportError as e:
    print("pkg:", type(e).__name__, e)
print(issubclass(ModuleNotFoundError, ImportError))


def load():
    import definitely_missing_module_xyz
    return definitely_missing_module_xyz


load()
