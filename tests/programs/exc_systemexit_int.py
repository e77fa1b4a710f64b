# Uncaught SystemExit(4) raised directly: no traceback, exit status 4; finally blocks run first.
import sys

try:
    raise SystemExit(0)
except SystemExit as e:
    print("caught code", e.code, repr(e))
try:
    sys.exit()
except SystemExit as e:
    print("caught none", e.code)
try:
    print("leaving")
    raise SystemExit(4)
finally:
    print("finally runs")
    sys.stdout.flush()
