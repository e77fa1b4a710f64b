# Uncaught exception raised in a sorted(key=) callback; min/max key errors caught first.
people = [("ann", 31), ("bob", 25), ("cy", None), ("dee", 40)]


def age_key(p):
    return p[1] + 0


print(sorted(people[:2], key=age_key))
try:
    max(people, key=age_key)
except TypeError as e:
    print("max:", e)
try:
    people.sort(key=lambda p: 1 / (p[1] or 0))
except ZeroDivisionError as e:
    print("list.sort:", e)
print(sorted(people, key=age_key))
