# stdin: first line\nsecond line\n\nfourth après\nno newline at end
# sys.stdin.readline / iteration / read(): exact content of the `# stdin:` header, encoding and EOF behaviour.
import sys

print(sys.stdin.encoding, sys.stdin.isatty(), sys.stdin.readable())
print(repr(sys.stdin.readline()))
count = 0
for line in sys.stdin:
    count += 1
    print(count, repr(line))
    if count == 2:
        break
rest = sys.stdin.read()
print("rest:", repr(rest))
print("after EOF:", repr(sys.stdin.read()), repr(sys.stdin.readline()))
