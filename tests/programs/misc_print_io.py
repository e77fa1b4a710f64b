# stdin: first line\nsecond line\n42\n
"""print with sep/end/file=sys.stderr/flush, writing to StringIO, sys.stdout.write, input() from stdin, repr of recursive structures."""
import sys
import io
print("a", "b", "c", sep="-", end="!\n")
print("no newline", end="")
print(" continued")
print()
print("multi", "args", 1, 2.5, None, True, [1], {"k": "v"}, sep=" | ")
print("to stderr", file=sys.stderr)
print("stderr again", 123, sep=":", file=sys.stderr, flush=True)
buf = io.StringIO()
print("into", "buffer", sep="_", file=buf)
print(repr(buf.getvalue()))
sys.stdout.write("direct write\n")
n = sys.stdout.write("x" * 3 + "\n")
print("wrote", n)
sys.stderr.write("direct stderr write\n")
line1 = input()
line2 = input("prompt> ")
num = int(input())
print(repr(line1), repr(line2), num * 2)
try:
    input()
except EOFError as e:
    print("EOFError", repr(str(e)))
lst = [1, 2]
lst.append(lst)
print(lst, repr(lst))
d = {"self": None}
d["self"] = d
print(d)
a = [1]
b = [a, a]
print(b)
t = ([],)
t[0].append(t)
print(t)
class Node:
    def __init__(self):
        self.children = []
    def __repr__(self):
        return f"Node({self.children!r})"
root = Node()
root.children.append(Node())
print(root, [root, root])
print(sep="?")
print(*range(10), sep="")
print("%s" % [lst], str(d)[:20])
for i in range(3000):
    if i % 1000 == 0:
        print("progress", i, file=sys.stderr)
    buf.write(str(i % 10))
print(len(buf.getvalue()), buf.getvalue()[-10:])
print("unicode: é ñ 中文 🎉", file=sys.stdout)
print("end of program", end="\n\n")
