# args: one "two words" --flag=3 -x '' ünïcode
# sys.argv from the `# args:` header: argv[0] is the script path as given, the rest verbatim (quotes, empty, unicode).
import os
import sys

print(len(sys.argv))
print(os.path.isabs(sys.argv[0]), os.path.basename(sys.argv[0]), sys.argv[0] == __file__)
for i, a in enumerate(sys.argv[1:], 1):
    print(i, repr(a))
print(sys.argv[1:])
