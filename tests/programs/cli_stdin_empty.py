# With no `# stdin:` header stdin is empty: input() raises EOFError, uncaught (traceback, exit status 1).
import sys

print("reading:", repr(sys.stdin.read()))
value = input("value: ")
print("never", value)
