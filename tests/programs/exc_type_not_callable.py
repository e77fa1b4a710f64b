# Uncaught TypeError: 'int' object is not callable through a name, an attribute and a subscript.
class Box:
    size = 3


handlers = {"a": print, "b": 42}
for key in "ab":
    try:
        handlers[key]("called", key)
    except TypeError as e:
        print("caught:", e)
try:
    Box.size()
except TypeError as e:
    print("attr:", e)
try:
    None()
except TypeError as e:
    print("none:", e)
try:
    "str"(1)
except TypeError as e:
    print("str:", e)
result = 7
print(result(1, 2))
