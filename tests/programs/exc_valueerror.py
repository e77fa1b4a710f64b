# Uncaught ValueError from int(); caught ValueErrors from unpacking, list.index, float, math.
import math

for text in ["12", " 7 ", "0x1f", "1e3", "abc", ""]:
    try:
        print(repr(text), int(text))
    except ValueError as e:
        print("int:", e)
for text in ["1.5", "nan", "1,5"]:
    try:
        print(float(text))
    except ValueError as e:
        print("float:", e)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("unpack:", e)
try:
    a, b, c = [1]
except ValueError as e:
    print("unpack:", e)
try:
    [1, 2].index(5)
except ValueError as e:
    print("index:", e)
try:
    math.sqrt(-1)
except ValueError as e:
    print("math:", e)
try:
    "a b".split("")
except ValueError as e:
    print("split:", e)


def parse(s):
    return int(s, base=8)


print(parse("17"))
print(parse("19"))
