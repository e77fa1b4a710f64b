# Uncaught errors in multi-line expressions: CPython 3.11 shows every line and ^^^^ markers.
def get(mapping, key):
    return mapping[key]


config = {"a": {"b": None}}
try:
    value = (get(config, "a")
             ["b"]
             ["c"])
except TypeError as e:
    print("caught:", e)

numbers = [1, 2, 3]
result = (numbers[0] +
          numbers[1] *
          get(config,
              "missing") +
          numbers[2])
