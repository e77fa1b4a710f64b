# Uncaught SystemExit(None) and SystemExit with a non-int non-str code (printed to stderr, exit 1).
import sys

try:
    raise SystemExit(None)
except SystemExit as e:
    print("none code:", e.code)
try:
    raise SystemExit(1, 2)
except SystemExit as e:
    print("tuple code:", e.code)
print("exit with a list")
sys.stdout.flush()
raise SystemExit([1, "two"])
