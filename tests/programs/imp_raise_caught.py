# A module that raises on import: the error is caught, the module is removed from sys.modules, re-import retries.
import sys
import traceback

for attempt in range(2):
    try:
        import pkgdemo.broken
    except KeyError as e:
        print("attempt", attempt, "KeyError:", e)
        print("in sys.modules:", "pkgdemo.broken" in sys.modules, "pkgdemo" in sys.modules)
        names = [fs.name for fs in traceback.extract_tb(e.__traceback__)]
        print("user frames:", [n for n in names if not n.startswith("_")])
        print("last line:", traceback.extract_tb(e.__traceback__)[-1].line)
import pkgdemo
print(hasattr(pkgdemo, "broken"))
