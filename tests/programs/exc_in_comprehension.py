# Uncaught exception raised inside list/dict/set comprehensions and a generator expression.
data = {"a": 1, "b": 2, "c": 0}
print([10 // v for v in data.values() if v])
print({k: v * 2 for k, v in data.items()})
try:
    print({10 // v for v in data.values()})
except ZeroDivisionError as e:
    print("set comp:", e)
try:
    print(sum(int(s) for s in ["1", "2", "three"]))
except ValueError as e:
    print("genexpr:", e)
matrix = [[1, 2], [3, 4], [5]]
print([[row[j] for j in range(2)] for row in matrix])
