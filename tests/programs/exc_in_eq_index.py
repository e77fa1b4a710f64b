# Uncaught exception raised in a user __eq__ called by list.index (and caught ones from `in`, list.count, dict lookup).
class Item:
    def __init__(self, key):
        self.key = key

    def __eq__(self, other):
        if not isinstance(other, Item):
            raise TypeError(f"cannot compare Item with {type(other).__name__}")
        return self.key == other.key

    def __hash__(self):
        return hash(self.key)


items = [Item(1), Item(2), Item(3)]
print(items.index(Item(2)), Item(3) in items, items.count(Item(1)))
try:
    print("x" in items)
except TypeError as e:
    print("contains:", e)
d = {Item(1): "one"}
print(d[Item(1)])
try:
    d[1]
except (TypeError, KeyError) as e:
    print("dict:", type(e).__name__, e)
print(items.index(Item(4)) if False else "next")
mixed = [Item(1), 2.5]
print(mixed.index(2.5))
